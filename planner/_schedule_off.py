"""Visits on closed days (public holidays, days off, company holidays) moved elsewhere.

A calendar repeats its weekly pattern; once it has real dates, the visits falling on a
closed day move to another day of the same week, or, for customers seen every two weeks
or less often, to the week before or after, and for those seen every four weeks or less
often to any week of their period with room, the nearest first (:func:`move_off`); a
customer whose visit days
(訪問曜日) leave no such day is seen on another day of the week rather than not at all,
never on its closing days. A weekly customer's visit
that no day of its week has room for takes the place of such a customer's visit, which
moves a week. Visits that fit nowhere are returned: the builder lists them as visits left
out for that date, while their customers keep their other visits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import holiday_label
from planner._schedule_days import DayKey, TerritoryDays
from planner._schedule_windows import fits_with
from planner.i18n import tr

#: The plan meta key of the visits left out on closed days: ``[[customer_id, territory,
#: ISO date, reason], …]`` (their customers keep their other visits).
SKIPPED_KEY = "schedule_skipped"
SKIPPED_COLUMNS = ("customer_id", "territory", "date", "reason")
#: The plan meta key of the closed-day visits of customers left with no visit at all (they are
#: in ``plan.unscheduled``): ``[[customer_id, territory, ISO date], …]``.
CLOSED_OUT_KEY = "schedule_closed_out"
#: The plan meta key of the visits of open days that gave way to a customer's only visit
#: (:mod:`planner._schedule_give_way`; listed in :data:`SKIPPED_KEY` too): ``[[customer_id,
#: territory, ISO date, customer_id of the customer placed], …]``.
GAVE_WAY_KEY = "schedule_gave_way"

#: Exchanges :func:`_make_room` routes for one visit before it gives up (each may route a
#: day on the clock).
ROOM_TRIES = 6
#: Customers seen every this many weeks or less often may have a closed day's visit moved to
#: any week of their period, not only the week before or after (:func:`_other_weeks`).
FAR_PERIOD = 4


#: (day, customer) of a visit moved by :func:`move_off` → the day it was planned on
Moved = dict[tuple[DayKey, int], DayKey]


def move_off(
    cal: TerritoryDays, closed: set[DayKey], moved: Moved | None = None
) -> list[tuple[int, DayKey]]:
    """Move every visit off the ``closed`` days (public holidays, days off).

    Each visit goes to the nearest open working day of its week (by weekday, then by
    the travel it adds) that does not already see the customer, is not one of the
    customer's closing days and stays within the working day (and, with visiting
    hours, keeps every visit of that day inside them). Weekly customers go first, as
    they have only their week; a customer seen every two weeks or less often (without
    a fixed visit week) may instead take the week before or after, one seen every four
    weeks or less often any week less than its period away (:func:`_other_weeks`: a
    monthly customer any week of the cycle), the nearest with room. A weekly visit that
    still fits nowhere takes the place of such a customer's visit in its week when that
    one can move to the week before or after. Returns the visits that fit nowhere, as
    ``(customer, closed day)``; they are taken off the calendar for that day only.
    ``moved`` receives where each moved visit was planned.
    """
    lost: list[tuple[int, DayKey]] = []
    moved = {} if moved is None else moved
    for key in sorted(closed):
        if key not in cal.stops:
            continue
        order = sorted(cal.stops[key], key=lambda j: (cal.patterns[j].period, -cal.service[j]))
        for i in order:
            if not move_visit(cal, i, key, closed, moved):
                lost.append((i, key))
    return lost


def move_visit(
    cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], moved: Moved,
    room: Callable[[], DayKey | None] | None = None,
) -> bool:
    """Take customer ``i``'s visit off the closed day ``key`` and put it on an open day
    (:func:`move_off`'s order of tries; ``room``, when given, is tried after a day with room
    and before another visit is moved to make some). False: it fits nowhere and is off."""
    cal._take_out(key, i)
    target = _open_day(cal, i, key, closed)
    if target is None and room is not None:
        target = room()
    if target is None and _make_room(cal, i, key, closed, moved):
        return True
    if target is None and i in cal.shop_closed:  # another day than its visit days,
        target = _open_day(cal, i, key, closed, own_days=False)  # rather than none
    if target is None:
        return False
    cal._put_in(target, i)
    moved[(target, i)] = key
    return True


def shiftable(cal: TerritoryDays, i: int) -> bool:
    """Whether customer ``i``'s visit may move to the week before or after (seen every
    two weeks or less often, no fixed visit week)."""
    return cal.patterns[i].period > 1 and _limits(cal, i)[1] is None


def _limits(cal: TerritoryDays, i: int) -> tuple[frozenset[int], int | None]:
    """Customer ``i``'s closing days and fixed week offset as a closed day's visit sees them:
    a customer a rebuild keeps on its day (``keep_days``) moves off a holiday like any other,
    only its own closing days and visit week (訪問曜日, 訪問週) hold."""
    if i in cal.unpinned:
        shut, week = cal.unpinned[i]
        return shut or frozenset(), week
    return cal.closed.get(i, frozenset()), cal.weeks.get(i)


def _open_day(
    cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], *, same_week: bool = True,
    own_days: bool = True,
) -> DayKey | None:
    """The open day nearest to ``key`` that takes customer ``i``'s visit (see
    :func:`move_off`), or None; ``same_week=False`` offers only the weeks beside it;
    ``own_days=False`` any day but the customer's closing days, its visit days aside."""
    week, day = key
    weeks = [week] if same_week else []
    if shiftable(cal, i):  # another week, if the customer has no visit there yet
        weeks += [w for w in _other_weeks(cal, i, week, far=same_week) if not any(
            i in cal.stops[(w, d)] for d in range(cal.n_days))]
    shut = _limits(cal, i)[0] if own_days else cal.shop_closed.get(i, frozenset())
    # nearest first (its own week, then by days away): the first group holding a day with
    # room decides, the travel added choosing within it (each try may route a timed day)
    groups: dict[tuple[bool, int], list[DayKey]] = {}
    for w in weeks:
        for d in range(cal.n_days):
            other = (w, d)
            if (other not in closed and i not in cal.stops[other] and d not in shut
                    and _apart(cal, i, other)):
                gap = abs(7 * (w - week) + cal.weekday_no[d] - cal.weekday_no[day])
                groups.setdefault((w != week, gap), []).append(other)
    for _near, days in sorted(groups.items()):
        options = []
        for other in days:
            if not _may_fit(cal, other, i):
                continue
            fits, minutes = fits_with(cal, other, i)
            if fits:
                options.append((minutes - cal.length(other), other))
        if options:
            return min(options)[1]
    return None


