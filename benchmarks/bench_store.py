"""Plan file speed and size: save_plan / load_plan at 1k, 10k and 100k customers.

Baseline measured in the same run: plain geopandas ``to_file`` / ``read_file`` (pyogrio engine)
of the customer layer alone, i.e. what the plan file's extra tables, atomic write and
dtype normalisation cost on top of GDAL itself.

    python benchmarks/bench_store.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner import model as m  # noqa: E402
from planner.store import load_plan, save_plan  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402

HEADERS = ("顧客コード", "顧客名", "住所", "電話番号", "緯度", "経度", "ランク", "年間売上",
           "訪問頻度", "担当")


def imported_like(n: int) -> m.Plan:
    """A synthetic plan carrying ten original spreadsheet columns, as an imported plan does."""
    plan = synthetic_plan(n, territories=max(8, n // 1250), seed=7)
    c = plan.customers.copy()
    sources = (m.CUSTOMER_ID, m.NAME, m.ADDRESS, m.PHONE, m.LAT, m.LON, m.RANK, m.SALES,
               m.FREQUENCY, m.TERRITORY)
    for i, col in enumerate(sources):
        c[f"{m.ORIGINAL_PREFIX}{i}"] = c[col].astype(str).to_numpy(dtype=object)
    return plan.replace(customers=c, original_columns=HEADERS)


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs (the least disturbed by other load on the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    arrow = importlib.util.find_spec("pyarrow") is not None
    print(f"pyarrow installed: {arrow} (the store uses pyogrio's non-Arrow path)")
    header = (f"{'customers':>10} | {'save_plan s':>11} | {'load_plan s':>11} | {'plan MB':>8} | "
              f"{'gpd.to_file s':>13} | {'gpd.read_file s':>15} | {'layer MB':>8}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            plan = imported_like(n)
            repeat = min(args.repeat, 2) if n >= 100_000 else args.repeat
            plan_path = folder / f"plan{n}.gpkg"
            layer_path = folder / f"layer{n}.gpkg"
            save_s = best(lambda plan=plan, p=plan_path: save_plan(plan, p), repeat)
            load_s = best(lambda p=plan_path: load_plan(p), repeat)

            def to_file(plan: m.Plan = plan, p: Path = layer_path) -> None:
                p.unlink(missing_ok=True)
                plan.customers.to_file(p, layer="customers", driver="GPKG", engine="pyogrio")

            base_save = best(to_file, repeat)
            base_load = best(
                lambda p=layer_path: gpd.read_file(p, layer="customers", engine="pyogrio"), repeat
            )
            print(f"{n:>10,} | {save_s:>11.3f} | {load_s:>11.3f} | "
                  f"{plan_path.stat().st_size / 1e6:>8.2f} | {base_save:>13.3f} | "
                  f"{base_load:>15.3f} | {layer_path.stat().st_size / 1e6:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
