"""Which customers the Customers list shows, and in what order: its filters (unassigned,
not on the map, not in the calendar — all, to fix, no room —, moved for a holiday …) and each column's sort key (weekdays in week order,
names by their reading, hours by opening time), on numpy arrays of the plan's columns so
that 100,000 customers filter and sort without a pause (:mod:`planner.ui.customer_model`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Set
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_once import one_off_moves
from planner._geocode_nearby import approximate_mask
from planner._schedule_off import skipped_visits
from planner._schedule_told import changed_customers
from planner._update_changes import PREVIOUS
from planner.closed_days import split_days
from planner.kana import name_sort_keys
from planner.maps.data import visit_day_groups
from planner.unscheduled_groups import Group, customer_groups
from planner.update import last_update
from planner.visit_times import visits_outside_hours, window_minutes
from planner.visit_weeks import week_number

_NOT_DIGIT = re.compile(r"[^0-9]")

#: columns holding a set of weekdays (shown and sorted alike)
DAY_SETS = (m.CLOSED_DAYS, m.VISIT_DAYS)

#: filter keys understood by :meth:`CustomerTableModel.set_filter`
FILTERS = ("all", "unassigned", "unlocated", "approximate", "problems", "locked", "unscheduled",
           "unscheduled_fix", "unscheduled_room", "day_changed", "holidays", "outside_hours",
           "updated", "selected")

#: The filters of customers not in the calendar: all of them, those a change to the customer
#: lets in (visiting hours, position …), those no day had room for.
UNSCHEDULED = {"unscheduled": None, "unscheduled_fix": Group.FIX,
               "unscheduled_room": Group.ROOM}


def filter_mask(plan: m.Plan, key: str, selection: Set[str]) -> np.ndarray:
    """The customers (rows of the plan) the filter ``key`` of :data:`FILTERS` keeps
    (``selection``: the selected customers, for "selected")."""
    c = plan.customers
    mask = np.ones(len(c), dtype=bool)
    if key == "unassigned":
        mask &= (c[m.TERRITORY] == "").to_numpy()
    elif key == "unlocated":
        mask &= ~m.located_mask(c)
    elif key == "approximate":  # placed at the customers of its 丁目, town …: to confirm
        # (or left at the previous address's position, the new one not located yet)
        previous = c[m.GEOCODE].fillna("").astype(str).to_numpy() == PREVIOUS
        mask &= approximate_mask(c) | (previous & m.located_mask(c))
    elif key == "problems":
        mask &= (c[m.PROBLEMS] != "").to_numpy()
    elif key == "locked":
        mask &= c[m.LOCKED].to_numpy(dtype=bool)
    elif key == "selected":
        mask &= c[m.CUSTOMER_ID].isin(list(selection)).to_numpy()
    elif key in UNSCHEDULED:  # all of them, or those of one group (to fix, no room)
        wanted = UNSCHEDULED[key]
        ids = [cid for cid, group in customer_groups(plan.unscheduled).items()
               if wanted is None or group == wanted]
        mask &= c[m.CUSTOMER_ID].astype(str).isin(ids).to_numpy()
    elif key == "day_changed":  # the last build gave them another day or week
        changed = changed_customers(plan)
        mask &= c[m.CUSTOMER_ID].astype(str).isin(list(changed)).to_numpy()
    elif key == "updated":  # the last update from a revised list added or changed
        last = last_update(plan)
        mask &= c[m.CUSTOMER_ID].astype(str).isin(last["added"] + last["changed"]).to_numpy()
    elif key == "holidays":  # a visit moved or left out for a holiday or day off
        s = plan.schedule
        once = one_off_moves(plan)  # moved by hand for one day only: not a holiday's
        moved = [] if s is None or "moved_from" not in s else [
            cid for cid, was in zip(s["customer_id"].astype(str), s["moved_from"].astype(str),
                                    strict=True) if was and (cid, was) not in once]
        skipped = list(skipped_visits(plan)["customer_id"])
        mask &= c[m.CUSTOMER_ID].isin(moved + skipped).to_numpy()
    elif key == "outside_hours":  # a hand edit put a visit outside their hours
        s = plan.schedule
        late = [] if s is None else s.loc[visits_outside_hours(c, s), "customer_id"]
        mask &= c[m.CUSTOMER_ID].isin(list(late)).to_numpy()
    return mask


def sort_values(
    plan: m.Plan, key: str, rows: np.ndarray, *,
    territory_names: Callable[[], dict[str, str]],
    calendar_days: Callable[[], np.ndarray],
    name_keys: Callable[[], np.ndarray],
) -> np.ndarray:
    """The values ``rows`` (of the plan) sort by in the column ``key`` (the callables give
    the list's cached territory names, visit-day words and name sort keys)."""
    c = plan.customers
    if key == "located":
        values = m.located_mask(c)[rows].astype(np.int8)
    elif key == "calendar":  # by weekday (Monday's customers first), none last
        groups = visit_day_groups(plan)[rows].astype(np.int64)
        groups[groups < 0] = 99
        values = np.char.add(np.char.zfill(groups.astype(str), 2),
                             calendar_days()[rows].astype(str))
    elif key == m.TERRITORY:
        names = territory_names()
        labels = np.array([*names.values(), "\uffff"], dtype=object)  # unassigned last
        where = pd.Index(list(names)).get_indexer(c[m.TERRITORY].to_numpy()[rows])
        values = labels[where]
    elif key in DAY_SETS:  # in week order: Mon before Tue …, no day first
        codes, uniques = pd.factorize(c[key].to_numpy()[rows])
        week_keys = [
            "".join(str(k) for k, d in enumerate(m.WEEKDAYS) if d in split_days(u))
            for u in uniques
        ]
        values = np.array([*week_keys, ""], dtype=object)[codes]
    elif key == m.VISIT_WEEK:  # by week number, free first
        values = np.array([week_number(v) for v in c[key].to_numpy()[rows]], dtype=np.int64)
    elif key == m.VISIT_TIME:  # by opening, then closing time, any time first
        values = np.array([hours_key(v) for v in c[key].to_numpy()[rows]], dtype=np.int64)
    elif key == m.NAME:  # 五十音順 by the reading where the list gives one
        values = name_keys()[rows]
    elif key == m.PHONE:  # by its digits however written (０３（１２３４）… with 03-1234-…)
        values = np.array([_NOT_DIGIT.sub("", unicodedata.normalize("NFKC", str(v)))
                           for v in c[m.PHONE].to_numpy()[rows]], dtype=object)
    else:
        values = c[key].to_numpy()[rows]
    return values


def hours_key(value: Any) -> int:
    """Sort key of stored visiting hours: opening, then closing time; -1 = any time."""
    window = window_minutes(value)
    if window is None:
        return -1
    return int(window[0]) * 10_000 + int(window[1])


def sort_keys_kept(
    before: m.Plan, plan: m.Plan, key: str, rows: np.ndarray, *,
    territory_names: Callable[[], dict[str, str]],
) -> bool:
    """Whether the customers at ``rows`` sort by the same values in the column ``key`` in
    ``plan`` as in ``before``: after an edit of those customers alone the list's order stays.
    The calendar's words are the list's own (not of ``before``): not told, False."""
    if key == "calendar":
        return False
    if key == m.NAME:
        def keys(p: m.Plan) -> np.ndarray:
            c = p.customers.iloc[rows]
            return name_sort_keys(c[m.NAME], c[m.NAME_KANA])
        return bool(pd.Series(keys(before)).equals(pd.Series(keys(plan))))

    def values(p: m.Plan) -> pd.Series:
        return pd.Series(sort_values(p, key, rows, territory_names=territory_names,
                                     calendar_days=_unused, name_keys=_unused))
    return bool(values(before).equals(values(plan)))


def _unused() -> np.ndarray:
    raise AssertionError("not read for this column")


def row_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive ``rows`` (ascending view rows)."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate([[rows[0]], rows[breaks + 1]])
    ends = np.concatenate([rows[breaks], [rows[-1]]])
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]
