"""The Calendar dock's closed days say their date as the rest of the dock does: hovering
「休業日」 read "2026-12-29 は会社の休日です。" and 「元日」 "2027-01-01 元日", where the day
list, its title and the move picker all write 「12/29(火)」."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_move_choices import small_plan
from tests.ui.test_calendar_day_list_ui import tooltip_at

pytestmark = pytest.mark.usefixtures("isolated", "program_font")


def test_a_closed_days_tooltip_names_it_as_the_manager_writes_dates(qtbot, tmp_path) -> None:
    set_language("ja")
    cal = CalendarPanel(PlanDocument(small_plan()))
    qtbot.addWidget(cal)
    cal.resize(470, 560)
    cal.show()
    qtbot.waitExposed(cal)
    days = cal.days()
    rep = cal._doc.plan.territories[0]
    off = cal.grid.item(1, days.index("fri"))  # 12/18: the rep's day off
    closed = cal.grid.item(3, days.index("tue"))  # 12/29: the company closed
    new_year = cal.grid.item(3, days.index("fri"))  # 1/1
    assert (off.text(), closed.text(), new_year.text()) == ("休み", "休業日", "元日")
    assert off.toolTip().split("\n")[0] == f"{rep.rep}は 12/18(金) は休みです。"
    assert closed.toolTip().split("\n")[0] == "12/29(火) は会社の休日です。"
    assert new_year.toolTip().split("\n")[0] == "1/1(金) 元日"
    assert not any("2026-" in c.toolTip() or "2027-" in c.toolTip()
                   for c in (off, closed, new_year))
    folder = Path(os.environ.get("PLANNER_TEST_PICTURES", "") or tmp_path)
    rect = cal.grid.visualItemRect(closed)
    assert tooltip_at(cal.grid.viewport(), rect.center()).startswith("12/29(火) は会社の休日です。")
    for tip in (w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")):
        if tip.isVisible():
            tip.grab().save(str(folder / "calendar_closed_day_tip_ja.png"))
    set_language("en")
    cal.retranslate()
    closed = cal.grid.item(3, days.index("tue"))
    assert closed.toolTip().split("\n")[0] == "The company is closed on 12/29(Tue)."
    QApplication.processEvents()
    cal.grab().save(str(folder / "calendar_closed_days_en.png"))


def test_a_closed_days_menu_says_once_why_it_takes_no_visits(qtbot, tmp_path) -> None:
    """Right-clicking 休業日 listed 「この日は訪問なし（休業日）」 twice (the move and the
    one-off move, both greyed): one line says it; a working day keeps both moves."""
    set_language("ja")
    cal = CalendarPanel(PlanDocument(small_plan()))
    qtbot.addWidget(cal)
    cal.resize(470, 560)
    cal.show()
    qtbot.waitExposed(cal)
    days = cal.days()
    cal.grid.cellClicked.emit(1, days.index("tue"))
    cal._doc.set_selection(cal.day_ids[:1])
    menu = cal.day_menu(3, days.index("tue"))  # 12/29, the company closed
    shown = [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
    assert shown.count("この日は訪問なし（休業日）") == 1
    assert len(shown) == len(set(shown))
    folder = Path(os.environ.get("PLANNER_TEST_PICTURES", "") or tmp_path)
    menu.popup(cal.mapToGlobal(cal.rect().center()))
    qtbot.waitExposed(menu)
    menu.grab().save(str(folder / "calendar_closed_day_menu_ja.png"))
    menu.close()
    open_day = cal.day_menu(1, days.index("thu"))  # 12/17: both moves, enabled
    moves = [a for a in open_day.actions()
             if a.objectName() in ("calendar_move_here", "calendar_move_once")]
    assert [a.isVisible() and a.isEnabled() for a in moves] == [True, True]


def test_a_closed_day_without_visits_offers_no_route_to_show(qtbot) -> None:
    """「ルートを表示」 was offered on 休業日, 休み and 元日, where there is no route: it showed an
    empty day. It is greyed there; a working day, and a day off given after the build that
    still holds its visits, keep it."""
    import dataclasses

    set_language("ja")
    plan = small_plan()
    rep = plan.territories[0]
    # 12/17 (Thu): the rep off after the calendar was built, its visits still there
    plan = plan.replace(territories=[dataclasses.replace(
        rep, days_off=(*rep.days_off, "2026-12-17"))])
    cal = CalendarPanel(PlanDocument(plan))
    qtbot.addWidget(cal)
    cal.resize(470, 560)
    cal.show()
    qtbot.waitExposed(cal)
    days = cal.days()

    def route_action(row: int, day: str):
        menu = cal.day_menu(row, days.index(day))
        return next(a for a in menu.actions() if a.objectName() == "calendar_show_route")

    for row, day in ((1, "fri"), (3, "tue"), (3, "fri")):  # 休み 12/18, 休業日 12/29, 元日
        action = route_action(row, day)
        assert action.text() == "ルートを表示" and not action.isEnabled()
    assert route_action(1, "wed").isEnabled()  # 12/16, a working day
    assert cal.day_customers(2, "thu") and (1, days.index("thu")) in cal._closed  # 12/17: off
    # now, its visits wait for a rebuild
    assert route_action(1, "thu").isEnabled()
