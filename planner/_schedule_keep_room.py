"""Room kept for the kept customers' holiday moves while other customers are placed.

A calendar rebuilt with ``keep_days`` moves the kept customers' visits of closed days back
to the days the previous calendar moved them to (:mod:`planner._schedule_keep_off`), but
only once every customer is placed. Before that, a kept customer released from its day to
let a new one in (:meth:`planner._schedule_days.TerritoryDays.reinsert` with ``release``)
could take a day's free room the moved visit needs — a monthly customer whose only visit
falls on New Year's Day then lost it to the chain "new customer → released neighbour".
:func:`remembered_room` counts that room as taken while customers are placed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager

from planner._schedule_days import DayKey, TerritoryDays

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
