"""Where a kept customer of a revised list is (:func:`planner.update.update_customers`): the
list's coordinates, else the plan's position while the address stays, and while a new
address is not located yet, the previous address's position (marked :data:`PREVIOUS`, so
that it keeps its visits and the next lookup locates it); and which rows to geocode."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import model as m
from planner._customer_corrections import corrections, remembered_rows, same_value
from planner._geocode_nearby import approximate_mask
from planner._update_changes import PREVIOUS
from planner._update_match import RowMatch, differ_texts, list_match, places
from planner.i18n import tr
from planner.progress import Progress
from planner.spreadsheet import ImportReport, ImportResult

#: The columns that place a customer approximately at others (:mod:`planner._geocode_nearby`).
_KNOWN = [m.ADDRESS, m.LAT, m.LON, m.GEOCODE]


def kept_positions(
    merged: gpd.GeoDataFrame,
    old: gpd.GeoDataFrame,
    kept_rows: np.ndarray,
    src: np.ndarray,
    listed: set[str],
    result: ImportResult,
) -> tuple[gpd.GeoDataFrame, ImportReport]:
    """``merged`` with kept customers' positions: the list's coordinates, else the plan's
    while the address stays (a hand-placed one stays while the address does), else (a new
    address without coordinates) the previous address's, marked :data:`PREVIOUS`; and the
    list's report without "no coordinates" for the rows that kept a position."""
    lat = merged[m.LAT].to_numpy(dtype=float, copy=True)
    lon = merged[m.LON].to_numpy(dtype=float, copy=True)
    how = merged[m.GEOCODE].fillna("").astype(str).to_numpy(dtype=object, copy=True)
    old_lat = old[m.LAT].to_numpy(dtype=float)[src]
    old_lon = old[m.LON].to_numpy(dtype=float)[src]
    old_how = old[m.GEOCODE].fillna("").astype(str).to_numpy(dtype=object)[src]
    same_place = np.ones(len(src), dtype=bool)
    if m.ADDRESS in listed:
        before, now = old[m.ADDRESS].to_numpy()[src], merged[m.ADDRESS].to_numpy()[kept_rows]
        same_place = ~differ_texts(before, now, places)
        if not same_place.all():  # 千代田区丸の内1-2 → 東京都千代田区丸の内1-2: the prefecture or
            # city in front (the list's 都道府県 column now joined): the same place
            a, b = places(before[~same_place]), places(now[~same_place])
            same_place[~same_place] = [bool(x) and y.endswith(x) for x, y in zip(a, b,
                                                                                  strict=True)]
    listed_point = np.isfinite(lat[kept_rows]) & np.isfinite(lon[kept_rows])
    old_point = np.isfinite(old_lat) & np.isfinite(old_lon)
    # a new address the list gives no coordinates for: the previous address's position until
    # the new one is located (the customer keeps its visits; dropped, it lost them unsaid)
    moved_away = old_point & ~same_place & ~listed_point
    keep_old = old_point & ((same_place & ((old_how == "manual") | ~listed_point)) | moved_away)
    rows = kept_rows[keep_old]
    lat[rows], lon[rows], how[rows] = old_lat[keep_old], old_lon[keep_old], old_how[keep_old]
    how[kept_rows[moved_away]] = PREVIOUS
    merged = merged.copy()
    merged[m.LAT], merged[m.LON], merged[m.GEOCODE] = lat, lon, how
    merged = m.set_points(merged)
    # the list's "no coordinates" problem no longer holds where the plan's position stays
    settled = result.with_geocoding(merged, [])
    merged[m.PROBLEMS] = settled.customers[m.PROBLEMS].to_numpy()
    problems = merged[m.PROBLEMS].fillna("").astype(str).to_numpy(dtype=object, copy=True)
    reason = previous_reason()
    for r in kept_rows[how[kept_rows] == PREVIOUS]:
        problems[r] = reason if not problems[r] else f"{problems[r]}; {reason}"
    merged[m.PROBLEMS] = problems
    return merged, settled.report


