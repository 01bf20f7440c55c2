"""Each rep's own working days: which weekdays a territory's calendar uses.

A territory's ``working_days`` (``Territory.working_days``; weekday codes in week
order, ``()`` = the plan's working days) let a rep work Mon–Thu, a part-timer
Tue/Thu only, or a rep cover Saturdays. :func:`planner.schedule.build_schedule`
schedules such a territory on its own days and records them in
``meta["schedule_days_by_territory"]`` (``meta["schedule_days"]`` stays the plan's
days); the hand edits, the figures, the Calendar dock and the hand-outs read the
days of a territory through :func:`calendar_days`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import listing, tr


def normalize_days(days: Iterable[str]) -> tuple[str, ...]:
    """``days`` as a territory stores them: distinct weekday codes in week order.

    Raises :class:`PlannerError` on a code that is not a weekday (``"mon"`` … ``"sun"``).
    """
    wanted = [str(d).strip().lower() for d in days if str(d).strip()]
    bad = [d for d in wanted if d not in m.WEEKDAYS]
    if bad:
        raise PlannerError(tr("Unknown working day(s): {days}.", days=", ".join(bad)))
    return tuple(d for d in m.WEEKDAYS if d in set(wanted))


def read_working_days(text: str) -> tuple[str, ...] | None:
    """Working days as a manager writes them (月水金, 月〜金, 土日, mon,wed,fri) in week
    order; None when the text names no weekday."""
    from planner.closed_days import parse_weekday_set, split_days

    codes = parse_weekday_set(text, none_words=frozenset(), noise=("毎週", "勤務"))
    return tuple(d for d in m.WEEKDAYS if d in split_days(codes)) if codes else None


def territory_days(territory: m.Territory, plan_days: Sequence[str]) -> tuple[str, ...]:
    """The weekdays ``territory``'s rep works: its own days, else ``plan_days``."""
    return tuple(territory.working_days) or tuple(plan_days)


#: A full-time rep's weekly hours (the territory's capacity unless set): fewer is a part-timer.
FULL_WEEK_HOURS = m.Territory("T", "").capacity_hours


def rep_day_hours(territory: m.Territory, plan_hours: float, working_days: int = 0) -> float:
    """The longest working day of ``territory``'s rep: its own hours, else ``plan_hours``;
    with its number of ``working_days``, a part-timer's weekly hours (capacity below a full
    week, 30 h) shared over them when the days would hold more (30 h on 5 days: 6 h days)."""
    day = float(territory.day_hours) if territory.day_hours else float(plan_hours)
    weekly = float(territory.capacity_hours or 0.0)
    if working_days > 0 and 0.0 < weekly < FULL_WEEK_HOURS and weekly < day * working_days:
        return weekly / working_days
    return day


def rep_day_start(territory: m.Territory, plan_start: str) -> str:
    """The time the rep's day starts ("10:00" for a part-timer): their own, else the plan's."""
    return territory.day_start or plan_start


def own_day_hours(plan: m.Plan, days: Sequence[str] | None = None) -> dict[str, float]:
    """Territory id → its rep's own longest working day, for the reps that set one or whose
    weekly hours, shared over their working days (``days``: the plan-wide ones, default the
    settings'), make a shorter day (:func:`rep_day_hours`)."""
    plan_days = tuple(days or plan.settings.working_days)
    out = {}
    for t in plan.territories:
        hours = rep_day_hours(t, plan.settings.day_hours, len(territory_days(t, plan_days)))
        if t.day_hours or hours < float(plan.settings.day_hours) - 1e-9:
            out[t.id] = round(hours, 2)
    return out


def own_days(plan: m.Plan) -> dict[str, tuple[str, ...]]:
    """Territory id → its own working days, for the territories that set them."""
    return {t.id: tuple(t.working_days) for t in plan.territories if t.working_days}


def built_days(plan: m.Plan) -> tuple[str, ...]:
    """The plan-wide days of the calendar: those it was built with, else the settings'."""
    meta: Mapping[str, Any] = plan.meta or {}
    built = meta.get("schedule_days") if plan.schedule is not None else None
    return tuple(str(d) for d in (built or plan.settings.working_days))


def calendar_days(plan: m.Plan, territory_id: str) -> tuple[str, ...]:
    """The weekdays ``territory_id``'s rep works now: its own days, else the calendar's
    plan-wide days (:func:`built_days`)."""
    try:
        t = plan.territory(territory_id)
    except KeyError:
        return built_days(plan)
    return territory_days(t, built_days(plan))


def rep_name(territory: m.Territory) -> str:
    """How a sentence names the rep of ``territory`` (the rep, else the territory); titles use
    :func:`planner.export.excel_routes.rep_title`, which adds the territory."""
    return territory.rep or territory.name or territory.id


def days_label(days: Iterable[str]) -> str:
    """Weekdays in the current language, in week order (``"月・火・水・木"``)."""
    wanted = set(days)
    return "・".join(tr(m.WEEKDAY_TITLES[d]) for d in m.WEEKDAYS if d in wanted)


def own_days_note(plan: m.Plan) -> str:
    """One sentence naming how many reps have their own working days ("" when none)."""
    n = len(own_days(plan))
    if not n:
        return ""
    if n == 1:
        return tr("1 rep has their own working days (Territories: right-click → Working days…).")
    return tr("{n} reps have their own working days (Territories: right-click → Working days…).", n=n)


def schedule_day_sets(plan: m.Plan, days: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Territory id → the weekdays its calendar uses: its own days (checked), else ``days``."""
    out: dict[str, tuple[str, ...]] = {}
    for t in plan.territories:
        own = tuple(t.working_days)
        try:
            ok = normalize_days(own) == own
        except PlannerError:
            ok = False
        if not ok:
            raise PlannerError(
                tr("The working days of {name} are not weekdays in week order.", name=t.name or t.id)
            )
        out[t.id] = own or tuple(days)
    return out


def too_few_days_reason(
    frequency: float, visit: Any, days: Sequence[str], *, rep: str
) -> str | None:
    """Why a customer of a rep working only ``days`` (own days) cannot keep its pattern:
    more visits a week than the rep has days, or fixed visit days the rep does not work;
    None when it can."""
    wanted = max(1, int(round(frequency / 4.0))) if frequency >= 4.0 else 1
    if wanted > len(days):
        return tr(
            "The customer is visited {visits} times a week but {rep} works only {n} days a "
            "week ({days}).",
            visits=wanted,
            rep=rep,
            n=len(days),
            days=days_label(days),
        )
    fixed = {d for d in str(visit or "").split(",") if d in m.WEEKDAYS}
    if fixed and not fixed & set(days):
        return tr(
            "The visit days ({days}) are not working days of {rep} ({rep_days}).",
            days=days_label(fixed),
            rep=rep,
            rep_days=days_label(days),
        )
    return None


def reps_names(plan: m.Plan, territories: Collection[str]) -> str:
    """The reps of ``territories`` by name, listed: 「伊藤 由美」, 「伊藤 由美、鈴木 一郎」 (an id
    the plan no longer has as itself)."""
    names = {t.id: rep_name(t) for t in plan.territories}
    return listing([names.get(t, t) for t in territories])
