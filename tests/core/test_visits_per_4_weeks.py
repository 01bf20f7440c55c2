"""Visits per territory read the same whole figure everywhere, whatever the cycle.

Frequencies are visits per 4 weeks. With a 2-week cycle a customer seen every 4 weeks is
half a visit per cycle, so the Territories panel, ``stats`` and the Summary sheet showed
170.5 visits "per cycle" (the workbook even rounded it to 171). They now all give the
visits per 4 weeks, the frequencies' own period: whole, and the same in each place.
"""

from __future__ import annotations

import dataclasses

from openpyxl import load_workbook

from planner import model as m
from planner._cli.stats_cmd import format_stats
from planner.export.excel import export_workbook
from planner.frequency_impact import frequency_impact, impact_text
from planner.i18n import set_language, tr
from planner.stats import plan_stats
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics


def _two_week_plan() -> m.Plan:
    plan = synthetic_plan(41, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 2.0  # every 2 weeks …
    c.loc[c.index[:9], m.FREQUENCY] = 1.0  # … and 9 customers every 4 weeks (rank C=1)
    settings = dataclasses.replace(plan.settings, cycle_weeks=2)
    return plan.replace(customers=c, settings=settings)


def test_a_two_week_cycle_shows_whole_visits_per_4_weeks_in_the_panel_stats_and_workbook(
    tmp_path,
) -> None:
    plan = _two_week_plan()
    want = 32 * 2 + 9 * 1  # 73 visits in 4 weeks (36.5 "per cycle")
    assert territory_metrics(plan)["visits_per_4_weeks"].iloc[0] == want
    set_language("en")
    try:
        stats = plan_stats(plan)
        assert stats["territories"][0]["visits_per_4_weeks"] == want
        table = format_stats(stats)
        assert "Visits/4 weeks" in table and " 73 " in table and "36.5" not in table
        ws = load_workbook(export_workbook(plan, tmp_path / "p.xlsx"))[tr("Summary")]
        rows = list(ws.iter_rows(values_only=True))
        head = next(r for r in rows if r and tr("Visits per 4 weeks") in r)
        at = head.index(tr("Visits per 4 weeks"))
        first = next(r for r in rows[rows.index(head) + 1:] if r[0] == plan.territories[0].id)
        assert first[at] == want
        text = impact_text(frequency_impact(plan, plan))
        assert "Visits per 4 weeks: 73 → 73." in text
    finally:
        set_language(None)
