"""Dialogs on their real code paths: import, auto-design (with Cancel), calendar, preferences, rules."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pytest
from PySide6.QtCore import Qt, QTime

from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument
from planner.ui.frequency_dialog import FrequencyDialog
from planner.ui.import_dialog import ImportDialog
from planner.ui.preferences_dialog import PreferencesDialog
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")


def make_sheet(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "顧客"
    ws.append(["得意先コード", "得意先名", "住所", "緯度", "経度", "ランク", "備考"])
    ws.append(["A1", "山田商店", "東京都新宿区1", 35.69, 139.70, "A", "x"])
    ws.append(["A2", "佐藤商事", "東京都渋谷区2", 35.66, 139.70, "B", "y"])
    ws.append(["A3", "", "東京都港区3", 35.65, 139.75, "C", "no name"])
    ws.append(["A4", "鈴木工業", "東京都品川区4", "abc", 139.73, "B", "bad lat"])
    wb.save(path)


def test_import_through_the_dialog_with_changed_mapping(qtbot, tmp_path):
    sheet = tmp_path / "customers.xlsx"
    make_sheet(sheet)
    dialog = ImportDialog(str(sheet), m.Settings())
    qtbot.addWidget(dialog)
    assert dialog.preview_table.rowCount() == 4
    assert dialog.mapping()[m.NAME] == "得意先名"
    combo = dialog.field_combos[m.ADDRESS]
    combo.setCurrentIndex(combo.findData("備考"))  # the manager overrides a column
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.pages.currentIndex() == 1
    plan = dialog.plan
    assert plan is not None and dialog.problem_table.rowCount() == len(
        dialog.result.report.problems
    )
    rows = {p.row for p in dialog.result.report.problems}
    assert 4 in rows and 5 in rows  # no name, unreadable latitude
    c = plan.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["A1", m.ADDRESS] == "x"
    dialog.save_report(tmp_path / "report.csv")
    lines = (tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Row,") and len(lines) == 1 + len(dialog.result.report.problems)

    from planner.ui.main_window import MainWindow

    window = MainWindow(synthetic_plan(20, territories=2))
    qtbot.addWidget(window)
    window.actions_ui.files.adopt_import(plan)  # what File → New plan from spreadsheet does next
    assert len(window.document.plan.customers) == len(plan.customers)
    assert window.isWindowModified() and window.windowTitle().startswith("Untitled plan")
    window.actions_ui.files.ask_save_changes = lambda: "discard"


def _imported(qtbot, tmp_path, rows) -> ImportDialog:
    """The import window after importing a sheet of ``rows`` (the header first)."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    sheet = tmp_path / "list.xlsx"
    wb.save(sheet)
    dialog = ImportDialog(str(sheet), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    return dialog


def test_a_list_without_any_usable_row_has_no_plan_to_open(qtbot, tmp_path):
    dialog = _imported(qtbot, tmp_path, [["得意先名", "住所"], [None, "東京都新宿区1"]])
    assert dialog.pages.currentIndex() == 1 and dialog.problem_table.rowCount() == 1
    assert not dialog.accept_button.isEnabled()  # the open plan is never swapped for nothing
    assert "no plan to open" in dialog.summary.text()


def test_design_applies_as_one_undo_step(qtbot):
    doc = PlanDocument(synthetic_plan(400, territories=4))
    before = doc.plan
    dialog = DesignDialog(doc, keep_existing=False)
    qtbot.addWidget(dialog)
    dialog.count.setValue(3)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    assert doc.plan is before  # nothing changes before Apply
    assert "After" in dialog.figures.text()
    dialog.apply()
    assert len(doc.plan.territories) == 3 and doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan is before


def test_cancel_leaves_the_plan_exactly_as_before(qtbot):
    doc = PlanDocument(synthetic_plan(20_000, territories=8))
    before = doc.plan
    dialog = DesignDialog(doc)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.runCancelled, timeout=60_000):
        task = dialog.run()
        task.cancel()
    assert doc.plan is before and doc.undo_stack.count() == 0
    assert dialog.result is None and not dialog.apply_button.isEnabled()


