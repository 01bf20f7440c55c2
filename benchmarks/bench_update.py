"""Updating a plan from a revised customer list, against importing the revised list afresh.

For 1k/10k/100k customers (the rows of ``bench_import``, reps in the 担当者 column, so the
import makes one territory per rep) the revised list drops 2 % of the customers, adds 2 %
new ones (near existing ones, no rep), gives 2 % a new rank and 0.5 % a new address without
coordinates (another street of their prefecture). "locate s" is the command line's step before
the update with no address search (offline): "placed" shops at the customers of their 丁目;
"cli s" both steps as the command line runs them (the rows matched once, for both).
Printed per size: reading the revised list, ``update_customers`` matched by code
and, on a plan imported without the code column, by name and address; the peer is the
fresh import of the revised list (``read_customers`` + ``to_plan``: what a manager does
without an update, losing territories, locks and hand-set values), in the same run. The
counts are checked against what the revision did. ``--calendar`` adds a 1,000-customer plan
with a calendar (the days that lose a visit are timed again).

    python benchmarks/bench_update.py [--sizes 1000,10000,100000] [--calendar]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import HEADERS, _rows  # noqa: E402

from planner._geocode_nearby import approximate_mask  # noqa: E402
from planner._update_positions import locate_rows  # noqa: E402
from planner.spreadsheet import read_customers  # noqa: E402
from planner.update import update_customers  # noqa: E402

try:
    from planner.update import list_match  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # before 2026-12-02: each step matched the rows itself
    list_match = None

CACHE = Path("/tmp/territory_planner_bench_update")


def write(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="cp932", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def revise(rows: list[list[object]]) -> tuple[list[list[object]], dict[str, int]]:
    """The revised list and what the revision did."""
    n = len(rows)
    kept = [r[:] for i, r in enumerate(rows) if i % 50 != 7]
    # a shop moves within its prefecture (the update does not take a shop of 川崎 and one of
    # 銀座 for one company by name alone): to another customer's street, a 番地 of its own
    by_prefecture: dict[str, list[str]] = {}
    for r in rows:
        by_prefecture.setdefault(_prefecture(str(r[2])), []).append(str(r[2]))
    ranks = addresses = 0
    for i, r in enumerate(kept):
        if i % 50 == 3:
            r[6] = {"A": "B", "B": "C", "C": "A"}[str(r[6])]
            r[8] = ""  # the list's frequency cell changes too (blank: the rank's rule)
            ranks += 1
        elif i % 200 == 11:
            streets = by_prefecture[_prefecture(str(r[2]))]
            street = streets[(i * 7919) % len(streets)]
            if street.split("丁目")[0] == str(r[2]).split("丁目")[0]:
                street = streets[(i * 7919 + 1) % len(streets)]
            r[2] = street.rsplit("-", 1)[0] + "-99"
            r[4] = r[5] = ""
            addresses += 1
    new = []
    for k in range(n // 50):
        src = rows[(k * 37) % n]
        lat, lon = float(src[4]) + 0.002, float(src[5]) - 0.002  # type: ignore[arg-type]
        new.append([f"N{k:06d}", f"新規商店{k}", src[2], src[3], lat, lon, src[6], src[7],
                    src[8], "", ""])  # fmt: skip
    expected = {"removed": n - len(kept), "added": len(new), "ranks": ranks,
                "addresses": addresses}  # fmt: skip
    return kept + new, expected


def _prefecture(address: str) -> str:
    for end in ("都", "道", "府", "県"):
        if end in address[:4]:
            return address[: address.index(end) + 1]
    return ""


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def command_line(plan, result):  # type: ignore[no-untyped-def]
    """Locate offline, then update, as ``territory-planner update`` does."""
    given = {"match": list_match(plan, result)} if list_match is not None else {}
    located = locate_rows(plan, result, provider="none", **given)
    return update_customers(plan, located, **given)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--calendar", action="store_true")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"{'customers':>9} {'read s':>7} {'update s':>9} {'by name s':>10} {'fresh s':>8}"
          f" {'added':>6} {'joined':>6} {'removed':>7} {'changed':>7} {'checked':>8}"
          f" {'locate s':>8} {'placed':>6} {'cli s':>6}")  # fmt: skip
    for n in [int(s) for s in args.sizes.split(",")]:
        rows = _rows(n)
        old = write(CACHE / f"old_{n}.csv", rows)
        revised_rows, expected = revise(rows)
        new = write(CACHE / f"new_{n}.csv", revised_rows)
        plan = read_customers(old).to_plan()
        result, read_s = timed(lambda p=plan, f=new: read_customers(f, settings=p.settings))
        update, update_s = timed(lambda p=plan, r=result: update_customers(p, r))
        # the command line's step before the update: offline, the moved shops placed at the
        # customers of their 丁目 (geocode "none")
        located, locate_s = timed(lambda p=plan, r=result: locate_rows(p, r, provider="none"))
        placed = int(approximate_mask(located.customers).sum())
        cli, cli_s = timed(lambda p=plan, r=result: command_line(p, r))
        no_code = {"customer_id": ""}
        plan_n = read_customers(old, columns=no_code).to_plan()
        result_n = read_customers(new, columns=no_code, settings=plan_n.settings)
        update_n, name_s = timed(lambda p=plan_n, r=result_n: update_customers(p, r))
        _, fresh_s = timed(lambda f=new: read_customers(f).to_plan())
        joined = sum(1 for c in update.added if c.territory)
        ok = (
            len(update.added) == expected["added"] == len(update_n.added)
            and len(update.removed) == expected["removed"]
            and len(update.changed) == expected["ranks"] + expected["addresses"]
            and len(update_n.removed) == expected["removed"]  # a moved shop: by its unique name
            and len(update_n.changed) == len(update.changed)
            and placed == expected["addresses"]
            and len(cli.changed) == len(update.changed) and len(cli.added) == len(update.added)
        )
        print(f"{n:>9,} {read_s:>7.2f} {update_s:>9.2f} {name_s:>10.2f} {fresh_s:>8.2f}"
              f" {len(update.added):>6,} {joined:>6,} {len(update.removed):>7,}"
              f" {len(update.changed):>7,} {'yes' if ok else 'NO':>8}"
              f" {locate_s:>8.2f} {placed:>6,} {cli_s:>6.2f}")  # fmt: skip
    if args.calendar:
        from planner.schedule import build_schedule

        rows = _rows(1000)
        plan = build_schedule(read_customers(write(CACHE / "cal_old.csv", rows)).to_plan())
        revised_rows, expected = revise(rows)
        result = read_customers(write(CACHE / "cal_new.csv", revised_rows), settings=plan.settings)
        update, update_s = timed(lambda: update_customers(plan, result))
        assert plan.schedule is not None and update.plan.schedule is not None
        print(f"with a calendar, 1,000 customers: update {update_s:.2f} s, visits "
              f"{len(plan.schedule):,} → {len(update.plan.schedule):,}, removed "
              f"{len(update.removed)}, calendar out of date: {update.calendar_stale}")


if __name__ == "__main__":
    main()
