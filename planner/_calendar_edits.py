"""Hand edits of the calendar: move customers' visits from one day of the cycle to another.

A manager knows what the calendar cannot: that shop wants the rep before noon on
Thursdays. A move onto one of a customer's closing days (定休日), or onto a weekday the
territory's rep does not work (:mod:`planner.rep_days`), is refused. :class:`MoveVisits` moves the selected customers'
visits on one weekday to another weekday (and, for customers seen less than weekly, to
another week), keeping each customer's rhythm: a weekly customer moves every week, an
every-two-weeks customer moves its whole alternate-week series, a twice-a-week customer
only the visits of the day it is moved from. The days it leaves and joins are routed
again from the rep's start point (arrival and departure times, travel, the drive back and
the day's hours are recomputed); every other day stays exactly as it was. The moved
customers' visit days (訪問曜日, ``visit_days``) become the weekdays they are now visited
on, and those seen every 2, 4 … weeks get the visit week (訪問週, ``visit_week``) of their
first visit after the move, so rebuilding the calendar keeps the manager's move (weekday
and weeks). The inverse is :class:`SetSchedule` with the previous calendar, visit days and
visit weeks, so undo gives all three back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_once import moved_on, one_off_moves
from planner._calendar_reps import RepNames
from planner._calendar_reroute import ROUTE_SECONDS as ROUTE_SECONDS  # re-exported
from planner._calendar_reroute import reroute as _reroute
from planner._calendar_skipped import carried_skipped
from planner._edit_base import Changes, Edit, _set_column, applies
from planner._schedule_off import SKIPPED_KEY
from planner._schedule_told import CHANGED_KEY, changed_customers, moved_changes
from planner._schedule_zones import pattern_for
from planner.closed_days import split_days
from planner.days_off import closed_cells
from planner.errors import PlannerError
from planner.i18n import tr, trn
from planner.rep_days import built_days, calendar_days, days_label, rep_name
from planner.schedule_index import customers_mask
from planner.visit_days import pinned_days
from planner.visit_weeks import first_week, visit_week_text


@dataclass(frozen=True, eq=False)
class SetSchedule(Edit):
    """Replace the calendar (the undo of a hand edit), and the visit days of
    ``customer_ids`` with ``visit_days`` (and their visit weeks with ``visit_weeks`` when
    given); ``unscheduled`` is left as it is."""

    schedule: pd.DataFrame | None
    customer_ids: tuple[str, ...] = ()
    visit_days: tuple[str, ...] = ()
    visit_weeks: tuple[str, ...] = ()
    #: the customers to tell about a new rep, day or week (``meta["schedule_changed_days"]``);
    #: None leaves them as they are
    changed: dict[str, list[object]] | None = None
    #: the visits closed days left out (``meta["schedule_skipped"]``); None leaves them
    skipped: list[list[str]] | None = None
    #: the visit days of ``customer_ids`` as a hand move set them (:data:`planner.model.HAND_DAYS`,
    #: "" = typed or none); empty leaves them as they are
    hand_days: tuple[str, ...] = ()

    def describe(self) -> str:
        return tr("Change the calendar")

    def keeps_figures(self) -> bool:
        """The territories' figures never read the calendar, visit days or weeks."""
        return True


def _with_changed(plan: m.Plan, changed: dict[str, list[object]] | None) -> m.Plan:
    """``plan`` with ``changed`` as the customers to tell (unchanged when None)."""
    if changed is None:
        return plan
    return plan.replace(meta={**(plan.meta or {}), CHANGED_KEY: dict(changed)})


def _with_skipped(plan: m.Plan, skipped: list[list[str]] | None) -> m.Plan:
    """``plan`` with ``skipped`` as the visits closed days left out (unchanged when None)."""
    if skipped is None:
        return plan
    return plan.replace(meta={**(plan.meta or {}), SKIPPED_KEY: [list(r) for r in skipped]})


def _skipped_now(plan: m.Plan, skipped: list[list[str]] | None) -> list[list[str]] | None:
    """The plan's left-out visits, to give back on undo (None when ``skipped`` is)."""
    if skipped is None:
        return None
    return [list(r) for r in (plan.meta or {}).get(SKIPPED_KEY) or []]


