"""The customers whose visits were left out of a saved calendar because some of their rows
were damaged in another program (:mod:`planner._store_calendar`), until the calendar is
built again.

The plan remembers them in its meta (saved with it, so a plan saved before the rebuild
still knows them): per customer, its visits whose territory, week and weekday still read.
A rebuild keeping the visit days treats those visits as part of the previous calendar — the
customer keeps that day, and is told only if its day changes — and a customer none of whose
rows said where it was is told that its previous day is unknown, not that it is visited for
the first time. Until then the figures count these customers apart from those the calendar
had no room for (:func:`damaged_customers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from planner import model as m

#: The plan meta key: ``{customer id: {"visits": [[territory, week, day, date, moved_from],
#: …], "rows": its rows in the saved calendar}}``
#: (:func:`planner._store_calendar.readable_visits`).
DAMAGED_KEY = "schedule_damaged_out"


def _saved(plan: m.Plan) -> dict[str, Mapping[str, Any]]:
    """The meta's entries of the customers still in the plan."""
    saved = (plan.meta or {}).get(DAMAGED_KEY) or {}
    if not isinstance(saved, Mapping) or not saved:
        return {}
    known = set(plan.customers[m.CUSTOMER_ID].astype(str))
    return {str(k): v for k, v in saved.items() if str(k) in known and isinstance(v, Mapping)}


def damaged_out(plan: m.Plan) -> dict[str, list[list[Any]]]:
    """The customers of the plan whose visits were left out of the saved calendar for its
    damaged rows, with their visits that still read (none when their day was lost)."""
    return {cid: list(v.get("visits") or []) for cid, v in _saved(plan).items()}


def partly_read(plan: m.Plan) -> set[str]:
    """The customers :func:`damaged_out` names some of whose rows did not say where the
    visit was: how often they were visited cannot be told from the others."""
    return {cid for cid, v in _saved(plan).items()
            if len(v.get("visits") or []) < int(v.get("rows") or 0)}


def damaged_customers(plan: m.Plan) -> pd.DataFrame:
    """The customers :func:`damaged_out` names, with their territory in the plan now
    (columns ``customer_id``, ``territory``), for the figures to count them."""
    out = damaged_out(plan)
    c = plan.customers
    ids = c[m.CUSTOMER_ID].astype(str)
    rows = c[ids.isin(list(out)).to_numpy()].drop_duplicates(m.CUSTOMER_ID)
    return pd.DataFrame({"customer_id": rows[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object),
                         "territory": rows[m.TERRITORY].astype(str).to_numpy(dtype=object)})


def lost_days(plan: m.Plan) -> set[str]:
    """The customers :func:`damaged_out` names none of whose rows said where it was."""
    return {cid for cid, visits in damaged_out(plan).items() if not visits}


def previous_calendar(plan: m.Plan, *, rhythm: bool = False) -> m.Plan:
    """``plan`` with its calendar as it was before the damage, as far as it reads: the
    calendar with the left-out customers' readable visits put back (their times unknown),
    the calendar a rebuild keeps the days of and tells the changes against. ``rhythm``:
    only the customers all of whose rows read (the others' weeks between visits are
    unknown, not longer)."""
    out = damaged_out(plan)
    if rhythm:
        out = {cid: v for cid, v in out.items() if cid not in partly_read(plan)}
    visits = [[cid, *visit] for cid, rows in out.items() for visit in rows]
    if not visits or plan.schedule is None:
        return plan
    extra = pd.DataFrame(visits, columns=["customer_id", "territory", "week", "day", "date",
                                          "moved_from"]).astype({"week": "int64"})
    schedule = plan.schedule
    if "date" not in schedule.columns:
        extra = extra.drop(columns=["date", "moved_from"])
    elif "moved_from" not in schedule.columns:
        extra = extra.drop(columns=["moved_from"])
    return plan.replace(schedule=pd.concat([schedule, extra], ignore_index=True))
