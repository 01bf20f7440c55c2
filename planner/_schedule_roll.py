"""Rolling a calendar on to the next period: the customers the last period did not visit go first.

``schedule --keep-days --start 2027-01-04`` (the window's *Next period*) builds the next
month's calendar from December's, every customer kept on its day. Some customers December
did not visit at all: those it had no room for, and those whose only visit the year-end
closure took. Rebuilding within the same period, they give way (a rebuild with nothing
changed gives the same calendar: :attr:`planner._schedule_days.TerritoryDays.yielding`).
Rolled on to a new period they come first instead, or they would go two months without a
visit while a fresh build fits them: they rank above every other customer of their rank
(:func:`planner._schedule_customers.importance_order` with ``first``), no customer's holiday move
takes their place (:func:`planner._schedule_keep_off.move_off_kept`), a full day keeps
them like the customers kept on their days
(:meth:`planner._schedule_days.TerritoryDays.repair`), and one left out may move kept
customers to other days to get in (listed among the changes to announce).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_keep import week_shift


def rolled_on(before: m.Plan, settings: m.Settings) -> bool:
    """Whether a calendar built with ``settings`` begins on another week than ``before``'s
    calendar (both dated): the next period, not a rebuild of the same one."""
    return before.schedule is not None and week_shift(before.schedule, settings) != 0


def not_visited_rows(
    rows: Iterable[int], ids: np.ndarray, *, kept: Collection[int], visited: Collection[str],
    left_out: Collection[str],
) -> set[int]:
    """The ``rows`` (plan rows of the customers to schedule) the previous calendar did not
    visit: ``left_out`` by it (unscheduled), or kept on a day whose every visit a closed day
    took (``kept`` but not ``visited``). Customers new to the plan are not among them."""
    return {i for i in rows if ids[i] in left_out or (i in kept and ids[i] not in visited)}


def not_visited_again(
    rows: Collection[int], ids: np.ndarray, territory: np.ndarray, schedule: pd.DataFrame
) -> dict[str, list[object]]:
    """The customers of ``rows`` (:func:`not_visited_rows`) the new ``schedule`` does not
    visit either, as entries of the changes to announce without a previous or a new day
    (``["", 0, "", 0, territory, territory]``): the office tells them, as no visit is left
    to tell them at, that they go another period without one."""
    visited = set(schedule["customer_id"].astype(str)) if not schedule.empty else set()
    return {str(ids[i]): ["", 0, "", 0, str(territory[i]), str(territory[i])]
            for i in sorted(rows) if str(ids[i]) not in visited}
