"""What a calendar build made of the visits the frequencies ask for, in one sum.

The Frequencies dialog previews "visits per 4 weeks" and the build then reports fewer visits,
with nothing relating the two: on the README chain 2,400 asked, 2,022 built. The build
records, per territory, how many visits its customers' patterns ask for over the calendar's
weeks and how many of those belong to customers it could not place (``meta["schedule_asked"]``);
the visits left out on closed days and those given way are its own lists
(:mod:`planner._schedule_off`), and the visits built are the calendar's rows. So::

    asked − closed days − given way − not placed = built

with every figure read from the build, and a remainder (``other``: customers seen on fewer
days than their frequency asks, kept at their previous rhythm, or a partial rebuild's older
part) said only when there is one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from planner import model as m
from planner._schedule_off import gave_way_visits, skipped_visits
from planner._schedule_zones import pattern_for
from planner.i18n import language, tr, trn

#: The plan meta key of the visits asked for: ``{territory id: [asked, of customers not
#: placed]}`` ("" for customers of no known territory).
ASKED_KEY = "schedule_asked"


def asked_record(
    freq: np.ndarray, territories: np.ndarray, ids: np.ndarray, *,
    day_sets: Mapping[str, Sequence[str]], days: Sequence[str], horizon: int,
    unplaced: Collection[str],
) -> dict[str, list[int]]:
    """Per territory, the visits the customers' frequencies ask for over ``horizon`` weeks
    (each frequency as the calendar's pattern for its rep's days: weekly days × weeks, or
    one visit every *period* weeks) and, of those, the visits of the customers ``unplaced``."""
    out: dict[str, list[int]] = {}
    left = set(unplaced)
    for f, t, cid in zip(freq, territories, ids, strict=True):
        if not np.isfinite(f) or f <= 0:
            continue  # a frequency of 0 asks for nothing
        tid = str(t) if str(t) in day_sets else ""
        p = pattern_for(float(f), len(day_sets.get(tid, days)))
        visits = horizon // p.period * p.per_week
        row = out.setdefault(tid, [0, 0])
        row[0] += visits
        if str(cid) in left:
            row[1] += visits
    return out


@dataclass(frozen=True)
class BuildFigures:
    """The visits of a built calendar from the frequencies' ask to the calendar's rows."""

    weeks: int  # the calendar's weeks
    asked: int  # asked for by the frequencies over those weeks
    closed: int  # left out on holidays, company days off and reps' days off
    gave_way: int  # given up for a customer's only visit of the cycle
    unplaced: int  # of the customers the build could not place
    unplaced_customers: int
    built: int  # in the calendar

    @property
    def other(self) -> int:
        """What the four do not explain (0 on a plain build)."""
        return self.asked - self.closed - self.gave_way - self.unplaced - self.built


def build_figures(plan: m.Plan) -> BuildFigures | None:
    """The figures of ``plan``'s calendar (None without one, or built before the program
    recorded the visits asked for)."""
    record = (plan.meta or {}).get(ASKED_KEY)
    s = plan.schedule
    if not isinstance(record, dict) or s is None:
        return None
    rows = [list(v) for v in record.values()]
    gave = len(gave_way_visits(plan))
    unplaced = plan.unscheduled
    return BuildFigures(
        weeks=int(plan.meta.get("schedule_weeks") or 0),
        asked=sum(int(r[0]) for r in rows),
        closed=len(skipped_visits(plan)) - gave,
        gave_way=gave,
        unplaced=sum(int(r[1]) for r in rows),
        unplaced_customers=0 if unplaced is None else len(unplaced),
        built=len(s),
    )


def figure_lines(plan: m.Plan, *, reps: str = "") -> list[str]:
    """The sum as lines for the build's report (window and ``schedule`` command alike):
    a heading, one line a figure, the visits built last ([] when the plan has none);
    ``reps``: the figures are those reps' (a rebuild of some reps), named in the heading."""
    f = build_figures(plan)
    if f is None:
        return []

    def n(value: int) -> str:
        return f"{value:,}"

    lines = [tr("Visits of {reps} over the calendar's {weeks} weeks:", reps=reps, weeks=f.weeks)
             if reps else tr("Visits over the calendar's {weeks} weeks:", weeks=f.weeks),
             "  " + tr("{n} asked for by the visit frequencies", n=n(f.asked))]
    if f.closed:
        lines.append("  − " + tr("{n} on public holidays and days off that fit no other day",
                                 n=n(f.closed)))
    if f.gave_way:
        lines.append("  − " + trn("{n} given up for a customer's only visit of the cycle",
                                  "{n} given up for customers' only visits of the cycle",
                                  f.gave_way, n=n(f.gave_way)))
    if f.unplaced:
        lines.append("  − " + trn("{n} for the customer not placed",
                                  "{n} for the {customers} customers not placed",
                                  f.unplaced_customers, n=n(f.unplaced),
                                  customers=n(f.unplaced_customers)))
    if f.other:
        lines.append(("  − " if f.other > 0 else "  + ") + tr(
            "{n} other (visit days allowing fewer visits, rhythms kept, days kept from the "
            "calendar before)", n=n(abs(f.other))))
    lines.append("  = " + tr("{n} in the calendar", n=n(f.built)))
    if language() == "ja":
        lines = [line.replace("− ", "－ ").replace("+ ", "＋ ").replace("= ", "＝ ")
                 for line in lines]
    return lines
