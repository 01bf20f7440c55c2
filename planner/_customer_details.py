"""A customer's details as a manager types them, and correcting them as one undoable edit.

:func:`typed_details` gives typed values (name, reading, address, phone, rank, visit minutes,
sales, position) their stored form, as a list's cells are read: ``ｻﾄｳ`` → ``サトウ``, ``ａ`` →
``A``, ``45分`` → 45; a value that cannot be one is refused with one sentence. Adding a
customer (:class:`planner.edits.AddCustomer`) and correcting one (:class:`EditCustomer`: the
shop was renamed, moved, its rank changed …) both use it. Import them from ``edits``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from planner import model as m
from planner._customer_corrections import Entry, corrected, entry_of, with_entry
from planner._edit_base import Changes, Edit, _rows, _set_columns, applies, mark_stale
from planner._import_address import address_columns
from planner.cells import parse_minutes_value, parse_number_text, width_normal
from planner.columns import detect_column_indexes
from planner.errors import PlannerError
from planner.i18n import tr
from planner.japan_extent import in_japan

#: The fields :class:`EditCustomer` sets (``lat`` and ``lon`` only together).
DETAILS = (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE, m.RANK, m.SERVICE_MINUTES, m.SALES,
           m.LAT, m.LON)


def typed_rank(value: Any) -> str:
    """A rank as typed: ``ａ`` from the input method is ``A``."""
    return unicodedata.normalize("NFKC", str(value if value is not None else "")).strip().upper()


def typed_minutes(value: Any, settings: m.Settings, rank: str) -> float:
    """Visit minutes as typed (``45``, ``"45分"``, ``"1:30"``); none: the rank's."""
    if value is None or value == "":
        return settings.service_minutes_for(rank)
    minutes = parse_minutes_value(value)
    if minutes is None:
        raise PlannerError(tr("{value} is not a number of minutes.", value=value))
    if minutes < 0:
        raise PlannerError(tr("The visit time cannot be negative."))
    return float(minutes)


def typed_sales(value: Any) -> float:
    """Sales as typed (``1200000``, ``"120万"``, ``"¥1,200,000"``); none: no figure (NaN)."""
    if value is None or value == "":
        return float("nan")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    sales = parse_number_text(str(value))
    if sales is None:
        raise PlannerError(tr("{value} is not an amount of sales.", value=value))
    return sales


def typed_position(lat: Any, lon: Any) -> tuple[float, float]:
    """A position as given: both in Japan, or both none (NaN: no position)."""
    lat, lon = (float(v) if v not in (None, "") else np.nan for v in (lat, lon))
    if np.isfinite(lat) and np.isfinite(lon):
        if not in_japan(lat, lon):
            raise PlannerError(tr("That position is outside Japan."))
    elif np.isfinite(lat) or np.isfinite(lon):
        raise PlannerError(tr("A position needs both a latitude and a longitude."))
    return lat, lon


def typed_details(
    values: Mapping[str, Any], settings: m.Settings, rank: str = ""
) -> dict[str, Any]:
    """The ``values`` given (of :data:`DETAILS`) in their stored form; ``rank`` is the
    customer's rank when ``values`` gives none (its visit minutes follow it). Refuses an
    empty name, unreadable minutes or sales, a position outside Japan, with one sentence."""
    unknown = set(values) - set(DETAILS)
    if unknown:
        raise ValueError(f"not a customer detail: {sorted(unknown)}")
    out: dict[str, Any] = {}
    if m.NAME in values:
        out[m.NAME] = str(values[m.NAME] or "").strip()
        if not out[m.NAME]:
            raise PlannerError(tr("A customer needs a name."))
    if m.NAME_KANA in values:  # ｻﾄｳ typed with the half-width kana of an old input method
        out[m.NAME_KANA] = width_normal(str(values[m.NAME_KANA] or "")).strip()
    for key in (m.ADDRESS, m.PHONE):
        if key in values:
            out[key] = str(values[key] or "").strip()
    if m.RANK in values:
        rank = out[m.RANK] = typed_rank(values[m.RANK])
    if m.SERVICE_MINUTES in values:
        out[m.SERVICE_MINUTES] = typed_minutes(values[m.SERVICE_MINUTES], settings, rank)
    if m.SALES in values:
        out[m.SALES] = typed_sales(values[m.SALES])
    if m.LAT in values or m.LON in values:
        out[m.LAT], out[m.LON] = typed_position(values.get(m.LAT), values.get(m.LON))
    return out


