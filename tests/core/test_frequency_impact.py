"""What new frequencies do to the reps' weeks: counted before anything is applied."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from planner import model as m
from planner import territories as tmod
from planner.cli import main
from planner.frequency import apply_frequency_rules
from planner.frequency_impact import frequency_impact, impact_text
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    p = synthetic_plan(400, territories=4, seed=3)
    c = p.customers.copy()
    c[m.FREQUENCY] = np.where(c[m.RANK] == "A", 4.0, np.where(c[m.RANK] == "B", 2.0, 1.0))
    return p.replace(customers=c)


def test_more_visits_counted_rep_by_rep(plan: m.Plan) -> None:
    busier = apply_frequency_rules(plan, by_rank={"B": 4, "C": 2})
    impact = frequency_impact(plan, busier)
    rank = plan.customers[m.RANK].to_numpy()
    assert impact.changed == int(np.isin(rank, ["B", "C"]).sum())
    freq_before = plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    freq_after = busier.customers[m.FREQUENCY].to_numpy(dtype=float)
    # visits per 4-week cycle are the frequencies themselves (visits per 4 weeks)
    assert impact.visits_before == pytest.approx(freq_before.sum())
    assert impact.visits_after == pytest.approx(freq_after.sum())
    after = tmod.territory_metrics(busier)["workload_hours_per_week"].to_numpy()
    before = tmod.territory_metrics(plan)["workload_hours_per_week"].to_numpy()
    assert impact.hours_after == pytest.approx(after.sum())
    assert impact.hours_after > impact.hours_before == pytest.approx(before.sum())
    names = [t.rep or t.name for t in busier.territories]  # the rep, as sentences name one
    assert impact.busiest is not None and impact.busiest.name == names[int(np.argmax(after))]
    assert [w.name for w in impact.over] == [n for n, h in zip(names, after, strict=True) if h > 40.05]
    assert len(impact.over) == 3  # the data: three of the four reps end up over 40 h
    text = impact_text(impact)
    assert f"{impact.changed:,} customers change frequency" in text
    assert "3 reps would work more than their hours: " in text
    assert all(w.name in text for w in impact.over)


def test_fewer_visits_and_a_plan_without_territories(plan: m.Plan) -> None:
    lighter = apply_frequency_rules(plan, by_rank={"A": 2, "B": 1, "C": 0.5})
    impact = frequency_impact(plan, lighter)
    assert impact.hours_after < impact.hours_before and impact.over == ()
    assert "Every rep's week still fits their hours." in impact_text(impact)
    bare = plan.replace(territories=(), customers=plan.customers.assign(territory=""))
    alone = frequency_impact(bare, apply_frequency_rules(bare, by_rank={"A": 8}))
    assert alone.busiest is None and alone.hours_after == 0.0
    assert impact_text(alone).count("\n") == 0  # the visits line only


def test_the_command_prints_the_reps_weeks(tmp_path, plan: m.Plan, capsys) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["frequency", str(path), "--rule", "A=8", "--rule", "B=4"]) == 0
    out = capsys.readouterr().out
    impact = frequency_impact(plan, load_plan(path))
    assert f"Busiest rep: {impact.busiest.name}" in out
    assert "Reps' work a week (visits and driving)" in out


def test_stats_shows_the_share_of_each_reps_hours(tmp_path, plan: m.Plan, capsys) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    metrics = tmod.territory_metrics(plan)
    for t in plan.territories:
        line = next(x for x in out.splitlines() if x.startswith(t.id))
        assert f"{metrics.at[t.id, 'capacity_use']:.0%}" in line.split()


def test_a_small_change_of_the_reps_hours_is_never_shown_as_minus_zero_percent() -> None:
    from planner.frequency_impact import percent_change

    assert [percent_change(x) for x in (-0.003, 0.0, 0.0002, 0.004, 0.12, -0.07)] == [
        "-0.3%", "±0%", "±0%", "+0.4%", "+12%", "-7%"]


def test_a_small_teams_hours_keep_a_decimal_so_the_change_shows() -> None:
    """It printed "3 h → 3 h (+19%)"; a large team's hours stay whole."""
    from planner.frequency_impact import FrequencyImpact, RepWeek, impact_text

    def text(before: float, after: float) -> str:
        return impact_text(FrequencyImpact(
            changed=2, visits_before=4.0, visits_after=5.0, hours_before=before,
            hours_after=after, busiest=RepWeek("山田", after, 40.0), over=()))

    assert "3.1 h → 3.7 h (+19%)" in text(3.1, 3.7)
    assert "1,234 h → 1,300 h (+5%)" in text(1234.0, 1300.0)