def _other_weeks(cal: TerritoryDays, i: int, week: int, *, far: bool) -> list[int]:
    """The weeks customer ``i``'s visit of ``week`` may move to: the week before or after;
    with ``far``, for a customer seen every 4 weeks or less often, any week less than its
    period away (every week of the cycle for a monthly customer), the nearest taking it
    first (:func:`_open_day` orders them by days away)."""
    period = cal.patterns[i].period
    reach = period - 1 if far and period >= FAR_PERIOD else 1
    return [w for w in range(week - reach, week + reach + 1)
            if w != week and 0 <= w < cal.horizon]


def _make_room(
    cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], moved: Moved
) -> bool:
    """Put customer ``i``'s visit of closed day ``key`` on an open day of its week by
    moving another customer's visit from that day to the week before or after (the nearest
    days first; at most :data:`ROOM_TRIES` such exchanges are routed)."""
    week, _day = key
    shut = _limits(cal, i)[0]
    tries = 0
    for d in sorted(
        range(cal.n_days), key=lambda d: abs(cal.weekday_no[d] - cal.weekday_no[key[1]])
    ):
        here = (week, d)
        if here in closed or i in cal.stops[here] or d in shut or not _apart(cal, i, here):
            continue
        for j in sorted(cal.stops[here], key=lambda j: -cal.service[j]):
            if (here, j) in moved:  # moved off a closed day already: no further from its day
                continue
            if j in cal.settled:  # kept on its day by a rebuild: pushed a week for no one
                continue
            if not shiftable(cal, j) or not _may_fit(cal, here, i, instead_of=j):
                continue
            target = _open_day(cal, j, here, closed, same_week=False)
            if target is None:
                continue
            cal._take_out(here, j)
            if fits_with(cal, here, i)[0]:
                cal._put_in(target, j)
                cal._put_in(here, i)
                moved[(target, j)] = moved.pop((here, j), here)
                moved[(here, i)] = key
                return True
            cal._put_in(here, j)
            tries += 1
            if tries >= ROOM_TRIES:
                return False
    return False


