"""Each rep's own working days: stored, edited (undoably), scheduled, moved, counted, exported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import edits as E
from planner import model as m
from planner import store
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.rep_days import calendar_days, own_days_note
from planner.schedule import build_schedule
from planner.stats import plan_stats
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics

MON_THU = ("mon", "tue", "wed", "thu")
TUE_THU_SAT = ("tue", "thu", "sat")
ORDER = {d: i for i, d in enumerate(m.WEEKDAYS)}


def _plan(**settings) -> m.Plan:
    """90 customers, two reps: T01 works Mon–Thu, T02 Tue/Thu/Sat; weekly, every 2/4 weeks,
    twice and three times a week; C000001 (T02) wants 4 visits a week, C000002 (T01) is
    seen on Fridays only, C000003 (T02) on Saturdays only."""
    plan = synthetic_plan(90, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 4, 12, 4], dtype=float), len(c))
    c[m.SERVICE_MINUTES] = 15.0
    ids = c[m.CUSTOMER_ID].astype(str)
    special = {"C000001": ("T02", 16.0, ""), "C000002": ("T01", 4.0, "fri"),
               "C000003": ("T02", 4.0, "sat")}  # fmt: skip
    for cid, (territory, freq, visit) in special.items():
        row = ids == cid
        c.loc[row, m.TERRITORY] = territory
        c.loc[row, m.FREQUENCY] = freq
        c.loc[row, m.VISIT_DAYS] = visit
    t1, t2 = plan.territories
    territories = (t1.replace(working_days=MON_THU), t2.replace(working_days=TUE_THU_SAT))
    s = dataclasses.replace(plan.settings, day_hours=10.0, **settings)
    return plan.replace(customers=c, territories=territories, settings=s)


@pytest.fixture(autouse=True, scope="module")
def english():
    """The tests read the English sentences (the reasons are written when the calendar is built)."""
    set_language("en")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def built() -> m.Plan:
    return build_schedule(_plan(), route_seconds=0.02)


def _reasons(plan: m.Plan) -> dict[str, str]:
    """Why each customer, or one of its visits (a holiday's), is not in the calendar."""
    from planner._schedule_off import skipped_visits

    u = pd.concat([plan.unscheduled, skipped_visits(plan)])
    return dict(zip(u["customer_id"].astype(str), u["reason"].astype(str), strict=True))


# --- the plan file and the edit -------------------------------------------------------------


def test_working_days_survive_a_save_and_old_plans_load_without(tmp_path, monkeypatch) -> None:
    plan = _plan()
    path = tmp_path / "plan.gpkg"
    store.save_plan(plan, path)
    back = store.load_plan(path)
    assert back.territory("T01").working_days == MON_THU
    assert back.territory("T02").working_days == TUE_THU_SAT
    assert back.territories == plan.territories
    # a file written before the column existed loads with the plan's days
    old_frame = store._territory_frame
    monkeypatch.setattr(
        store, "_territory_frame", lambda ts: old_frame(ts).drop(columns=["working_days"])
    )
    store.save_plan(plan, tmp_path / "old.gpkg")
    old = store.load_plan(tmp_path / "old.gpkg")
    assert [t.working_days for t in old.territories] == [(), ()]


def test_set_working_days_is_one_undoable_edit_that_marks_the_calendar_stale(built) -> None:
    assert built.meta[E.SCHEDULE_STALE] is False
    new, inverse, changes = E.apply_edit(built, E.SetWorkingDays("T01", ("thu", "mon", "fri")))
    assert new.territory("T01").working_days == ("mon", "thu", "fri")  # kept in week order
    assert new.meta[E.SCHEDULE_STALE] is True and changes.territories and changes.schedule
    assert isinstance(inverse, E.Edit) and E.SetWorkingDays("T01", ()).describe()
    back, redo, _ = E.apply_edit(new, inverse)
    assert back.territory("T01").working_days == MON_THU
    assert back.meta[E.SCHEDULE_STALE] is False and back.territories == built.territories
    again, _, _ = E.apply_edit(back, redo)
    assert again.territory("T01").working_days == ("mon", "thu", "fri")
    cleared, _, _ = E.apply_edit(built, E.SetWorkingDays("T02", ()))
    assert cleared.territory("T02").working_days == ()  # the plan's days again
    # setting the days a rep already has changes nothing the calendar depends on
    same, _, _ = E.apply_edit(built, E.SetWorkingDays("T01", MON_THU))
    assert same.meta[E.SCHEDULE_STALE] is False
    for bad in (E.SetWorkingDays("T01", ("mon", "xyz")), E.SetWorkingDays("T99", ("mon",))):
        with pytest.raises(PlannerError):
            E.apply_edit(built, bad)
    with pytest.raises(PlannerError):  # the generic update checks them too
        E.apply_edit(built, E.UpdateTerritory.of("T01", working_days=("thu", "mon")))


# --- the calendar -----------------------------------------------------------------------------


def test_every_visit_falls_on_its_reps_days_and_the_meta_says_which(built) -> None:
    s = built.schedule
    assert set(s.loc[s["territory"] == "T01", "day"]) <= set(MON_THU)
    assert set(s.loc[s["territory"] == "T02", "day"]) == set(TUE_THU_SAT)  # Saturdays worked
    assert built.meta["schedule_days"] == list(built.settings.working_days)
    assert built.meta["schedule_days_by_territory"] == {
        "T01": list(MON_THU), "T02": list(TUE_THU_SAT)
    }
    ids = set(built.customers[m.CUSTOMER_ID])
    assert set(s["customer_id"]) | set(built.unscheduled["customer_id"]) == ids
    assert (s["day_hours"] <= 10.0 + 1e-9).all()
    assert not s.duplicated(["customer_id", "week", "day"]).any()


def test_patterns_are_kept_on_fewer_days(built) -> None:
    s = built.schedule
    freq = built.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weeks = built.meta["schedule_weeks"]
    seen = set()
    for cid, visits in s.groupby("customer_id"):
        f = freq[cid]
        assert len(visits) == f * weeks / 4, cid
        per_week = visits.groupby("week")["day"].apply(lambda d: tuple(sorted(d, key=ORDER.get)))
        if f == 4:  # weekly: the same weekday every week
            assert visits["day"].nunique() == 1 and len(per_week) == weeks
        elif f == 2:  # every two weeks: same weekday, alternate weeks
            w = sorted(visits["week"])
            assert visits["day"].nunique() == 1 and all(b - a == 2 for a, b in itertools.pairwise(w))
        elif f == 8:  # twice a week: the same two days, at least two days apart
            assert per_week.nunique() == 1
            a, b = per_week.iloc[0]
            assert ORDER[b] - ORDER[a] >= 2
        elif f == 12:
            assert per_week.nunique() == 1 and len(per_week.iloc[0]) == 3
            if visits["territory"].iloc[0] == "T02":  # three days: all of them
                assert per_week.iloc[0] == TUE_THU_SAT
        seen.add(f)
    assert seen >= {1, 2, 4, 8, 12}
    saturday_only = s[s["customer_id"] == "C000003"]
    assert len(saturday_only) and (saturday_only["day"] == "sat").all()


def test_customers_the_rep_cannot_serve_are_listed_with_the_reason(built) -> None:
    reasons = _reasons(built)
    assert "4 times a week" in reasons["C000001"] and "3 days" in reasons["C000001"]
    assert "Fri" in reasons["C000002"] and "Mon" in reasons["C000002"]
    assert not {"C000001", "C000002"} & set(built.schedule["customer_id"])


def test_reps_without_own_days_are_scheduled_as_before() -> None:
    """T01's calendar does not depend on T02's own days; with none set, the plan's days rule."""
    plan = _plan()
    t1, t2 = plan.territories
    only_t2 = build_schedule(plan.replace(territories=(t1.replace(working_days=()), t2)),
                             route_seconds=0.02)
    plain = build_schedule(
        plan.replace(territories=(t1.replace(working_days=()), t2.replace(working_days=()))),
        route_seconds=0.02,
    )
    assert plain.meta["schedule_days_by_territory"] == {}
    assert only_t2.meta["schedule_days_by_territory"] == {"T02": list(TUE_THU_SAT)}
    a = only_t2.schedule[only_t2.schedule["territory"] == "T01"].reset_index(drop=True)
    b = plain.schedule[plain.schedule["territory"] == "T01"].reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert set(a["day"]) == set(plan.settings.working_days)


def test_a_saturday_holiday_is_skipped_for_the_saturday_rep() -> None:
    # week 1's Saturday is 2028-04-29 (昭和の日); Thursday 2028-05-04 (みどりの日) too
    out = build_schedule(_plan(start_date="2028-04-24"), route_seconds=0.02)
    s = out.schedule
    assert not s["date"].isin(["2028-04-29", "2028-05-04"]).any()
    sat = s[s["day"] == "sat"]
    assert len(sat) and all(dt.date.fromisoformat(d).weekday() == 5 for d in sat["date"])
    assert set(sat["week"]) >= {2, 3, 4}
    reasons = _reasons(out)
    weekly_sat = {c for c in sat["customer_id"] if len(s[s["customer_id"] == c]) == 4 - 1}
    for cid in weekly_sat | {"C000003"}:  # week 1's visit moved within week 1, or listed
        week1 = s[(s["customer_id"] == cid) & (s["week"] == 1)]
        assert len(week1) or "2028-04-29" in reasons.get(cid, ""), cid
    assert "2028-04-29" in reasons.get("C000003", "")  # Saturdays only: nowhere else to go


def test_bad_own_days_are_a_user_error() -> None:
    plan = _plan()
    t1, t2 = plan.territories
    broken = plan.replace(territories=(t1.replace(working_days=("mon", "funday")), t2))
    with pytest.raises(PlannerError, match="working days"):
        build_schedule(broken)


# --- hand edits, figures, exports ------------------------------------------------------------


def test_a_visit_cannot_be_moved_to_a_day_the_rep_does_not_work(built) -> None:
    s = built.schedule
    only_tue = s.groupby("customer_id")["day"].agg(lambda d: set(d) == {"tue"})
    row = s[(s["territory"] == "T02") & s["customer_id"].map(only_tue)].iloc[0]
    cid, week = str(row["customer_id"]), int(row["week"])
    for day in ("mon", "fri"):
        with pytest.raises(PlannerError, match="does not work on") as err:
            E.apply_edit(built, E.MoveVisits((cid,), (week, "tue"), (week, day)))
        assert "Sat" in str(err.value) and "\n" not in str(err.value)
    moved, _, _ = E.apply_edit(built, E.MoveVisits((cid,), (week, "tue"), (week, "sat")))
    after = moved.schedule
    assert "sat" in set(after.loc[after["customer_id"] == cid, "day"])
    t1 = s[(s["territory"] == "T01") & (s["day"] == "mon")].iloc[0]
    with pytest.raises(PlannerError, match="does not work on"):  # Mon–Thu rep on a Saturday
        E.apply_edit(built, E.MoveVisits((str(t1["customer_id"]),), (int(t1["week"]), "mon"),
                                         (int(t1["week"]), "sat")))
    assert calendar_days(built, "T02") == TUE_THU_SAT
    assert calendar_days(built, "T01") == MON_THU


def test_figures_use_the_reps_days(built) -> None:
    plain = built.replace(territories=tuple(t.replace(working_days=()) for t in built.territories))
    own, base = territory_metrics(built), territory_metrics(plain)
    assert list(own["days_per_week"]) == [4.0, 3.0] and list(base["days_per_week"]) == [5.0, 5.0]
    # fewer days out: fewer trips from the start point, so less estimated travel
    assert (own["travel_km_per_week"] <= base["travel_km_per_week"] + 1e-9).all()
    # a 3-day rep gives at most 3 × 10 h, whatever the capacity says
    t2 = built.territory("T02")
    assert own.loc["T02", "capacity_use"] == pytest.approx(
        own.loc["T02", "workload_hours_per_week"] / min(t2.capacity_hours, 30.0)
    )
    assert base.loc["T02", "capacity_use"] == pytest.approx(
        base.loc["T02", "workload_hours_per_week"] / t2.capacity_hours
    )
    stats = plan_stats(built)
    first = stats["territories"][1]
    assert first["working_days"] == list(TUE_THU_SAT) and first["own_working_days"] is True
    assert stats["schedule"]["days_by_territory"] == {"T01": list(MON_THU),
                                                      "T02": list(TUE_THU_SAT)}
    for key in ("id", "name", "rep", "customers", "visits_per_cycle", "workload_hours_per_week",
                "sales", "travel_km_per_cycle", "deviation"):
        assert key in first
    assert "2 reps" in own_days_note(built) and own_days_note(plain) == ""


def test_schedule_command_names_the_reps_with_own_days(tmp_path: Path) -> None:
    path = tmp_path / "p.gpkg"
    store.save_plan(_plan(), path)
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-m", "planner", "schedule", str(path), "--quiet"],
                         capture_output=True, text=True, encoding="utf-8", cwd=root,
                         env={"LANG": "C.UTF-8", "PATH": "", "PYTHONPATH": str(root)})  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "T02 works on its own days: Tue, Thu, Sat." in run.stdout
    stats = subprocess.run([sys.executable, "-m", "planner", "stats", str(path), "--json"],
                           capture_output=True, text=True, encoding="utf-8", cwd=root,
                           env={"LANG": "C.UTF-8", "PATH": "", "PYTHONPATH": str(root)})  # fmt: skip
    data = json.loads(stats.stdout)
    assert data["schedule"]["days_by_territory"]["T01"] == list(MON_THU)


