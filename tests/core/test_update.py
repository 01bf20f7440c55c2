"""Updating a plan from a revised customer list (``planner.update``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from update_helpers import HEADERS, plan_from, rows, write

from planner import model as m
from planner.edits import MoveCustomer, SetFrequency, SetVisitDays, apply_edit
from planner.errors import PlannerError
from planner.spreadsheet import read_customers
from planner.update import last_update, update_customers


def update(plan: m.Plan, path: Path, **kw: object):
    return update_customers(plan, read_customers(path, settings=plan.settings), **kw)


def by_id(plan: m.Plan):
    return plan.customers.set_index(m.CUSTOMER_ID)


def test_an_unchanged_list_changes_nothing_and_keeps_the_managers_work(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    # the manager's own work in the plan: a hand-set frequency, a visit day, a hand-placed
    # position and a lock
    plan = apply_edit(plan, SetFrequency(("S001",), (8.0,)))[0]
    plan = apply_edit(plan, SetVisitDays(("S002",), ("tue",)))[0]
    plan = apply_edit(plan, MoveCustomer("S003", 35.7001, 139.7002))[0]
    c = plan.customers
    c.loc[c[m.CUSTOMER_ID] == "O004", m.LOCKED] = True
    plan = plan.replace(customers=c)

    result = update(plan, write(tmp_path / "b.xlsx", data))
    assert (result.added, result.removed, result.changed) == ((), (), ())
    assert result.unchanged == 24 and result.matched_by == "code"
    after = by_id(result.plan)
    assert after.loc["S001", m.FREQUENCY] == 8.0
    assert after.loc["S002", m.VISIT_DAYS] == "tue"
    assert (after.loc["S003", m.LAT], after.loc["S003", m.LON]) == (35.7001, 139.7002)
    assert after.loc["S003", m.GEOCODE] == "manual"
    assert bool(after.loc["O004", m.LOCKED])
    assert list(after[m.TERRITORY]) == list(by_id(plan)[m.TERRITORY])


def test_new_gone_and_changed_customers(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data), calendar=True)
    before = plan.schedule
    assert before is not None and (before["customer_id"] == "S005").any()

    revised = [r[:] for r in data if r[0] != "S005"]
    revised[0][5] = "A" if revised[0][5] != "A" else "C"  # S000's rank changes
    revised[1][2] = "東京都中野区中野5丁目1-1"  # S001 moved house; the list has no coordinates
    revised[1][3] = revised[1][4] = None
    revised[2][1] = "新宿商店2 本店"  # S002 renamed
    revised.append(["N001", "新規商店", "東京都新宿区北新宿1丁目1-1", 35.697, 139.695, "A", "", ""])
    revised.append(["N002", "位置不明商店", "", None, None, "B", "", ""])
    result = update(plan, write(tmp_path / "b.xlsx", revised))

    assert [c.customer_id for c in result.removed] == ["S005"]
    assert {c.customer_id for c in result.added} == {"N001", "N002"}
    added = {c.customer_id: c for c in result.added}
    t01 = by_id(plan).loc["S000", m.TERRITORY]
    assert added["N001"].territory == t01  # among 山田's customers
    assert added["N002"].territory == "" and result.needs_position[0].customer_id == "N002"
    changed = {c.customer_id: c for c in result.changed}
    # the visit length and the frequency follow the rank, by the plan's settings and rules
    assert changed["S000"].fields == (m.RANK, m.SERVICE_MINUTES, m.FREQUENCY)
    assert dict(zip(changed["S000"].fields, changed["S000"].values, strict=True))[m.RANK][1] in "AC"
    assert changed["S001"].fields == (m.ADDRESS, "previous_address")
    assert changed["S002"].fields == (m.NAME,)
    after = by_id(result.plan)
    rank = after.loc["S000", m.RANK]
    assert after.loc["S000", m.FREQUENCY] == {"A": 4.0, "C": 1.0}[rank]
    assert after.loc["S000", m.SERVICE_MINUTES] == plan.settings.service_minutes_for(rank)
    # at its previous address's position until the new one is located, and it says so
    assert after.loc["S001", m.LAT] == by_id(plan).loc["S001", m.LAT]
    assert "address changed" in after.loc["S001", m.PROBLEMS]
    assert after.loc["N001", m.FREQUENCY] == 4.0  # the plan's rules, as for everyone
    assert "S005" not in after.index

    schedule = result.plan.schedule
    assert not (schedule["customer_id"] == "S005").any()
    # S001 keeps its visits meanwhile (dropped, it lost them without a word)
    assert (schedule["customer_id"] == "S001").sum() == (before["customer_id"] == "S001").sum()
    days = before.loc[before["customer_id"] == "S005", ["week", "day"]]
    for week, day in days.itertuples(index=False):
        left = schedule[(schedule["week"] == week) & (schedule["day"] == day)
                        & (schedule["territory"] == t01)]
        was = before[(before["week"] == week) & (before["day"] == day)
                     & (before["territory"] == t01) & (before["customer_id"] != "S005")]
        assert list(left["customer_id"]) == list(was["customer_id"])  # same order, one less
        assert list(left["seq"]) == list(range(1, len(left) + 1))
    assert result.calendar_stale and result.plan.meta["schedule_stale"]
    assert last_update(result.plan) == {
        "added": [c.customer_id for c in result.added],
        "changed": [c.customer_id for c in result.changed],
        "removed": ["S005"],
    }
    assert plan.customers.shape[0] == 24  # the plan given is untouched


def test_a_changed_cell_wins_over_the_plans_value(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    plan = apply_edit(plan, SetFrequency(("S001", "S004"), (8.0, 8.0)))[0]
    revised = [r[:] for r in data]
    revised[1][6] = "月1"  # the list now says something about S001's frequency
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    after = by_id(result.plan)
    assert after.loc["S001", m.FREQUENCY] == 1.0
    assert after.loc["S004", m.FREQUENCY] == 8.0  # its cell did not change: the hand value stays
    assert [c.customer_id for c in result.changed] == ["S001"]


def test_without_codes_rows_match_by_name_and_address(tmp_path, english):
    headers = HEADERS[1:]
    data = [r[1:] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers))
    ids = by_id(plan)
    revised = [["先頭の新規", "東京都新宿区1-1", 35.70, 139.70, "A", "", ""]]
    revised += list(reversed(data))  # another order: row numbers (and generated codes) shift
    revised[5] = revised[5][:]
    revised[5][1] = "埼玉県さいたま市大宮区桜木町99丁目1-1"  # a unique name that moved
    result = update(plan, write(tmp_path / "b.xlsx", revised, headers))
    assert result.matched_by == "name" and not result.removed
    assert [c.name for c in result.added] == ["先頭の新規"]
    assert result.added[0].customer_id not in set(ids.index)  # no code of a kept customer
    after = by_id(result.plan)
    for code, name in zip(ids.index, ids[m.NAME], strict=True):
        assert after.loc[code, m.NAME] == name  # every kept customer keeps its plan code
    moved = [c for c in result.changed]
    assert len(moved) == 1 and m.ADDRESS in moved[0].fields


def test_a_name_alone_matches_no_shop_in_another_prefecture(tmp_path, english):
    """A list without the plan's codes matched the plan's 佐藤商事 of 渋谷区 with the list's
    佐藤商事 of 川越市 by the name alone ("moved 28.9 km"): another company of a common name."""
    headers = HEADERS[1:]
    data = [r[1:] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers))
    revised = [r[:] for r in data]
    revised[3][1] = "埼玉県川越市脇田町1-1"  # 新宿商店3 of 東京都 in the list: in 埼玉県 now
    result = update(plan, write(tmp_path / "b.xlsx", revised, headers))
    assert [c.name for c in result.added] == ["新宿商店3"]
    assert [c.name for c in result.removed] == ["新宿商店3"]
    assert not any(m.ADDRESS in c.fields for c in result.changed)


def test_a_code_given_to_another_shop_is_mended_by_name_and_address(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    revised = [r[:] for r in data[1:]]  # S000 closed; the system gave its code to S001's row
    revised[0][0] = "S000"
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    assert [c.customer_id for c in result.removed] == ["S000"]
    assert not result.changed and not result.added


def test_a_shop_typed_with_its_neighbours_code_keeps_its_own_record(tmp_path, english):
    """The first list had S002 twice (the second became S002-2); the revised one gives S002 to
    S001's shop by mistake, so S002's own shop is the first S002 and 大宮商店 the only one. Every
    shop is the plan's customer of its name and address: nothing new, nothing removed."""
    data = rows()
    data[12][0] = "S002"  # 大宮商店0 shares 新宿商店2's code in the first list
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    assert "S002-2" in set(plan.customers[m.CUSTOMER_ID])
    revised = [r[:] for r in data]
    revised[1][0] = "S002"  # 新宿商店1 typed with its neighbour's code
    revised[12][0] = "S001"  # …and 大宮商店0 with 新宿商店1's
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    assert not result.added and not result.removed, (result.added, result.removed)
    names = by_id(result.plan)[m.NAME]
    assert names["S001"] == "新宿商店1" and names["S002-2"] == "大宮商店0"


