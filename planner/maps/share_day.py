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
    terr = np.array([index.get(t, -1) for t in s["territory"].astype(str)], dtype=np.int64)
    slot, slot_code, _labels, _keys = day_slots(s)
    km = s["travel_km"].astype(float).fillna(0.0).to_numpy()
    back = np.zeros(len(s))
    if "return_km" in s:
        km = km + s["return_km"].astype(float).fillna(0.0).to_numpy()
    if "return_minutes" in s:
        back = s["return_minutes"].astype(float).fillna(0.0).to_numpy()
    frame = pd.DataFrame({"t": terr, "slot": slot, "day": slot_code,
                          "seq": s["seq"].to_numpy(dtype=np.int64), "km": km,
                          "end": clock_minutes(s["departure"]) + back})
    frame = frame[frame["t"] >= 0].sort_values(["t", "slot", "seq"], kind="stable")
    days = frame.groupby(["t", "slot"], sort=False).agg(
        day=("day", "first"), n=("seq", "size"), km=("km", "sum"), end=("end", "last"))
    days = days.reset_index()
    return {
        "t": days["t"].astype(int).tolist(),
        "day": days["day"].astype(int).tolist(),
        "n": days["n"].astype(int).tolist(),
        "km": [round(float(v), 1) for v in days["km"]],
        "end": [format_clock(v) if np.isfinite(v) else "" for v in days["end"]],
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
