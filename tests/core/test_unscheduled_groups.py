"""The customers the calendar leaves out, told by what the manager does about them: those a
change to the customer lets in (visiting hours, map position …) apart from those no day had
room for, with each reason's count and next step (``schedule`` command, workbook)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import model as m
from planner.cli import main
from planner.i18n import catalogue, in_language, set_language, tr
from planner.store import load_plan, save_plan
from planner.unscheduled import TO_FIX, Reason, fix_text
from planner.unscheduled_groups import (
    _HEADINGS,
    _LABELS,
    _STEPS,
    ROOM,
    Group,
    customer_groups,
    group_of,
    next_step,
    reason_with_fix,
)
from tests.core.test_unscheduled_reasons import _plan


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("groups") / "plan.gpkg"
    save_plan(_plan(), path)
    return path


def _schedule(path: Path, language: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    set_language(language)
    try:
        assert main(["schedule", str(path), "-q"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(out) if "could not" in line
                 or "入れられませんでした" in line)
    # the heading and its indented lines (the report's other items follow them)
    end = next((i for i in range(start + 1, len(out)) if not out[i].startswith(" ")), len(out))
    return out[start:end]


def test_the_schedule_command_splits_the_customers_left_out_by_what_to_do(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.gpkg"
    path.write_bytes(plan_file.read_bytes())
    lines = _schedule(path, "en", capsys)
    un = load_plan(path).unscheduled
    codes = un["reason_code"].value_counts().to_dict()
    fix = sum(n for c, n in codes.items() if c in TO_FIX)
    room = sum(n for c, n in codes.items() if c in ROOM)
    assert lines[0] == f"{len(un)} customers could not be scheduled:"
    assert lines[1] == (f"  Need a change to the customer: {fix} (left out at every build "
                        "until changed)")
    assert ("    Visiting hours no working day can meet: 1 → Change its visiting hours."
            in lines)
    assert "    No map position: 1 → Locate its address or place it on the map." in lines
    assert (f"  No room: {room} (more room, or building the calendar again, may fit them)"
            in lines)
    assert (f"    Working days full: {codes['no_room']} → Add working days or hours, or lower "
            "visit frequencies, then build the calendar again.") in lines
    assert "  Other: 1" in lines  # the customer visited 0 times, on purpose
    # a few lines: a heading per group and a line per reason, not the reasons' words
    assert len(lines) == 1 + 3 + len(codes)
    assert not any("The working days are full" in line for line in lines)


def test_the_schedule_command_tells_the_next_step_in_japanese(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.gpkg"
    path.write_bytes(plan_file.read_bytes())
    lines = _schedule(path, "ja", capsys)
    un = load_plan(path).unscheduled
    fix = int(un["reason_code"].isin(TO_FIX).sum())
    assert lines[1] == f"  顧客データの修正が必要な顧客 {fix}件（直すまでは作り直しても入りません）"
    assert "    訪問時間帯に訪問できる稼働日がない顧客 1件 → 訪問時間帯を見直してください。" in lines
    assert any(line.startswith("  空きがなく入らない顧客 ") for line in lines)


def test_every_reason_has_a_group_words_and_a_next_step_in_both_languages() -> None:
    ja = catalogue("ja")
    for code in Reason:
        expected = (Group.FIX if code in TO_FIX else Group.ROOM if code in ROOM
                    else Group.OTHER)
        assert group_of(code) == group_of(str(code)) == expected
        assert code in _LABELS and _LABELS[code] in ja
        with in_language("en"):
            assert next_step(code), code  # something to do for every reason
    assert group_of("") == Group.OTHER and group_of(None) == Group.OTHER
    for text in (*_STEPS.values(), *_HEADINGS.values()):
        assert text in ja, text


def test_a_customer_s_reason_is_followed_by_what_to_change() -> None:
    with in_language("en"):
        hours = tr("Its visiting hours ({hours}) are shorter than its {minutes:g}-minute visit.",
                   hours="9:00–9:30", minutes=180.0)
        assert reason_with_fix(hours, Reason.VISIT_HOURS) == hours + " Change its visiting hours."
        full = "The working days are full: the visits do not fit in 8 hours a day."
        assert reason_with_fix(full, Reason.NO_ROOM) == full  # room, not the customer
        placed = ("No map position, so no territory either: locate its address or place it "
                  "on the map.")
        assert reason_with_fix(placed, Reason.NO_POSITION) == placed  # said once
    with in_language("ja"):  # the words of a calendar built in English, read in Japanese
        text = reason_with_fix(hours, "visit_hours")
        assert text.startswith("訪問時間帯（9:00–9:30）") and text.endswith(
            fix_text(Reason.VISIT_HOURS)) and "。 " not in text


def test_customers_are_grouped_by_their_code(plan_file: Path) -> None:
    from planner.schedule import build_schedule

    with in_language("en"):
        built = build_schedule(load_plan(plan_file), route_seconds=0.01)
    ids = built.customers[m.CUSTOMER_ID].astype(str).tolist()
    groups = customer_groups(built.unscheduled)
    assert groups[ids[0]] == Group.FIX and groups[ids[2]] == Group.OTHER
    assert Group.ROOM in groups.values() and len(groups) == len(built.unscheduled)


def test_the_workbook_says_what_to_change_and_counts_by_what_to_do(
    plan_file: Path, tmp_path: Path
) -> None:
    """The Customer list's Problems column: the reason and, for a reason of the customer's
    own data, what to change; the summary: the customers to fix apart from those without
    room, each reason with its count and next step."""
    import openpyxl

    from planner.export.excel import export_workbook
    from planner.schedule import build_schedule

    set_language("en")
    try:
        built = build_schedule(load_plan(plan_file), route_seconds=0.01)
        path = export_workbook(built, tmp_path / "plan.xlsx")
        wb = openpyxl.load_workbook(path, read_only=True)
        rows = list(wb[tr("Customer list")].iter_rows(values_only=True))
        problems = {str(r[0]): r[rows[0].index(tr("Problems"))] for r in rows[1:]}
        summary = [list(r) for r in wb[tr("Summary")].iter_rows(values_only=True)]
    finally:
        set_language(None)
    un = built.unscheduled.set_index("customer_id")
    assert problems["C000001"] == (f"Not in the calendar: {un.at['C000001', 'reason']} "
                                   "Change its visiting hours.")
    assert problems["C000002"].endswith(" Change its visit days or closing days.")
    full = next(c for c, k in un["reason_code"].items() if k == "no_room")
    assert problems[full] == f"Not in the calendar: {un.at[full, 'reason']}"  # room: no fix
    codes = un["reason_code"].value_counts().to_dict()
    fix = sum(n for c, n in codes.items() if c in TO_FIX)

    def row(text: str) -> list[object]:
        return next([v for v in r if v is not None] for r in summary if r and r[0] == text)

    assert row("  Need a change to the customer") == [
        "  Need a change to the customer", fix, "Left out at every build until changed; the "
        "Problems column of the Customer list says what to change."]
    assert row("  No room")[1] == codes["no_room"]
    assert row("    Visiting hours no working day can meet: 1 → Change its visiting hours.")
    assert row(f"    Working days full: {codes['no_room']} → Add working days or hours, or "
               "lower visit frequencies, then build the calendar again.")
