"""The customer table model over the document's plan: search, filters, sort, edits in place."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from planner import model as m
from planner.edits import AssignCustomers
from planner.synthetic import synthetic_plan
from planner.ui.customer_model import COLUMNS, CustomerTableModel
from planner.ui.document import PlanDocument


def column(key):
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_search_filter_sort_and_edit_in_place(qtbot):
    doc = PlanDocument(synthetic_plan(500, territories=3))
    model = CustomerTableModel(doc)
    assert model.rowCount() == 500
    model.sort(column(m.SALES), Qt.SortOrder.DescendingOrder)
    sales = [float(model.index(r, column(m.SALES)).data().replace(",", "")) for r in range(5)]
    assert sales == sorted(sales, reverse=True)
    assert sales[0] == doc.plan.customers[m.SALES].max()

    first = doc.plan.customers[m.CUSTOMER_ID].iloc[7]
    model.set_search(first.lower())
    assert model.rowCount() == 1 and model.customer_id(0) == first

    model.set_search("")
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID][:20])
    doc.push(AssignCustomers.to(ids, ""))
    model.set_filter("unassigned")
    assert sorted(model.shown_ids()) == sorted(ids)
    doc.undo_stack.undo()  # the filtered view follows the plan (no copy)
    assert model.rowCount() == 0

    model.set_filter("all")
    row = int(model.view_rows_of({first})[0])
    index = model.index(row, column(m.FREQUENCY))
    assert model.setData(index, "毎週", Qt.ItemDataRole.EditRole)  # it was 隔週 (2.0)
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[first, m.FREQUENCY] == 4.0
    lock = model.index(row, column(m.LOCKED))
    assert model.setData(lock, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert lock.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert doc.undo_stack.count() == 2


def test_view_rows_follow_sorting(qtbot):
    doc = PlanDocument(synthetic_plan(300, territories=3))
    model = CustomerTableModel(doc)
    model.sort(column(m.NAME), Qt.SortOrder.AscendingOrder)
    wanted = set(doc.plan.customers[m.CUSTOMER_ID][::10])
    rows = model.view_rows_of(wanted)
    assert len(rows) == len(wanted) and np.all(np.diff(rows) > 0)
    assert set(model.customer_ids(rows)) == wanted


def test_panel_opens_in_code_order(qtbot):
    from planner.ui.customer_panel import CustomerPanel

    plan = synthetic_plan(50, territories=2)
    panel = CustomerPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    shown = [panel.model.customer_id(r) for r in range(panel.model.rowCount())]
    assert shown == sorted(plan.customers[m.CUSTOMER_ID])
    header = panel.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.AscendingOrder,
    )


def test_panel_editors_and_selection_operations(qtbot):
    from PySide6.QtWidgets import QStyleOptionViewItem

    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(synthetic_plan(200, territories=3))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    index = panel.model.index(0, column(m.FREQUENCY))
    delegate = panel.view.itemDelegateForColumn(column(m.FREQUENCY))
    editor = delegate.createEditor(panel.view, QStyleOptionViewItem(), index)
    editor.setCurrentIndex(editor.findData(0.5))
    delegate.setModelData(editor, panel.model, index)
    cid = panel.model.customer_id(0)
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.FREQUENCY] == 0.5
    index = panel.model.index(0, column(m.TERRITORY))
    delegate = panel.view.itemDelegateForColumn(column(m.TERRITORY))
    editor = delegate.createEditor(panel.view, QStyleOptionViewItem(), index)
    current = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.TERRITORY]
    other = next(t for t in ("T01", "T02") if t != current)
    editor.setCurrentIndex(editor.findData(other))
    delegate.setModelData(editor, panel.model, index)
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.TERRITORY] == other
    panel.view.selectRow(3)
    panel.view.selectionModel().select(
        panel.model.index(5, 0),
        panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows,
    )
    assert len(doc.selection) == 2
    panel.lock_selection(True)
    assert int(doc.plan.customers[m.LOCKED].sum()) == 2
    with qtbot.waitSignal(panel.message, timeout=1000) as said:
        panel.set_selection_frequency(4.0)
    # the status bar says what it set, and what it did to their reps' weeks
    assert said.args[0].startswith("Set the visit frequency of 2 customers to weekly. "
                                   "Their reps' work a week (visits and driving):")
    assert " h of " in said.args[0]
    texts = [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())]
    assert doc.undo_stack.count() == 4, texts
    panel.model.set_filter("selected")
    assert panel.model.rowCount() == 2
    panel.model.set_filter("all")
    panel.search.setText(cid.lower())  # searched once typing pauses
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.customer_id(0) == cid


def test_territory_table_edits_and_figures(qtbot):
    from planner.ui.territory_model import COLUMNS as T_COLUMNS
    from planner.ui.territory_model import GREEN, RED, deviation_colour
    from planner.ui.territory_panel import TerritoryPanel

    doc = PlanDocument(synthetic_plan(300, territories=3))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model
    col = {key: i for i, (key, _t, _e) in enumerate(T_COLUMNS)}
    assert model.setData(model.index(0, col["name"]), "北エリア", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, col["rep"]), "山田", Qt.ItemDataRole.EditRole)
    assert (doc.plan.territories[0].name, doc.plan.territories[0].rep) == ("北エリア", "山田")
    # a second 北エリア is refused in a sentence; the plan and the undo stack stay as they are
    said: list[str] = []
    model.refused.disconnect()
    model.refused.connect(said.append)
    steps = doc.undo_stack.count()
    assert not model.setData(model.index(1, col["name"]), " 北エリア ", Qt.ItemDataRole.EditRole)
    assert doc.plan.territories[1].name != "北エリア" and doc.undo_stack.count() == steps
    assert len(said) == 1 and "北エリア" in said[0]
    counts = [int(model.index(r, col["customers"]).data().replace(",", "")) for r in range(3)]
    assert sum(counts) == 300
    panel.push(AssignCustomers.to(tuple(doc.plan.customers[m.CUSTOMER_ID][:10]), "T01"))
    after = [int(model.index(r, col["customers"]).data().replace(",", "")) for r in range(3)]
    assert after != counts and sum(after) == 300
    assert deviation_colour(0.01, 0.05) == GREEN and deviation_colour(0.5, 0.05) == RED
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.plan.territories[0].rep != "山田"


def test_problems_column_speaks_the_interface_language(qtbot):
    """The sample plan's import problems were stored in Japanese; an English table shows English."""
    from planner import i18n
    from planner.resources import resource_path
    from planner.store import load_plan

    plan = load_plan(resource_path("sample", "sample_plan.gpkg"))
    doc = PlanDocument(plan)
    model = CustomerTableModel(doc)
    model.set_filter("problems")
    assert model.rowCount() > 0
    i18n.set_language("en")
    try:
        shown = [model.index(r, column(m.PROBLEMS)).data() for r in range(model.rowCount())]
    finally:
        i18n.set_language(None)
    assert any("Duplicate customer code" in text for text in shown)
    assert not any(ch >= "\u3040" and ch <= "\u30ff" for text in shown for ch in text)


