"""The plan: customers, territories and settings; the customer table's columns in one place.

A :class:`Plan` is an immutable value. Every change produces a new plan (see
``edits.py``); the customer table is a GeoDataFrame in EPSG:4326 whose columns
are named here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner.errors import PlannerError

CRS = "EPSG:4326"

# --- customer table columns -------------------------------------------------
CUSTOMER_ID = "customer_id"
NAME = "name"
NAME_KANA = "name_kana"  # the name's reading (フリガナ) as the list gives it, "" = none
ADDRESS = "address"
PHONE = "phone"
LAT = "lat"
LON = "lon"
RANK = "rank"
SALES = "sales"
FREQUENCY = "frequency"  # visits per 4 weeks
SERVICE_MINUTES = "service_minutes"
CLOSED_DAYS = "closed_days"  # weekday codes joined by "," in week order ("sat,sun"), "" = none
VISIT_DAYS = "visit_days"  # the only weekdays to visit on (訪問曜日), same codes, "" = any day
VISIT_WEEK = "visit_week"  # week of the cycle of the first visit (訪問週), "2"; "" = free
VISIT_TIME = "visit_time"  # visiting hours (訪問時間帯), "10:00-12:00", "14:00-", "-12:00"; "" = any
TERRITORY = "territory"  # territory id, "" when unassigned
LOCKED = "locked"
PROBLEMS = "problems"  # "; "-joined import problems, "" when none
SOURCE_ROW = "source_row"  # row number in the imported sheet as Excel shows it
GEOCODE = "geocode"  # how the position was found: "sheet", "gsi:town", "manual", "" …
#: The visit days as a hand move in the calendar set them (the manager's choice), "" = none:
#: visit days that differ from it were typed (the list, Edit customer: the customer's wish).
HAND_DAYS = "hand_days"
GEOMETRY = "geometry"

#: Prefix of the columns that keep the original spreadsheet's values (as text).
#: ``Plan.original_columns[i]`` is the header text of column ``ORIGINAL_PREFIX + str(i)``.
ORIGINAL_PREFIX = "src_"

#: The plan's own columns, in order, with their pandas dtypes.
CUSTOMER_COLUMNS: dict[str, str] = {
    CUSTOMER_ID: "object",
    NAME: "object",
    NAME_KANA: "object",
    ADDRESS: "object",
    PHONE: "object",
    LAT: "float64",
    LON: "float64",
    RANK: "object",
    SALES: "float64",
    FREQUENCY: "float64",
    SERVICE_MINUTES: "float64",
    CLOSED_DAYS: "object",
    VISIT_DAYS: "object",
    VISIT_WEEK: "object",
    VISIT_TIME: "object",
    TERRITORY: "object",
    LOCKED: "bool",
    PROBLEMS: "object",
    SOURCE_ROW: "int64",
    GEOCODE: "object",
    HAND_DAYS: "object",
}
TEXT_COLUMNS = (
    CUSTOMER_ID, NAME, NAME_KANA, ADDRESS, PHONE, RANK, CLOSED_DAYS, VISIT_DAYS, VISIT_WEEK,
    VISIT_TIME, TERRITORY, PROBLEMS, GEOCODE, HAND_DAYS,
)
#: Plan columns added after plan files were first written: a file without one loads with
#: the column's default ("" for text), so older plans keep opening.
OPTIONAL_COLUMNS = (NAME_KANA, CLOSED_DAYS, VISIT_DAYS, VISIT_WEEK, VISIT_TIME, HAND_DAYS)

#: What territories can be balanced on: hours a week (visits and driving), visits per cycle,
#: sales, or the number of customers.
BALANCE_MEASURES = ("workload", "visits", "sales", "customers")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: English short titles of the weekdays (translate with ``tr`` where shown).
WEEKDAY_TITLES = {d: d.capitalize() for d in WEEKDAYS}
#: A colour per weekday, the same on the map (colour by visit day) and the PDF handouts.
DAY_COLORS = {
    "mon": "#1f77b4", "tue": "#d62728", "wed": "#2ca02c", "thu": "#9467bd",
    "fri": "#ff7f0e", "sat": "#8c564b", "sun": "#e377c2",
}
#: Customers visited on more than one weekday (twice a week), coloured by visit day.
SEVERAL_DAYS_COLOR = "#263238"
#: The colours of the visit-day groups (``maps.data.visit_day_groups``): each weekday's, then
#: several days'.
DAY_GROUP_COLORS = (*DAY_COLORS.values(), SEVERAL_DAYS_COLOR)

#: Japan's extent (with the remote islands), used to flag implausible coordinates.
JAPAN_LAT = (20.0, 46.0)
JAPAN_LON = (122.0, 154.0)

#: Palette that stays distinguishable for 30 territories (Glasbey-like, hand-tuned).
PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#9a6324", "#469990", "#800000", "#808000", "#000075", "#bfef45", "#fabed4",
    "#dcbeff", "#ffd8b1", "#aaffc3", "#ffe119", "#a9a9a9", "#2f4f4f", "#ff6f61",
    "#6b8e23", "#1e90ff", "#c71585", "#20b2aa", "#b8860b", "#5f9ea0", "#8b4513",
    "#7b68ee", "#3a5f0b",
)


def palette_color(index: int) -> str:
    """Colour for the territory at ``index``: the palette's, then (60 reps) further colours
    of their own, hues a golden angle apart in two strengths, so no two territories share one."""
    if index < len(PALETTE):
        return PALETTE[index]
    import colorsys

    k = index - len(PALETTE)
    hue = (0.11 + k * 0.618034) % 1.0
    saturation, value = ((0.85, 0.80), (0.55, 0.95), (0.95, 0.60))[k % 3]
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


@dataclass(frozen=True)
class Settings:
    """Plan-wide settings: the working week, the travel model and service defaults."""

    cycle_weeks: int = 4
    working_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    day_hours: float = 8.0
    day_start: str = "09:00"
    lunch_start: str = "12:00"  # the lunch break (昼休憩) begins at the first free moment from here
    lunch_minutes: float = 60.0  # 0 = no break on the route sheets' clock
    speed_kmh: float = 30.0
    detour_factor: float = 1.3
    service_minutes_by_rank: Mapping[str, float] = field(
        default_factory=lambda: {"A": 45.0, "B": 30.0, "C": 20.0}
    )
    default_service_minutes: float = 30.0
    frequency_by_rank: Mapping[str, float] = field(
        default_factory=lambda: {"A": 4.0, "B": 2.0, "C": 1.0}
    )
    default_frequency: float = 1.0
    balance: str = "workload"
    tolerance: float = 0.05
    balance_by_capacity: bool = False  # fair shares in proportion to each rep's weekly hours
    start_date: str = ""  # ISO date of week 1's Monday, "" = not set
    skip_holidays: bool = True
    #: the company's days off (年末年始, お盆), ISO dates: no rep visits on them
    company_days_off: tuple[str, ...] = ()
    routing_url: str = ""  # OSRM-compatible server; "" = straight-line model
    geocoder: str = "none"
    gsi_url: str = ""  # "" = $PLANNER_GSI_URL or the public GSI address search
    nominatim_url: str = ""  # "" = $PLANNER_NOMINATIM_URL or nominatim.openstreetmap.org

    def validate(self) -> None:
        """Raise :class:`PlannerError` when a setting is out of range."""
        from planner.i18n import tr  # the messages reach the window and the command line

        if not 1 <= self.cycle_weeks <= 52:
            raise PlannerError(tr("The cycle must be between 1 and 52 weeks."))
        if not self.working_days:
            raise PlannerError(tr("Choose at least one working day."))
        bad = [d for d in self.working_days if d not in WEEKDAYS]
        if bad:
            raise PlannerError(tr("Unknown working day(s): {days}.", days=", ".join(bad)))
        if not 0 < self.day_hours <= 24:
            raise PlannerError(tr("Day hours must be more than 0 and at most 24."))
        if self.speed_kmh <= 0 or self.detour_factor < 1:
            raise PlannerError(tr("Speed must be positive and the detour factor at least 1."))
        if not 0 <= self.lunch_minutes <= 180:
            raise PlannerError(tr("The lunch break must be between 0 and 180 minutes."))
        if self.start_date and not _plausible_start(self.start_date):
            raise PlannerError(tr("The start date must be a date from 2000 to 2099, like "
                                  "2027-04-05."))
        if self.balance not in BALANCE_MEASURES:
            raise PlannerError(tr("Balance must be workload, visits, sales or customers."))

    def service_minutes_for(self, rank: str) -> float:
        """Default visit length for a customer of ``rank``."""
        return float(self.service_minutes_by_rank.get(rank, self.default_service_minutes))

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["working_days"] = list(self.working_days)
        d["company_days_off"] = list(self.company_days_off)
        d["service_minutes_by_rank"] = dict(self.service_minutes_by_rank)
        d["frequency_by_rank"] = dict(self.frequency_by_rank)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        for name in ("working_days", "company_days_off"):  # lists in a stored plan
            if name in kwargs:
                kwargs[name] = tuple(str(v) for v in kwargs[name] or ())
        return cls(**kwargs)


@dataclass(frozen=True)
class Territory:
    """One rep's area: identity, look, home base, optional boundary and capacity."""

    id: str
    name: str
    rep: str = ""
    color: str = PALETTE[0]
    home_lat: float | None = None
    home_lon: float | None = None
    boundary: BaseGeometry | None = None  # Polygon/MultiPolygon in EPSG:4326
    capacity_hours: float = 40.0  # per week
    #: the rep's own weekday codes in week order (Mon–Thu, Tue/Thu, … ); () = the plan's days
    working_days: tuple[str, ...] = ()
    #: the rep's own longest working day in hours (a part-timer's 5 h); None = the plan's
    day_hours: float | None = None
    #: dates the rep does not work (休暇, 研修), ISO "2026-12-24", sorted; the calendar moves
    #: those days' visits to other days of the week
    days_off: tuple[str, ...] = ()
    #: the rep's own start of the working day ("10:00" for a part-timer); "" = the plan's
    day_start: str = ""

    def __post_init__(self) -> None:
        for name in ("working_days", "days_off"):  # a list from a file or a caller
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value or ()))

    @property
    def has_home(self) -> bool:
        return self.home_lat is not None and self.home_lon is not None

    def replace(self, **changes: Any) -> Territory:
        return dataclasses.replace(self, **changes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Territory):
            return NotImplemented
        same = all(
            getattr(self, f.name) == getattr(other, f.name)
            for f in dataclasses.fields(self)
            if f.name != "boundary"
        )
        if not same:
            return False
        if self.boundary is None or other.boundary is None:
            return self.boundary is other.boundary
        return bool(shapely.equals_exact(self.boundary, other.boundary, tolerance=1e-12))

    __hash__ = None  # type: ignore[assignment]


