"""Each customer's planned visits as the shared map's popup tells them to a rep on a phone.

The rep opens the map on the road and taps a shop: which day it is visited, the how-many-th
stop of that day and at what time (``12/7(月) 1番目 09:07``), as the route sheet and the
phone calendar number them, so the map and the day's list agree.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from planner import model as m
from planner.export.common import day_label
from planner.i18n import tr


def visit_stop_texts(plan: m.Plan, ids: np.ndarray) -> list[list[str]]:
    """Per customer of ``ids`` (customer codes), its visits in calendar order, one text
    each: date (or week and weekday when the calendar has no dates), stop number and
    arrival; none for a customer without visits."""
    out: dict[str, list[tuple[tuple[object, ...], str]]] = {}
    s = plan.schedule
    if s is not None and not s.empty:
        dates = (s["date"].astype(str).to_numpy() if "date" in s
                 else np.full(len(s), "", dtype=object))
        order = {d: k for k, d in enumerate(m.WEEKDAYS)}
        rows = zip(s["customer_id"].astype(str), s["week"], s["day"].astype(str), s["seq"],
                   s["arrival"].astype(str), dates, strict=True)
        for cid, week, day, seq, arrival, date in rows:
            if date:
                d = dt.date.fromisoformat(date)
                when = f"{d.month}/{d.day}({day_label(day)})"
            else:
                when = f"{tr('Week {week}', week=int(week))} {day_label(day)}"
            text = tr("{when} stop {n} at {time}", when=when, n=int(seq), time=arrival)
            key = (int(week), order.get(day, 9), int(seq))
            out.setdefault(cid, []).append((key, text))
    return [[text for _key, text in sorted(out.get(str(cid), []))] for cid in ids]


__all__ = ["visit_stop_texts"]
