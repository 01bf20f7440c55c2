"""What the rep tells customers about holidays (``advance_notice``), at 1k/10k/100k customers.

Every export of a dated calendar asks, per visit, whether the customer's next visit moved or
falls out on a closed day (the workbook twice, the phone calendars and the hand-outs once
more). The calendar is ``bench_export.quick_schedule`` (dated from 2026-12-07) with every 20th
visit marked as moved there from the day before, so a few per cent of the customers have news,
as in a December calendar. "ours" is ``planner._schedule_off.advance_notice``; the baseline is
the first version (a date-sorted table of every customer's visits, news or not), timed in the
same run; both must give the same notices. CPU seconds, best of ``--repeat``.

    python benchmarks/bench_notices.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import quick_schedule  # noqa: E402
from bench_workbook_roundtrip import best  # noqa: E402

from planner import model as m  # noqa: E402
from planner._schedule_off import advance_notice, closed_day_events  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def with_news(plan: m.Plan) -> m.Plan:
    """Every 20th visit moved there from the day before (a holiday's move)."""
    s = plan.schedule.copy()
    s["moved_from"] = ""
    rows = s.index[::20]
    s.loc[rows, "moved_from"] = [
        (dt.date.fromisoformat(str(d)) - dt.timedelta(days=1)).isoformat()
        for d in s.loc[rows, "date"]]
    return plan.replace(schedule=s)


def baseline(plan: m.Plan) -> dict[object, list[tuple[str, str, str]]]:
    """The first version: every customer's visits sorted by date, then the news looked up."""
    schedule = plan.schedule
    events = closed_day_events(plan)
    dated = schedule[schedule["date"].astype(str) != ""]
    visits = {str(cid): v.sort_values("date", kind="stable")
              for cid, v in dated.groupby("customer_id")}
    out: dict[object, list[tuple[str, str, str]]] = {}
    for cid, _territory, planned, new in sorted(events):
        mine = visits.get(cid)
        if mine is None:
            continue
        before = mine[mine["date"].astype(str) < min(planned, new or planned)]
        if len(before):
            out.setdefault(before.index[-1], []).append(
                ("moved" if new else "skipped", new, planned))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'customers':>9} {'visits':>8} {'with news':>9} {'notices':>8} {'ours s':>7} "
          f"{'baseline s':>10} {'same':>5}")
    for n in (int(s) for s in args.sizes.split(",")):
        plan = with_news(quick_schedule(synthetic_plan(n, territories=max(2, n // 2000), seed=1)))
        news = len({c for c, *_r in closed_day_events(plan)})
        ours_s, ours = best(lambda p=plan: advance_notice(p), args.repeat)
        base_s, base = best(lambda p=plan: baseline(p), args.repeat)
        print(f"{n:>9,} {len(plan.schedule):>8,} {news:>9,} {len(ours):>8,} {ours_s:>7.2f} "
              f"{base_s:>10.2f} {'yes' if ours == base else 'NO':>5}")


if __name__ == "__main__":
    main()
