"""Every customer the calendar leaves out has a stable reason code beside the reason's words
(``plan.unscheduled["reason_code"]``): kept in the plan file, read back from the words of a
file saved before the codes, counted by ``stats --json``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner import store
from planner._customer_edits import calendar_without
from planner.i18n import catalogue, in_language, tr
from planner.schedule import build_schedule
from planner.stats import schedule_summary
from planner.unscheduled import _MESSAGES, TO_FIX, Reason, code_of, fix_text, not_visited_text
from tests.core.test_schedule_roll import _monthly_plan

pytestmark = pytest.mark.usefixtures("english")

#: The customers (plan rows) the plan below leaves out for their own data, and why.
EXPECTED = {
    0: Reason.VISIT_HOURS,  # 9:00–9:30 for a 3-hour visit
    1: Reason.NO_WORKING_DAY,  # visited on Saturdays only, the calendar works Mon–Fri
    2: Reason.NO_FREQUENCY,
    3: Reason.NO_POSITION,
    4: Reason.NO_TERRITORY,
    5: Reason.TOO_FAR,  # 300 km from the rep's home
    6: Reason.VISIT_TOO_LONG,  # a 10-hour visit
}


def _plan(n: int = 46) -> m.Plan:
    """``n`` monthly customers of one rep, 3 hours a visit (the days cannot hold them all,
    :func:`tests.core.test_schedule_roll._monthly_plan`), the first seven left out for a
    reason of their own data (:data:`EXPECTED`)."""
    plan = _monthly_plan(n, skip_holidays=False)
    c = plan.customers.copy()
    c.loc[0, m.VISIT_TIME] = "9:00-9:30"
    c.loc[1, m.VISIT_DAYS] = "sat"
    c.loc[2, m.FREQUENCY] = 0.0
    c.loc[3, [m.LAT, m.LON]] = np.nan
    c.loc[4, m.TERRITORY] = ""
    c.loc[5, m.LAT] = float(c.loc[5, m.LAT]) + 2.7
    c.loc[6, m.SERVICE_MINUTES] = 600.0
    c = m.set_points(c)
    return plan.replace(customers=c)


@pytest.fixture(scope="module")
def built() -> m.Plan:
    with in_language("en"):
        return build_schedule(_plan(), route_seconds=0.01)


def test_every_customer_left_out_has_the_code_of_its_reason(built: m.Plan) -> None:
    un = built.unscheduled
    assert list(un.columns) == ["customer_id", "territory", "reason", "reason_code"]
    ids = built.customers[m.CUSTOMER_ID].astype(str).tolist()
    codes = dict(zip(un["customer_id"], un["reason_code"], strict=True))
    assert {ids[k]: codes.get(ids[k]) for k in EXPECTED} == {
        ids[k]: str(r) for k, r in EXPECTED.items()}
    # the rest the full days could not hold
    assert set(codes.values()) - {str(r) for r in EXPECTED.values()} == {Reason.NO_ROOM}
    # the code and the words agree: a file without codes reads back the same ones
    assert [code_of(r) for r in un["reason"]] == list(un["reason_code"])


def test_the_figures_count_the_customers_by_reason(built: m.Plan) -> None:
    summary = schedule_summary(built)
    assert summary is not None
    by_reason = summary["unscheduled_by_reason"]
    assert sum(by_reason.values()) == summary["unscheduled"]
    assert by_reason == built.unscheduled["reason_code"].value_counts().to_dict()
    assert set(by_reason) == {str(r) for r in EXPECTED.values()} | {"no_room"}
    assert by_reason["visit_hours"] == 1 and by_reason["no_room"] >= 3


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_code_is_read_from_every_reason_s_words_in_either_language(language: str) -> None:
    """A plan file saved before the codes keeps only the words, in the language the calendar
    was built in: each message of each reason is recognised, its fields filled in."""
    values = dict(visits=2, rep="山田 太郎", n=1, days="月・水", rep_days="火", open=1,
                  visit=9.5, hours=10.25, minutes=30, start="09:00", end="17:00",
                  date="2026-12-29", what=tr("a company holiday"), weeks=3, name="元日",
                  origin="2026-12-16", area="大宮エリア", km=12.3)
    with in_language(language):
        for code, sources in _MESSAGES.items():
            for source in sources:
                assert source in catalogue("ja"), source  # one of the program's messages
                assert code_of(tr(source, **values)) == code, source
        assert code_of("1日の時間に収まりません") == ""  # words of no message of ours
        assert code_of("") == ""


def test_the_codes_survive_the_plan_file(built: m.Plan, tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    store.save_plan(built, path)
    loaded = store.load_plan(path)
    pd.testing.assert_frame_equal(loaded.unscheduled, built.unscheduled, check_dtype=False)


def test_an_older_plan_file_without_codes_opens_with_them_read_from_the_reasons(
    built: m.Plan, tmp_path: Path
) -> None:
    """A file saved before the codes has no ``reason_code`` column: the code is read from
    the reason's words (English, or Japanese when built in Japanese), "" for others; a code
    typed in another program that is none of ours is read from the words too."""
    with in_language("ja"):
        hours_ja = tr("Its visiting hours ({hours}) are shorter than its {minutes:g}-minute "
                      "visit.", hours="9:00〜9:30", minutes=180.0)
    old = pd.DataFrame({
        "customer_id": ["C000001", "C000002", "C000008", "C000009"],
        "territory": ["T01"] * 4,
        "reason": [hours_ja, "The working days are full: the visits do not fit in 8 hours a day.",
                   "手で外しました", "No visits: the visit frequency is 0."],
    })
    path = tmp_path / "old.gpkg"
    store.save_plan(built.replace(unscheduled=old), path)
    loaded = store.load_plan(path)
    assert list(loaded.unscheduled["reason_code"]) == [
        "visit_hours", "no_room", "", "no_frequency"]
    pd.testing.assert_frame_equal(loaded.unscheduled.drop(columns="reason_code"), old,
                                  check_dtype=False)
    # a code typed in QGIS: "xyz" is read from the words, a known one kept as it is
    typed = old.assign(reason_code=["xyz", "", "no_room", "no_room"])
    store.save_plan(built.replace(unscheduled=typed), path)
    assert list(store.load_plan(path).unscheduled["reason_code"]) == [
        "visit_hours", "no_room", "no_room", "no_room"]


def test_a_customer_an_update_takes_out_of_the_calendar_is_listed_with_its_code(
    built: m.Plan,
) -> None:
    visited = str(built.schedule["customer_id"].iloc[0])
    out = calendar_without(built, {visited}, reason=tr("The customer has no map position."),
                           code=Reason.NO_POSITION)
    row = out.unscheduled[out.unscheduled["customer_id"] == visited]
    assert list(row["reason_code"]) == ["no_position"]
    assert len(out.unscheduled) == len(built.unscheduled) + 1


def test_what_the_changes_to_announce_say_of_a_customer_to_fix() -> None:
    hours = tr("Its visiting hours ({hours}) are shorter than its {minutes:g}-minute visit.",
               hours="9:00–9:30", minutes=180.0)
    assert not_visited_text(hours, "visit_hours") == (
        "Not visited: Its visiting hours (9:00–9:30) are shorter than its 180-minute visit. "
        "Change its visiting hours.")
    # a reason that already says what to do is not followed by it again
    place = tr("No map position, so no territory either: locate its address or place it on "
               "the map.")
    assert not_visited_text(place, "no_position") == f"Not visited: {place}"
    with in_language("ja"):  # the words of a calendar built in English, in Japanese
        assert not_visited_text(hours, "visit_hours") == (
            "訪問なし: 訪問時間帯（9:00–9:30）が訪問時間 180分より短くなっています。"
            "訪問時間帯を見直してください。")
    # room may settle the others: they keep the usual words
    for code in ("no_room", "no_room_in_hours", "closed_day", "no_frequency", ""):
        assert code not in TO_FIX and fix_text(code) == ""
        assert not_visited_text("The working days are full.", code) == ""
