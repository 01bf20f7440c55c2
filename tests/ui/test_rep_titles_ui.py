"""The Calendar dock's Rep box names a rep as the export dialog does: 「鈴木 一郎（東京エリア）」
(it read 「鈴木 一郎 — 東京エリア」 above a dialog listing 「鈴木 一郎（東京エリア）」)."""

from __future__ import annotations

from planner.synthetic import synthetic_plan
from planner.ui.calendar_grid import rep_choices
from planner.ui.export_choice import plan_reps


def test_the_rep_box_and_the_export_dialog_name_reps_alike(japanese):
    plan = synthetic_plan(20, territories=2, seed=3)
    t1, t2 = plan.territories
    plan = plan.replace(territories=(t1.replace(name="東京エリア", rep="鈴木 一郎"),
                                     t2.replace(name="鈴木 花子", rep="鈴木 花子")))
    box = [label for label, _id in rep_choices(plan)]
    assert box == ["鈴木 一郎（東京エリア）", "鈴木 花子"]
    assert box == [title for _id, title in plan_reps(plan)]
