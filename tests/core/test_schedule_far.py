"""A customer left out for lack of room whose address lies outside its territory: the reason
tells the detour in km and whose area holds the address (:mod:`planner._schedule_far`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import shapely
from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import MoveCustomer, apply_edit
from planner.i18n import in_language
from planner.schedule import build_schedule
from planner.unscheduled import Reason, code_of

SHINJUKU = shapely.box(139.66, 35.67, 139.72, 35.72)
OMIYA = shapely.box(139.60, 35.88, 139.66, 35.93)


def bounded(tmp_path: Path) -> m.Plan:
    """山田 around Shinjuku and 佐藤 around Omiya, each with its area drawn."""
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    shapes = {"山田": SHINJUKU, "佐藤": OMIYA}
    return plan.replace(territories=tuple(
        dataclasses.replace(t, boundary=shapes[t.rep]) for t in plan.territories))


def left_out(plan: m.Plan) -> dict[str, tuple[str, str]]:
    # one Monday of 3 hours: many of each rep's twelve customers find no room (a drive of
    # 25 km there and back fits in it alone)
    built = build_schedule(plan, weeks=1, days=("mon",), day_hours=3, workers=1)
    u = built.unscheduled
    return dict(zip(u["customer_id"], zip(u["reason"], u["reason_code"], strict=True),
                    strict=True))


def test_a_customer_moved_into_anothers_area_is_told_the_detour_and_the_area(
    tmp_path, english
) -> None:
    plan = bounded(tmp_path)
    # S001 (山田's) moved to Omiya: 佐藤's area, 25 km from 山田's Shinjuku customers
    plan = apply_edit(plan, MoveCustomer("S001", 35.915, 139.645))[0]
    out = left_out(plan)
    reason, code = out["S001"]
    assert code == Reason.NO_ROOM and code_of(reason) == Reason.NO_ROOM
    assert reason.startswith("The working days are full: the visits do not fit in 3 hours a "
                             "day, nor the detour to its address in 佐藤's area, "), reason
    km = int(reason.split(", ")[2].split(" km")[0])
    assert 20 <= km <= 30 and reason.endswith("Give it to 佐藤, or make room.")
    # its neighbours left out inside the area keep the plain reason
    inside = [r for cid, (r, c) in out.items() if cid.startswith("S") and cid != "S001"]
    assert inside and all(r == "The working days are full: the visits do not fit in 3 hours a "
                                "day." for r in inside)
    with in_language("ja"):
        ja = left_out(plan)["S001"][0]
    assert ja.startswith("稼働日が埋まっています。1日3時間に訪問が収まらず、佐藤の区域内にある住所"), ja
    assert code_of(ja) == Reason.NO_ROOM


def test_outside_every_area_it_says_outside_the_territory(tmp_path, english) -> None:
    plan = apply_edit(bounded(tmp_path), MoveCustomer("S001", 35.80, 139.90))[0]  # 松戸 way
    reason = left_out(plan)["S001"][0]
    assert "nor the detour to its address outside the territory, " in reason
    assert "Give it to" not in reason
