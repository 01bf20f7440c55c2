"""Customer import speed: ``read_customers`` against a bare python-calamine read of the same file.

Builds 1k/10k/100k-row customer sheets (.xlsx with openpyxl write_only, and a
cp932 CSV) from :mod:`planner.synthetic`, caches them under /tmp, and prints
for each size: the bare read (calamine ``load_workbook`` + ``to_python``; for
CSV ``pandas.read_csv(dtype=str)``), ``pandas.read_excel(engine="calamine")``
as a peer (one run), our full import, and our time / bare time — wall clock and
CPU time (``time.process_time``, steadier on a shared machine). Best of
``--repeat`` runs.

    python benchmarks/bench_import.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import python_calamine as pc  # noqa: E402

from planner import model as m  # noqa: E402
from planner.spreadsheet import read_customers  # noqa: E402
from planner.synthetic import synthetic_customers  # noqa: E402

CACHE = Path("/tmp/territory_planner_bench_import")
HEADERS = ["顧客コード", "得意先名", "住所", "電話番号", "緯度", "経度", "ランク", "年間売上",
           "訪問頻度", "担当者", "備考"]  # fmt: skip
REPS = ("山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太", "伊藤 由美")
FREQ = {"A": "週1", "B": "隔週", "C": "月1"}


def _rows(n: int) -> list[list[object]]:
    c = synthetic_customers(n, seed=7)
    rows: list[list[object]] = []
    cols = [m.CUSTOMER_ID, m.NAME, m.ADDRESS, m.PHONE, m.LAT, m.LON, m.RANK, m.SALES]
    for i, rec in enumerate(c[cols].itertuples(index=False)):
        note = "鍵は裏口" if i % 17 == 0 else ""
        rows.append([*rec, FREQ[rec[6]], REPS[i % len(REPS)], note])
    return rows


def build(n: int) -> tuple[Path, Path]:
    """The cached .xlsx and cp932 .csv files with ``n`` customers (made on first use)."""
    import openpyxl

    CACHE.mkdir(parents=True, exist_ok=True)
    xlsx, csv_path = CACHE / f"customers_{n}.xlsx", CACHE / f"customers_{n}_cp932.csv"
    if xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    rows = _rows(n)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("得意先一覧")
    ws.append(["得意先一覧（2026年11月）"])
    ws.append([])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    tmp = xlsx.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(xlsx)
    with open(csv_path.with_suffix(".tmp"), "w", encoding="cp932", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    csv_path.with_suffix(".tmp").replace(csv_path)
    return xlsx, csv_path


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Fastest wall time and fastest CPU time of ``repeat`` calls (least disturbed by others)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def bare_calamine(path: Path) -> None:
    workbook = pc.load_workbook(str(path))
    workbook.get_sheet_by_index(0).to_python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'file':<6} {'rows':>7} {'bare s':>8} {'peer s':>8} {'import s':>9} {'ratio':>6}"
          f" {'bare cpu':>9} {'import cpu':>10} {'cpu ratio':>9} {'customers':>9}")  # fmt: skip
    for n in sizes:
        xlsx, csv_path = build(n)
        for kind, path in (("xlsx", xlsx), ("csv932", csv_path)):
            result = read_customers(path)
            assert np.all(result.customers[m.CUSTOMER_ID].to_numpy() != "")
            if kind == "xlsx":
                bare = best_of(lambda p=path: bare_calamine(p), args.repeat)
                peer = best_of(lambda p=path: pd.read_excel(p, engine="calamine", header=2), 1)
            else:
                bare = best_of(
                    lambda p=path: pd.read_csv(
                        p, encoding="cp932", dtype=str, keep_default_na=False
                    ),
                    args.repeat,
                )
                peer = (float("nan"), float("nan"))
            ours = best_of(lambda p=path: read_customers(p), args.repeat)
            print(f"{kind:<6} {n:>7} {bare[0]:>8.3f} {peer[0]:>8.3f} {ours[0]:>9.3f}"
                  f" {ours[0] / bare[0]:>6.2f} {bare[1]:>9.3f} {ours[1]:>10.3f}"
                  f" {ours[1] / bare[1]:>9.2f} {result.report.customers:>9}")  # fmt: skip


if __name__ == "__main__":
    main()