@applies(SetSchedule)
def _set_schedule(plan: m.Plan, edit: SetSchedule) -> tuple[m.Plan, Edit, Changes]:
    told = None if edit.changed is None else changed_customers(plan)
    left = _skipped_now(plan, edit.skipped)
    plan = _with_skipped(_with_changed(plan, edit.changed), edit.skipped)
    if not edit.customer_ids:
        inverse = SetSchedule(plan.schedule, changed=told, skipped=left)
        return plan.replace(schedule=edit.schedule), inverse, Changes(schedule=True)
    new, old = _set_column(plan, edit.customer_ids, m.VISIT_DAYS, edit.visit_days)
    old_weeks: tuple[str, ...] = ()
    if edit.visit_weeks:
        new, before = _set_column(new, edit.customer_ids, m.VISIT_WEEK, edit.visit_weeks)
        old_weeks = tuple(str(v) for v in before)
    old_hand: tuple[str, ...] = ()
    if edit.hand_days:
        new, hand = _set_column(new, edit.customer_ids, m.HAND_DAYS, edit.hand_days)
        old_hand = tuple(str(v) for v in hand)
    inverse = SetSchedule(
        plan.schedule, edit.customer_ids, tuple(str(v) for v in old), old_weeks, told, left,
        old_hand,
    )
    changes = Changes(schedule=True, customers=True, customer_ids=edit.customer_ids)
    return new.replace(schedule=edit.schedule), inverse, changes


@dataclass(frozen=True)
class MoveVisits(Edit):
    """Move ``customer_ids``' visits of ``source`` to ``target``; both are (week, day).

    ``week`` is 1-based; ``day`` a weekday code ("mon" …). Each customer's visits on the
    source weekday in the weeks of the source week's series (its period) move by the same
    number of weeks to the target weekday.
    """

    customer_ids: tuple[str, ...]
    source: tuple[int, str]
    target: tuple[int, str]

    def replays_on_redo(self) -> bool:
        """The days it touches are ordered again within :data:`ROUTE_SECONDS`: a redo under
        load could give another order and other times than the manager saw."""
        return True

    def keeps_figures(self) -> bool:
        """The territories' figures never read the calendar, visit days or weeks."""
        return True

    def describe(self) -> str:
        return trn(
            "Move the visits of {n} customer", "Move the visits of {n} customers",
            len(self.customer_ids))


