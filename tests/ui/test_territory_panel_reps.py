"""A rep typed into another territory's rep cell who already works one: the window asks, takes
it only on Yes, and the Calendar dock then says the two calendars may overlap."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")


def _plan() -> m.Plan:
    plan = synthetic_plan(60, territories=3, seed=6)
    t1, t2, t3 = plan.territories
    return plan.replace(territories=(t1.replace(name="山田太郎", rep="山田太郎"),
                                     t2.replace(name="髙橋一郎", rep="髙橋一郎"),
                                     t3.replace(name="東京エリア", rep="佐藤花子")))


def _answer(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next question box with ``button`` (keeping its text in ``seen``)."""
    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, go)
            return
        seen.append(box.text())
        box.button(button).click()
    QTimer.singleShot(0, go)


def _type_rep(panel: TerritoryPanel, row: int, text: str) -> bool:
    return panel.model.setData(panel.model.index(row, 1), text)


def test_a_rep_of_another_territory_is_asked_about_and_kept_only_on_yes(qtbot) -> None:
    doc = PlanDocument(_plan())
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    seen: list[str] = []
    _answer(QMessageBox.StandardButton.No, seen)
    assert not _type_rep(panel, 1, "山田 太郎")  # spaced, still the same person
    assert seen == ["山田 太郎 already has territory 山田太郎. Give 山田 太郎 this one as well?"]
    assert doc.plan.territory("T02").rep == "髙橋一郎" and not doc.undo_stack.count()
    set_language("ja")
    _answer(QMessageBox.StandardButton.Yes, seen)
    assert _type_rep(panel, 1, "山田太郎")
    assert seen[-1] == "山田太郎はすでにテリトリー「山田太郎」を担当しています。このテリトリーも山田太郎の担当にしますか？"
    t2 = doc.plan.territory("T02")
    assert (t2.name, t2.rep) == ("山田太郎 2", "山田太郎")  # told apart, not the old rep's name
    assert doc.undo_stack.count() == 1
    assert _type_rep(panel, 2, "鈴木花子")  # a rep of no other territory: nothing asked
    assert len(seen) == 2


def test_the_calendar_dock_says_once_that_a_reps_two_calendars_may_overlap(qtbot) -> None:
    plan = _plan()
    t1, t2, t3 = plan.territories
    plan = build_schedule(plan.replace(territories=(t1, t2.replace(rep="山田太郎"), t3)),
                          route_seconds=0.01)
    doc = PlanDocument(plan)
    dock = CalendarPanel(doc)
    qtbot.addWidget(dock)
    dock.rep_combo.setCurrentIndex(dock.rep_combo.findData("T02"))
    remark = "山田太郎 also has territory 山田太郎: planned separately, the visits may overlap"
    assert dock.summary.text().count(remark) == 1
    dock.rep_combo.setCurrentIndex(dock.rep_combo.findData("T03"))
    assert "overlap" not in dock.summary.text()  # 佐藤花子 works one territory
    set_language("ja")
    dock.retranslate()
    dock.rep_combo.setCurrentIndex(dock.rep_combo.findData("T01"))
    assert dock.summary.text().count(
        "山田太郎はテリトリー「髙橋一郎」も担当: 別々に計画するため、訪問の時間が重なることがあります") == 1
