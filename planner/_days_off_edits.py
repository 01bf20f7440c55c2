"""A rep off for several days in one go (off sick Wednesday to Friday, a week's training).

:func:`plan_days_off` sorts the dates a manager picked (a range of the Calendar dock's days,
or *from–to* in the days-off dialog) as the single-day action does: days the company is
closed, public holidays (when visits move off them) and days the rep is off already are left
as they are, and said so once; weekdays the rep does not work are no days to be off on and
are passed over quietly. :class:`SetDaysOff` then sets the remaining days as ONE edit (one
undo step); its inverse puts the rep's days off back exactly as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from planner import model as m
from planner._edit_base import Changes, Edit, applies, apply_edit
from planner._schedule_dates import holiday_label, holiday_name
from planner._territory_edits import UpdateTerritory
from planner.days_off import days_off_label, normalize_dates
from planner.errors import PlannerError
from planner.i18n import listing, sentences, tr, trn
from planner.rep_days import calendar_days, rep_name


@dataclass(frozen=True)
class SetDaysOff(Edit):
    """Make ``dates`` (ISO) days off of ``territory_id``'s rep (``off``), or working days
    again; the other days off stay as they are."""

    territory_id: str
    dates: tuple[str, ...]
    off: bool = True

    def describe(self) -> str:
        return self._described(self.territory_id)

    def describe_for(self, plan: m.Plan) -> str:
        """:meth:`describe` naming the rep (the undo menu's 「伊藤 由美の休みを3日登録」)."""
        if self.territory_id in plan.territory_ids:
            return self._described(rep_name(plan.territory(self.territory_id)))
        return self.describe()

    def _described(self, who: str) -> str:
        n = len(self.dates)
        if self.off:
            return trn("Mark {n} day off for {rep}", "Mark {n} days off for {rep}", n, rep=who)
        return trn("Take back {n} day off of {rep}", "Take back {n} days off of {rep}", n,
                   rep=who)


@applies(SetDaysOff)
def _set_days_off(plan: m.Plan, edit: SetDaysOff) -> tuple[m.Plan, Edit, Changes]:
    if edit.territory_id not in plan.territory_ids:
        raise PlannerError(tr("There is no territory “{name}” in the plan.", name=edit.territory_id))
    dates = set(normalize_dates(edit.dates))
    had = set(plan.territory(edit.territory_id).days_off)
    days = had | dates if edit.off else had - dates
    # the inverse is the territory's days off as they were (and the calendar's stale flag)
    return apply_edit(plan, UpdateTerritory.of(edit.territory_id, days_off=tuple(sorted(days))))


@dataclass(frozen=True)
class DaysOffRange:
    """The days of a range to set (``dates``) and those left as they are (``kept``: ISO date
    → why, 休業日, 元日, すでに休み …)."""

    territory_id: str
    off: bool
    dates: tuple[str, ...]
    kept: tuple[tuple[str, str], ...] = ()

    def edit(self) -> SetDaysOff:
        return SetDaysOff(self.territory_id, self.dates, self.off)


def date_range(first: dt.date, last: dt.date) -> tuple[str, ...]:
    """The ISO dates from ``first`` to ``last`` (either order), both included."""
    first, last = min(first, last), max(first, last)
    return tuple((first + dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1))


def plan_days_off(
    plan: m.Plan, territory_id: str, dates: Iterable[str], *, off: bool = True
) -> DaysOffRange:
    """Sort ``dates`` for rep ``territory_id``: those to make days off (``off``) or working
    days again, and those left as they are, as the Calendar's single-day action treats them
    (no day off on a company holiday or a public holiday visits move off; a day off already,
    or not one to take back); weekdays the rep does not work are left out without a word."""
    territory = plan.territory(territory_id)
    works = set(calendar_days(plan, territory_id))
    company = set(plan.settings.company_days_off)
    had = set(territory.days_off)
    change: list[str] = []
    kept: list[tuple[str, str]] = []
    for iso in normalize_dates(dates):
        date = dt.date.fromisoformat(iso)
        if m.WEEKDAYS[date.weekday()] not in works and iso not in had:
            continue
        if not off:
            if iso in had:
                change.append(iso)
            else:
                kept.append((iso, tr("not a day off")))
            continue
        holiday = holiday_name(date) if plan.settings.skip_holidays else ""
        if iso in had:
            kept.append((iso, tr("already off")))
        elif iso in company:
            kept.append((iso, tr("Company closed")))
        elif holiday:
            kept.append((iso, holiday_label(holiday)))
        else:
            change.append(iso)
    return DaysOffRange(territory_id, off, tuple(change), tuple(kept))


def kept_text(kept: Iterable[tuple[str, str]]) -> str:
    """The days left as they were, in one sentence grouped by why: "12/29(Tue)–12/31(Thu)
    (company closed), 12/17(Thu) (already off) stay as they were." ("" when none)."""
    by_why: dict[str, list[str]] = {}
    for iso, why in sorted(kept):
        by_why.setdefault(why, []).append(iso)
    if not by_why:
        return ""
    parts = [tr("{dates} ({why})", dates=days_off_label(isos, weekdays=True), why=why)
             for why, isos in by_why.items()]
    return tr("{days} stay as they were.", days=listing(parts))


def range_note(before: m.Plan, after: m.Plan, days: DaysOffRange) -> str:
    """The status bar's sentence after :class:`SetDaysOff` of ``days``: the rep, the days and
    how many, the visits planned on them (they stay until the calendar is built again), and
    the days left as they were."""
    rep = rep_name(after.territory(days.territory_id))
    n = len(days.dates)
    dates = days_off_label(days.dates, weekdays=True)
    if days.off:
        head = trn("{rep} is off on {dates} ({n} day).", "{rep} is off on {dates} ({n} days).",
                   n, rep=rep, dates=dates)
        s = after.schedule
        visits = 0
        if s is not None and "date" in s:
            visits = int(((s["territory"] == days.territory_id)
                          & s["date"].isin(list(days.dates))).sum())
        tail = trn(
            "Its {n} visit stays planned until you build the calendar again (keeping the "
            "visit days), which moves it to another day of the same week, or leaves it out "
            "when no day has room.",
            "Its {n} visits stay planned until you build the calendar again (keeping the "
            "visit days), which moves them to other days of the same week, or leaves out "
            "those no day has room for.", visits) if visits else tr(
            "The calendar has no visits of theirs on these days.")
    else:
        head = trn("{rep} works again on {dates} ({n} day).",
                   "{rep} works again on {dates} ({n} days).", n, rep=rep, dates=dates)
        tail = tr("Build the calendar again to use them.")
    return sentences(head, tail, kept_text(days.kept))


def nothing_text(days: DaysOffRange) -> str:
    """Why a range changes nothing (every day closed, off already, or no working day)."""
    kept = kept_text(days.kept)
    return sentences(tr("No day to change."), kept) if kept else tr(
        "No working day of the rep in these dates.")
