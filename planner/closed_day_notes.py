"""A day the rep does not work on that still carries visits: a day off (sick on Wednesday)
or a company day set after the calendar was built. The visits stay there until the calendar
is built again; the Calendar dock paints the day red, and the day's title in the dock, the
day's page of the PDF hand-outs and the overview's table say so in words (the printed pages
listed the visits of a rep's sick day as any working day's)."""

from __future__ import annotations

from planner import model as m
from planner._calendar_once import day_text
from planner._schedule_dates import calendar_weeks
from planner.days_off import closed_cells
from planner.i18n import tr
from planner.rep_days import calendar_days, rep_name


def closed_day(plan: m.Plan, territory_id: str, week: int, day: str) -> tuple[str, str, str] | None:
    """``(kind, ISO date, label)`` of ``day`` of ``week`` (1-based) when the rep of
    ``territory_id`` does not work on it (:func:`planner.days_off.closed_cells`: ``"off"``
    the rep's day off, ``"holiday"``, ``"company"``); None on a working day, an undated
    calendar or a territory the plan no longer has."""
    if territory_id not in plan.territory_ids:
        return None
    days = list(calendar_days(plan, territory_id))
    if day not in days:
        return None
    horizon = max(calendar_weeks(plan), week)
    cells = closed_cells(plan.territory(territory_id), plan.settings, horizon, days)
    return cells.get((week - 1, days.index(day)))


def closed_day_note(plan: m.Plan, territory_id: str, week: int, day: str) -> str:
    """The sentence for visits left on a day the rep does not work on ("" on a working
    day): 「12/9(水)は伊藤 由美の休みの日ですが、訪問が残っています。…」."""
    found = closed_day(plan, territory_id, week, day)
    if found is None:
        return ""
    kind, iso, label = found
    if kind == "off":
        return tr("{date} is a day off for {rep}, yet visits remain on it: build the calendar "
                  "again (keeping the visit days) to move them to other days.",
                  date=day_text(iso), rep=rep_name(plan.territory(territory_id)))
    return tr("{date} is {label}, yet visits remain on it: build the calendar again (keeping "
              "the visit days) to move them to other days.", date=day_text(iso), label=label)