def test_build_calendar_then_undo(qtbot):
    doc = PlanDocument(synthetic_plan(150, territories=2))
    dialog = ScheduleDialog(doc)
    qtbot.addWidget(dialog)
    dialog.day_checks.boxes["fri"].setChecked(False)
    with qtbot.waitSignal(dialog.built, timeout=60_000):
        dialog.run()
    assert doc.plan.schedule is not None
    assert set(doc.plan.schedule["day"]) <= {"mon", "tue", "wed", "thu"}
    doc.undo_stack.undo()
    assert doc.plan.schedule is None


def test_week_one_begins_on_the_monday_of_the_date_chosen(qtbot):
    from PySide6.QtCore import QDate

    dialog = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=1)))
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(2026, 4, 29))  # a Wednesday (昭和の日)
    assert dialog.start.date() == QDate(2026, 4, 27)
    assert "4/29" in dialog.start_note.text() and "Monday" in dialog.start_note.text()
    dialog.start.setDate(QDate(2026, 5, 11))  # a Monday: nothing to say
    assert dialog.start.date() == QDate(2026, 5, 11) and dialog.start_note.text() == ""


@pytest.mark.parametrize(("language", "shown"), [("en", ("2026-12-07", "(Mon)")),
                                                ("ja", ("2026/12/07", "(月)"))])
def test_week_ones_start_shows_its_weekday(qtbot, language, shown):
    """It read 「2026-12-07」: which weekday was left to a wall calendar; a day snapped to its
    Monday shows the Monday's."""
    from PySide6.QtCore import QDate

    from planner.i18n import set_language

    set_language(language)
    try:
        dialog = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=1)))
        qtbot.addWidget(dialog)
        dialog.start.setDate(QDate(2026, 12, 9))  # a Wednesday: its week's Monday
        assert (dialog.start.text(), dialog.start_day.text()) == shown
        assert dialog.start_day.isEnabled() == dialog.dated.isChecked()
    finally:
        set_language(None)


@pytest.mark.parametrize(("language", "shown"), [("en", "8.0 h"), ("ja", "8.0時間")])
def test_the_calendars_day_length_shows_its_unit(qtbot, language, shown):
    """The day length read a bare "8.00": hours, with one decimal, as the Working time
    dialog shows a rep's day; a plan's 7.75 stays 7.75."""
    import dataclasses

    from planner.i18n import set_language

    set_language(language)
    try:
        dialog = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=1)))
        qtbot.addWidget(dialog)
        assert dialog.hours.text() == shown and dialog.hours.singleStep() == 0.5
        plan = synthetic_plan(20, territories=1)
        plan = plan.replace(settings=dataclasses.replace(plan.settings, day_hours=7.75))
        odd = ScheduleDialog(PlanDocument(plan))
        qtbot.addWidget(odd)
        assert odd.hours.value() == 7.75
    finally:
        set_language("en")


@pytest.mark.parametrize(("typed", "day"), [
    ("2026-12-24", (2026, 12, 21)), ("2026/12/24", (2026, 12, 21)), ("20261224", (2026, 12, 21)),
    ("2027-1-6", (2027, 1, 4)), ("2027－01－06", (2027, 1, 4)),
])
def test_a_date_typed_whole_into_week_one_lands_on_its_week(qtbot, typed, day):
    """Qt moves on to the month once the year is typed, and the "-" typed next moved on to
    the day: 2026-12-24 became 2026-11-12. Week 1 begins on the Monday of the day typed."""
    from PySide6.QtCore import QDate, QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QDateEdit

    dialog = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=1)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.dated.setChecked(True)
    box = dialog.start
    box.setDate(QDate(2026, 11, 30))
    box.setFocus()
    box.setSelectedSection(QDateEdit.Section.YearSection)
    for ch in typed:  # a key per character, as typed (full-width too, by the input method)
        key = Qt.Key(ord(ch)) if ch.isascii() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    box.interpretText()
    dialog.weeks.setFocus()  # leaving the box, as Tab does
    assert box.date() == QDate(*day)


