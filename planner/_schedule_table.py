"""The calendar's table: one row per visit, in visiting order, timed on the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_days import DayKey, TerritoryDays
from planner.routing import ROUTE_COLUMNS, Lunch, day_columns

#: Schedule columns besides the plan model's.
EXTRA_COLUMNS: dict[str, str] = {
    "date": "object",
    "holiday": "object",
    "return_km": "float64",
    "return_minutes": "float64",
    "day_hours": "float64",
    "lunch": "object",  # "HH:MM" when the lunch break begins before the visit, else ""
    # the ISO date the visit was planned on when a holiday or day off moved it, else ""
    "moved_from": "object",
}


def day_table(
    cal: TerritoryDays,
    *,
    rows: np.ndarray,
    territory: str,
    days: tuple[str, ...],
    minutes: np.ndarray,
    km: np.ndarray,
    day_start: float,
    lunch: Lunch | None,
    moved: Mapping[tuple[DayKey, int], DayKey] | None = None,
    first: dt.date | None = None,
) -> pd.DataFrame:
    """The visits of one territory's calendar (``row``: plan row of each customer ``rows[i]``);
    a day with visiting hours is timed on the clock, its waiting included. ``moved`` (visits
    a closed day moved → the day planned) and week 1's Monday ``first`` give ``moved_from``."""
    service_full = np.concatenate([[0.0], cal.service])
    opens = np.array([0.0, *(cal.windows.get(i, (0.0,))[0] for i in range(len(cal.service)))])
    table: dict[str, list[Any]] = {
        key: [] for key in ("row", "week", "day", "moved_from", *ROUTE_COLUMNS)
    }

    def planned(key: DayKey, stop: int) -> str:
        was = (moved or {}).get((key, stop - 1))
        if was is None or first is None:
            return ""
        weekday = m.WEEKDAYS.index(days[was[1]])
        return (first + dt.timedelta(weeks=was[0], days=weekday)).isoformat()

    for (w, d), (order, length) in sorted(cal.routes.items()):
        if len(order) < 2:
            continue
        if cal.timed((w, d)):  # the clock decides: waiting for opening times counts
            cols = day_columns(order, minutes, km, service_full, day_start, opens=opens,
                               lunch=lunch)
        else:
            cols = day_columns(order, minutes, km, service_full, day_start, length, lunch=lunch)
        table["row"].extend(int(rows[stop - 1]) for stop in cols["stop"])
        table["week"].extend([w + 1] * len(cols["stop"]))
        table["day"].extend([days[d]] * len(cols["stop"]))
        table["moved_from"].extend(planned((w, d), stop) for stop in cols["stop"])
        for key in ROUTE_COLUMNS:
            table[key].extend(cols[key])
    return pd.DataFrame({"territory": [territory] * len(table["row"]), **table})


def finish_frame(frames: list[pd.DataFrame], ids: np.ndarray) -> pd.DataFrame:
    """The territories' tables as one schedule in the plan's column types."""
    columns = {**m.SCHEDULE_COLUMNS, **EXTRA_COLUMNS}
    if frames:
        raw = pd.concat(frames, ignore_index=True)
    else:
        raw = pd.DataFrame({"row": pd.Series(dtype=np.int64)})
    out = pd.DataFrame(index=range(len(raw)))
    for col, dtype in columns.items():
        if col == "customer_id":
            out[col] = pd.Series(ids[raw["row"].to_numpy(dtype=np.int64)], dtype=object)
        elif col in raw:
            out[col] = raw[col].astype(dtype).to_numpy()
        else:
            out[col] = pd.Series([""] * len(raw), dtype=object)
        if dtype == "object":
            out[col] = out[col].astype(object)
    return out


def kept_as_they_are(schedule: pd.DataFrame, present: pd.DataFrame | None,
                     built: Collection[str]) -> pd.DataFrame:
    """``schedule`` (the territories ``built``) with the ``present`` calendar's rows of every
    other territory, in ``schedule``'s columns and types: the calendar a rebuild of some reps
    leaves, from which the build's figures (customers kept, told) are reckoned."""
    if present is None or present.empty:
        return schedule
    others = present[~present["territory"].astype(str).isin(set(built))]
    if others.empty:
        return schedule
    others = others.reindex(columns=schedule.columns, fill_value="")
    out = pd.concat([schedule, others], ignore_index=True)
    return out.astype(schedule.dtypes.to_dict())
