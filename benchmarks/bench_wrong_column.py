"""The wrong-column check (a customer-name column holding addresses): what it costs the import.

For 1k/10k/100k synthetic customers (every name distinct, as a real list's are), prints the
check as the import runs it (``check_name_column``: only names with 都道府県 or 市 near the
front read for a prefecture), the first version (every name through ``named_prefectures``),
and the whole import of the same list as a UTF-8 CSV; best of ``--repeat``.

    python benchmarks/bench_wrong_column.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from planner import model as m  # noqa: E402
from planner._import_wrong_column import check_name_column  # noqa: E402
from planner.address_check import named_prefectures  # noqa: E402
from planner.spreadsheet import read_customers  # noqa: E402
from planner.synthetic import synthetic_customers  # noqa: E402


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'customers':>10} {'check s':>9} {'first version s':>16} {'import s':>9}")
    for n in (int(s) for s in args.sizes.split(",")):
        c = synthetic_customers(n, seed=1)
        names = np.array([f"{a}{i}" for i, a in enumerate(c[m.NAME])], dtype=object)
        rows = np.arange(2, n + 2)
        check = _best(lambda names=names, rows=rows: check_name_column(
            {m.NAME: 0}, ["顧客名"], [names], rows), args.repeat)
        first = _best(lambda names=names: named_prefectures(names), args.repeat)
        path = Path(f"/tmp/bench_wrong_column_{n}.csv")
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["顧客コード", "顧客名", "住所", "緯度", "経度"])
            w.writerows(zip(c[m.CUSTOMER_ID], names, c[m.ADDRESS], c[m.LAT], c[m.LON],
                            strict=True))
        whole = _best(lambda path=path: read_customers(path), args.repeat)
        print(f"{n:>10,} {check:>9.3f} {first:>16.3f} {whole:>9.2f}")


if __name__ == "__main__":
    main()