def test_rebuild_keeps_customers_on_their_days_and_reports_it(qtbot):
    doc = PlanDocument(synthetic_plan(150, territories=2))
    first = ScheduleDialog(doc)
    qtbot.addWidget(first)
    assert not first.keep.isEnabled() and not first.keep.isChecked()  # nothing to keep yet
    with qtbot.waitSignal(first.built, timeout=60_000):
        first.run()
    before = doc.plan.schedule.groupby("customer_id")["day"].agg(lambda d: sorted(set(d)))
    assert first.report.startswith("Calendar built:") and "kept" not in first.report
    again = ScheduleDialog(doc)
    qtbot.addWidget(again)
    assert again.keep.isEnabled() and again.keep.isChecked()  # a customer's day is a promise
    with qtbot.waitSignal(again.built, timeout=60_000):
        again.run()
    after = doc.plan.schedule.groupby("customer_id")["day"].agg(lambda d: sorted(set(d)))
    common = before.index.intersection(after.index)
    assert (after[common] == before[common]).all()
    assert f"{doc.plan.meta['schedule_kept']:,} customers kept their visit days" in again.report
    assert doc.undo_stack.count() == 2
    # in Japanese the sentences follow each other without a space after 。
    from planner.i18n import set_language
    from planner.ui.schedule_dialog import build_report

    set_language("ja")
    try:
        text = build_report(doc.plan)
    finally:
        set_language("en")
    assert text.count("。") >= 2 and "。 " not in text


def test_preferences_and_frequency_rules_are_undoable(qtbot):
    doc = PlanDocument(synthetic_plan(100, territories=2))
    prefs = PreferencesDialog(doc)
    qtbot.addWidget(prefs)
    prefs.day_hours.setValue(7.5)
    prefs.service["A"].setValue(60)
    assert prefs.lunch_minutes.value() == 60 and prefs.lunch_start.time().toString() == "12:00:00"
    prefs.lunch_minutes.setValue(45)
    prefs.lunch_start.setTime(QTime(11, 30))

    class Actions:
        map_view = None

    prefs.apply(Actions())
    assert doc.plan.settings.day_hours == 7.5
    assert doc.plan.settings.service_minutes_for("A") == 60
    assert (doc.plan.settings.lunch_start, doc.plan.settings.lunch_minutes) == ("11:30", 45.0)
    rules = FrequencyDialog(doc)
    qtbot.addWidget(rules)
    rules.combos["C"].setCurrentIndex(rules.combos["C"].findData(0.5))
    before = doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float).copy()
    rules.apply()
    c = doc.plan.customers
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    assert (freq[(c[m.RANK] == "C").to_numpy()] == 0.5).all()
    assert doc.plan.settings.frequency_by_rank["C"] == 0.5
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert np.array_equal(doc.plan.customers[m.FREQUENCY].to_numpy(dtype=float), before)
    assert not math.isnan(float(doc.plan.customers[m.FREQUENCY].iloc[0]))
    doc.undo_stack.undo()
    assert doc.plan.settings.day_hours == 8.0
    assert (doc.plan.settings.lunch_start, doc.plan.settings.lunch_minutes) == ("12:00", 60.0)


