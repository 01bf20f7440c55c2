"""A plan file whose customer table was edited in another program (QGIS, DB Browser for
SQLite): text in a number cell is read as unset, a customer code given twice gets a new code,
a customer of a deleted territory is unassigned, each with a note (not saved); a lost
essential column refuses the file in one sentence naming it. The file is never written."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest

from planner import model as m
from planner import store
from planner.cli import main
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[m.Plan, bytes]:
    plan = synthetic_plan(20, territories=2, seed=3)
    path = tmp_path_factory.mktemp("saved") / "p.gpkg"
    store.save_plan(plan, path)
    return plan, path.read_bytes()


def edited(tmp_path: Path, saved: tuple[m.Plan, bytes], *sql: str) -> Path:
    """The saved plan's file with ``sql`` run on it as a database viewer would (the
    GeoPackage's spatial functions its triggers call stand in, as such a viewer's do)."""
    path = tmp_path / "p.gpkg"
    path.write_bytes(saved[1])
    db = sqlite3.connect(path)
    for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        db.create_function(function, 1, lambda _geometry: 0)
    with db:
        for statement in sql:
            db.execute(statement)
    db.close()
    return path


def test_text_in_a_number_cell_is_read_as_unset_with_a_note(tmp_path, saved):
    plan, _ = saved
    path = edited(tmp_path, saved, "UPDATE customers SET sales = 'abc' WHERE fid = 1",
                  "UPDATE customers SET service_minutes = 'x' WHERE fid IN (2, 3)")
    before = path.read_bytes()
    opened = store.load_plan(path)
    codes = list(plan.customers[m.CUSTOMER_ID])
    c = opened.customers
    assert math.isnan(c[m.SALES].iloc[0])  # not 0, as GDAL reads text in a REAL column
    assert math.isnan(c[m.SERVICE_MINUTES].iloc[1]) and math.isnan(c[m.SERVICE_MINUTES].iloc[2])
    assert c[m.SALES].iloc[1] == plan.customers[m.SALES].iloc[1]
    assert opened.load_notes == (
        f"Sales was not a number for customer {codes[0]} and was left empty.",
        f"Visit minutes was not a number for 2 customers ({codes[1]}, {codes[2]}) and was "
        f"left empty.",
    )
    assert path.read_bytes() == before
    # saved again, the cells are empty and nothing is left to tell: the notes are not saved
    store.save_plan(opened, path)
    again = store.load_plan(path)
    assert again.load_notes == () and math.isnan(again.customers[m.SALES].iloc[0])


def test_a_latitude_typed_as_text_is_taken_from_the_map_position(tmp_path, saved):
    plan, _ = saved
    path = edited(tmp_path, saved, "UPDATE customers SET lat = 'north' WHERE fid = 1")
    opened = store.load_plan(path)
    point = opened.customers.geometry.iloc[0]
    assert opened.customers[m.LAT].iloc[0] == pytest.approx(point.y)
    assert opened.customers[m.LAT].iloc[0] == pytest.approx(plan.customers[m.LAT].iloc[0])
    code = plan.customers[m.CUSTOMER_ID].iloc[0]
    assert opened.load_notes == (
        f"Latitude was not a number for customer {code} and was taken from the map position.",)


def test_a_dropped_column_is_read_as_empty_with_a_note(tmp_path, saved):
    path = edited(tmp_path, saved, "ALTER TABLE customers DROP COLUMN territory")
    opened = store.load_plan(path)
    assert set(opened.customers[m.TERRITORY]) == {""}
    assert opened.load_notes == ("The customer table has lost the column territory; it was "
                                 "read as empty for every customer.",)


def test_a_code_given_twice_gets_a_new_code_and_a_gone_territory_unassigns(tmp_path, saved):
    plan, _ = saved
    codes = list(plan.customers[m.CUSTOMER_ID])
    path = edited(tmp_path, saved,
                  f"UPDATE customers SET customer_id = '{codes[0]}' WHERE fid = 2",
                  "UPDATE customers SET territory = 'T99' WHERE fid = 4")
    opened = store.load_plan(path)
    ids = list(opened.customers[m.CUSTOMER_ID])
    assert ids[:2] == [codes[0], f"{codes[0]}-2"] and ids[2:] == codes[2:]
    assert opened.customers[m.TERRITORY].iloc[3] == ""
    assert opened.load_notes == (
        f"A customer code was given twice; the second customer was given a new code: "
        f"{codes[0]} → {codes[0]}-2.",
        f"Customer {codes[3]} was assigned to a territory the plan does not have (T99) and is "
        f"now unassigned.",
    )


def test_the_command_line_prints_each_note_as_a_warning(tmp_path, saved, capsys):
    path = edited(tmp_path, saved, "UPDATE customers SET sales = 'abc' WHERE fid = 1",
                  "UPDATE customers SET territory = 'T99' WHERE fid = 4")
    assert main(["stats", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert all(line.startswith(f"territory-planner: warning: {path}: ") for line in err)
    assert "was not a number" in err[0] and "now unassigned" in err[1]


@pytest.mark.parametrize(("column", "said"), [
    ("customer_id", "p.gpkg cannot be opened: its customer table has lost the customer code "
                    "column (customer_id)."),
    ("geom", "p.gpkg cannot be opened: its customer table has lost the map position column "
             "(geom)."),
])
def test_a_lost_essential_column_refuses_the_file_naming_it(tmp_path, saved, capsys, column,
                                                            said):
    drop = [f"DROP TRIGGER \"{t}\"" for t in (
        "rtree_customers_geom_insert", "rtree_customers_geom_update2",
        "rtree_customers_geom_update4", "rtree_customers_geom_update5",
        "rtree_customers_geom_update6", "rtree_customers_geom_update7",
        "rtree_customers_geom_delete")] if column == "geom" else []
    path = edited(tmp_path, saved, *drop, f"ALTER TABLE customers DROP COLUMN {column}")
    before = sorted(p.name for p in tmp_path.iterdir()), path.read_bytes()
    with pytest.raises(PlannerError) as caught:
        store.load_plan(path)
    assert str(caught.value) == said
    assert main(["frequency", str(path), "--rule", "A=1"]) == 1
    assert capsys.readouterr().err == f"territory-planner: {said}\n"
    assert (sorted(p.name for p in tmp_path.iterdir()), path.read_bytes()) == before


def test_the_plans_own_rules_are_told_in_japanese() -> None:
    """What :meth:`Plan.validate` raises reaches the window and the command line translated."""
    plan = synthetic_plan(5, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.TERRITORY] = "T99"
    twice = plan.customers.copy()
    twice[m.CUSTOMER_ID] = "C1"
    set_language("ja")
    with pytest.raises(PlannerError) as unknown:
        plan.replace(customers=c).validate()
    with pytest.raises(PlannerError) as same:
        plan.replace(customers=twice).validate()
    assert str(unknown.value) == "存在しないテリトリーに割り当てられた顧客がいます: T99。"
    assert str(same.value) == "顧客コード「C1」が重複しています。"
