"""A manager's correction (Edit customer…) survives next month's list while the office's list
still says what it said when the correction was made; a value the office changed since wins.

The complaint: the shop renamed and re-ranked in the plan took its old name and rank back
from the office's next list, listed as a "change", with the correction lost."""

from __future__ import annotations

from pathlib import Path

from update_helpers import HEADERS, plan_from, rows, write

from planner import model as m
from planner._customer_corrections import CORRECTIONS_KEY
from planner.edits import EditCustomer, apply_edit
from planner.spreadsheet import read_customers
from planner.store import load_plan, save_plan
from planner.update import update_customers

PHONE_HEADERS = [*HEADERS, "電話番号"]


def _rows() -> list[list[object]]:
    return [[*r, f"03-0000-{k:04d}"] for k, r in enumerate(rows())]


def _update(plan: m.Plan, path: Path, **kw: object):
    return update_customers(plan, read_customers(path, settings=plan.settings), **kw)


def _row(plan: m.Plan, cid: str):
    return plan.customers.set_index(m.CUSTOMER_ID).loc[cid]


def _corrected(tmp_path: Path) -> tuple[m.Plan, list[list[object]]]:
    """A plan read from the office's list, S001 renamed, moved, re-ranked and given a new
    phone by hand, saved and opened again."""
    data = _rows()
    plan = plan_from(write(tmp_path / "list.xlsx", data, PHONE_HEADERS), calendar=True)
    assert (_row(plan, "S001")[m.NAME], _row(plan, "S001")[m.RANK]) == ("新宿商店1", "B")
    plan = apply_edit(plan, EditCustomer.of(
        "S001", name="新宿ベーカリー", rank="A", address="東京都新宿区西新宿5丁目3-2",
        phone="03-1111-2222"))[0]
    save_plan(plan, tmp_path / "plan.gpkg")
    return load_plan(tmp_path / "plan.gpkg"), data


def test_the_offices_unchanged_list_keeps_the_managers_correction(tmp_path, english):
    plan, data = _corrected(tmp_path)
    # the file remembers what the office's list said for each corrected field
    assert plan.meta[CORRECTIONS_KEY] == {"S001": {
        m.NAME: "新宿商店1", m.RANK: "B", m.ADDRESS: "東京都新宿区西新宿2丁目1-1",
        m.PHONE: "03-0000-0001"}}
    frequency = _row(plan, "S001")[m.FREQUENCY]
    result = _update(plan, write(tmp_path / "next.xlsx", data, PHONE_HEADERS))
    assert result.changed == () and result.added == () and result.removed == ()
    row = _row(result.plan, "S001")
    assert (row[m.NAME], row[m.RANK], row[m.ADDRESS], row[m.PHONE]) == (
        "新宿ベーカリー", "A", "東京都新宿区西新宿5丁目3-2", "03-1111-2222")
    assert row[m.FREQUENCY] == frequency  # the list's old rank brings no rank rule either
    assert not result.calendar_stale
    assert [c.customer_id for c in result.kept_corrections] == ["S001"]
    assert result.kept_corrections[0].describe() == (
        "Name 新宿商店1 → 新宿ベーカリー; Address 東京都新宿区西新宿2丁目1-1 → "
        "東京都新宿区西新宿5丁目3-2; Phone 03-0000-0001 → 03-1111-2222; Rank B → A")
    assert ("1 customer keeps the details corrected in the plan (the list still has the "
            "earlier ones).") in result.summary()
    # the list's own cells say the correction (the workbook shows it), and the plan still
    # remembers the office's words for the month after
    cells = dict(zip(result.plan.original_columns,
                     (row[f"{m.ORIGINAL_PREFIX}{i}"]
                      for i in range(len(result.plan.original_columns))), strict=True))
    assert (cells["顧客名"], cells["ランク"]) == ("新宿ベーカリー", "A")
    assert result.plan.meta[CORRECTIONS_KEY] == plan.meta[CORRECTIONS_KEY]
    again = _update(result.plan, write(tmp_path / "after.xlsx", data, PHONE_HEADERS))
    assert again.changed == () and _row(again.plan, "S001")[m.NAME] == "新宿ベーカリー"


