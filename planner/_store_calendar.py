"""The calendar read back from a plan file. Rows edited in a database viewer so that they no
longer make sense (weekday "xyz", week 0 or beyond the calendar's weeks, a territory that
never was the plan's, arrival "25:99", a negative distance, a departure before its arrival
or a time outside the day) are left out with their customers' other visits, and the rest
of the calendar is kept, marked out of date, so that a rebuild keeping the visit days still keeps
every other customer's day. Where a left-out customer's rows still say on which weekday and
week it was visited (the damage was in a time or a distance, or in one row of several), that
day is remembered (:mod:`planner._schedule_damaged`): the rebuild keeps it there too and
tells it only if its day changes. The whole calendar is set aside, with the reason, only when
its table cannot be read (a column dropped). The file itself is left as it is until the user
saves. Visits under a territory the plan removed (a rep who left: the record of
:mod:`planner._calendar_reps`) are no damage: they are the previous calendar, out of date."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors

from planner import model as m
from planner._store_values import restore, text_values
from planner.i18n import N_, listing, tr, trn
from planner.routing import clock_minutes

_READ_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                pyogrio.errors.FieldError, ValueError, KeyError, TypeError)

#: a clock time as the calendar writes it: past midnight keeps counting ("25:10")
_CLOCK = re.compile(r"^\d{1,2}:[0-5]\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the damaged rows named in the message; the others are counted
_NAMED = 3
#: the figures of a calendar row that are never below 0, and how a row is told by one
_AMOUNTS = (("travel_km", N_("travel km “{value}”")),
            ("travel_minutes", N_("travel minutes “{value}”")),
            ("return_km", N_("km home “{value}”")),
            ("return_minutes", N_("minutes home “{value}”")),
            ("day_hours", N_("day length “{value}”")))
#: minutes a day's clock may run beyond its length (``day_hours`` leaves out the lunch
#: break, at most 180 minutes, and the times are rounded to the minute)
_BEYOND_LENGTH = 181.0


@dataclass(frozen=True)
class CalendarRead:
    """A plan file's calendar as read: the table (None when set aside), why it was set aside
    ("" when not), and which of its rows were left out and why ("" when none was)."""

    schedule: pd.DataFrame | None
    set_aside: str = ""
    left_out: str = ""
    #: per customer left out: its visits whose territory, week and weekday still read
    #: (:func:`readable_visits`)
    left_out_visits: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_calendar(
    path: Path, layer: str, saved: Sequence[Sequence[Any]] | None, *,
    weeks: int | None = None, territories: Collection[str] | None = None,
) -> CalendarRead:
    """The calendar table ``layer`` of ``path`` in its saved dtypes (``saved``: the meta's
    ``[[column, dtype], …]``) without its damaged rows (:func:`damaged_rows`; ``weeks``: the
    calendar's horizon, ``territories``: the plan's territory ids and those its calendar
    remembers) and their customers' other visits; set aside whole when the table cannot be read."""
    try:
        raw = pyogrio.read_dataframe(path, layer=layer, read_geometry=False, fid_as_index=True)
        raw = pd.DataFrame(raw).sort_index()
    except _READ_ERRORS:
        return CalendarRead(None, tr("its table cannot be read"))
    reason = missing_columns(raw)
    if reason:
        return CalendarRead(None, reason)
    bad, why = damaged_rows(raw, weeks=weeks, territories=territories)
    left_out = ""
    visits: dict[str, dict[str, Any]] = {}
    if bad.any():
        customers = pd.Series(text_values(raw["customer_id"]), index=raw.index, dtype=object)
        gone = set(customers[bad])
        dropped = customers.isin(gone)
        left_out = left_out_text(bad, why, visits=int(dropped.sum()), customers=len(gone))
        visits = readable_visits(raw[dropped.to_numpy()], weeks=weeks, territories=territories)
        raw = raw[~dropped.to_numpy()]
    try:
        frame = raw.reset_index(drop=True).drop(columns=["_empty"], errors="ignore")
        dtypes = {str(c): str(d) for c, d in (saved or {})}
        return CalendarRead(restore(frame, dtypes, model=m.SCHEDULE_COLUMNS), "", left_out,
                            visits)
    except _READ_ERRORS:
        return CalendarRead(None, tr("its table cannot be read"))


def fit_to_customers(
    schedule: pd.DataFrame | None, unscheduled: pd.DataFrame | None, customers: pd.DataFrame,
    territories: Collection[str] | None = None,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, bool]:
    """The calendar and its left-out customers without the customers deleted in another
    program (QGIS), and whether the calendar is now out of date (a visit went, or one is
    under a territory not among the plan's ``territories``: a rep who left). A visit under
    another territory than its customer's is kept: a rebuild keeping the days places that
    customer anew and tells it, as for one moved to another rep."""
    known = pd.Index(customers[m.CUSTOMER_ID].astype(str)).unique()
    stale = False
    if schedule is not None and len(schedule) and territories is not None:
        stale = not schedule["territory"].astype(str).isin(list(territories)).all()
    if schedule is not None and len(schedule):
        kept = known.get_indexer(schedule["customer_id"].astype(str)) >= 0
        if not kept.all():
            schedule = schedule[kept].reset_index(drop=True)
            stale = True
    if unscheduled is not None and len(unscheduled) and "customer_id" in unscheduled:
        kept = known.get_indexer(unscheduled["customer_id"].astype(str)) >= 0
        unscheduled = unscheduled[kept].reset_index(drop=True)
    return schedule, unscheduled, stale


