"""How many reps the customers need: the workload method of sales-force sizing.

Talley's workload method ("How to design sales territories", Journal of Marketing 1961): add up
the hours the customers need a week at their visit frequencies, divide by the hours a rep can
give. Travel depends on how many reps share the area (each covers less ground, but every rep
drives out from a start of their own), so it is estimated for each candidate number of reps:
the customers are split into that many compact groups (visit-weighted k-means) and each
group's travel comes from the same estimate as the territory figures
(:func:`planner.territories.workload_by_group`, started from the group's centre: the reps'
homes are not known yet). A rep should not be planned full: ``utilisation`` (default 85 %)
leaves room for new customers, phone calls and the unexpected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from planner import model as m
from planner import territories as tmod
from planner._design_flow import centroids, kmeans_pp
from planner._design_graph import project_km
from planner.errors import PlannerError
from planner.i18n import tr, trn
from planner.progress import Progress, report

#: Plan reps to this share of their weekly hours by default.
UTILISATION = 0.85
#: Lloyd rounds of the grouping for each candidate number of reps.
LLOYD_ROUNDS = 12


@dataclass(frozen=True)
class SizingRow:
    """One candidate number of reps and the average week it gives each of them."""

    reps: int
    hours: float  # workload per rep per week (service + travel), on average
    travel_hours: float  # of which travel
    use: float  # hours / capacity


@dataclass(frozen=True)
class Sizing:
    """The rows around the answer and the answer itself."""

    capacity: float  # a full-time rep's weekly hours
    utilisation: float
    service_hours: float  # all customers' visit hours a week
    rows: tuple[SizingRow, ...]  # one rep fewer, the answer, one more
    suggested: int
    present: SizingRow | None = None  # the plan's territories now, None when there are none


def full_time_hours(settings: m.Settings) -> float:
    """A full-time rep's weekly hours: the plan's working days × the hours of a day."""
    return float(len(settings.working_days) * settings.day_hours)


def _travel_hours(xy: np.ndarray, lat: np.ndarray, lon: np.ndarray, vpw: np.ndarray,
                  k: int, settings: m.Settings, seed: int) -> float:
    """Total travel hours a week with the customers split into ``k`` compact groups."""
    rng = np.random.default_rng(seed)
    centres = kmeans_pp(xy, vpw + 1e-9, k, rng)
    labels = np.zeros(len(xy), np.int64)
    for _ in range(LLOYD_ROUNDS):  # nearest centre by k-d tree: n × k distances would not fit
        labels = np.asarray(cKDTree(centres).query(xy)[1], dtype=np.int64)
        centres = centroids(xy, vpw + 1e-9, labels, k, centres)
    nan = np.full(k, np.nan)
    hours = tmod.workload_by_group(
        labels, k, lat, lon, vpw, np.zeros(len(xy)), home_lat=nan, home_lon=nan,
        settings=settings,
    )
    return float(np.sum(hours))


def reps_needed(
    plan: m.Plan,
    *,
    utilisation: float = UTILISATION,
    capacity: float | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Sizing:
    """The fewest reps whose average week stays within ``utilisation`` of ``capacity`` hours
    (default: :func:`full_time_hours`), with the rows of one fewer and one more."""
    if not 0 < utilisation <= 1:
        raise PlannerError(tr("The share of a rep's hours to plan must be between 0 and 1."))
    settings = plan.settings
    capacity = full_time_hours(settings) if capacity is None else float(capacity)
    if not capacity > 0:
        raise PlannerError(tr("A rep's weekly hours must be more than 0."))
    customers = plan.customers
    located = m.located_mask(customers)
    if not located.any():
        raise PlannerError(tr("No customer has a map position, so travel cannot be estimated."))
    vpw_all = np.nan_to_num(np.asarray(tmod.visits_per_week(customers, settings=settings)))
    service = float(np.nansum(tmod.service_hours_per_week(customers, settings)))
    if not service > 0:
        raise PlannerError(tr("No customer has visits planned, so workload cannot be balanced."))
    lat = customers[m.LAT].to_numpy(dtype=float)[located]
    lon = customers[m.LON].to_numpy(dtype=float)[located]
    vpw = np.maximum(vpw_all[located], 0.0)
    xy = project_km(lat, lon)
    budget = capacity * utilisation
    most = int(located.sum())

    def row(k: int) -> SizingRow:
        report(progress, min(0.95, len(rows) / 8), tr("Estimating the travel of {n} reps…", n=k))
        travel = _travel_hours(xy, lat, lon, vpw, k, settings, seed)
        hours = (service + travel) / k
        return SizingRow(reps=k, hours=hours, travel_hours=travel / k, use=hours / capacity)

    rows: dict[int, SizingRow] = {}

    def fits(k: int) -> bool:
        if k not in rows:
            rows[k] = row(k)
        return round(rows[k].hours, 1) <= round(budget, 1) + 1e-9  # as the hours are shown

    # visits alone need this many; the total travel grows with the number of reps, so the
    # count the travel at k asks for never falls as k grows: iterate up to the fixed point
    k = max(1, min(most, int(np.ceil(service / budget))))
    for _ in range(30):
        if fits(k) or k >= most:
            break
        need = int(np.ceil(rows[k].hours * k / budget))
        k = min(most, max(k + 1, need))
    while k > 1 and fits(k - 1):  # the grouping is a heuristic: make sure of the fewest
        k -= 1
    while not fits(k) and k < most:
        k += 1
    suggested = k
    shown = [r for r in (suggested - 1, suggested, suggested + 1) if 1 <= r <= most]
    for r in shown:
        fits(r)
    return Sizing(
        capacity=capacity,
        utilisation=utilisation,
        service_hours=service,
        rows=tuple(rows[r] for r in shown),
        suggested=suggested,
        present=_present(plan, capacity),
    )


def _present(plan: m.Plan, capacity: float) -> SizingRow | None:
    """The plan's own territories as they are (their reps' homes counted), None without any."""
    metrics = tmod.territory_metrics(plan)
    busy = metrics[metrics["customers"] > 0]
    if busy.empty:
        return None
    hours = float(busy["workload_hours_per_week"].mean())
    return SizingRow(
        reps=len(busy),
        hours=hours,
        travel_hours=float(busy["travel_hours_per_week"].mean()),
        use=hours / capacity,
    )


def sizing_text(sizing: Sizing) -> str:
    """The answer and the figures around it, one line each, for the dialog and the command."""
    def line(r: SizingRow) -> str:
        # the share of the hours as shown, to a tenth of a percent: 34.1 h (85.2 %) is over
        # a limit of 34.0 h, 34.0 h (85.0 %) within, where whole percents read 85 % both
        return trn(
            "{reps} rep: {hours:.1f} h a week on average ({use:.1%} of {capacity:g} h), "
            "{travel:.1f} h of it driving",
            "{reps} reps: {hours:.1f} h a week each on average ({use:.1%} of {capacity:g} h), "
            "{travel:.1f} h of it driving",
            r.reps, reps=r.reps, hours=r.hours, use=round(r.hours, 1) / sizing.capacity,
            capacity=sizing.capacity, travel=r.travel_hours,
        )

    lines = [  # the limit in hours, the figure the answer is cut on (reps_needed's fits)
        tr("Reps needed to plan each to at most {limit:.1f} h a week ({target:.0%} of "
           "{capacity:g} h): {reps}.", limit=sizing.capacity * sizing.utilisation,
           target=sizing.utilisation, capacity=sizing.capacity, reps=sizing.suggested)
    ]
    lines += [("→ " if r.reps == sizing.suggested else "   ") + line(r) for r in sizing.rows]
    if sizing.present is not None:
        lines.append(tr("Now: {line}.", line=line(sizing.present)))
    return "\n".join(lines)