def test_keep_missing_keeps_them_with_their_original_cells(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    headers = HEADERS + ["備考"]
    revised = [r + ["x"] for r in data if r[0] != "O003"]
    result = update(plan, write(tmp_path / "b.xlsx", revised, headers), keep_missing=True)
    assert [c.customer_id for c in result.removed] == ["O003"]
    updated = result.plan
    assert len(updated.customers) == 24 and updated.original_columns == tuple(headers)
    frame = updated.original_frame().set_index(updated.customers[m.CUSTOMER_ID])
    assert frame.loc["O003", "顧客名"] == "大宮商店3" and frame.loc["O003", "備考"] == ""
    assert frame.loc["O002", "備考"] == "x"


def test_new_customers_follow_the_rep_column_and_drawn_boundaries(tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    t = {x.rep: x for x in plan.territories}
    box = shapely.box(139.0, 35.0, 139.66, 36.5)  # 佐藤's drawn area reaches west of Shinjuku
    territories = tuple(
        x.replace(boundary=box) if x.rep == "佐藤" else x for x in plan.territories
    )
    plan = plan.replace(territories=territories)
    revised = [r[:] for r in data]
    revised.append(["N1", "担当指定", "東京都新宿区1-1", 35.70, 139.70, "A", "", "佐藤"])
    revised.append(["N2", "境界内", "東京都新宿区1-2", 35.70, 139.65, "A", "", ""])
    revised.append(["N3", "近く", "東京都新宿区1-3", 35.70, 139.70, "A", "", "新人"])
    revised.append(["N4", "港区の店", "東京都港区9-9", 35.70, 139.71, "A", "", ""])
    added = {c.customer_id: c for c in update(plan, write(tmp_path / "b.xlsx", revised)).added}
    assert added["N1"].territory == t["佐藤"].id  # the list names the rep
    assert added["N2"].territory == t["佐藤"].id  # inside the drawn boundary
    # an unknown rep, outside every drawn boundary: the territory holding all of its ward
    assert added["N3"].territory == t["山田"].id
    assert added["N3"].note == "its area 新宿区 (the list's rep 新人 has no territory in the plan)"
    # a ward no territory holds yet: its nearest customers'
    assert added["N4"].territory == t["山田"].id and added["N4"].note == "nearest customers"


def test_in_a_plan_of_whole_areas_a_new_customer_joins_its_areas_territory(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    t = {x.rep: x for x in plan.territories}
    box = shapely.box(139.0, 35.0, 139.66, 36.5)  # 佐藤's drawn area reaches into Shinjuku
    plan = plan.replace(
        territories=tuple(x.replace(boundary=box) if x.rep == "佐藤" else x
                          for x in plan.territories),
        meta={**plan.meta, "design_whole": "municipality"},  # as design --whole leaves it
    )
    revised = [r[:] for r in rows()]
    revised.append(["N2", "境界内", "東京都新宿区1-2", 35.70, 139.65, "A", "", ""])
    added = {c.customer_id: c for c in update(plan, write(tmp_path / "b.xlsx", revised)).added}
    assert added["N2"].territory == t["山田"].id and added["N2"].note == "its area 新宿区"


def test_the_summary_says_what_the_update_does_to_the_reps_weeks(tmp_path, english):
    from planner import territories as tmod

    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    revised = [r[:] for r in rows() if r[0] != "O001"]
    for k in range(5):  # five new rank-A shops in Shinjuku: 山田's week grows
        revised.append([f"N{k}", f"新店{k}", f"東京都新宿区西新宿{k + 1}丁目9-9", 35.692,
                        139.695 + 0.001 * k, "A", "", ""])
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    before = tmod.territory_metrics(plan)["workload_hours_per_week"].sum()
    after = tmod.territory_metrics(result.plan)["workload_hours_per_week"].sum()
    assert result.impact is not None and after > before
    assert result.impact.hours_after == pytest.approx(after)
    summary = result.summary()
    assert f"Reps' work a week (visits and driving): {before:.1f} h → {after:.1f} h" in summary
    assert "Busiest rep: 山田" in summary
    assert result.impact.changed == 0  # no kept customer's frequency changed


def test_an_empty_list_is_refused(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    empty = write(tmp_path / "b.xlsx", [["", "", "", None, None, "", "", ""]])
    with pytest.raises(PlannerError, match="no customer"):
        update(plan, empty)


def test_the_exported_workbook_updates_the_plan_without_a_change(tmp_path, english):
    """The workbook's customer sheet is re-importable: updating from it changes nothing."""
    from planner.export.excel import export_workbook

    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    plan = apply_edit(plan, SetVisitDays(("S002",), ("tue",)))[0]
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    result = update(plan, book)
    assert result.matched_by == "code"
    assert (result.added, result.removed, result.changed) == ((), (), ())
    after = by_id(result.plan)
    assert after.loc["S002", m.VISIT_DAYS] == "tue"


def test_the_exported_workbooks_route_sheets_are_not_offered_as_other_lists(tmp_path, english):
    """Reading the program's own workbook back names no other list: its route sheets (one
    per rep, with 顧客コード and 顧客名 headers) are not the offices of a workbook of lists."""
    from planner._cli.import_cmd import sheet_lines
    from planner.export.excel import export_workbook

    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    result = read_customers(book, settings=plan.settings)
    assert result.report.other_sheets == ()
    assert sheet_lines(result.report) == [f"  Read the sheet {result.report.sheet}."]


def test_a_plan_read_from_one_offices_sheet_reads_its_own_workbook_back(tmp_path, english):
    """The plan remembers 練馬営業所 of the office's workbook of several lists; the workbook
    this program exported has no such sheet, and is read back all the same (its customer
    sheet), while another workbook without it still stops the update."""
    from planner.export.excel import export_workbook
    from planner.spreadsheet import SHEET_KEY, plan_sheet

    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    plan = plan.replace(meta={**plan.meta, SHEET_KEY: "練馬営業所"})
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    assert plan_sheet(plan, book) is None
    result = update_customers(plan, read_customers(book, sheet=plan_sheet(plan, book),
                                                   settings=plan.settings))
    assert (result.added, result.removed, result.changed) == ((), (), ())
    with pytest.raises(PlannerError, match="練馬営業所"):
        plan_sheet(plan, tmp_path / "a.xlsx")


def test_customers_left_out_of_the_calendar_stay_listed(tmp_path, english):
    data = [r[:] for r in rows()]
    data[3][3] = data[3][4] = None  # S003 has no position: left out, with the reason
    plan = plan_from(write(tmp_path / "a.xlsx", data), calendar=True)
    assert list(plan.unscheduled["customer_id"]) == ["S003"]
    result = update(plan, write(tmp_path / "b.xlsx", data))
    assert result.plan.unscheduled.equals(plan.unscheduled)
    assert result.plan.schedule.equals(plan.schedule) and not result.calendar_stale


def test_new_customers_are_told_their_day_on_the_changes_sheet(tmp_path, english):
    """After the update and a rebuild keeping days, the office calls the new shops too."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.i18n import tr
    from planner.schedule import build_schedule

    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data), calendar=True)
    revised = [r[:] for r in data]
    revised.append(["N001", "新規商店", "東京都新宿区北新宿1丁目1-1", 35.697, 139.695, "A", "", ""])
    updated = update(plan, write(tmp_path / "b.xlsx", revised)).plan
    rebuilt = build_schedule(updated, keep_days=True)
    assert (rebuilt.schedule["customer_id"] == "N001").any()
    ws = load_workbook(export_workbook(rebuilt, tmp_path / "c.xlsx"))[tr("Changes to announce")]
    table = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    (row,) = [r for r in table if r[0] == "N001"]
    assert row[1] == "新規商店" and row[4] in ("", None)  # no previous rep
    assert row[6] == tr("New customer") and row[7]  # 新規, then its visit day
    assert "1 new customer (新規) is told its visit day." in str(ws["A2"].value)


def test_codes_match_when_excel_dropped_their_leading_zeros(tmp_path, english):
    data = [[f"{i + 1:06d}"] + r[1:] for i, r in enumerate(rows())]  # 000001 … as text
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    assert "000005" in set(plan.customers[m.CUSTOMER_ID])
    numbers = [[int(r[0])] + r[1:] for r in data]  # the same list saved with numeric codes
    result = update(plan, write(tmp_path / "b.xlsx", numbers))
    assert result.matched_by == "code" and not result.added and not result.removed
    assert "000005" in set(result.plan.customers[m.CUSTOMER_ID])  # the plan's codes stay


def _new_shop(code: object, k: int) -> list[object]:
    return [code, f"新規商店{k}", f"東京都新宿区北新宿{k}丁目1-1", 35.697, 139.695, "A", "", "山田"]


def test_a_new_code_that_lost_its_leading_zeros_gets_the_plans_width(tmp_path, english):
    """The plan's codes are 000001 …; next month's list gives a new shop as 201 (typed over,
    or a CSV file saved by Excel): it joins as 000201, as a kept 5 is matched to 000005."""
    data = [[f"{i + 1:06d}"] + r[1:] for i, r in enumerate(rows())]
    data[-1][0] = ""  # no code: the import generates one (R025), which is no rule
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    assert not plan.customers[m.CUSTOMER_ID].str.fullmatch(r"\d{6}").all()
    revised = [r[:] for r in data]
    revised[4][0] = "5"  # a kept customer without its zeros: matched, keeps 000005
    revised += [_new_shop("201", 1), _new_shop("0088", 2), _new_shop("N001", 3),
                _new_shop("1234567", 4), _new_shop(77, 5)]  # 77: a number, padded on reading
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    assert result.matched_by == "code" and not result.removed
    assert sorted(c.customer_id for c in result.added) == ["000077", "000088", "000201",
                                                           "1234567", "N001"]
    assert "000005" in set(result.plan.customers[m.CUSTOMER_ID])
    assert result.padded_codes == (("201", "000201"), ("0088", "000088"))
    assert ("2 new customers' codes had lost their leading zeros; they were padded to the "
            "plan's 6 digits (201 → 000201, 0088 → 000088).") in result.summary()
    assert result.to_dict()["padded_codes"] == [["201", "000201"], ["0088", "000088"]]


@pytest.mark.parametrize("form", ["S{k:03d}", "{k:06d}", "1{k:05d}"])
def test_a_new_short_code_stays_as_listed_without_one_width_of_padded_codes(
    tmp_path, english, form
):
    """Codes of letters, of two widths, or of digits without a leading zero: no rule to pad
    a short code to, so 201 stays 201."""
    data = [[form.format(k=i + 1)] + r[1:] for i, r in enumerate(rows())]
    if form == "{k:06d}":
        data[0][0] = "0000001"  # one code of seven digits
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    result = update(plan, write(tmp_path / "b.xlsx", [*data, _new_shop("201", 1)]))
    assert [c.customer_id for c in result.added] == ["201"]
    assert result.padded_codes == () and "leading zeros" not in result.summary()


def test_a_rep_changed_on_the_list_moves_the_customer_to_that_reps_territory(tmp_path, english):
    from planner.edits import AssignCustomers, LockCustomers

    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    by_rep = {t.rep: t.id for t in plan.territories}
    # the manager moved S005 to 佐藤 by hand, and locked S007 with 山田
    plan = apply_edit(plan, AssignCustomers.to(("S005",), by_rep["佐藤"]))[0]
    plan = apply_edit(plan, LockCustomers(("S007",), True))[0]
    revised = [r[:] for r in data]
    for r in revised:
        if r[0] in ("S003", "S007"):
            r[7] = "佐藤"  # the office gave these shops to 佐藤
    result = update(plan, write(tmp_path / "b.xlsx", revised))
    after = by_id(result.plan)[m.TERRITORY]
    assert after["S003"] == by_rep["佐藤"]  # the list's changed cell wins
    assert after["S005"] == by_rep["佐藤"]  # the manager's own move stays (cell unchanged)
    assert after["S007"] == by_rep["山田"]  # locked by hand: stays
    assert after["S001"] == by_rep["山田"]
    (change,) = [c for c in result.changed if c.customer_id == "S003"]
    assert change.describe() == "Rep 山田 → 佐藤"
    assert not [c for c in result.changed if c.customer_id in ("S005", "S007")]
    # the locked shop's new rep is not followed, and the report says so
    (locked,) = [p for p in result.report.problems if p.row == 9]  # S007's row
    assert locked.value == "佐藤" and "locked" in locked.reason
    # a rep the plan has no territory for: the shop stays, and the report says so
    revised[8][7] = "高橋"
    other = update(plan, write(tmp_path / "c.xlsx", revised))
    assert by_id(other.plan).at["S008", m.TERRITORY] == by_rep["山田"]
    (told,) = [p for p in other.report.problems if p.value == "高橋"]
    assert told.row == 10 and "no territory for this rep" in told.reason


def _exported(plan, path: Path, language: str = "ja") -> Path:
    from planner.export.excel import export_workbook
    from planner.i18n import set_language

    set_language(language)
    try:
        return Path(export_workbook(plan, path))
    finally:
        set_language("en")


def _edit(path: Path, code: str, header: str, value: object) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["顧客一覧"]
    heads = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)
    ws.cell(row, heads.index(header) + 1).value = value
    wb.save(path)
    return path


def test_a_clerks_edits_in_the_exported_workbook_come_back(tmp_path, english):
    """The program's own workbook edited and read back: a new rep in 担当者 moves the shop to
    that rep's territory, a new rank brings its rank's frequency; nothing else changes."""
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    book = _exported(plan, tmp_path / "plan.xlsx")
    same = update_customers(plan, read_customers(book, settings=plan.settings))
    assert not same.changed and not same.added and not same.removed
    _edit(book, "S000", "担当者", "佐藤")  # 山田 → 佐藤
    _edit(book, "S001", "ランク", "A")  # B → A: weekly by the rules
    up = update_customers(plan, read_customers(book, settings=plan.settings))
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    before = plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S000", m.TERRITORY] == before.at["O000", m.TERRITORY]
    assert (c.at["S001", m.RANK], c.at["S001", m.FREQUENCY]) == ("A", 4.0)
    assert sorted(ch.customer_id for ch in up.changed) == ["S000", "S001"]
    # the edited cell stays in the list's words too, so the next workbook shows it
    words = up.plan.original_frame().set_index(up.plan.customers[m.CUSTOMER_ID].to_numpy())
    assert words.at["S001", "ランク"] == "A" and words.at["S002", "ランク"] == "A"


def test_an_older_workbook_takes_only_the_clerks_edits_not_its_older_values(tmp_path, english):
    """The plan changed after the export (a frequency set, a shop moved to another rep): the
    workbook read back later brings the clerk's edit, and leaves the manager's changes made
    since alone, although its cells for them still hold the older values."""
    from planner.edits import AssignCustomers

    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    by_rep = {t.rep: t.id for t in plan.territories}
    book = _exported(plan, tmp_path / "plan.xlsx")
    later = apply_edit(plan, SetFrequency(("S002",), (2.0,)))[0]
    later = apply_edit(later, AssignCustomers.to(("S004",), by_rep["佐藤"]))[0]
    _edit(book, "S003", "訪問頻度", "4週に1回")  # the clerk's edit: S003 every 4 weeks
    _edit(book, "O001", "担当者", "山田")  # and O001 to 山田
    up = update_customers(later, read_customers(book, settings=later.settings))
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S002", m.FREQUENCY] == 2.0  # the manager's change since the export stays
    assert c.at["S004", m.TERRITORY] == by_rep["佐藤"]
    assert c.at["S003", m.FREQUENCY] == 1.0  # the clerk's edits come in
    assert c.at["O001", m.TERRITORY] == by_rep["山田"]
    assert sorted(ch.customer_id for ch in up.changed) == ["O001", "S003"]
    # a frequency typed into the workbook is hand-set: rules by rank leave it alone
    from planner.frequency import apply_frequency_rules, overridden_ids

    assert "S003" in overridden_ids(up.plan)
    ruled = apply_frequency_rules(up.plan, by_rank={"A": 4, "B": 2})
    assert ruled.customers.set_index(m.CUSTOMER_ID).at["S003", m.FREQUENCY] == 1.0


def test_the_offices_next_list_after_a_workbook_round_trip_keeps_the_managers_work(
    tmp_path, english
):
    """Read back the program's workbook (the plan then holds its columns), then the office's
    list again, unchanged: its 担当 and 訪問頻度 cells are compared with the words the workbook
    kept in its 元_ columns, so the manager's moves and frequencies stay."""
    from planner.edits import AssignCustomers

    data = rows()
    plan = plan_from(write(tmp_path / "list.xlsx", data))
    by_rep = {t.rep: t.id for t in plan.territories}
    plan = apply_edit(plan, AssignCustomers.to(("S004",), by_rep["佐藤"]))[0]
    plan = apply_edit(plan, SetFrequency(("S002",), (8.0,)))[0]
    book = _exported(plan, tmp_path / "plan.xlsx")
    back = update_customers(plan, read_customers(book, settings=plan.settings))
    assert not back.changed
    again = update_customers(back.plan, read_customers(write(tmp_path / "same.xlsx", data),
                                                       settings=plan.settings))
    assert not again.changed
    c = again.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S004", m.TERRITORY] == by_rep["佐藤"] and c.at["S002", m.FREQUENCY] == 8.0
    data[5][7] = "佐藤"  # while a real change on the office's list still comes in
    moved = update_customers(back.plan, read_customers(write(tmp_path / "next.xlsx", data),
                                                       settings=plan.settings))
    assert [ch.customer_id for ch in moved.changed] == ["S005"]


def test_the_workbooks_record_of_its_cells_is_a_hidden_sheet_never_read_as_a_list(
    tmp_path, english
):
    import openpyxl

    from planner.sheetfile import EXPORTED_SHEET
    from planner.spreadsheet import sheet_names

    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    book = _exported(plan, tmp_path / "plan.xlsx")
    assert openpyxl.load_workbook(book)[EXPORTED_SHEET].sheet_state == "hidden"
    assert EXPORTED_SHEET not in sheet_names(book)
    # the customer sheet alone, copied into a workbook of its own, still reads back: its
    # cells are compared with the plan now
    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames:
        if name != "顧客一覧":
            del wb[name]
    wb.save(tmp_path / "copy.xlsx")
    alone = read_customers(tmp_path / "copy.xlsx", settings=plan.settings)
    assert not alone.exported and read_customers(book, settings=plan.settings).exported
    assert not update_customers(plan, alone).changed


def test_a_workbook_read_back_and_exported_again_has_each_column_once(tmp_path, english):
    import openpyxl

    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    book = _exported(plan, tmp_path / "g1.xlsx")
    again = update_customers(plan, read_customers(book, settings=plan.settings)).plan
    heads = [c.value for c in openpyxl.load_workbook(
        _exported(again, tmp_path / "g2.xlsx"))["顧客一覧"][1]]
    assert len(heads) == len(set(heads))
    assert not [h for h in heads if str(h).count("元のファイル") > 1 or "元_" in str(h)]
    assert "担当（元のファイル）" in heads and "担当者" in heads  # the list's words beside the plan's


def test_a_row_whose_name_was_emptied_keeps_its_customer_as_it_was(tmp_path, english):
    """The clerk emptied a name (or typed a formula saved without its result): the row is
    not read, but the shop is on the list, so it stays with its visits, not removed."""
    from update_helpers import plan_from as build

    plan = build(write(tmp_path / "old.xlsx", rows()), calendar=True)
    data = rows()
    data[3][1] = ""  # S003's name
    up = update_customers(plan, read_customers(write(tmp_path / "new.xlsx", data),
                                               settings=plan.settings))
    assert not up.removed and not up.added
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S003", m.NAME] == "新宿商店3" and len(c) == 24
    assert set(up.plan.schedule["customer_id"]) == set(plan.schedule["customer_id"])


def test_a_rank_typed_as_a_formula_without_its_result_keeps_the_plans_rank(tmp_path, english):
    from update_helpers import plan_from as build

    plan = build(write(tmp_path / "old.xlsx", rows()))
    data = rows()
    data[0][5] = "=F3"  # openpyxl saves the formula without a result: it reads as empty
    result = read_customers(write(tmp_path / "new.xlsx", data), settings=plan.settings)
    assert any("formula" in p.reason for p in result.report.problems)
    up = update_customers(plan, result)
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S000", m.RANK] == "A" and not up.changed


def test_an_edit_in_a_column_kept_for_reference_is_reported_not_dropped_silently(
    tmp_path, english
):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    book = _exported(plan, tmp_path / "plan.xlsx")
    _edit(book, "S000", "担当（元のファイル）", "佐藤")  # the list's earlier words, not the plan's column
    up = update_customers(plan, read_customers(book, settings=plan.settings))
    assert not up.changed
    (p,) = [p for p in up.report.problems if p.column == "担当（元のファイル）"]
    assert p.value == "佐藤" and p.kept and "for reference" in p.reason


def test_a_new_customers_rep_written_without_the_space_joins_that_reps_territory(
    tmp_path, english
):
    data = [r[:7] + [r[7].replace("山田", "山田 太郎")] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    revised = [r[:] for r in data]
    # in 佐藤's area, but the list names 山田 太郎 (without the space) as its rep
    revised.append(["N001", "新規商店", "埼玉県さいたま市大宮区桜木町9丁目1-1", 35.9, 139.62, "A", "",
                    "山田太郎"])
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    (new,) = up.added
    assert by_id(up.plan).at["N001", m.TERRITORY] == by_id(plan).at["S000", m.TERRITORY]
    assert new.note == "rep named on the list"


def test_a_frequency_cell_naming_new_weekdays_brings_them(tmp_path, english):
    data = rows()
    data[0][6] = "週2(月木)"
    data[1][6] = "週2(月木)"
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    assert by_id(plan).at["S000", m.VISIT_DAYS] == "mon,thu"
    plan = apply_edit(plan, SetVisitDays(("S001",), ("mon,fri",)))[0]  # the manager's choice
    revised = [r[:] for r in data]
    revised[0][6] = "週2(火金)"  # the office moved S000's days; S001's cell is unchanged
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    after = by_id(up.plan)
    assert after.at["S000", m.VISIT_DAYS] == "tue,fri" and after.at["S000", m.FREQUENCY] == 8.0
    assert after.at["S001", m.VISIT_DAYS] == "mon,fri"
    assert [c.customer_id for c in up.changed] == ["S000"]


def test_a_customer_the_next_list_marks_as_stopped_leaves_the_plan(tmp_path, english):
    head = ["顧客コード", "顧客名", "住所", "緯度", "経度", "ランク", "訪問頻度", "担当", "取引区分"]
    data = [r + ["通常"] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, head))
    revised = [r[:] for r in data]
    revised[3][8] = "取引停止"
    up = update(plan, write(tmp_path / "b.xlsx", revised, head))
    assert [c.customer_id for c in up.removed] == ["S003"] and not up.changed


def test_a_workbook_exported_before_next_months_list_brings_only_the_clerks_edits(
    tmp_path, english
):
    """Export, next month's list read in (sales, a new shop, a closed one), then the clerk's
    workbook read back: its one edit and its lock come in; the list's changes stay, the new
    shop stays, the closed one does not come back; the next list changes nothing again."""
    head = ["顧客コード", "顧客名", "住所", "緯度", "経度", "ランク", "訪問頻度", "担当", "売上"]
    data = [r + [1000 * (k + 1)] for k, r in enumerate(rows())]
    plan = plan_from(write(tmp_path / "oct.xlsx", data, head))
    by_rep = {t.rep: t.id for t in plan.territories}
    book = _exported(plan, tmp_path / "plan.xlsx")
    nov = [r[:] for r in data if r[0] != "S011"]  # S011 closed
    for r in nov:
        r[8] = r[8] + 7  # this year's sales
    nov.append(["N001", "新規商店", "東京都新宿区北新宿1丁目1-1", 35.70, 139.70, "A", "", "山田", 5])
    plan = update(plan, write(tmp_path / "nov.xlsx", nov, head)).plan
    _edit(book, "S003", "担当者", "佐藤")  # the clerk's edit in the older workbook
    _edit(book, "S004", "固定", "○")  # and a lock
    up = update_customers(plan, read_customers(book, settings=plan.settings))
    assert [(c.customer_id, c.fields) for c in up.changed] == [
        ("S003", (m.TERRITORY,)), ("S004", (m.LOCKED,))]
    assert not up.added and not up.removed
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S003", m.TERRITORY] == by_rep["佐藤"] and bool(c.at["S004", m.LOCKED])
    assert c.at["S000", m.SALES] == 1007 and "N001" in c.index and "S011" not in c.index
    assert not [p for p in up.report.problems if p.column.startswith("元_")]  # no false edits
    (told,) = [p for p in up.report.problems if "removed after the workbook" in p.reason]
    assert told.value == "S011"
    again = update(up.plan, write(tmp_path / "nov2.xlsx", nov, head))
    assert not again.changed and not again.added and not again.removed


def test_a_code_given_twice_stays_with_its_shop_whatever_the_plans_order(tmp_path, english):
    """The list gives S001 to two shops at one address (the import makes the second S001-2).
    After the plan's customers came back in another order (a sorted workbook read back),
    the same list again changes nothing: S001-2 is not removed and added anew."""
    data = rows()
    data.append(["S001", data[1][1], data[1][2], 35.70, 139.70, "C", "", "山田"])
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    assert {"S001", "S001-2"} <= set(plan.customers[m.CUSTOMER_ID])
    shuffled = plan.replace(customers=plan.customers.iloc[::-1].reset_index(drop=True))
    up = update(shuffled, write(tmp_path / "b.xlsx", data))
    assert not up.added and not up.removed and not up.changed


def test_a_workbook_of_another_plan_adds_its_customers(tmp_path, english):
    """A branch plan reads the whole company's workbook: its other customers are new here,
    not "removed since the export" (the workbook was never this plan's)."""
    whole = plan_from(write(tmp_path / "all.xlsx", rows()))
    branch = plan_from(write(tmp_path / "branch.xlsx", [r for r in rows() if r[0] < "S"]))
    book = _exported(whole, tmp_path / "whole.xlsx")
    up = update_customers(branch, read_customers(book, settings=branch.settings))
    assert len(up.added) == 12 and len(up.plan.customers) == 24


def test_a_plan_imported_before_repeated_headers_were_told_apart_keeps_its_columns(
    tmp_path,
) -> None:
    """A plan saved with headers 担当, 担当 (an older import) against the next list read as
    担当, 担当 (2): a customer kept with --keep-missing had its first 担当 take the second's
    words and lost the second's."""
    from planner import store

    headers = [*HEADERS, "担当"]
    data = [[*r, f"副{k}"] for k, r in enumerate(rows())]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers))
    old = plan.replace(original_columns=tuple(HEADERS + ["担当"]))  # as an older import kept
    store.save_plan(old, tmp_path / "old.gpkg")
    old = store.load_plan(tmp_path / "old.gpkg")
    before = old.original_frame().set_index(old.customers[m.CUSTOMER_ID].to_numpy())
    result = update(old, write(tmp_path / "b.xlsx", data[:-1], headers), keep_missing=True)
    after = result.plan.original_frame().set_index(
        result.plan.customers[m.CUSTOMER_ID].to_numpy())
    gone = data[-1][0]
    assert list(after.loc[gone]) == list(before.loc[gone])
    assert list(after.loc[gone])[-2:] == ["佐藤", "副23"]


def test_a_visit_day_typed_into_the_workbook_is_read_whatever_the_plan_remembers(
        tmp_path, english):
    """A plan remembering 訪問曜日 as "not read" (the office list's column was set to
    "(none)"): the Japanese workbook's 訪問曜日 typed by a rep was dropped without a word."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.spreadsheet import COLUMNS_KEY, plan_columns

    data = [r[:] + [""] for r in rows()]
    listed = write(tmp_path / "a.xlsx", data, headers=[*HEADERS, "訪問曜日"])
    plan = read_customers(listed, columns={m.VISIT_DAYS: ""}).to_plan()
    assert plan.meta[COLUMNS_KEY][m.VISIT_DAYS] == ""
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    col = head.index("Visit days") + 1
    code = head.index("顧客コード") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, code).value == "S001")
    ws.cell(row, col).value = "Thu"
    wb.save(book)
    up = update_customers(plan, read_customers(book, remembered=plan_columns(plan)))
    assert up.plan.customers.set_index(m.CUSTOMER_ID).loc["S001", m.VISIT_DAYS] == "thu"


def test_an_unreadable_closing_day_keeps_the_one_the_plan_has(tmp_path, english):
    """不定休 (or 水曜（不定休あり）) in next month's list erased the plan's 水: the calendar could
    then visit the shop on the day it is closed."""
    headers = [*HEADERS, "定休日"]
    data = [r[:] + ["水"] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers=headers))
    assert by_id(plan).loc["S001", m.CLOSED_DAYS] == "wed"
    data[1][-1] = "不定休"
    data[2][-1] = "木"  # a readable change still comes in
    result = update(plan, write(tmp_path / "b.xlsx", data, headers=headers))
    c = by_id(result.plan)
    assert c.loc["S001", m.CLOSED_DAYS] == "wed" and c.loc["S002", m.CLOSED_DAYS] == "thu"
    said = [p for p in result.report.problems if p.reason == (
        "The cell cannot be read; the plan keeps the customer's value.")]
    assert [(p.row, p.column) for p in said] == [(3, "定休日")]


def test_a_new_closing_day_on_the_visit_day_frees_the_customer_to_another_day(
        tmp_path, english):
    """A shop moved by hand to Tuesdays whose list now says 定休日 火: the calendar left it
    out for the whole cycle ("The visit days (Tue) are all closing days")."""
    headers = [*HEADERS, "定休日"]
    data = [r[:] + [""] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers=headers))
    plan, _, _ = apply_edit(plan, SetVisitDays(("S001",), ("tue",)))
    data[1][-1] = "火"
    result = update(plan, write(tmp_path / "b.xlsx", data, headers=headers))
    c = by_id(result.plan)
    assert (c.loc["S001", m.CLOSED_DAYS], c.loc["S001", m.VISIT_DAYS]) == ("tue", "")
    said = [p for p in result.report.problems if "visit day is cleared" in p.reason]
    assert [(p.row, p.column) for p in said] == [(3, "定休日")]


def test_an_address_now_joined_with_its_prefecture_keeps_the_position(tmp_path, english):
    """A plan read before the 都道府県 column was joined to 住所: the next update saw every
    address changed (東京都 in front) and, the list giving no coordinates, lost the positions."""
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    c = plan.customers.copy()
    c[m.ADDRESS] = c[m.ADDRESS].str.replace("東京都", "", regex=False)  # as read before
    plan = plan.replace(customers=c)
    headers = ["顧客コード", "顧客名", "都道府県", "住所", "ランク", "訪問頻度", "担当"]
    data = [[r[0], r[1], r[2][:3], r[2][3:], r[5], r[6], r[7]] for r in rows()]
    result = update(plan, write(tmp_path / "b.xlsx", data, headers=headers))
    after = by_id(result.plan)
    assert after.loc["S001", m.ADDRESS].startswith("東京都新宿区")
    assert m.located_mask(result.plan.customers).all()  # every position kept


def test_a_new_closing_day_on_one_of_two_visit_days_takes_that_day_off(tmp_path, english):
    """週2 on Mon and Thu, the list now 定休日 月: the update said nothing and the calendar
    saw the shop on Thursdays only, as if by chance; 水曜（不定休あり） was not read at all."""
    headers = [*HEADERS, "定休日"]
    data = [r[:] + [""] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers=headers))
    plan, _, _ = apply_edit(plan, SetVisitDays(("S001",), ("mon,thu",)))
    data[1][-1] = "月"
    data[2][-1] = "水曜（不定休あり）"
    result = update(plan, write(tmp_path / "b.xlsx", data, headers=headers))
    c = by_id(result.plan)
    assert (c.loc["S001", m.CLOSED_DAYS], c.loc["S001", m.VISIT_DAYS]) == ("mon", "thu")
    assert c.loc["S002", m.CLOSED_DAYS] == "wed"
    said = [p.reason for p in result.report.problems if p.row == 3]
    assert said == ["The new closing day is one of the customer's visit days; it is taken off, "
                    "and the customer is visited on the others (Thu)."]


def test_a_locked_shop_that_moved_far_is_said_to_be_locked(tmp_path, english):
    """A locked shop's new address 18.8 km away, inside another rep's area: the update said
    only "Position: moved 18.8 km", and the next re-balance carried it."""
    from planner.edits import LockCustomers

    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    plan, _, _ = apply_edit(plan, LockCustomers(("S001", "S002"), True))
    data = [r[:] for r in rows()]
    data[1][3], data[1][4] = 35.90, 139.62  # S001 now among the 大宮 shops, ~25 km
    data[2][3] += 0.002  # S002 a street further: nothing to say
    result = update(plan, write(tmp_path / "b.xlsx", data))
    said = {c.customer_id: c.describe() for c in result.changed}
    assert "locked to its territory: check it still belongs there" in said["S001"]
    assert "locked" not in said.get("S002", "")


def test_a_list_writing_the_plans_rep_with_another_kanji_keeps_that_rep_and_says_so(
    tmp_path, english
):
    """The plan's rep 髙橋 is the revised list's 高橋: its new customer joins that territory,
    and the report names the two spellings as one person."""
    data = [r[:7] + [r[7].replace("山田", "髙橋")] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    revised = [r[:7] + [r[7].replace("髙橋", "高橋")] for r in data]
    revised.append(["N001", "新規商店", "埼玉県さいたま市大宮区桜木町9丁目1-1", 35.9, 139.62, "A", "",
                    "高橋"])
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    (new,) = up.added
    assert by_id(up.plan).at["N001", m.TERRITORY] == by_id(plan).at["S000", m.TERRITORY]
    assert new.note == "rep named on the list"
    assert up.changed == ()
    (note,) = [p for p in up.report.problems if "same person" in p.reason]
    assert (note.row, note.column, note.value) == (2, "担当", "高橋")
    assert note.reason == "Rep 高橋 and 髙橋 are read as the same person."


@pytest.mark.parametrize(("language", "closed_label"), [("ja", "土・日"), ("en", "Sat, Sun")])
def test_two_closing_days_round_trip_through_the_workbook(tmp_path, english, language,
                                                          closed_label):
    """The workbook writes 定休日 as the Working time dialog does (土・日 in Japanese, Sat, Sun
    in English); read back, both are the same days and nothing changed."""
    import openpyxl

    headers = [*HEADERS, "定休日", "訪問曜日"]
    data = [r[:] + ["土日", "月木"] for r in rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers=headers))
    book = _exported(plan, tmp_path / "plan.xlsx", language)
    ws = openpyxl.load_workbook(book)["顧客一覧" if language == "ja" else "Customer list"]
    heads = [c.value for c in ws[1]]
    closed = heads.index("定休日" if language == "ja" else "Closing days") + 1
    assert ws.cell(2, closed).value == closed_label
    up = update_customers(plan, read_customers(book, settings=plan.settings))
    assert not up.changed and not up.added and not up.removed
    c = by_id(up.plan)
    assert (c.loc["S001", m.CLOSED_DAYS], c.loc["S001", m.VISIT_DAYS]) == ("sat,sun", "mon,thu")


def test_the_comparison_tells_its_steps_and_can_be_cancelled(tmp_path, english):
    """The window's Compare sat still at 85 % through the whole comparison."""
    from planner.progress import Cancelled

    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    sheet = write(tmp_path / "b.xlsx", [r for r in rows() if r[0] != "O001"])
    heard: list[tuple[float, str]] = []
    result = update(plan, sheet, progress=lambda f, t: heard.append((f, t)))
    assert [c.customer_id for c in result.removed] == ["O001"]
    said = [t for _f, t in heard]
    assert said[0] == "Comparing the customers' details…"
    assert "Taking the customers no longer on the list off the calendar…" in said
    assert "Counting the reps' weeks…" in said and len(set(said)) >= 5
    assert [f for f, _ in heard] == sorted(f for f, _ in heard)
    with pytest.raises(Cancelled):  # Cancel in the window stops it between two steps
        update(plan, sheet, progress=lambda f, t: f < 0.4)
