"""The rep's lunch break (昼休憩) on the day's clock: when it is taken, how it moves the times,
what it leaves out of the day's hours, and where the route sheet shows it."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner._routing_windows import evaluate, order_in_windows, visiting_hours
from planner.errors import PlannerError
from planner.export.excel import export_workbook
from planner.i18n import tr
from planner.routing import Lunch, day_columns, lunch_of, stop_times
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

NOON = Lunch(12 * 60.0, 60.0)


def _line(n: int, leg: float = 20.0) -> np.ndarray:
    """Stops on a line, ``leg`` minutes apart, the start point first."""
    x = np.arange(n + 1, dtype=float) * leg
    return np.abs(x[:, None] - x[None, :])


def test_the_break_follows_the_first_visit_ending_at_noon_or_later() -> None:
    minutes = _line(6)
    service = np.r_[0.0, [50.0] * 6]
    plain = stop_times(list(range(7)), minutes, service, 540.0)
    times = stop_times(list(range(7)), minutes, service, 540.0, lunch=NOON)
    ends = [st.departure for st in plain]
    k = next(i for i, end in enumerate(ends) if end >= 720)  # the visit running at noon
    assert [math.isnan(st.lunch) for st in times] == [i != k + 1 for i in range(6)]
    assert times[k + 1].lunch == times[k].departure
    for before, after, i in zip(plain, times, range(6), strict=True):  # one hour later from then
        assert after.arrival == before.arrival + (60.0 if i > k else 0.0)


def test_no_break_on_a_morning_day_nor_before_the_first_visit() -> None:
    minutes = _line(3)
    short = stop_times([0, 1, 2, 3], minutes, np.r_[0.0, 20, 20, 20], 540.0, lunch=NOON)
    assert all(math.isnan(st.lunch) for st in short)  # back before noon
    late_start = stop_times([0, 1, 2], _line(2), np.r_[0.0, 30, 30], 12 * 60.0 + 30, lunch=NOON)
    assert math.isnan(late_start[0].lunch) and late_start[1].lunch == late_start[0].departure


def test_waiting_for_an_afternoon_customer_is_spent_at_lunch() -> None:
    minutes = _line(2)
    service = np.r_[0.0, 60.0, 30.0]
    opens = np.array([0.0, 0.0, 13 * 60.0])
    times = stop_times([0, 1, 2], minutes, service, 10 * 60.0, opens, lunch=NOON)
    # visit 1 ends at 11:20, the drive ends at 11:40; lunch 12:00–13:00 while waiting
    assert times[1].lunch == 12 * 60 and times[1].arrival == 13 * 60
    cols = day_columns([0, 1, 2], minutes, minutes / 10, service, 600.0, opens=opens, lunch=NOON)
    assert cols["lunch"] == ["", "12:00"]
    # the day's hours leave the break out: 10:00 until back at 14:10, less the hour
    assert cols["day_hours"] == [pytest.approx((14 * 60 + 10 - 600 - 60) / 60, abs=1e-3)] * 2


@pytest.mark.parametrize("seed", range(8))
def test_a_small_day_with_lunch_is_ordered_as_well_as_by_trying_every_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 12, (8, 2))
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.6
    service = np.r_[0.0, rng.uniform(20, 50, 7)]
    choices = [None, None, (0.0, 720.0), (780.0, 1440.0)]
    opens, closes = visiting_hours([None, *(choices[rng.integers(4)] for _ in range(7))])
    found = order_in_windows(minutes, service, opens, closes, day_start=540.0, lunch=NOON)
    best = min(
        (evaluate([0, *p], minutes, service, opens, closes, 540.0, NOON)
         for p in itertools.permutations(range(1, 8))),
        key=lambda d: (d.late > 1e-9, d.minutes),
    )
    assert (found.late > 1e-9) == (best.late > 1e-9)
    assert found.minutes == pytest.approx(best.minutes, abs=1e-6)


def test_the_calendar_and_route_sheet_show_the_break(tmp_path) -> None:
    plan = synthetic_plan(60, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = 30.0
    c[m.FREQUENCY] = 4.0
    plan = plan.replace(customers=c)
    out = build_schedule(plan, route_seconds=0.01)
    s = out.schedule
    days = s.groupby(["week", "day"])
    assert (days["lunch"].apply(lambda v: (v != "").sum()) <= 1).all()
    with_lunch = s[s["lunch"] != ""]
    assert len(with_lunch) > 0
    first = with_lunch.iloc[0]
    wb = load_workbook(export_workbook(out, tmp_path / "r.xlsx"))
    from planner.sheetfile import EXPORTED_SHEET

    ws = wb[[n for n in wb.sheetnames if n != EXPORTED_SHEET][-1]]  # the rep's route sheet
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    breaks = [r for r in rows if r[3] and str(r[3]).startswith(tr("Lunch break until {time}",
                                                                    time="")[:3])]
    assert len(breaks) == len(with_lunch)
    at = next(i for i, r in enumerate(rows) if r in breaks)
    assert rows[at][1] == first["lunch"] and rows[at + 1][2] == first["customer_id"]
    without = build_schedule(
        plan.replace(settings=dataclasses.replace(plan.settings, lunch_minutes=0.0)),
        route_seconds=0.01,
    )
    assert (without.schedule["lunch"] == "").all()
    assert without.schedule["day_hours"].equals(s["day_hours"])  # not working time


def test_lunch_settings_are_checked_and_older_plans_get_the_default() -> None:
    assert lunch_of("12:00", 0) is None and lunch_of("11:30", 45) == Lunch(690.0, 45.0)
    with pytest.raises(PlannerError, match="lunch break"):
        dataclasses.replace(m.Settings(), lunch_minutes=240).validate()
    old = {k: v for k, v in m.Settings().to_dict().items() if not k.startswith("lunch")}
    s = m.Settings.from_dict(old)
    assert (s.lunch_start, s.lunch_minutes) == ("12:00", 60.0)
