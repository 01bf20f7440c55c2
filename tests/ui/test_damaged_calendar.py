"""A plan whose saved calendar was damaged in a database viewer opens in the window: rows that
make no sense are left out with their customers' visits and the rest of the calendar kept,
out of date (a rebuild keeping the days still keeps the others'); a calendar that cannot be
read is set aside whole. A box says which and what to do; the file is left as it is until
saved."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from planner import model as m
from planner import store
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")

#: where the pictures of the box go, to look at (a temporary folder unless told)
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def damaged_plan(tmp_path: Path, sql: str = "UPDATE {table} SET day = 'xyz' WHERE fid = 3",
                 ) -> tuple[m.Plan, Path]:
    """A scheduled plan saved, then ``sql`` run on its calendar in a database viewer (a
    visit's weekday typed as "xyz" unless told)."""
    plan = synthetic_plan(40, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    path = tmp_path / "damaged.gpkg"
    store.save_plan(plan, path)
    db = sqlite3.connect(path)
    with db:
        db.execute(sql.format(table=store.SCHEDULE_TABLE))
    db.close()
    return plan, path


def open_window(qtbot):  # noqa: ANN001, ANN201
    window = MainWindow(synthetic_plan(10, territories=2), "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    window.errors = []
    window.actions_ui.files.show_error = lambda message, user_error=True: window.errors.append(
        message)
    return window


def the_box(qtbot, window) -> QMessageBox:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "calendarSetAside") is not None)
    return window.findChild(QMessageBox, "calendarSetAside")


def opened_in_window(qtbot, path: Path):  # noqa: ANN001, ANN201
    """A window that opened ``path`` by File → Open, and the box it then shows."""
    window = open_window(qtbot)
    with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
        window.actions_ui.files.open_path(str(path))
    return window, the_box(qtbot, window)


def picture(widget, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    folder = Path(PICTURES) if PICTURES else tmp_path
    assert widget.grab().save(str(folder / name))


def test_a_bad_row_is_left_out_and_the_rest_of_the_calendar_opens(qtbot, tmp_path):
    plan, path = damaged_plan(tmp_path)
    gone = str(plan.schedule["customer_id"].iloc[2])  # row 3 in the file
    visits = int((plan.schedule["customer_id"] == gone).sum())
    before = path.read_bytes()
    window, box = opened_in_window(qtbot, path)
    files = window.actions_ui.files
    assert box.text() == (
        f"The visit calendar saved in damaged.gpkg was opened without some visits: 1 row of "
        f"the saved calendar made no sense (row 3: weekday “xyz”); the visits of the "
        f"customer were left out ({visits} in all).")
    assert "marked out of date" in box.informativeText()
    assert "Schedule → Build calendar…" in box.informativeText()
    assert box.isVisible() and box.windowModality() == Qt.WindowModality.WindowModal
    picture(box, tmp_path, "calendar_rows_left_out_box.png")
    opened = window.document.plan
    assert len(opened.schedule) == len(plan.schedule) - visits
    assert gone not in set(opened.schedule["customer_id"])
    panel = window.actions_ui.calendar_panel
    territory = str(plan.customers.set_index(m.CUSTOMER_ID).at[gone, m.TERRITORY])
    assert panel.territory_id() == territory  # the rep whose customer was left out
    assert panel.summary.text().endswith(
        "out of date: the visits of 1 customer were left out of the saved calendar "
        "(damaged rows)")
    window.resize(1400, 860)  # the window's first size on a usual screen
    picture(window, tmp_path, "calendar_rows_left_out_window.png")
    assert not window.isWindowModified() and path.read_bytes() == before
    box.accept()
    # the Build calendar dialog still offers to keep each customer's day, checked
    dialog = ScheduleDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.keep.isEnabled() and dialog.keep.isChecked()
    # saved, the plan opens cleanly: the rest of the calendar, out of date, nothing to tell
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    again = store.load_plan(path)
    assert again.calendar_left_out == "" and len(again.schedule) == len(opened.schedule)
    assert again.meta["schedule_stale"] is True


def test_a_calendar_that_cannot_be_read_is_set_aside_whole(qtbot, tmp_path):
    plan, path = damaged_plan(tmp_path, "ALTER TABLE {table} DROP COLUMN week")
    before = path.read_bytes()
    window, box = opened_in_window(qtbot, path)
    files = window.actions_ui.files
    assert box.text() == ("The visit calendar saved in damaged.gpkg is damaged and was set aside "
                          "(the column “week” is missing). The territories, customers and "
                          "frequencies are all here.")
    assert "Schedule → Build calendar…" in box.informativeText()
    picture(box, tmp_path, "calendar_set_aside_box.png")
    opened = window.document.plan
    assert opened.schedule is None and opened.territories == plan.territories
    assert list(opened.customers[m.CUSTOMER_ID]) == list(plan.customers[m.CUSTOMER_ID])
    summary = window.actions_ui.calendar_panel.summary.text()
    assert summary == "Calendar set aside (damaged): Schedule → Build calendar…"
    assert not window.isWindowModified() and path.read_bytes() == before
    box.accept()
    # saved, the plan opens cleanly, without a calendar and with nothing to tell
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    again = store.load_plan(path)
    assert again.calendar_set_aside == "" and again.schedule is None
    assert again.territories == plan.territories


def test_the_box_speaks_japanese(qtbot, tmp_path):
    _plan, path = damaged_plan(tmp_path, "UPDATE {table} SET week = 99 WHERE fid IN (3, 5)")
    set_language("ja")
    window, box = opened_in_window(qtbot, path)
    assert box.text().startswith("damaged.gpkg に保存された訪問カレンダーは、一部の訪問を除いて"
                                 "開きました。保存されたカレンダーに正しくない行が2行ありました"
                                 "（3行目の週「99」、5行目の週「99」）。")
    assert "スケジュール → カレンダー作成…" in box.informativeText()
    picture(box, tmp_path, "calendar_rows_left_out_box_ja.png")
    box.accept()
    summary = window.actions_ui.calendar_panel.summary.text()
    assert summary.endswith("古い状態: 保存されたカレンダーの壊れた行のため、顧客2件の訪問を除きました")
    window.resize(1400, 860)
    picture(window, tmp_path, "calendar_rows_left_out_window_ja.png")


def test_the_rep_without_left_out_customers_is_told_the_calendar_is_out_of_date(
        qtbot, tmp_path):
    plan, path = damaged_plan(tmp_path)
    gone = str(plan.schedule["customer_id"].iloc[2])
    window, box = opened_in_window(qtbot, path)
    box.accept()
    panel = window.actions_ui.calendar_panel
    other = next(t.id for t in plan.territories
                 if t.id != plan.customers.set_index(m.CUSTOMER_ID).at[gone, m.TERRITORY])
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData(other))
    assert panel.territory_id() == other
    assert panel.summary.text().endswith("out of date: visits of the saved calendar were left out")


def test_a_plan_named_on_the_command_line_tells_it_too(qtbot, tmp_path, monkeypatch):
    import sys

    from planner.ui.app import load_plan_for, make_main_window, start_session

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_session installs its own
    _plan, path = damaged_plan(tmp_path)
    plan, plan_path = load_plan_for(str(path))
    window = make_main_window(plan, plan_path, on_screen=False)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.show()
    start_session(window, sample=False)
    assert "row 3: weekday “xyz”" in the_box(qtbot, window).text()


def test_a_rebuild_in_the_window_tells_a_customer_whose_day_was_lost(qtbot, tmp_path):
    """Every row of one customer damaged (its day lost): Build calendar keeping the days
    places it and the Calendar says its previous day is unknown, not "first visit"; the
    left-out count goes."""
    plan, path = damaged_plan(tmp_path, "UPDATE {table} SET week = 0 WHERE customer_id = "
                                        "(SELECT customer_id FROM {table} WHERE fid = 3)")
    lost = str(plan.schedule["customer_id"].iloc[2])
    window, box = opened_in_window(qtbot, path)
    box.accept()
    dialog = ScheduleDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.keep.isChecked()
    with qtbot.waitSignal(dialog.built, timeout=60_000):
        dialog.run()
    rebuilt = window.document.plan
    assert lost in set(rebuilt.schedule["customer_id"])
    panel = window.actions_ui.calendar_panel
    assert "damaged" not in panel.summary.text() and "out of date" not in panel.summary.text()
    # its first visit's day in the Calendar: marked ※, the note says why
    first = rebuilt.schedule[rebuilt.schedule["customer_id"] == lost].iloc[0]
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData(str(first["territory"])))
    panel._on_grid_cellClicked(int(first["week"]) - 1, panel.days().index(str(first["day"])))
    row = panel.day_ids.index(lost)
    item = panel.day_list.item(row, 2)
    assert item.text().startswith("※")
    assert ("Previous day unknown (its saved calendar row was damaged): tell the customer its "
            "day") in item.toolTip()
    assert "First visit in this calendar" not in item.toolTip()
    # the customer list's "New rep or day" filter lists it, and only it
    customers = window.actions_ui.customer_panel
    customers.show_filter("day_changed")
    model = customers.view.model()
    shown = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert shown == {lost}
    window.resize(1400, 860)
    picture(window, tmp_path, "calendar_rebuilt_day_lost_window.png")


def test_values_another_program_left_are_told_in_the_same_box(qtbot, tmp_path):
    """Text typed into a number column in a database viewer: the plan opens with the cell
    empty, and the box lists what was set right; the file is left as it is."""
    plan = synthetic_plan(20, territories=2, seed=3)
    path = tmp_path / "edited.gpkg"
    store.save_plan(plan, path)
    db = sqlite3.connect(path)
    for function in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):  # as a viewer
        db.create_function(function, 1, lambda _geometry: 0)  # has them for the triggers
    with db:
        db.execute("UPDATE customers SET sales = 'abc' WHERE fid = 1")
    db.close()
    before = path.read_bytes()
    window, box = opened_in_window(qtbot, path)
    code = str(plan.customers[m.CUSTOMER_ID].iloc[0])
    assert box.text().startswith("edited.gpkg was edited in another program")
    assert box.informativeText() == (
        f"• Sales was not a number for customer {code} and was left empty.")
    picture(box, tmp_path, "edited_plan_box.png")
    assert not window.isWindowModified() and path.read_bytes() == before
    box.accept()
