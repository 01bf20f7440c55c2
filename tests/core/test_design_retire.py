"""A rep leaves (``design_territories(..., retire=...)``, ``design --retire``): the territory's
customers go to the territories touching it, re-balanced among them; the rest stays put."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner import territories as tmod
from planner._design_subset import touching_territories
from planner.cli import main
from planner.design import DesignResult, design_territories
from planner.errors import PlannerError
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers
from tests.core.test_design_subset import _neighbours


@pytest.fixture(scope="module")
def designed() -> DesignResult:
    plan = m.new_plan(synthetic_customers(700, seed=11))
    return design_territories(plan, count=6, balance="workload", tolerance=0.03)


def _leaving(plan: m.Plan) -> str:
    """A territory that does not touch every other one (so some stay out of the hand-over)."""
    return next(t for t in plan.territory_ids
                if 1 < len(_neighbours(plan, t)) < len(plan.territories) - 1)


def test_touching_territories_are_the_neighbours_on_the_map(designed: DesignResult) -> None:
    plan = designed.plan
    for tid in plan.territory_ids:
        assert set(touching_territories(plan, tid)) == set(_neighbours(plan, tid))


def test_the_leaving_reps_customers_go_to_the_neighbours_only(designed: DesignResult) -> None:
    plan = designed.plan
    tid = _leaving(plan)
    group = touching_territories(plan, tid)
    result = design_territories(plan, count=len(group), retire=plan.territory(tid).name,
                                keep_existing=True, tolerance=0.05)
    after = result.plan
    assert tid not in after.territory_ids
    assert len(after.territories) == len(plan.territories) - 1
    before_terr = plan.customers[m.TERRITORY].to_numpy(dtype=object)
    after_terr = after.customers[m.TERRITORY].to_numpy(dtype=object)
    leaving = before_terr == tid
    assert set(after_terr[leaving]) <= set(group) and (after_terr != "").all()
    outside = ~np.isin(before_terr, [*group, tid])
    assert (after_terr[outside] == before_terr[outside]).all()  # the others stay put
    for t in plan.territories:
        if t.id not in group and t.id != tid:
            assert after.territory(t.id).boundary.equals(t.boundary)
    loads = tmod.territory_metrics(after).loc[group, "workload_hours_per_week"].to_numpy()
    assert np.abs(loads / loads.mean() - 1).max() <= 0.05 + 5e-4
    # keep_existing: besides the leaving rep's customers, few others change hands
    others_moved = int(((after_terr != before_terr) & ~leaving).sum())
    assert others_moved < leaving.sum()


def test_locked_customers_or_too_many_territories_are_refused(designed: DesignResult) -> None:
    plan = designed.plan
    tid = _leaving(plan)
    group = touching_territories(plan, tid)
    with pytest.raises(PlannerError, match="ask for"):
        design_territories(plan, count=len(group) + 1, retire=tid)
    c = plan.customers.copy()
    c.loc[(c[m.TERRITORY] == tid).to_numpy().nonzero()[0][:2], m.LOCKED] = True
    with pytest.raises(PlannerError, match="2 locked customers"):
        design_territories(plan.replace(customers=c), count=len(group), retire=tid)
    empty = plan.replace(territories=(*plan.territories, m.Territory(id="T99", name="空き")))
    with pytest.raises(PlannerError, match="空き has no customers to hand over"):
        design_territories(empty, count=2, retire="T99")


def test_command_line_retire(tmp_path: Path, designed: DesignResult,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(designed.plan, path)
    tid = _leaving(designed.plan)
    name = designed.plan.territory(tid).name
    assert main(["design", str(path), "--retire", name]) == 0
    out = capsys.readouterr().out
    n = int((designed.plan.customers[m.TERRITORY] == tid).sum())
    assert f"{name}'s {n} customers go to" in out
    after = load_plan(path)
    assert tid not in after.territory_ids
    assert len(after.territories) == len(designed.plan.territories) - 1
    before = path.read_bytes()
    assert main(["design", str(path), "--retire", name]) == 1  # it is gone now
    assert "There is no territory" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_leaving_rep_over_the_others_hours_is_said_once(
        tmp_path: Path, designed: DesignResult, capsys: pytest.CaptureFixture[str]) -> None:
    """The reps a hand-over leaves above their hours were told twice, in two wordings (the
    design's busiest-rep sentence and the hand-over's list of reps with their shares)."""
    import dataclasses

    path = tmp_path / "plan.gpkg"
    loads = tmod.territory_metrics(designed.plan)["workload_hours_per_week"]
    hours = float(loads.max()) * 1.05  # every rep fits now; the neighbours will not
    plan = designed.plan.replace(territories=[
        dataclasses.replace(t, capacity_hours=hours) for t in designed.plan.territories])
    save_plan(plan, path)
    assert main(["design", str(path), "--retire", _leaving(plan)]) == 0
    out = capsys.readouterr().out
    assert "are now above their weekly hours" in out
    assert "would work more than their hours" not in out


def test_a_territory_across_a_gap_is_no_neighbour_unless_nothing_else_touches() -> None:
    rng = np.random.default_rng(2)

    def town(lat: float, lon: float, n: int) -> np.ndarray:
        return np.column_stack([lat + rng.normal(0, 0.01, n), lon + rng.normal(0, 0.01, n)])

    # A and B side by side (a town split in two), C a town 40 km north across open country
    a, b, c = town(35.60, 139.60, 60), town(35.60, 139.64, 60), town(35.96, 139.60, 40)
    base = synthetic_customers(160, seed=1).iloc[:160].reset_index(drop=True)
    points = np.vstack([a, b, c])
    base[m.LAT], base[m.LON] = points[:, 0], points[:, 1]
    base[m.TERRITORY] = ["A"] * 60 + ["B"] * 60 + ["C"] * 40
    plan = m.new_plan(m.set_points(base), territories=[
        m.Territory(id=t, name=t) for t in ("A", "B", "C")])
    assert touching_territories(plan, "A") == ["B"]
    assert "A" in touching_territories(plan, "C")  # only across the gap: the nearest still
    lonely = plan.replace(customers=plan.customers[plan.customers[m.TERRITORY] != "B"]
                          .reset_index(drop=True))
    assert touching_territories(lonely, "A") == ["C"]


def test_a_new_rep_after_one_left_never_takes_the_leavers_id(designed: DesignResult) -> None:
    """The calendar still names the rep who left: a new territory under the same id would
    look like the same rep, and its customers would not be told they have a new one."""
    from tests.core.test_export_excel import simple_schedule

    plan = simple_schedule(designed.plan)
    tid = _leaving(plan)
    after = design_territories(plan, count=len(touching_territories(plan, tid)),
                               retire=plan.territory(tid).name, keep_existing=True,
                               tolerance=0.05).plan
    assert tid in set(after.schedule["territory"]) and tid not in after.territory_ids
    assert after.next_territory_id() not in plan.territory_ids
    joined = design_territories(after, count=len(after.territories) + 1, keep_existing=True,
                                tolerance=0.05).plan
    (new,) = set(joined.territory_ids) - set(after.territory_ids)
    assert new not in plan.territory_ids
    # nor a rep added among some neighbours only (design --only), whose sub-plan has no
    # calendar to see the leaver's id in
    only = list(after.territory_ids)
    among = design_territories(after, count=len(only) + 1, only=only, keep_existing=True,
                               tolerance=0.05).plan
    (added,) = set(among.territory_ids) - set(after.territory_ids)
    assert added not in plan.territory_ids


def test_the_unchanged_territories_are_counted_in_words(designed: DesignResult) -> None:
    """"the other 1 are unchanged": one territory is, several are; none, no clause."""
    import dataclasses

    from planner._cli.design_cmd import format_result
    from planner.i18n import set_language

    def text(designed_count: int) -> str:
        metrics = designed.metrics.iloc[:designed_count]
        return format_result(dataclasses.replace(designed, metrics=metrics))

    set_language("en")
    try:
        assert "Balanced among these 5 territories; the remaining 1 territory is unchanged." \
            in text(5)
        assert "Balanced among these 3 territories; the remaining 3 territories are unchanged." \
            in text(3)
        assert "remaining" not in text(6)
        set_language("ja")
        assert "この5テリトリーの間で配分しました。ほかの1テリトリーは変わりません。" in text(5)
    finally:
        set_language(None)
