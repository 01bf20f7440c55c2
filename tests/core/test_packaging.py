"""The installed wheel carries the sample plan and resources; the sample data is consistent."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.resources import sample_plan_path, sample_sheet_path
from planner.store import load_plan

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import json, sys
from pathlib import Path
root = Path(sys.argv[1]).resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != root]
import planner, planner.resources
from planner.store import load_plan
path = planner.resources.sample_plan_path()
plan = load_plan(path)
print(json.dumps({
    "planner": planner.__file__,
    "sample": str(path),
    "customers": len(plan.customers),
    "territories": len(plan.territories),
    "i18n": planner.resources.resource_path("i18n", "ja.json").is_file(),
    "sheet": planner.resources.sample_sheet_path().is_file(),
    "path": [str(Path(p or ".").resolve()) for p in sys.path],
}))
"""


def test_installed_wheel_finds_and_loads_the_sample_plan(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    target = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip_env = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore"}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-w", str(wheels)],
        check=True, cwd=tmp_path, env=pip_env, timeout=600,
    )
    (wheel,) = wheels.glob("territory_planner-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True, cwd=tmp_path, env=pip_env, timeout=600,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(target)
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(ROOT)],
        cwd=elsewhere, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(info["planner"]).resolve().is_relative_to(target.resolve())
    assert Path(info["sample"]).resolve().is_relative_to(target.resolve())
    assert str(ROOT) not in info["path"]
    assert info["customers"] > 1000 and info["territories"] == 8
    assert info["i18n"] and info["sheet"]


def test_sample_plan_is_ready_to_use() -> None:
    plan = load_plan(sample_plan_path())
    c = plan.customers
    assert 1400 <= len(c) <= 1600
    assert len(plan.territories) == 8
    assert all(t.has_home and t.rep and t.name.endswith("エリア") for t in plan.territories)
    assert len({t.name for t in plan.territories}) == 8
    assert set(c[m.TERRITORY]) == set(plan.territory_ids)
    located = m.located_mask(c)
    assert (~located).sum() >= 1  # the row with no coordinates is kept
    lat, lon = c[m.LAT].to_numpy()[located], c[m.LON].to_numpy()[located]
    assert lat.min() > 35.0 and lat.max() < 36.5 and lon.min() > 138.9 and lon.max() < 140.2
    assert "顧客コード" in plan.original_columns and "担当" in plan.original_columns
    assert np.isfinite(c[m.FREQUENCY].to_numpy()).all()


def test_homes_csv_matches_the_sample_plan() -> None:
    plan = load_plan(sample_plan_path())
    with open(sample_plan_path().with_name("homes.csv"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == plan.territory_ids
    for row, t in zip(rows, plan.territories, strict=True):
        assert (row["name"], row["rep"]) == (t.name, t.rep)
        assert float(row["lat"]) == pytest.approx(t.home_lat, abs=1e-6)
        assert float(row["lon"]) == pytest.approx(t.home_lon, abs=1e-6)


def test_sample_sheet_looks_like_a_managers_workbook() -> None:
    path = sample_sheet_path()
    assert path.stat().st_size < 300 * 1024
    assert sample_plan_path().stat().st_size < 2 * 1024 * 1024
    ws = load_workbook(path, read_only=True).active
    rows = list(ws.iter_rows(min_row=1, max_row=5, values_only=True))
    assert str(rows[0][0]).startswith("顧客一覧")
    assert all(v is None for v in rows[1])
    assert rows[2][:4] == ("顧客コード", "顧客名", "住所", "電話番号")
    assert "訪問頻度" in rows[2] and "担当" in rows[2]