@applies(MoveVisits)
def _move_visits(plan: m.Plan, edit: MoveVisits) -> tuple[m.Plan, Edit, Changes]:
    schedule = plan.schedule
    if schedule is None or schedule.empty:
        raise PlannerError(tr("There is no calendar yet: build it first."))
    weeks = int((plan.meta or {}).get("schedule_weeks") or schedule["week"].max())
    built = (plan.meta or {}).get("schedule_days_by_territory") or {}
    days = {*built_days(plan), *(str(d) for v in built.values() for d in v)}
    days |= {d for t in plan.territories for d in t.working_days}
    (src_week, src_day), (dst_week, dst_day) = edit.source, edit.target
    for week, day in (edit.source, edit.target):
        if day not in days or not 1 <= int(week) <= weeks:
            raise PlannerError(
                tr("The calendar has no day {day} of week {week}.", day=day, week=week)
            )
    if (src_week, src_day) == (dst_week, dst_day):
        return plan, SetSchedule(schedule), Changes()
    moved, from_weeks = _moved_rows(plan, schedule, edit)
    if not moved.any():
        raise PlannerError(tr("None of these customers is visited on that day."))
    _refuse_closing_day(plan, schedule.loc[moved, "customer_id"], dst_day)
    _refuse_day_off(plan, schedule.loc[moved, "territory"], dst_day)
    _refuse_closed_date(plan, schedule.loc[moved, "territory"], int(dst_week), dst_day, weeks)
    out = schedule.copy(deep=False)  # the columns set below are copied as they are set
    shift = int(dst_week) - int(src_week)
    old_slots = set(zip(out.loc[moved, "territory"], out.loc[moved, "week"],
                        out.loc[moved, "day"], strict=True))
    out.loc[moved, "week"] = (from_weeks[moved] - 1 + shift) % weeks + 1
    out.loc[moved, "day"] = dst_day
    once: set[tuple[str, str]] = set()  # a one-off visit moved on stays one (it is told)
    if "moved_from" in out:  # placed by hand now: no longer a holiday's move
        held = one_off_moves(plan)
        keep = np.zeros(len(out), dtype=bool)  # only the moved rows can be kept (235,000 rows
        at = np.flatnonzero(moved)  # at 100,000 customers: 0.3 s row by row over them all)
        keep[at] = [(str(c), str(v)) in held for c, v in zip(
            out["customer_id"].to_numpy(dtype=object)[at],
            out["moved_from"].to_numpy(dtype=object)[at], strict=True)]
        once = set(zip(out.loc[keep, "customer_id"].astype(str),
                       out.loc[keep, "moved_from"].astype(str), strict=True))
        out.loc[moved & ~keep, "moved_from"] = ""
    _keep_off_closed_dates(plan, schedule, out, moved, weeks)
    # the series' visits a closed day left out move with it (back in when the day is open)
    skipped, back = carried_skipped(plan, schedule.loc[moved], edit.source, edit.target, weeks)
    if skipped is None and back.empty and _same_visits(schedule, out, moved):
        return plan, SetSchedule(schedule), Changes()  # a weekly series moved a week on
    new_slots = set(zip(out.loc[moved, "territory"], out.loc[moved, "week"],
                        out.loc[moved, "day"], strict=True))
    new_slots |= set(zip(back["territory"], back["week"], back["day"], strict=True))
    if len(back):
        out = pd.concat([out, back], ignore_index=True)
    # only the moved customers' visits can clash (the others' are as they were): their rows
    ours = out.iloc[np.flatnonzero(np.isin(out["customer_id"].to_numpy(dtype=object),
                                           list(edit.customer_ids)))]
    clash = ours.duplicated(["customer_id", "week", "day"], keep=False)
    if clash.any():
        who = ", ".join(sorted(set(ours.loc[clash, "customer_id"].astype(str)))[:3])
        raise PlannerError(tr("{codes} already have a visit on that day.", codes=who))
    out = _reroute(plan, out, old_slots | new_slots, base=schedule)
    ids = tuple(dict.fromkeys(schedule.loc[moved, "customer_id"].astype(str)))
    at = np.flatnonzero(customers_mask(out, ids))  # the moved customers' rows only
    if "moved_from" in out:  # a visit a closed date holds on another day does not pin it
        at = at[(out["moved_from"].iloc[at].astype(str) == "").to_numpy()]
    visits = out.iloc[at][["customer_id", "week", "day"]]
    by_id = dict(tuple(visits.groupby(visits["customer_id"].astype(str))))
    pinned = tuple(pinned_days(by_id[i]) for i in ids)  # keeps the move through a rebuild
    new, old = _set_column(plan, ids, m.VISIT_DAYS, pinned)
    # set by hand, not typed: a rebuild keeping the days may move it to another day when
    # its own has no room (a typed weekday is the customer's wish, kept like a fixed day)
    new, old_hand = _set_column(new, ids, m.HAND_DAYS, pinned)
    periods = _periods(plan, ids)
    week_texts = tuple(
        visit_week_text(first_week(by_id[i]["week"], periods[i])) if periods[i] > 1
        else _stored_week(plan, i)
        for i in ids
    )
    new, old_weeks = _set_column(new, ids, m.VISIT_WEEK, week_texts)
    before = changed_customers(plan)
    new = _with_changed(new, moved_changes(before, schedule, out, ids,  # the rep tells them
                                            RepNames.of(plan, rep_name)))
    left = _skipped_now(plan, skipped)
    new = _with_skipped(new, skipped)
    return (
        moved_on(new, out, once),
        SetSchedule(
            schedule, ids, tuple(str(v) for v in old), tuple(str(v) for v in old_weeks), before,
            left, tuple(str(v) for v in old_hand),
        ),
        Changes(schedule=True, customers=True, customer_ids=ids),
    )