def previous_reason() -> str:
    """The plan's note on a customer kept at its previous address's position."""
    return tr("The address changed and the list has no coordinates: the position stays at the "
              "previous address until the new one is located (geocode it, or place it on the "
              "map).")


def rows_to_locate(
    plan: m.Plan, result: ImportResult, *, match: RowMatch | None = None
) -> np.ndarray:
    """Mask of the list's rows to geocode: new customers without coordinates, and kept ones
    whose address changed while the list gives no coordinates, or still at their previous
    address's position, or without any position in the plan (the others keep the plan's position, so a list without coordinates
    is not looked up again row by row). ``match``: :func:`list_match` of these, when known."""
    c = result.customers.reset_index(drop=True)
    row_of, _ = match if match is not None else list_match(plan, result)
    need = ~m.located_mask(c)
    kept = np.flatnonzero((row_of >= 0) & need)
    # a kept customer the plan has no position for either (a first import made offline) is
    # looked up: it would otherwise stay off the map through every update
    unplaced = ~m.located_mask(plan.customers.reset_index(drop=True))[row_of[kept]]
    if kept.size and m.ADDRESS in result.mapping:
        old = plan.customers[m.ADDRESS].to_numpy()[row_of[kept]]
        listed = c[m.ADDRESS].to_numpy()[kept]
        # an address corrected by hand while the list still gives the old one: not looked up
        # from the old one (also when the corrected one is not located yet, at the previous
        # address's position)
        corrected = _corrected_address(plan, row_of[kept], listed)
        need[kept] = ((differ_texts(old, listed, places) | (
            plan.customers[m.GEOCODE].fillna("").astype(str).to_numpy()[row_of[kept]] == PREVIOUS
        )) & ~corrected) | approximate_mask(plan.customers)[row_of[kept]] | unplaced
    elif kept.size:
        need[kept] = unplaced
    return need


def _corrected_address(plan: m.Plan, rows: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """Which of the plan's ``rows`` have an address corrected by hand while the list (its
    addresses ``listed``) still says the one corrected: the update keeps the plan's."""
    memo = corrections(plan)
    out = np.zeros(len(rows), dtype=bool)
    if not memo:
        return out
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[rows]
    for i, cid in remembered_rows(memo, ids):
        then = memo[cid]
        out[i] = m.ADDRESS in then and same_value(m.ADDRESS, listed[i], then[m.ADDRESS])
    return out


def locate_rows(
    plan: m.Plan,
    result: ImportResult,
    *,
    provider: str,
    progress: Progress | None = None,
    match: RowMatch | None = None,
) -> ImportResult:
    """``result`` with :func:`rows_to_locate` geocoded by ``provider`` (the plan's settings);
    those the search cannot reach or find (all, with ``provider`` "none") placed
    approximately at the plan's customers of their 丁目, town or municipality. ``match``:
    :func:`list_match` of ``plan`` and ``result``, when the caller has it already."""
    from planner.geocode import geocode_customers  # lazily: the providers are heavy

    if m.located_mask(result.customers).all():  # every row has coordinates: nothing to do
        return result
    need = np.flatnonzero(rows_to_locate(plan, result, match=match))
    if not need.size:
        return result
    customers = result.customers.reset_index(drop=True)
    others = np.ones(len(customers), dtype=bool)
    others[need] = False
    known = pd.concat([plan.customers[_KNOWN], customers.loc[others, _KNOWN]], ignore_index=True)
    found = geocode_customers(
        customers.iloc[need],
        provider=provider,
        settings=plan.settings,
        progress=progress,
        address_header=result.mapping.get(m.ADDRESS, "住所"),
        known=known,  # offline, or not found: placed at the customers of its 丁目, town …
    )
    located = customers.copy()
    for col in (m.LAT, m.LON, m.GEOCODE):
        values = located[col].to_numpy(copy=True)
        values[need] = found.customers[col].to_numpy()
        located[col] = values
    return result.with_geocoding(m.set_points(located), list(found.problems),
                                 unreached=found.unreached)
