"""The wrong file given as a homes file (a workbook, a CSV with other columns) or a homes file
given as a customer list: one sentence saying what was expected, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.cli import main
from planner.store import save_plan
from planner.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"
EXPECTED = "territory (or id), name, rep, lat and lon (or address)"

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(30, territories=2, seed=3), path)
    return path


def _design_refuses(plan_file: Path, homes: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = sorted(p.name for p in plan_file.parent.iterdir()), plan_file.read_bytes()
    assert main(["design", str(plan_file), "-n", "2", "--homes", str(homes)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (sorted(p.name for p in plan_file.parent.iterdir()), plan_file.read_bytes()) == before
    return err


def test_a_csv_with_other_columns_says_which_a_homes_file_has(plan_file, tmp_path, capsys):
    homes = tmp_path / "homes.csv"
    homes.write_text("code,shop,city\nA1,新宿店,新宿区\n", encoding="utf-8")
    assert _design_refuses(plan_file, homes, capsys) == (
        f"territory-planner: homes.csv is not a homes file: it needs the columns {EXPECTED}, "
        f"and has code, shop, city.\n")


def test_a_workbook_says_to_save_it_as_csv(plan_file, tmp_path, capsys):
    homes = tmp_path / "homes.xlsx"
    shutil.copy(SAMPLE / "sample_customers.xlsx", homes)
    assert _design_refuses(plan_file, homes, capsys) == (
        f"territory-planner: homes.xlsx is a spreadsheet: --homes needs a CSV file with the "
        f"columns {EXPECTED}; save the sheet as CSV.\n")


def test_a_homes_file_given_as_a_customer_list_is_refused(tmp_path, capsys):
    output = tmp_path / "x.gpkg"
    assert main(["import", str(SAMPLE / "homes.csv"), "-o", str(output)]) == 1
    assert capsys.readouterr().err == (
        "territory-planner: homes.csv looks like a homes file (the reps' home bases, for "
        "design --homes), not a customer list; no plan was written.\n")
    assert list(tmp_path.iterdir()) == []


def test_a_lines_days_off_are_told_in_japanese_with_its_line(plan_file, tmp_path, capsys):
    from planner.i18n import set_language

    homes = tmp_path / "homes.csv"
    homes.write_text("id,name,rep,lat,lon,days_off\nT01,a,b,35.6,139.7,xyz\n", encoding="utf-8")
    set_language("ja")
    err = _design_refuses(plan_file, homes, capsys)
    assert err.startswith("territory-planner: homes.csv の2行目: xyz は日付として読めません")


def test_a_small_customer_list_with_homes_like_headers_is_imported(tmp_path):
    """id, name, address, rep are also a plain English customer list's headers: a rep with
    several customers makes it one, not a homes file."""
    sheet = tmp_path / "customers.csv"
    sheet.write_text("id,name,rep,lat,lon\nC1,a,Sato,35.60,139.70\nC2,b,Sato,35.61,139.71\n"
                     "C3,c,Ito,35.62,139.72\n", encoding="utf-8")
    output = tmp_path / "plan.gpkg"
    assert main(["import", str(sheet), "-o", str(output)]) == 0
    assert output.exists()


def test_a_homes_file_with_japanese_headings_is_read() -> None:
    """A manager's own list of reps (担当者, エリア名, 住所, 緯度, 経度, 週の稼働時間, 稼働日 in
    Shift-JIS) was refused for want of the English column names."""
    import tempfile

    from planner.homes import read_homes

    plan = synthetic_plan(30, territories=2, seed=3)
    first, second = plan.territories
    text = ("担当者,エリア名,住所,緯度,経度,週の稼働時間,稼働日\r\n"
            f"{first.rep},新宿エリア,東京都新宿区西新宿2-8-1,35.6896,139.6921,20,月水金\r\n"
            f"{second.rep},渋谷エリア,東京都渋谷区宇田川町1-1,35.6618,139.6983,,\r\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "担当者拠点.csv"
        path.write_bytes(text.encode("cp932"))
        territories = read_homes(path, plan)
    by_id = {t.id: t for t in territories}
    assert len(territories) == 2
    assert (by_id[first.id].name, by_id[first.id].home_lat, by_id[first.id].home_lon) == (
        "新宿エリア", 35.6896, 139.6921)
    assert by_id[first.id].capacity_hours == 20 and by_id[first.id].working_days == (
        "mon", "wed", "fri")
    assert (by_id[second.id].name, by_id[second.id].rep) == ("渋谷エリア", second.rep)


def test_a_customer_list_given_as_homes_is_refused(plan_file, tmp_path, capsys):
    """Its 担当 and 住所 read as a homes file's rep and address would make a territory of
    each customer: a rep on three lines or more is a customer list."""
    homes = tmp_path / "customers.csv"
    homes.write_text("顧客名,担当,緯度,経度\n山田商店,鈴木,35.69,139.70\n佐藤商店,鈴木,35.66,139.70\n"
                     "田中商店,鈴木,35.67,139.71\n", encoding="utf-8")
    assert _design_refuses(plan_file, homes, capsys) == (
        "territory-planner: customers.csv lists 鈴木 on 3 lines (2, 3, 4): it looks like a "
        "customer list, not the reps' home bases (one line per rep).\n")
