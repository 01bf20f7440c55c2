"""The plan file: the whole plan in one GeoPackage that QGIS also opens; atomic saves (autosave
and recovery: :mod:`planner._store_recovery`, re-exported here; other programs' leftovers
beside the file and a save's temporaries: :mod:`planner._store_files`).

Layout of a plan file (every table is listed in ``gpkg_contents``):

* ``customers`` — points in EPSG:4326, one feature per customer (no geometry when unlocated);
* ``territories`` — boundary polygons (may be empty) with id, name, rep, colour, home base, capacity, own days;
* ``settings`` — key/value, values as JSON;
* ``original_columns`` — the imported sheet's header texts in order (``src_0`` …);
* ``schedule`` and ``unscheduled`` — only when the plan has them (``unscheduled``: customer,
  territory, reason and its code, :mod:`planner.unscheduled`; files without the code read it
  from the reason);
* ``meta`` — key/value JSON: format version, program version, source, column dtypes, free-form meta.

Saving writes a temporary file in the target's folder, syncs it to disk and renames it over
the target in one step (:func:`os.replace`), so a crash, a full disk or a cancel never leaves
a half-written plan behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors

from planner import __version__, _store_child, interrupts
from planner import _store_files as files
from planner import _store_values as sv
from planner import model as m
from planner._calendar_reps import remember_territories, remembered_ids
from planner._schedule_damaged import DAMAGED_KEY
from planner._store_calendar import fit_to_customers, read_calendar
from planner._store_files import file_stamp
from planner._store_repair import (
    check_essential_columns,
    lost_columns,
    text_in_number_cells,
    unassign_unknown,
    unique_codes,
    unset_text_cells,
)
from planner._store_territories import TERRITORIES_LAYER, _read_territories, _territory_frame
from planner._store_values import (
    dtypes,
    key_values,
    restore,
    text_values,
    with_optional_columns,
)
from planner.columns import unique_headers
from planner.errors import DiskFull, PlannerError, disk_is_full, os_reason
from planner.i18n import tr
from planner.progress import Progress, report
from planner.unscheduled import with_codes

#: Version of the file layout; bump when a change needs a conversion on load.
FORMAT_VERSION = 1
PROGRAM = "territory-planner"

CUSTOMERS_LAYER = "customers"
SETTINGS_TABLE = "settings"
COLUMNS_TABLE = "original_columns"
SCHEDULE_TABLE = "schedule"
UNSCHEDULED_TABLE = "unscheduled"
META_TABLE = "meta"

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: A GeoPackage's SQLite application id (header bytes 68–71); 1.0 and 1.1 files had their own.
_GPKG_IDS = (b"GPKG", b"GP10", b"GP11")

PathLike = str | os.PathLike[str]


# --- saving -------------------------------------------------------------------------------
def check_plan_target(path: PathLike) -> Path:
    """The file :func:`save_plan` would write, or the :class:`PlannerError` it would raise.

    Lets a long operation (the calendar) fail in a second instead of after its work.
    """
    target = Path(path)
    try:  # a name longer than the file system takes: one sentence, not a traceback
        os.lstat(target)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _save_error(exc, target.name) from exc
    if target.is_symlink():  # save into the linked file, keep the link
        target = target.resolve()
    name = target.name
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(folder)))
    if target.is_dir():
        raise PlannerError(tr("{name} is a folder, not a plan file.", name=name))
    if target.exists() and not os.access(target, os.W_OK):
        raise PlannerError(tr("{name} is read-only; save the plan under another name.", name=name))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PlannerError(
            tr(
                "{name} cannot be saved: the folder is read-only or the file is "
                "open in another program.",
                name=name,
            )
        )
    files.check_not_open_elsewhere(target)
    return target


#: Plan files written in this process, in order (the command line tells them apart from an
#: interrupt that came before the save).
SAVED: list[str] = []


def save_plan(plan: m.Plan, path: PathLike, *, progress: Progress | None = None,
              in_child: bool = False, autosave: bool = False) -> None:
    """Write ``plan`` to ``path`` atomically; the previous file stays intact on any failure.

    ``in_child``: a big plan's layers are written in a child process (the window's saves:
    GDAL holds Python's GIL while it writes, :mod:`planner._store_child`); ``autosave``:
    from fewer customers (nobody waits for it)."""
    if not isinstance(plan, m.Plan):
        raise TypeError("save_plan needs a Plan")
    target = check_plan_target(path)
    name = target.name
    folder = target.parent if str(target.parent) else Path(".")
    report(progress, 0.0, tr("Saving the plan…"))
    try:
        fd, tmp_name = tempfile.mkstemp(  # computer and process tell a dead save's leftover
            prefix=files.saving_prefix(target.stem), suffix=".saving.gpkg", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise _save_error(exc, name) from exc
    tmp = Path(tmp_name)
    try:
        if in_child and _store_child.worth_a_child(plan, autosave=autosave):
            _store_child.write_in_child(plan, tmp, progress)
        else:
            write_temporary(plan, tmp, progress)
        report(progress, 0.95, tr("Saving the plan…"))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(target, tmp)
        files.check_not_open_elsewhere(target)  # again: it may have been opened while we wrote
        interrupts.check()  # a Ctrl-C a library swallowed while we wrote: the plan stays
        os.replace(tmp, target)
    except BaseException as exc:
        # a full disk surfaces as SQLite or GDAL errors that do not say so: look before
        # the temporary file gives its room back
        full = disk_is_full(folder, exc)
        files.remove_quietly(tmp)
        if full:
            raise DiskFull(tr("There is not enough disk space to save {name}.",
                              name=name)) from exc
        if isinstance(exc, (OSError, pyogrio.errors.DataSourceError)):
            raise _save_error(exc, name) from exc
        raise
    SAVED.append(str(target))
    files.fsync_folder(folder)
    files.remove_stale_temporaries(folder, target.stem)
    report(progress, 1.0, tr("Plan saved."))


def write_temporary(plan: m.Plan, path: Path, progress: Progress | None) -> None:
    """Write ``plan`` into the new temporary file ``path`` of a save (not synced, not renamed)."""
    with _fast_sqlite():
        _write_plan(plan, path, progress)


def _write_plan(plan: m.Plan, path: Path, progress: Progress | None) -> None:
    """Write every layer and table of ``plan`` into the (new, empty) file ``path``."""
    customers = plan.customers
    meta: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "program": PROGRAM,
        "program_version": __version__,
        "source": plan.source,
        "crs": m.CRS,
        "customer_columns": dtypes(customers.drop(columns=customers.geometry.name)),
        "schedule_columns": None if plan.schedule is None else dtypes(plan.schedule),
        "unscheduled_columns": None if plan.unscheduled is None else dtypes(plan.unscheduled),
        # the territories the calendar names, a removed one's rep too (the previous rep)
        "plan_meta": dict(remember_territories(plan).meta),
    }
    report(progress, 0.05, tr("Saving customers…"))
    frame = customers.reset_index(drop=True)
    if frame.geometry.name != m.GEOMETRY:
        frame = frame.rename_geometry(m.GEOMETRY)
    if frame.crs is None:
        frame = frame.set_crs(m.CRS)
    _write(frame, path, CUSTOMERS_LAYER, geometry_type="Point")
    report(progress, 0.7, tr("Saving territories…"))
    _write(_territory_frame(plan.territories), path, TERRITORIES_LAYER,
           geometry_type="MultiPolygon", promote_to_multi=True)
    report(progress, 0.8, tr("Saving settings and schedule…"))
    settings = plan.settings.to_dict()
    _write(key_values(settings), path, SETTINGS_TABLE)
    _write(pd.DataFrame({"position": np.arange(len(plan.original_columns), dtype=np.int64),
                         "column": pd.Series([f"{m.ORIGINAL_PREFIX}{i}" for i in
                                              range(len(plan.original_columns))], dtype=object),
                         "header": pd.Series(list(plan.original_columns), dtype=object)}),
           path, COLUMNS_TABLE)
    if plan.schedule is not None:
        _write(plan.schedule.reset_index(drop=True), path, SCHEDULE_TABLE)
    if plan.unscheduled is not None:
        _write(plan.unscheduled.reset_index(drop=True), path, UNSCHEDULED_TABLE)
    _write(key_values(meta), path, META_TABLE)


_sync_lock = threading.Lock()
_sync_users = 0
_sync_previous: str | None = None


@contextlib.contextmanager
def _fast_sqlite() -> Iterator[None]:
    """No SQLite syncs while writing the temporary file: it is synced once before the rename.

    GDAL otherwise syncs on every layer, which costs ~0.1 s each on ordinary disks. The
    setting is process-wide, so concurrent saves (autosave in a worker) share it by count.
    """
    global _sync_users, _sync_previous
    key = "OGR_SQLITE_SYNCHRONOUS"
    with _sync_lock:
        if _sync_users == 0:
            _sync_previous = pyogrio.get_gdal_config_option(key)
            pyogrio.set_gdal_config_options({key: "OFF"})
        _sync_users += 1
    try:
        yield
    finally:
        with _sync_lock:
            _sync_users -= 1
            if _sync_users == 0:
                pyogrio.set_gdal_config_options({key: _sync_previous})


def _write(frame: pd.DataFrame, path: Path, layer: str, **options: Any) -> None:
    """One layer or attribute table; a table without columns gets a placeholder column."""
    if frame.shape[1] == 0:
        frame = pd.DataFrame({"_empty": np.zeros(len(frame), dtype=np.int64)})
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", **options)


# --- loading ------------------------------------------------------------------------------
def _unreadable(exc: BaseException, source: Path) -> PlannerError:
    """A plan file that would not open: locked by another program's write (its rollback
    journal beside the file), or damaged."""
    text, name = str(exc).lower(), source.name
    # SQLite's words (a column named "locked" in a failed query is not a lock)
    if "is locked" in text or "database is busy" in text or files.hot_journal(Path(f"{source}-journal")):
        return PlannerError(tr("{name} cannot be opened now: another program is writing to it. "
                               "Wait until it has finished, or close the file there.", name=name))
    return PlannerError(tr("{name} is damaged and cannot be opened.", name=name))


def load_plan(path: PathLike, *, in_child: bool = False,
              progress: Progress | None = None) -> m.Plan:
    """Read a plan file written by :func:`save_plan` (raises :class:`PlannerError` if it is not
    one). ``in_child``: a big file is read in a child process (the window's opens), which
    ``progress`` answering ``False`` ends at once (:class:`~planner.errors.Cancelled`)."""
    source = Path(path)
    if in_child and _store_child.worth_reading_apart(source):
        return _store_child.load_in_child(source, progress)
    name = source.name
    if not source.exists():
        raise PlannerError(tr("The plan file {name} does not exist.", name=name))
    if source.is_dir():
        raise PlannerError(tr("{name} is a folder, not a plan file.", name=name))
    try:
        with open(source, "rb") as fh:
            header = fh.read(72)
    except OSError as exc:
        raise PlannerError(tr("{name} cannot be read: {reason}.", name=name,
                              reason=os_reason(exc))) from exc
    magic = header[:len(_SQLITE_MAGIC)]
    if magic != _SQLITE_MAGIC or len(header) == 72 and header[68:72] not in _GPKG_IDS:
        raise PlannerError(tr("{name} is not a plan file (GeoPackage).", name=name))
    if files.hot_journal(Path(f"{source}-journal")):  # a write cut short: rolled back as SQLite
        files.settle_leftovers(source)  # does (a -wal in use by a reader is left alone)
    try:
        layers = {str(row[0]) for row in pyogrio.list_layers(source)}
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise _unreadable(exc, source) from exc
    if META_TABLE not in layers or CUSTOMERS_LAYER not in layers:
        raise PlannerError(
            tr("{name} is a GeoPackage but not a Territory Planner plan.", name=name)
        )
    try:
        meta = _read_key_values(source, META_TABLE)
        if meta.get("program") != PROGRAM:
            raise PlannerError(
                tr("{name} is a GeoPackage but not a Territory Planner plan.", name=name)
            )
        version = int(meta.get("format_version", 0))
        if version > FORMAT_VERSION:
            raise PlannerError(tr("{name} was saved by Territory Planner {version}, which is newer "
                                  "than this one ({mine}); please update the program.", name=name,
                                  version=str(meta.get("program_version") or "?"),
                                  mine=__version__))
        check_essential_columns(source, CUSTOMERS_LAYER)
        plan = _read_plan(source, layers, meta)
    except PlannerError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            pyogrio.errors.FieldError, pyogrio.errors.GeometryError, sqlite3.Error,
            ValueError, KeyError, TypeError) as exc:
        raise _unreadable(exc, source) from exc
    try:
        plan.validate()
    except PlannerError as exc:
        raise PlannerError(tr("{name} cannot be opened: {reason}", name=name,
                              reason=str(exc))) from exc
    except (TypeError, ValueError) as exc:  # a setting edited in another program ("many")
        raise _unreadable(exc, source) from exc
    # an old plan's relative list path may be beside the plan file: exports check there too
    return plan.replace(source_folder=str(source.parent.absolute()))


def _read_plan(path: Path, layers: set[str], meta: Mapping[str, Any]) -> m.Plan:
    raw = pyogrio.read_dataframe(path, layer=CUSTOMERS_LAYER, fid_as_index=True)
    raw = raw.sort_index()
    fids = [int(f) for f in raw.index]
    raw = raw.reset_index(drop=True)
    saved = {str(c): str(d) for c, d in meta["customer_columns"]}
    columns = restore(pd.DataFrame(raw.drop(columns=raw.geometry.name)), saved,
                      model=_customer_model_dtypes(saved))
    # cells edited in another program: text in a number column is read as unset
    columns, notes = unset_text_cells(columns, fids, text_in_number_cells(path, CUSTOMERS_LAYER),
                                      raw.geometry.to_numpy())
    notes = [*lost_columns(path, CUSTOMERS_LAYER, saved), *notes]
    columns = with_optional_columns(columns, list(m.CUSTOMER_COLUMNS), m.OPTIONAL_COLUMNS)
    columns[m.VISIT_WEEK] = sv.visit_week_values(columns[m.VISIT_WEEK])
    geometry = gpd.GeoSeries(raw.geometry.to_numpy(), crs=m.CRS)
    customers = gpd.GeoDataFrame(columns, geometry=geometry, crs=m.CRS)

    territories = _read_territories(path)
    customers, twice = unique_codes(customers)  # a code typed twice, a territory deleted there
    customers, unknown = unassign_unknown(customers, {t.id for t in territories})
    settings = m.Settings.from_dict(_read_key_values(path, SETTINGS_TABLE))
    headers = _read_table(path, COLUMNS_TABLE).sort_values("position")
    # a plan imported before headers given twice were told apart (担当, 担当 → 担当 (2)):
    # named as a list read now names them, so an update matches its columns
    original_columns = tuple(unique_headers(list(text_values(headers["header"])))[0])
    schedule = unscheduled = None
    set_aside = left_out = ""
    damaged: dict[str, dict[str, Any]] = {}
    plan_meta = meta.get("plan_meta") or {}
    if not isinstance(plan_meta, dict):
        raise ValueError("plan_meta is not an object")
    if meta.get("schedule_columns") is not None:
        # a calendar edited in another program: its rows that make no sense (weekday "xyz",
        # week 99) go with their customers' visits, and the rest is kept, out of date; a
        # table that cannot be read is set aside whole. The window and the commands tell it
        if SCHEDULE_TABLE in layers:
            read = read_calendar(path, SCHEDULE_TABLE, meta["schedule_columns"],
                                 weeks=_horizon(plan_meta),
                                 territories={t.id for t in territories}
                                 | remembered_ids(plan_meta))
            schedule, set_aside, left_out = read.schedule, read.set_aside, read.left_out
            damaged = read.left_out_visits
        else:
            set_aside = tr("its table is missing")
    if (not set_aside and meta.get("unscheduled_columns") is not None
            and UNSCHEDULED_TABLE in layers):  # the customers a set-aside calendar left out go too
        unscheduled = restore(_read_table(path, UNSCHEDULED_TABLE),
                               {str(c): str(d) for c, d in meta["unscheduled_columns"]})
        # a plan saved before the reasons had codes: each read from its reason's words
        unscheduled = with_codes(unscheduled)
    if set_aside:  # the set-aside calendar's figures (its weeks, its notes) go with it
        plan_meta = {k: v for k, v in plan_meta.items() if not str(k).startswith("schedule_")}
    schedule, unscheduled, stale = fit_to_customers(schedule, unscheduled, customers,
                                                    {t.id for t in territories})
    if stale or left_out:  # visits to place again: the calendar is out of date
        plan_meta = {**plan_meta, "schedule_stale": True}
    if damaged:  # who they are and, where their rows tell it, their day: kept until rebuilt
        plan_meta = {**plan_meta, DAMAGED_KEY: {**(plan_meta.get(DAMAGED_KEY) or {}), **damaged}}
    return remember_territories(m.Plan(
        customers=customers,
        territories=territories,
        settings=settings,
        original_columns=original_columns,
        schedule=schedule,
        unscheduled=unscheduled,
        source=str(meta.get("source") or ""),
        meta=plan_meta,
        calendar_set_aside=set_aside,
        calendar_left_out=left_out,
        load_notes=(*notes, *twice, *unknown),
    ))


def _horizon(plan_meta: Mapping[str, Any]) -> int | None:
    """The weeks of the saved calendar (the plan meta's ``schedule_weeks``), None if unknown."""
    try:
        weeks = int(plan_meta.get("schedule_weeks") or 0)
    except (TypeError, ValueError):
        return None
    return weeks if weeks > 0 else None


def _customer_model_dtypes(saved: Mapping[str, str]) -> dict[str, str]:
    """The model's dtype for each customer column: plan columns, and text for ``src_`` columns."""
    model = dict(m.CUSTOMER_COLUMNS)
    for col in saved:
        if col.startswith(m.ORIGINAL_PREFIX) and col[len(m.ORIGINAL_PREFIX):].isdigit():
            model[col] = "object"
    return model


def _read_table(path: Path, layer: str) -> pd.DataFrame:
    frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False, fid_as_index=True)
    frame = pd.DataFrame(frame).sort_index().reset_index(drop=True)
    return frame.drop(columns=["_empty"], errors="ignore")


def _read_key_values(path: Path, layer: str) -> dict[str, Any]:
    frame = _read_table(path, layer)
    return {str(k): json.loads(str(v)) for k, v in zip(frame["key"], frame["value"], strict=True)}


# --- helpers ------------------------------------------------------------------------------
def _save_error(exc: BaseException, name: str) -> PlannerError:
    """A one-sentence message for a failed write."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return DiskFull(tr("There is not enough disk space to save {name}.", name=name))
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return PlannerError(tr("{name} cannot be saved: the folder is read-only or the file is "
                               "open in another program.", name=name))
    reason = os_reason(exc)
    return PlannerError(tr("{name} could not be saved: {reason}.", name=name, reason=reason))


def plan_file_layers(path: PathLike) -> list[str]:
    """Names of the layers and tables in a plan file (for diagnostics and tests)."""
    return [str(row[0]) for row in pyogrio.list_layers(Path(path))]


# autosave and recovery live in their own module; re-exported here for callers
from planner._store_recovery import (  # noqa: E402
    changed_after,
    claim_recovery,
    data_dir,
    discard_one_recovery,
    discard_recovery,
    find_recoveries,
    find_recovery,
    is_recovery_name,
    keep_recovery_for_later,
    recovery_path_for,
    release_recovery,
    save_recovery,
)

__all__ = [
    "FORMAT_VERSION",
    "changed_after",
    "claim_recovery",
    "data_dir",
    "discard_one_recovery",
    "discard_recovery",
    "file_stamp",
    "find_recoveries",
    "find_recovery",
    "is_recovery_name",
    "keep_recovery_for_later",
    "load_plan",
    "plan_file_layers",
    "recovery_path_for",
    "release_recovery",
    "save_plan",
    "save_recovery",
    "write_temporary",
]
