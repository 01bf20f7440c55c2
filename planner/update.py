"""Bringing a revised customer list into an existing plan (顧客リストの更新).

The company's customer list changes every month: a new shop, one that closed, a new
address, a rank that went up. :func:`update_customers` merges a revised list, read with
:func:`planner.spreadsheet.read_customers`, into the plan without losing the manager's work:

- **Matching.** A row of the list is the plan customer with the same customer code when the
  list has a code column (a row without its own code, or whose code now names another shop,
  is the customer with its name and address); otherwise (or when the codes match fewer than
  half as many rows as names and addresses do, as for a plan imported without codes) the one
  with the same name and address, the same name at the same place written another way, then
  the same name when it is unique among the rows still unmatched (a shop that moved).
- **Kept customers** take the list's facts for every column the list has (name, address,
  rank, sales, frequency, visit length, closing days, visit days, week and hours). They keep
  their code, territory, lock and every column the list lacks, and a fact the manager
  corrected (Edit customer…) while the list still says what it said then
  (:mod:`planner._customer_corrections`). Without a frequency column, a
  customer whose rank or sales changed gets the frequency of the plan's rules unless its
  frequency was set by hand; without a visit-length column, a new rank brings the rank's
  visit length. Position: the list's coordinates when it has them; otherwise the plan's
  position while the address stays the same (a position placed by hand stays while the
  address does); a new address without coordinates keeps the previous address's position
  until it is located (marked, told, and looked up by the next ``--geocode``), so the
  customer keeps its visits. A customer whose new position lies in another territory's
  area keeps its territory too; the summary lists them (:mod:`planner.territory_areas`).
- **New customers** join the territory the list's rep column names (a territory whose rep or
  name it is), else the territory whose drawn boundary holds them, else the territory that
  holds all of their town or municipality, else the territory of their nearest customers.
  When the territories were designed of whole areas (``design --whole``), the area comes
  before the boundary. Customers without a position stay unassigned.
- **Customers no longer on the list** leave the plan with their visits (the days they leave
  are ordered and timed again), unless ``keep_missing``.
- The calendar is marked out of date when a change touches it (a new located customer, a
  new position, frequency, visit length, closing days, visit days, week or hours); rebuilding
  it keeping days (``schedule --keep-days``) places the new customers and keeps every other
  customer on its day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import model as m
from planner._customer_corrections import (
    corrections_after,
    kept_corrections,
    same_value,
    with_corrections,
)
from planner._customer_details import listed_columns
from planner._customer_edits import calendar_without
from planner._edit_base import SCHEDULE_STALE
from planner._import_blank_reps import blank_rep_update_notes
from planner._import_grid import Problem
from planner._update_cells import (
    differs,
    from_list,
    kept_value_reason,
    reference_edits,
    renamed_notes,
    rep_changes,
    same_numbers,
    same_rep_notes,
    small_rep_notes,
    stated_frequencies,
    unread_cells,
    unreadable_cells,
    visit_days_now_closed,
)
from planner._update_changes import (
    LAST_UPDATE_KEY,
    NUMBER_FIELDS,
    CustomerChange,
    CustomerUpdate,
    changes,
    kept_change,
    last_update,
    still_approximate,
)
from planner._update_match import (
    RowMatch,
    code_keys,
    differ_texts,
    duplicate_code_notes,
    list_match,
    match_rows,
    new_codes,
    new_territories,
)
from planner._update_positions import PREVIOUS, kept_positions, locate_rows, rows_to_locate
from planner._update_territory import both_changes, territory_changes
from planner._update_workbook import REMOVED_KEY, without_removed, workbook_edits
from planner.columns import REP
from planner.errors import PlannerError
from planner.frequency import (
    RULES_APPLIED_KEY,
    SALES_BANDS_KEY,
    apply_frequency_rules,
    mark_overrides,
    overridden_ids,
)
from planner.frequency_impact import frequency_impact
from planner.i18n import tr
from planner.progress import Progress
from planner.progress import report as step
from planner.spreadsheet import COLUMNS_KEY, ImportResult, sheet_meta
from planner.territory_areas import moved_into_other_areas
from planner.unscheduled import Reason

__all__ = [
    "LAST_UPDATE_KEY",
    "CustomerChange",
    "CustomerUpdate",
    "last_update",
    "list_match",
    "locate_rows",
    "match_rows",
    "rows_to_locate",
    "update_customers",
]

#: Fields whose change alters the calendar (a rebuild places the customer anew).
CALENDAR_FIELDS = (
    m.TERRITORY,  # another rep: another route
    m.FREQUENCY,
    m.SERVICE_MINUTES,
    m.CLOSED_DAYS,
    m.VISIT_DAYS,
    m.VISIT_WEEK,
    m.VISIT_TIME,
    "position",
)
#: Text fields taken from the list when it has their column.
_TEXT_FIELDS = (
    m.NAME,
    m.NAME_KANA,
    m.ADDRESS,
    m.PHONE,
    m.RANK,
    m.CLOSED_DAYS,
    m.VISIT_DAYS,
    m.VISIT_WEEK,
    m.VISIT_TIME,
)
#: Number fields taken from the list when it has their column.
_NUMBER_FIELDS = NUMBER_FIELDS
#: A position this far (degrees, ≈ 10 m) from the plan's is a new position.
_MOVED_DEGREES = 1e-4


# --- merging ----------------------------------------------------------------------------


def _realigned(plan: m.Plan, rows: np.ndarray, headers: Sequence[str]) -> dict[str, np.ndarray]:
    """The original columns of the plan's ``rows`` under the list's ``headers`` (by header)."""
    old = {h: i for i, h in enumerate(plan.original_columns)}
    out = {}
    for j, header in enumerate(headers):
        column = f"{m.ORIGINAL_PREFIX}{old[header]}" if header in old else None
        values = (
            plan.customers[column].to_numpy(dtype=object)[rows]
            if column is not None
            else np.full(len(rows), "", dtype=object)
        )
        out[f"{m.ORIGINAL_PREFIX}{j}"] = values
    return out


def update_customers(
    plan: m.Plan, result: ImportResult, *, keep_missing: bool = False,
    match: RowMatch | None = None, progress: Progress | None = None,
) -> CustomerUpdate:
    """Merge the revised list ``result`` into ``plan`` (module docstring); ``plan`` is unchanged.

    Read the list with ``read_customers(..., settings=plan.settings)`` so that rank rules and
    visit lengths are the plan's. Raises :class:`PlannerError` when the list holds no customer.
    ``match``: :func:`list_match` of ``plan`` and this list (or the list before
    :func:`locate_rows`, which changes only positions), when the caller has it already.
    ``progress`` hears each step (the window's Compare sat still at 85 % through them).
    """
    step(progress, 0.0, tr("Comparing the customers' details…"))
    if result.customers.empty:
        raise PlannerError(tr("The list holds no customer; the plan is left as it was."))
    old = plan.customers.reset_index(drop=True)
    result = dataclasses.replace(result, customers=result.customers.reset_index(drop=True))
    plan = plan.replace(customers=old)
    rows = len(result.customers)
    if result.exported:  # the workbook's shops the plan removed since: not added again
        result = without_removed(plan, result)
    if match is None or len(result.customers) != rows:  # rows left out: matched again
        match = match_rows(plan, result)
    row_of, matched_by = match
    kept_rows = np.flatnonzero(row_of >= 0)
    new_rows = np.flatnonzero(row_of < 0)
    src = row_of[kept_rows]
    merged = result.customers.copy()
    fields: dict[int, list[str]] = {}

    def note(rows: np.ndarray, field: str) -> None:
        for r in rows:
            fields.setdefault(int(r), []).append(field)

    listed = set(result.mapping)
    list_territory = merged[m.TERRITORY].to_numpy(dtype=object, copy=True)  # the list's ids
    # the plan's own work stays (a hand move's days too: a 訪問曜日 the list changes is typed)
    for col in (m.CUSTOMER_ID, m.LOCKED, m.TERRITORY, m.HAND_DAYS):
        values = merged[col].to_numpy(copy=True)
        values[kept_rows] = old[col].to_numpy()[src]
        merged[col] = values
    # ... unless the list's rep cell changed (the office moved the shop to another rep): it
    # joins that rep's territory, as a changed frequency cell brings the new frequency
    moved_rep, rep_notes = rep_changes(plan, result, list_territory, old, kept_rows, src)
    # ... or its territory cell (テリトリーID, テリトリー) of this program's workbook: it wins
    moved_territory, territory_notes = territory_changes(plan, result, old, kept_rows, src)
    moved_rep, clash_notes = both_changes(plan, result, moved_rep, moved_territory, kept_rows)
    rep_notes += territory_notes + clash_notes
    if (moved_rep >= 0).any():
        territory = merged[m.TERRITORY].to_numpy(dtype=object, copy=True)
        territory[kept_rows[moved_rep >= 0]] = [
            plan.territory_ids[k] for k in moved_rep[moved_rep >= 0]]
        merged[m.TERRITORY] = territory
        note(kept_rows[moved_rep >= 0], m.TERRITORY)
    # the manager's corrections (Edit customer…) of facts the office's list still has as
    # they were when corrected: the correction stays (this program's workbook: by its record)
    spoken = set() if result.exported else listed
    kept = kept_corrections(plan, result.customers, spoken, old, kept_rows, src)
    rank_changed = None
    if m.RANK in listed:  # a rank read as empty from a formula did not change
        rank_changed = differs(old, merged, m.RANK, kept_rows, src) & ~unread_cells(
            result, result.mapping[m.RANK], kept_rows)
        if m.RANK in kept:
            rank_changed &= ~kept[m.RANK]
    sales_changed = None
    hand_set = np.zeros(0, dtype=object)  # frequencies a clerk set (rules leave them alone)
    unreadable: list[Problem] = []  # cells not read on customers the plan keeps
    for col in (*_TEXT_FIELDS, *_NUMBER_FIELDS):
        take = from_list(plan, result, col, kept_rows, src)
        if col in kept:
            take &= ~kept[col]
        lost = unreadable_cells(result, col, kept_rows) & take  # 不定休: the plan's 水 stays
        if lost.any():
            take &= ~lost
            rows_ = result.customers[m.SOURCE_ROW].to_numpy()[kept_rows[lost]]
            unreadable += [Problem(int(r), result.mapping[col], "", kept_value_reason(), True)
                           for r in rows_]
        if col == m.SERVICE_MINUTES and col not in listed and rank_changed is not None:
            take = rank_changed  # a new rank brings the rank's visit length
        if col == m.VISIT_DAYS and col not in listed and m.FREQUENCY in listed:
            # a changed 週2(月木) cell brings the weekdays it names
            named = merged[col].fillna("").astype(str).to_numpy(dtype=object)[kept_rows] != ""
            take = from_list(plan, result, m.FREQUENCY, kept_rows, src) & named
        number = col in _NUMBER_FIELDS
        before = old[col].to_numpy(dtype=float) if number else _texts(old[col])
        values = merged[col].to_numpy(dtype=float, copy=True) if number else _texts(merged[col])
        stay = kept_rows[~take]
        values[stay] = before[src[~take]]
        merged[col] = values
        if number:
            differ = ~same_numbers(before[src], values[kept_rows])
        elif col in (m.NAME, m.ADDRESS):
            differ = differ_texts(before[src], values[kept_rows])
        else:
            differ = before[src] != values[kept_rows]
        if col == m.NAME_KANA:  # a reading the plan lacked (read before readings were): no news
            differ &= before[src] != ""
        if col == m.SALES:
            sales_changed = differ
        if col == m.FREQUENCY and result.exported:  # typed into the program's workbook:
            hand_set = merged[m.CUSTOMER_ID].to_numpy(dtype=object)[kept_rows[differ & take]]
        note(kept_rows[differ], col)

    edited_rows = np.ones(len(src), dtype=bool)  # rows whose other list cells a clerk edited
    if result.exported:  # the program's workbook: only what a clerk edited since the export
        merged, edited_rows = workbook_edits(plan, result, merged, old, kept_rows, src, note)
    merged, overruled = _corrections_kept(merged, result, old, kept_rows, src, kept)
    merged, report = kept_positions(merged, old, kept_rows, src, listed, result)
    report = dataclasses.replace(report, problems=small_rep_notes(plan, result, report.problems))
    unreadable += visit_days_now_closed(merged, old, kept_rows, src, result, note)
    ignored = (reference_edits(plan, result, kept_rows[edited_rows], src[edited_rows])
               + rep_notes + same_rep_notes(plan, result) + renamed_notes(plan, result)
               + unreadable)
    if ignored:
        report = dataclasses.replace(report, problems=[*report.problems, *ignored])
    old_point = m.located_mask(old)[src]
    now_point = m.located_mask(merged)[kept_rows]
    lat, lon = merged[m.LAT].to_numpy(dtype=float), merged[m.LON].to_numpy(dtype=float)
    shift = np.fmax(
        np.abs(lat[kept_rows] - old[m.LAT].to_numpy(dtype=float)[src]),
        np.abs(lon[kept_rows] - old[m.LON].to_numpy(dtype=float)[src]),
    )
    moved = (now_point != old_point) | (now_point & old_point & (shift > _MOVED_DEGREES))
    note(kept_rows[moved], "position")
    how = merged[m.GEOCODE].fillna("").astype(str).to_numpy(dtype=object)
    note(kept_rows[(how[kept_rows] == PREVIOUS)
                   & (old[m.GEOCODE].fillna("").astype(str).to_numpy()[src] != PREVIOUS)],
         PREVIOUS)  # told in the changes: the position waits for the new address's

    step(progress, 0.3, tr("Finding the new customers' territories…"))
    joined, how_joined = new_territories(merged, new_rows, plan, result)
    territory = merged[m.TERRITORY].to_numpy(dtype=object, copy=True)
    territory[new_rows] = joined
    merged[m.TERRITORY] = territory
    merged[m.CUSTOMER_ID], padded = new_codes(
        merged[m.CUSTOMER_ID].to_numpy(dtype=object), new_rows,
        old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object))
    report = dataclasses.replace(report, problems=duplicate_code_notes(  # 113 given twice
        result, merged[m.CUSTOMER_ID].to_numpy(dtype=object), new_rows, list(report.problems)))
    report = dataclasses.replace(report, problems=blank_rep_update_notes(  # 担当 left blank
        report.problems, result.customers, result.mapping.get(REP, ""), result.original_columns,
        territory, old[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)[src],
        kept_rows, new_rows))

    # frequencies by the plan's rules: for a kept customer whose rank or sales changed (and
    # whose frequency the list does not change), and for new ones once rules set the plan's
    new_facts = np.zeros(len(src), dtype=bool)
    for flags in (rank_changed, sales_changed):
        if flags is not None:
            new_facts |= flags
    # … and whose list states no frequency: the office's 週2 beside a new rank C stays
    merged, stated = stated_frequencies(plan, result, merged, old, kept_rows, src, new_facts)
    ruled = new_facts & ~from_list(plan, result, m.FREQUENCY, kept_rows, src) & ~stated
    applied = bool(plan.meta.get(RULES_APPLIED_KEY))
    if applied or m.FREQUENCY not in listed:
        merged, refreshed = _rule_frequencies(
            plan, merged, new_rows if applied else new_rows[:0], kept_rows[ruled]
        )
        note(refreshed, m.FREQUENCY)

    gone = np.setdiff1d(np.arange(len(old)), src)
    # a row with the customer's code but no name (emptied, a formula without its result):
    # the shop is still on the list, so it stays as it was
    gone_keys = pd.Index(code_keys(old[m.CUSTOMER_ID].to_numpy()[gone]))
    unnamed = gone_keys.isin(code_keys(np.asarray(result.unnamed, dtype=object)))
    still = gone[unnamed]
    if result.exported:  # customers the workbook never had (added since it was exported)
        still = np.union1d(still, gone[~gone_keys.isin(result.exported.codes())])
    gone = np.setdiff1d(gone, still)
    step(progress, 0.45, tr("Taking the customers no longer on the list off the calendar…"))
    updated = _finish(plan, merged, result, gone, still, keep_missing)
    step(progress, 0.7, tr("Listing the changes…"))
    added, removed, changed_list = changes(
        old, merged, kept_rows, src, new_rows, gone, fields, how_joined,
        {t.id: t.rep or t.name for t in plan.territories},
    )
    touched = {f for names in fields.values() for f in names} & set(CALENDAR_FIELDS)
    new_located = bool(m.located_mask(merged)[new_rows].any()) if new_rows.size else False
    stale = plan.schedule is not None and bool(touched or new_located)
    meta = dict(updated.meta)
    meta[LAST_UPDATE_KEY] = {
        "added": [c.customer_id for c in added],
        "changed": [c.customer_id for c in changed_list],
        "removed": [c.customer_id for c in removed],
    }
    if removed and not keep_missing:  # every customer an update removed, for old workbooks
        meta[REMOVED_KEY] = sorted(set(meta.get(REMOVED_KEY) or ()) | {
            c.customer_id for c in removed})
    if stale:
        meta[SCHEDULE_STALE] = True
    if not result.exported:  # the office's list (not this program's workbook): its columns
        meta[COLUMNS_KEY] = result.columns()  # are the ones the next list is read from
        meta = sheet_meta(meta, result.report)  # and its sheet, of a workbook of several
    updated = with_corrections(updated.replace(meta=meta), corrections_after(
        plan, merged, result.customers, spoken, old, kept_rows, src,
        set() if keep_missing else {c.customer_id for c in removed}, kept))
    if hand_set.size:  # a frequency typed into the workbook is the manager's own, as in the window
        updated = mark_overrides(updated, [str(i) for i in hand_set])
    step(progress, 0.8, tr("Counting the reps' weeks…"))
    impact = frequency_impact(plan, updated) if updated.territories else None
    step(progress, 0.9, tr("Finding customers that moved into another territory's area…"))
    return CustomerUpdate(
        plan=updated,
        added=added,
        removed=removed,
        changed=changed_list,
        unchanged=len(kept_rows) - len(changed_list),
        matched_by=matched_by,
        keep_missing=keep_missing,
        report=report,
        calendar_stale=stale,
        padded_codes=padded,
        kept_corrections=overruled,
        area_moves=moved_into_other_areas(plan, updated, [
            c.customer_id for c in changed_list if "position" in c.fields]),
        impact=impact,
        approximate_kept=still_approximate(old, updated.customers),
    )


def _corrections_kept(
    merged: gpd.GeoDataFrame, result: ImportResult, old: gpd.GeoDataFrame,
    kept_rows: np.ndarray, src: np.ndarray, kept: dict[str, np.ndarray],
) -> tuple[gpd.GeoDataFrame, tuple[CustomerChange, ...]]:
    """``merged`` with the list's own cells saying the corrections kept (as Edit customer…
    writes them, so the workbook shows them); and the customers whose correction stayed
    over another value of the list ((the list's, the plan's) of each such field)."""
    if not kept:
        return merged, ()
    merged = merged.copy()
    columns = listed_columns(result.original_columns, merged.columns)
    overruled: dict[int, list[tuple[str, str, str]]] = {}
    for field, keep in kept.items():
        now = old[field].to_numpy(dtype=object)[src]
        listed = result.customers[field].to_numpy(dtype=object)[kept_rows]
        for i in np.flatnonzero(keep):
            if not same_value(field, listed[i], now[i]):
                overruled.setdefault(int(i), []).append((field, listed[i], now[i]))
        column = columns.get(field)
        if column is not None:
            cells = merged[column].to_numpy(dtype=object, copy=True)
            cells[kept_rows[keep]] = [str(v) for v in now[keep]]
            merged[column] = cells
    ids = old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src]
    return merged, tuple(
        kept_change(str(ids[i]), str(old[m.NAME].iloc[src[i]]), str(old[m.TERRITORY].iloc[src[i]]),
                    overruled[i])
        for i in sorted(overruled))


def _texts(values: pd.Series) -> np.ndarray:
    return values.fillna("").astype(str).to_numpy(dtype=object, copy=True)


def _rule_frequencies(
    plan: m.Plan, merged: gpd.GeoDataFrame, new_rows: np.ndarray, changed_rows: np.ndarray
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``merged`` with the plan's frequency rules applied to new customers and to kept ones
    whose rank or sales changed (hand-set frequencies stay); the kept rows it changed."""
    rows = np.concatenate([new_rows, changed_rows]).astype(np.int64)
    ids = merged[m.CUSTOMER_ID].astype(str).to_numpy()
    overrides = overridden_ids(plan)
    rows = rows[~np.isin(ids[rows], list(overrides))] if overrides else rows
    by_rank = dict(plan.settings.frequency_by_rank)
    bands = [(float(a), float(b)) for a, b in (plan.meta.get(SALES_BANDS_KEY) or [])]
    if not rows.size or not (by_rank or bands):
        return merged, np.zeros(0, dtype=np.int64)
    part = plan.replace(customers=merged.iloc[rows].reset_index(drop=True), schedule=None)
    ruled = apply_frequency_rules(
        part, by_rank=by_rank or None, sales_bands=bands or None, keep_overrides=False
    )
    freq = merged[m.FREQUENCY].to_numpy(dtype=float, copy=True)
    before = freq[rows].copy()
    freq[rows] = ruled.customers[m.FREQUENCY].to_numpy(dtype=float)
    merged = merged.copy()
    merged[m.FREQUENCY] = freq
    differ = ~same_numbers(before, freq[rows])
    return merged, rows[differ & np.isin(rows, changed_rows)]