def _apart(cal: TerritoryDays, i: int, key: DayKey) -> bool:
    """Whether day ``key`` is at least two days from customer ``i``'s other visit of its
    week (a twice-a-week customer is never seen two days running; one seen three times a
    week has no such day, and takes the nearest)."""
    if cal.patterns[i].per_week != 2:
        return True
    week, day = key
    return all(abs(cal.weekday_no[d] - cal.weekday_no[day]) >= 2
               for d in range(cal.n_days) if d != day and i in cal.stops[(week, d)])


def _may_fit(cal: TerritoryDays, key: DayKey, i: int, *, instead_of: int | None = None) -> bool:
    """Whether customer ``i`` may fit into day ``key`` (with ``instead_of`` taken out): its
    visits and the travel of the day's present order, with ``i`` at its cheapest place,
    within the working day. Waiting for visiting hours only adds, so a day this rules out
    is not routed on the clock to learn it."""
    order = [x for x in cal.routes[key][0] if instead_of is None or x != instead_of + 1]
    idx = np.asarray(order, dtype=np.int64)
    nxt = np.roll(idx, -1)
    x = i + 1
    travel = float(cal.m[idx, nxt].sum())
    extra = float((cal.m[idx, x] + cal.m[x, nxt] - cal.m[idx, nxt]).min())
    visits = float(cal.service[idx[idx > 0] - 1].sum()) + float(cal.service[i])
    return travel + extra + visits <= cal.limit + 1e-6


def closed_day_losses(
    cal: TerritoryDays,
    closed: Mapping[DayKey, tuple[str, str]],
    *,
    days_off: Collection[DayKey] = (),
    company: Collection[DayKey] = (),
    moved: Moved | None = None,
    lost: list[tuple[int, DayKey]] | None = None,
) -> list[tuple[int, str, str]]:
    """:func:`move_off` of the ``closed`` days ((week, day) → (ISO date, holiday name));
    the visits that fit nowhere as ``(customer, ISO date, reason)``, the reason naming
    why the day is closed (the rep's day off, a company holiday, else the public holiday)
    and where the program looked for room; ``moved`` as in :func:`move_off`. ``lost``: the
    visits already moved off and left out (:func:`planner._schedule_keep_off.move_off_kept`),
    only to be given their reasons."""
    out = []
    for i, key in move_off(cal, set(closed), moved) if lost is None else lost:
        date, name = closed[key]
        if name:
            what = tr("a public holiday ({name})", name=holiday_label(name))
        elif key in days_off:
            what = tr("the rep's day off")
        else:
            what = tr("a company holiday") if key in company else tr("a day off")
        week = key[0]
        open_days = {d for d in range(cal.n_days) if (week, d) not in closed}
        # its own closing days (a customer kept on its day is held there by the calendar only)
        kept = cal.unpinned[i][0] if i in cal.unpinned else cal.closed.get(i, frozenset())
        shut = cal.shop_closed.get(i, kept)
        barred = shut | {  # or its other visit of the week is there
            d for d in open_days if i in cal.stops.get((week, d), ())}
        if open_days and open_days <= barred and shut:
            reason = tr(  # its 訪問曜日 or 定休日 leave it no other day, however empty they are
                "The visit of {date} falls on {what}, and the customer's visit days or closing "
                "days leave no other day of that week.", date=date, what=what,
            )
        elif shiftable(cal, i) and cal.patterns[i].period >= FAR_PERIOD:
            reason = tr(
                "The visit of {date} falls on {what}, and no day up to {weeks} weeks before or "
                "after it has room for it.", date=date, what=what,
                weeks=cal.patterns[i].period - 1,
            )
        elif shiftable(cal, i):
            reason = tr(
                "The visit of {date} falls on {what}, and no day of that week or the weeks "
                "beside it has room for it.", date=date, what=what,
            )
        else:
            reason = tr(
                "The visit of {date} falls on {what}, and no other day of that week has room "
                "for it.", date=date, what=what,
            )
        out.append((i, date, reason))
    return out


