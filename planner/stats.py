"""The plan's figures for ``territory-planner stats``: territories, balance and the schedule.

The keys of :func:`plan_stats` are a public interface (DESIGN.md, ``stats --json``):
add keys freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_damaged import damaged_customers, damaged_out
from planner._schedule_dates import calendar_weeks, first_monday
from planner._schedule_off import gave_way_visits, skipped_visits
from planner._schedule_told import changed_customers
from planner._update_changes import last_update
from planner.build_figures import build_figures
from planner.day_length import long_day_records
from planner.rep_days import rep_day_hours
from planner.routing import clock_minutes
from planner.schedule_index import memo, territory_rows
from planner.territories import _codes, balance_summary, compactness, territory_metrics
from planner.unscheduled import reason_counts
from planner.visit_times import visits_outside_hours


def _schedule_km(schedule: pd.DataFrame) -> pd.Series:
    """Kilometres of each schedule row: the leg to it plus the drive home after the day's last."""
    km = schedule["travel_km"].astype(float).fillna(0.0)
    if "return_km" in schedule:
        km = km + schedule["return_km"].astype(float).fillna(0.0)
    return km


DAY_COLUMNS = ["territory", "week", "day", "visits", "hours", "travel_km"]


def day_summary(plan: m.Plan, *, territory_id: str | None = None) -> pd.DataFrame:
    """One row per working day of the calendar: visits, hours (visits, driving, the way home), km.

    Hours are the scheduler's own ``day_hours`` when the calendar has them; otherwise the
    span from the day's start (or first arrival) to the last departure plus the drive home.
    A rep's table (``territory_id``) is worked out once per calendar and day start and shared
    (not to be changed): after a hand move the dock's grid and the move's effect (before and
    after) read the same tables, three passes over the rep's visits before.
    """
    if territory_id is not None and plan.schedule is not None:
        tables = memo("day_summary", plan.schedule, lambda _s: {})
        key = (territory_id, plan.settings.day_start)
        if key not in tables:
            tables[key] = _day_summary(plan, territory_id)
        return tables[key]
    return _day_summary(plan, territory_id)


def _day_summary(plan: m.Plan, territory_id: str | None) -> pd.DataFrame:
    schedule = plan.schedule
    if schedule is None or schedule.empty:
        return pd.DataFrame(columns=DAY_COLUMNS)
    if territory_id is not None:
        schedule = territory_rows(schedule, territory_id)  # grouped once per calendar
        if schedule.empty:
            return pd.DataFrame(columns=DAY_COLUMNS)
    end = clock_minutes(schedule["departure"])
    if "return_minutes" in schedule:
        end = end + schedule["return_minutes"].astype(float).fillna(0.0).to_numpy()
    frame = pd.DataFrame(
        {
            "territory": schedule["territory"].astype(str).to_numpy(),
            "week": schedule["week"].to_numpy(),
            "day": schedule["day"].astype(str).to_numpy(),
            "arr": clock_minutes(schedule["arrival"]),
            "end": end,
            "tm": schedule["travel_minutes"].astype(float).to_numpy(),
            "km": _schedule_km(schedule).to_numpy(dtype=float),
            "own": (
                schedule["day_hours"].astype(float).to_numpy()
                if "day_hours" in schedule
                else np.full(len(schedule), np.nan)
            ),
        }
    )
    days = frame.groupby(["territory", "week", "day"], sort=False).agg(
        visits=("km", "size"),
        first=("arr", "min"),
        end=("end", "max"),
        tm=("tm", "sum"),
        travel_km=("km", "sum"),
        own=("own", "max"),
    )
    start = clock_minutes([plan.settings.day_start])[0]
    span = (days["end"] - (start if np.isfinite(start) else days["first"])) / 60.0
    span = span.where(np.isfinite(span), days["tm"] / 60.0)
    days["hours"] = days["own"].where(np.isfinite(days["own"]), span)
    return days.reset_index()[DAY_COLUMNS]


