"""The window's export message names the days longer than the rep's day of the reps and
weeks written only: printing one rep's next week named every rep's long days of the whole
cycle (「担当者の1日の稼働時間より長い日が3日あります: … 第2週 火曜日、第3週 火曜日」 under a
PDF of week 1), and the HTML map, which prints no day, named them too."""

from __future__ import annotations

import dataclasses

import pytest

from planner import model as m
from planner.day_length import long_day_records
from planner.edits import MoveVisits, apply_edit
from planner.i18n import tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.export_choice import ExportChoice
from tests.ui.test_main_window import open_window

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module")
def long_plan() -> m.Plan:
    """Two reps; the first's Wednesdays made too long by a hand move (every week)."""
    plan = synthetic_plan(60, territories=2, seed=5)
    first = dataclasses.replace(plan.territories[0], day_hours=5.0, capacity_hours=20.0,
                                working_days=("mon", "wed", "fri"))
    plan = plan.replace(territories=[first, *plan.territories[1:]],
                        settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    built = build_schedule(plan, route_seconds=0.01)
    s = built.schedule
    monday = s[(s["territory"] == first.id) & (s["week"] == 1) & (s["day"] == "mon")]
    moved, _, _ = apply_edit(built, MoveVisits(tuple(monday["customer_id"][:5]), (1, "mon"),
                                               (1, "wed")))
    return moved


def _export(qtbot, window, action: str, path, choice: ExportChoice) -> str:
    files = window.actions_ui.files
    files.ask_export_choice = lambda *_a, **_k: choice
    files.ask_save_path = lambda *_a: str(path)
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions[action].trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith(tr("Exported {path}", path=str(path)))
    return message


def test_the_export_message_names_the_long_days_of_what_was_written(qtbot, tmp_path,
                                                                    long_plan) -> None:
    busy, idle = (t.id for t in long_plan.territories)
    weeks = sorted({r["week"] for r in long_day_records(long_plan)})
    assert len(weeks) > 1 and {r["territory"] for r in long_day_records(long_plan)} == {busy}
    window = open_window(qtbot, long_plan)
    # every rep, every week: the long days named, as before
    every = _export(qtbot, window, "export_excel", tmp_path / "all.xlsx", ExportChoice())
    assert "longer than the rep's day" in every and f"week {weeks[-1]} Wed" in every
    # the other rep alone: none of the first rep's days
    other = _export(qtbot, window, "export_excel", tmp_path / "idle.xlsx",
                    ExportChoice(reps=(idle,)))
    assert "longer than" not in other
    # the first rep's week 1 hand-outs: that week's day, not the weeks not printed
    week1 = _export(qtbot, window, "export_pdf", tmp_path / "w1.pdf",
                    ExportChoice(reps=(busy,), weeks=(weeks[0],)))
    assert "1 day is longer than the rep's day: " in week1
    assert f"week {weeks[0]} Wed" in week1 and f"week {weeks[1]} Wed" not in week1
    # the HTML map prints no day: no such sentence
    html = _export(qtbot, window, "export_html", tmp_path / "map.html", ExportChoice())
    assert "longer than" not in html