#: The details written into the list's own cell too, so that the workbook's customer sheet
#: (every column of the office's list) shows the correction and reads back with it. Sales and
#: visit minutes are not: their cells may count in 千円 or hours.
LISTED = (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE, m.RANK)


def listed_columns(headers: Sequence[str], columns: Collection[str]) -> dict[str, str]:
    """The plan column (``src_<i>`` of ``columns``) of the list's cell each of :data:`LISTED`
    is in, under the list's ``headers`` (an address only when it has one column, not
    都道府県 | 市区町村 | 番地)."""
    headers = list(headers)
    found = detect_column_indexes(headers)
    out: dict[str, str] = {}
    for key in LISTED:
        i = found.get(key)
        if i is None or i >= len(headers):
            continue
        if key == m.ADDRESS and len(address_columns(headers, found)) != 1:
            continue
        column = f"{m.ORIGINAL_PREFIX}{i}"
        if column in columns:
            out[key] = column
    return out


def list_cells(plan: m.Plan, values: Mapping[str, Any]) -> dict[str, Any]:
    """The list's cells (plan columns ``src_<i>``) taking the corrected ``values``."""
    columns = listed_columns(plan.original_columns, plan.customers.columns)
    return {column: str(values[key]) for key, column in columns.items() if key in values}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (np.isnan(a) and np.isnan(b))
    return bool(a == b)


@dataclass(frozen=True)
class EditCustomer(Edit):
    """Correct one customer's details (``values``: any of :data:`DETAILS`; ``service_minutes``
    None is the rank's, ``sales`` None is none). A new rank treats the frequency as Set rank
    does (:func:`planner._customer_rank.rank_frequencies`): one that follows the plan's rules
    takes the new rank's, one set by hand or the list's own stays. A frequency, visit
    minutes or a position that changes make the calendar stale; a new name, reading or phone
    does not. The plan remembers what the list
    said of a corrected fact, so that next month's list does not undo the correction
    (:mod:`planner._customer_corrections`)."""

    customer_id: str
    values: tuple[tuple[str, Any], ...] = ()
    schedule_stale: bool | None = None  # set by inverses: the flag to restore
    stored: bool = False  # set by inverses: the values as stored, put back as they are
    #: set by inverses: the list's values the plan remembered for the customer's corrections
    listed: Entry | None = None

    @classmethod
    def of(cls, customer_id: str, **fields: Any) -> EditCustomer:
        """``EditCustomer.of("C001", name="山田商店本店", rank="A")``."""
        return cls(customer_id, tuple(fields.items()))

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.values)

    def describe(self) -> str:
        name = str(self.fields.get(m.NAME) or "").strip()
        return tr("Edit customer {name}", name=name or self.customer_id)

    def describe_for(self, plan: m.Plan) -> str:
        """Named by its new name, else by the name it has."""
        if str(self.fields.get(m.NAME) or "").strip():
            return self.describe()
        c = plan.customers
        names = c.loc[c[m.CUSTOMER_ID] == self.customer_id, m.NAME]
        name = str(names.iloc[0]) if len(names) else ""
        return tr("Edit customer {name}", name=name or self.customer_id)

    def without_no_ops(self, plan: m.Plan) -> EditCustomer:
        """The values in their stored form that differ from the customer's (a position as a
        whole); refuses a bad value with one sentence."""
        if self.stored:
            return self
        row = plan.customers.iloc[int(_rows(plan, (self.customer_id,))[0])]
        values = typed_details(self.fields, plan.settings, str(row[m.RANK]))
        keep = {k: v for k, v in values.items() if not _same(row[k], v)}
        if m.LAT in keep or m.LON in keep:  # a position goes in as a pair
            keep[m.LAT], keep[m.LON] = values[m.LAT], values[m.LON]
        return replace(self, values=tuple(keep.items()))


