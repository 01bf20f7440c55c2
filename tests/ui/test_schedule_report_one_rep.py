"""The report of a rebuild of one rep's calendar (「伊藤のカレンダーだけ作り直す」) gives that
rep's customers left out, holiday visits lost and sum, said as theirs. Before, it gave the
whole plan's (19 customers left out, 295 holiday visits) under 「伊藤 由美のカレンダーを作り直
しました」, mostly the other reps', whose calendars the rebuild had not touched."""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from planner import model as m
from planner._schedule_from import rebuild_from
from planner._schedule_off import GAVE_WAY_KEY, SKIPPED_KEY
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.schedule_dialog import build_report


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1).replace(",", ""))


def test_a_one_rep_rebuild_reports_that_reps_figures() -> None:
    set_language("ja")
    plan = synthetic_plan(180, territories=3, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 2.2  # full days: customers left out
    c[m.FREQUENCY] = np.resize(np.array([4, 1, 2, 1, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-29", "2026-12-30", "2026-12-31"))
    built = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01,
                           workers=1)
    off = apply_edit(built, UpdateTerritory.of("T01", days_off=("2026-12-16",)))[0]
    new = rebuild_from(off, only=["T01"], route_seconds=0.01, workers=1)
    text = build_report(new)
    u = new.unscheduled
    assert u is not None
    left = {t: int((u["territory"].astype(str) == t).sum()) for t in ("T01", "T02", "T03")}
    gave = [r for r in new.meta.get(GAVE_WAY_KEY) or []]
    lost = {t: sum(str(r[1]) == t for r in new.meta.get(SKIPPED_KEY) or [])
            - sum(str(r[1]) == t for r in gave) for t in ("T01", "T02", "T03")}
    # the other reps have customers left out and holiday visits lost too: the whole plan's
    # figures are not T01's
    assert left["T02"] + left["T03"] > 0 and lost["T02"] + lost["T03"] > 0
    assert left["T01"] > 0 and lost["T01"] > 0
    rep = rep_name(new.territory("T01"))
    head, _sep, rest = text.partition("\n\n")
    assert f"以下は{rep}の件数です。" in head
    assert _number(r"(\d[\d,]*)件の顧客を訪問カレンダーに入れられませんでした", head) == left["T01"]
    assert _number(r"祝日・休みの日の訪問 (\d[\d,]*)件", head) == lost["T01"]
    # the sum names the rep and adds up to the rep's calendar
    assert rest.startswith(f"{rep}のカレンダー")
    s = new.schedule
    assert s is not None
    assert _number(r"＝ カレンダーの訪問 (\d[\d,]*)件", rest) == int((s["territory"] == "T01").sum())
    # the whole calendar's visits are still said as the whole calendar's
    assert f"カレンダー全体の訪問は {len(s):,}件です。" in head
