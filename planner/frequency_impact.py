"""What new visit frequencies do to the reps' weeks, before they are applied.

"If B customers go weekly, do my reps still fit?" Compares two plans that differ in visit
frequencies (or, after a monthly update, in customers too; customers are matched by code): customers whose frequency changes, visits per cycle, the reps' work a week
(visits and travel, :func:`planner.territories.territory_metrics`), the busiest rep and the
reps whose week would no longer fit their hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner import territories as tmod
from planner.frequency import visits_text
from planner.i18n import listing, tr, trn
from planner.rep_days import rep_name


@dataclass(frozen=True)
class RepWeek:
    """One territory's week after the change."""

    name: str
    hours: float  # workload a week (visits + travel)
    capacity: float  # the rep's weekly hours
    territory: str = ""  # its name ("" when named after the rep, as imported)
    customers: int = 0  # its customers now: the figure is for the territory as it stands


@dataclass(frozen=True)
class FrequencyImpact:
    changed: int  # customers whose frequency changes
    visits_before: float  # visits per 4 weeks (the frequencies' period), all customers
    visits_after: float
    hours_before: float  # the territories' work a week (visits + travel)
    hours_after: float
    busiest: RepWeek | None  # after the change; None without territories
    over: tuple[RepWeek, ...]  # territories whose week no longer fits their rep's hours
    #: territories that fit, with under a tenth of their rep's week to spare: the estimate
    #: fits, yet a calendar of full days may leave customers out
    near: tuple[RepWeek, ...] = ()


#: The share of a rep's week from which "fits" says little of the calendar: the sample
#: plan's reps at 92–100 % of their 40 h left 29 customers out of full 8-hour days.
NEAR_FULL = 0.9


def _visits(plan: m.Plan) -> float:
    vpw = np.nan_to_num(np.asarray(tmod.visits_per_week(plan.customers, settings=plan.settings)))
    return float(vpw.sum() * 4.0)


