"""Territory edits that redraw territories: merge two, split one in balanced halves, reshape.

Import them from ``edits``. Each returns a :class:`planner._territory_edits.SetTerritories`
inverse (the territory records as they were plus the moved customers' former assignments).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner._edit_base import Changes, Edit, applies
from planner._territory_colours import free_colour
from planner._territory_edits import _apply_territories, _index, _members, free_name
from planner.errors import PlannerError
from planner.geometry import polygonal, principal_axis, reshape_territory, split_by_line
from planner.i18n import tr
from planner.territories import (
    _local_xy,
    service_hours_per_week,
    visits_per_week,
    workload_by_group,
)

# --- merge / split / reshape -----------------------------------------------------------


@dataclass(frozen=True)
class MergeTerritories(Edit):
    """Merge ``other_id`` into ``territory_id``: its customers (locks kept) and area join, it goes."""

    territory_id: str
    other_id: str

    def describe(self) -> str:
        return tr("Merge {a} and {b}", a=self.territory_id, b=self.other_id)


@applies(MergeTerritories)
def _merge(plan: m.Plan, edit: MergeTerritories) -> tuple[m.Plan, Edit, Changes]:
    if edit.territory_id == edit.other_id:
        raise PlannerError(tr("Choose two different territories to merge."))
    i = _index(plan, edit.territory_id)
    j = _index(plan, edit.other_id)
    keep, other = plan.territories[i], plan.territories[j]
    # one side without a drawn boundary (a territory made from the menu): the other's stays
    boundary = keep.boundary if keep.boundary is not None else other.boundary
    if keep.boundary is not None and other.boundary is not None:
        boundary = polygonal(shapely.union(keep.boundary, other.boundary))
    merged = keep.replace(boundary=boundary)
    territories = tuple(merged if k == i else t for k, t in enumerate(plan.territories) if k != j)
    # Locked customers of the absorbed territory stay with their (now merged) territory.
    members = _members(plan, edit.other_id)
    return _apply_territories(
        plan, territories, members, (edit.territory_id,) * len(members), None, edit.describe()
    )


@dataclass(frozen=True)
class SplitTerritory(Edit):
    """Cut a territory in two halves of equal workload across its long axis.

    The cut runs perpendicular to the principal axis of the customers' positions, at
    the point that best balances workload (service + estimated travel); locked
    customers stay in the original territory, which keeps its id, rep and home. The
    new half gets ``new_id`` (default: the next free id) and ``name``.
    """

    territory_id: str
    new_id: str = ""
    name: str = ""

    def describe(self) -> str:
        return tr("Split territory {id}", id=self.territory_id)


#: Candidate cut positions tried, as workload quantiles along the axis.
_SPLIT_QUANTILES = np.linspace(0.15, 0.85, 57)


@applies(SplitTerritory)
def _split(plan: m.Plan, edit: SplitTerritory) -> tuple[m.Plan, Edit, Changes]:
    i = _index(plan, edit.territory_id)
    t = plan.territories[i]
    new_id = edit.new_id or plan.next_territory_id()
    if new_id in plan.territory_ids:
        raise PlannerError(tr("A territory with the id {id} already exists.", id=new_id))
    customers = plan.customers
    rows = np.flatnonzero(customers[m.TERRITORY].to_numpy(dtype=object) == t.id)
    lat = customers[m.LAT].to_numpy(dtype=float)[rows]
    lon = customers[m.LON].to_numpy(dtype=float)[rows]
    movable = np.isfinite(lat) & np.isfinite(lon) & ~customers[m.LOCKED].to_numpy(bool)[rows]
    if movable.sum() < 2:
        raise PlannerError(
            tr("Territory {id} needs at least two unlocked customers with a position to split.",
               id=t.name or t.id)
        )  # fmt: skip
    sub = customers.iloc[rows]
    vpw = visits_per_week(sub, settings=plan.settings)
    service = service_hours_per_week(sub, plan.settings)
    located = np.isfinite(lat) & np.isfinite(lon)
    lat0 = float(np.mean(lat[located]))
    x, y = _local_xy(np.nan_to_num(lat), np.nan_to_num(lon), np.full(len(rows), lat0))
    axis, centre = principal_axis(x[movable], y[movable], service[movable] + 1e-9)
    proj = (x - centre[0]) * axis[0] + (y - centre[1]) * axis[1]
    cut = _best_cut(plan, t, proj, movable, lat, lon, vpw, service)
    side = movable & (proj > cut)
    if not side.any() or side.sum() == len(rows):
        raise PlannerError(
            tr("The customers of territory {id} all sit at one place; it cannot be split.",
               id=t.name or t.id)
        )
    kept_b, new_b = split_by_line(t.boundary, centre, axis, cut, lat0)
    color = free_colour(plan, near=t.boundary, beside=(t.color,))  # not red beside red
    half = m.Territory(
        id=new_id,
        name=edit.name.strip() or free_name(plan, f"{t.name.strip() or t.id} 2"),
        color=color,
        boundary=new_b,
        capacity_hours=t.capacity_hours,
    )
    territories = (
        plan.territories[:i] + (t.replace(boundary=kept_b), half) + plan.territories[i + 1 :]
    )
    moved = tuple(customers[m.CUSTOMER_ID].to_numpy(dtype=object)[rows[side]].tolist())
    return _apply_territories(
        plan, territories, moved, (new_id,) * len(moved), None, edit.describe()
    )


def _best_cut(
    plan: m.Plan,
    t: m.Territory,
    proj: np.ndarray,
    movable: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    vpw: np.ndarray,
    service: np.ndarray,
) -> float:
    """The cut position along the axis whose two halves have the closest workloads."""
    order = np.argsort(proj[movable])
    p_sorted = proj[movable][order]
    cum = np.cumsum(service[movable][order] + 1e-9)
    picks = np.searchsorted(cum / cum[-1], _SPLIT_QUANTILES).clip(0, len(p_sorted) - 2)
    candidates = np.unique((p_sorted[picks] + p_sorted[picks + 1]) / 2)
    home_lat = np.array([np.nan if t.home_lat is None else t.home_lat, np.nan])
    home_lon = np.array([np.nan if t.home_lon is None else t.home_lon, np.nan])
    best, best_gap = float(candidates[0]), np.inf
    for cut in candidates:  # a few dozen candidates, each one vectorised over the customers
        codes = (movable & (proj > cut)).astype(np.int64)
        hours = workload_by_group(
            codes, 2, lat, lon, vpw, service,
            home_lat=home_lat, home_lon=home_lon, settings=plan.settings,
        )  # fmt: skip
        gap = abs(hours[0] - hours[1])
        if gap < best_gap:
            best, best_gap = float(cut), gap
    return best


@dataclass(frozen=True)
class ReshapeTerritory(Edit):
    """Give a territory a new boundary: neighbours are trimmed and customers follow the lines."""

    territory_id: str
    boundary: BaseGeometry

    def describe(self) -> str:
        return tr("Reshape territory {id}", id=self.territory_id)


@applies(ReshapeTerritory)
def _reshape(plan: m.Plan, edit: ReshapeTerritory) -> tuple[m.Plan, Edit, Changes]:
    result = reshape_territory(plan, edit.territory_id, edit.boundary)
    return _apply_territories(
        plan, result.territories, result.customer_ids, result.new_territories, None,
        edit.describe(),
    )  # fmt: skip
