"""The report of a rebuild of one rep's calendar (「伊藤のカレンダーだけ作り直す」) gives that
rep's customers left out, holiday visits lost and sum, said as theirs. Before, it gave the
whole plan's (19 customers left out, 295 holiday visits) under 「伊藤 由美のカレンダーを作り直
しました」, mostly the other reps', whose calendars the rebuild had not touched."""

from __future__ import annotations

import re

from planner import model as m
from planner._schedule_from import rebuild_from
from planner._schedule_rep_part import KEPT_BY_KEY
from planner._schedule_told import CHANGED_KEY
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.ui.schedule_dialog import build_report
from tests.core.test_schedule_only_figures_cli import full_plan, rep_figures


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1).replace(",", ""))


def test_a_one_rep_rebuild_reports_that_reps_figures() -> None:
    set_language("ja")
    off = full_plan()
    new = rebuild_from(off, only=["T01"], route_seconds=0.01, workers=1)
    text = build_report(new)
    left, lost = rep_figures(new, "T01")
    others = [rep_figures(new, t) for t in ("T02", "T03")]
    # the other reps have customers left out and holiday visits lost too: the whole plan's
    # figures are not T01's
    assert sum(x[0] for x in others) and sum(x[1] for x in others) and left and lost
    rep = rep_name(new.territory("T01"))
    head, _sep, rest = text.partition("\n\n")
    assert f"以下は{rep}の件数です。" in head
    assert _number(r"(\d[\d,]*)件の顧客を訪問カレンダーに入れられませんでした", head) == left
    assert _number(r"祝日・休みの日の訪問 (\d[\d,]*)件", head) == lost
    # the sum names the rep and adds up to the rep's calendar
    assert rest.startswith(f"{rep}のカレンダー")
    s = new.schedule
    assert s is not None
    assert _number(r"＝ カレンダーの訪問 (\d[\d,]*)件", rest) == int((s["territory"] == "T01").sum())
    # the whole calendar's visits are still said as the whole calendar's
    assert f"カレンダー全体の訪問は {len(s):,}件です。" in head


def _kept_of(before: m.Plan, after: m.Plan, tid: str) -> int:
    """The customers of ``tid`` on the calendar before and after, not told of a new rep, day
    or week: those the rebuild kept on their visit days."""
    c = after.customers
    mine = set(c.loc[c[m.TERRITORY] == tid, m.CUSTOMER_ID].astype(str))
    told = {cid for cid, e in after.meta[CHANGED_KEY].items()
            if e[:2] != e[2:4] or e[4] != e[5] or len(e) > 6}
    assert before.schedule is not None and after.schedule is not None
    present = (set(before.schedule["customer_id"].astype(str))
               & set(after.schedule["customer_id"].astype(str)))
    return len(present & mine - told)


def test_a_one_rep_rebuild_reports_the_customers_that_rep_kept_on_their_days() -> None:
    """「…件の顧客は訪問日を維持しました」 counted every rep's customers (the other reps'
    calendars stayed, so all theirs were "kept") among the rebuilt rep's figures."""
    set_language("ja")
    off = full_plan()
    new = rebuild_from(off, only=["T01"], route_seconds=0.01, workers=1)
    head = build_report(new).partition("\n\n")[0]
    kept = _kept_of(off, new, "T01")
    assert 0 < kept < int(new.meta["schedule_kept"])  # the whole plan's is not T01's
    rep = rep_name(new.territory("T01"))
    theirs = head.partition(f"以下は{rep}の件数です。")[2]
    assert _number(r"(\d[\d,]*)件の顧客は訪問日を維持しました", theirs) == kept
    assert "訪問日を維持しました" not in head.partition(f"以下は{rep}の件数です。")[0]
    # a plan saved before the count was kept per rep says the whole calendar's, before the
    # rep's figures (as the whole calendar's visits)
    meta = {k: v for k, v in new.meta.items() if k != KEPT_BY_KEY}
    old_head = build_report(new.replace(meta=meta)).partition("\n\n")[0]
    before = old_head.partition(f"以下は{rep}の件数です。")[0]
    assert _number(r"(\d[\d,]*)件の顧客は訪問日を維持しました", before) == new.meta["schedule_kept"]
