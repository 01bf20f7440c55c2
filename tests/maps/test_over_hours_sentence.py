"""The sentence for a rep an edit took over their weekly hours (:func:`over_hours_note`):
only for a rep who gained customers and whose week went over their hours, or further over."""

from __future__ import annotations

from pathlib import Path

from planner import model as m
from planner.edits import AssignCustomers, apply_edit
from planner.i18n import in_language
from planner.maps.actions import over_hours_note
from planner.store import load_plan
from planner.territories import territory_metrics

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample_plan.gpkg"


def _moved(plan: m.Plan, source: str, target: str, n: int) -> m.Plan:
    c = plan.customers
    ids = tuple(c.loc[c[m.TERRITORY] == source, m.CUSTOMER_ID].astype(str).iloc[:n])
    return apply_edit(plan, AssignCustomers.to(ids, target))[0]


def test_within_to_over_and_further_over_are_said_and_the_rest_is_not():
    plan = load_plan(SAMPLE)
    was = territory_metrics(plan)["workload_hours_per_week"]
    assert was["T08"] < 40 < was["T01"]  # 佐藤 花子 within, 鈴木 一郎 over already
    over = _moved(plan, "T05", "T08", 150)
    hours = territory_metrics(over).at["T08", "workload_hours_per_week"]
    assert hours > 40
    with in_language("ja"):
        assert over_hours_note(plan, over) == (
            f"佐藤 花子は週{hours:.1f}時間になり、稼働時間（40時間）を超えます。")
    with in_language("en"):
        assert over_hours_note(plan, over) == (
            f"佐藤 花子 now works {hours:.1f} h a week, more than their hours (40 h).")
    further = _moved(plan, "T04", "T01", 20)
    with in_language("en"):
        assert over_hours_note(plan, further).startswith("鈴木 一郎 now works ")
    assert over_hours_note(plan, _moved(plan, "T05", "T08", 5)) == ""  # still within
    assert over_hours_note(plan, _moved(plan, "T01", "T04", 5)) == ""  # over, but less
