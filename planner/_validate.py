"""The plan's invariants, checked with a message in the user's language (a plan file edited in
another program, an import, an edit that would break one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from planner.errors import PlannerError
from planner.i18n import listing, tr

if TYPE_CHECKING:
    import geopandas as gpd


def validate_customers(customers: gpd.GeoDataFrame) -> None:
    """Raise :class:`PlannerError` when the customer table lacks a column or has bad ids."""
    from planner import model as m

    missing = [c for c in m.CUSTOMER_COLUMNS if c not in customers.columns]
    if missing:
        raise PlannerError(tr("The customer table lacks the column(s): {names}.",
                              names=listing(missing)))
    ids = customers[m.CUSTOMER_ID]
    if ids.duplicated().any():
        dup = ids[ids.duplicated()].iloc[0]
        raise PlannerError(tr("The customer code “{code}” appears more than once.", code=dup))
    if (ids == "").any():
        raise PlannerError(tr("Every customer needs a customer code."))
    freq = customers[m.FREQUENCY].to_numpy(dtype=float)
    if (freq[np.isfinite(freq)] < 0).any():
        raise PlannerError(tr("Visit frequencies cannot be negative."))


def validate_territories(territory_ids: Sequence[str], assigned: Sequence[str]) -> None:
    """Raise :class:`PlannerError` when two territories share an id or a customer's territory
    (``assigned``, "" unassigned) is not one of them."""
    if len(set(territory_ids)) != len(territory_ids):
        raise PlannerError(tr("Two territories share the same id."))
    unknown = set(assigned) - set(territory_ids) - {""}
    if unknown:
        raise PlannerError(tr("Customers are assigned to unknown territories: {ids}.",
                              ids=listing(sorted(unknown))))