def schedule_summary(plan: m.Plan) -> dict[str, Any] | None:
    """``{"weeks", "visits", "unscheduled", "unscheduled_by_reason", "max_day_hours",
    "travel_km", "stale", "days_by_territory"}`` or None.

    ``max_day_hours`` is the schedule's own ``day_hours`` (travel, visits and the drive
    home) when it has that column, else the span from ``settings.day_start`` to the day's
    last departure; ``travel_km`` includes the drives home (``return_km``) when listed;
    ``stale`` says an edit happened since the schedule was built.
    """
    schedule = plan.schedule
    if schedule is None:
        return None
    weeks = calendar_weeks(plan)
    days = day_summary(plan)
    max_day = float(np.nanmax(days["hours"].to_numpy(dtype=float))) if len(days) else 0.0
    unscheduled = 0 if plan.unscheduled is None else len(plan.unscheduled)
    return {
        "weeks": int(weeks),
        "visits": int(len(schedule)),
        "unscheduled": int(unscheduled),
        # those customers by why (planner.unscheduled.Reason: "no_room", "visit_hours" …)
        "unscheduled_by_reason": reason_counts(plan.unscheduled),
        "max_day_hours": round(max_day if np.isfinite(max_day) else 0.0, 2),
        "travel_km": round(float(_schedule_km(schedule).sum()), 1),
        "stale": bool(plan.meta.get("schedule_stale", False)),
        # customers a rebuild kept on the days they had (schedule --keep-days), 0 otherwise
        "kept_customers": int(plan.meta.get("schedule_kept", 0) or 0),
        # customers whose rep, visit day or week differs from the previous calendar's
        "changed_customers": len(changed_customers(plan)),
        # visits left out on holidays and days off whose customers keep their other visits
        "skipped_visits": len(skipped_visits(plan)),
        # of those, visits of open days given to a customer's only visit of the cycle
        "gave_way_visits": len(gave_way_visits(plan)),
        # customers whose visits were left out of the saved calendar for its damaged rows
        # (edited in another program), until it is built again; not among "unscheduled"
        "damaged_left_out": len(damaged_out(plan)),
        # visits outside their customer's visiting hours (only hand moves put them there)
        "outside_hours": int(visits_outside_hours(plan.customers, schedule).sum()),
        # the reps the calendar was built on their own working days (planner.rep_days)
        "days_by_territory": {
            str(k): list(v) for k, v in (plan.meta.get("schedule_days_by_territory") or {}).items()
        },
        # real dates: week 1's Monday ("" without), and the company's days off (ISO dates)
        "start_date": first.isoformat() if (first := first_monday(plan.settings)) else "",
        "company_days_off": list(plan.settings.company_days_off),
        # the days longer than their rep's day (planner.day_length): the Calendar dock's red
        "long_days": long_day_records(plan),
        # the build's sum (planner.build_figures): visits the frequencies ask for over the
        # calendar's weeks, and of those the visits of customers it could not place; null for
        # a calendar built before the program recorded them
        **_asked(plan),
    }


def _asked(plan: m.Plan) -> dict[str, int | None]:
    figures = build_figures(plan)
    return {"asked_visits": figures.asked if figures else None,
            "unplaced_visits": figures.unplaced if figures else None}


def damaged_counts(plan: m.Plan) -> dict[str, int]:
    """Per territory id: the customers whose visits the saved calendar's damaged rows left
    out (:func:`planner._schedule_damaged.damaged_customers`)."""
    gone = damaged_customers(plan)
    return {str(k): int(v) for k, v in gone.groupby("territory").size().items()}


def calendar_counts(plan: m.Plan) -> tuple[dict[str, int], dict[str, int]]:
    """Per territory id: the calendar's visits, and the customers it left out (unscheduled)."""
    s, un = plan.schedule, plan.unscheduled
    visits: dict[str, int] = {}
    if s is not None and len(s):
        visits = {str(k): int(v) for k, v in s.groupby(s["territory"].astype(str)).size().items()}
    out: dict[str, int] = {}
    if un is not None and len(un) and "territory" in un.columns:
        first = un.drop_duplicates("customer_id")
        out = {str(k): int(v) for k, v in first.groupby(first["territory"].astype(str)).size().items()}
    return visits, out


