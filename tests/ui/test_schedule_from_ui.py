"""Build calendar mid-cycle, in the window: with a rep off sick today, the dialog offers to
keep the days before today and to rebuild only that rep, both ticked; built so, the past and
the other reps stay cell for cell, in one undo step."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from planner import model as m
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")
SICK = dt.date(2026, 12, 16)
KEY = ["territory", "customer_id", "week", "day", "seq", "arrival", "departure", "date"]


@pytest.fixture(scope="module")
def calendar() -> m.Plan:
    plan = synthetic_plan(60, territories=2, seed=4)
    reps = tuple(dataclasses.replace(t, rep=r)
                 for t, r in zip(plan.territories, ["鈴木 一郎", "田中 健太"], strict=True))
    plan = plan.replace(territories=reps, settings=dataclasses.replace(
        plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, route_seconds=0.01, workers=1)


def _sick(plan: m.Plan) -> m.Plan:
    return apply_edit(plan, UpdateTerritory.of("T01", days_off=(SICK.isoformat(),)))[0]


def _rows(frame):  # type: ignore[no-untyped-def]
    return sorted(map(tuple, frame[KEY].astype(str).to_numpy().tolist()))


def test_the_dialog_offers_to_keep_the_past_and_rebuild_only_the_sick_rep(
    qtbot, calendar: m.Plan, tmp_path: Path  # noqa: ANN001
) -> None:
    set_language("ja")
    try:
        dialog = ScheduleDialog(PlanDocument(_sick(calendar)), today=SICK)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.keep_past.isVisible() and dialog.keep_past.isChecked()
        assert dialog.keep_past.text() == "今日（12/16）より前の日は変えない"
        assert dialog.only_rep.isVisible() and dialog.only_rep.isChecked()
        assert dialog.only_rep.text() == "鈴木 一郎のカレンダーだけ作り直す"
        dialog.keep.setChecked(False)  # not keeping the days: neither means anything
        assert not dialog.keep_past.isEnabled() and not dialog.only_rep.isEnabled()
        dialog.keep.setChecked(True)
        dialog.grab().save(str(Path(PICTURES or tmp_path) / "schedule_from_dialog.png"))
    finally:
        set_language(None)


def test_neither_is_offered_before_the_calendar_begins_or_with_no_day_off(
    qtbot, calendar: m.Plan  # noqa: ANN001
) -> None:
    early = ScheduleDialog(PlanDocument(_sick(calendar)), today=dt.date(2026, 12, 2))
    qtbot.addWidget(early)
    early.show()
    assert not early.keep_past.isVisible() and early.only_rep.isVisible()
    plain = ScheduleDialog(PlanDocument(calendar), today=SICK)
    qtbot.addWidget(plain)
    plain.show()
    assert plain.keep_past.isVisible() and not plain.only_rep.isVisible()


def test_built_so_the_past_and_the_other_rep_stay_in_one_undo_step(
    qtbot, calendar: m.Plan  # noqa: ANN001
) -> None:
    doc = PlanDocument(_sick(calendar))
    before = doc.plan.schedule
    dialog = ScheduleDialog(doc, today=SICK)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.built, timeout=120_000):
        dialog.run()
    after = doc.plan.schedule
    assert _rows(before[before["date"] < "2026-12-16"]) == _rows(after[after["date"] < "2026-12-16"])
    assert _rows(before[before["territory"] == "T02"]) == _rows(after[after["territory"] == "T02"])
    assert not ((after["territory"] == "T01") & (after["date"] == "2026-12-16")).any()
    assert "12/16" in dialog.report and "→" in dialog.report
    doc.undo_stack.undo()
    assert _rows(doc.plan.schedule) == _rows(before)


def test_a_rep_whose_working_time_changed_otherwise_is_offered_alone(
    qtbot, calendar: m.Plan, tmp_path: Path  # noqa: ANN001
) -> None:
    """No day off: 田中's rep now starts from home (a new home base) and works Mon–Thu; the
    dialog offers to rebuild only 田中's calendar, and built so 鈴木's stays cell for cell."""
    plan = apply_edit(calendar, UpdateTerritory.of(
        "T02", home_lat=35.68, home_lon=139.76, working_days=("mon", "tue", "wed", "thu")))[0]
    set_language("ja")
    try:
        doc = PlanDocument(plan)
        dialog = ScheduleDialog(doc, today=SICK)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.only_rep.isVisible() and dialog.only_rep.isChecked()
        assert dialog.only_rep.text() == "田中 健太のカレンダーだけ作り直す"
        dialog.grab().save(str(Path(PICTURES or tmp_path) / "schedule_from_working_time.png"))
        before = doc.plan.schedule
        with qtbot.waitSignal(dialog.built, timeout=120_000):
            dialog.run()
    finally:
        set_language(None)
    after = doc.plan.schedule
    assert _rows(before[before["territory"] == "T01"]) == _rows(after[after["territory"] == "T01"])
    assert not ((after["territory"] == "T02") & (after["date"] >= "2026-12-16")
                & (after["day"] == "fri")).any()
    assert ScheduleDialog(doc, today=SICK).concerned == ()  # built: nothing changed since


def test_the_report_of_one_reps_rebuild_says_so_first(
    qtbot, calendar: m.Plan  # noqa: ANN001
) -> None:
    """The status bar begins with the report's first lines: after rebuilding only 鈴木's calendar it
    began 「訪問カレンダーを作成しました」, read as every rep's calendar built again."""
    set_language("ja")
    try:
        doc = PlanDocument(_sick(calendar))
        dialog = ScheduleDialog(doc, today=dt.date(2026, 12, 2))  # before week 1: rep only
        qtbot.addWidget(dialog)
        assert dialog.only_rep.isChecked() and not dialog.keep_past.isChecked()
        with qtbot.waitSignal(dialog.built, timeout=120_000):
            dialog.run()
        # one item a line; the status bar's copy runs them on
        first = dialog.report.split("\n")[:2]
        visits = f"{len(doc.plan.schedule):,}"
        assert first[0] == "鈴木 一郎のカレンダーを作り直しました。ほかの担当者のカレンダーはそのままです。"
        assert first[1].startswith(f"カレンダー全体の訪問は {visits}件です。期間: ")
        assert dialog.report_items is not None
        assert dialog.report_items.status_line().startswith("".join(first))
        assert "訪問カレンダーを作成しました" not in dialog.report
        assert dialog.report.count("鈴木 一郎のカレンダーを作り直しました") == 1  # not twice
        # every rep built again: as before
        whole = ScheduleDialog(doc, today=dt.date(2026, 12, 2))
        qtbot.addWidget(whole)
        whole.keep.setChecked(False)
        with qtbot.waitSignal(whole.built, timeout=120_000):
            whole.run()
        assert whole.report.startswith("訪問カレンダーを作成しました: 訪問 ")
        assert "作り直しました" not in whole.report.split("\n")[0]
    finally:
        set_language(None)


