"""A rep leaves, in the window: hand the customers over, merge two territories, delete one or
auto-design fewer; save, reopen, rebuild the calendar keeping the days and export. The
reopened plan is not told as a damaged calendar, and the Calendar and the workbook's list of
changes name the rep who left, with each customer's previous day."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from planner import model as m
from planner import store
from planner._schedule_told import changed_customers
from planner.export.excel_routes import rep_title
from planner.i18n import tr
from planner.rep_days import rep_name
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.design_dialog import DesignDialog
from planner.ui.export_choice import ExportChoice
from planner.ui.main_window import MainWindow
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")

#: where the pictures go, to look at (a temporary folder unless told)
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def scheduled_file(tmp_path: Path) -> tuple[m.Plan, Path]:
    """Four reps' plan with a calendar, saved."""
    plan = synthetic_plan(80, territories=4, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    path = tmp_path / "plan.gpkg"
    store.save_plan(plan, path)
    return plan, path


def opened(qtbot, window, path: Path) -> None:  # noqa: ANN001
    """File → Open ``path`` in ``window``."""
    with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
        window.actions_ui.files.open_path(str(path))


def design_runs(qtbot, monkeypatch, count: int | None = None) -> None:  # noqa: ANN001
    """The design dialog, once opened, is run (with ``count`` territories when given) and
    applied, as a manager does."""

    def run_and_apply(dialog: DesignDialog) -> int:
        if count is not None:
            dialog.count.setValue(count)
        with qtbot.waitSignal(dialog.designed, timeout=120_000):
            dialog.run()
        dialog.apply()
        return 1

    monkeypatch.setattr(DesignDialog, "exec", run_and_apply)


def menu_action(window, tid: str, *, name: str = "", text: str = ""):  # noqa: ANN001, ANN201
    """The Territories dock's right-click action of ``tid``'s row, by object name or text."""
    row = window.document.plan.territory_ids.index(tid)
    menu = window.actions_ui.territory_panel.territory_menu(row)
    return next(a for a in menu.actions() if (name and a.objectName() == name)
                or (text and a.text() == text))


@pytest.mark.parametrize("way", ["hand over", "merge", "delete", "auto-design"])
def test_a_rep_who_left_is_named_after_save_reopen_and_rebuild(
        qtbot, tmp_path, monkeypatch, way) -> None:
    from planner._design_subset import touching_territories

    plan, path = scheduled_file(tmp_path)
    window = MainWindow(synthetic_plan(10, territories=2), "")
    qtbot.addWidget(window)
    window.show()
    files = window.actions_ui.files
    files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    opened(qtbot, window, path)
    leaver = next(t for t in plan.territories if touching_territories(plan, t.id))
    if way == "hand over":
        design_runs(qtbot, monkeypatch)
        menu_action(window, leaver.id, name="territory_hand_over").trigger()
    elif way == "merge":
        other = touching_territories(plan, leaver.id)[0]
        panel = window.actions_ui.territory_panel
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for tid in (other, leaver.id):
            row = plan.territory_ids.index(tid)
            panel.view.selectionModel().select(panel.model.index(row, 0), flags)
        menu_action(window, other, text="Merge the two selected").trigger()
        # the second in the dock's order goes into the first: its rep leaves
        (leaver,) = [t for t in plan.territories
                     if t.id not in window.document.plan.territory_ids]
    elif way == "delete":
        menu_action(window, leaver.id, name="territory_delete").trigger()
    else:  # Territories → Auto-design… with one territory fewer: the last one goes
        leaver = plan.territories[-1]
        design_runs(qtbot, monkeypatch, count=len(plan.territories) - 1)
        window.actions_ui.actions["design"].trigger()
    assert leaver.id not in window.document.plan.territory_ids
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    # reopened: the calendar is the previous one, out of date, and no box tells damage
    opened(qtbot, window, path)
    reopened = window.document.plan
    assert reopened.calendar_left_out == "" and reopened.calendar_set_aside == ""
    assert window.findChild(QMessageBox, "calendarSetAside") is None
    assert len(reopened.schedule) == len(plan.schedule)
    panel = window.actions_ui.calendar_panel
    # the line says it whole, or with the customers moved short ("changed since the build: 7
    # customers moved in") and whole in its tooltip
    said = panel.summary.text()
    assert "the plan changed since the calendar was built" in said or (
        "changed since the build: " in said
        and "the plan changed since the calendar was built: " in panel.summary.toolTip())
    # Schedule → Build calendar…, keeping each customer's day
    dialog = ScheduleDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.keep.isEnabled() and dialog.keep.isChecked()
    with qtbot.waitSignal(dialog.built, timeout=120_000):
        dialog.run()
    rebuilt = window.document.plan
    changed = changed_customers(rebuilt)
    before = plan.schedule
    handed = set(before.loc[before["territory"] == leaver.id, "customer_id"].astype(str))
    handed &= set(rebuilt.schedule["customer_id"].astype(str))
    if way != "delete":  # a deleted territory's customers are left without a rep
        assert handed
    for cid in handed:
        assert changed[cid][4] == leaver.id and changed[cid][0]  # the previous rep and day
    # the Calendar's note at a handed-over customer's first visit names the rep who left
    if handed:
        cid = sorted(handed)[0]
        first = rebuilt.schedule[rebuilt.schedule["customer_id"] == cid].iloc[0]
        panel.rep_combo.setCurrentIndex(panel.rep_combo.findData(str(first["territory"])))
        panel._on_grid_cellClicked(int(first["week"]) - 1, panel.days().index(str(first["day"])))
        item = panel.day_list.item(panel.day_ids.index(cid), 2)
        assert item.text().startswith("※")
        assert f"New rep (was {rep_name(leaver)})" in item.toolTip()
    window.resize(1400, 860)
    folder = Path(PICTURES) if PICTURES else tmp_path
    assert window.grab().save(str(folder / f"rep_left_{way.replace(' ', '_')}_window.png"))
    # File → Export → Excel: the list of changes names the previous rep and day
    target = folder / f"rep_left_{way.replace(' ', '_')}.xlsx"
    files.ask_save_path = lambda *_a: str(target)
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions["export_excel"].trigger()
    ws = load_workbook(target)[tr("Changes to announce")]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True)
            if r and r[0] in {str(c) for c in before["customer_id"]}}
    gone = {cid for cid, e in changed.items() if e[4] == leaver.id}
    assert gone and gone <= set(rows)
    for cid in gone:
        assert rows[cid][4] == rep_title(leaver)
        assert rows[cid][6] and "Unknown" not in rows[cid][6]
