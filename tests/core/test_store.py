"""Plan files: exact round trips, QGIS-visible layout, atomic saves, clear errors, recovery."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import pytest
import shapely

from planner import __version__, store
from planner import model as m
from planner._calendar_reps import TERRITORIES_KEY, remember_territories
from planner.errors import Cancelled, PlannerError
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


def rich_plan() -> m.Plan:
    """A plan exercising every awkward value: Japanese, "", NaN, unlocated rows, holes, schedule."""
    base = synthetic_plan(60, territories=4, seed=3)
    c = base.customers.copy()
    c.loc[0, m.NAME] = "株式会社 テスト商店（本店）🍣"
    c.loc[1, m.ADDRESS] = ""
    c.loc[2, m.PHONE] = "０３−１２３４−５６７８"
    c.loc[3, m.SALES] = np.nan
    c.loc[4, m.FREQUENCY] = np.nan
    c.loc[[5, 6], m.LAT] = np.nan
    c.loc[[6, 7], m.LON] = np.nan
    c.loc[8, m.TERRITORY] = ""
    c.loc[9, m.PROBLEMS] = "緯度と経度を入れ替えました; 重複コード"
    c[m.LOCKED] = np.arange(len(c)) % 7 == 0
    c[m.SOURCE_ROW] = np.arange(4, len(c) + 4, dtype=np.int64)
    c = m.set_points(c)
    headers = ("顧客コード", "顧客名", "", "メモ", "メモ (2)")  # an import names a repeat so
    for i in range(len(headers)):
        c[f"{m.ORIGINAL_PREFIX}{i}"] = [f"値{i}-{r}" if r % 5 else "" for r in range(len(c))]
    c.loc[10, f"{m.ORIGINAL_PREFIX}3"] = "改行\nあり, \"引用\""
    hole = shapely.Polygon(
        [(139.0, 35.0), (140.0, 35.0), (140.0, 36.0), (139.0, 36.0)],
        [[(139.2, 35.2), (139.3, 35.2), (139.3, 35.3)]],
    )
    multi = shapely.MultiPolygon(
        [shapely.box(139.1, 35.1, 139.2, 35.2), shapely.box(139.123456789012345, 35.3, 139.5, 35.4)]
    )
    terrs = list(base.territories)
    terrs[0] = terrs[0].replace(boundary=hole, capacity_hours=37.5)
    terrs[1] = terrs[1].replace(boundary=multi, home_lat=None, home_lon=None)
    terrs[2] = terrs[2].replace(name="", rep="")
    settings = m.Settings(
        cycle_weeks=6,
        working_days=("mon", "wed", "sat"),
        day_hours=7.25,
        frequency_by_rank={"A": 8.0, "S": 4.0},
        start_date="2026-12-07",
        skip_holidays=False,
        routing_url="http://localhost:5000",
    )
    schedule = pd.DataFrame(
        {
            "territory": ["T01", "T01", "T02"],
            "customer_id": ["C000001", "C000002", "C000003"],
            "week": np.array([1, 1, 2], dtype=np.int64),
            "day": ["mon", "mon", "sat"],
            "seq": np.array([1, 2, 1], dtype=np.int64),
            "arrival": ["09:15", "10:05", "09:40"],
            "departure": ["09:45", "10:35", ""],
            "travel_km": [3.25, np.nan, 0.0],
            "travel_minutes": [12.0, 7.5, 0.0],
        }
    ).astype(m.SCHEDULE_COLUMNS)
    unscheduled = pd.DataFrame(
        {"customer_id": ["C000010"], "territory": ["T03"], "reason": ["1日の時間に収まりません"],
         "reason_code": ["no_room"]}
    )
    return base.replace(
        customers=c,
        territories=tuple(terrs),
        settings=settings,
        original_columns=headers,
        schedule=schedule,
        unscheduled=unscheduled,
        source="/home/user/顧客一覧.xlsx",
        meta={"horizon_weeks": 4, "note": "テスト", "nested": {"a": [1, 2.5, None]}},
    )


def normalised(frame: pd.DataFrame, text_columns: list[str]) -> pd.DataFrame:
    """``frame`` with its text columns as the model keeps them: object dtype, "" for missing."""
    out = frame.copy()
    for col in text_columns:
        out[col] = pd.Series(
            ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in out[col]],
            dtype=object,
            index=out.index,
        )
    return out


def assert_same_customers(loaded: gpd.GeoDataFrame, original: gpd.GeoDataFrame) -> None:
    text = [c for c in original.columns if c in m.TEXT_COLUMNS or c.startswith(m.ORIGINAL_PREFIX)]
    expected = normalised(pd.DataFrame(original.drop(columns="geometry")), text)
    got = pd.DataFrame(loaded.drop(columns="geometry"))
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for col, dtype in m.CUSTOMER_COLUMNS.items():
        assert str(got[col].dtype) == dtype, col
    assert loaded.crs == original.crs
    assert list(shapely.to_wkb(loaded.geometry.to_numpy())) == list(
        shapely.to_wkb(original.geometry.to_numpy())
    )


def test_round_trip_is_exact(tmp_path: Path) -> None:
    plan = rich_plan()
    path = tmp_path / "計画.gpkg"
    store.save_plan(plan, path)
    loaded = store.load_plan(path)

    assert_same_customers(loaded.customers, plan.customers)
    assert loaded.customers.geometry.isna().sum() == 3  # unlocated customers are kept
    assert loaded.original_columns == plan.original_columns
    assert list(loaded.original_frame().columns) == list(plan.original_columns)
    assert loaded.territories == plan.territories
    assert [t.id for t in loaded.territories] == [t.id for t in plan.territories]
    assert loaded.territories[1].home_lat is None and loaded.territories[1].home_lon is None
    assert shapely.to_wkb(loaded.territories[1].boundary) == shapely.to_wkb(multi_of(plan))
    assert loaded.territories[3].boundary is None
    assert shapely.to_wkb(loaded.territories[0].boundary) == shapely.to_wkb(
        plan.territories[0].boundary
    )  # a Polygon stays a Polygon (the layer itself is MultiPolygon for QGIS)
    assert loaded.settings == plan.settings
    pd.testing.assert_frame_equal(loaded.schedule, plan.schedule, check_exact=True)
    pd.testing.assert_frame_equal(
        loaded.unscheduled, normalised(plan.unscheduled, ["customer_id", "territory", "reason",
                                                          "reason_code"]),
        check_dtype=False, check_exact=True,
    )
    assert loaded.source == plan.source
    # with the territories its calendar names remembered (a rep who leaves stays named)
    assert dict(loaded.meta) == dict(remember_territories(plan).meta)
    assert set(loaded.meta[TERRITORIES_KEY]) == set(plan.schedule["territory"]) | set(
        plan.unscheduled["territory"])


def multi_of(plan: m.Plan) -> shapely.MultiPolygon:
    boundary = plan.territories[1].boundary
    assert isinstance(boundary, shapely.MultiPolygon)
    return boundary


def test_round_trip_of_a_bare_plan_keeps_missing_schedule(tmp_path: Path) -> None:
    plan = m.new_plan(m.empty_customers(0))
    path = tmp_path / "empty.gpkg"
    store.save_plan(plan, path)
    loaded = store.load_plan(path)
    assert len(loaded.customers) == 0
    assert list(loaded.customers.columns) == list(plan.customers.columns)
    assert loaded.territories == () and loaded.original_columns == ()
    assert loaded.schedule is None and loaded.unscheduled is None
    assert loaded.settings == m.Settings()


def test_pandas_str_and_none_text_load_as_model_text(tmp_path: Path) -> None:
    plan = synthetic_plan(20, territories=2, seed=1)
    c = plan.customers.copy()
    c[m.PHONE] = pd.Series([None, *["03-1111-2222"] * 19], dtype=object)
    c[m.TERRITORY] = c[m.TERRITORY].astype("str")
    path = tmp_path / "p.gpkg"
    store.save_plan(plan.replace(customers=c), path)
    loaded = store.load_plan(path).customers
    assert loaded[m.PHONE].tolist()[:2] == ["", "03-1111-2222"]
    assert loaded[m.TERRITORY].dtype == object
    assert loaded[m.TERRITORY].tolist() == c[m.TERRITORY].tolist()


def test_layout_is_a_geopackage_qgis_lists(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(rich_plan(), path)
    with sqlite3.connect(path) as db:
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
        srs = dict(db.execute("SELECT table_name, srs_id FROM gpkg_contents").fetchall())
        geom = dict(db.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns"))
        meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
        header_rows = db.execute("SELECT column, header FROM original_columns").fetchall()
    assert contents["customers"] == "features" and contents["territories"] == "features"
    assert srs["customers"] == 4326 and srs["territories"] == 4326
    assert geom["customers"] == "POINT" and geom["territories"] == "MULTIPOLYGON"
    for table in ("settings", "original_columns", "schedule", "unscheduled", "meta"):
        assert contents[table] == "attributes", table
    assert meta["format_version"] == store.FORMAT_VERSION
    assert meta["program_version"] == __version__
    assert header_rows[0] == ("src_0", "顧客コード")
    located = pyogrio.read_dataframe(path, layer="customers")
    assert len(located) == 60  # unlocated rows stay as features without geometry


def test_overwriting_replaces_the_previous_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(30, territories=2, seed=1), path)
    store.save_plan(synthetic_plan(12, territories=3, seed=2), path)
    loaded = store.load_plan(path)
    assert len(loaded.customers) == 12 and len(loaded.territories) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def _saved_old(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(40, territories=2, seed=5), path)
    return path, path.read_bytes()


def test_write_failing_midway_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = _saved_old(tmp_path)
    real = pyogrio.write_dataframe
    calls: list[str] = []

    def failing(frame: pd.DataFrame, target: Path, **kwargs: object) -> None:
        calls.append(str(kwargs["layer"]))
        if len(calls) == 3:
            raise pyogrio.errors.DataSourceError("disk I/O error")
        real(frame, target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.pyogrio, "write_dataframe", failing)
    with pytest.raises(PlannerError, match="could not be saved"):
        store.save_plan(rich_plan(), path)
    assert len(calls) == 3  # really failed after writing some layers
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def test_full_disk_says_so_and_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = _saved_old(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full)
    with pytest.raises(PlannerError, match="not enough disk space") as info:
        store.save_plan(rich_plan(), path)
    assert not isinstance(info.value, Cancelled)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def test_locked_target_is_reported_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = _saved_old(tmp_path)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(store.os, "replace", locked)
    with pytest.raises(PlannerError, match="open in another program"):
        store.save_plan(rich_plan(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def test_cancel_midway_keeps_old_file(tmp_path: Path) -> None:
    path, before = _saved_old(tmp_path)
    seen: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(fraction)
        return fraction < 0.75

    with pytest.raises(Cancelled):
        store.save_plan(rich_plan(), path, progress=progress)
    assert max(seen) >= 0.75 and seen == sorted(seen)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


def test_progress_runs_to_the_end(tmp_path: Path) -> None:
    seen: list[float] = []
    store.save_plan(rich_plan(), tmp_path / "p.gpkg", progress=lambda f, msg: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_unwritable_places_give_one_sentence(tmp_path: Path) -> None:
    plan = synthetic_plan(5, territories=1)
    with pytest.raises(PlannerError, match="does not exist"):
        store.save_plan(plan, tmp_path / "missing" / "p.gpkg")
    with pytest.raises(PlannerError, match="is a folder"):
        store.save_plan(plan, tmp_path)


def test_load_refuses_what_is_not_a_plan(tmp_path: Path) -> None:
    with pytest.raises(PlannerError, match="does not exist"):
        store.load_plan(tmp_path / "nothing.gpkg")
    text = tmp_path / "notes.gpkg"
    text.write_text("顧客一覧", encoding="utf-8")
    with pytest.raises(PlannerError, match="not a plan file"):
        store.load_plan(text)
    other = tmp_path / "qgis.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(139, 35)], crs=m.CRS).to_file(other)
    with pytest.raises(PlannerError, match="not a Territory Planner plan"):
        store.load_plan(other)


def test_a_plain_sqlite_file_is_not_a_plan_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (a TEXT)")
    db.close()
    with pytest.raises(PlannerError, match="not a plan file"):
        store.load_plan(path)


def test_a_plan_another_program_has_open_and_is_changing_is_not_replaced(tmp_path: Path) -> None:
    """QGIS or a database viewer holding the plan in WAL mode with changes not yet written
    back: replacing the file would have those changes written into the new file later,
    breaking it (it said "damaged" on the next open). The save refuses; the file stays whole."""
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(30, territories=2, seed=1), path)
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("UPDATE meta SET value = value WHERE key = 'program'")
    other.commit()
    assert Path(f"{path}-wal").exists()
    changed = synthetic_plan(12, territories=2, seed=2)
    with pytest.raises(PlannerError, match="another program .* has it open"):
        store.save_plan(changed, path)
    with pytest.raises(PlannerError, match="has it open"):
        store.check_plan_target(path)
    assert len(store.load_plan(path).customers) == 30
    other.close()  # the other program closes the file: it writes its changes back
    store.save_plan(changed, path)
    assert len(store.load_plan(path).customers) == 12
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_plan_locked_by_another_programs_write_says_so_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(10, territories=1), path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA cache_size=1")  # its changes spill into the file mid-transaction
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE scratch (a TEXT)")
    other.executemany("INSERT INTO scratch VALUES (?)", [("x" * 200,)] * 20_000)
    try:
        with pytest.raises(PlannerError, match="another program is writing to it"):
            store.load_plan(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(store.load_plan(path).customers) == 10


def test_load_reports_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(rich_plan(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(PlannerError):
        store.load_plan(path)
    garbled = bytearray(data)
    garbled[4096:] = bytes(len(data) - 4096)  # keep the SQLite header, zero every page after it
    path.write_bytes(bytes(garbled))
    with pytest.raises(PlannerError):
        store.load_plan(path)


def test_load_refuses_a_newer_format(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(5, territories=1), path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
        db.execute("UPDATE meta SET value = '\"9.2.0\"' WHERE key = 'program_version'")
    with pytest.raises(PlannerError) as caught:
        store.load_plan(path)
    # which version saved it and which this one is: the user knows what to update to
    assert str(caught.value) == (f"plan.gpkg was saved by Territory Planner 9.2.0, which is newer "
                                 f"than this one ({__version__}); please update the program.")


def test_load_names_an_invalid_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(5, territories=1), path)
    customers = pyogrio.read_dataframe(path, layer="customers")
    customers[m.FREQUENCY] = -1.0  # as if edited in QGIS
    pyogrio.write_dataframe(customers, path, layer="customers", driver="GPKG")
    with pytest.raises(PlannerError, match="cannot be opened.*cannot be negative"):
        store.load_plan(path)


def test_load_gives_a_code_given_twice_a_new_one(tmp_path: Path) -> None:
    """Codes made the same in QGIS: the first keeps it, the others get C000001-2 …, noted."""
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(3, territories=1), path)
    customers = pyogrio.read_dataframe(path, layer="customers")
    customers[m.CUSTOMER_ID] = "C000001"
    pyogrio.write_dataframe(customers, path, layer="customers", driver="GPKG")
    plan = store.load_plan(path)
    assert list(plan.customers[m.CUSTOMER_ID]) == ["C000001", "C000001-2", "C000001-3"]
    assert len(plan.load_notes) == 1 and "C000001 → C000001-3" in plan.load_notes[0]


# --- recovery -----------------------------------------------------------------------------
@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from planner import owner_marker

    folder = tmp_path / "data"
    monkeypatch.setenv("PLANNER_DATA_DIR", str(folder))
    monkeypatch.setattr(owner_marker, "user_name", lambda: "tanaka")
    monkeypatch.setattr(owner_marker, "computer_name", lambda: "PC-OSAKA-12")
    return folder


def test_recovery_paths(tmp_path: Path, data_dir: Path) -> None:
    assert store.recovery_path_for(tmp_path / "店舗.gpkg") == (
        tmp_path / "店舗.recovery-tanaka@PC-OSAKA-12.gpkg")
    assert store.recovery_path_for(tmp_path / "店舗.gpkg", 2) == (
        tmp_path / "店舗.recovery-tanaka@PC-OSAKA-12_2.gpkg")
    assert store.recovery_path_for(None).parent == data_dir
    assert store.find_recovery(tmp_path / "店舗.gpkg") is None
    assert store.find_recovery(None) is None


def test_recovery_found_only_when_newer_than_plan(tmp_path: Path, data_dir: Path) -> None:
    plan_path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(15, territories=2)
    store.save_plan(plan, plan_path)
    os.utime(plan_path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    edited = plan.replace(meta={"edited": True})
    saved = store.save_recovery(edited, plan_path)
    assert saved == tmp_path / "plan.recovery-tanaka@PC-OSAKA-12.gpkg"
    assert store.find_recovery(plan_path) == saved
    assert store.load_plan(saved).meta == {"edited": True}
    os.utime(plan_path, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    assert store.find_recovery(plan_path) is None  # the plan was saved after the autosave
    store.discard_recovery(plan_path)
    assert not saved.exists()


def test_recovery_of_an_unsaved_plan_goes_to_data_folder(data_dir: Path) -> None:
    saved = store.save_recovery(synthetic_plan(8, territories=1), None)
    assert saved.parent == data_dir and saved.exists()
    assert store.find_recovery(None) == saved
    store.discard_recovery(None)
    assert store.find_recovery(None) is None


def test_recovery_falls_back_when_plan_folder_is_unwritable(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_path = tmp_path / "plan.gpkg"
    real = store.save_plan

    def refuse_beside(plan: m.Plan, path: Path, **kwargs: object) -> None:
        if Path(path).parent == tmp_path:
            raise PlannerError("read-only")
        real(plan, path)

    monkeypatch.setattr(store, "save_plan", refuse_beside)
    saved = store.save_recovery(synthetic_plan(8, territories=1), plan_path)
    assert saved.parent == data_dir
    assert store.find_recovery(plan_path) == saved
    store.discard_recovery(plan_path)
    assert not saved.exists()


def test_messages_are_japanese_for_japanese_users(tmp_path: Path) -> None:
    set_language("ja")
    with pytest.raises(PlannerError, match="プランファイル nothing.gpkg がありません"):
        store.load_plan(tmp_path / "nothing.gpkg")


def test_saving_leaves_gdal_settings_as_they_were(tmp_path: Path) -> None:
    before = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    store.save_plan(synthetic_plan(5, territories=1), tmp_path / "p.gpkg")
    assert pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS") == before


def test_leftovers_of_an_interrupted_save_are_cleaned_up(tmp_path: Path) -> None:
    old = tmp_path / ".plan.abc123.saving.gpkg"
    fresh = tmp_path / ".plan.def456.saving.gpkg"  # maybe another program saving right now
    other = tmp_path / ".other.abc123.saving.gpkg"
    for leftover in (old, fresh, other):
        leftover.write_bytes(b"half a plan")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    store.save_plan(synthetic_plan(5, territories=1), tmp_path / "plan.gpkg")
    assert not old.exists()
    assert fresh.exists() and other.exists()


def test_a_fresh_leftover_of_a_killed_save_goes_at_the_next_save(tmp_path: Path) -> None:
    """A save killed a minute ago (SIGKILL, a closed terminal) left its file and journal;
    its process is gone, so the next save removes them. A live process's file stays."""
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    host = store.files.owner().split(".")[0]
    killed = tmp_path / f".plan.{host}.{dead}-x1y2.saving.gpkg"
    journal = tmp_path / f".plan.{host}.{dead}-x1y2.saving.gpkg-journal"
    running = tmp_path / f".plan.{host}.{os.getppid()}-z3w4.saving.gpkg"
    # another computer's save on a shared folder, and another plan's (plan.2024-06.gpkg)
    elsewhere = tmp_path / f".plan.0badc0de.{dead}-q1.saving.gpkg"
    other_plan = tmp_path / f".plan.2024-06.{host}.{dead}-r2.saving.gpkg"
    for leftover in (killed, journal, running, elsewhere, other_plan):
        leftover.write_bytes(b"half a plan")
    store.save_plan(synthetic_plan(5, territories=1), tmp_path / "plan.gpkg")
    assert not killed.exists() and not journal.exists()
    assert running.exists() and elsewhere.exists() and other_plan.exists()