def test_exports_show_a_reps_saturday(built, tmp_path) -> None:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.export.figures import calendar_figures
    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    wb = load_workbook(export_workbook(built, tmp_path / "p.xlsx"))
    summary = wb["Summary"]
    headers = [c.value for c in summary[3]]
    col = headers.index("Working days") + 1
    assert [summary.cell(row=r, column=col).value for r in (4, 5)] == [
        "Mon–Thu", "Tue・Thu・Sat"
    ]
    texts = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
             if isinstance(c, str)]  # fmt: skip
    assert any(t.startswith("Week 2 Sat") for t in texts)  # the route sheet's Saturday
    t2 = built.territory("T02")
    rows = built.schedule[built.schedule["territory"] == "T02"]
    c = built.customers
    mine = (c[m.TERRITORY] == "T02").to_numpy()
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        figures = calendar_figures(built).loc["T02"]
        _overview_page(fig, built, t2, rows, figures, c[m.LON].to_numpy()[mine],
                       c[m.LAT].to_numpy()[mine], np.full(int(mine.sum()), "sat", dtype=object))
    header = {t.get_text() for t in fig.texts}
    assert {"Tuesday", "Thursday", "Saturday"} <= header or {"Tue", "Thu", "Sat"} <= header
    assert not ({"Monday", "Friday", "Mon", "Fri"} & header)
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    assert "Sat" in legend
