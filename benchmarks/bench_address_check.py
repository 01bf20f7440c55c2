"""Coordinates checked against the prefecture each address names: what it costs the import.

For 1k/10k/100k synthetic customers (every address distinct; one in fifty moved to 大阪市, so
that the slow path, the distance to the named prefecture, has work), prints the check alone
(``check_positions``), the import of the same list as a UTF-8 CSV, and the part of the
import spent in the check with its report's sentences; best of ``--repeat``.

    python benchmarks/bench_address_check.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import planner.import_fields as fields  # noqa: E402
from planner import model as m  # noqa: E402
from planner.address_check import check_positions  # noqa: E402
from planner.spreadsheet import read_customers  # noqa: E402
from planner.synthetic import synthetic_customers  # noqa: E402


def _list(n: int) -> tuple[Path, np.ndarray, np.ndarray, np.ndarray]:
    c = synthetic_customers(n, seed=1)
    lat, lon = c[m.LAT].to_numpy(dtype=float).copy(), c[m.LON].to_numpy(dtype=float).copy()
    lat[::50], lon[::50] = 34.6937, 135.5023  # one in fifty given in 大阪市
    address = np.array([f"{a}-{i}" for i, a in enumerate(c[m.ADDRESS])], dtype=object)
    path = Path(f"/tmp/bench_address_check_{n}.csv")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["顧客コード", "顧客名", "住所", "緯度", "経度"])
        w.writerows(zip(c[m.CUSTOMER_ID], c[m.NAME], address, lat, lon, strict=True))
    return path, lat, lon, address


def _best(repeat: int, run) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    check_positions(np.array([35.7]), np.array([139.7]), np.array(["東京都"], dtype=object))
    print(f"{'rows':>8}  {'check s':>8}  {'import s':>9}  {'of it check s':>13}  {'reported':>8}")
    real = fields.mismatch_reasons
    spent: list[float] = []

    def timed(*args: object):  # the check with its report's sentences, inside the import
        t = time.perf_counter()
        out = real(*args)  # type: ignore[arg-type]
        spent.append(time.perf_counter() - t)
        return out

    for n in (int(s) for s in args.sizes.split(",")):
        path, lat, lon, address = _list(n)
        check, result = _best(args.repeat, lambda a=lat, b=lon, c=address: check_positions(a, b, c))
        wrong = int(result.wrong.sum())  # type: ignore[attr-defined]
        fields.mismatch_reasons = timed  # type: ignore[assignment]
        spent.clear()
        try:
            full, _ = _best(args.repeat, lambda p=path: read_customers(p))
        finally:
            fields.mismatch_reasons = real
        print(f"{n:>8}  {check:>8.3f}  {full:>9.2f}  {min(spent):>13.3f}  {wrong:>8}")

if __name__ == "__main__":
    main()