def test_a_value_the_office_changed_since_wins_and_is_listed(tmp_path, english):
    plan, data = _corrected(tmp_path)
    data[1][1] = "新宿パン工房"  # the office renamed the shop itself: its new name wins
    data[1][8] = "03-1111-2222"  # … and now lists the phone as corrected: no news
    result = _update(plan, write(tmp_path / "next.xlsx", data, PHONE_HEADERS))
    assert [(c.customer_id, c.describe()) for c in result.changed] == [
        ("S001", "Name 新宿ベーカリー → 新宿パン工房")]
    row = _row(result.plan, "S001")
    assert (row[m.NAME], row[m.RANK], row[m.PHONE]) == ("新宿パン工房", "A", "03-1111-2222")
    # the rank and address corrections still stand over the list's old values
    assert result.plan.meta[CORRECTIONS_KEY] == {"S001": {
        m.RANK: "B", m.ADDRESS: "東京都新宿区西新宿2丁目1-1"}}
    assert [c.fields for c in result.kept_corrections] == [(m.ADDRESS, m.RANK)]
    # the office's new rank wins in turn, and is listed as any change
    data[1][5] = "C"
    later = _update(result.plan, write(tmp_path / "later.xlsx", data, PHONE_HEADERS))
    assert [c.describe().split("; ")[0] for c in later.changed] == ["Rank A → C"]
    assert later.plan.meta[CORRECTIONS_KEY] == {"S001": {m.ADDRESS: "東京都新宿区西新宿2丁目1-1"}}


def test_undo_forgets_the_correction_and_a_value_set_back_is_none(tmp_path, english):
    data = _rows()
    plan = plan_from(write(tmp_path / "list.xlsx", data, PHONE_HEADERS))
    new, inverse, _ = apply_edit(plan, EditCustomer.of("S002", name="新宿ストア", rank="C"))
    assert new.meta[CORRECTIONS_KEY] == {"S002": {m.NAME: "新宿商店2", m.RANK: "A"}}
    back, redo, _ = apply_edit(new, inverse)
    assert CORRECTIONS_KEY not in back.meta and back.customers.equals(plan.customers)
    assert apply_edit(back, redo)[0].meta == new.meta
    # corrected twice: the list's value is the first one's; set back to it: no correction
    twice = apply_edit(new, EditCustomer.of("S002", name="新宿ストア本店"))[0]
    assert twice.meta[CORRECTIONS_KEY]["S002"][m.NAME] == "新宿商店2"
    undone = apply_edit(twice, EditCustomer.of("S002", name="新宿商店2", rank="A"))[0]
    assert CORRECTIONS_KEY not in undone.meta


def test_a_list_without_codes_still_finds_the_renamed_and_moved_shop(tmp_path, english):
    """Matched by name and address, the corrected shop was no longer the list's row: it was
    removed with its visits and came back as a new customer under the list's old name."""
    headers = HEADERS[1:]
    data = [r[1:] for r in rows()]
    plan = plan_from(write(tmp_path / "list.xlsx", data, headers), calendar=True)
    cid = str(plan.customers.loc[plan.customers[m.NAME] == "大宮商店3", m.CUSTOMER_ID].iloc[0])
    territory = _row(plan, cid)[m.TERRITORY]
    plan = apply_edit(plan, EditCustomer.of(cid, name="大宮ベーカリー",
                                            address="埼玉県さいたま市大宮区桜木町4丁目1-1 2F"))[0]
    result = _update(plan, write(tmp_path / "next.xlsx", data, headers))
    assert result.matched_by == "name"
    assert (result.added, result.removed, result.changed) == ((), (), ())
    row = _row(result.plan, cid)
    assert (row[m.NAME], row[m.TERRITORY]) == ("大宮ベーカリー", territory)
    assert [c.customer_id for c in result.kept_corrections] == [cid]


def test_a_corrected_address_is_not_looked_up_again_from_the_lists_old_one(tmp_path, english):
    """``update --geocode`` located the list's old address of a shop moved by hand, and the
    list's coordinates so found took the place of the plan's."""
    from planner.update import rows_to_locate

    plan, data = _corrected(tmp_path)
    data[1][3] = data[1][4] = data[2][3] = data[2][4] = None  # no coordinates for S001, S002
    data[2][2] = "東京都新宿区西新宿8丁目1-1"  # S002 moved on the office's list
    result = read_customers(write(tmp_path / "next.xlsx", data, PHONE_HEADERS),
                            settings=plan.settings)
    located = dict(zip(result.customers[m.CUSTOMER_ID], rows_to_locate(plan, result),
                       strict=True))
    assert (located["S001"], located["S002"]) == (False, True)


def test_a_workbook_round_trip_keeps_the_correction_and_what_the_list_said(tmp_path, english):
    """The program's workbook read back (a clerk's edits) and then the office's list again."""
    from planner.export.excel import export_workbook

    plan, data = _corrected(tmp_path)
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    back = update_customers(plan, read_customers(book, settings=plan.settings))
    assert back.changed == () and back.kept_corrections == ()
    assert back.plan.meta[CORRECTIONS_KEY] == plan.meta[CORRECTIONS_KEY]
    again = _update(back.plan, write(tmp_path / "next.xlsx", data, PHONE_HEADERS))
    assert again.changed == () and [c.customer_id for c in again.kept_corrections] == ["S001"]
    assert _row(again.plan, "S001")[m.NAME] == "新宿ベーカリー"