def test_read_only_plan_file_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = _saved_old(tmp_path)
    monkeypatch.setattr(store.os, "access", lambda p, mode: False)
    with pytest.raises(PlannerError, match="read-only"):
        store.save_plan(rich_plan(), path)
    assert path.read_bytes() == before


def test_concurrent_saves_both_succeed_and_restore_gdal_settings(tmp_path: Path) -> None:
    import threading

    before = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    plans = [synthetic_plan(200, territories=2, seed=s) for s in (1, 2)]
    errors: list[BaseException] = []

    def save(k: int) -> None:
        try:
            for _ in range(3):
                store.save_plan(plans[k], tmp_path / f"p{k}.gpkg")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS") == before
    for k in (0, 1):
        loaded = store.load_plan(tmp_path / f"p{k}.gpkg")
        assert loaded.customers[m.CUSTOMER_ID].tolist() == plans[k].customers[m.CUSTOMER_ID].tolist()


def test_saving_through_a_link_updates_the_linked_file(tmp_path: Path) -> None:
    real = tmp_path / "real.gpkg"
    store.save_plan(synthetic_plan(5, territories=1), real)
    link = tmp_path / "link.gpkg"
    link.symlink_to(real)
    store.save_plan(synthetic_plan(9, territories=1), link)
    assert link.is_symlink()
    assert len(store.load_plan(real).customers) == 9