def frequency_impact(before: m.Plan, after: m.Plan, *, was: pd.DataFrame | None = None,
                     now: pd.DataFrame | None = None) -> FrequencyImpact:
    """How ``after`` (new frequencies) differs from ``before`` for the reps (``was``, ``now``:
    their :func:`planner.territories.territory_metrics` when the caller has them)."""
    # customers on both sides, matched by code (an update adds and removes some)
    old = pd.Series(before.customers[m.FREQUENCY].to_numpy(dtype=float),
                    index=before.customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    new = pd.Series(after.customers[m.FREQUENCY].to_numpy(dtype=float),
                    index=after.customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    old = old[~old.index.duplicated()]
    new = new[~new.index.duplicated()]
    both = old.index.intersection(new.index)
    changed = int((~np.isclose(old[both].to_numpy(), new[both].to_numpy(),
                               equal_nan=True)).sum())
    hours_before = hours_after = 0.0
    busiest = None
    over: tuple[RepWeek, ...] = ()
    near: tuple[RepWeek, ...] = ()
    if after.territories:
        was = tmod.territory_metrics(before) if was is None else was
        metrics = tmod.territory_metrics(after) if now is None else now
        hours_was = was["workload_hours_per_week"].to_numpy(dtype=float)
        hours_now = metrics["workload_hours_per_week"].to_numpy(dtype=float)
        counts = metrics["customers"].to_numpy(dtype=int)
        capacity = tmod.capacity_hours(after.territories, after.settings)
        hours_before, hours_after = float(hours_was.sum()), float(hours_now.sum())
        weeks = [  # named as a sentence names a rep: the rep, else the territory
            RepWeek(rep_name(t), float(h), float(c), _territory_label(t), int(n))
            for t, h, c, n in zip(after.territories, hours_now, capacity, counts, strict=True)
        ]
        use = hours_now / np.where(capacity > 0, capacity, np.inf)
        busiest = weeks[int(np.argmax(use))]
        over = tuple(w for w in weeks if w.hours > w.capacity + 0.05)
        near = tuple(w for w in weeks if w not in over and w.capacity > 0
                     and w.hours >= NEAR_FULL * w.capacity)
    return FrequencyImpact(
        changed=changed,
        visits_before=_visits(before),
        visits_after=_visits(after),
        hours_before=hours_before,
        hours_after=hours_after,
        busiest=busiest,
        over=over,
        near=near,
    )


def _territory_label(t: m.Territory) -> str:
    """``東京エリア``; "" for a territory named after its rep (as the list's rep column made
    it), where the name would only repeat the rep's (and the window never shows an id)."""
    name = t.name.strip()
    return name if name and name != t.rep.strip() else ""


def _hours(hours: float) -> str:
    """``1,234``, or ``3.4`` for a small team's week (3 h → 3 h said nothing of +19 %)."""
    return f"{hours:,.0f}" if hours >= 100 else f"{hours:.1f}"


def percent_change(change: float) -> str:
    """``+12%``, ``-0.3%`` (never ``-0%``: a change under half a percent gets a decimal),
    ``±0%`` for none."""
    if abs(change) < 0.0005:
        return "±0%"
    return f"{change:+.0%}" if abs(change) >= 0.005 else f"{change:+.1%}"


def _names(weeks: tuple[RepWeek, ...], shown: int = 5) -> str:
    """The first ``shown`` reps' names, then 「ほか3人」 for the rest."""
    names = listing(w.name for w in weeks[:shown])
    more = len(weeks) - shown
    if more > 0:
        names += trn(" and {n} more rep", " and {n} more reps", more)  # ほか1人, not 1件
    return names


def impact_text(impact: FrequencyImpact) -> str:
    """The comparison in a few short lines (the dialog, the command line)."""
    lines = [
        tr(
            "{changed} customers change frequency. Visits per 4 weeks: {before} → {after}.",
            changed=f"{impact.changed:,}",
            before=visits_text(impact.visits_before),
            after=visits_text(impact.visits_after),
        )
    ]
    if impact.busiest is None:
        return "\n".join(lines)
    if impact.hours_before > 0:
        lines.append(
            tr(
                "Reps' work a week (visits and driving): {before} h → {after} h ({change}).",
                before=_hours(impact.hours_before),
                after=_hours(impact.hours_after),
                change=percent_change(impact.hours_after / impact.hours_before - 1),
            )
        )
    b = impact.busiest
    # the territories as they are now: before a design, a rep of the list may hold 411
    # customers, and a design that shares them out brings the week down
    figures = {"name": b.name, "n": f"{b.customers:,}", "hours": b.hours,
               "capacity": b.capacity}
    lines.append(
        trn(
            "Busiest rep: {name}, {hours:.1f} h a week of {capacity:g} h (visits and "
            "driving), counted on their territory as it is now ({territory}, {n} customer).",
            "Busiest rep: {name}, {hours:.1f} h a week of {capacity:g} h (visits and "
            "driving), counted on their territory as it is now ({territory}, {n} customers).",
            b.customers, territory=b.territory, **figures,
        ) if b.territory else trn(  # named after the rep: the name would say it twice
            "Busiest rep: {name}, {hours:.1f} h a week of {capacity:g} h (visits and "
            "driving), counted on their customers as they are now ({n} customer).",
            "Busiest rep: {name}, {hours:.1f} h a week of {capacity:g} h (visits and "
            "driving), counted on their customers as they are now ({n} customers).",
            b.customers, **figures,
        )
    )
    if impact.over:
        lines.append(
            tr("{n} reps would work more than their hours: {names}. Rebalance, or add a rep.",
               n=len(impact.over), names=_names(impact.over))
        )
    elif impact.near:
        # the week's estimate fits, the days may not: a day holds whole visits and trips
        lines.append(trn(
            "Every rep's week fits their hours, but {n} rep is at {share} or more of them "
            "({names}): full working days may leave some customers out of the calendar.",
            "Every rep's week fits their hours, but {n} reps are at {share} or more of them "
            "({names}): full working days may leave some customers out of the calendar.",
            len(impact.near), share=f"{NEAR_FULL:.0%}", names=_names(impact.near)))
    else:
        lines.append(tr("Every rep's week still fits their hours."))
    return "\n".join(lines)
