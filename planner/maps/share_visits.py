"""Each customer's planned visits as the shared map's popup tells them to a rep on a phone.

The rep opens the map on the road and taps a shop: which day it is visited, the how-many-th
stop of that day and at what time (``12/7(月) 1番目 09:07着``), as the route sheet and the
phone calendar number them, so the map and the day's list agree.

The page gets them compact and words them itself (:func:`visit_stops`): per customer its
visits as numbers — the day's label and the arrival as indices into two short tables, the
stop number as it is. Written out as text per visit, the 100,000-customer map grew from 19
to 27 MB and took three times as long to write; the tables hold at most a cycle's days and
a day's clock times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_once import day_text
from planner.export.common import day_label
from planner.i18n import tr


def visit_stops(plan: m.Plan, ids: np.ndarray) -> dict[str, Any]:
    """The visits of the customers ``ids`` (codes) for the page: ``{"days": [labels],
    "times": [arrivals], "visits": [[day, stop, time, day, stop, time, …] per customer]}``
    in calendar order (``day`` and ``time`` index the two tables; none for a customer
    without visits), ``"keys"``: each day as a link names it (:func:`day_slots`),
    ``"format"``: the text of one visit (``{when} {n}番目 {time}着``), and ``"moved"``: the
    day each visit moved off, worded by ``"moved_format"`` (:func:`_moved_from`)."""
    out: dict[str, Any] = {"format": tr("{when} stop {n} at {time}"), "days": [], "keys": [],
                           "times": [], "visits": [[] for _ in range(len(ids))],
                           "moved_format": tr("{visit} (moved from {date})"), "moved": {}}
    s = plan.schedule
    if s is None or s.empty:
        return out
    seq = s["seq"].to_numpy(dtype=np.int64)
    slot, slot_code, labels, keys = day_slots(s)
    time_code, times = pd.factorize(s["arrival"].astype(str).to_numpy(dtype=object))
    # the rows in calendar order, grouped by customer
    index: dict[str, int] = {}
    for k, cid in enumerate(ids):
        index.setdefault(str(cid), k)
    where = np.fromiter((index.get(c, -1) for c in s["customer_id"].astype(str)),
                        dtype=np.int64, count=len(s))
    keep = np.flatnonzero(where >= 0)
    keep = keep[np.lexsort((seq[keep], slot[keep], where[keep]))]
    rows = np.column_stack((slot_code[keep], seq[keep], time_code[keep])).astype(np.int64)
    starts = np.searchsorted(where[keep], np.arange(len(ids) + 1))
    flat = rows.ravel().tolist()
    out["visits"] = [flat[3 * a:3 * b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
    out["days"] = labels
    out["keys"] = keys
    out["times"] = [str(t) for t in times]
    out["moved"] = _moved_from(s, keep, where, starts)
    return out


def _moved_from(s: pd.DataFrame, keep: np.ndarray, where: np.ndarray,
                starts: np.ndarray) -> dict[str, list[str]]:
    """The day each visit moved off (a holiday's, a hand move's) as its label, per customer
    index with one such visit at least (``{"12": ["", "12/31(木)"]}``, aligned with its
    visits): the popup said 「訪問曜日: 第4週 木」 and a visit on 12/10 without a word why."""
    if "moved_from" not in s:
        return {}
    was = s["moved_from"].astype(str).to_numpy(dtype=object)[keep]
    moved = np.flatnonzero((was != "") & (was != "nan") & (was != "None"))
    out: dict[str, list[str]] = {}
    for r in moved:
        i = int(where[keep[r]])
        try:
            text = day_text(str(was[r])[:10])  # 12/31(木)
        except ValueError:  # not a date: nothing to say
            continue
        texts = out.setdefault(str(i), [""] * int(starts[i + 1] - starts[i]))
        texts[int(r - starts[i])] = text
    return out


def day_slots(s: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """The calendar's days in order, one per (week, weekday): each row's sort key and day
    index, and each day's label (``12/7(月)``, ``第1週 月`` without dates) and key, as the
    shared map's link names a day (``2026-12-07``, ``w1-mon`` without dates)."""
    order = {d: k for k, d in enumerate(m.WEEKDAYS)}
    week = s["week"].to_numpy(dtype=np.int64)
    day = s["day"].astype(str).to_numpy(dtype=object)
    codes, names = pd.factorize(day)  # a handful of weekday codes
    rank = np.array([order.get(str(d), 9) for d in names] + [9], dtype=np.int64)[codes]
    slot = week * 16 + rank
    _slots, first, slot_code = np.unique(slot, return_index=True, return_inverse=True)
    dates = s["date"].astype(str).to_numpy(dtype=object) if "date" in s else None
    labels, keys = [], []
    for k in first:
        date = str(dates[k]) if dates is not None else ""
        if date and date not in ("nan", "None", "NaT"):
            d = dt.date.fromisoformat(date[:10])
            labels.append(f"{d.month}/{d.day}({day_label(day[k])})")
            keys.append(d.isoformat())
        else:
            labels.append(f"{tr('Week {week}', week=int(week[k]))} {day_label(day[k])}")
            keys.append(f"w{int(week[k])}-{day[k]}")
    return slot, slot_code.ravel(), labels, keys


def visit_stop_texts(data: dict[str, Any], i: int) -> list[str]:
    """Customer ``i``'s visits worded as the page words them (for checks and the tests)."""
    v = data["visits"][i]
    moved = data.get("moved", {}).get(str(i)) or [""] * (len(v) // 3)
    texts = [data["format"].format(when=data["days"][v[k]], n=v[k + 1],
                                   time=data["times"][v[k + 2]]) for k in range(0, len(v), 3)]
    return [data["moved_format"].format(visit=t, date=was) if was else t
            for t, was in zip(texts, moved, strict=True)]


__all__ = ["day_slots", "visit_stop_texts", "visit_stops"]
