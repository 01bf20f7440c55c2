"""The move picker (「別の日に移動（この日だけ）…」) opens at once: its 移動後 column says
「計算中…」 while a worker estimates each day (a second or more on a big plan when visiting
hours make a day be ordered again, the window frozen under a wait cursor before), then shows
exactly the figures the synchronous estimate gives. A day can be chosen before the estimate
has come; closing the picker early stops the worker and drops its result."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner import move_choices
from planner.day_length import hours_text
from planner.errors import Cancelled
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from tests.core.test_move_choices import small_plan, tuesday_shop
from tests.ui.test_move_day_picker_ui import open_picker

pytestmark = pytest.mark.usefixtures("isolated", "program_font")
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")
AFTER = 2
PENDING = "計算中…"


@pytest.fixture(scope="module")
def hours_shop() -> tuple[m.Plan, str]:
    """:func:`small_plan` with visiting hours for most customers: the Tuesday shop (open
    10:00–11:00) fits nowhere by insertion alone, so every day is ordered again."""
    plan = small_plan()
    c = plan.customers.copy()
    c[m.VISIT_TIME] = np.resize(
        np.array(["", "10:00-11:00", "", "15:00-17:00", "9:00-10:00"]), len(c))
    plan = build_schedule(plan.replace(customers=c), weeks=4, route_seconds=0.01)
    return tuesday_shop(plan)


class Gate:
    """A stand-in for :func:`move_choices.with_after` that holds the worker until
    :meth:`release` (then gives the real figures), or until the picker cancels it."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.seen: list[str] = []
        self.real = move_choices.with_after

    def __call__(self, plan, territory_id, customer_ids, choices, progress=None):  # type: ignore[no-untyped-def]
        self.seen.append("started")
        for _ in range(3000):  # 30 s at most: a test never hangs on it
            if self.open.wait(0.01):
                break
            if progress is not None and not progress(0.0, ""):
                self.seen.append("cancelled")
                raise Cancelled()
        self.seen.append("computing")
        return self.real(plan, territory_id, customer_ids, choices, progress=progress)

    def release(self) -> None:
        self.open.set()


def afters(dialog) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = dialog.table
    return {table.item(r, 0).text(): table.item(r, AFTER).text()
            for r in range(table.rowCount())}


def row_of(dialog, label: str) -> int:  # type: ignore[no-untyped-def]
    table = dialog.table
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == label)


def test_the_picker_opens_calculating_and_fills_in_the_synchronous_figures(
        qtbot, monkeypatch, tmp_path, hours_shop):
    plan, cid = hours_shop
    set_language("ja")
    # the figures the picker gave when it worked them out before opening
    expected = move_choices.once_choices(plan, "T01", [cid], (2, "tue"))
    assert sum(c.after is not None for c in expected) == 9
    gate = Gate()
    monkeypatch.setattr(move_choices, "with_after", gate)
    _cal, dialog = open_picker(qtbot, plan, cid)
    folder = Path(PICTURES) if PICTURES else tmp_path
    # open, days listed, the estimate still in the worker
    got = afters(dialog)
    assert len(got) == 20
    assert {k for k, v in got.items() if v == PENDING} == {
        c.label for c in expected if c.choosable}
    assert all(v == "" for k, v in got.items() if v != PENDING)  # refused days: no figure
    assert dialog.table.item(row_of(dialog, "12/17(木)"), 1).text().endswith(" / 8時間")
    QApplication.processEvents()
    dialog.grab().save(str(folder / "move_day_picker_calculating_ja.png"))
    gate.release()
    qtbot.waitUntil(lambda: PENDING not in afters(dialog).values())
    assert gate.seen == ["started", "computing"]
    want = {c.label: tr("{hours} h", hours=hours_text(c.after, c.limit))
            if c.after is not None else "" for c in expected}
    assert afters(dialog) == want
    assert [c.after for c in dialog.choices] == [c.after for c in expected]
    # the first later day it fits in is ready for Enter, as before
    assert dialog.chosen() is not None
    first = dialog.choices[dialog.table.currentRow()]
    assert first.after is not None and first.after <= first.limit
    QApplication.processEvents()
    dialog.grab().save(str(folder / "move_day_picker_estimated_ja.png"))
    task = dialog._task
    assert task is not None and task.done and task.wait(0)


def test_a_day_chosen_before_the_estimate_moves_the_visit_and_stops_the_worker(
        qtbot, monkeypatch, hours_shop):
    plan, cid = hours_shop
    set_language("ja")
    gate = Gate()  # never released: only the picker's closing ends it
    monkeypatch.setattr(move_choices, "with_after", gate)
    cal, dialog = open_picker(qtbot, plan, cid)
    doc = cal._doc
    qtbot.waitUntil(lambda: gate.seen == ["started"])
    thread = dialog._task._thread
    assert thread.isRunning()
    table = dialog.table
    thu = row_of(dialog, "12/17(木)")
    assert table.item(thu, AFTER).text() == PENDING
    rect = table.visualItemRect(table.item(thu, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen() == (2, "thu") and dialog.ok_button().isEnabled()
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert gate.seen == ["started", "cancelled"] and not thread.isRunning()
    s = doc.plan.schedule
    mine = s[s.customer_id == cid].sort_values("week")
    assert list(mine.day) == ["tue", "thu", "tue"]
    assert doc.undo_stack.count() == 1
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # deleted, nothing left behind


def test_closing_the_picker_before_the_estimate_stops_the_worker(qtbot, monkeypatch,
                                                                  hours_shop):
    plan, cid = hours_shop
    set_language("ja")
    gate = Gate()
    monkeypatch.setattr(move_choices, "with_after", gate)
    cal, dialog = open_picker(qtbot, plan, cid)
    qtbot.waitUntil(lambda: gate.seen == ["started"])
    task = dialog._task
    thread = task._thread
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert gate.seen == ["started", "cancelled"] and not thread.isRunning()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    gate.release()
    QApplication.processEvents()
    assert cal._doc.undo_stack.count() == 0  # nothing moved


def test_closing_at_once_with_the_real_estimate_leaves_no_thread(qtbot, hours_shop):
    """No stand-in: the real estimate stopped between days (or its result dropped)."""
    plan, cid = hours_shop
    set_language("ja")
    _cal, dialog = open_picker(qtbot, plan, cid)
    task = dialog._task
    thread = task._thread
    dialog.reject()
    assert not thread.isRunning()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    QApplication.processEvents()
