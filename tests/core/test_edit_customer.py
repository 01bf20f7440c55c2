"""Correcting a customer's details (renamed shop, new phone, wrong reading, new rank, moved):
one edit whose inverse gives back the plan exactly; the calendar goes stale only when what it
plans visits by changed."""

from __future__ import annotations

import numpy as np
import pytest
from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import SCHEDULE_STALE, EditCustomer, apply_edit
from planner.errors import PlannerError
from planner.frequency import OVERRIDES_KEY


@pytest.fixture
def plan(tmp_path) -> m.Plan:
    return plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)


def _row(plan: m.Plan, cid: str):
    return plan.customers.set_index(m.CUSTOMER_ID).loc[cid]


def _undone(plan: m.Plan, new: m.Plan, inverse) -> None:
    back = apply_edit(new, inverse)[0]
    assert back.customers.equals(plan.customers)
    assert back.meta.get(SCHEDULE_STALE) == plan.meta.get(SCHEDULE_STALE)


def test_a_renamed_shop_gets_its_details_cleaned_and_undo_gives_the_old_ones(plan, english):
    assert plan.meta[SCHEDULE_STALE] is False
    before = _row(plan, "S001")
    edit = EditCustomer.of("S001", name=" 新宿ベーカリー ", name_kana="ｼﾝｼﾞｭｸ ﾍﾞｰｶﾘｰ",
                           phone=" 03-1234-5678", address="東京都新宿区西新宿9丁目1-1",
                           rank="ａ", sales="120万")
    assert edit.describe() == "Edit customer 新宿ベーカリー"
    new, inverse, changes = apply_edit(plan, edit)
    row = _row(new, "S001")
    assert (row[m.NAME], row[m.NAME_KANA], row[m.PHONE], row[m.RANK], row[m.SALES]) == (
        "新宿ベーカリー", "シンジュク ベーカリー", "03-1234-5678", "A", 1_200_000.0)
    assert row[m.ADDRESS] == "東京都新宿区西新宿9丁目1-1"
    # B → A: its frequency was B's rule (隔週), so it takes A's (毎週), as Set rank does …
    assert (before[m.FREQUENCY], row[m.FREQUENCY]) == (2.0, 4.0)
    # … the position stays (the pin can be dragged), but more visits: the calendar is stale
    assert (row[m.LAT], row[m.LON]) == (before[m.LAT], before[m.LON])
    assert new.meta[SCHEDULE_STALE] is True and changes.schedule and changes.frequencies
    assert changes.customers and changes.customer_ids == ("S001",)
    others = new.customers[m.CUSTOMER_ID] != "S001"
    assert new.customers[others].equals(plan.customers[others])
    _undone(plan, new, inverse)


def test_new_visit_minutes_or_a_new_position_make_the_calendar_stale(plan, english):
    for edit in (EditCustomer.of("O003", service_minutes="1時間"),
                 EditCustomer.of("O003", lat=35.95, lon=139.64)):
        new, inverse, changes = apply_edit(plan, edit)
        assert new.meta[SCHEDULE_STALE] is True and changes.schedule
        _undone(plan, new, inverse)
    row = _row(apply_edit(plan, EditCustomer.of("O003", service_minutes="1時間"))[0], "O003")
    assert row[m.SERVICE_MINUTES] == 60.0
    moved = apply_edit(plan, EditCustomer.of("O003", lat=35.95, lon=139.64))[0]
    row = _row(moved, "O003")
    assert (row[m.LAT], row[m.LON], row[m.GEOCODE]) == (35.95, 139.64, "manual")
    assert (row.geometry.y, row.geometry.x) == (35.95, 139.64)
    # no minutes typed: the rank's, as for a customer added by hand
    rank = _row(plan, "O003")[m.RANK]
    by_rank = _row(apply_edit(plan, EditCustomer.of("O003", service_minutes=None))[0], "O003")
    assert by_rank[m.SERVICE_MINUTES] == plan.settings.service_minutes_for(rank)


def test_a_new_rank_moves_a_frequency_that_follows_the_rules_and_undo_gives_it_back(
        plan, english):
    new, inverse, changes = apply_edit(plan, EditCustomer.of("S002", rank="B"))
    assert _row(new, "S002")[m.FREQUENCY] == 2.0  # A's rule 毎週 → B's 隔週, as Set rank does
    assert new.meta[SCHEDULE_STALE] is True and changes.schedule and changes.frequencies
    _undone(plan, new, inverse)
    back, again, _ = apply_edit(new, inverse)
    redo = apply_edit(back, again)[0]
    assert redo.customers.equals(new.customers) and redo.meta == new.meta