def test_problems_column_says_why_the_calendar_left_a_customer_out(qtbot):
    import pandas as pd

    from planner.edits import SetFrequency

    plan = synthetic_plan(50, territories=2)
    cid = str(plan.customers[m.CUSTOMER_ID].iloc[3])
    reason = "The working days are full: the visits do not fit in 8 hours a day."
    unscheduled = pd.DataFrame({"customer_id": [cid], "territory": ["T01"], "reason": [reason]})
    doc = PlanDocument(plan.replace(unscheduled=unscheduled))
    model = CustomerTableModel(doc)
    model.set_filter("unscheduled")
    assert model.shown_ids() == [cid]
    assert model.index(0, column(m.PROBLEMS)).data() == reason  # the filter says the rest
    others = doc.plan.customers[m.CUSTOMER_ID].iloc[4]
    model.set_filter("all")
    text = model.index(int(model.view_rows_of({cid})[0]), column(m.PROBLEMS)).data()
    assert text == f"Not in the calendar: {reason}"
    row = int(model.view_rows_of({others})[0])
    assert model.index(row, column(m.PROBLEMS)).data() == ""
    doc.push(SetFrequency((others,), (2.0,)))  # any edit: the text comes from the current plan
    assert model.index(int(model.view_rows_of({cid})[0]), column(m.PROBLEMS)).data() == text
    # the cell is narrow ("Not in the calendar: …"): the pointer resting on it reads it all,
    # as it reads a long address; a cell without a problem has no tooltip
    row = int(model.view_rows_of({cid})[0])
    assert model.index(row, column(m.PROBLEMS)).data(Qt.ItemDataRole.ToolTipRole) == text
    address = model.index(row, column(m.ADDRESS))
    assert address.data(Qt.ItemDataRole.ToolTipRole) == address.data() != ""
    others_row = int(model.view_rows_of({others})[0])
    assert model.index(others_row, column(m.PROBLEMS)).data(Qt.ItemDataRole.ToolTipRole) is None