def plan_stats(plan: m.Plan, *, balance: str | None = None) -> dict[str, Any]:
    """The figures of ``territory-planner stats --json`` (keys as DESIGN.md lists, plus extras)."""
    measure = balance or plan.settings.balance
    metrics = territory_metrics(plan, balance=measure)
    customers = plan.customers
    located = m.located_mask(customers)
    assigned = _codes(plan) >= 0
    cycle = plan.settings.cycle_weeks
    scheduled: pd.Series | None = None
    counts: dict[str, int] = {}
    left_out: dict[str, int] = {}
    damaged: dict[str, int] = {}
    per_week: pd.Series | None = None
    if plan.schedule is not None:  # the routes' own kilometres: the whole calendar's, and
        sched = plan.schedule  # per cycle (a working week's × the cycle) beside the estimate
        scheduled = _schedule_km(sched).groupby(sched["territory"].astype(str)).sum()
        counts, left_out = calendar_counts(plan)
        damaged = damaged_counts(plan)
        from planner.export.figures import calendar_km_per_week

        per_week = calendar_km_per_week(plan, stale=True)
    territories = []
    for t in plan.territories:
        row = metrics.loc[t.id]
        extra: dict[str, Any] = {}
        if scheduled is not None:
            # the whole calendar's km (8 weeks with customers seen every 8 weeks), and its
            # km over one cycle, the period of travel_km_per_cycle (the two compare)
            extra["scheduled_travel_km"] = round(float(scheduled.get(t.id, 0.0)), 1)
            week_km = 0.0 if per_week is None else float(per_week.get(t.id, 0.0))
            extra["scheduled_travel_km_per_cycle"] = round(week_km * cycle, 1)
            # the calendar's visits of the rep, and the customers it had no room for
            extra["scheduled_visits"] = counts.get(t.id, 0)
            extra["unscheduled_customers"] = left_out.get(t.id, 0)
            # and those whose visits the saved calendar's damaged rows left out
            extra["damaged_left_out_customers"] = damaged.get(t.id, 0)
        territories.append(
            {
                "id": t.id,
                "name": t.name,
                "rep": t.rep,
                "customers": int(row["customers"]),
                "visits_per_cycle": round(float(row["visits_per_cycle"]), 2),
                # the frequencies' own period: what the tables show, whole at any cycle
                "visits_per_4_weeks": round(float(row["visits_per_4_weeks"]), 2),
                # four places: the table's one decimal must not round a rounded figure again
                "workload_hours_per_week": round(float(row["workload_hours_per_week"]), 4),
                "sales": float(row["sales"]),
                "travel_km_per_cycle": round(float(row["travel_km_per_week"]) * cycle, 1),
                # null for a territory without customers: it has no share to deviate from
                "deviation": round(float(row["deviation"]), 6)
                if np.isfinite(row["deviation"]) else None,
                "service_hours_per_week": round(float(row["service_hours_per_week"]), 4),
                "travel_hours_per_week": round(float(row["travel_hours_per_week"]), 4),
                "area_km2": round(float(row["area_km2"]), 2),
                "working_days": list(t.working_days or plan.settings.working_days),
                "own_working_days": bool(t.working_days),
                # the rep's longest working day: own hours (a part-timer's), else the plan's
                "day_hours": rep_day_hours(
                    t, plan.settings.day_hours,
                    len(t.working_days or plan.settings.working_days)),
                # when the rep's day starts (own, else the plan's) and the dates they are off
                "day_start": t.day_start or plan.settings.day_start,
                "days_off": list(t.days_off),
                "home": [t.home_lat, t.home_lon] if t.has_home else None,
                "capacity_hours": float(t.capacity_hours),
                # this territory's share of the balance measure's total (equal, or by capacity)
                "fair_share": round(float(row["fair_share"]), 6),
                "capacity_use": round(float(row["capacity_use"]), 4)
                if np.isfinite(row["capacity_use"])
                else None,
                **extra,
            }
        )
    return {
        "customers": int(len(customers)),
        "located": int(located.sum()),
        "assigned": int(assigned.sum()),
        "unassigned": int((~assigned).sum()),
        "territories": territories,
        "balance": {
            **balance_summary(metrics, measure),
            "by_capacity": bool(plan.settings.balance_by_capacity),
        },
        "compactness_km": round(compactness(plan), 3),
        "schedule": schedule_summary(plan),
        # what the last update from a revised customer list did (counts; 0 before one)
        "last_update": {k: len(v) for k, v in last_update(plan).items()},
    }