def missing_columns(raw: pd.DataFrame) -> str:
    """The calendar table ``raw`` lacks a column it needs: which, in the user's language
    ("" when it has them all)."""
    missing = [c for c in m.SCHEDULE_COLUMNS if c not in raw.columns]
    if not missing:
        return ""
    return trn("the column {columns} is missing", "the columns {columns} are missing",
               len(missing), columns=listing(tr("“{column}”", column=c) for c in missing))


def damaged_rows(
    raw: pd.DataFrame, *, weeks: int | None = None, territories: Collection[str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Which rows of the calendar table ``raw`` (indexed by their numbers in the file) make
    no sense, and for each the first thing wrong with it, in the user's language:
    :func:`_checks`."""
    why = pd.Series("", index=raw.index, dtype=object)
    for bad, told, _where in _checks(raw, weeks=weeks, territories=territories):
        new = bad & (why == "").to_numpy()
        if new.any():
            why[new] = told(new)
    return why != "", why


def readable_visits(
    rows: pd.DataFrame, *, weeks: int | None = None, territories: Collection[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Per customer of the calendar ``rows`` (those left out): ``{"visits": …, "rows": n}``,
    its visits whose territory, week and weekday (and the planned day of one a holiday moved)
    read, as ``[territory, week, day, date, moved_from]`` (the date "" when it does not read;
    none when no row of it says where it was), and how many rows it had (more than its
    visits: how often it was visited cannot be told from them)."""
    placed = np.ones(len(rows), dtype=bool)
    for bad, _told, where in _checks(rows, weeks=weeks, territories=territories):
        if where:
            placed &= ~bad
    ids = text_values(rows["customer_id"])
    out: dict[str, dict[str, Any]] = {cid: {"visits": [], "rows": 0} for cid in ids}
    dates = text_values(rows["date"]) if "date" in rows.columns else [""] * len(rows)
    read = _dates(rows["date"]) if "date" in rows.columns else placed
    moved = text_values(rows["moved_from"]) if "moved_from" in rows.columns else [""] * len(rows)
    week = pd.to_numeric(rows["week"], errors="coerce").to_numpy(dtype=float)
    territory, day = text_values(rows["territory"]), text_values(rows["day"])
    for k, cid in enumerate(ids):
        out[cid]["rows"] += 1
        if placed[k]:
            out[cid]["visits"].append([territory[k], int(week[k]), day[k],
                                       dates[k].strip() if read[k] else "", moved[k].strip()])
    return out


Told = Callable[[np.ndarray], list[str]]


def _checks(
    raw: pd.DataFrame, *, weeks: int | None = None, territories: Collection[str] | None = None
) -> Iterator[tuple[np.ndarray, Told, bool]]:
    """What can be wrong with the rows of the calendar table ``raw``, in the order it is
    told: per check the rows it fails, how it is told for some of them, and whether it is
    about where the visit is (its weekday, week, territory, or the day a holiday moved it
    from): a weekday not in the week, a week not in 1 … ``weeks``, a territory not among
    ``territories``, a stop number below 1, a clock time or date that cannot be read, a
    distance or duration below 0, a departure before its arrival, and a time outside the
    day (farther from the day's other visits than the day is long, as the calendar wrote it
    in ``day_hours``; a whole day when it did not)."""

    def told(label: str, values: pd.Series) -> Told:
        shown = pd.Series(text_values(values), index=raw.index, dtype=object)
        return lambda new: [tr(label, value=v or tr("(empty)")) for v in shown[new]]

    days = pd.Series(text_values(raw["day"]), index=raw.index, dtype=object)
    yield (~days.isin(m.WEEKDAYS).to_numpy(), told(N_("weekday “{value}”"), raw["day"]), True)
    week = pd.to_numeric(raw["week"], errors="coerce").to_numpy(dtype=float)
    top = float(weeks) if weeks else np.inf
    yield (~(np.isfinite(week) & (week >= 1) & (week <= top) & (np.mod(week, 1) == 0)),
           told(N_("week “{value}”"), raw["week"]), True)
    if territories is not None:
        terr = pd.Series(text_values(raw["territory"]), index=raw.index, dtype=object)
        yield (~terr.isin(list(territories)).to_numpy(),
               told(N_("territory “{value}”"), raw["territory"]), True)
    if "moved_from" in raw.columns:
        yield ~_dates(raw["moved_from"]), told(N_("date “{value}”"), raw["moved_from"]), True
    seq = pd.to_numeric(raw["seq"], errors="coerce").to_numpy(dtype=float)
    yield (~(np.isfinite(seq) & (seq >= 1) & (np.mod(seq, 1) == 0)),
           told(N_("stop “{value}”"), raw["seq"]), False)
    for column, label in (("arrival", N_("arrival “{value}”")),
                          ("departure", N_("departure “{value}”")),
                          ("lunch", N_("lunch break “{value}”"))):
        if column in raw.columns:
            yield ~_clocks(raw[column]), told(label, raw[column]), False
    if "date" in raw.columns:
        yield ~_dates(raw["date"]), told(N_("date “{value}”"), raw["date"]), False
    for column, label in _AMOUNTS:
        if column in raw.columns:
            amount = pd.to_numeric(raw[column], errors="coerce").to_numpy(dtype=float)
            numbers = pd.Series([f"{a:g}" for a in amount], index=raw.index, dtype=object)
            yield (amount < 0) | np.isinf(amount), told(label, numbers), False
    arrival, departure = clock_minutes(raw["arrival"]), clock_minutes(raw["departure"])
    shown = pd.DataFrame({"a": text_values(raw["arrival"]), "d": text_values(raw["departure"])},
                         index=raw.index)
    yield departure < arrival, lambda new: [
        tr("departure “{departure}” before its arrival “{arrival}”", departure=d, arrival=a)
        for a, d in zip(shown["a"][new], shown["d"][new], strict=True)], False
    early, late = _day_span(raw, arrival)
    off = (arrival < early) | (arrival > late) | (departure < early) | (departure > late)
    came = (arrival < early) | (arrival > late)  # else the departure is outside
    yield off, lambda new: [
        tr("arrival “{value}” outside the day", value=a) if c
        else tr("departure “{value}” outside the day", value=d)
        for a, d, c in zip(shown["a"][new], shown["d"][new], came[new], strict=True)], False


def _day_span(raw: pd.DataFrame, arrival: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of the calendar table ``raw``: the earliest and latest clock minutes its day
    can hold. Every visit of a day lies between the day's start and its end, which are
    ``day_hours`` and the lunch break apart (a whole day when the calendar did not write
    it): so no visit is
    farther than that from the day's middle visit (the median arrival, which a time typed
    wrong in one row does not move)."""
    hours = (pd.to_numeric(raw["day_hours"], errors="coerce").to_numpy(dtype=float)
             if "day_hours" in raw.columns else np.full(len(raw), np.nan))
    length = np.where(np.isfinite(hours) & (hours > 0), hours * 60.0 + _BEYOND_LENGTH, np.nan)
    key = pd.DataFrame({"t": text_values(raw["territory"]), "w": text_values(raw["week"]),
                        "d": text_values(raw["day"]), "a": arrival, "h": length})
    groups = key.groupby(["t", "w", "d"], sort=False)
    middle = groups["a"].transform("median").to_numpy(dtype=float)
    span = groups["h"].transform("max").fillna(24 * 60.0).to_numpy(dtype=float)
    middle = np.where(np.isfinite(middle), middle, arrival)
    return middle - span, middle + span


def left_out_text(bad: pd.Series, why: pd.Series, *, visits: int, customers: int) -> str:
    """What was left out of the calendar, in the user's language: the damaged rows (the
    first by number and what is wrong with them), and the visits of their customers."""
    rows = bad[bad].index
    named = [tr("row {row}: {what}", row=str(r), what=why[r]) for r in rows[:_NAMED]]
    if len(rows) > _NAMED:
        named.append(trn("and {n} more row", "and {n} more rows", len(rows) - _NAMED))
    return tr("{rows}; {visits}", rows=trn(
        "{n} row of the saved calendar made no sense ({which})",
        "{n} rows of the saved calendar made no sense ({which})", len(rows),
        which=listing(named)), visits=trn(
        "the visits of the customer were left out ({visits} in all)",
        "the visits of the {n} customers were left out ({visits} in all)", customers,
        visits=f"{visits:,}"))


def _clocks(values: pd.Series) -> np.ndarray:
    """Which clock texts are empty (no time to print) or read as ``HH:MM``."""
    texts = pd.Series(text_values(values), dtype=object).str.strip()
    ok = texts.str.fullmatch(_CLOCK).fillna(False).to_numpy(dtype=bool)
    hours = pd.to_numeric(texts.str.split(":").str[0], errors="coerce").to_numpy(dtype=float)
    ok = ok & (np.nan_to_num(hours, nan=99.0) < 48)
    return ok | (texts == "").to_numpy(dtype=bool)


def _dates(values: pd.Series) -> np.ndarray:
    """Which date texts are empty or a real ``YYYY-MM-DD`` day."""
    texts = pd.Series(text_values(values), dtype=object).str.strip()
    parsed = pd.to_datetime(texts.where(texts.str.fullmatch(_DATE).fillna(False)),
                            format="%Y-%m-%d", errors="coerce")
    return ((texts == "") | parsed.notna()).to_numpy(dtype=bool)