DAY_FIELDS = (m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK, m.VISIT_TIME)


@pytest.mark.parametrize(
    ("field", "header", "stored", "label", "typed", "typed_stored", "refused", "for_all",
     "for_all_stored"),
    [
        (m.CLOSED_DAYS, "定休日", "mon,wed", "月・水", "土日祝", "sat,sun", "不定休", "水曜定休",
         "wed"),
        (m.VISIT_DAYS, "訪問曜日", "mon,thu", "月・木", "毎週火曜", "tue", "隔週火曜", "月・木",
         "mon,thu"),
        (m.VISIT_WEEK, "訪問週", "2", "第2週", "第3週", "3", "隔週", "week 4", "4"),
        (m.VISIT_TIME, "訪問時間帯", "10:00-12:00", "10:00〜12:00", "午前", "-12:00",
         "ランチの後", "14時以降", "14:00-"),
    ],
)
def test_day_columns_edit_in_place_and_for_a_selection_as_one_undo_step(
    qtbot, field, header, stored, label, typed, typed_stored, refused, for_all, for_all_stored
):
    """Closing days (定休日), visit days (訪問曜日), visit week (訪問週) and visiting hours
    (訪問時間帯): shown in the interface language, typed in place or for a selection,
    unreadable text refused."""
    from planner import i18n
    from planner.ui.customer_panel import CustomerPanel

    plan = synthetic_plan(40, territories=2)
    c = plan.customers.copy()
    c[field] = ""
    c.loc[2, field] = stored
    doc = PlanDocument(plan.replace(customers=c))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model
    col = column(field)
    assert model.flags(model.index(0, col)) & Qt.ItemFlag.ItemIsEditable
    row = int(model.view_rows_of({c[m.CUSTOMER_ID].iloc[2]})[0])
    i18n.set_language("ja")
    try:
        assert model.headerData(col, Qt.Orientation.Horizontal) == header
        assert model.index(row, col).data() == label
        assert model.index(row + 1 if row == 0 else 0, col).data() == ""
    finally:
        i18n.set_language(None)

    cid = model.customer_id(0)
    index = model.index(0, col)
    assert model.setData(index, typed, Qt.ItemDataRole.EditRole)
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, field] == typed_stored
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, field] == ""
    doc.undo_stack.redo()

    messages: list[str] = []
    model.editRefused.disconnect()  # no message box in the test: collect the message
    model.editRefused.connect(messages.append)
    assert not model.setData(index, refused, Qt.ItemDataRole.EditRole)
    assert messages and refused in messages[0]
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, field] == typed_stored
    assert doc.undo_stack.count() == 1

    doc.set_selection(tuple(c[m.CUSTOMER_ID].iloc[5:9]))
    assert panel.set_selection_typed(field, for_all)
    assert doc.undo_stack.count() == 2
    assert (doc.plan.customers[field].iloc[5:9] == for_all_stored).all()
    for other in set(DAY_FIELDS) - {field}:  # the other day columns are left as they were
        assert (doc.plan.customers[other].iloc[5:9] == c[other].iloc[5:9]).all()
    doc.undo_stack.undo()
    assert (doc.plan.customers[field].iloc[5:9] == "").all()