@pytest.mark.usefixtures("program_font")
def test_next_period_mid_cycle_builds_the_next_month_not_a_refusal(
    qtbot, calendar: m.Plan, tmp_path: Path  # noqa: ANN001
) -> None:
    """Late December (today 12/16, 鈴木 off that day) the manager clicks 次の期間へ for
    January: keeping the days before today and rebuilding 鈴木 alone belong to December's
    calendar, so they go away (they stayed ticked, and Build stopped on 「過ぎた日や
    ほかの担当者のカレンダーをそのまま残すには、同じ開始日・週数・稼働日で…」); back on
    December's start they are offered again. Built, every rep's calendar runs from 1/4."""
    set_language("ja")
    try:
        doc = PlanDocument(_sick(calendar))
        dialog = ScheduleDialog(doc, today=SICK)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.keep_past.isVisible() and dialog.only_rep.isVisible()
        qtbot.waitExposed(dialog)
        tall = dialog.height()
        dialog.next_period.click()
        assert dialog.height() < tall  # no blank rows where the two were
        assert dialog.start.date().toString("yyyy-MM-dd") == "2027-01-04"
        assert dialog.keep.isChecked()
        assert not dialog.keep_past.isVisible() and not dialog.only_rep.isVisible()
        dialog.grab().save(str(Path(PICTURES or tmp_path) / "schedule_next_period_mid_cycle.png"))
        dialog.start.setDate(QDate(2026, 12, 7))  # December again: offered again, as they were
        assert dialog.height() == tall
        assert dialog.keep_past.isVisible() and dialog.keep_past.isChecked()
        assert dialog.only_rep.isVisible() and dialog.only_rep.isChecked()
        dialog.weeks.setValue(5)  # another cycle is another calendar too
        assert not dialog.keep_past.isVisible() and not dialog.only_rep.isVisible()
        dialog.weeks.setValue(4)
        dialog.next_period.click()
        failed: list[str] = []
        dialog.runFailed.connect(failed.append)
        with qtbot.waitSignal(dialog.built, timeout=120_000):
            dialog.run()
    finally:
        set_language(None)
    assert failed == []
    after = doc.plan.schedule
    assert doc.plan.settings.start_date == "2027-01-04"
    # the report (and the status bar, its first line) says which dates it built
    visits = f"{len(after):,}"
    assert dialog.report.startswith(f"訪問カレンダーを作成しました: 訪問 {visits}件。"
                                    "期間: 2027/01/04(月)〜")
    assert str(after["date"].min()) >= "2027-01-04"
    assert set(after["territory"]) == {"T01", "T02"}
