"""次の期間へ after December's closure: the company's and the reps' days off keep their
dates (12/29〜1/3 stayed 2026's on the command line but became 2027-12-29… in the window)."""

from __future__ import annotations

import dataclasses

import pytest

from planner import model as m
from planner.days_off import parse_days_off
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.schedule_dialog import ScheduleDialog
from planner.ui.working_days_dialog import WorkingDaysDialog

pytestmark = pytest.mark.usefixtures("isolated")
CLOSURE = ("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03")


@pytest.fixture(scope="module")
def december() -> m.Plan:
    plan = synthetic_plan(40, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(
        plan.settings, start_date="2026-12-07", company_days_off=CLOSURE))
    plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-24",)))[0]
    return build_schedule(plan, route_seconds=0.01, workers=1)


def test_next_period_keeps_the_company_days_off_dates(qtbot, december: m.Plan) -> None:  # noqa: ANN001
    set_language("ja")
    try:
        doc = PlanDocument(december)
        dialog = ScheduleDialog(doc)
        qtbot.addWidget(dialog)
        assert dialog.company.text() == "12/29〜1/3"
        dialog.next_period.click()
        assert dialog.start.date().toString("yyyy-MM-dd") == "2027-01-04"
        with qtbot.waitSignal(dialog.built, timeout=120_000):
            dialog.run()
        assert doc.plan.settings.start_date == "2027-01-04"
        assert doc.plan.settings.company_days_off == CLOSURE  # not 2027-12-29…2028-01-03
        # a closure added beside it counts from the new week 1, the stored one stays
        again = ScheduleDialog(doc)
        qtbot.addWidget(again)
        again.company.setText(again.company.text() + ", 8/13〜8/16")
        with qtbot.waitSignal(again.built, timeout=120_000):
            again.run()
        added = parse_days_off("2027/8/13〜2027/8/16")
        assert doc.plan.settings.company_days_off == tuple(sorted(CLOSURE + added))
    finally:
        set_language(None)


def test_a_reps_day_off_keeps_its_date_in_the_next_period(qtbot, december: m.Plan) -> None:  # noqa: ANN001
    january = december.replace(settings=dataclasses.replace(
        december.settings, start_date="2027-01-04"))
    dialog = WorkingDaysDialog(january, "T01")
    qtbot.addWidget(dialog)
    assert dialog.days_off_dates() == ("2026-12-24",)  # not 2027-12-24
    assert dialog.edit() is None  # nothing typed: nothing changes
    dialog.days_off.setText(dialog.days_off.text() + ", 1/15")
    assert dialog.days_off_dates() == ("2026-12-24", "2027-01-15")