def test_shortcuts_list_every_standard_shortcut(qtbot):
    from planner.ui.main_window import MainWindow

    window = MainWindow(synthetic_plan(50, territories=2))
    qtbot.addWidget(window)
    actions = window.actions_ui.actions
    redo = {k.toString() for k in actions["redo"].shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= redo
    assert actions["open"].shortcut().toString() == "Ctrl+O"
    from planner.ui.about_dialog import shortcuts_dialog

    dialog = shortcuts_dialog(window, [(a.text(), a.shortcut()) for a in actions.values()])
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTableWidget

    table = dialog.findChild(QTableWidget)
    texts = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert "Save" in texts and dialog.windowTitle() == "Keyboard shortcuts"


def test_frequency_rules_show_what_they_do_before_ok(qtbot):
    doc = PlanDocument(synthetic_plan(300, territories=3))
    before = doc.plan
    rules = FrequencyDialog(doc)
    qtbot.addWidget(rules)
    rules.combos["B"].setCurrentIndex(rules.combos["B"].findData(8.0))
    qtbot.waitUntil(lambda: "customers change frequency" in rules.impact.text(), timeout=3000)
    assert "Busiest rep:" in rules.impact.text()
    # two bands from the same amount: the rules' own sentence, nothing applied
    rules.bands.add_band(1_000_000, 4.0)
    rules.bands.add_band(1_000_000, 2.0)
    qtbot.waitUntil(lambda: "Two sales bands start at the same amount." == rules.impact.text(),
                    timeout=3000)
    assert doc.plan is before
    rules.bands.remove_band()
    rules.bands.remove_band()
    rules.combos["B"].setCurrentIndex(rules.combos["B"].findData(
        float(before.settings.frequency_by_rank.get("B", 2.0))))
    rules.update_impact()
    assert doc.plan is before and doc.undo_stack.count() == 0


def test_tab_moves_through_the_dialogs_in_screen_order(qtbot):
    """Build calendar: the start date, then Next period beside it, then the holidays box;
    Auto-design: the count, then How many reps? beside it, then Balance, Tolerance."""
    import dataclasses

    def tab_stops(widgets):  # the focus chain Tab walks, among the widgets named
        out, here = [], widgets[0]
        for _ in range(len(widgets) - 1):
            here = here.nextInFocusChain()
            while not any(here is w for w in widgets):
                here = here.nextInFocusChain()
            out.append(here)
        return out

    plan = synthetic_plan(40, territories=2)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    schedule = ScheduleDialog(PlanDocument(plan))
    qtbot.addWidget(schedule)
    order = [schedule.start, schedule.next_period, schedule.holidays, schedule.company]
    assert tab_stops(order) == order[1:]
    design = DesignDialog(PlanDocument(plan))
    qtbot.addWidget(design)
    order = [design.count, design.suggest_button, design.balance, design.tolerance]
    assert tab_stops(order) == order[1:]


def test_preferences_without_a_working_day_say_so_in_the_language_of_the_window(
    qtbot, monkeypatch
):
    from PySide6.QtWidgets import QCheckBox, QMessageBox

    from planner.i18n import set_language

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    set_language("ja")
    try:
        prefs = PreferencesDialog(PlanDocument(synthetic_plan(20, territories=1)))
        qtbot.addWidget(prefs)
        for box in prefs.days.findChildren(QCheckBox):
            box.setChecked(False)
        prefs._on_ok()
    finally:
        set_language(None)
    assert shown == ["稼働日を1日以上選んでください。"] and prefs.result() == 0


def test_full_width_digits_typed_into_a_number_box_are_read(qtbot):
    """The input method types １２ (a key with the full-width text, or committed text): the
    Build calendar dialog's cycle box reads 12, its day length 7.5, instead of dropping them."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent

    dialog = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=1)))
    qtbot.addWidget(dialog)
    dialog.show()
    weeks, hours = dialog.weeks, dialog.hours

    def press(box, text):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                box, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text))

    def commit(box, text):
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QCoreApplication.sendEvent(box, event)

    for box in (weeks, hours):
        box.setFocus()
        box.selectAll()
    press(weeks, "１")
    commit(weeks, "２")
    hours.selectAll()
    commit(hours, "７．５")
    for box in (weeks, hours):
        box.interpretText()
    assert weeks.value() == 12 and hours.value() == 7.5


def test_a_cover_sheet_before_the_list_is_passed_over_in_the_sheet_box_too(qtbot, tmp_path):
    """The preview showed the customers (the first sheet with a header) while the Sheet box
    said 表紙, and the import then read the cover note and failed."""
    path = tmp_path / "customers.xlsx"
    make_sheet(path)
    wb = openpyxl.load_workbook(path)
    cover = wb.create_sheet("表紙", 0)
    cover.append(["12月の顧客リスト"])
    cover.append(["営業部 作成"])
    wb.save(path)
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    assert dialog.sheet_combo.currentText() == "顧客" and dialog.preview_table.rowCount() == 4
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.plan is not None and len(dialog.plan.customers) >= 2
    # choosing the cover sheet shows its problem and nothing of the other sheet
    dialog.pages.setCurrentIndex(0)
    dialog.sheet_combo.setCurrentText("表紙")
    assert not dialog.import_button.isEnabled() and dialog.preview_table.rowCount() == 0
    assert all(combo.count() == 1 for combo in dialog.field_combos.values())


def test_one_column_chosen_for_two_fields_is_refused_in_a_sentence(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    path = tmp_path / "customers.xlsx"
    make_sheet(path)
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    combo = dialog.field_combos[m.ADDRESS]
    combo.setCurrentIndex(combo.findData("得意先名"))  # the name's column again
    assert dialog.start_import() is None and dialog.task is None
    assert len(shown) == 1 and "得意先名" in shown[0] and dialog.pages.currentIndex() == 0


def test_the_import_summary_counts_rows_not_problems(qtbot, tmp_path):
    """A row with three problems counted three "問題のある行"; the header's note counted one:
    the summary now counts the rows of the list, left out and imported."""
    dialog = _imported(qtbot, tmp_path, [
        ["顧客コード", "得意先名", "都道府県", "住所", "緯度", "経度", "売上"],
        ["1", "髙橋商店", "東京都", "新宿区1", "x", "y", "z"],  # three problems, kept
        ["2", None, "東京都", "新宿区2", 35.7, 139.7, 1],  # no name: left out
        ["3", "山﨑酒店", "東京都", "新宿区3", 35.7, 139.7, 1],
        ["合計", None, None, None, None, None, 2]])  # a total: left out
    # 3 + 1 + 1, the address note, and row 1 placed at its municipality's customers (row 3)
    assert len(dialog.result.report.problems) == 7
    assert sum("municipality" in p.reason for p in dialog.result.report.problems) == 1
    assert dialog.summary.text().startswith(
        "4 rows read, 2 customers imported. 3 rows have problems: 2 left out, 1 imported")


def test_the_import_report_shows_whether_each_row_was_imported_before_its_long_reason(
        qtbot, tmp_path):
    """A long reason pushed the Imported column behind a scroll bar, and the table's own row
    numbers stood beside the sheet's."""
    dialog = _imported(qtbot, tmp_path, [["得意先名", "住所", "緯度"],
                                         [None, "東京都新宿区1", 35.7],
                                         ["山田商店", "東京都新宿区2", "北のほう"]])
    table = dialog.problem_table
    heads = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert heads[:2] == ["Row", "Imported"] and heads[-1] == "Reason"
    assert [(table.text(r, 0), table.text(r, 1)) for r in range(2)] == [("2", "no"), ("3", "yes")]
    assert table.verticalHeader().isHidden()


def test_the_preview_numbers_its_rows_as_the_sheet_and_the_report_do(qtbot, tmp_path):
    """The preview numbered the data rows 1, 2, 3 … while the report said "row 8": the same
    row had two numbers. The preview's row headers are now the sheet's rows (a title above
    the header and a blank line between customers skipped, as in Excel)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["得意先一覧 2026年11月"], [], ["得意先コード", "得意先名", "住所", "緯度", "経度"],
                ["A1", "山田商店", "東京都新宿区1", 35.69, 139.70], [],
                ["A2", None, "東京都渋谷区2", 35.66, 139.70]):
        ws.append(row)
    sheet = tmp_path / "list.xlsx"
    wb.save(sheet)
    dialog = ImportDialog(str(sheet), m.Settings())
    qtbot.addWidget(dialog)
    table = dialog.preview_table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert labels == ["4", "6"] and table.item(1, 0).text() == "A2"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert [p.row for p in dialog.result.report.problems] == [6]  # A2's missing name


def test_many_notes_on_the_list_are_spelled_out_first_then_counted(qtbot, tmp_path):
    """Two notes on the list (髙橋 read as 高橋) read well in the summary; seven in full pushed
    the table with the rows out of sight, and a count alone told nothing of what happened:
    the summary gives the first notes in their words and how many more the table holds."""
    from planner.ui.import_dialog import NOTES_SPELLED_OUT

    header = ["顧客コード", "得意先名", "住所", "緯度", "経度", "担当者"]
    big = [[str(i), f"店{i}", f"東京都新宿区西新宿{i}", 35.69, 139.69, f"{rep} 太郎"]
           for i, rep in enumerate(["山田"] * 60 + ["田中"] * 60 + ["中村"] * 60)]
    small = [[f"s{i}", f"小店{i}", f"東京都新宿区{i}", 35.69, 139.69, f"ｻﾄｳ{i}"]
             for i in range(NOTES_SPELLED_OUT + 2)]  # a one-customer rep each: a note each
    dialog = _imported(qtbot, tmp_path, [header, *big, *small])
    notes = [p for p in dialog.result.report.problems if p.note]
    assert len(notes) > NOTES_SPELLED_OUT + 1
    said = dialog.summary.text()
    assert [p.reason in said for p in notes] == [True] * NOTES_SPELLED_OUT + [False] * (
        len(notes) - NOTES_SPELLED_OUT)
    assert said.endswith(f"{len(notes) - NOTES_SPELLED_OUT} more notes on the list are in the "
                         "table below.")
    shown = dialog.problem_table
    table = [shown.text(r, c) for r in range(shown.rowCount())
             for c in range(shown.model().columnCount())]
    assert all(p.reason in table for p in notes)


def test_one_note_on_the_list_is_spelled_out_in_the_summary(qtbot, tmp_path):
    dialog = _imported(qtbot, tmp_path, [
        ["顧客コード", "得意先名", "住所", "緯度", "経度", "担当者"],
        ["1", "店", "東京都新宿区1", 35.69, 139.69, "髙橋 一郎"],
        ["2", "店", "東京都新宿区2", 35.69, 139.69, "高橋 一郎"]])
    notes = [p.reason for p in dialog.result.report.problems if p.note]
    assert 1 <= len(notes) <= 2 and all(n in dialog.summary.text() for n in notes)


def test_the_import_report_names_the_customer_each_imported_row_became(qtbot, tmp_path):
    """「行4 住所 （空）」 alone sent the manager back to the sheet to find whose address was
    missing: a row imported names its customer (code and name); a row left out has none."""
    dialog = _imported(qtbot, tmp_path, [["顧客コード", "得意先名", "住所", "売上"],
                                         ["K01", "山田商店", "東京都新宿区1", 100],
                                         ["K02", None, "東京都新宿区2", 100],
                                         ["K03", "佐藤酒店", None, 100],
                                         ["K04", "鈴木米店", "東京都新宿区4", "未定"]])
    table = dialog.problem_table
    heads = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert heads[2] == "Customer"
    rows = {table.text(r, 0): (table.text(r, 1), table.text(r, 2))
            for r in range(table.rowCount())}
    assert rows["3"] == ("no", "")
    assert rows["4"] == ("yes", "K03 佐藤酒店")
    assert rows["5"] == ("yes", "K04 鈴木米店")


@pytest.mark.parametrize(("lang", "calendars"), [("ja", "スマートフォン用カレンダー"),
                                                 ("en", "phone calendars")])
def test_the_google_maps_links_switch_names_the_phone_calendars(qtbot, lang, calendars):
    """The phone calendars carry the navigation link too: the switch that leaves the links
    out says so, beside the route sheets, hand-outs and map."""
    from planner.i18n import set_language

    set_language(lang)
    try:
        prefs = PreferencesDialog(PlanDocument(synthetic_plan(20, territories=1)))
        qtbot.addWidget(prefs)
        text = prefs.nav_links.text()
        tip = prefs.nav_links.toolTip()
    finally:
        set_language(None)
    assert calendars in text
    assert ("カレンダー" if lang == "ja" else "calendar") in tip
    assert ("ルート表" if lang == "ja" else "route sheets") in text