def test_day_columns_sit_together_and_the_selection_menu_sets_them(qtbot):
    from planner.ui.customer_panel import CustomerPanel

    assert [column(f) for f in DAY_FIELDS] == [
        column(m.CLOSED_DAYS) + k for k in range(len(DAY_FIELDS))
    ]
    plan = synthetic_plan(40, territories=2)
    c = plan.customers.copy()
    c.loc[2, m.VISIT_WEEK] = "2"
    doc = PlanDocument(plan.replace(customers=c))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model
    col = column(m.VISIT_WEEK)
    row = int(model.view_rows_of({c[m.CUSTOMER_ID].iloc[2]})[0])
    assert model.index(row, col).data() == "week 2"
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Visit week"
    model.sort(col, Qt.SortOrder.AscendingOrder)
    assert model.customer_id(model.rowCount() - 1) == c[m.CUSTOMER_ID].iloc[2]
    # nothing selected yet: only adding a customer
    assert [a.text() for a in panel.selection_menu(panel).actions()] == ["Add customer…"]
    doc.set_selection(set(c[m.CUSTOMER_ID].iloc[5:8]))
    texts = [a.text() for a in panel.selection_menu(panel).actions()]
    assert {"Set closing days…", "Set visit days…", "Set visit week…",
            "Set visiting hours…"} <= set(texts)


def test_visiting_hours_column_sorts_by_opening_time_and_the_menu_sets_them(qtbot, monkeypatch):
    """訪問時間帯: any time first, then by opening and closing time; the selection menu's
    "Set visiting hours…" asks once and makes one undo step; unreadable text changes nothing."""
    from PySide6.QtWidgets import QInputDialog

    from planner import i18n
    from planner.ui.customer_panel import CustomerPanel

    plan = synthetic_plan(6, territories=1)
    c = plan.customers.copy()
    c[m.VISIT_TIME] = ["14:00-", "", "09:00-12:00", "-11:00", "09:00-10:30", "13:00-17:00"]
    doc = PlanDocument(plan.replace(customers=c))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model
    col = column(m.VISIT_TIME)
    assert col == column(m.VISIT_WEEK) + 1
    model.sort(col, Qt.SortOrder.AscendingOrder)
    shown = [model.index(r, col).data() for r in range(6)]
    assert shown == ["", "until 11:00", "9:00–10:30", "9:00–12:00", "13:00–17:00", "from 14:00"]

    ids = tuple(c[m.CUSTOMER_ID].iloc[1:4])
    doc.set_selection(ids)
    asked: list[str] = []

    def answer(_parent, title, prompt, text=""):
        asked.append(f"{title}|{prompt}|{text}")
        return answer.reply, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    i18n.set_language("ja")
    try:
        menu = {a.text(): a for a in panel.selection_menu(panel).actions()}
        answer.reply = "10時〜12時"
        menu["訪問時間帯を設定…"].trigger()
    finally:
        i18n.set_language(None)
    assert asked and asked[0].startswith("訪問時間帯|") and "3" in asked[0]
    assert asked[0].endswith("|")  # the three have different hours: nothing to start from
    by_id = doc.plan.customers.set_index(m.CUSTOMER_ID)[m.VISIT_TIME]
    assert [by_id[i] for i in ids] == ["10:00-12:00"] * 3
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "3件の顧客の訪問時間帯を設定"  # named when pushed

    messages: list[str] = []
    model.editRefused.disconnect()  # no message box in the test: collect the message
    model.editRefused.connect(messages.append)
    answer.reply = "ランチの後"
    {a.text(): a for a in panel.selection_menu(panel).actions()}["Set visiting hours…"].trigger()
    assert asked[-1].endswith("|10:00–12:00")  # all three alike: the dialog starts from them
    assert len(messages) == 1 and "ランチの後" in messages[0] and "visiting hours" in messages[0]
    assert doc.undo_stack.count() == 1
    by_id = doc.plan.customers.set_index(m.CUSTOMER_ID)[m.VISIT_TIME]
    assert [by_id[i] for i in ids] == ["10:00-12:00"] * 3

    doc.undo_stack.undo()
    by_id = doc.plan.customers.set_index(m.CUSTOMER_ID)[m.VISIT_TIME]
    assert [by_id[i] for i in ids] == list(c[m.VISIT_TIME].iloc[1:4])