def _finish(
    plan: m.Plan,
    merged: gpd.GeoDataFrame,
    result: ImportResult,
    gone: np.ndarray,
    still: np.ndarray,
    keep_missing: bool,
) -> m.Plan:
    """The updated plan: customers, original columns, and the calendar without the removed
    (``keep_missing``: with the customers no longer on the list, their original columns
    matched by header; ``still``: customers whose row lacks only a name, kept so too)."""
    old = plan.customers
    stay = np.concatenate([gone, still]) if keep_missing else still
    if stay.size:
        extra = old.iloc[stay].reset_index(drop=True)[list(m.CUSTOMER_COLUMNS) + [m.GEOMETRY]]
        for column, values in _realigned(plan, stay, result.original_columns).items():
            extra[column] = values
        merged = gpd.GeoDataFrame(
            pd.concat([merged, extra], ignore_index=True), geometry=m.GEOMETRY, crs=m.CRS
        )
    keep_cols = list(m.CUSTOMER_COLUMNS) + [
        f"{m.ORIGINAL_PREFIX}{i}" for i in range(len(result.original_columns))
    ]
    customers = gpd.GeoDataFrame(
        merged[keep_cols].reset_index(drop=True),
        geometry=gpd.GeoSeries(merged.geometry.to_numpy(), crs=m.CRS),
        crs=m.CRS,
    )
    removed = set() if keep_missing else set(old[m.CUSTOMER_ID].astype(str).to_numpy()[gone])
    updated = calendar_without(plan, removed).replace(
        customers=customers,
        original_columns=tuple(result.original_columns),
        source=result.source or plan.source,
    )
    if updated.schedule is not None:  # a customer without a position cannot be on a route
        lost = customers.loc[~m.located_mask(customers), m.CUSTOMER_ID].astype(str)
        updated = calendar_without(
            updated, set(lost), reason=tr("The customer has no map position."),
            code=Reason.NO_POSITION,
        )
    updated.validate()
    return updated
