"""A rep's day on the shared map: the figures of each rep's calendar day, for the day view.

The rep opens the shared map in the morning and asks where they are going today, in what
order. The page finds a day's stops itself in the visits the popup already gets
(:func:`planner.maps.share_visits.visit_stops`: per customer its days and stop numbers);
this module adds what the visits do not tell, one short record per rep and day: the stops
the plan has that day (some may have no map position), the kilometres driven with the way
home, and when the rep is back home (the last departure plus the drive home), as the
route sheet's day totals count them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.i18n import tr
from planner.maps.share_visits import day_slots
from planner.rep_days import rep_day_start
from planner.routing import clock_minutes, format_clock


def day_routes(plan: m.Plan) -> dict[str, Any] | None:
    """Each rep's calendar days for the page: ``{"t": [territory index], "day": [day index
    into the visits' tables], "n": [stops], "km": [km], "end": [back home "HH:MM"]}`` in
    territory and calendar order, ``"start"``: each territory's day start, and the control's
    words; None without a calendar."""
    s = plan.schedule
    if s is None or s.empty:
        return None
    index = {t.id: k for k, t in enumerate(plan.territories)}
    codes, names = pd.factorize(s["territory"].astype(str).to_numpy(dtype=object))
    terr = np.array([index.get(str(v), -1) for v in names] + [-1], dtype=np.int64)[codes]
    slot, slot_code, _labels, _keys = day_slots(s)
    km = s["travel_km"].astype(float).fillna(0.0).to_numpy()
    back = np.zeros(len(s))
    if "return_km" in s:
        km = km + s["return_km"].astype(float).fillna(0.0).to_numpy()
    if "return_minutes" in s:
        back = s["return_minutes"].astype(float).fillna(0.0).to_numpy()
    end = clock_minutes(s["departure"]) + back
    # the rows by rep, day and stop: each rep-day a run, its last row the day's last stop
    rows = np.lexsort((s["seq"].to_numpy(dtype=np.int64), slot, terr))
    rows = rows[terr[rows] >= 0]
    rep, sl = terr[rows], slot[rows]
    firsts = np.flatnonzero(np.r_[True, (rep[1:] != rep[:-1]) | (sl[1:] != sl[:-1])])
    firsts = firsts[firsts < len(rows)]  # (none at all: no run)
    lasts = (np.r_[firsts[1:], len(rows)] - 1 if len(firsts) else firsts).astype(np.int64)
    km_day = np.add.reduceat(km[rows], firsts) if len(rows) else np.zeros(0)
    return {
        "t": rep[firsts].tolist(),
        "day": slot_code[rows[firsts]].tolist(),
        "n": (lasts - firsts + 1).tolist(),
        "km": [round(float(v), 1) for v in km_day],
        "end": [format_clock(v) if np.isfinite(v) else "" for v in end[rows[lasts]]],
        "start": [rep_day_start(t, plan.settings.day_start) for t in plan.territories],
        "labels": {
            "title": tr("Day route"),
            "rep": tr("Rep (territory)"),
            "day": tr("Calendar day"),
            "pick": tr("Choose…"),
            "all": tr("Back to all customers"),
            # 「12/7(月) 伊藤 由美: 14件 · 移動 38.2km · 09:00–17:10」
            "summary_one": tr("{day} {rep}: {n} stop · travel {km} km · {start}–{end}"),
            "summary": tr("{day} {rep}: {n} stops · travel {km} km · {start}–{end}"),
            "stops_one": tr("{n} stop"), "stops": tr("{n} stops"),
            "unplaced": tr("Stops without a map position: {n}"),
        },
    }


__all__ = ["day_routes"]
