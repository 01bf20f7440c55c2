"""``schedule PLAN --keep-days --only REP`` prints that rep's figures, said as theirs: the
customers left out, the holiday visits lost and the sum (before: the whole plan's, mostly the
other reps', whose calendars the rebuild left as they were)."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from planner import model as m
from planner._schedule_off import GAVE_WAY_KEY, SKIPPED_KEY
from planner.cli import main
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan


def full_plan() -> m.Plan:
    """Three reps' full days (customers left out) over a company holiday, T01's rep then off
    on 12/16: every rep has customers left out and holiday visits lost."""
    plan = synthetic_plan(180, territories=3, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 2.2
    c[m.FREQUENCY] = np.resize(np.array([4, 1, 2, 1, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-29", "2026-12-30", "2026-12-31"))
    built = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01,
                           workers=1)
    return apply_edit(built, UpdateTerritory.of("T01", days_off=("2026-12-16",)))[0]


def rep_figures(plan: m.Plan, tid: str) -> tuple[int, int]:
    """(customers left out, holiday visits lost not given way) of ``tid`` in ``plan``."""
    u = plan.unscheduled
    left = 0 if u is None else int((u["territory"].astype(str) == tid).sum())
    lost = (sum(str(r[1]) == tid for r in plan.meta.get(SKIPPED_KEY) or [])
            - sum(str(r[1]) == tid for r in plan.meta.get(GAVE_WAY_KEY) or []))
    return left, lost


def test_only_one_rep_prints_that_reps_figures(tmp_path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "plan.gpkg"
    save_plan(full_plan(), path)
    capsys.readouterr()
    set_language("ja")
    try:
        assert main(["schedule", str(path), "--keep-days", "--only", "T01", "-q"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    new = load_plan(path)
    left, lost = rep_figures(new, "T01")
    others = [rep_figures(new, t) for t in ("T02", "T03")]
    assert left and lost and sum(x[0] for x in others) and sum(x[1] for x in others)
    rep = rep_name(new.territory("T01"))
    assert f"以下は{rep}の件数です。" in out
    assert f"{rep}のカレンダー" in out and "訪問件数の内訳" in out
    built = re.search(r"＝ カレンダーの訪問 (\d[\d,]*)件", out)
    s = new.schedule
    assert built and s is not None
    assert int(built.group(1).replace(",", "")) == int((s["territory"] == "T01").sum())
    assert f"\n{left}件の顧客を訪問カレンダーに入れられませんでした:" in out
    said = re.search(r"祝日・休みの日の訪問 (\d[\d,]*)件", out)
    assert said and int(said.group(1).replace(",", "")) == lost
