"""A kept day too long in a rebuild that keeps the visit days: customers move before any leave.

A calendar rebuilt with ``keep_days`` pins every customer on the day the previous calendar
had; a hand move onto a full day (9.1 hours on Tuesdays) or a change of the day length then
leaves a day longer than the working day. :meth:`planner._schedule_days.TerritoryDays.repair`
first moves customers of such a day to another position of their own rhythm where every day
has room (:func:`move_off_day`: those placed anew, then those kept on their day, the fewest
visits first; never the customers on days set by hand, 訪問曜日 or a hand move), and only
when no one can move does the least important customer leave. A customer a hand move in the
calendar put on its day (:data:`planner.model.HAND_DAYS`, the manager's choice) whose day
cannot hold it is moved to another day of its rhythm rather than left out (:func:`move_hand`,
its own closing days still hold), and the calendar says so (``cal.hand_moved``); one whose
visit days were typed (the list, Edit customer: the customer's wish, ``cal.wishes``) is kept
on them like a fixed day, as a fresh build keeps it, or leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner._schedule_days import DayKey, TerritoryDays


def onto_avoided(cal: TerritoryDays, old: set[DayKey], new: set[DayKey]) -> bool:
    """True when a customer moving from days ``old`` to days ``new`` would have more visits on
    the days of ``cal.avoid`` (holidays, days off: a visit there may be lost) than before."""
    return len((new - old) & cal.avoid) > len((old - new) & cal.avoid)


def by_hand(cal: TerritoryDays, j: int) -> bool:
    """True for customer ``j`` on days set by hand (訪問曜日, a hand move), not kept by the
    rebuild: the manager chose its day."""
    return j in cal.shop_closed and j not in cal.unpinned


def move_off_day(cal: TerritoryDays, candidates: Sequence[int]) -> bool:
    """Move one of ``candidates`` (customers of a day too long, in the order they would leave
    it) to another position of its rhythm where every day holds it: one placed anew as it
    is, one kept on its day with the keeping pin dropped (its closing days and visit week
    hold, :meth:`TerritoryDays._release`): those placed anew first (no one was told their
    day), then those with fewer visits (a monthly customer moves one visit, a weekly four); a customer on days set by hand stays, and
    no kept one moves off a day holding a customer the previous calendar left out
    (``cal.yielding``: it leaves instead). True when one moved."""
    order = {j: n for n, j in enumerate(candidates)}
    # a customer the previous calendar left out moves no kept customer: it gives way
    stay = any(j in cal.yielding and j not in cal.unpinned for j in candidates)
    for j in sorted(candidates, key=lambda j: (j in cal.unpinned, len(cal.keys_of(j)), order[j])):
        if by_hand(cal, j) or (stay and j in cal.unpinned):
            continue
        if j in cal.unpinned:
            if cal._release(j, lambda k: _move(cal, k)):
                return True
        elif _move(cal, j):
            return True
    return False


def _move(cal: TerritoryDays, j: int) -> bool:
    """:meth:`TerritoryDays._try_move`, on the clock when the territory has visiting hours
    (a customer moved onto a day must not make it late, or be late itself)."""
    if not cal.windows:
        return cal._try_move(j)
    from planner._schedule_windows import _move as timed_move

    return timed_move(cal, j) is not None


def move_hand(cal: TerritoryDays, j: int) -> bool:
    """Move customer ``j`` on days set by hand, which its day cannot hold, to another position
    of its rhythm with room: its own closing days (定休日) and visit week still hold, only the
    hand-set weekday gives way. Recorded in ``cal.hand_moved``; False (nothing changed) when
    no day has room."""
    pinned = cal.closed.get(j), cal.weeks.get(j)
    cal._pin(j, cal.shop_closed[j], cal.weeks.get(j))
    if _move(cal, j):
        cal.hand_moved.add(j)
        return True
    cal._pin(j, *pinned)
    return False


def leave_or_move(cal: TerritoryDays, day: Sequence[int], chosen: int) -> int | None:
    """The customer to take off a day too long (``day``: its customers) instead of
    ``chosen``, or None when a customer on days set by hand moved to another day instead:
    a customer set by hand less important than ``chosen`` moves (or else leaves) first, so
    that keeping a small account on its hand-set day never costs a bigger one its visits;
    ``chosen`` set by a hand move moves when a day has room for it; one whose visit days were
    typed (``cal.wishes``: the customer's wish) stays on them, or leaves."""
    smaller = [j for j in day if by_hand(cal, j) and cal.importance[j] < cal.importance[chosen]]
    if smaller:
        chosen = min(smaller, key=lambda j: int(cal.importance[j]))
    if by_hand(cal, chosen) and chosen not in cal.wishes and move_hand(cal, chosen):
        return None
    return chosen  # a typed weekday is the customer's wish: kept like a fixed day
