"""``territory-planner import``: exit codes, the plan and report files, refusing to overwrite the input."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner import model as m
from planner.spreadsheet import read_customers

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "make_fixtures", ROOT / "tests" / "data" / "make_fixtures.py"
)
assert _spec and _spec.loader
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "planner", "import", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_import_writes_plan_and_report(tmp_path: Path) -> None:
    from planner.store import load_plan

    sheet = fx.make_messy_xlsx(tmp_path)
    proc = run_cli(str(sheet), "-o", "plan.gpkg", "--report", "report.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    expected = read_customers(sheet).report.to_dict()
    lines = proc.stdout.strip().splitlines()
    problems = [p for p in expected["problems"] if not p.get("note")]  # a note is no problem
    assert lines[0] == (f"{expected['rows']} rows, {expected['customers']} customers, "
                        f"{len(problems)} problems → plan.gpkg")
    assert len(problems) > 1
    # then each reason with its rows; every problem counted once (--report given: no hint)
    counts = [int(line.split(" × ")[0]) for line in lines[1:] if " × " in line]
    assert sum(counts) == len(problems) and "--report" not in proc.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report == expected
    assert "緯度" in (tmp_path / "report.json").read_text(encoding="utf-8")  # not \\u-escaped
    plan = load_plan(tmp_path / "plan.gpkg")
    assert len(plan.customers) == fx.MESSY_CUSTOMERS
    assert plan.original_columns == tuple(fx.HEADER)
    assert [t.rep for t in plan.territories] == ["山田", "佐藤", "鈴木"]
    assert sorted(plan.customers[m.CUSTOMER_ID]) == sorted(
        read_customers(sheet).customers[m.CUSTOMER_ID]
    )


def test_column_override_and_sheet_option(tmp_path: Path) -> None:
    sheet = fx.make_custom_headers_xlsx(tmp_path)
    proc = run_cli(str(sheet), "-o", "a.gpkg", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "a.gpkg").exists()
    proc = run_cli(
        str(sheet), "-o", "a.gpkg", "--sheet", "list",
        "--column", "name=お得意様", "--column", "address=場所", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("2 rows, 2 customers, 2 problems")  # neither has coordinates


@pytest.mark.parametrize(
    "builder", ["make_renamed_txt", "make_empty_xlsx", "make_password_xlsx", "make_no_name_xlsx"]
)
def test_user_errors_exit_1_with_one_line(tmp_path: Path, builder: str) -> None:
    sheet = getattr(fx, builder)(tmp_path)
    proc = run_cli(str(sheet), "-o", "out.gpkg", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("territory-planner: ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "out.gpkg").exists()


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    sheet = fx.make_messy_xlsx(tmp_path)
    before = sheet.read_bytes()
    for target in (sheet.name, f"./{sheet.name}", str(sheet)):
        proc = run_cli(sheet.name, "-o", target, cwd=tmp_path)
        assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    proc = run_cli(sheet.name, "-o", "p.gpkg", "--report", sheet.name, cwd=tmp_path)
    assert proc.returncode == 1
    assert sheet.read_bytes() == before
    assert not (tmp_path / "p.gpkg").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["sheet.xlsx"],  # no -o
        ["sheet.xlsx", "-o", "p.gpkg", "--column", "nickname=名前"],
        ["sheet.xlsx", "-o", "p.gpkg", "--column", "name"],
        ["sheet.xlsx", "-o", "p.gpkg", "--geocode", "google"],
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr


def test_geocode_problems_are_merged_into_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.geocode as geocode
    from planner.cli import main
    from planner.store import load_plan

    calls: list[dict[str, object]] = []

    def fake_geocode(customers, *, provider, progress=None, settings=None, **kw):  # type: ignore[no-untyped-def]
        calls.append({"provider": provider, "n": len(customers), **kw})
        out = customers.copy()
        row = out[m.SOURCE_ROW] == 6
        out.loc[row, m.LAT] = 35.658
        out.loc[row, m.LON] = 139.7017
        out.loc[row, m.GEOCODE] = "gsi:town"
        problem = {
            "row": 9,
            "column": "住所",
            "value": "London",
            "reason": "not found",
            "kept": True,
        }
        return geocode.GeocodeResult(m.set_points(out), [problem])

    monkeypatch.setattr(geocode, "geocode_customers", fake_geocode)
    sheet = fx.make_messy_xlsx(tmp_path)
    out, rep = tmp_path / "g.gpkg", tmp_path / "g.json"
    status = main(["import", str(sheet), "-o", str(out), "--report", str(rep), "--geocode", "gsi"])
    assert status == 0
    assert calls and calls[0]["provider"] == "gsi" and calls[0]["n"] == fx.MESSY_CUSTOMERS
    report = json.loads(rep.read_text(encoding="utf-8"))
    rows = [p["row"] for p in report["problems"]]
    assert rows == sorted(rows)
    assert {"row": 9, "column": "住所", "value": "London", "reason": "not found", "kept": True} in (
        report["problems"]
    )
    plan = load_plan(out)
    located = plan.customers[plan.customers[m.SOURCE_ROW] == 6].iloc[0]
    assert located[m.LAT] == pytest.approx(35.658) and located[m.GEOCODE] == "gsi:town"


def test_report_in_a_missing_folder_fails_before_the_plan_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main

    sheet = fx.make_messy_xlsx(tmp_path)
    out = tmp_path / "p.gpkg"
    status = main(["import", str(sheet), "-o", str(out), "--report", str(tmp_path / "no" / "r.json")])
    assert status == 1 and "does not exist" in capsys.readouterr().err
    assert not out.exists()


def test_report_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    from planner.cli import main

    sheet = fx.make_messy_xlsx(tmp_path)
    rep = tmp_path / "r.json"
    assert main(["import", str(sheet), "-o", str(tmp_path / "p.gpkg"), "--report", str(rep)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert rep.stat().st_mode & 0o777 == 0o666 & ~umask  # not 0600: colleagues may read it


def test_geocoding_replaces_the_no_coordinates_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row the geocoder placed is no longer 'without a position'; a failed one says why, once."""
    import planner.geocode as geocode
    from planner.cli import main
    from planner.store import load_plan

    sheet = tmp_path / "addresses.csv"
    sheet.write_text("顧客名,住所\n山田商店,東京都新宿区1-1\n佐藤商店,どこか\n", encoding="utf-8")

    def fake_geocode(customers, *, provider, progress=None, settings=None, **kw):  # type: ignore[no-untyped-def]
        out = customers.copy()
        row = out[m.SOURCE_ROW] == 2
        out.loc[row, m.LAT], out.loc[row, m.LON] = 35.69, 139.70
        out.loc[row, m.GEOCODE] = "gsi:house"
        failed = out[m.SOURCE_ROW] == 3  # the real geocoder appends its reason to the notes
        out.loc[failed, m.PROBLEMS] = out.loc[failed, m.PROBLEMS] + "; not found"
        problem = {"row": 3, "column": "住所", "value": "どこか", "reason": "not found", "kept": True}
        return geocode.GeocodeResult(m.set_points(out), [problem])

    monkeypatch.setattr(geocode, "geocode_customers", fake_geocode)
    out, rep = tmp_path / "g.gpkg", tmp_path / "g.json"
    assert main(["import", str(sheet), "-o", str(out), "--report", str(rep), "--geocode", "gsi"]) == 0
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert [(p["row"], p["reason"]) for p in report["problems"]] == [(3, "not found")]
    notes = load_plan(out).customers.set_index(m.SOURCE_ROW)[m.PROBLEMS]
    assert notes[2] == "" and notes[3] == "not found"