def _calendar_facts(plan: m.Plan, pos: int) -> tuple[float, float, float, float]:
    """What the calendar plans a customer's visits by, of its details: how often (a frequency
    left unset follows its rank's rule), how long, where."""
    row = plan.customers.iloc[pos]
    s = plan.settings
    rank = str(row[m.RANK])
    freq = float(row[m.FREQUENCY])
    if not np.isfinite(freq):
        freq = float(s.frequency_by_rank.get(rank, s.default_frequency))
    minutes = float(row[m.SERVICE_MINUTES])
    if not np.isfinite(minutes) or minutes < 0:  # as territories.service_minutes reads it
        minutes = s.service_minutes_for(rank)
    return freq, minutes, float(row[m.LAT]), float(row[m.LON])


@applies(EditCustomer)
def _edit_customer(plan: m.Plan, edit: EditCustomer) -> tuple[m.Plan, Edit, Changes]:
    pos = _rows(plan, (edit.customer_id,))
    edit = edit.without_no_ops(plan)
    values = edit.fields
    if not values and edit.schedule_stale is None:
        return plan, edit, Changes()  # it has those details already: nothing changes
    if m.LAT in values and not edit.stored:
        values[m.GEOCODE] = "manual"  # placed by hand, as a dragged pin
    elif m.ADDRESS in values and not edit.stored and m.located_mask(plan.customers)[pos[0]]:
        # moved, not located (offline): the previous address's position until the new one
        # is, as the monthly update marks it (the Customers list says so; an address search
        # of the update looks it up)
        from planner._update_changes import PREVIOUS

        values[m.GEOCODE] = PREVIOUS
    if m.RANK in values and not edit.stored:  # as Set rank: a frequency the rules gave follows
        from planner._customer_rank import RULE, rank_frequencies

        (freq,), (kind,) = rank_frequencies(plan, (edit.customer_id,), values[m.RANK])
        if kind == RULE:
            values[m.FREQUENCY] = freq  # the inverse keeps the old one
    remembered = entry_of(plan, edit.customer_id)
    memo = corrected(plan, int(pos[0]), values) if edit.listed is None else edit.listed
    if not edit.stored:  # the list's own cells say it too (an undo gives them back as stored)
        values.update(list_cells(plan, values))
    new, old = _set_columns(plan, pos, {k: (v,) for k, v in values.items()})
    new = with_entry(new, edit.customer_id, memo)  # what the list said: the next update keeps
    if m.LAT in values:
        customers = new.customers
        lat, lon = float(values[m.LAT]), float(values[m.LON])
        geometry = customers.geometry.to_numpy().copy()
        geometry[pos[0]] = shapely.points(lon, lat) if np.isfinite([lat, lon]).all() else None
        new = new.replace(customers=customers.set_geometry(
            gpd.GeoSeries(geometry, index=customers.index, crs=m.CRS)))
    flag: bool | None = None
    stale = Changes()
    if edit.schedule_stale is not None:  # an undo: the flag as it was
        new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    elif not edit.stored and not all(
        _same(a, b) for a, b in zip(_calendar_facts(plan, int(pos[0])),
                                    _calendar_facts(new, int(pos[0])), strict=True)
    ):
        new, flag, stale = mark_stale(plan, new)
    inverse = EditCustomer(edit.customer_id, tuple((k, v[0]) for k, v in old.items()), flag,
                           stored=True, listed=remembered)
    changes = Changes(customers=True, frequencies=m.FREQUENCY in values,
                      customer_ids=(edit.customer_id,))
    return new, inverse, changes | stale
