"""No output replaces a plan or the customer list: CSV lists end with .csv, JSON reports with
.json, and the list a plan came from is found whether its path was saved absolute or relative."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.cli import main
from planner.compare import compare_plans, write_moved_csv
from planner.errors import PlannerError
from planner.spreadsheet import read_customers, write_csv
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan

LIST = "顧客リスト.csv"


def _write_list(path) -> None:
    """A small customer list in the program's own columns, as a CSV file Excel would save."""
    path.write_text(
        "顧客コード,顧客名,住所,緯度,経度,担当\n"
        "C1,Aストア,東京都千代田区1,35.68,139.76,T01\n"
        "C2,Bストア,東京都千代田区2,35.69,139.77,T01\n"
        "C3,Cストア,東京都千代田区3,35.70,139.75,T02\n",
        encoding="utf-8-sig",
    )


@pytest.fixture
def plans(tmp_path):
    """Two plan files a.gpkg and b.gpkg; a came from ``顧客リスト.csv`` beside it."""
    (tmp_path / LIST).write_text("code,name\nC1,A\n", encoding="utf-8")
    plan = synthetic_plan(30, territories=2, seed=3)
    save_plan(plan.replace(source=str(tmp_path / LIST)), tmp_path / "a.gpkg")
    save_plan(plan, tmp_path / "b.gpkg")
    return tmp_path


def _bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("target", ["a.gpkg", "b.gpkg", LIST, "moved"])
def test_compare_moved_never_replaces_a_plan_or_the_list(plans, target, capsys) -> None:
    before = _bytes(plans)
    code = main(["compare", str(plans / "a.gpkg"), str(plans / "b.gpkg"),
                 "--moved", str(plans / target)])
    err = capsys.readouterr().err.strip()
    # a name without .csv is judged alone: a bad argument (2); the list's name is the data's
    assert code == (1 if target.endswith(".csv") else 2)
    assert "\n" not in err and "Traceback" not in err
    assert _bytes(plans) == before  # nothing written, nothing left behind
    if target == LIST:
        assert "imported from" in err
    else:
        assert "must end with .csv" in err


def test_compare_workbook_never_replaces_the_list(plans, capsys) -> None:
    book = plans / "顧客リスト.xlsx"
    book.write_bytes(b"PK\x03\x04 the manager's list")
    plan = load_plan(plans / "a.gpkg")
    save_plan(plan.replace(source=str(book)), plans / "a.gpkg")
    before = _bytes(plans)
    assert main(["compare", str(plans / "b.gpkg"), str(plans / "a.gpkg"),
                 "--xlsx", str(book)]) == 1
    assert "imported from" in capsys.readouterr().err
    assert _bytes(plans) == before


def test_a_plan_file_under_any_name_is_never_replaced_by_a_list(plans) -> None:
    odd = plans / "plan.csv"
    odd.write_bytes((plans / "b.gpkg").read_bytes())
    comparison = compare_plans(load_plan(plans / "a.gpkg"), load_plan(plans / "b.gpkg"))
    with pytest.raises(PlannerError, match="is a plan file"):
        write_moved_csv(comparison, odd)
    assert odd.read_bytes() == (plans / "b.gpkg").read_bytes()
    write_moved_csv(comparison, plans / "moved.csv")  # an ordinary name is written
    assert (plans / "moved.csv").read_text(encoding="utf-8-sig").startswith("Change,")


def test_write_csv_refuses_other_names_and_the_source(tmp_path) -> None:
    (tmp_path / LIST).write_text("x\n", encoding="utf-8")
    with pytest.raises(PlannerError, match="must end with .csv"):
        write_csv(tmp_path / "list.txt", ["a"], [["1"]])
    with pytest.raises(PlannerError, match="imported from"):
        write_csv(tmp_path / LIST, ["a"], [["1"]], source=["", str(tmp_path / LIST)])
    assert (tmp_path / LIST).read_text(encoding="utf-8") == "x\n"


def test_the_import_problems_are_never_saved_over_the_list_read(tmp_path) -> None:
    _write_list(tmp_path / LIST)
    before = (tmp_path / LIST).read_bytes()
    result = read_customers(tmp_path / LIST)
    with pytest.raises(PlannerError, match="imported from"):
        result.report.to_csv(tmp_path / LIST, source=result.source)
    assert (tmp_path / LIST).read_bytes() == before