def test_a_plan_edited_in_another_program_opens_or_says_why_in_a_sentence(tmp_path: Path) -> None:
    """A setting typed as text (cycle_weeks = "many") ended in a TypeError; customers deleted
    with their visits left in the calendar made `stats` fail with an IndexError."""
    from planner.schedule import build_schedule

    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(30, territories=2, seed=1)
    c = plan.customers.copy()
    c.loc[c.index[-1], m.TERRITORY] = ""  # left out of the calendar
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    store.save_plan(plan, path)
    gone = str(plan.customers[m.CUSTOMER_ID].iloc[0])
    with sqlite3.connect(path) as db:
        db.execute(f"DELETE FROM {store.CUSTOMERS_LAYER} WHERE customer_id = ?", (gone,))
    db.close()
    left_out = str(plan.unscheduled["customer_id"].iloc[0])
    with sqlite3.connect(path) as db:
        db.execute(f"DELETE FROM {store.CUSTOMERS_LAYER} WHERE customer_id = ?", (left_out,))
    db.close()
    opened = store.load_plan(path)
    assert gone not in set(opened.schedule["customer_id"])
    assert left_out not in set(opened.unscheduled["customer_id"])
    assert len(opened.schedule) == int((plan.schedule["customer_id"] != gone).sum())
    assert opened.meta.get("schedule_stale") is True
    from planner.stats import plan_stats

    assert plan_stats(opened)  # the figures work out
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE {store.SETTINGS_TABLE} SET value = ? WHERE key = 'cycle_weeks'",
                   (json.dumps("many"),))
    db.close()
    with pytest.raises(PlannerError, match="damaged"):
        store.load_plan(path)


