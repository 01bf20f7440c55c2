"""The territory designer's problem: the request checked, the territories, the working arrays.

:func:`planner.design.design_territories` validates the request, picks the territory records
(existing ones kept, locked ones first) and gathers the located customers' values here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from planner import model as m
from planner import territories as tmod
from planner._design_graph import project_km
from planner._design_reach import reach_matrix
from planner._design_weights import MEASURES, Values, local_spacing, visits_and_service
from planner.errors import PlannerError
from planner.i18n import tr
from planner.japan_extent import in_japan
from planner.progress import Progress, report, scaled

Seeds = Sequence[tuple[float, float]] | Literal["homes"] | None


@dataclass
class Problem:
    """The design's working arrays (located, designable customers only)."""

    rows: np.ndarray  # positions in the customer table
    values: Values
    fixed: np.ndarray  # territory index for locked customers, -1 otherwise
    current: np.ndarray  # present territory index when re-balancing, else -1
    present: np.ndarray  # present territory index, -1 when none
    anchors: dict[int, np.ndarray]  # territory index → fixed centre (km)
    k: int
    shares: np.ndarray  # each territory's fair share of the total load (sums to 1)
    #: (customer, territory) True where the territory may hold the customer (its rep's home
    #: within a day trip: :mod:`planner._design_reach`); None when nothing limits it
    reach: np.ndarray | None = None


def free_unassigned(plan: m.Plan) -> m.Plan:
    """``plan`` with its customers locked without a territory unlocked: a lock keeps a
    customer in its territory, so one without holds nothing (a plan saved before deleting a
    territory unlocked its customers can have them) and the design places them."""
    customers = plan.customers
    stray = customers[m.LOCKED].to_numpy(dtype=bool) & (
        customers[m.TERRITORY].to_numpy(dtype=object) == "")
    if not stray.any():
        return plan
    customers = customers.copy()
    customers[m.LOCKED] = customers[m.LOCKED].to_numpy(dtype=bool) & ~stray
    return plan.replace(customers=customers)


def validate(plan: m.Plan, count: int, balance: str, tolerance: float, seeds: Seeds) -> None:
    """Raise :class:`PlannerError` for a request the design cannot meet (plan untouched)."""
    if not isinstance(count, (int, np.integer)) or isinstance(count, bool) or count < 1:
        raise PlannerError(tr("The number of territories must be at least 1."))
    if balance not in MEASURES:
        raise PlannerError(
            tr("Unknown balance measure {name}: use workload, visits, sales or customers.", name=balance)
        )
    if not (isinstance(tolerance, (int, float)) and 0 < tolerance < 1):
        raise PlannerError(tr("The tolerance must be more than 0 and less than 1 (for example 0.05 = 5%)."))
    customers = plan.customers
    located = m.located_mask(customers)
    if not located.any():
        raise PlannerError(tr("No customer has a map position, so territories cannot be designed."))
    if int(located.sum()) < count:
        raise PlannerError(
            tr(
                "Only {located} customers have a map position, fewer than the {count} "
                "territories requested.",
                located=f"{int(located.sum()):,}",
                count=f"{int(count):,}",
            )
        )
    locked = customers[m.LOCKED].to_numpy(dtype=bool)
    if locked[located].all():
        raise PlannerError(tr("Every customer is locked, so the design cannot move anyone."))
    if seeds is not None and not isinstance(seeds, str):
        pts = list(seeds)
        if len(pts) > count:
            raise PlannerError(
                tr(
                    "There are more home bases ({homes}) than territories ({count}).",
                    homes=len(pts),
                    count=int(count),
                )
            )
        for lat, lon in pts:
            if not in_japan(float(lat), float(lon)):
                raise PlannerError(
                    tr("The home base {lat}, {lon} is not in Japan.", lat=lat, lon=lon)
                )
    elif isinstance(seeds, str) and seeds != "homes":
        raise PlannerError(tr('Seeds must be a list of (lat, lon) home bases or "homes".'))