def test_a_new_rank_keeps_a_frequency_set_by_hand_the_lists_own_or_without_a_rule(
        plan, english):
    hand = plan.replace(meta={**plan.meta, OVERRIDES_KEY: ["S002"]})
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "S002", m.FREQUENCY] = 1.0  # not A's rule: its own
    own = plan.replace(customers=c)
    for before, rank in ((hand, "B"), (own, "B"), (plan, "S")):  # S: no rule
        new, inverse, changes = apply_edit(before, EditCustomer.of("S002", rank=rank))
        assert _row(new, "S002")[m.RANK] == rank
        assert _row(new, "S002")[m.FREQUENCY] == _row(before, "S002")[m.FREQUENCY]
        assert new.meta[SCHEDULE_STALE] is False and not changes.frequencies
        _undone(before, new, inverse)
    # a frequency left unset follows its rank by itself: a new rank, other visits
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "S002", [m.FREQUENCY, m.SERVICE_MINUTES]] = np.nan
    ruled = plan.replace(customers=c)
    new, inverse, _ = apply_edit(ruled, EditCustomer.of("S002", rank="C"))
    assert new.meta[SCHEDULE_STALE] is True and np.isnan(_row(new, "S002")[m.FREQUENCY])
    _undone(ruled, new, inverse)


def test_an_empty_name_is_refused_in_one_sentence_and_nothing_changes(plan, japanese):
    kept = plan.customers.copy()
    for name in ("", "　 "):
        with pytest.raises(PlannerError) as refused:
            apply_edit(plan, EditCustomer.of("S001", name=name, phone="03-0000-0000"))
        assert str(refused.value) == "顧客名を入力してください。"
    assert plan.customers.equals(kept)
    for bad in (EditCustomer.of("S001", sales="たくさん"),
                EditCustomer.of("S001", service_minutes="-5"),
                EditCustomer.of("S001", lat=10.0, lon=10.0)):
        with pytest.raises(PlannerError):
            apply_edit(plan, bad)
    with pytest.raises(PlannerError):
        apply_edit(plan, EditCustomer.of("NOPE", name="x"))


def test_details_it_has_already_change_nothing(plan, english):
    row = _row(plan, "S004")
    same = EditCustomer.of("S004", name=f" {row[m.NAME]}", rank=row[m.RANK].lower(),
                           address=row[m.ADDRESS], lat=row[m.LAT], lon=row[m.LON])
    assert apply_edit(plan, same)[0] is plan  # no undo step, the calendar up to date
    # the name the same, the phone new: named by the name it has
    edit = EditCustomer.of("S004", name=row[m.NAME], phone="048-000-0000").without_no_ops(plan)
    assert edit.fields == {m.PHONE: "048-000-0000"}
    assert edit.describe_for(plan) == f"Edit customer {row[m.NAME]}"


def test_the_workbook_and_its_reimport_show_the_correction(plan, tmp_path, english):
    """The customer sheet writes every column of the office's list as it came: a renamed,
    re-ranked shop showed its old name and rank there (and read back with them) although the
    route sheets had the new ones."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.spreadsheet import read_customers

    new, inverse, _ = apply_edit(plan, EditCustomer.of(
        "S001", name="新宿ベーカリー", rank="A", address="東京都新宿区西新宿9丁目1-1"))
    path = export_workbook(new, tmp_path / "plan.xlsx")
    ws = load_workbook(path)["Customer list"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "S001")
    cells = dict(zip(header, row, strict=False))
    assert (cells["顧客名"], cells["ランク"], cells["住所"]) == (
        "新宿ベーカリー", "A", "東京都新宿区西新宿9丁目1-1")
    again = read_customers(path).to_plan().customers.set_index(m.CUSTOMER_ID).loc["S001"]
    assert (again[m.NAME], again[m.RANK]) == ("新宿ベーカリー", "A")
    _undone(plan, new, inverse)  # the list's cells come back too


def test_a_new_address_without_a_new_position_is_marked_at_the_previous_address(plan, english):
    """Moved while offline: the pin stays where the shop was, and the plan says so (as the
    monthly update marks a new address the list gives no coordinates for) instead of taking
    the old position for the new address's."""
    from planner._update_changes import PREVIOUS

    before = _row(plan, "S001")
    assert before[m.GEOCODE] != PREVIOUS
    new, inverse, _ = apply_edit(plan, EditCustomer.of("S001", address="東京都新宿区西新宿9丁目1-1"))
    row = _row(new, "S001")
    assert (row[m.LAT], row[m.LON]) == (before[m.LAT], before[m.LON])
    assert row[m.GEOCODE] == PREVIOUS
    _undone(plan, new, inverse)
    # a new name alone, or an address with its position found, is no such thing
    renamed = _row(apply_edit(plan, EditCustomer.of("S001", name="新宿ベーカリー本店"))[0], "S001")
    assert renamed[m.GEOCODE] == before[m.GEOCODE]
    found = apply_edit(plan, EditCustomer.of("S001", address="東京都新宿区西新宿9丁目1-1",
                                             lat=35.69, lon=139.69))[0]
    assert _row(found, "S001")[m.GEOCODE] == "manual"
