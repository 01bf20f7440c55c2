"""Of a calendar's customers: how important each is (who is left out first when the days
cannot hold every visit) and whose visit days are their own wish rather than a hand move."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from planner import model as m
from planner.closed_days import split_days
from planner.frequency import normalise_rank


def typed_days(customers: pd.DataFrame) -> np.ndarray:
    """Per customer: True when it has visit days (訪問曜日) typed in the list or Edit customer
    (the customer's wish), False when none or when a hand move in the calendar set them
    (:data:`planner.model.HAND_DAYS`, the manager's choice; a plan saved before the column
    existed has none)."""
    visit = customers[m.VISIT_DAYS].to_numpy(dtype=object)
    hand = (customers[m.HAND_DAYS].to_numpy(dtype=object) if m.HAND_DAYS in customers
            else np.full(len(customers), "", dtype=object))
    return np.array([bool(split_days(v)) and split_days(v) != split_days(h)
                     for v, h in zip(visit, hand, strict=True)], dtype=bool)


def importance_order(
    rank: np.ndarray, sales: np.ndarray, freq: np.ndarray, first: Collection[int] = ()
) -> np.ndarray:
    """Each customer's importance as a number, higher for a bigger account: the rank first
    (A before B before C …, a customer without one after every rank), then the sales, then
    the visit frequency. Equal customers get equal numbers. When the working days cannot
    hold every visit, the calendar leaves out the least important first. ``first``: rows
    of customers that come before every other customer of their rank (the previous period
    did not visit them: :mod:`planner._schedule_roll`)."""
    names = [normalise_rank(r) for r in rank]
    ranks = sorted(set(names) - {"", "NAN", "NONE"})
    level = {r: len(ranks) - k for k, r in enumerate(ranks)}  # A highest; no rank: 0
    ahead = set(first)
    keys = [
        (level.get(r, 0), k in ahead, float(s) if np.isfinite(s) else 0.0,
         float(f) if np.isfinite(f) else 0.0)
        for k, (r, s, f) in enumerate(zip(names, sales, freq, strict=True))
    ]
    order = {key: n for n, key in enumerate(sorted(set(keys)))}
    return np.array([order[key] for key in keys], dtype=np.int64)
