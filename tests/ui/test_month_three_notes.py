"""A manager's third month, in Japanese: after a hand-over the status bar named only a
re-balance (「再配分しました: 移動 246件…」), never the territory gone with its rep; after
*Add a rep here* it never said that a new territory with no rep and no home base was there to
fill in."""

from __future__ import annotations

import pytest

from planner import model as m
from planner._design_subset import retire_group, touching_territories
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def four_reps() -> m.Plan:
    plan = synthetic_plan(60, territories=4, seed=7)
    names = ["練馬エリア", "東京エリア", "立川エリア", "大宮エリア"]
    reps = ["田中 健太", "鈴木 一郎", "高橋 美咲", "山田 太郎"]
    return plan.replace(territories=tuple(
        t.replace(name=n, rep=r) for t, n, r in zip(plan.territories, names, reps, strict=True)))


def applied(qtbot, plan: m.Plan, **options) -> DesignDialog:  # noqa: ANN003
    dialog = DesignDialog(PlanDocument(plan), **options)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    dialog.apply()
    return dialog


def test_the_hand_overs_note_names_the_territory_gone_with_its_rep(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    leaver = next(t for t in plan.territories if touching_territories(plan, t.id))
    group = list(retire_group(plan, leaver.id, None))
    dialog = applied(qtbot, plan, keep_existing=True, only=group, count=len(group) - 1,
                     retire=leaver.id)
    assert leaver.id not in dialog.doc.plan.territory_ids
    assert dialog.note.startswith(
        f"{leaver.name}（{leaver.rep}）はなくなり、顧客はほかのテリトリーに移りました。再配分しました: ")


def test_a_new_reps_territory_asks_for_the_rep_and_the_home_base(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    first = plan.territories[0].id
    group = [first, *touching_territories(plan, first)]
    dialog = applied(qtbot, plan, keep_existing=True, only=group, count=len(group) + 1)
    (new,) = [t for t in dialog.doc.plan.territories if t.id not in plan.territory_ids]
    assert dialog.note.startswith(
        f"新しいテリトリー「{new.name}」ができました。担当者名と拠点を設定してください"
        "（テリトリー一覧で右クリック）。再配分しました: ")


def test_a_design_that_keeps_every_territory_says_only_what_it_moved(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    dialog = applied(qtbot, plan, keep_existing=True)
    assert dialog.note.startswith("再配分しました: ")