#: Columns of the schedule table (one row per visit).
SCHEDULE_COLUMNS: dict[str, str] = {
    "territory": "object",
    "customer_id": "object",
    "week": "int64",  # 1-based week of the horizon
    "day": "object",  # "mon" …
    "seq": "int64",  # 1-based stop number within the day
    "arrival": "object",  # "HH:MM"
    "departure": "object",
    "travel_km": "float64",  # from the previous stop (or the start point)
    "travel_minutes": "float64",
}


@dataclass(frozen=True)
class Plan:
    """Customers, territories, settings, the original header texts and the calendar."""

    customers: gpd.GeoDataFrame
    territories: tuple[Territory, ...] = ()
    settings: Settings = field(default_factory=Settings)
    original_columns: tuple[str, ...] = ()
    schedule: pd.DataFrame | None = None  # SCHEDULE_COLUMNS, or None until built
    unscheduled: pd.DataFrame | None = None  # customer_id, territory, reason
    source: str = ""  # path of the spreadsheet the plan was imported from
    meta: Mapping[str, Any] = field(default_factory=dict)  # free-form (schedule horizon …)
    #: the folder of the plan file it was loaded from (not saved): where an old plan's
    #: relative ``source`` may be
    source_folder: str = ""
    #: why the plan file's calendar was left out when it was read (not saved): a row that
    #: makes no sense there, in the user's language; "" when it loaded (or there was none)
    calendar_set_aside: str = ""
    #: which rows of the plan file's calendar made no sense there and were left out with
    #: their customers' visits (the rest kept, out of date), in the user's language; not saved
    calendar_left_out: str = ""
    #: what was set right in a plan file edited in another program, in the user's language
    load_notes: tuple[str, ...] = ()

    # -- lookups ---------------------------------------------------------
    def territory(self, territory_id: str) -> Territory:
        for t in self.territories:
            if t.id == territory_id:
                return t
        raise KeyError(territory_id)

    def source_paths(self) -> tuple[str, ...]:
        """The paths the imported spreadsheet may have, for an export never to overwrite it:
        ``source`` itself; one saved relative (plans before absolute paths were kept) read
        against the plan file's folder as well as the current one."""
        if not self.source:
            return ()
        if os.path.isabs(os.path.expanduser(self.source)) or not self.source_folder:
            return (self.source,)
        return (os.path.join(self.source_folder, self.source), self.source)

    @property
    def territory_ids(self) -> list[str]:
        return [t.id for t in self.territories]

    def replace(self, **changes: Any) -> Plan:
        return dataclasses.replace(self, **changes)

    def taken_territory_ids(self) -> set[str]:
        """Ids a new territory must not take: its territories', and those the calendar still
        names (a rep who left: a new rep under the same id would look like the same rep,
        and the customers who change rep would not be told)."""
        from planner._calendar_reps import remembered_ids

        taken = set(self.territory_ids) | remembered_ids(self.meta)  # and its listed changes
        for table in (self.schedule, self.unscheduled):
            if table is not None and "territory" in table.columns:
                taken.update(str(t) for t in pd.unique(table["territory"]) if t)
        return taken

    def next_territory_id(self) -> str:
        """A fresh id ``T01``, ``T02`` … not taken (:meth:`taken_territory_ids`)."""
        used = self.taken_territory_ids()
        n = len(used) + 1
        for i in range(1, n + 2):
            candidate = f"T{i:02d}"
            if candidate not in used:
                return candidate
        raise AssertionError("unreachable")

    def original_frame(self) -> pd.DataFrame:
        """The original spreadsheet columns with their header texts, in their order."""
        cols = [f"{ORIGINAL_PREFIX}{i}" for i in range(len(self.original_columns))]
        frame = pd.DataFrame(self.customers[cols].to_numpy(), columns=list(self.original_columns))
        return frame

    def validate(self) -> None:
        """Raise :class:`PlannerError` when the plan breaks an invariant."""
        from planner._validate import validate_customers, validate_territories

        validate_customers(self.customers)
        self.settings.validate()
        validate_territories(self.territory_ids, list(self.customers[TERRITORY]))


