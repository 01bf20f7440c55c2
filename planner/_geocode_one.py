"""One address typed in the window (Add customer…): the address search's answer, else
(offline, or not found) an approximate position at the plan's customers of its 丁目, town or
municipality (:mod:`planner._geocode_nearby`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._geocode_nearby import NEARBY
from planner.errors import PlannerError
from planner.geocode import geocode_customers
from planner.i18n import tr
from planner.progress import Progress


@dataclass(frozen=True)
class Found:
    """Where one typed address is: found by the address search, or placed approximately."""

    lat: float
    lon: float
    geocode: str  # the customer's ``geocode``: "gsi:exact", "nearby:chome" …
    note: str = ""  # the approximate position's note; "" when the search found it
    offline: bool = False  # the search could not be reached


def find_address(
    address: str,
    *,
    provider: str,
    known: pd.DataFrame | None = None,
    settings: object = None,
    progress: Progress | None = None,
    timeout: float = 5,
    retries: int = 1,
) -> Found | None:
    """Where one address typed in the window is (a new customer): the address search's
    answer, else (offline, or not found) the middle of ``known``'s customers of its 丁目,
    town or municipality; None when neither places it. Raises :class:`PlannerError` with
    one sentence when the search cannot be reached and no known customer is near."""
    one = m.make_customers(pd.DataFrame([{m.NAME: "-", m.ADDRESS: str(address)}]))
    result = geocode_customers(
        one, provider=provider, settings=settings, timeout=timeout, retries=retries,
        progress=progress, known=known,
    )
    row = result.customers.iloc[0]
    lat, lon = float(row[m.LAT]), float(row[m.LON])
    located = bool(np.isfinite(lat) and np.isfinite(lon))
    if result.unreachable and not located:
        raise PlannerError(tr("The address search cannot be reached (offline?)."))
    if not located:
        return None
    how = str(row[m.GEOCODE] or "")
    note = result.problems[0]["reason"] if how.startswith(NEARBY) and result.problems else ""
    return Found(lat, lon, how, note, result.unreachable)
