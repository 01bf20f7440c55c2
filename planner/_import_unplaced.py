"""The import report's first sentence when customers are left without a position: how many,
why (the address search could not be reached, or no lookup was asked) and how to look them
up later. Each row's reason stays in the per-row list; this is the one notice a manager reads
first, after a list without coordinates was imported offline and none of it is placed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner import model as m
from planner.i18n import N_, sentences, tr, trn

#: The command that looks the positions up later, in the window (the File menu's update,
#: with its lookup box ticked).
WINDOW_CURE = N_(
    'Connect to the internet, then choose File → Update customers from spreadsheet… with the '
    'same list and tick "Find positions of new customers, new addresses and customers '
    'without one".'
)


def unplaced_rows(customers: pd.DataFrame, *, searched: bool,
                  unreached: int = 0) -> tuple[int, bool]:
    """(how many customers with an address have no position and could be looked up later,
    when no customer of the list has one (a first import of a list without coordinates),
    whether it is because the address search could not be reached). ``unreached``: the
    geocoder's count of rows it could not reach the search for
    (:attr:`planner.spreadsheet.ImportResult.unreached`). With ``searched`` only those rows
    count (an address it did not find is told row by row, with its own cure)."""
    if not len(customers) or m.ADDRESS not in customers:
        return 0, False
    if m.located_mask(customers).any():  # some placed: the rest is told row by row (and
        return 0, False  # new shops are placed at their 丁目's customers)
    addressed = customers[m.ADDRESS].fillna("").astype(str).str.strip().to_numpy() != ""
    if unreached > 0:
        return min(int(unreached), int(np.count_nonzero(addressed))), True
    return (0, False) if searched else (int(np.count_nonzero(addressed)), False)


def unplaced_text(customers: pd.DataFrame, *, searched: bool, cure: str,
                  unreached: int = 0) -> str:
    """"1,500 customers have no position on the map (…). ``cure``", or "" when some
    customer has a position (``unreached``: as :func:`unplaced_rows`)."""
    n, offline = unplaced_rows(customers, searched=searched, unreached=unreached)
    if not n:
        return ""
    if offline:
        said = trn("{n} customer has no position on the map (the address search could not "
                   "be reached).",
                   "{n} customers have no position on the map (the address search could not "
                   "be reached).", n, n=f"{n:,}")
    else:
        said = trn("{n} customer has no position on the map (the list has no coordinates and "
                   "the addresses were not looked up).",
                   "{n} customers have no position on the map (the list has no coordinates "
                   "and the addresses were not looked up).", n, n=f"{n:,}")
    return sentences(said, cure)


def command_cure(plan: str, sheet: str, provider: str) -> str:
    """The cure of the command line: the update that looks the positions up."""
    import shlex

    return tr("Connect to the internet, then run: territory-planner update {plan} {sheet} "
              "--geocode {provider}", plan=shlex.quote(plan), sheet=shlex.quote(sheet),
              provider=provider)
