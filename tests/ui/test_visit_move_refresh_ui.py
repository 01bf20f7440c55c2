"""A hand move in the Calendar dock redraws only what it changed: the customer list words the
moved customer's calendar days again and tells the views about its row alone (no reset), the
Rep box keeps its items; after the move and after its undo both show the right values."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from planner import model as m
from planner.compare import visit_day_texts
from planner.edits import RenameTerritory
from planner.ui import customer_days, file_actions
from planner.ui.calendar_grid import rep_choices
from planner.ui.customer_model import COLUMNS
from planner.ui.main_window import MainWindow
from tests.core.test_move_effect import weekly_plan

pytestmark = pytest.mark.usefixtures("isolated")
CALENDAR = next(i for i, c in enumerate(COLUMNS) if c.key == "calendar")


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(weekly_plan(), "")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return win


def move_first_thursday_shop_to_tuesday(window: MainWindow) -> str:
    """Week 1's Thursday shown, its first stop moved to Tuesdays (the right-click menu)."""
    cal = window.actions_ui.calendar_panel
    cal.grid.cellClicked.emit(0, cal.days().index("thu"))
    cid = cal.day_ids[0]
    window.document.set_selection([cid])
    menu = cal.day_menu(0, cal.days().index("tue"))
    action = menu.findChild(QAction, "calendar_move_here")
    assert action is not None and action.isEnabled()
    action.trigger()
    return cid


def listed_days(window: MainWindow) -> dict[str, str]:
    """Every customer's "In the calendar" cell as the list shows it."""
    model = window.actions_ui.customer_panel.model
    return {model.customer_id(r): model.data(model.index(r, CALENDAR), Qt.ItemDataRole.DisplayRole)
            for r in range(model.rowCount())}


def fresh_days(plan: m.Plan) -> dict[str, str]:
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    return dict(zip(ids, visit_day_texts(plan, ids), strict=True))


def test_a_move_rewords_and_redraws_only_the_moved_customers_row_and_its_undo_too(
    window, monkeypatch
):
    model = window.actions_ui.customer_panel.model
    doc = window.document
    before = listed_days(window)  # worded for the whole list once, as opened
    assert before == fresh_days(doc.plan)
    worded: list[int] = []
    real = customer_days.visit_day_texts

    def counting(plan, ids, **kwargs):  # type: ignore[no-untyped-def]
        worded.append(len(ids))
        return real(plan, ids, **kwargs)

    monkeypatch.setattr(customer_days, "visit_day_texts", counting)
    told: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, _roles=(): told.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(True))

    cid = move_first_thursday_shop_to_tuesday(window)
    row = int(model.view_rows_of({cid})[0])
    after = listed_days(window)
    assert after == fresh_days(doc.plan)  # every row right, the moved one changed
    assert after[cid] != before[cid] and ("火" in after[cid] or "Tue" in after[cid])
    assert {k: v for k, v in after.items() if k != cid} == {
        k: v for k, v in before.items() if k != cid}
    assert worded == [1]  # the moved customer alone, not the 30 of the list
    assert told == [(row, row)] and not resets

    worded.clear()
    told.clear()
    doc.undo_stack.undo()
    assert listed_days(window) == before == fresh_days(doc.plan)
    assert worded == [1]
    assert told == [(row, row)] and not resets

    doc.undo_stack.redo()
    assert listed_days(window) == after


def test_a_move_keeps_the_rep_box_and_a_renamed_rep_is_listed_again(window):
    cal = window.actions_ui.calendar_panel
    combo = cal.rep_combo
    made_again: list[bool] = []
    combo.model().rowsRemoved.connect(lambda *_a: made_again.append(True))
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert items == rep_choices(window.document.plan)

    move_first_thursday_shop_to_tuesday(window)
    assert not made_again  # the same reps: the box is left as it is
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == items
    window.document.undo_stack.undo()
    assert not made_again

    tid = str(combo.currentData())
    window.document.push(RenameTerritory(tid, "新しい名前"))  # its content changed: made again
    assert made_again
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == [label for label, _t in rep_choices(window.document.plan)]
    assert any("新しい名前" in label for label in labels)
    assert combo.currentData() == tid


def test_the_dock_shows_the_target_day_after_a_move_and_the_grid_counts_follow_undo(window):
    cal = window.actions_ui.calendar_panel
    doc = window.document
    tue = cal.days().index("tue")
    visits = cal.grid.item(0, tue).text()
    cid = move_first_thursday_shop_to_tuesday(window)
    assert cal.shown == ("T01", 1, "tue")
    assert cid in cal.day_ids  # the day list lists the day it went to
    assert cal.grid.item(0, tue).text() != visits
    doc.undo_stack.undo()
    assert cal.grid.item(0, tue).text() == visits
    assert cid not in cal.day_customers(1, "tue")
    assert np.isin([cid], cal.day_customers(1, "thu")).all()

