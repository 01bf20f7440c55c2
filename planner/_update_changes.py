"""What an update from a revised customer list changed, as the manager reads it.

:class:`CustomerUpdate` is the result of :func:`planner.update.update_customers`;
:func:`last_update` reads back the ids the plan's last update added, changed and removed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np

from planner import model as m
from planner._geocode_nearby import approximate_clause, approximate_mask, approximate_text
from planner.closed_days import closed_days_label
from planner.columns import field_label
from planner.frequency import frequency_words
from planner.frequency_impact import FrequencyImpact, impact_text
from planner.i18n import clauses, listing, tr, trn
from planner.territory_areas import AreaMove, area_note, moves_text
from planner.travel import haversine_km
from planner.visit_times import visit_time_label
from planner.visit_weeks import visit_week_label

#: The ``geocode`` of a position kept from the customer's previous address (the list gave a
#: new address without coordinates), to be located again; also the changed field telling it.
PREVIOUS = "previous_address"

if TYPE_CHECKING:  # the report comes from the import; its module stays out of light imports
    from planner.spreadsheet import ImportReport

#: Number fields, shown as numbers.
NUMBER_FIELDS = (m.SALES, m.FREQUENCY, m.SERVICE_MINUTES)

#: ``plan.meta`` key: the customer ids the last update added, changed and removed
#: (``{"added": [...], "changed": [...], "removed": [...]}``), for the Customer list's filter.
LAST_UPDATE_KEY = "customers_last_update"


@dataclass(frozen=True)
class CustomerChange:
    """One customer the update adds, removes or changes."""

    customer_id: str
    name: str
    territory: str  # the territory after the update (for a removed customer: before)
    fields: tuple[str, ...] = ()  # the changed fields of a kept customer
    note: str = ""  # how a new customer found its territory; why it needs a position
    #: (before, after) of each changed field as the user reads them ("B", "A"); for the
    #: position ("", "moved 1.2 km")
    values: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """What changed, as the user reads it ("Rank B → A; Position 1.2 km", in Japanese
        "ランク B → A、位置 1.2 km")."""
        parts = []
        for field, (before, after) in zip(self.fields, self.values, strict=True):
            title = (tr("Position") if field in ("position", PREVIOUS) else
                     tr("Rep") if field == m.TERRITORY else
                     tr("Locked") if field == m.LOCKED else tr(field_label(field)))
            if field in ("position", PREVIOUS):
                parts.append(f"{title}: {after}")
            else:
                parts.append(f"{title} {before or '—'} → {after or '—'}")
        return clauses(*parts)  # 、 between them in Japanese

    def describe_kept(self) -> str:
        """A kept correction as the user reads it: 「ランク: リストはA、プランのBのまま」."""
        parts = []
        for field, (listed, kept) in zip(self.fields, self.values, strict=True):
            parts.append(tr("{field}: the list says {listed}, the plan keeps {kept}",
                            field=tr(field_label(field)), listed=listed or "—",
                            kept=kept or "—"))
        return clauses(*parts)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {
            "fields": list(self.fields),
            "values": [list(v) for v in self.values],
        }


@dataclass(frozen=True)
class CustomerUpdate:
    """The updated plan and what changed, for the manager to check before keeping it."""

    plan: m.Plan
    added: tuple[CustomerChange, ...]
    removed: tuple[CustomerChange, ...]  # no longer on the list (left in when ``keep_missing``)
    changed: tuple[CustomerChange, ...]
    unchanged: int
    matched_by: str  # "code" or "name"
    keep_missing: bool
    report: ImportReport
    calendar_stale: bool
    #: what the update does to the reps' weeks (None without territories)
    impact: FrequencyImpact | None = None
    #: the new customers' codes padded to the plan's width: (the list's, the plan's)
    padded_codes: tuple[tuple[str, str], ...] = ()
    #: customers whose correction in the plan (Edit customer…) stayed over the list's value,
    #: which is still the one corrected: (the list's, the plan's) of each such field
    kept_corrections: tuple[CustomerChange, ...] = ()
    #: kept customers whose new position lies in another territory's area: they keep their
    #: territory, the manager decides (:mod:`planner.territory_areas`)
    area_moves: tuple[AreaMove, ...] = ()
    #: customers placed approximately before the update and still, at the same place: told
    #: once as a count, not as news every month (:func:`still_approximate`)
    approximate_kept: tuple[str, ...] = ()

    def removes_most(self, customers: int) -> bool:
        """True when this update takes out more than half of a plan's ``customers`` (ten or
        more): a list exported for one branch, or cut short, rather than next month's."""
        return not self.keep_missing and customers >= 10 and len(self.removed) > customers / 2

    @property
    def needs_position(self) -> tuple[CustomerChange, ...]:
        """New or moved customers left without a position (to geocode or place by hand)."""
        located = dict(
            zip(
                self.plan.customers[m.CUSTOMER_ID], m.located_mask(self.plan.customers), strict=True
            )
        )
        return tuple(c for c in (*self.added, *self.changed) if not located[c.customer_id])

    def headline(self) -> str:
        """The counts in one sentence, short enough for the window's status bar."""
        return tr(
            "Customers kept: {kept} ({changed} changed); new: {added}; no longer on the "
            "list: {removed} ({what}).",
            kept=f"{self.unchanged + len(self.changed):,}",
            changed=f"{len(self.changed):,}",
            added=f"{len(self.added):,}",
            removed=f"{len(self.removed):,}",
            what=tr("kept in the plan") if self.keep_missing else tr("removed"),
        )

    def summary(self) -> str:
        """One paragraph (:meth:`summary_lines` run on); the window shows one item a line."""
        # Japanese sentences run on without spaces
        return " ".join(self.summary_lines()).replace("。 ", "。")

    def summary_lines(self) -> list[str]:
        """The summary's items one by one: the command line prints one a line."""
        return [text for text, _ in self.summary_items()]

    def warning_lines(self) -> list[str]:
        """The summary's items that ask the manager to act (the calendar out of date,
        customers without a position or placed approximately): the window shows them first."""
        return [text for text, warns in self.summary_items() if warns]

    def summary_items(self) -> list[tuple[str, bool]]:
        """``(item, asks to act)`` of the summary, in the command line's order, none empty."""
        parts = [self.headline()]
        warnings: set[int] = set()  # the positions in ``parts`` of the items asking to act
        assigned = sum(1 for c in self.added if c.territory)
        if self.added:
            parts.append(tr("{n} of the new customers joined a territory.", n=assigned))
        if self.padded_codes:
            parts.append(self.padded_text())
        if self.kept_corrections:
            parts.append(trn(
                "{n} customer keeps the details corrected in the plan (the list still has the "
                "earlier ones).",
                "{n} customers keep the details corrected in the plan (the list still has the "
                "earlier ones).", len(self.kept_corrections)))
            parts.append(tr("Corrections kept: {names}.",
                            names=named(c.name for c in self.kept_corrections)))
        parts.append(moves_text(self.plan, self.area_moves))  # "" when none
        if self.needs_position:
            warnings.add(len(parts))
            parts.append(
                trn(
                    "{n} customer needs a position (geocode it, or place it on the map).",
                    "{n} customers need a position (geocode them, or place them on the map).",
                    len(self.needs_position),
                )
            )
        # "" when none: left out below; those placed so at an earlier update only counted
        c = self.plan.customers
        warnings.add(len(parts))
        parts.append(approximate_text(c[~c[m.CUSTOMER_ID].isin(self.approximate_kept)]))
        if self.approximate_kept:
            parts.append(trn("{n} customer is still placed approximately, as before.",
                             "{n} customers are still placed approximately, as before.",
                             len(self.approximate_kept)))
        waiting = int((self.plan.customers[m.GEOCODE].fillna("").astype(str) == PREVIOUS).sum())
        if waiting:
            warnings.add(len(parts))
            parts.append(trn(
                "{n} customer stays at the position of its previous address until the new one "
                "is located (geocode it, or place it on the map).",
                "{n} customers stay at the position of their previous address until the new "
                "ones are located (geocode them, or place them on the map).", waiting))
        if self.impact is not None and self.impact.busiest is not None:
            parts.extend(impact_text(self.impact).splitlines()[1:])
        if self.calendar_stale:
            warnings.add(len(parts))
            parts.append(tr("The calendar is out of date: build it again keeping days to place "
                            "the new and changed customers."))
        return [(p, k in warnings) for k, p in enumerate(parts) if p]

    def padded_text(self) -> str:
        """The line telling that new customers' codes got back the zeros the list lost."""
        shown = ", ".join(f"{a} → {b}" for a, b in self.padded_codes[:3])
        more = " …" if len(self.padded_codes) > 3 else ""
        return trn(
            "{n} new customer's code had lost its leading zeros; it was padded to the plan's "
            "{width} digits ({codes}).",
            "{n} new customers' codes had lost their leading zeros; they were padded to the "
            "plan's {width} digits ({codes}).",
            len(self.padded_codes), width=len(self.padded_codes[0][1].split("-")[0]),  # 00113-2
            codes=shown + more)

    def rows(self) -> list[list[str]]:
        """One line per change as the manager reads it: change, code, name, territory, details."""
        names = {t.id: t.name for t in self.plan.territories}
        gone = tr("No longer on the list (kept)") if self.keep_missing else tr("Removed")
        why = (tr("Not on the list: kept in the plan") if self.keep_missing else
               tr("Not on the list: removed from the plan with its visits"))
        out = [[tr("New"), c.customer_id, c.name, names.get(c.territory, ""), c.note]
               for c in self.added]
        out += [[gone, c.customer_id, c.name, names.get(c.territory, ""), why]
                for c in self.removed]
        into = {a.customer_id: area_note(self.plan, a) for a in self.area_moves}
        out += [[tr("Changed"), c.customer_id, c.name, names.get(c.territory, ""),
                 clauses(c.describe(), into.get(c.customer_id, ""))] for c in self.changed]
        return out

    def kept_rows(self) -> list[list[str]]:
        """One line per customer whose corrections in the plan stayed over the list's older
        values: kind, code, name, territory, 「ランク: リストはA、プランのBのまま」."""
        names = {t.id: t.name for t in self.plan.territories}
        return [[tr("Correction kept"), c.customer_id, c.name, names.get(c.territory, ""),
                 c.describe_kept()] for c in self.kept_corrections]

    def to_csv(self, path: str | Any, *, source: Iterable[str] = ()) -> None:
        """The changes as a CSV file Excel opens, atomically (the dialog's Save button); never
        onto the list read nor ``source`` (the paths of the list the plan came from)."""
        from planner.spreadsheet import write_csv

        headers = [tr("Change"), tr("Code"), tr("Name"), tr("Territory"), tr("Details")]
        write_csv(path, headers, self.rows() + self.kept_rows(),
                  source=(*self.plan.source_paths(), *source))

    def to_dict(self) -> dict[str, Any]:
        """The update as JSON (``update --report``): the import report plus the changes."""
        return self.report.to_dict() | {
            "matched_by": self.matched_by,
            "unchanged": self.unchanged,
            "added": [c.to_dict() for c in self.added],
            "removed": [c.to_dict() for c in self.removed],
            "removed_kept": self.keep_missing,
            "changed": [c.to_dict() for c in self.changed],
            "calendar_stale": self.calendar_stale,
            "padded_codes": [list(p) for p in self.padded_codes],
            "kept_corrections": [c.to_dict() for c in self.kept_corrections],
            "moved_into_other_areas": [dataclasses.asdict(a) for a in self.area_moves],
        }