def skipped_visits(plan: m.Plan) -> pd.DataFrame:
    """The visits the last calendar build left out on closed days (:data:`SKIPPED_COLUMNS`);
    their customers keep their other visits."""
    rows = (plan.meta or {}).get(SKIPPED_KEY) or []
    return pd.DataFrame([list(r) for r in rows], columns=list(SKIPPED_COLUMNS)).astype(object)


def gave_way_visits(plan: m.Plan) -> pd.DataFrame:
    """The visits left out (:func:`skipped_visits`) that gave way to a customer's only visit
    of the cycle (:data:`GAVE_WAY_KEY`); one a hand move carried elsewhere is no more."""
    left = skipped_visits(plan)
    gave = {(str(c), str(t), str(d)) for c, t, d, *_ in (plan.meta or {}).get(GAVE_WAY_KEY) or []}
    mask = [(str(c), str(t), str(d)) in gave for c, t, d in
            zip(left["customer_id"], left["territory"], left["date"], strict=True)]
    return left[np.asarray(mask, dtype=bool)] if len(left) else left


def closed_day_events(plan: m.Plan) -> list[tuple[str, str, str, str]]:
    """Every visit a closed day moved or left out, as ``(customer_id, territory, planned ISO
    date, new ISO date or "" when left out)``: the moved visits (``moved_from``), the
    left-out ones (:func:`skipped_visits`) and those of customers left with no visit at all
    (:data:`CLOSED_OUT_KEY`)."""
    s = plan.schedule
    events: list[tuple[str, str, str, str]] = []
    if s is not None and "moved_from" in s.columns:
        moved = s[s["moved_from"].astype(str) != ""]
        events += zip(moved["customer_id"].astype(str), moved["territory"].astype(str),
                      moved["moved_from"].astype(str), moved["date"].astype(str), strict=True)
    left = skipped_visits(plan)
    events += [(str(c), str(t), str(d), "") for c, t, d in
               zip(left["customer_id"], left["territory"], left["date"], strict=True)]
    events += [(str(c), str(t), str(d), "") for c, t, d in
               (plan.meta or {}).get(CLOSED_OUT_KEY) or []]
    return events


def advance_notice(plan: m.Plan) -> dict[object, list[tuple[str, str, str]]]:
    """What a rep tells a customer about a closed day at the visit before it (route sales:
    "next week I come on Thursday, Friday is a holiday"), per row label of the plan's dated
    schedule, for each of :func:`closed_day_events`: ``(kind, new date or "", planned
    date)``, kind ``"moved"`` when the visit moved off its planned day, ``"skipped"`` when it
    is left out. A customer with no visit before the news is not listed (there is no
    earlier visit in the calendar to tell it at)."""
    schedule = plan.schedule
    if schedule is None or schedule.empty or "date" not in schedule.columns:
        return {}
    events = closed_day_events(plan)
    if not events:
        return {}
    told = {cid for cid, *_rest in events}  # only the customers with news (a few %)
    dated = schedule[(schedule["date"].astype(str) != "")
                     & schedule["customer_id"].astype(str).isin(told)]
    dated = dated.sort_values(["customer_id", "date"], kind="stable")
    visits = {str(cid): v for cid, v in dated.groupby("customer_id", sort=False)}
    out: dict[object, list[tuple[str, str, str]]] = {}
    for cid, _territory, planned, new in sorted(events):
        mine = visits.get(cid)
        if mine is None:
            continue
        before = mine[mine["date"].astype(str) < min(planned, new or planned)]
        if len(before):
            out.setdefault(before.index[-1], []).append(
                ("moved" if new else "skipped", new, planned))
    return out