def test_closed_column_sorts_in_week_order(qtbot):
    from planner import i18n

    plan = synthetic_plan(6, territories=1)
    c = plan.customers.copy()
    c[m.CLOSED_DAYS] = ["wed", "", "sat,sun", "mon", "tue,fri", "mon,thu"]
    doc = PlanDocument(plan.replace(customers=c))
    model = CustomerTableModel(doc)
    week_order = ["", "Mon", "Mon, Thu", "Tue, Fri", "Wed", "Sat, Sun"]
    for order, expected in ((Qt.SortOrder.AscendingOrder, week_order),
                            (Qt.SortOrder.DescendingOrder, week_order[::-1])):
        model.sort(column(m.CLOSED_DAYS), order)
        i18n.set_language("en")
        try:
            shown = [model.index(r, column(m.CLOSED_DAYS)).data() for r in range(6)]
        finally:
            i18n.set_language(None)
        assert shown == expected


def test_new_visit_day_filter_lists_the_customers_to_tell(qtbot):
    from planner.edits import Changes, ReplacePlan
    from planner.schedule import build_schedule

    first = build_schedule(synthetic_plan(80, territories=2, seed=6), route_seconds=0.01)
    doc = PlanDocument(first)
    model = CustomerTableModel(doc)
    model.set_filter("day_changed")
    assert model.shown_ids() == []  # a first calendar changes nobody's day
    shuffled = first.customers.sample(frac=1.0, random_state=2).reset_index(drop=True)
    again = build_schedule(first.replace(customers=shuffled), route_seconds=0.01)
    changed = again.meta["schedule_changed_days"]
    assert changed
    doc.push(ReplacePlan(again, label="Build calendar", changes=Changes(schedule=True)))
    assert sorted(model.shown_ids()) == sorted(changed)
    doc.undo_stack.undo()
    assert model.shown_ids() == []


def test_the_calendar_day_list_marks_customers_with_a_new_day(qtbot):
    from planner.schedule import build_schedule
    from planner.ui.calendar_panel import CalendarPanel

    first = build_schedule(synthetic_plan(80, territories=2, seed=6), route_seconds=0.01)
    shuffled = first.customers.sample(frac=1.0, random_state=2).reset_index(drop=True)
    again = build_schedule(first.replace(customers=shuffled), route_seconds=0.01)
    changed = again.meta["schedule_changed_days"]
    doc = PlanDocument(again)
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    s = again.schedule
    visit = s[s["customer_id"].isin(list(changed))].iloc[0]
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(visit["territory"]))
    cal.grid.cellClicked.emit(int(visit["week"]) - 1, cal.days().index(visit["day"]))
    for r, cid in enumerate(cal.day_ids):
        item = cal.day_list.item(r, 2)
        assert item.text().startswith("※") == (cid in changed)
        if cid in changed:
            assert "New " in item.toolTip()


def test_the_calendar_column_tells_each_customers_days_and_sorts_by_weekday(qtbot):
    from planner.edits import SetSchedule
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(80, territories=2, seed=6), route_seconds=0.01)
    doc = PlanDocument(plan)
    model = CustomerTableModel(doc)
    col = column("calendar")
    assert model.headerData(col, Qt.Orientation.Horizontal) == "In the calendar"
    shown = {model.customer_id(r): model.index(r, col).data() for r in range(model.rowCount())}
    s = plan.schedule
    for cid in list(shown)[:10]:  # a weekly customer on Tuesday reads "every week Tue" …
        days = set(s.loc[s["customer_id"] == cid, "day"])
        assert shown[cid] and all(m.WEEKDAY_TITLES[d] in shown[cid] for d in days)
    model.sort(col, Qt.SortOrder.AscendingOrder)
    first_days = [set(s.loc[s["customer_id"] == model.customer_id(r), "day"]) for r in range(3)]
    assert all(d == {"mon"} for d in first_days)  # Monday's customers first
    doc.push(SetSchedule(s.iloc[0:0]))  # an empty calendar: nobody has a day any more
    assert {model.index(r, col).data() for r in range(model.rowCount())} == {""}
    doc.undo_stack.undo()
    assert model.index(0, col).data() != ""


