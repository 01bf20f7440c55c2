"""Shapes of designed territories: drawn polygons, enclaved customers, balance, compactness.

Run: ``python benchmarks/bench_design_shape.py``. Two cases:

* the README's sample chain (``import`` the sample workbook, ``frequency`` A=4 B=2 C=1,
  ``design --territories 8 --homes resources/sample/homes.csv``, then
  ``design --territories 9 --keep-existing``), run through the command line; and the same
  ninth rep given a home in 川崎 (the homes file with a ninth line, :data:`KAWASAKI`);
* the synthetic 10,000 customers × 20 territories of ``bench_design.py`` (tolerance 2 %).

For each: the drawn polygons per territory, the enclaved customers (at most a quarter of
their neighbours on the designer's neighbour graph in their own territory and more than
half in one other: counted here, independently of the designer's own clean-up), the largest
workload deviation and the compactness (km, as ``stats --json`` reports it); for the ninth
territory of the chain also its own compactness ("new": a snake reads several times a
compact area's) and, given a home, its customers' distance from it (mean and farthest).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_graph import neighbour_graph, project_km  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.store import load_plan, save_plan  # noqa: E402

#: The ninth rep's home (川崎市役所) in the chain's second ninth-rep run.
KAWASAKI = "T09,川崎エリア,小林 誠,35.530800,139.702900"


def enclaved_count(plan: m.Plan) -> int:
    """Customers with ≤ ¼ of their neighbours in their own territory and > ½ in one other."""
    c = plan.customers
    ids = {t.id: i for i, t in enumerate(plan.territories)}
    lab = np.array([ids.get(t, -1) for t in c[m.TERRITORY]], dtype=np.int64)
    ok = m.located_mask(c) & (lab >= 0)
    lab = lab[ok]
    graph = neighbour_graph(project_km(c[m.LAT].to_numpy(float)[ok],
                                       c[m.LON].to_numpy(float)[ok]))
    u, v = graph.edges()
    n, k = len(lab), len(ids)
    deg = np.bincount(u, minlength=n)
    own = np.bincount(u, weights=lab[u] == lab[v], minlength=n)
    other = np.zeros((n, k))
    np.add.at(other, (u[lab[u] != lab[v]], lab[v[lab[u] != lab[v]]]), 1)
    hit = (deg >= 2) & (own <= 0.25 * deg) & (other.max(axis=1) > 0.5 * deg)
    return int(hit.sum())


def polygons(plan: m.Plan) -> list[int]:
    """Drawn polygons per territory (0: no boundary)."""
    return [0 if t.boundary is None else len(shapely.get_parts(t.boundary))
            for t in plan.territories]


def new_km(before: m.Plan, after: m.Plan) -> float:
    """Compactness (km) of the territories ``after`` has and ``before`` had not."""
    c = after.customers
    new = c[~c[m.TERRITORY].isin(before.territory_ids)].reset_index(drop=True)
    return tmod.compactness(after.replace(customers=new))


def from_home(plan: m.Plan, tid: str) -> str:
    """Mean and farthest distance (km) of territory ``tid``'s customers from its rep's home."""
    t = next(t for t in plan.territories if t.id == tid)
    c = plan.customers[(plan.customers[m.TERRITORY] == tid) & m.located_mask(plan.customers)]
    xy = project_km(np.r_[c[m.LAT].to_numpy(float), t.home_lat],
                    np.r_[c[m.LON].to_numpy(float), t.home_lon])
    d = np.hypot(*(xy[:-1] - xy[-1]).T)
    return f", home {d.mean():.1f} km (farthest {d.max():.1f})"


def line(case: str, plan: m.Plan, seconds: float, moved: int | None = None,
         new: float | None = None, home: str = "") -> str:
    summary = tmod.balance_summary(tmod.territory_metrics(plan, balance="workload"), "workload")
    parts = polygons(plan)
    extra = "" if moved is None else f", moved {moved}"
    extra += "" if new is None else f", new {new:.2f} km"
    extra += home
    return (f"{case:<34} {seconds:6.1f} s  polygons {sum(parts):3d} (most {max(parts)})  "
            f"enclaved {enclaved_count(plan):3d}  max dev {summary['max_deviation']:.2%}  "
            f"compactness {tmod.compactness(plan):.3f} km{extra}")


def sample_chain() -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.gpkg"

        def cli(*args: str) -> float:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, env=env,
                           check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t

        sample = ROOT / "resources" / "sample"
        cli("import", str(sample / "sample_customers.xlsx"), "-o", str(plan),
            "--report", str(Path(tmp) / "report.json"))
        cli("frequency", str(plan), "--rule", "A=4", "--rule", "B=2", "--rule", "C=1")
        seconds = cli("design", str(plan), "--territories", "8", "--homes",
                      str(sample / "homes.csv"))
        designed = load_plan(plan)
        out.append(line("sample, 8 territories (homes)", designed, seconds))
        seconds = cli("design", str(plan), "--territories", "9", "--keep-existing")
        kept = load_plan(plan)
        was = designed.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
        now = kept.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
        out.append(line("sample, 9 with --keep-existing", kept, seconds,
                        int((was != now.reindex(was.index)).sum()), new_km(designed, kept)))
        # the ninth rep living in 川崎: a homes file with a ninth line, the 8-territory plan
        homes = Path(tmp) / "homes9.csv"
        homes.write_text((sample / "homes.csv").read_text(encoding="utf-8").rstrip("\n")
                         + "\n" + KAWASAKI + "\n", encoding="utf-8")
        save_plan(designed, plan)
        seconds = cli("design", str(plan), "--territories", "9", "--keep-existing", "--homes",
                      str(homes))
        kept = load_plan(plan)
        now = kept.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
        out.append(line("sample, 9th rep at home in 川崎", kept, seconds,
                        int((was != now.reindex(was.index)).sum()), new_km(designed, kept),
                        from_home(kept, KAWASAKI.split(",")[0])))
    return out


def synthetic() -> str:
    plan = datasets.clustered_plan(10_000, seed=7)
    t = time.perf_counter()
    result = design_territories(plan, count=20, balance="workload", tolerance=0.02)
    return line("synthetic 10,000 × 20 (tol 2 %)", result.plan, time.perf_counter() - t)


def main() -> None:
    for text in [*sample_chain(), synthetic()]:
        print(text, flush=True)


if __name__ == "__main__":
    main()
