"""A hand move (:class:`planner._calendar_edits.MoveVisits`) and the visits a closed day left
out: they belong to the series that moves.

A weekly Thursday customer whose 12/31 visit the year-end closure left out, moved to
Tuesdays, has lost the visit of Tuesday 12/29 — still closed — not that of Thursday 12/31:
its visit days then read 毎週 火, and the rep tells it at the visit before that 12/29 has no
visit. Moved onto a day of that week that is open (Monday 12/28), the visit is back in the
calendar on it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from planner import model as m
from planner._schedule_dates import first_monday
from planner._schedule_off import SKIPPED_KEY
from planner.days_off import closed_cells
from planner.i18n import tr


def carried_skipped(
    plan: m.Plan,
    moved_rows: pd.DataFrame,
    source: tuple[int, str],
    target: tuple[int, str],
    weeks: int,
) -> tuple[list[list[str]] | None, pd.DataFrame]:
    """The left-out visits (``meta[SKIPPED_KEY]``) with those of the moved customers'
    series on the new weekday (None: none of them moves), and the visits to put back in the
    calendar because their new date is open (rows shaped as ``moved_rows``, one of each
    customer's moved visits, on the new week and day)."""
    rows = (plan.meta or {}).get(SKIPPED_KEY) or []
    monday = first_monday(plan.settings)
    empty = moved_rows.iloc[0:0]
    if not rows or monday is None or moved_rows.empty:
        return None, empty
    (src_week, src_day), (dst_week, dst_day) = source, target
    shift = int(dst_week) - int(src_week)
    sample = moved_rows.drop_duplicates("customer_id").set_index(
        moved_rows.drop_duplicates("customer_id")["customer_id"].astype(str))
    cells: dict[str, dict[tuple[int, int], tuple[str, str, str]]] = {}
    kept: list[list[str]] = []
    back: list[pd.Series] = []
    changed = False
    for row in rows:
        cid, territory, iso = str(row[0]), str(row[1]), str(row[2])
        date = dt.date.fromisoformat(iso)
        week = (date - monday).days // 7 + 1
        if (cid not in sample.index or m.WEEKDAYS[date.weekday()] != src_day
                or not 1 <= week <= weeks or territory not in plan.territory_ids):
            kept.append(list(row))
            continue
        changed = True
        new_week = (week - 1 + shift) % weeks + 1
        new_date = monday + dt.timedelta(weeks=new_week - 1, days=m.WEEKDAYS.index(dst_day))
        if territory not in cells:
            cells[territory] = closed_cells(plan.territory(territory), plan.settings, weeks,
                                            m.WEEKDAYS)
        closed = cells[territory].get((new_week - 1, m.WEEKDAYS.index(dst_day)))
        if closed is None:  # an open day: the visit is back
            visit = sample.loc[cid].copy()
            visit["week"], visit["day"] = new_week, dst_day
            if "moved_from" in visit:
                visit["moved_from"] = ""
            back.append(visit)
            continue
        kept.append([cid, territory, new_date.isoformat(), tr(
            "The visit of {date} falls on {what}; its visits were moved to this weekday by "
            "hand.", date=new_date.isoformat(), what=closed[2])])
    if not changed:
        return None, empty
    return kept, pd.DataFrame(back, columns=moved_rows.columns) if back else empty