def test_a_plan_saved_with_a_header_given_twice_names_it_as_an_import_now_does(
    tmp_path: Path,
) -> None:
    """Plans imported before repeated headers were told apart keep 担当, 担当: read back as
    担当, 担当 (2), as the next list's import names them, so an update matches its columns."""
    plan = rich_plan().replace(original_columns=("顧客コード", "顧客名", "", "メモ", "メモ"))
    path = tmp_path / "old.gpkg"
    store.save_plan(plan, path)
    loaded = store.load_plan(path)
    assert loaded.original_columns == ("顧客コード", "顧客名", "", "メモ", "メモ (2)")
    assert list(loaded.original_frame().iloc[0]) == list(plan.original_frame().iloc[0])


def test_a_journal_another_program_left_behind_closed_does_not_block_saving(
    tmp_path: Path,
) -> None:
    """SQLite's PERSIST and TRUNCATE modes keep an idle -journal after the program closed:
    every save was refused as if another program were changing the plan."""
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(10, territories=1), path)
    for mode in ("PERSIST", "TRUNCATE"):
        other = sqlite3.connect(path)
        other.execute(f"PRAGMA journal_mode={mode}")
        other.execute("CREATE TABLE scratch (a)")
        other.execute("DROP TABLE scratch")
        other.commit()
        other.close()
        assert Path(f"{path}-journal").exists()
        store.save_plan(synthetic_plan(12, territories=1), path)
        assert len(store.load_plan(path).customers) == 12


