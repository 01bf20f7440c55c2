"""The program's own workbook read back (``update plan.gpkg plan.xlsx``): export, read, update.

For 1k/10k/100k synthetic customers with a quick calendar (``bench_export.quick_schedule``)
the workbook is exported, read back with ``read_customers`` and merged with
``update_customers``. "record s" is the part of the read spent on the hidden sheet in which
the workbook keeps its plan columns as exported (``planner._workbook_values.read_exported``),
timed on its own: the peer is the read without it (read s − record s), as a workbook without
the record (before 2026-11-30, or a customer sheet copied out) is read. An unchanged workbook
changes nothing ("changed" must be 0). CPU seconds, best of ``--repeat``.

    python benchmarks/bench_workbook_roundtrip.py [--sizes 1000,10000,100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import quick_schedule  # noqa: E402

from planner._workbook_values import read_exported  # noqa: E402
from planner.export.excel import export_workbook  # noqa: E402
from planner.spreadsheet import read_customers  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.update import update_customers  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.process_time()
        out = fn()
        times.append(time.process_time() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"{'customers':>9} {'export s':>9} {'read s':>7} {'record s':>9} {'without s':>10} "
          f"{'update s':>9} {'changed':>8}")
    folder = Path(tempfile.mkdtemp())
    for n in (int(s) for s in args.sizes.split(",")):
        plan = quick_schedule(synthetic_plan(n, territories=max(2, n // 2000), seed=1))
        book = folder / f"plan_{n}.xlsx"
        export_s, _ = best(lambda p=plan, b=book: export_workbook(p, b), 1)
        read_s, result = best(lambda b=book, p=plan: read_customers(b, settings=p.settings),
                              args.repeat)
        record_s, _ = best(lambda b=book: read_exported(b), args.repeat)
        update_s, up = best(lambda p=plan, r=result: update_customers(p, r), args.repeat)
        print(f"{n:>9,} {export_s:>9.2f} {read_s:>7.2f} {record_s:>9.2f} "
              f"{read_s - record_s:>10.2f} {update_s:>9.2f} {len(up.changed):>8}")


if __name__ == "__main__":
    main()
