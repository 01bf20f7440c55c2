"""Visit days typed in the list (the customer's wish) and visit days a hand move in the
calendar set (the manager's choice): the plan records which (``hand_days``), and a rebuild
keeping the days moves only the second to another weekday when their day is full."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner import store
from planner.schedule import build_schedule, typed_days
from planner.synthetic import synthetic_plan
from tests.core.test_schedule_keep import _one_day


def test_typed_visit_days_are_told_from_those_a_hand_move_set() -> None:
    c = pd.DataFrame({m.VISIT_DAYS: ["tue", "tue", "wed", "", "mon,thu", "thu,mon"],
                      m.HAND_DAYS: ["", "tue", "tue", "tue", "", "mon,thu"]})
    # typed; moved by hand; typed since (the list says Wednesday now); none; typed; by hand
    assert typed_days(c).tolist() == [True, False, True, False, True, False]
    # a plan saved before the column: every visit day was typed
    assert typed_days(c.drop(columns=m.HAND_DAYS)).tolist() == [True] * 3 + [False] + [True] * 2


def test_a_hand_move_records_the_days_it_set_and_its_undo_forgets_them() -> None:
    from planner.edits import MoveVisits, apply_edit

    plan = build_schedule(synthetic_plan(40, territories=1, seed=2), route_seconds=0.01)
    s = plan.schedule
    cid, day = s[["customer_id", "day"]].iloc[0]
    other = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day)
    week = int(s["week"].iloc[0])
    moved, undo, _ = apply_edit(plan, MoveVisits((cid,), (week, day), (week, other)))
    row = moved.customers[m.CUSTOMER_ID] == cid
    assert moved.customers.loc[row, m.VISIT_DAYS].item() == other
    assert moved.customers.loc[row, m.HAND_DAYS].item() == other
    assert not typed_days(moved.customers)[row.to_numpy()].any()
    back, _, _ = apply_edit(moved, undo)
    assert back.customers.loc[row, m.HAND_DAYS].item() == ""
    assert back.customers.loc[row, m.VISIT_DAYS].item() == plan.customers.loc[
        row, m.VISIT_DAYS].item()


def test_the_plan_file_keeps_the_hand_days_and_older_files_open(tmp_path: Path) -> None:
    plan = synthetic_plan(6, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.VISIT_DAYS] = ["tue", "", "wed", "", "", ""]
    c[m.HAND_DAYS] = ["tue", "", "", "", "", ""]
    store.save_plan(plan.replace(customers=c), tmp_path / "p.gpkg")
    assert list(store.load_plan(tmp_path / "p.gpkg").customers[m.HAND_DAYS]) == list(
        c[m.HAND_DAYS])
    store.save_plan(plan.replace(customers=c.drop(columns=m.HAND_DAYS)), tmp_path / "old.gpkg")
    old = store.load_plan(tmp_path / "old.gpkg").customers
    assert list(old[m.HAND_DAYS]) == [""] * 6
    assert list(old.columns[: len(m.CUSTOMER_COLUMNS)]) == list(m.CUSTOMER_COLUMNS)


@pytest.mark.parametrize("typed", [False, True])
def test_a_full_day_moves_a_hand_moved_customer_but_keeps_a_typed_one_on_its_day(
    typed: bool,
) -> None:
    """Kept A accounts 0-2 (closed on Tuesday, they cannot move) and C customer 3 on Monday
    by its visit days, one visit too many. Moved there by hand, it goes to Tuesday (before,
    a typed one did too); typed, it is the customer's wish: it stays off Tuesday and, the
    smallest account, leaves the full day."""
    cal = _one_day([100.0, 100.0, 100.0, 100.0], 330.0, n_days=2)
    cal.closed = {j: frozenset({1}) for j in range(4)}
    cal.unpinned = {j: (frozenset({1}), None) for j in range(3)}
    cal.shop_closed = {3: frozenset()}
    cal.importance = np.array([5, 6, 7, 1])
    cal.wishes = {3} if typed else set()
    cal.repair(full_reason="full")
    if typed:
        assert set(cal.removed_reason) == {3} and cal.stops[(0, 1)] == []
    else:
        assert cal.removed_reason == {} and cal.stops[(0, 1)] == [3] and cal.hand_moved == {3}


def test_the_calendar_builder_gives_the_typed_visit_days_as_wishes(monkeypatch) -> None:
    from planner._schedule_days import TerritoryDays

    plan = synthetic_plan(20, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.CLOSED_DAYS], c[m.VISIT_DAYS], c[m.HAND_DAYS] = "", "", ""
    c.loc[0, m.VISIT_DAYS] = "tue"  # typed in the list
    c.loc[1, [m.VISIT_DAYS, m.HAND_DAYS]] = ["wed", "wed"]  # a hand move
    seen: list[set[str]] = []
    repair = TerritoryDays.repair

    def spy(cal: TerritoryDays, **kwargs: object) -> None:
        seen.append({str(c[m.CUSTOMER_ID].iat[i]) for i in cal.wishes})
        repair(cal, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TerritoryDays, "repair", spy)
    build_schedule(plan.replace(customers=c), route_seconds=0.01)
    assert seen == [{str(c[m.CUSTOMER_ID].iat[0])}]


def test_an_update_from_the_list_keeps_a_hand_move_and_a_new_typed_day_wins(
    tmp_path: Path,
) -> None:
    """The monthly list (no 訪問曜日 column) keeps the hand move's record; a list typing
    another visit day for that customer makes it the customer's wish."""
    from planner.spreadsheet import read_customers
    from planner.update import update_customers

    plan = synthetic_plan(8, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.VISIT_DAYS], c[m.HAND_DAYS] = "", ""
    c.loc[0, [m.VISIT_DAYS, m.HAND_DAYS]] = ["tue", "tue"]
    plan = plan.replace(customers=c)
    rows = pd.DataFrame({"顧客コード": c[m.CUSTOMER_ID], "顧客名": c[m.NAME],
                         "緯度": c[m.LAT], "経度": c[m.LON]})
    rows.to_csv(tmp_path / "same.csv", index=False)
    kept = update_customers(plan, read_customers(tmp_path / "same.csv",
                                                 settings=plan.settings)).plan.customers
    assert kept.loc[0, m.HAND_DAYS] == "tue" and not typed_days(kept)[0]
    rows["訪問曜日"] = ["水"] + [""] * 7
    rows.to_csv(tmp_path / "typed.csv", index=False)
    typed = update_customers(plan, read_customers(tmp_path / "typed.csv",
                                                  settings=plan.settings)).plan.customers
    assert typed.loc[0, m.VISIT_DAYS] == "wed" and typed_days(typed)[0]