def _same_visits(before: pd.DataFrame, after: pd.DataFrame, moved: np.ndarray) -> bool:
    """Whether the moved visits land on the very days they were on (a weekly customer moved
    from week 1 Tue to week 2 Tue): nothing to move, no day to route again."""
    keys = ["customer_id", "week", "day"]
    was = sorted(map(tuple, before.loc[moved, keys].astype(str).to_numpy().tolist()))
    now = sorted(map(tuple, after.loc[moved, keys].astype(str).to_numpy().tolist()))
    return was == now


def _periods(plan: m.Plan, ids: tuple[str, ...]) -> dict[str, int]:
    """Each customer's period in weeks as the calendar builder gives it (its frequency, else
    its rank's, on its rep's working days)."""
    c = plan.customers
    s = plan.settings
    rows = c[c[m.CUSTOMER_ID].astype(str).isin(set(ids))]
    out: dict[str, int] = {}
    for cid, freq, rank, terr in zip(
        rows[m.CUSTOMER_ID].astype(str), rows[m.FREQUENCY], rows[m.RANK].astype(str),
        rows[m.TERRITORY].astype(str), strict=True,
    ):
        f = float(freq)
        if not np.isfinite(f):
            f = float(s.frequency_by_rank.get(rank, s.default_frequency))
        out[cid] = pattern_for(f, len(calendar_days(plan, terr))).period if f > 0 else 1
    return out


def _stored_week(plan: m.Plan, customer_id: str) -> str:
    """A customer's stored visit week, as the plan keeps it (unchanged by a move)."""
    c = plan.customers
    value = c.loc[c[m.CUSTOMER_ID].astype(str) == customer_id, m.VISIT_WEEK]
    return str(value.iloc[0]) if len(value) else ""


def _refuse_closing_day(plan: m.Plan, moving: pd.Series, day: str) -> None:
    """Raise when one of the ``moving`` customers is closed on ``day`` (its 定休日)."""
    c = plan.customers
    mine = c[c[m.CUSTOMER_ID].isin(set(moving.astype(str)))]
    shown = [
        str(name) or str(code)
        for name, code, value in zip(mine[m.NAME], mine[m.CUSTOMER_ID], mine[m.CLOSED_DAYS],
                                     strict=True)
        if day in split_days(value)
    ]
    if shown:
        who = ", ".join(shown[:3])
        if len(shown) > 3:
            who += tr(" and {n} more", n=len(shown) - 3)
        raise PlannerError(
            tr(
                "{names} is closed on {day} (closing day); the visits were not moved.",
                names=who,
                day=tr(m.WEEKDAY_TITLES[day]),
            )
        )


def _refuse_day_off(plan: m.Plan, territories: pd.Series, day: str) -> None:
    """Raise when the rep of one of ``territories`` does not work on ``day`` (own working days)."""
    for tid in dict.fromkeys(territories.astype(str)):
        if tid in plan.territory_ids and day not in calendar_days(plan, tid):
            raise PlannerError(
                tr(
                    "{rep} does not work on {day} (working days: {days}); the visits were not "
                    "moved.",
                    rep=rep_name(plan.territory(tid)),
                    day=tr(m.WEEKDAY_TITLES[day]),
                    days=days_label(calendar_days(plan, tid)),
                )
            )


def _refuse_closed_date(
    plan: m.Plan, territories: pd.Series, week: int, day: str, weeks: int
) -> None:
    """Raise when the target day is closed for one of ``territories``' reps on the calendar's
    dates: a public holiday (when visits move off them), the company's day off or the rep's
    own, as the Calendar shows it (祝日, 休業日, 休み)."""
    key = (week - 1, m.WEEKDAYS.index(day))
    for tid in dict.fromkeys(territories.astype(str)):
        if tid not in plan.territory_ids:
            continue
        t = plan.territory(tid)
        closed = closed_cells(t, plan.settings, weeks, m.WEEKDAYS).get(key)
        if closed is not None:
            date = dt.date.fromisoformat(closed[1])
            raise PlannerError(
                tr("{date} is {what} for {rep}: no visits are planned on it; the visits were "
                   "not moved.", date=f"{date.month}/{date.day}", what=closed[2],
                   rep=rep_name(t))
            )


