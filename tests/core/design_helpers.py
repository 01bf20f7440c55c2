"""Plans for the tests of a rep added to a kept plan."""

from __future__ import annotations

from pathlib import Path

from planner import model as m
from planner.design import design_territories
from planner.synthetic import synthetic_customers


def plan_with_new_rep_east(n: int, seed: int, east: float) -> m.Plan:
    """``n`` synthetic customers designed into 4 territories, each rep living in the middle of
    their territory, and a fifth territory without customers whose rep lives on the map's
    east side (the ``east`` quantile of the longitudes, the median latitude)."""
    plan = design_territories(m.new_plan(synthetic_customers(n, seed=seed)), count=4,
                              tolerance=0.03).plan
    c = plan.customers
    homes = []
    for t in plan.territories:  # each rep living in the middle of their territory
        mine = c[c[m.TERRITORY] == t.id]
        homes.append(t.replace(home_lat=float(mine[m.LAT].mean()),
                               home_lon=float(mine[m.LON].mean())))
    home = (float(c[m.LAT].quantile(0.5)), float(c[m.LON].quantile(east)))
    return plan.replace(territories=(*homes, m.Territory(id="T05", name="新規",
                                                         home_lat=home[0], home_lon=home[1])))


def readme_chain(folder: Path) -> Path:
    """The README's sample chain in ``folder``: import the sample list, frequency rules
    A=4 B=2 C=1, 8 territories designed around the sample homes; the plan file."""
    from planner.cli import main

    sample = Path(__file__).resolve().parents[2] / "resources" / "sample"
    plan_file = folder / "plan.gpkg"
    assert main(["import", str(sample / "sample_customers.xlsx"), "-o", str(plan_file)]) == 0
    assert main(["frequency", str(plan_file), "--rule", "A=4", "--rule", "B=2",
                 "--rule", "C=1"]) == 0
    assert main(["design", str(plan_file), "--territories", "8", "--homes",
                 str(sample / "homes.csv")]) == 0
    return plan_file
