"""Codes typed as numbers in a column formatted ``000000`` (Excel shows 000123): the import
reads them as shown, from the workbook's styles and the sheet's XML. What that costs.

For 1k/10k/100k customers, the same sheet written twice (openpyxl write_only): codes as
numbers formatted ``000000``, and the same numbers without a format (the baseline: nothing to
pad, only the styles are looked at). Prints the full import of each, best of ``--repeat``.

    python benchmarks/bench_padded_codes.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402

from planner.spreadsheet import read_customers  # noqa: E402


def _sheet(n: int, padded: bool) -> Path:
    path = Path(f"/tmp/bench_padded_{n}_{int(padded)}.xlsx")
    if path.exists():
        return path
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("顧客")
    ws.append(["顧客コード", "顧客名", "住所", "緯度", "経度"])
    for i in range(n):
        code = WriteOnlyCell(ws, value=i + 1)
        if padded:
            code.number_format = "000000"
        ws.append([code, f"店{i}", "東京都新宿区西新宿1-1", 35.6 + i * 1e-6, 139.7])
    wb.save(path)
    return path


def _best(path: Path, repeat: int) -> tuple[float, str]:
    best, first = float("inf"), ""
    for _ in range(repeat):
        t = time.perf_counter()
        result = read_customers(path)
        best = min(best, time.perf_counter() - t)
        first = str(result.customers["customer_id"].iloc[0])
    return best, first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'rows':>8}  {'plain s':>8}  {'000000 s':>9}  {'extra s':>8}  first code")
    for n in (int(s) for s in args.sizes.split(",")):
        plain, _ = _best(_sheet(n, False), args.repeat)
        padded, code = _best(_sheet(n, True), args.repeat)
        print(f"{n:>8,}  {plain:>8.2f}  {padded:>9.2f}  {padded - plain:>8.2f}  {code}")


if __name__ == "__main__":
    main()
