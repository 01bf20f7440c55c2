"""The input of one territory's calendar (:func:`planner._schedule_territory.territory_schedule`):
its customers as local indexes, their patterns, days, hours, and what a rebuild keeping the
days remembers of the previous calendar."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner._schedule_zones import Pattern


@dataclass
class TerritoryInput:
    """The customers of one territory to be scheduled (located, assigned, visited)."""

    rows: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    service: np.ndarray
    patterns: list[Pattern]
    start: tuple[float, float]
    closed: dict[int, frozenset[int]]  # local customer index -> working-day indexes closed on
    weeks: dict[int, int] = field(default_factory=dict)  # local index -> fixed week offset
    # local index with visit days (訪問曜日) -> its closing days alone, which a visit a
    # holiday moves never takes (its visit days give way when no other day would do)
    shop_closed: dict[int, frozenset[int]] = field(default_factory=dict)
    # local index kept on its days (keep_days) -> its closing days and visit week unpinned
    kept: dict[int, tuple[frozenset[int], int | None]] = field(default_factory=dict)
    grown: set[int] = field(default_factory=set)  # of those, visited more often now
    # of those, local index -> previous weeks between visits and week offset: left out for
    # lack of room, it keeps those visits (_schedule_keep_room.hold_rhythm); filled with
    # the ones that did (``held``) by territory_schedule
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)
    held: set[int] = field(default_factory=set)
    # local indexes whose visit days (訪問曜日) were typed, the customer's wish: a rebuild
    # keeping the days moves them to no other weekday (a hand move's days it may)
    wishes: set[int] = field(default_factory=set)
    # filled by territory_schedule (keep_days): the kept customers moved to another day, and
    # those on days set by hand a full day moved to another (_schedule_keep_repair)
    released: set[int] = field(default_factory=set)
    hand_moved: set[int] = field(default_factory=set)
    # local indexes the previous calendar left out (keep_days): they give way to the others
    yielding: set[int] = field(default_factory=set)
    # local indexes the previous period did not visit, rolled on to the next (keep_days):
    # they come first (_schedule_roll)
    first: set[int] = field(default_factory=set)
    # local index kept -> where the previous calendar moved its visits of closed days:
    # (planned day, day moved to, or None when left out), to move them alike first
    memory: dict[int, list[tuple[tuple[int, int], tuple[int, int] | None]]] = field(
        default_factory=dict)
    # local indexes kept that the previous calendar visited (not only on days closed now):
    # their visits of closed days move first, before those of everyone placed anew or kept
    # on a day a closed day took last time (keep_days)
    visited: set[int] = field(default_factory=set)
    # local index of a kept customer whose visit the previous calendar gave to a customer's
    # only visit -> that customer (keep_days): the rebuild gives the same way
    gave_to: dict[int, int] = field(default_factory=dict)
    # the previous calendar's days as local indexes in visit order (keep_days): a day
    # holding what it held is routed no longer than it was
    orders: list[list[int]] = field(default_factory=list)
    # the previous calendar's days (keep_days), (week index, day index) -> local indexes in
    # visit order: a day holding the same customers keeps that order (_schedule_same_days)
    same_days: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    # local index -> visiting hours (opens, closes) in minutes after midnight, and as shown
    windows: dict[int, tuple[float, float]] = field(default_factory=dict)
    hours: dict[int, str] = field(default_factory=dict)
    #: local index -> importance (higher: a bigger account, see schedule.importance_order):
    #: on days too full the least important customers are left out first
    importance: np.ndarray | None = None