@pytest.mark.parametrize("report", ["b.gpkg", "report.txt"])
def test_update_report_is_json_and_never_a_plan(plans, report, capsys) -> None:
    _write_list(plans / "next.csv")
    before = _bytes(plans)
    assert main(["update", str(plans / "a.gpkg"), str(plans / "next.csv"), "--dry-run",
                 "--report", str(plans / report), "--geocode", "none"]) == 2
    assert "must end with .json" in capsys.readouterr().err
    assert _bytes(plans) == before


def test_import_report_is_json(tmp_path, capsys) -> None:
    _write_list(tmp_path / LIST)
    save_plan(synthetic_plan(10, territories=1, seed=1), tmp_path / "other.gpkg")
    before = _bytes(tmp_path)
    assert main(["import", str(tmp_path / LIST), "-o", str(tmp_path / "new.gpkg"),
                 "--report", str(tmp_path / "other.gpkg"), "--geocode", "none"]) == 2
    assert "must end with .json" in capsys.readouterr().err
    assert _bytes(tmp_path) == before


# --- the list's path, relative or absolute -----------------------------------------------


def test_a_list_imported_by_a_relative_path_is_remembered_absolute(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "営業"
    folder.mkdir()
    _write_list(folder / LIST)
    monkeypatch.chdir(folder)
    assert main(["import", LIST, "-o", "plan.gpkg", "--geocode", "none"]) == 0
    plan = load_plan(folder / "plan.gpkg")
    assert plan.source == str(folder / LIST)
    monkeypatch.chdir(tmp_path)  # from another folder, the list is still known
    before = (folder / LIST).read_bytes()
    capsys.readouterr()
    plan_file = str(folder / "plan.gpkg")
    assert main(["compare", plan_file, plan_file, "--moved", str(folder / LIST)]) == 1
    assert "imported from" in capsys.readouterr().err
    assert (folder / LIST).read_bytes() == before


def test_an_old_plans_relative_list_is_found_beside_the_plan_and_here(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder, here = tmp_path / "営業", tmp_path / "here"
    folder.mkdir()
    here.mkdir()
    book = "顧客リスト.xlsx"
    for place in (folder, here):
        (place / book).write_bytes(b"PK\x03\x04 the manager's list")
    # saved before absolute paths were kept: the list's name alone
    save_plan(synthetic_plan(20, territories=2, seed=2).replace(source=book),
              folder / "plan.gpkg")
    plan = load_plan(folder / "plan.gpkg")
    assert plan.source == book
    assert plan.source_paths() == (str(folder / book), book)
    monkeypatch.chdir(here)
    for target in (folder / book, here / book):
        before = target.read_bytes()
        assert main(["export", str(folder / "plan.gpkg"), "--xlsx", str(target)]) == 1
        assert "imported from" in capsys.readouterr().err
        assert target.read_bytes() == before
    assert main(["export", str(folder / "plan.gpkg"), "--xlsx", str(here / "routes.xlsx")]) == 0
    assert (here / "routes.xlsx").exists()


def test_an_update_remembers_the_new_list_absolute(tmp_path, monkeypatch) -> None:
    _write_list(tmp_path / LIST)
    plan = read_customers(tmp_path / LIST).to_plan()
    save_plan(plan, tmp_path / "plan.gpkg")
    _write_list(tmp_path / "next.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["update", "plan.gpkg", "next.csv", "--geocode", "none"]) == 0
    assert load_plan(tmp_path / "plan.gpkg").source == str(tmp_path / "next.csv")
    assert m.Plan(customers=plan.customers).source_paths() == ()


@pytest.mark.parametrize("name", ["plan_noext", "plan.pdf", "plan.json", "plan.gpkg.bak"])
def test_import_writes_a_plan_only_under_a_gpkg_name(tmp_path, name, capsys) -> None:
    """A plan saved as ``plan_noext`` was not listed by the window's Open dialog; like every
    other output, the plan's name must end with its own suffix."""
    _write_list(tmp_path / LIST)
    before = _bytes(tmp_path)
    code = main(["import", str(tmp_path / LIST), "-o", str(tmp_path / name)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err and "Traceback" not in err
    assert f"{name} must end with .gpkg" in err
    assert _bytes(tmp_path) == before  # nothing written, nothing left behind
    assert main(["import", str(tmp_path / LIST), "-o", str(tmp_path / "plan.gpkg")]) == 0
    assert len(load_plan(tmp_path / "plan.gpkg").customers) == 3
