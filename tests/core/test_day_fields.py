"""What the day and time fields (closing days, visit days, visit week, visiting hours) share: the import's
``--column`` option, the plan file round trip, and loading plans saved before them."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import model as m
from planner import store
from planner.cli import main
from planner.columns import FIELD_KEYS
from planner.synthetic import synthetic_plan

# field, an unusual header, a cell under it and what the plan keeps, a column of stored values
FIELDS = [
    (m.CLOSED_DAYS, "営業しない日", "火", "tue", ["wed", "", "sat,sun", ""]),
    (m.VISIT_DAYS, "回る日", "火", "tue", ["tue", "", "mon,thu", ""]),
    (m.VISIT_WEEK, "回る週", "第2週", "2", ["2", "", "1", "4"]),
    (m.VISIT_TIME, "行ける時刻", "14時以降", "14:00-", ["-12:00", "", "13:00-15:00", "14:00-"]),
]


@pytest.mark.parametrize(("field", "header", "cell", "kept", "_values"), FIELDS)
def test_column_option_names_the_field(
    tmp_path: Path, field: str, header: str, cell: str, kept: str, _values: list[str]
) -> None:
    assert field in FIELD_KEYS
    path = tmp_path / "c.csv"
    path.write_text(f"顧客名,緯度,経度,{header}\nA,35.6,139.7,{cell}\n", encoding="utf-8")
    out = tmp_path / "c.gpkg"
    assert main(["import", str(path), "-o", str(out), "--column", f"{field}={header}"]) == 0
    assert list(store.load_plan(out).customers[field]) == [kept]


@pytest.mark.parametrize(("field", "_header", "_cell", "_kept", "values"), FIELDS)
def test_store_round_trip_keeps_the_field(
    tmp_path: Path, field: str, _header: str, _cell: str, _kept: str, values: list[str]
) -> None:
    plan = synthetic_plan(12, territories=1, seed=1)
    c = plan.customers.copy()
    c[field] = values * 3
    store.save_plan(plan.replace(customers=c), tmp_path / "p.gpkg")
    loaded = store.load_plan(tmp_path / "p.gpkg")
    assert list(loaded.customers[field]) == list(c[field])
    assert list(loaded.customers.columns[: len(m.CUSTOMER_COLUMNS)]) == list(m.CUSTOMER_COLUMNS)


def test_plan_saved_before_the_day_fields_loads(tmp_path: Path) -> None:
    plan = synthetic_plan(12, territories=1, seed=1)
    fields = [f for f, *_ in FIELDS]
    old = plan.customers.drop(columns=fields)  # as plans were written before them
    store.save_plan(plan.replace(customers=old), tmp_path / "old.gpkg")
    loaded = store.load_plan(tmp_path / "old.gpkg")
    for field in fields:
        assert list(loaded.customers[field]) == [""] * 12
    assert list(loaded.customers.columns[: len(m.CUSTOMER_COLUMNS)]) == list(m.CUSTOMER_COLUMNS)