def test_a_plan_another_program_crashed_writing_to_opens_as_it_was(tmp_path: Path) -> None:
    """A program killed mid-write leaves a hot -journal: every open said another program was
    writing, for good. SQLite's own recovery rolls the write back, and the plan opens."""
    import subprocess
    import sys

    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(20, territories=2, seed=3), path)
    crash = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA cache_size=1')\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute('CREATE TABLE scratch (a TEXT)')\n"
        "db.executemany('INSERT INTO scratch VALUES (?)', [('x' * 200,)] * 20000)\n"
        "os._exit(9)\n"  # killed mid-write: the journal stays hot
    )
    subprocess.run([sys.executable, "-c", crash, str(path)], check=False, timeout=60)
    journal = Path(f"{path}-journal")
    assert journal.exists() and journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
    plan = store.load_plan(path)
    assert len(plan.customers) == 20
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'scratch'"
                          ).fetchone()[0] == 0  # the crashed write rolled back
    db.close()
    store.save_plan(plan, path)  # and it saves


def test_a_stray_wal_beside_a_plan_not_in_wal_mode_does_not_block_saving(tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(10, territories=1), path)
    Path(f"{path}-wal").write_bytes(b"")
    Path(f"{path}-shm").write_bytes(b"")
    store.save_plan(synthetic_plan(11, territories=1), path)
    assert len(store.load_plan(path).customers) == 11


def test_opening_a_plan_another_program_is_reading_leaves_the_file_untouched(
    tmp_path: Path,
) -> None:
    """Another program reading the plan in WAL mode: opening it wrote that program's WAL
    into the file (its time changed: an autosave then looked older than its file)."""
    import subprocess
    import sys

    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(15, territories=1), path)
    reader = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode=WAL')\n"
        "db.execute('CREATE TABLE notes (a)')\n"
        "db.execute('BEGIN'); db.execute('SELECT count(*) FROM notes').fetchone()\n"
        "print('ready', flush=True); time.sleep(30)\n"), str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        assert Path(f"{path}-wal").exists()
        before = (path.stat().st_mtime_ns, path.read_bytes())
        assert len(store.load_plan(path).customers) == 15
        assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    finally:
        reader.kill()
        reader.wait()
