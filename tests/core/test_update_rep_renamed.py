"""A rep renamed on the office's list (every 山田 row now says 鈴木: a successor took over, or
the name was corrected) is no move of customers: the design's territories stay, and one
sentence says so, instead of the list's stale rep column pulling customers back, or a
problem row for each of the rep's customers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import AssignCustomers, apply_edit
from planner.spreadsheet import read_customers
from planner.update import update_customers


def _designed(tmp_path: Path) -> tuple[m.Plan, dict[str, str]]:
    """The list's 山田 and 佐藤; the design gave two of 山田's listed shops to 佐藤."""
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    by_rep = {t.rep: t.id for t in plan.territories}
    plan = apply_edit(plan, AssignCustomers.to(("S005", "S006"), by_rep["佐藤"]))[0]
    return plan, by_rep


def _renamed_list(tmp_path: Path) -> Path:
    return write(tmp_path / "b.xlsx", [r[:7] + [r[7].replace("山田", "鈴木")] for r in rows()])


def _update(plan: m.Plan, path: Path):
    return update_customers(plan, read_customers(path, settings=plan.settings))


def _territories(plan: m.Plan) -> dict[str, str]:
    c = plan.customers
    return dict(zip(c[m.CUSTOMER_ID], c[m.TERRITORY], strict=True))


def test_a_rep_renamed_in_the_plan_and_on_the_list_moves_no_customer(tmp_path, english):
    plan, by_rep = _designed(tmp_path)
    ours = tuple(dataclasses.replace(t, rep="鈴木") if t.rep == "山田" else t
                 for t in plan.territories)
    plan = plan.replace(territories=ours)  # the successor, named in the Territories list
    up = _update(plan, _renamed_list(tmp_path))
    assert _territories(up.plan) == _territories(plan)  # S005, S006 stay with 佐藤
    assert up.changed == ()
    notes = [p for p in up.report.problems if p.note]
    assert [p.reason for p in notes] == [
        "The list's rep 山田 is now 鈴木 on all of their 12 rows: taken as a change of rep "
        "(or a corrected name); the customers keep their territories."]
    assert not [p for p in up.report.problems if not p.note]


def test_a_rep_renamed_on_the_list_only_is_one_sentence_naming_the_territory(tmp_path, english):
    plan, by_rep = _designed(tmp_path)
    up = _update(plan, _renamed_list(tmp_path))
    assert _territories(up.plan) == _territories(plan)
    assert up.changed == ()
    # one sentence, not a "no territory for this rep" row for each of the 12 customers
    assert [p.reason for p in up.report.problems] == [
        "The list's rep 山田 is now 鈴木 on all of their 12 rows: taken as a change of rep "
        "(or a corrected name); the customers keep their territories. To make 鈴木 the rep "
        "of 山田, edit its rep in the Territories list."]


def test_one_shop_given_to_a_rep_without_a_territory_is_still_told_row_by_row(
    tmp_path, english
):
    """Not a rename: 山田 keeps the other shops, so the moved shop's row is reported."""
    plan, _by_rep = _designed(tmp_path)
    data = rows()
    data[3][7] = "鈴木"
    up = _update(plan, write(tmp_path / "c.xlsx", data))
    (told,) = up.report.problems
    assert told.value == "鈴木" and "no territory for this rep" in told.reason


def test_the_japanese_sentence_runs_on_without_a_space(tmp_path, japanese):
    plan, _by_rep = _designed(tmp_path)
    (note,) = _update(plan, _renamed_list(tmp_path)).report.problems
    assert note.reason == (
        "リストの担当者「山田」が、その12行すべてで「鈴木」に変わっています。担当者の交代（または"
        "名前の訂正）とみなし、顧客のテリトリーはそのままにしました。「山田」の担当者を鈴木にするには、"
        "テリトリー一覧の担当者の欄を書き換えてください。")