def test_the_calendar_column_is_not_worded_again_after_edits_that_leave_the_days(
        qtbot, monkeypatch):
    """An assignment, a lock or a frequency leaves the calendar and the list of customers as
    they were: the visit-day words are kept (wording them again held a 100,000-customer window
    0.6–0.8 s on every such edit); removing a customer or a new calendar words them again."""
    from planner.edits import LockCustomers, RemoveCustomers, SetFrequency, SetSchedule
    from planner.schedule import build_schedule
    from planner.ui import customer_days

    plan = build_schedule(synthetic_plan(80, territories=2, seed=6), route_seconds=0.01)
    calls = []

    def counted(plan, ids, **kwargs):
        calls.append(len(ids))
        return customer_days.visit_day_texts.__wrapped__(plan, ids, **kwargs)

    counted.__wrapped__ = customer_days.visit_day_texts  # type: ignore[attr-defined]
    monkeypatch.setattr(customer_days, "visit_day_texts", counted)
    doc = PlanDocument(plan)
    model = CustomerTableModel(doc)
    col = column("calendar")

    def texts():
        return {model.customer_id(r): model.index(r, col).data() for r in range(model.rowCount())}

    first = texts()
    assert calls == [80] and any(first.values())
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID][:10])
    doc.push(AssignCustomers.to(ids, doc.plan.territories[1].id))
    doc.push(LockCustomers(ids, True))
    doc.push(SetFrequency(ids, (8.0,) * len(ids)))
    doc.undo_stack.undo()
    assert texts() == first and calls == [80]
    gone = model.customer_id(0)
    doc.push(RemoveCustomers((gone,)))  # the rows moved up: worded for the new list
    after = texts()
    assert calls == [80, 79] and gone not in after
    assert after == {cid: text for cid, text in first.items() if cid != gone}
    doc.push(SetSchedule(doc.plan.schedule.iloc[0:0]))  # no visits left: no words, no wording
    assert set(texts().values()) == {""} and calls == [80, 79]


def test_search_finds_full_width_digits_and_letters_as_typed_with_the_input_method(qtbot):
    doc = PlanDocument(synthetic_plan(60, territories=2, seed=3))
    model = CustomerTableModel(doc)
    code = doc.plan.customers[m.CUSTOMER_ID].iloc[7]  # "C000008"
    wide = code.translate({ord(ch): ord(ch) + 0xFEE0 for ch in code})  # "Ｃ００００８"
    model.set_search(wide)
    assert model.shown_ids() == [code]
    model.set_search(wide.lower())
    assert model.shown_ids() == [code]


def test_selecting_every_row_does_not_ask_the_model_about_every_cell(qtbot):
    """Each column header asked whether its whole column was selected, row by row: with
    100,000 customers selected the window froze for seconds. Count the model's calls while
    the list repaints a selection of all 20,000 rows."""
    import cProfile
    import pstats

    from PySide6.QtWidgets import QApplication

    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(synthetic_plan(20_000, territories=4, seed=1))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    profile = cProfile.Profile()
    profile.enable()
    panel.select_all()
    QApplication.processEvents()
    profile.disable()
    assert len(panel.selected_view_rows()) == 20_000
    calls = {f[2]: n for f, (n, *_rest) in pstats.Stats(profile).stats.items()}  # type: ignore[attr-defined]
    assert calls.get("rowCount", 0) < 2_000 and calls.get("flags", 0) < 2_000


def test_a_closing_day_of_some_weeks_typed_in_the_list_is_avoided_every_week() -> None:
    """As the import reads it: 第2・4水曜 typed into the 定休日 cell keeps the shop off
    Wednesdays (the call cycle does not follow the month)."""
    from planner.ui.customer_fields import TYPED

    parse = TYPED[m.CLOSED_DAYS].parse
    assert (parse("第2・4水曜"), parse("日曜・第3水曜"), parse("不定休")) == ("wed", "wed,sun", None)


