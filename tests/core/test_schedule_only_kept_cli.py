"""``schedule PLAN --keep-days --only REP`` says first what it built again (「伊藤 由美のカレンダー
を作り直しました」, as the window's report) and gives that rep's counts: the table's row (visits,
days, km, customers left out) and the customers kept on their days or placed anew. Before, it
printed every rep's rows and the whole plan's kept count (the other reps' calendars stayed, so
all their customers counted as "kept")."""

from __future__ import annotations

import re

import pytest

from planner import model as m
from planner._schedule_told import CHANGED_KEY
from planner.cli import main
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.store import load_plan, save_plan
from tests.core.test_schedule_only_figures_cli import full_plan, rep_figures


def _kept_and_new(before: m.Plan, after: m.Plan, tid: str) -> tuple[int, int]:
    """(customers of ``tid`` on both calendars and not told of a new rep, day or week; the
    rest of ``tid``'s customers on the new calendar)."""
    c = after.customers
    mine = set(c.loc[c[m.TERRITORY] == tid, m.CUSTOMER_ID].astype(str))
    told = {cid for cid, e in after.meta[CHANGED_KEY].items()
            if e[:2] != e[2:4] or e[4] != e[5] or len(e) > 6}
    assert before.schedule is not None and after.schedule is not None
    now = set(after.schedule["customer_id"].astype(str)) & mine
    kept = now & set(before.schedule["customer_id"].astype(str)) - told
    return len(kept), len(now) - len(kept)


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1).replace(",", ""))


def test_only_one_rep_prints_that_reps_rebuild_first_and_its_counts(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.gpkg"
    before = full_plan()
    save_plan(before, path)
    capsys.readouterr()
    set_language("ja")
    try:
        assert main(["schedule", str(path), "--keep-days", "--only", "T01", "-q"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    after = load_plan(path)
    s = after.schedule
    assert s is not None
    rep = rep_name(after.territory("T01"))
    lines = out.splitlines()
    # what was built again comes first, then the whole calendar's visits said as the whole's
    assert lines[0] == f"{rep}のカレンダーを作り直しました。ほかの担当者のカレンダーはそのままです。"
    assert lines[1] == f"カレンダー全体の訪問は {len(s):,}件です。"
    assert lines[2] == f"以下は{rep}の件数です。"
    # the table: the rebuilt rep's row alone, with its own figures
    rows = [x.split() for x in lines if re.match(r"T\d\d\s{2,}\S", x)]  # not 「T01 の休み」
    assert [r[0] for r in rows] == ["T01"]
    mine = s[s["territory"] == "T01"]
    km = float(mine["travel_km"].sum() + mine["return_km"].sum())
    left, _lost = rep_figures(after, "T01")
    assert rows[0][-5:] == [str(len(mine)), str(len(mine[["week", "day"]].drop_duplicates())),
                            f"{float(mine['day_hours'].max()):.1f}", f"{km:,.1f}", str(left)]
    # the customers kept on their days and placed anew: the rep's, not the whole plan's
    kept, placed = _kept_and_new(before, after, "T01")
    everyone = int(after.meta["schedule_kept"])
    assert 0 < kept < everyone
    assert _number(r"(\d[\d,]*)件の顧客は訪問日をそのまま維持しました", out) == kept
    assert _number(r"(\d[\d,]*)件を新たに割り当てました", out) == placed
    assert f"{everyone:,}件の顧客は訪問日" not in out
