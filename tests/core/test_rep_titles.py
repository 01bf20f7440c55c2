"""A rep and their territory are written one way: the rep first where the rep is the subject
(the Calendar dock's Rep box, the export dialog, route sheets: 「鈴木 一郎（東京エリア）」), the
territory first where the territory is (the shared map's layers and legend, the Assign menu:
「東京エリア（鈴木 一郎）」); the Calendar dock and the shared map's layers read
「鈴木 一郎 — 東京エリア」, a third order."""

from __future__ import annotations

from planner import model as m
from planner._design_changes import territory_label
from planner._schedule_no_home import rep_label
from planner.export.excel_routes import rep_title as routes_rep_title
from planner.maps.share import share_data
from planner.rep_titles import rep_title, territory_title
from planner.synthetic import synthetic_plan


def _plan() -> m.Plan:
    plan = synthetic_plan(20, territories=3, seed=2)
    t1, t2, t3 = plan.territories
    return plan.replace(territories=(
        t1.replace(name="東京エリア", rep="鈴木 一郎"),
        t2.replace(name="山田 太郎", rep="山田太郎"),  # named after its rep (a list's 担当)
        t3.replace(name="立川エリア", rep="")))


def test_one_helper_in_both_orders(japanese):
    t1, t2, t3 = _plan().territories
    assert rep_title(t1) == "鈴木 一郎（東京エリア）"
    assert territory_title(t1.name, t1.rep) == "東京エリア（鈴木 一郎）"
    assert rep_title(t2) == "山田太郎" and territory_title(t2.name, t2.rep) == "山田 太郎"
    assert rep_title(t3) == "立川エリア" and territory_title(t3.name, t3.rep) == "立川エリア"
    assert rep_title(t1, "東京エリア（削除済み）") == "鈴木 一郎（東京エリア（削除済み））"
    assert "—" not in rep_title(t1) + territory_title(t1.name, t1.rep)


def test_every_copy_says_it_the_same_way(japanese):
    plan = _plan()
    for t in plan.territories:
        assert rep_label(plan, t.id) == routes_rep_title(t) == rep_title(t)
        assert territory_label(plan, t.id) == territory_title(t.name, t.rep)
    labels = [t["label"] for t in share_data(plan)["territories"]]
    assert labels == ["東京エリア（鈴木 一郎）", "山田 太郎", "立川エリア"]


def test_english(english):
    t1 = _plan().territories[0]
    assert rep_title(t1) == "鈴木 一郎 (東京エリア)"
    assert territory_title(t1.name, t1.rep) == "東京エリア (鈴木 一郎)"