def test_names_in_a_sentence_are_listed_as_the_language_lists_them() -> None:
    """English sentences listed reps with the Japanese 、 (鈴木 一郎、伊藤 由美)."""
    from planner.frequency_impact import FrequencyImpact, RepWeek, impact_text
    from planner.i18n import set_language

    over = (RepWeek("鈴木 一郎", 44.0, 40.0), RepWeek("伊藤 由美", 42.0, 40.0))
    impact = FrequencyImpact(changed=2, visits_before=4.0, visits_after=5.0, hours_before=80,
                             hours_after=86, busiest=over[0], over=over)
    try:
        assert "鈴木 一郎, 伊藤 由美" in impact_text(impact)
        set_language("ja")
        assert "鈴木 一郎、伊藤 由美" in impact_text(impact)
    finally:
        set_language(None)


def test_the_busiest_reps_week_says_it_is_counted_on_their_territory_as_it_is_now(
        tmp_path, plan: m.Plan, capsys) -> None:
    """Run before the design, as the README's chain does, ``frequency`` printed "鈴木 一郎、
    週 40時間のうち 69.7時間" and the workbook after the design 37.5 h for the same rep: both
    right (the list's rep held 411 customers; the design shared them out), but the line did
    not say which territory it measured. It names it, with its customers now."""
    from planner.i18n import in_language

    # as imported from the list's rep column: territories named after their reps, one large
    big = plan.territories[0]
    c = plan.customers.copy()
    c.loc[c.index[: len(c) // 2], m.TERRITORY] = big.id
    reps = tuple(t.replace(name=t.rep) for t in plan.territories)
    imported = plan.replace(customers=c, territories=reps)
    path = tmp_path / "plan.gpkg"
    save_plan(imported, path)
    assert main(["frequency", str(path), "--rule", "A=4", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    after = load_plan(path)
    metrics = tmod.territory_metrics(after)  # the figures of stats and the workbook summary
    hours = float(metrics.at[big.id, "workload_hours_per_week"])  # a week, visits + driving
    customers = int(metrics.at[big.id, "customers"])
    assert customers >= len(c) // 2
    line = next(x for x in out.splitlines() if x.startswith("最も忙しい担当者"))
    # named after the rep: the rep is not said twice, and the window never shows an id
    assert line == (f"最も忙しい担当者: {big.rep}、週40時間のうち{hours:.1f}時間（訪問と移動。"
                    f"現在の担当顧客{customers:,}件で計算）。")
    impact = frequency_impact(imported, after)
    assert impact.busiest is not None and impact.busiest.customers == customers
    with in_language("en"):
        assert (f"counted on their customers as they are now ({customers:,} customers)"
                in impact_text(impact))
    # a designed territory is named by its own name
    named = after.replace(territories=(after.territories[0].replace(name="東京エリア"),
                                       *after.territories[1:]))
    with in_language("en"):
        assert "(東京エリア, " in impact_text(frequency_impact(named, named))


def test_reps_past_the_first_five_are_counted_as_people() -> None:
    """「… 山田 太郎 ほか1件」 counted the sixth rep as a thing (件); reps are 人."""
    from planner.frequency_impact import FrequencyImpact, RepWeek
    from planner.i18n import in_language

    over = tuple(RepWeek(f"担当{k}", 44.0, 40.0) for k in range(7))
    impact = FrequencyImpact(changed=2, visits_before=4.0, visits_after=5.0, hours_before=80,
                             hours_after=86, busiest=over[0], over=over)
    with in_language("ja"):
        assert "担当4 ほか2人。" in impact_text(impact)
    with in_language("en"):
        assert "担当4 and 2 more reps." in impact_text(impact)


def test_a_week_that_fits_with_little_to_spare_says_the_calendar_may_not(plan: m.Plan) -> None:
    # the update's walk: reps at 92–100 % of their week were told everyone fits, and the
    # calendar of full 8-hour days then left 29 customers out
    hours = tmod.territory_metrics(plan)["workload_hours_per_week"].to_numpy(dtype=float)
    caps = [h / 0.95 if k == 0 else h / 0.5 for k, h in enumerate(hours)]
    tight = plan.replace(territories=tuple(
        dataclasses.replace(t, capacity_hours=float(cap))
        for t, cap in zip(plan.territories, caps, strict=True)))
    impact = frequency_impact(tight, tight)
    first = plan.territories[0]
    assert impact.over == () and [w.name for w in impact.near] == [first.rep or first.name]
    text = impact_text(impact)
    assert "Every rep's week still fits their hours." not in text
    assert "but 1 rep is at 90% or more of them" in text
    assert "full working days may leave some customers out of the calendar" in text
    roomy = tight.replace(territories=tuple(
        dataclasses.replace(t, capacity_hours=float(h / 0.5))
        for t, h in zip(plan.territories, hours, strict=True)))
    spare = frequency_impact(roomy, roomy)
    assert spare.near == () and "Every rep's week still fits their hours." in impact_text(spare)
