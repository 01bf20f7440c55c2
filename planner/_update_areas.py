"""A new customer of a revised list joins the territory holding all of its town, or else its
municipality (:func:`planner._update_match.new_territories`); and an added customer's
territory by its address (:func:`area_territory`)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import model as m
from planner.areas import area_key, area_key_levels, municipality
from planner.i18n import tr

__all__ = ["area_territory"]


def _area_owners(customers: pd.DataFrame, keys: np.ndarray, among: np.ndarray) -> pd.Series:
    """Area key (the customers' ``keys``) → the territory holding all of ``among``'s
    customers there."""
    assigned = customers[m.TERRITORY].to_numpy(dtype=object)
    use = among & (assigned != "") & (keys != "")
    held = pd.Series(assigned[use]).groupby(keys[use])
    return held.first()[held.nunique() == 1]


def _join_whole_areas(
    merged: gpd.GeoDataFrame, new_rows: np.ndarray, territory: np.ndarray, notes: list[str]
) -> None:
    """New customers still without a territory join the one that holds all of their town, or
    else all of their municipality (市区町村), when the plan's customers there share one."""
    old = np.ones(len(merged), dtype=bool)
    old[new_rows] = False
    addresses = merged[m.ADDRESS].to_numpy(dtype=object)
    if not (territory == "").any():
        return
    levels = area_key_levels(addresses)  # each distinct address read once, both levels
    for level in ("town", "municipality"):
        todo = np.flatnonzero(territory == "")
        if not todo.size:
            return
        owner = _area_owners(merged, levels[level], old)
        for i, key in zip(todo.tolist(), levels[level][new_rows[todo]].tolist(), strict=True):
            if key and key in owner.index:
                territory[i] = owner[key]
                notes[i] = tr("its area {name}", name=municipality(addresses[new_rows[i]])[1])


def area_territory(plan: m.Plan, address: str) -> str:
    """The territory holding all of the plan's customers in ``address``'s town, or else its
    municipality; "" when none does."""
    everyone = np.ones(len(plan.customers), dtype=bool)
    if not area_key(address):
        return ""
    levels = area_key_levels(plan.customers[m.ADDRESS].to_numpy(dtype=object))
    for level in ("town", "municipality"):
        key = area_key(address, level)
        owner = _area_owners(plan.customers, levels[level], everyone) if key else None
        if owner is not None and key in owner.index:
            return str(owner[key])
    return ""
