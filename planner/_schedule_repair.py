"""A territory's days shortened to the working day: the repair of
:meth:`planner._schedule_days.TerritoryDays.repair`.

The longest day above the limit first: a customer moves its whole pattern to another week
offset or weekday where every affected day still fits; as a last resort the customer whose
leaving helps the day most among the least important is taken out and reported. Keeping
the days of a previous calendar, customers placed anew leave a full day before those kept
on their days, and a customer moves to a day with room (its rhythm kept) before anyone
leaves (:mod:`planner._schedule_keep_repair`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._schedule_keep_repair import by_hand, leave_or_move, move_off_day
from planner._schedule_same_days import reroute_kept

if TYPE_CHECKING:
    from planner._schedule_days import TerritoryDays


def repair_days(cal: TerritoryDays, *, full_reason: str, max_rounds: int = 10_000) -> None:
    """Shorten every day of ``cal`` above the limit by moving, or as a last resort
    removing, visits."""
    keeping = bool(cal.unpinned)
    routed: set[frozenset[int]] = set()
    for _ in range(max_rounds):
        # keeping the days, a closed day (cal.avoid) too long loses only customers placed
        # anew: no one works it, the visits kept there move off it with the holiday moves
        over = [k for k in cal.stops if cal.length(k) > cal.limit + 1e-6
                and (k not in cal.avoid or _placed_anew(cal, cal.stops[k]))]
        if not over:
            return
        key = max(over, key=cal.length)
        if cal.unpinned and reroute_kept(cal, key, routed):
            continue  # the estimate was long: a kept day fits as it did
        # the visits whose removal saves most come first
        order = cal.routes[key][0]
        savings = []
        for pos in range(1, len(order)):
            a, x, b = order[pos - 1], order[pos], order[(pos + 1) % len(order)]
            saving = cal.m[a, x] + cal.m[x, b] - cal.m[a, b] + cal.service[x - 1]
            savings.append((float(saving), x - 1))
        savings.sort(reverse=True)
        if key in cal.avoid:
            anew = set(_placed_anew(cal, cal.stops[key]))
            savings = [t for t in savings if t[1] in anew]
        # the keeping order: who leaves a full day first
        rank = {j: (False, False) for _s, j in savings}
        chosen = None
        if keeping:  # customers placed anew leave before those kept on their days,
            # those on a day set by hand (訪問曜日, a hand move) last: they have no other
            rank = {j: (j in cal.shop_closed and j not in cal.unpinned, j in cal.unpinned)
                    for _s, j in savings}
            savings.sort(key=lambda t: rank[t[1]])
            excess = cal.length(key) - cal.limit
            enough = [t for t in savings if t[1] in cal.grown and t[0] >= excess]
            if enough and savings[0][1] in cal.unpinned:  # no one placed anew to take off
                chosen = enough[-1][1]  # the smallest that is enough
                savings.insert(0, enough[-1])
            # a customer moves to a day with room (its rhythm kept) before anyone leaves;
            # one now seen more often leaves first, keeping its previous visits
            if chosen is None and move_off_day(cal, [j for _s, j in savings]):
                continue
        else:
            # when the days hold more work than the calendar has room for, moving cannot
            # help
            total = sum(cal.length(k) for k in cal.stops)
            full = total > 0.98 * len(cal.stops) * cal.limit
            if not full and any(cal._try_move(i) for _, i in savings[:8]):
                continue
        # of those who would leave first, the smallest account (among equals one the
        # previous calendar left out, then the most saving): a full calendar drops a
        # monthly C customer before an A one, whether new, changed or left out last time
        first = [j for _s, j in savings if rank[j] == rank[savings[0][1]]]
        if chosen is None:
            chosen = min(first, key=lambda j: (cal.importance[j], j not in cal.yielding))
        if keeping:  # one set by hand moves to another day rather than leave
            chosen = leave_or_move(cal, [j for _s, j in savings], chosen)
            if chosen is None:
                continue
        cal.remove(chosen, full_reason)


def _placed_anew(cal: TerritoryDays, stops: list[int]) -> list[int]:
    """Of ``stops``, the customers neither kept on their days nor on days set by hand."""
    return [j for j in stops if j not in cal.unpinned and not by_hand(cal, j)]