def test_typing_a_visit_day_that_is_the_closing_day_warns(qtbot) -> None:
    """水 as both 定休日 and 訪問曜日 is taken as typed, and the manager is told the calendar
    will have no day for the shop (it was dropped at the next build without a word)."""

    document = PlanDocument(synthetic_plan(12, territories=1, seed=1))
    model = CustomerTableModel(document)
    cid = str(document.plan.customers[m.CUSTOMER_ID].iloc[0])
    assert model.set_typed(m.CLOSED_DAYS, (cid,), "水曜定休")
    with qtbot.waitSignal(model.editWarned, timeout=1_000) as seen:
        assert model.set_typed(m.VISIT_DAYS, (cid,), "水")
    assert "closing days" in seen.args[0]
    assert document.plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.VISIT_DAYS] == "wed"


def test_search_finds_a_name_written_with_a_variant_kanji(qtbot):
    """「高島屋」 finds 髙島屋 and 「髙島屋」 finds 高島屋: the same name typed on another PC."""
    plan = synthetic_plan(30, territories=2, seed=3)
    c = plan.customers.copy()
    c.loc[3, m.NAME], c.loc[5, m.NAME], c.loc[8, m.ADDRESS] = "髙島屋 新宿店", "高島屋 大宮店", "山﨑町1"
    doc = PlanDocument(plan.replace(customers=c))
    model = CustomerTableModel(doc)
    both = sorted(str(c.loc[k, m.CUSTOMER_ID]) for k in (3, 5))
    for typed in ("高島屋", "髙島屋"):
        model.set_search(typed)
        assert sorted(model.shown_ids()) == both
    model.set_search("山崎町")
    assert model.shown_ids() == [str(c.loc[8, m.CUSTOMER_ID])]


def test_an_approximate_position_reads_approximate_and_has_its_filter(qtbot):
    """A shop placed at its 丁目's customers while offline: the Located column says so (not a
    plain yes), and the filter lists these customers to check on the map."""
    from planner.i18n import in_language

    plan = synthetic_plan(50, territories=2)
    c = plan.customers.copy()
    c.loc[[3, 7], m.GEOCODE] = ["nearby:chome", "nearby:town"]
    model = CustomerTableModel(PlanDocument(plan.replace(customers=c)))
    model.set_filter("approximate")
    assert model.rowCount() == 2
    with in_language("ja"):
        assert [model.index(r, column("located")).data() for r in range(2)] == ["おおよそ"] * 2
    model.set_filter("all")
    assert model.index(0, column("located")).data() == "yes"


def test_a_position_left_at_the_previous_address_says_so_and_is_one_to_check(qtbot):
    """A shop moved while offline keeps its old pin: the Located column says 前の住所 (not a
    plain yes that the new address is on the map), and the Approximate filter lists it."""
    from planner._update_changes import PREVIOUS
    from planner.i18n import in_language

    plan = synthetic_plan(50, territories=2)
    c = plan.customers.copy()
    c.loc[4, m.GEOCODE] = PREVIOUS
    model = CustomerTableModel(PlanDocument(plan.replace(customers=c)))
    model.set_filter("approximate")
    assert model.shown_ids() == [str(c.loc[4, m.CUSTOMER_ID])]
    assert model.index(0, column("located")).data() == "previous address"
    with in_language("ja"):
        assert model.index(0, column("located")).data() == "前の住所"


def test_the_phone_column_shows_each_number_and_sorts_by_its_digits(qtbot):
    """A rep calls ahead from the list: the number as the list gave it, sorted by its digits
    however it was written (full-width, brackets, dashes)."""
    plan = synthetic_plan(4, territories=1, seed=2)
    customers = plan.customers.copy()
    customers[m.PHONE] = ["045-111-2222", "０３（１２３４）５６７８", "", "03-1234-0000"]
    doc = PlanDocument(plan.replace(customers=customers))
    model = CustomerTableModel(doc)
    phone = column(m.PHONE)
    assert model.headerData(phone, Qt.Orientation.Horizontal) == "Phone"
    model.sort(phone, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, phone).data() for r in range(4)] == [
        "", "03-1234-0000", "０３（１２３４）５６７８", "045-111-2222"]
