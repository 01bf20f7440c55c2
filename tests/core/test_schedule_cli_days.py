"""The schedule command and the build report name days as the rest of the program does,
12/30(水), not 2026-12-30."""

from __future__ import annotations

import re

import pytest

from planner import model as m
from planner._schedule_keep_report import KEEP_REPORT_KEY, keep_report
from planner.cli import main
from planner.i18n import set_language
from planner.store import save_plan
from planner.synthetic import synthetic_plan

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(autouse=True)
def _back_to_english():
    yield
    set_language(None)


def test_the_schedule_commands_days_are_written_as_a_manager_writes_them(tmp_path, capsys):
    plan = synthetic_plan(120, territories=2, seed=4)
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["--lang", "ja", "schedule", str(path), "--quiet", "--start", "2026-12-09",
                 "--company-days-off", "12/29-1/3", "--holidays", "keep"]) == 0
    out = capsys.readouterr().out
    assert not ISO.findall(out), out
    assert "2026/12/07(月)" in out  # week 1's Monday, with its year
    assert "12/9(水)" in out  # the day typed, not a Monday
    listed = [line.split() for line in out.splitlines() if re.match(r"\s+[\d,]+\s+\d", line)]
    assert listed and all(re.fullmatch(r"\d{1,2}/\d{1,2}\(.\)", row[1]) for row in listed)
    assert any(row[1] == "12/30(水)" for row in listed)


def test_reasons_in_the_keep_report_name_their_days():
    """The build report's lines on customers left out while keeping their days."""
    set_language("ja")
    plan = synthetic_plan(10, territories=1)
    cid = str(plan.customers[m.CUSTOMER_ID].iloc[0])
    t = plan.territories[0].id
    record = {t: {"moved": 0, "visits": 0, "hand": [],
                  "out": [[cid, "Its only visit day 2026-12-30 is closed."]]}}
    kept = plan.replace(meta={**plan.meta, KEEP_REPORT_KEY: record})
    lines = keep_report(kept)
    assert any("12/30(水)" in line for line in lines) and not ISO.findall("\n".join(lines))
