"""After a visit moved to another day (and after its undo and redo) the window's views show
exactly what a window freshly opened on the same plan shows: the Calendar dock's grid, its
day list and summary, the customer list's cells and the territory list's figures. The views
now keep what a move did not change (``day_summary`` per calendar, the customer codes' index,
the territory list's width), so each step is held to a fresh window, a second move too."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget

from planner import edits, stats
from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")

DISPLAY = Qt.ItemDataRole.DisplayRole


def _plan() -> m.Plan:
    plan = synthetic_plan(160, territories=2, seed=5)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, route_seconds=0.01)


def _window(qtbot, monkeypatch, plan: m.Plan) -> MainWindow:  # noqa: ANN001
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.Ok))
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def _table(widget: QTableWidget) -> list[tuple[str, str]]:
    out = []
    for r in range(widget.rowCount()):
        for c in range(widget.columnCount()):
            item = widget.item(r, c)
            out.append(("", "") if item is None else (item.text(), item.toolTip()))
    return out


def _model(model) -> list[str]:  # noqa: ANN001
    return [str(model.data(model.index(r, c), DISPLAY))
            for r in range(model.rowCount()) for c in range(model.columnCount())]


def views(window: MainWindow) -> dict[str, object]:
    """What the views show: the grid's and day list's texts and tips, the dock's lines, the
    customer list's cells, the territory list's cells and its width."""
    ui = window.actions_ui
    cal = ui.calendar_panel
    return {
        "grid": _table(cal.grid),
        "stops": _table(cal.day_list),
        "day ids": list(cal.day_ids),
        "title": (cal.day_title.text(), cal.day_title.toolTip()),
        "summary": (cal.summary.text(), cal.summary.toolTip()),
        "customers": _model(ui.customer_panel.model),
        "territories": _model(ui.territory_panel.model),
        "territory width": ui.territory_panel.preferred_width(),
    }


def _show(window: MainWindow, tid: str, week: int, day: str) -> None:
    cal = window.actions_ui.calendar_panel
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
    cal._on_grid_cellClicked(week - 1, cal.days().index(day))


def fresh(qtbot, monkeypatch, window: MainWindow) -> dict[str, object]:  # noqa: ANN001
    """The views of a window opened on ``window``'s plan, showing the same day."""
    other = _window(qtbot, monkeypatch, window.document.plan)
    shown = window.actions_ui.calendar_panel.shown
    assert shown is not None
    _show(other, *shown)
    other.document.set_selection(window.document.selection)
    return views(other)


def _move(window: MainWindow, week: int, day: str, target: str) -> None:
    cal = window.actions_ui.calendar_panel
    _show(window, cal.territory_id(), week, day)
    window.document.set_selection([cal.day_ids[0]])
    assert cal.move_selected_to(week, target)


def test_views_after_moves_undo_and_redo_are_a_fresh_windows(qtbot, monkeypatch) -> None:
    window = _window(qtbot, monkeypatch, _plan())
    doc, cal = window.document, window.actions_ui.calendar_panel
    _show(window, doc.plan.territories[0].id, 1, "mon")
    steps = [
        lambda: _move(window, 1, "mon", "wed"),
        lambda: _move(window, 2, "tue", "thu"),  # a second move: the calendar changes again
        doc.undo_stack.undo,
        doc.undo_stack.undo,
        doc.undo_stack.redo,
        lambda: cal.rep_combo.setCurrentIndex(1),  # another rep, then a move of theirs
        lambda: _move(window, 1, "mon", "fri"),
        doc.undo_stack.undo,
    ]
    for k, step in enumerate(steps):
        step()
        qtbot.wait(1)  # the events a step posted (the territory dock's width)
        if cal.shown is None or cal.shown[0] != cal.territory_id():
            _show(window, cal.territory_id(), 1, "mon")
        assert views(window) == fresh(qtbot, monkeypatch, window), f"step {k}"


def test_a_move_works_out_the_reps_days_once(qtbot, monkeypatch) -> None:
    """The grid and the move's effect (the days before and after) read one table per
    calendar: the rep's days were worked out three times after each move."""
    window = _window(qtbot, monkeypatch, _plan())
    _show(window, window.document.plan.territories[0].id, 1, "mon")
    made: list[str | None] = []
    real = stats._day_summary

    def counted(plan: m.Plan, territory_id: str | None):  # noqa: ANN202
        made.append(territory_id)
        return real(plan, territory_id)

    monkeypatch.setattr(stats, "_day_summary", counted)
    _move(window, 1, "mon", "wed")
    assert made == [window.actions_ui.calendar_panel.territory_id()]
    made.clear()
    window.document.undo_stack.undo()  # the calendar before the move: its table is kept
    assert made == []


def test_the_territory_width_is_not_measured_again_after_a_move(qtbot, monkeypatch) -> None:
    """A hand move keeps the territory list's texts: its columns are not measured again."""
    window = _window(qtbot, monkeypatch, _plan())
    panel = window.actions_ui.territory_panel
    _show(window, window.document.plan.territories[0].id, 1, "mon")
    qtbot.wait(1)
    width = panel.preferred_width()
    measured: list[int] = []
    real = panel.view.sizeHintForColumn

    def counted(column: int) -> int:  # asked by the panel (Qt asks too, for its own layout)
        if sys._getframe(1).f_code.co_filename.endswith("territory_panel.py"):
            measured.append(column)
        return real(column)

    monkeypatch.setattr(panel.view, "sizeHintForColumn", counted)
    _move(window, 1, "mon", "wed")
    qtbot.wait(1)
    window.document.undo_stack.undo()
    qtbot.wait(1)
    assert measured == [] and panel.preferred_width() == width
    t = window.document.plan.territories[0]
    window.document.push(edits.RenameTerritory(t.id, t.name + " (a long new name)"))
    qtbot.wait(1)
    assert measured  # new texts: measured again
