"""The figures the printed outputs give per territory: the plan's (customers, visits per
cycle, workload, the balance) and the calendar's own (its visits, working days, hours and
kilometres), each said to be the one or the other."""

from __future__ import annotations

import pandas as pd

from planner import model as m
from planner._schedule_dates import calendar_weeks
from planner.days_off import closed_cells
from planner.export.common import calendar_is_stale
from planner.i18n import tr, trn
from planner.rep_days import calendar_days

FIGURE_COLUMNS = (
    "customers", "visits_per_4_weeks", "workload_hours_per_week", "sales", "travel_km_per_week",
    "deviation", "fair_share",
)
CALENDAR_COLUMNS = ("customers", "not_in_calendar", "visits", "working_days", "days_per_week",
                    "hours", "km")


def territory_figures(plan: m.Plan) -> pd.DataFrame:
    """One row per territory (in plan order) with :data:`FIGURE_COLUMNS`, from
    :func:`planner.territories.territory_metrics`; with an up-to-date calendar (``attrs
    ["km_source"]`` "calendar", else "estimate") also ``calendar_km``: what each rep drives in
    the calendar's weeks, holidays and days off as they fall (the Calendar dock's km)."""
    from planner.territories import territory_metrics

    out = territory_metrics(plan).reindex(plan.territory_ids)[list(FIGURE_COLUMNS)].fillna(0.0)
    fresh = plan.schedule is not None and not plan.schedule.empty and not calendar_is_stale(plan)
    if fresh:
        out["calendar_km"] = calendar_figures(plan)["km"].reindex(out.index).fillna(0.0)
    out.attrs["km_source"] = "calendar" if fresh else "estimate"
    return out


def calendar_km_per_week(plan: m.Plan, *, stale: bool = False) -> pd.Series | None:
    """Each territory's kilometres a working week in the calendar (its days' routes and the
    drives back, over its working days ÷ its days a week: a December calendar closed over
    New Year is not diluted by the days nobody drives); None without an up-to-date calendar
    (``stale=True``: also from a calendar the plan changed since, as ``stats`` lists it)."""
    if plan.schedule is None or plan.schedule.empty or (calendar_is_stale(plan) and not stale):
        return None
    cal = calendar_figures(plan)
    weeks = cal["working_days"] / cal["days_per_week"].clip(lower=1)
    return (cal["km"] / weeks.where(weeks > 0, 1.0)).astype(float)


def calendar_figures(plan: m.Plan) -> pd.DataFrame:
    """What the calendar holds, one row per territory (plan order): ``customers`` visited,
    the territory's customers ``not_in_calendar`` (left out: no room), ``visits``, the rep's ``working_days`` in it (their weekdays over the calendar's weeks
    less holidays and days off, and any day with visits), ``days_per_week``, and the days'
    ``hours`` (visits and driving, the way home included) and ``km`` (with the drives back).
    Empty figures without a calendar."""
    from planner.stats import day_summary

    ids = plan.territory_ids
    out = pd.DataFrame(0.0, index=pd.Index(ids, name="territory"), columns=list(
        CALENDAR_COLUMNS))
    s = plan.schedule
    if s is None or s.empty:
        return out
    territory = s["territory"].astype(str)
    by = s.groupby(territory.to_numpy())
    out["customers"] = by["customer_id"].nunique().reindex(ids).fillna(0)
    out["visits"] = by.size().reindex(ids).fillna(0)
    c = plan.customers
    outside = c[~c[m.CUSTOMER_ID].astype(str).isin(set(s["customer_id"].astype(str)))]
    out["not_in_calendar"] = outside.groupby(outside[m.TERRITORY].astype(str)).size().reindex(
        ids).fillna(0)
    days = day_summary(plan)
    per_day = days.groupby(days["territory"].astype(str))
    out["hours"] = per_day["hours"].sum().reindex(ids).fillna(0.0)
    out["km"] = per_day["travel_km"].sum().reindex(ids).fillna(0.0)
    weeks = calendar_weeks(plan)
    for t in plan.territories:
        weekdays = calendar_days(plan, t.id)
        closed = {(w + 1, weekdays[i])
                  for w, i in closed_cells(t, plan.settings, weeks, weekdays)}
        open_days = {(w, d) for w in range(1, weeks + 1) for d in weekdays} - closed
        mine = s[territory == t.id]
        open_days |= set(zip(mine["week"].astype(int), mine["day"].astype(str), strict=True))
        out.loc[t.id, "working_days"] = len(open_days)
        out.loc[t.id, "days_per_week"] = len(weekdays)
    return out


def calendar_line(figures: pd.Series) -> str:
    """The overview's line of the rep's figures, all the calendar's own (one source, said):
    its working days, customers (and those left out of it), visits, and a working day's
    hours and km. The plan's weekly estimate (which assumes its own driving) and a km/week
    over weeks closed for New Year told a different story than the pages under it."""
    days = int(figures["working_days"])
    per = max(days, 1)
    return " · ".join([
        trn("Calendar of {days} working day", "Calendar of {days} working days", days,
            days=days),
        trn("{customers} customer", "{customers} customers", int(figures["customers"]),
            customers=int(figures["customers"])),
        *([tr("{n} not in the calendar", n=int(figures["not_in_calendar"]))]
          if figures.get("not_in_calendar", 0) else []),  # the map's ✕: no room for them
        trn("{visits} visit", "{visits} visits", int(figures["visits"]),
            visits=int(figures["visits"])),
        tr("per working day {hours:.1f} h with driving, {km:.0f} km",
           hours=float(figures["hours"]) / per, km=float(figures["km"]) / per),
    ])
