"""Room kept for the kept customers' holiday moves while other customers are placed.

A calendar rebuilt with ``keep_days`` moves the kept customers' visits of closed days back
to the days the previous calendar moved them to (:mod:`planner._schedule_keep_off`), but
only once every customer is placed. Before that, a kept customer released from its day to
let a new one in (:meth:`planner._schedule_days.TerritoryDays.reinsert` with ``release``)
could take a day's free room the moved visit needs — a monthly customer whose only visit
falls on New Year's Day then lost it to the chain "new customer → released neighbour".
:func:`remembered_room` counts that room as taken while customers are placed.

A kept customer now visited more often (its frequency went up in the last update) that the
kept days leave no room for keeps its previous visits — its day and week, at its previous
rhythm (:func:`hold_rhythm`) — rather than losing them all; the calendar's note names it
(:func:`held_note`). Only when even those do not fit is it left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager

from planner import model as m
from planner._schedule_days import DayKey, TerritoryDays
from planner._schedule_keep_off import _fits_routed, previous_visits
from planner._schedule_told import rhythm_words
from planner._schedule_zones import Pattern
from planner.i18n import listing, trn

#: (planned day, the day the previous calendar moved the visit to, or None: left out)
Memory = Mapping[int, list[tuple[DayKey, DayKey | None]]]


def reserved_room(
    cal: TerritoryDays, closed: Collection[DayKey], memory: Memory
) -> dict[DayKey, float]:
    """Minutes per open day that the remembered moves of closed days' visits will take:
    each visit still on its closed day whose previous target day is open, insertion cost
    into that day's present route (travel and service)."""
    out: dict[DayKey, float] = {}
    for i, events in memory.items():
        if not cal.active[i]:
            continue
        for origin, target in events:
            if (target is None or target in closed or origin not in cal.stops
                    or target not in cal.stops or i not in cal.stops[origin]
                    or i in cal.stops[target]):
                continue
            out[target] = out.get(target, 0.0) + cal._insert_cost(target, i)
    return out


@contextmanager
def remembered_room(
    cal: TerritoryDays, closed: Collection[DayKey], memory: Memory
) -> Iterator[None]:
    """Within the block, the days the kept customers' moved visits go back to count their
    room as taken (:attr:`TerritoryDays.reserved`, read by ``length``)."""
    cal.reserved = reserved_room(cal, closed, memory) if closed else {}
    try:
        yield
    finally:
        cal.reserved = {}


def previous_rhythms(
    before: m.Plan, rows: Collection[int], *, horizon: int, shift: int = 0
) -> dict[int, tuple[int, int]]:
    """Per plan row of ``rows`` (kept customers now visited more often): the weeks between
    its visits in the ``before`` plan's calendar and its week offset within them on the new
    calendar (``shift``: :func:`planner._schedule_keep.week_shift`), when the new calendar's
    ``horizon`` holds that rhythm; a single visit counts the old calendar's weeks."""
    old = previous_visits(before) if rows else None
    if old is None or old.empty:
        return {}
    last = int(old["week"].max())
    weeks = old.groupby(old["customer_id"].astype(str))["week"].agg(
        lambda w: sorted({int(x) for x in w}))
    ids = before.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    out: dict[int, tuple[int, int]] = {}
    for i in rows:
        seen = weeks.get(ids[i])
        if not seen:
            continue
        gap = min((b - a for a, b in zip(seen, seen[1:], strict=False)), default=last)
        if gap > 1 and horizon % gap == 0:
            out[i] = (gap, (seen[0] - 1 - shift) % gap)
    return out


def hold_rhythm(
    cal: TerritoryDays, previous: Mapping[int, tuple[int, int]],
    days: Mapping[int, tuple[int, ...]], closed: Collection[DayKey] = (),
) -> set[int]:
    """Put the customers of ``previous`` (local index -> previous weeks between visits and
    week offset) that are left out back on their previous ``days`` at that rhythm, where
    every day holds them (on the clock too): customers not kept on their days move to other
    days to make room, and the extra visits of others of ``previous`` visited more often
    now give way (those go back to their previous rhythm too). Returns the customers at
    their previous rhythm; they keep it in this build (pinned, no longer released)."""
    held: set[int] = set()
    for k, (period, offset) in sorted(previous.items()):
        if k not in cal.removed_reason or k not in days or not cal.is_open(k, days[k]):
            continue
        patterns, snapshot = list(cal.patterns), cal._snapshot()
        cal.patterns[k] = Pattern(period, 1, False)
        keys = {(w, d) for w in cal.weeks_of(k, offset) for d in days[k]}
        dropped: set[int] = set()
        if keys <= set(closed) or not all(
                _room(cal, key, k, previous, dropped, closed) for key in keys):
            cal._rollback(snapshot)
            cal.patterns[:] = patterns
            continue
        cal.place(k, days[k], offset)
        for j in {k} | dropped:
            cal.weeks[j] = cal.offsets[j]
            cal.unpinned.pop(j, None)
            cal.grown.discard(j)
        held |= {k} | dropped
    return held


def _room(
    cal: TerritoryDays, key: DayKey, k: int, previous: Mapping[int, tuple[int, int]],
    dropped: set[int], closed: Collection[DayKey],
) -> bool:
    """Whether day ``key`` holds customer ``k``, after customers not kept on their days move
    off it and, failing that, others of ``previous`` lose their extra visit there (the least
    important first; listed in ``dropped``)."""
    if _fits_routed(cal, key, k):
        return True
    cal.avoid = frozenset(closed)
    try:
        cal._make_room(key, k)
    finally:
        cal.avoid = frozenset()
    if _fits_routed(cal, key, k):
        return True
    grown = [j for j in cal.stops[key] if j in previous and j != k
             and cal.patterns[j].period < previous[j][0]]
    for j in sorted(grown, key=lambda j: (cal.importance[j], -cal.service[j])):
        before, was = set(cal.keys_of(j)), (cal.patterns[j], cal.offsets[j])
        cal.patterns[j] = Pattern(previous[j][0], 1, False)
        cal.offsets[j] = previous[j][1]
        after = set(cal.keys_of(j))
        if key in after or not after <= before:  # its previous visit is there, or elsewhere
            cal.patterns[j], cal.offsets[j] = was
            continue
        for extra in before - after:
            cal._take_out(extra, j)
        dropped.add(j)
        if _fits_routed(cal, key, k):
            return True
    return False


def held_note(held: Sequence[tuple[str, int, int]]) -> list[str]:
    """The calendar's notes on customers kept at their previous rhythm (:func:`hold_rhythm`):
    ``held`` is ("C000004 name", weeks between visits wanted, weeks kept) per customer."""
    notes = []
    for new, old in sorted({(n, o) for _name, n, o in held}):
        names = [name for name, n, o in held if (n, o) == (new, old)]
        notes.append(trn(
            "{names}: visiting {new} did not fit around the visit days kept, so the "
            "customer stays visited {old} as before.",
            "{names}: visiting {new} did not fit around the visit days kept, so these "
            "{n} customers stay visited {old} as before.",
            len(names), names=listing(names), new=rhythm_words(new), old=rhythm_words(old)))
    return notes