def test_import_never_replaces_an_existing_plan_without_force(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("顧客名,緯度,経度\nA商店,35.6,139.7\n", encoding="utf-8")
    plan = tmp_path / "plan.gpkg"
    plan.write_bytes(b"the manager's work")
    result = run_cli(str(sheet), "-o", str(plan), cwd=tmp_path)
    assert result.returncode == 1 and "--force" in result.stderr
    assert plan.read_bytes() == b"the manager's work"
    result = run_cli(str(sheet), "-o", str(plan), "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert plan.read_bytes() != b"the manager's work"


def test_an_unwritable_report_folder_fails_before_the_plan_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from planner.cli import main

    sheet = fx.make_messy_xlsx(tmp_path)
    (tmp_path / "readonly").mkdir()
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", ".")).name == "readonly":
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)  # chmod does not stop root
    out = tmp_path / "p.gpkg"
    report = tmp_path / "readonly" / "r.json"
    assert main(["import", str(sheet), "-o", str(out), "--report", str(report)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Cannot write in the folder" in err and "denied" in err
    assert not out.exists() and list(tmp_path.glob("readonly/*")) == []


def test_a_list_without_customers_writes_no_plan_but_its_report(tmp_path: Path) -> None:
    sheet = tmp_path / "header_only.csv"
    sheet.write_text("顧客名,住所\n,東京都千代田区\n", encoding="utf-8")
    result = run_cli(str(sheet), "-o", "p.gpkg", "--report", "r.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "territory-planner: header_only.csv holds no customer (1 rows read); no plan was written."
    )
    assert not (tmp_path / "p.gpkg").exists()
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [p["row"] for p in report["problems"]] == [2]  # why the row was left out


def test_import_prints_the_problems_by_reason_with_their_rows(tmp_path, capsys):
    """Without --report the manager still sees why rows were left out, and where."""
    from planner.cli import main
    from planner.i18n import set_language

    set_language("en")
    path = tmp_path / "list.csv"
    path.write_text(
        "顧客コード,顧客名,緯度,経度,ランク\n"
        "A1,山田商店,35.69,139.70,A\n"
        "A2,,35.70,139.71,B\n"
        "A3,,35.71,139.72,B\n"
        "A4,鈴木商店,abc,139.72,B\n",
        encoding="utf-8",
    )
    assert main(["import", str(path), "-o", str(tmp_path / "p.gpkg")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  2 × The name is missing") and out[1].endswith("(rows 3, 4)")
    assert out[2].startswith("  1 × ") and out[2].endswith("(row 5)")
    assert "--report" in out[-1]


def test_the_import_line_counts_one_row_customer_and_problem_in_the_singular(tmp_path, capsys):
    from planner.cli import main
    from planner.i18n import set_language

    set_language("en")
    path = tmp_path / "list.csv"
    path.write_text("顧客コード,顧客名,緯度,経度\nA1,山田商店,abc,139.70\n", encoding="utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "p.gpkg")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"1 row, 1 customer, 1 problem → {tmp_path / 'p.gpkg'}"
    set_language("ja")
    assert main(["import", str(path), "-o", str(tmp_path / "q.gpkg")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"1行、顧客1件、問題1件 → {tmp_path / 'q.gpkg'}"
    set_language(None)


def test_rows_pasted_twice_are_one_line_with_their_rows(tmp_path: Path) -> None:
    """Two lines pasted twice: one summary line naming both rows, not one line a row (each
    naming its own earlier row); the report still says which row each repeats."""
    (tmp_path / "twice.csv").write_text(
        "顧客コード,顧客名,緯度,経度,ランク\n"
        "A1,山田商店,35.69,139.70,A\n"
        "A1,山田商店,35.69,139.70,A\n"
        "A2,佐藤商店,35.70,139.71,B\n"
        "A2,佐藤商店,35.70,139.71,B\n",
        encoding="utf-8",
    )
    proc = run_cli("twice.csv", "-o", "plan.gpkg", "--report", "report.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if "cell for cell" in line]
    assert lines == ["  2 × The row repeats an earlier row cell for cell; it is not imported "
                     "twice. (rows 3, 5)"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [(p["row"], p["reason"]) for p in report["problems"]] == [
        (3, "This row repeats row 2 cell for cell; it is not imported twice."),
        (5, "This row repeats row 4 cell for cell; it is not imported twice.")]
