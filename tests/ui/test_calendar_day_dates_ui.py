"""The Calendar dock names a day of a dated calendar by its date, as a manager does: the day
shown ("第2週 12/16(水)"), the right-click move ("… を第2週 12/16(水) からこの日へ移動") and the
status sentence after it ("12/17(木)に移動しました", the date alone). Before, only "第2週 水曜日" was said,
and the manager had to count from the week's Monday under the grid to know which day it was."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QAction

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def built(start: str) -> m.Plan:
    plan = synthetic_plan(40, territories=1, seed=3)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date=start))
    return build_schedule(plan, route_seconds=0.01)


def shown_panel(qtbot, plan: m.Plan, week: int, day: str) -> CalendarPanel:  # noqa: ANN001
    cal = CalendarPanel(PlanDocument(plan))
    qtbot.addWidget(cal)
    cal.grid.cellClicked.emit(week - 1, cal.days().index(day))
    return cal


def test_a_dated_days_title_move_and_sentence_give_its_date_in_japanese(qtbot) -> None:
    set_language("ja")
    plan = built("2026-12-07")
    cal = shown_panel(qtbot, plan, 2, "wed")
    assert cal.day_title.text().startswith("第2週 12/16(水): 訪問")
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    cal._doc.set_selection([cal.day_ids[0]])
    menu = cal.day_menu(1, cal.days().index("thu"))
    move = menu.findChild(QAction, "calendar_move_here")
    assert move is not None and "第2週 12/16(水) から" in move.text()
    move.trigger()
    assert said and said[0].startswith("1件の顧客を12/17(木)に移動しました。")
    assert cal.day_title.text().startswith("第2週 12/17(木): 訪問")


def test_english_and_an_undated_calendar(qtbot) -> None:
    set_language("en")
    cal = shown_panel(qtbot, built("2026-12-07"), 2, "wed")
    # the title begins its line: "Week 2", not "week 2" (as the grid's "Week 2 from 12/14")
    assert cal.day_title.text().startswith("Week 2 Wed 12/16: ")
    # the right-click move names the day inside its sentence: lower case there
    cal._doc.set_selection([cal.day_ids[0]])
    move = cal.day_menu(1, cal.days().index("thu")).findChild(QAction, "calendar_move_here")
    assert move is not None and "from week 2 Wed 12/16 to this day" in move.text()
    set_language("ja")
    cal = shown_panel(qtbot, built(""), 2, "wed")  # no dates: the week and weekday, as before
    assert cal.day_title.text().startswith("第2週 水曜日: 訪問")


def test_the_sentence_after_a_move_names_every_day_by_its_date(qtbot) -> None:
    """After a move the status sentence said 「第2週 12/17(木) に移動しました。1日の所要時間:
    第2週 木曜日 … 第2週 火曜日 …」: the week and weekday a manager has to turn into a date.
    With a dated calendar every day is its date, 12/17(木), the once-moved visit's and the
    day it left alike; without dates the week and weekday stay."""
    set_language("ja")
    plan = built("2026-12-07")
    cal = shown_panel(qtbot, plan, 2, "tue")
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    cal._doc.set_selection([cal.day_ids[0]])
    assert cal.move_selected_to(2, "thu", once=True)
    text = said[-1]
    assert text.startswith("1件の顧客を12/17(木)に移動しました。")
    assert "1日の所要時間: 12/17(木) " in text and "、12/15(火) " in text
    assert "第" not in text and "曜日" not in text
    set_language("en")
    cal = shown_panel(qtbot, built(""), 2, "tue")  # no dates: the week and weekday
    said.clear()
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    cal._doc.set_selection([cal.day_ids[0]])
    assert cal.move_selected_to(2, "thu", once=False)
    assert said[-1].startswith("Moved 1 customer to week 2 Thu.")


def test_a_day_of_one_visit_says_one_visit_in_english(qtbot) -> None:
    """A day of a single stop read "week 1 Mon 12/7: 1 visits, …"."""
    set_language("en")
    plan = build_schedule(synthetic_plan(3, territories=1, seed=3), route_seconds=0.01)
    s = plan.schedule
    counts = s.groupby(["week", "day"]).size()
    week, day = next(k for k, n in counts.items() if n == 1)
    cal = shown_panel(qtbot, plan, int(week), str(day))
    assert cal.day_title.text().startswith(f"Week {week} {m.WEEKDAY_TITLES[day]}: 1 visit, ")
    set_language("ja")
    cal = shown_panel(qtbot, plan, int(week), str(day))
    assert ": 訪問 1件、" in cal.day_title.text()
