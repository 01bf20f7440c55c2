"""Customers a list may give twice under different codes: ㈱みどり and 株式会社みどり at one
address, typed in by two people. Both are imported as listed (the office knows which is
right); the import report names their codes in a note."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from planner._geocode_address import normalize_address
from planner.cells import text_key
from planner.i18n import listing, tr

#: A legal form's short spellings (after NFKC: ㈱ and （株） are "(株)") and the word itself.
_LEGAL_SHORT = {"(株)": "株式会社", "(有)": "有限会社", "(同)": "合同会社", "(資)": "合資会社",
                "(名)": "合名会社"}
_LEGAL = re.compile("|".join(re.escape(k) for k in _LEGAL_SHORT))


def name_key(name: str) -> str:
    """A customer's name as compared for a possible duplicate: full and half width, spaces,
    case and variant kanji folded (:func:`planner.cells.text_key`), and ㈱, (株) and （株）
    read as 株式会社 (有限会社 and the others alike), where they stand."""
    return _LEGAL.sub(lambda m: _LEGAL_SHORT[m.group(0)], text_key(name))


def address_key(address: str) -> str:
    """An address as compared for a possible duplicate: the geocoder's key (numbers and
    丁目 forms as 3-2-1, no postal code or building: :func:`normalize_address`), folded as
    :func:`planner.cells.text_key` folds names; the text itself when it has no key."""
    return text_key(normalize_address(address) or address)


def possible_duplicates(
    codes: np.ndarray, listed: np.ndarray, names: np.ndarray, addresses: np.ndarray,
    kept: np.ndarray, header: str,
) -> list[tuple[int, str, str, str]]:
    """A note (row index, column, value, reason) on the first of each group of imported
    rows with the same name (:func:`name_key`) at the same address (:func:`address_key`)
    under different codes (``listed``: the codes as the list gives them, "" where it gives
    none; ``codes``: as imported). A code given twice is reported as such, not here."""
    rows = np.flatnonzero(kept & (names != "") & (addresses != ""))
    if len(rows) < 2:
        return []
    keys = pd.Series([name_key(str(names[i])) + "\x00" + address_key(str(addresses[i]))
                      for i in rows], dtype=object)
    twice = keys.duplicated(keep=False).to_numpy()
    notes = []
    for _key, group in pd.Series(rows[twice]).groupby(keys[twice].to_numpy(), sort=False):
        at = group.to_numpy()
        if len({str(listed[i]) or str(codes[i]) for i in at}) < 2:
            continue  # one code given twice: said so already
        first = int(at[0])
        notes.append((first, header, str(names[first]), tr(
            "{customers} have the same name and address ({address}): perhaps one customer "
            "listed more than once. All are imported as listed.",
            customers=listing(f"{codes[i]} {names[i]}" for i in at),
            address=str(addresses[first]))))
    return sorted(notes)