def _series(
    plan: m.Plan, schedule: pd.DataFrame, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each visit's weekday and week in its series (of the visits at positions ``rows``, all
    when None): its own, or for a visit a holiday moved (a Tuesday customer seen on Monday
    1/4 instead of 12/29), the day it was moved from."""
    at = slice(None) if rows is None else rows
    days = schedule["day"].to_numpy(dtype=object)[at].copy()
    weeks = schedule["week"].to_numpy(dtype=np.int64)[at].copy()
    monday = None
    if "moved_from" in schedule and plan.settings.start_date:
        from planner._schedule_dates import first_monday

        monday = first_monday(plan.settings)
    if monday is None:
        return days, weeks
    for i, was in enumerate(schedule["moved_from"].to_numpy(dtype=object)[at]):
        if was:
            date = dt.date.fromisoformat(str(was))
            days[i] = m.WEEKDAYS[date.weekday()]
            weeks[i] = (date - monday).days // 7 + 1
    return days, weeks


def _moved_rows(
    plan: m.Plan, schedule: pd.DataFrame, edit: MoveVisits
) -> tuple[np.ndarray, np.ndarray]:
    """Mask of the rows that move, and the week each moves from. Dragged from a customer's
    own day, its series on that weekday moves, the visits a holiday moved off it included
    (:func:`_series`: each visit's weekday and week with a holiday's move undone); dragged
    from a day a holiday moved a visit to, that weekday's visits move (the moved one). Only
    the moved customers' rows are read (the whole calendar's took 30 ms at 100,000)."""
    src_week, src_day = int(edit.source[0]), edit.source[1]
    rows = np.flatnonzero(customers_mask(schedule, edit.customer_ids))
    days, weeks = _series(plan, schedule, rows)
    ids = schedule["customer_id"].iloc[rows].astype(str).to_numpy(dtype=object)
    now_day = schedule["day"].to_numpy(dtype=object)[rows]
    all_weeks = schedule["week"].to_numpy(dtype=np.int64)
    now_week = all_weeks[rows]
    at_source = (now_day == src_day) & (now_week == src_week)
    regular = at_source & (days == now_day) & (weeks == now_week)
    own = np.isin(ids, ids[regular])  # dragged from their own day: the whole series
    other = np.isin(ids, ids[at_source & ~regular]) & ~own  # dragged a holiday's move
    moved = np.zeros(len(schedule), dtype=bool)
    moved[rows] = (own & (days == src_day)) | (other & (now_day == src_day))
    from_weeks = all_weeks.copy()
    from_weeks[rows] = np.where(own, weeks, now_week)
    return moved, from_weeks


def _keep_off_closed_dates(
    plan: m.Plan, before: pd.DataFrame, out: pd.DataFrame, moved: np.ndarray, weeks: int
) -> None:
    """A moved visit that would fall on a closed date (a weekly customer moved to Tuesdays
    while 12/29 is the company's day off) stays on its day that week, as a holiday moves it:
    ``moved_from`` names the closed date, so the rep tells the customer."""
    cells = {tid: closed_cells(plan.territory(tid), plan.settings, weeks, m.WEEKDAYS)
             for tid in dict.fromkeys(out.loc[moved, "territory"].astype(str))
             if tid in plan.territory_ids}
    for label in out.index[moved]:
        tid = str(out.at[label, "territory"])
        key = (int(out.at[label, "week"]) - 1, m.WEEKDAYS.index(str(out.at[label, "day"])))
        closed = cells.get(tid, {}).get(key)
        if closed is None:
            continue
        out.at[label, "week"] = before.at[label, "week"]
        out.at[label, "day"] = before.at[label, "day"]
        if "moved_from" in out:
            was = before.at[label, "moved_from"]
            out.at[label, "moved_from"] = was or closed[1]