def validate_also(plan: m.Plan, balance: str, also: str, tolerance: float) -> None:
    """Raise :class:`PlannerError` for a second measure the design cannot keep even."""
    if also not in MEASURES:
        raise PlannerError(
            tr("Unknown balance measure {name}: use workload, visits, sales or customers.", name=also)
        )
    if also == balance:
        raise PlannerError(tr("The second measure must differ from the one balanced first."))
    if not (isinstance(tolerance, (int, float)) and 0 < tolerance < 1):
        raise PlannerError(tr("The tolerance must be more than 0 and less than 1 (for example 0.05 = 5%)."))
    if also == "sales" and not (np.nan_to_num(plan.customers[m.SALES].to_numpy(dtype=float)) > 0).any():
        raise PlannerError(tr("No customer has sales figures, so sales cannot be balanced."))


def design_territories_records(plan: m.Plan, count: int, seeds: Seeds) -> list[m.Territory]:
    """The design's territory records: existing ones kept (locked ones first), new ones added."""
    customers = plan.customers
    locked = customers[m.LOCKED].to_numpy(dtype=bool)
    locked_ids = set(customers[m.TERRITORY].to_numpy(dtype=object)[locked]) - {""}
    existing = list(plan.territories)
    needed = [t for t in existing if t.id in locked_ids]
    if len(needed) > count:
        raise PlannerError(
            tr(
                "Locked customers belong to {n} territories, more than the {count} requested.",
                n=len(needed),
                count=int(count),
            )
        )
    keep_ids = {t.id for t in needed}
    for t in existing:
        if len(keep_ids) >= count:
            break
        keep_ids.add(t.id)
    out = [t for t in existing if t.id in keep_ids]
    used = {t.id for t in out} | plan.taken_territory_ids()
    i = 1
    while len(out) < count:
        tid = f"T{i:02d}"
        i += 1
        if tid in used:
            continue
        used.add(tid)
        out.append(
            m.Territory(
                id=tid,
                name=tr("Territory {n}", n=len(out) + 1),
                color=m.palette_color(len(out)),
            )
        )
    if seeds is not None and not isinstance(seeds, str):
        for j, (lat, lon) in enumerate(seeds):
            out[j] = out[j].replace(home_lat=float(lat), home_lon=float(lon))
    return out


def problem(
    plan: m.Plan,
    terrs: list[m.Territory],
    balance: str,
    seeds: Seeds,
    keep_existing: bool,
    progress: Progress | None = None,
) -> Problem:
    """The design's working arrays; ``progress`` (0..1 of this preparation, cancelling
    allowed) hears the customers' spacings measured, then their reps' day trips, in parts
    (at 100,000 customers and 50 homes about a second in all)."""
    customers = plan.customers
    ids = pd.Index([t.id for t in terrs])
    code = ids.get_indexer(customers[m.TERRITORY].to_numpy(dtype=object))
    locked = customers[m.LOCKED].to_numpy(dtype=bool)
    located = m.located_mask(customers)
    # locked customers outside the design's territories (none after _territories) stay put
    designable = located & ~(locked & (code < 0))
    rows = np.flatnonzero(designable)
    lat = customers[m.LAT].to_numpy(dtype=float)[rows]
    lon = customers[m.LON].to_numpy(dtype=float)[rows]
    xy = project_km(lat, lon)
    vpw, service = visits_and_service(customers.iloc[rows], plan.settings)
    sales = customers[m.SALES].to_numpy(dtype=float)[rows]
    lat0 = float(np.nanmean(lat))
    homes_ll = {
        j: (float(t.home_lat), float(t.home_lon))  # type: ignore[arg-type]
        for j, t in enumerate(terrs)
        if t.has_home
    }
    # homes in the customers' projection (same reference latitude)
    homes = {j: project_km(np.array([la]), np.array([lo]), lat0=lat0)[0]
             for j, (la, lo) in homes_ll.items()}
    values = Values(
        xy=xy,
        lat=lat,
        lon=lon,
        vpw=vpw,
        service=service,
        sales=sales,
        spacing=local_spacing(xy, progress=scaled(progress, 0.0, 0.5)),
        settings=plan.settings,
        measure=balance,
        homes=homes,
        homes_latlon=homes_ll,
        days=np.array(
            [len(t.working_days or plan.settings.working_days) for t in terrs], dtype=float
        ),
        extra=unmovable_load(plan, code, designable, len(terrs), balance),
    )
    fixed = np.where(locked[rows], code[rows], -1).astype(np.int64)
    current = code[rows].astype(np.int64) if keep_existing else np.full(len(rows), -1, np.int64)
    anchors = dict(homes) if seeds is not None else {}
    # territories grown around homes hold only customers their rep can reach in a day
    reach = (reach_matrix(plan, terrs, rows, fixed, scaled(progress, 0.5, 0.85)) if anchors
             else None)
    if anchors and not keep_existing:
        _keep_next_door(fixed, xy, anchors, reach, scaled(progress, 0.85, 1.0))
    present = code[rows].astype(np.int64)
    shares = tmod.fair_shares(terrs, plan.settings)
    return Problem(rows, values, fixed, current, present, anchors, len(terrs), shares, reach)