def still_approximate(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> tuple[str, ...]:
    """The customers ``old`` (the plan before an update) had at an approximate position that
    ``new`` (after it) has at the same one, placed the same way: nothing new to tell."""
    before = old[approximate_mask(old)].set_index(m.CUSTOMER_ID)
    after = new[approximate_mask(new)]
    after = after[after[m.CUSTOMER_ID].isin(before.index)]
    if not len(after):
        return ()
    was = before.loc[after[m.CUSTOMER_ID]]
    same = (
        (was[m.GEOCODE].astype(str).to_numpy() == after[m.GEOCODE].astype(str).to_numpy())
        & np.isclose(was[m.LAT].to_numpy(dtype=float), after[m.LAT].to_numpy(dtype=float))
        & np.isclose(was[m.LON].to_numpy(dtype=float), after[m.LON].to_numpy(dtype=float))
    )
    return tuple(after[m.CUSTOMER_ID].astype(str).to_numpy()[same].tolist())


def named(names: Iterable[str], most: int = 5) -> str:
    """Names in a sentence, the first ``most`` and how many more: 「協和食品、井上商店ほか3件」."""
    names = list(names)
    shown = listing(names[:most])
    if len(names) > most:
        return tr("{names} and {n} more", names=shown, n=len(names) - most)
    return shown


def changes(
    old: gpd.GeoDataFrame,
    merged: gpd.GeoDataFrame,
    kept_rows: np.ndarray,
    src: np.ndarray,
    new_rows: np.ndarray,
    gone: np.ndarray,
    changed_fields: dict[int, list[str]],
    how_joined: list[str],
    territory_names: dict[str, str] | None = None,
) -> tuple[tuple[CustomerChange, ...], ...]:
    """The added, removed and changed customers; a changed territory is shown by the names
    ``territory_names`` gives its ids (the rep: 山田 太郎)."""
    ids = merged[m.CUSTOMER_ID].astype(str).to_numpy()
    names = merged[m.NAME].astype(str).to_numpy()
    territory = merged[m.TERRITORY].astype(str).to_numpy()
    # a new or moved customer at its 丁目's customers says so: 「テリトリーの境界内」 or
    # 「4.1km 移動」 alone read like an exact place
    placed = (merged[m.GEOCODE].to_numpy(dtype=object) if m.GEOCODE in merged
              else np.full(len(merged), "", dtype=object))
    added = tuple(
        CustomerChange(ids[r], names[r], territory[r],
                       note=clauses(how_joined[i], approximate_clause(placed[r])))
        for i, r in enumerate(new_rows)
    )
    old_ids = old[m.CUSTOMER_ID].astype(str).to_numpy()
    removed = tuple(
        CustomerChange(old_ids[r], str(old[m.NAME].iloc[r]), str(old[m.TERRITORY].iloc[r]))
        for r in gone
    )
    source = dict(zip(kept_rows.tolist(), src.tolist(), strict=True))
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # field → (plan, list) values

    def column(field: str) -> tuple[np.ndarray, np.ndarray]:
        if field not in columns:
            names = [m.LAT, m.LON] if field in ("position", PREVIOUS) else [field]
            columns[field] = (old[names].to_numpy(), merged[names].to_numpy())
        return columns[field]

    locked = merged[m.LOCKED].fillna(False).astype(bool).to_numpy()
    changed = []
    for r in kept_rows:
        if r not in changed_fields:
            continue
        fields = tuple(dict.fromkeys(changed_fields[r]))
        values = []
        for f in fields:
            before, after = column(f)
            pair = _before_after(f, before[source[r]], after[r])
            if f == m.TERRITORY and territory_names:
                pair = (territory_names.get(pair[0], pair[0]), territory_names.get(pair[1], pair[1]))
            if f == "position" and approximate_clause(placed[r]):
                pair = (pair[0], clauses(pair[1], approximate_clause(placed[r])))
            if f == "position" and locked[r] and _far(before[source[r]], after[r]):
                # a locked shop keeps its rep wherever it went: say so (a far move, or a
                # wrong address, then weighs on that rep's week and on a re-balance)
                pair = (pair[0], tr("{moved}, locked to its territory: check it still belongs "
                                    "there", moved=pair[1]))
            values.append(pair)
        changed.append(CustomerChange(ids[r], names[r], territory[r], fields, values=tuple(values)))
    return added, removed, tuple(changed)


def kept_change(
    customer_id: str, name: str, territory: str, fields: list[tuple[str, Any, Any]]
) -> CustomerChange:
    """A customer whose corrections stayed: each (field, the list's value, the plan's)."""
    return CustomerChange(customer_id, name, territory, tuple(f for f, _a, _b in fields),
                          values=tuple((_shown(f, a), _shown(f, b)) for f, a, b in fields))


def _before_after(field: str, before: np.ndarray, after: np.ndarray) -> tuple[str, str]:
    """A changed field's plan and list values (one-element rows; lat, lon for the position)
    as the user reads them."""
    if field == PREVIOUS:
        return "", tr("kept at the previous address until the new one is located (geocode it)")
    if field == "position":
        if not np.isfinite(after.astype(float)).all():
            return "", tr("to be located again")
        km = _moved_km(before, after)
        return "", tr("located") if km is None else tr("moved {km:.1f} km", km=km)
    return _shown(field, before[0]), _shown(field, after[0])


#: A locked shop moved further than this is said to be locked where it no longer lies.
FAR_KM = 5.0


def _moved_km(before: np.ndarray, after: np.ndarray) -> float | None:
    """How far a position (lat, lon) moved; None when either is unknown."""
    a, b = before.astype(float), after.astype(float)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return None
    return float(haversine_km([a[0]], [a[1]], [b[0]], [b[1]])[0, 0])


def _far(before: np.ndarray, after: np.ndarray) -> bool:
    km = _moved_km(before, after)
    return km is not None and km > FAR_KM


def _shown(field: str, value: Any) -> str:
    if field == m.LOCKED:
        return tr("yes") if bool(value) else tr("no")
    if field in NUMBER_FIELDS:
        number = float(value) if value is not None else float("nan")
        if not np.isfinite(number):
            return ""
        if field == m.FREQUENCY:
            return frequency_words(number)
        if field == m.SERVICE_MINUTES:
            return f"{number:g}" + tr(" min")
        return f"{number:,.0f}"
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    if field in (m.CLOSED_DAYS, m.VISIT_DAYS):
        return closed_days_label(text)
    if field == m.VISIT_WEEK:
        return visit_week_label(text)
    if field == m.VISIT_TIME:
        return visit_time_label(text)
    return text


def last_update(plan: m.Plan) -> dict[str, list[str]]:
    """The ids the plan's last update added, changed and removed (empty lists before one)."""
    stored = (plan.meta or {}).get(LAST_UPDATE_KEY) or {}
    return {k: [str(v) for v in stored.get(k, [])] for k in ("added", "changed", "removed")}
