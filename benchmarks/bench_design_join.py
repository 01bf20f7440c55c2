"""A rep joins beside each territory of the README chain (「ここに担当者を追加」).

Run: ``python benchmarks/bench_design_join.py``. Builds the README's sample chain (import the
sample list, frequency rules A=4 B=2 C=1, ``design --territories 8 --homes homes.csv``) in a
temporary folder, then, for every territory T, designs the plan as the menu and
``design --join T`` do: T and the territories touching it into one more, kept, tolerance 5 %,
``joining=Joining(T)`` (no home given: the new territory starts on T's side away from its rep's
home).

Columns: seconds; "new" the new rep's customers; "from T" the share of them the clicked
territory gives (a rep is added because THAT territory is overloaded); "moved" all customers
that changed rep; "max dev" the largest deviation among the group; "homes" whether every rep
keeps the 3 customers nearest their home; contiguous; the new territory's name.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_design_add import homes_kept  # noqa: E402

from planner import model as m  # noqa: E402
from planner._design_join import Joining  # noqa: E402
from planner._design_subset import touching_territories  # noqa: E402
from planner.design import design_territories  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"


def readme_chain(folder: Path) -> m.Plan:
    """The README's chain: 8 territories grown around the sample homes."""
    from planner.cli import main
    from planner.store import load_plan

    plan_file = folder / "plan.gpkg"
    for args in (["import", str(SAMPLE / "sample_customers.xlsx"), "-o", str(plan_file)],
                 ["frequency", str(plan_file), "--rule", "A=4", "--rule", "B=2",
                  "--rule", "C=1"],
                 ["design", str(plan_file), "--territories", "8", "--homes",
                  str(SAMPLE / "homes.csv")]):
        if main(args) != 0:
            raise SystemExit(f"the chain stopped at {args[0]}")
    return load_plan(plan_file)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):
            plan = readme_chain(Path(folder))
    print("README chain, 8 territories; a rep joins beside each (group = it + touching, "
          "tolerance 5 %)")
    print("  clicked          group  seconds  new  from T   moved  max dev  homes  contiguous"
          "  new name")
    for t in plan.territories:
        group = [x for x in plan.territory_ids if x in {t.id, *touching_territories(plan, t.id)}]
        start = time.perf_counter()
        r = design_territories(plan, only=group, count=len(group) + 1, keep_existing=True,
                               seeds="homes", tolerance=0.05, joining=Joining(t.id))
        seconds = time.perf_counter() - start
        new = next(x for x in r.plan.territories if x.id not in plan.territory_ids)
        came = r.moves[r.moves["to_territory"] == new.id]
        share = float((came["from_territory"] == t.id).mean()) if len(came) else 0.0
        print(f"  {t.id} {t.name:<10} {len(group):5d} {seconds:8.2f} {len(came):4d} "
              f"{share:6.0%} {len(r.moves):7,d} {r.max_deviation * 100:6.2f} % "
              f"{homes_kept(plan, r.plan):>5}  {'yes' if r.contiguous else 'NO':>10}  "
              f"{new.name}")


if __name__ == "__main__":
    main()