def _keep_next_door(
    fixed: np.ndarray,
    xy: np.ndarray,
    homes: dict[int, np.ndarray],
    reach: np.ndarray | None,
    progress: Progress | None = None,
) -> None:
    """Hold the customer nearest each rep's home in that rep's territory (in place).

    A territory grown around a home should hold the shop next door: without this the
    balance could hand it to the neighbour, and the map shows a rep driving past their
    neighbour's customer on the doorstep. A customer already locked stays as it is, and one
    the rep cannot reach in a day (``reach``) is not theirs. ``progress`` hears the share of
    the homes done (a few milliseconds each at 100,000 customers).
    """
    for done, (j, home) in enumerate(homes.items()):
        report(progress, done / len(homes), tr("Preparing the design…"))
        free = np.flatnonzero((fixed < 0) & (reach[:, j] if reach is not None else True))
        if len(free) == 0:
            return
        nearest = free[int(np.argmin(((xy[free] - home) ** 2).sum(axis=1)))]
        fixed[nearest] = j


def second_values(plan: m.Plan, terrs: list[m.Territory], prob: Problem, also: str) -> Values:
    """The design's values measured in ``also`` (with its own load that cannot move)."""
    code = pd.Index([t.id for t in terrs]).get_indexer(
        plan.customers[m.TERRITORY].to_numpy(dtype=object)
    )
    designable = np.zeros(len(code), bool)
    designable[prob.rows] = True
    extra = unmovable_load(plan, code, designable, len(terrs), also)
    return dataclasses.replace(prob.values, measure=also, extra=extra)


def unmovable_load(
    plan: m.Plan, code: np.ndarray, designable: np.ndarray, k: int, balance: str
) -> np.ndarray:
    """Per territory, the load of its customers the design cannot move (no map position):
    they stay, and the figures count them, so the balance counts them too."""
    outside = (code >= 0) & ~designable
    if not outside.any():
        return np.zeros(k)
    if balance == "customers":
        weight = np.ones(int(outside.sum()))
    elif balance == "visits":
        weight = visits_and_service(plan.customers[outside], plan.settings)[0]
    elif balance == "sales":
        weight = np.maximum(np.nan_to_num(plan.customers[m.SALES].to_numpy(dtype=float)[outside]), 0)
    else:
        weight = visits_and_service(plan.customers[outside], plan.settings)[1]
    return np.bincount(code[outside], weights=weight, minlength=k)[:k].astype(float)