def empty_customers(n: int = 0) -> gpd.GeoDataFrame:
    """An empty (or ``n``-row default-filled) customer table with every plan column."""
    data: dict[str, Any] = {}
    for col, dtype in CUSTOMER_COLUMNS.items():
        if dtype == "object":
            data[col] = pd.Series([""] * n, dtype=object)
        elif dtype == "bool":
            data[col] = pd.Series([False] * n, dtype=bool)
        elif dtype == "int64":
            data[col] = pd.Series(np.zeros(n, dtype=np.int64))
        else:
            data[col] = pd.Series(np.full(n, np.nan))
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([None] * n, crs=CRS), crs=CRS)


def make_customers(
    records: pd.DataFrame | Mapping[str, Sequence[Any]],
    *,
    originals: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Build a valid customer table from plain columns.

    Missing plan columns get defaults; geometry is made from ``lat``/``lon``
    (no point where either is missing). ``originals`` (same length) are kept as
    text columns ``src_0`` … in their order.
    """
    frame = pd.DataFrame(records).reset_index(drop=True)
    n = len(frame)
    out = empty_customers(n)
    for col, dtype in CUSTOMER_COLUMNS.items():
        if col in frame:
            values = frame[col]
            if dtype == "object":
                out[col] = values.map(_text).astype(object)
            elif dtype == "bool":
                out[col] = values.fillna(False).astype(bool).to_numpy()
            elif dtype == "int64":
                out[col] = pd.to_numeric(values, errors="coerce").fillna(0).astype(np.int64)
            else:
                out[col] = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    if not (out[SOURCE_ROW] != 0).any():
        out[SOURCE_ROW] = np.arange(2, n + 2, dtype=np.int64)
    if originals is not None:
        if len(originals) != n:
            raise ValueError("originals must have one row per customer")
        for i in range(originals.shape[1]):
            out[f"{ORIGINAL_PREFIX}{i}"] = originals.iloc[:, i].map(_text).to_numpy()
    out = set_points(out)
    return out


def set_points(customers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rebuild the geometry column from ``lat``/``lon`` (None where unlocated)."""
    lat = customers[LAT].to_numpy(dtype=float)
    lon = customers[LON].to_numpy(dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    geoms = np.full(len(customers), None, dtype=object)
    if ok.any():
        geoms[ok] = shapely.points(lon[ok], lat[ok])
    out = customers.copy()
    out = out.set_geometry(gpd.GeoSeries(geoms, index=customers.index, crs=CRS))
    return out


def located_mask(customers: pd.DataFrame) -> np.ndarray:
    """Boolean array: the customer has coordinates."""
    return np.isfinite(customers[LAT].to_numpy(dtype=float)) & np.isfinite(
        customers[LON].to_numpy(dtype=float)
    )


#: What a table shows for a figure the plan does not have (the sales of a list without them).
NO_FIGURE = "—"


def has_sales(customers: pd.DataFrame) -> bool:
    """Whether some customer has a sales figure (a list without a sales column has none: its
    territories' sales are unknown, not 0)."""
    return SALES in customers and bool(np.isfinite(customers[SALES].to_numpy(dtype=float)).any())


def _plausible_start(text: str) -> bool:
    """Whether a start date is an ISO date from 2000 to 2099 (a typed 9999 or 0001 is a
    typing slip, and the holiday calendar ends long before either)."""
    import datetime as dt

    try:
        return 2000 <= dt.date.fromisoformat(str(text)).year <= 2099
    except ValueError:
        return False


def new_plan(
    customers: gpd.GeoDataFrame,
    *,
    territories: Iterable[Territory] = (),
    settings: Settings | None = None,
    original_columns: Sequence[str] = (),
    source: str = "",
) -> Plan:
    """A validated plan."""
    plan = Plan(
        customers=customers,
        territories=tuple(territories),
        settings=settings or Settings(),
        original_columns=tuple(original_columns),
        source=source,
    )
    plan.validate()
    return plan


def _text(value: Any) -> str:
    """A cell as text: None/NaN → "", whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (np.floating,)):
        return _text(float(value))
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    return str(value)
