"""Rebuilding the calendar while customers keep their visit days and weeks (keep_days)."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.cli import main
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers, synthetic_plan


def _positions(plan: m.Plan) -> pd.Series:
    """Per customer: the set of (week, day) of its visits."""
    s = plan.schedule
    return s.groupby("customer_id").apply(lambda v: frozenset(zip(v["week"], v["day"], strict=True)))


@pytest.fixture(scope="module")
def built() -> m.Plan:
    plan = synthetic_plan(150, territories=2, seed=12)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3  # room in every day
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 0.5, 4, 2, 1], dtype=float), len(c))
    plan = plan.replace(customers=c)
    out = build_schedule(plan, route_seconds=0.01)
    assert out.unscheduled.empty
    return out


def test_customers_on_visit_days_the_list_fixes_count_as_kept(built: m.Plan) -> None:
    """週2(月木) from the list: a rebuild keeping days leaves them on those days, and the
    count says they kept their days (they were counted as "placed anew")."""
    c = built.customers.copy()
    weekly = c[m.FREQUENCY].to_numpy() == 4.0
    days = built.schedule.groupby("customer_id")["day"].first()
    c.loc[weekly, m.VISIT_DAYS] = days.reindex(c.loc[weekly, m.CUSTOMER_ID]).to_numpy()
    fixed = build_schedule(built.replace(customers=c), route_seconds=0.01)
    again = build_schedule(fixed, route_seconds=0.01, keep_days=True)
    visited = set(again.schedule["customer_id"])
    from planner._schedule_told import changed_customers

    assert not changed_customers(again)
    assert again.meta["schedule_kept"] == len(visited)


def test_a_rebuild_with_no_changes_keeps_every_visit_where_it_was(built: m.Plan) -> None:
    again = build_schedule(built, route_seconds=0.01, keep_days=True)
    before, after = _positions(built), _positions(again)
    assert after.reindex(before.index).equals(before)
    assert again.meta["schedule_kept"] == len(before)
    assert again.unscheduled.empty
    # the pins are for this build only: nothing is written into the customer table
    assert (again.customers[m.VISIT_DAYS] == "").all()
    assert (again.customers[m.VISIT_WEEK] == "").all()
    # without keeping, a build from scratch is free to move customers (the control)
    fresh = build_schedule(_shuffled(built), route_seconds=0.01)
    assert (_positions(fresh).reindex(before.index) != before).any()


def _shuffled(plan: m.Plan) -> m.Plan:
    """The same customers in another order (a fresh build then differs in places)."""
    c = plan.customers.sample(frac=1.0, random_state=3).reset_index(drop=True)
    return plan.replace(customers=c)


def test_only_new_and_changed_customers_move(built: m.Plan) -> None:
    c = built.customers.copy()
    ids = c[m.CUSTOMER_ID].astype(str).tolist()
    s = built.schedule
    day_of = s.groupby("customer_id")["day"].agg(lambda d: sorted(set(d)))
    weekly = [i for i in ids if len(s[s["customer_id"] == i]) == 8 and len(day_of[i]) == 1]
    biweekly = [i for i in ids if len(s[s["customer_id"] == i]) == 4]
    twice = [i for i in ids if len(s[s["customer_id"] == i]) == 16]
    assert weekly and biweekly and twice
    row = {cid: k for k, cid in enumerate(ids)}
    # the every-two-weeks customer of T01 nearest T02's home is handed to T02
    home = built.territory("T02")
    lat, lon = c[m.LAT].to_numpy(), c[m.LON].to_numpy()
    in_t01 = [i for i in biweekly if c.loc[row[i], m.TERRITORY] == "T01"]
    moved = min(in_t01, key=lambda i: (lat[row[i]] - home.home_lat) ** 2
                + (lon[row[i]] - home.home_lon) ** 2)
    slower, closed, by_hand = weekly[0], weekly[1], weekly[2]
    # weekly → every two weeks: one visit a week still, so its weekday is kept
    c.loc[row[slower], m.FREQUENCY] = 2.0
    # closed on its present day from now on: it must move
    c.loc[row[closed], m.CLOSED_DAYS] = day_of[closed][0]
    # the manager fixes another day by hand: the hand-set day wins
    other = next(d for d in m.Settings().working_days if d != day_of[by_hand][0])
    c.loc[row[by_hand], m.VISIT_DAYS] = other
    # handed to the other rep: placed anew in that territory
    c.loc[row[moved], m.TERRITORY] = "T02"
    new = synthetic_customers(3, seed=77)
    new[m.CUSTOMER_ID] = ["NEW1", "NEW2", "NEW3"]
    new[m.TERRITORY] = "T01"
    plan = built.replace(customers=m.set_points(pd.concat([c, new], ignore_index=True)))
    again = build_schedule(plan, route_seconds=0.01, keep_days=True)
    before, after = _positions(built), _positions(again)
    changed = {slower, closed, by_hand, moved}
    for cid in set(before.index) - changed:
        assert after[cid] == before[cid], cid
    sa = again.schedule
    days_now = sa.groupby("customer_id")["day"].agg(lambda d: sorted(set(d)))
    assert days_now[slower] == day_of[slower]
    assert len(sa[sa["customer_id"] == slower]) == 4
    assert day_of[closed][0] not in days_now[closed]
    assert days_now[by_hand] == [other]
    assert set(sa.loc[sa["customer_id"] == moved, "territory"]) == {"T02"}
    assert {"NEW1", "NEW2", "NEW3"} <= set(sa["customer_id"])
    assert len(sa[sa["customer_id"] == twice[0]]) == 16  # twice a week keeps both its days
    # kept on their days: all but the four (the slower one is told its new rhythm)
    assert again.meta["schedule_kept"] == len(set(before.index) - changed)
    # the new rep's route sheet will say whose customer it was
    changes = again.meta["schedule_changed_days"]
    assert changes[moved][4:] == ["T01", "T02"]
    assert {closed, by_hand, moved, slower} <= set(changes)
    assert changes[slower][6:] == [1, 2]  # weekly before, every two weeks now
    # the shops added by hand (not from the company's list) learn their first day too
    first = {"NEW1", "NEW2", "NEW3"}
    assert not (set(changes) - changed - first)  # nobody else is listed
    for cid in first:
        old_days, old_week, new_days, new_week, old_t, new_t = changes[cid]
        assert (old_days, old_week, old_t, new_t) == ("", 0, "T01", "T01")
        assert set(new_days.split(",")) == set(days_now[cid]) and new_week >= 1
    from planner._schedule_told import changed_note
    from planner._update_changes import LAST_UPDATE_KEY

    assert changed_note(changes["NEW1"]) == "First visit in this calendar: tell the customer its day"
    assert changed_note(changes[slower]).endswith("Now every 2 weeks (was weekly)")
    # a shop the last update brought from the list is told as 新規 instead
    listed = plan.replace(meta={**plan.meta, LAST_UPDATE_KEY: {
        "added": ["NEW1"], "changed": [], "removed": []}})
    told = build_schedule(listed, route_seconds=0.01, keep_days=True).meta[
        "schedule_changed_days"]
    assert "NEW1" not in told and {"NEW2", "NEW3"} <= set(told)


def test_a_rep_who_stops_working_fridays_has_those_customers_placed_anew(built: m.Plan) -> None:
    t1, t2 = built.territories
    plan = built.replace(territories=(t1.replace(working_days=("mon", "tue", "wed", "thu")), t2))
    again = build_schedule(plan, route_seconds=0.01, keep_days=True)
    sa = again.schedule
    assert not ((sa["territory"] == "T01") & (sa["day"] == "fri")).any()
    before, after = _positions(built), _positions(again)
    t2_ids = set(built.schedule.loc[built.schedule["territory"] == "T02", "customer_id"])
    assert all(after[i] == before[i] for i in t2_ids)
    s = built.schedule
    friday = set(s.loc[(s["territory"] == "T01") & (s["day"] == "fri"), "customer_id"])
    others = set(s.loc[s["territory"] == "T01", "customer_id"]) - friday
    assert friday and all(after[i] == before[i] for i in others)


def test_shorter_days_that_cannot_hold_the_kept_customers_say_so(built: m.Plan) -> None:
    settings = dataclasses.replace(built.settings, day_hours=3.0)
    again = build_schedule(built.replace(settings=settings), route_seconds=0.01, keep_days=True)
    assert len(again.unscheduled) > 0
    from planner._schedule_keep_report import keep_report

    lines = keep_report(again)  # per rep: who was left out, and why
    assert any("left out" in line for line in lines)
    assert any(line.strip().startswith("Left out (") for line in lines)
    assert (again.schedule.groupby(["territory", "week", "day"])["day_hours"].first()
            <= 3.0 + 1e-9).all()


def test_schedule_keep_days_on_the_command_line(
    built: m.Plan, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.i18n import set_language

    path = tmp_path / "plan.gpkg"
    save_plan(built, path)
    set_language("en")
    try:
        assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    n = built.schedule["customer_id"].nunique()
    assert f"{n:,} customers kept their visit days. 0 were placed anew." in out
    assert main(["stats", str(path), "--json"]) == 0
    import json

    assert json.loads(capsys.readouterr().out)["schedule"]["kept_customers"] == n
    saved = load_plan(path)
    assert _positions(saved).reindex(_positions(built).index).equals(_positions(built))


def test_customers_with_a_new_day_are_listed_and_marked_on_the_route_sheet(
    built: m.Plan, tmp_path
) -> None:
    from openpyxl import load_workbook

    from planner._schedule_told import changed_note
    from planner.export.excel import export_workbook
    from planner.i18n import set_language

    assert built.meta["schedule_changed_days"] == {}  # the first calendar: nothing to announce
    fresh = build_schedule(_shuffled(built), route_seconds=0.01)
    changed = fresh.meta["schedule_changed_days"]
    before, after = _positions(built), _positions(fresh)
    moved = {cid for cid in before.index.intersection(after.index) if before[cid] != after[cid]}
    assert moved and set(changed) == moved
    old = built.schedule
    for cid, (days, first, new_days, new_first, old_t, new_t) in changed.items():
        assert old_t == new_t  # same territories: only days and weeks changed
        mine = old[old["customer_id"] == cid]
        assert set(days.split(",")) == set(mine["day"]) and first == mine["week"].min()
        now = fresh.schedule[fresh.schedule["customer_id"] == cid]
        assert set(new_days.split(",")) == set(now["day"]) and new_first == now["week"].min()
    kept = build_schedule(built, route_seconds=0.01, keep_days=True)
    assert kept.meta["schedule_changed_days"] == {}
    # the plan file keeps the list; the route sheet tells the rep at the visit
    path = tmp_path / "p.gpkg"
    save_plan(fresh, path)
    assert load_plan(path).meta["schedule_changed_days"] == changed
    set_language("ja")
    try:
        wb = load_workbook(export_workbook(fresh, tmp_path / "p.xlsx"))
        cells = [str(c.value) for ws in wb.worksheets[2:] for row in ws.iter_rows() for c in row
                 if c.value]
        marked = [t for t in cells if t.startswith("曜日変更") or t.startswith("訪問週変更")]
        assert len(marked) == sum(len(after[cid]) for cid in changed)  # at every visit
    finally:
        set_language(None)
    set_language("en")
    try:
        assert changed_note(["tue", 1, "thu", 1, "T01", "T01"]) == "New day (was Tue)"
        assert changed_note(["tue", 2, "tue", 1, "T01", "T01"]) == (
            "New week (was week 2)"
        )
        assert changed_note(["mon,thu", 1, "tue,fri", 2, "T01", "T01"]) == (
            "New day (was Mon・Thu, week 1)"
        )
        assert changed_note(None) == ""
        assert changed_note(["tue", 1, "tue", 1, "T01", "T02"], {"T01": "山田"}) == (
            "New rep (was 山田)"
        )
        assert changed_note(["tue", 1, "fri", 1, "T01", "T02"], {}) == (
            "New rep (was T01) / New day (was Tue)"
        )
    finally:
        set_language(None)


def test_the_day_handout_marks_customers_with_a_new_day(built: m.Plan) -> None:
    from matplotlib.figure import Figure

    from planner.export.handouts import A4, _day_pages
    from planner.i18n import set_language

    fresh = build_schedule(_shuffled(built), route_seconds=0.01)
    changed = fresh.meta["schedule_changed_days"]
    s = fresh.schedule.sort_values(["territory", "week", "day", "seq"])
    key = next(k for k, rows in s.groupby(["territory", "week", "day"])
               if rows["customer_id"].isin(list(changed)).any()
               and not rows["customer_id"].isin(list(changed)).all())
    rows = s[(s["territory"] == key[0]) & (s["week"] == key[1]) & (s["day"] == key[2])]
    c = fresh.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    pos = np.array([order[cid] for cid in rows["customer_id"]])
    fig = Figure(figsize=A4)
    set_language("en")
    try:
        next(_day_pages(fig, fresh, fresh.territory(key[0]), rows, pos,
                        c[m.LON].to_numpy(dtype=float), c[m.LAT].to_numpy(dtype=float)))
    finally:
        set_language(None)
    texts = [t.get_text() for t in fig.texts]
    assert any("※ new rep, day or week: tell the customer" in t for t in texts)
    for cid in rows["customer_id"]:
        name = str(c.loc[c[m.CUSTOMER_ID] == cid, m.NAME].iloc[0])
        marked = any(t.startswith("※" + name[:6]) for t in texts)
        assert marked == (cid in changed), cid
    # and under each changed stop, what to tell its customer, as the route sheet says it
    told = [t for t in texts if t.startswith("→ ")]
    assert len(told) == int(rows["customer_id"].isin(list(changed)).sum())
    assert all("New" in t or "First visit" in t for t in told)


def test_the_workbook_lists_the_changes_to_announce(built: m.Plan, tmp_path) -> None:
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.i18n import set_language, tr

    set_language("en")
    try:
        names = load_workbook(export_workbook(built, tmp_path / "a.xlsx")).sheetnames
        assert tr("Changes to announce") not in names  # a first calendar changes nobody
        c = built.customers.copy()
        s = built.schedule
        handed = str(s.loc[s["territory"] == "T01", "customer_id"].iloc[0])
        c.loc[c[m.CUSTOMER_ID] == handed, m.TERRITORY] = "T02"
        # a customer the previous calendar left out (here: removed from it) gets a day now
        left_out = str(s.loc[s["territory"] == "T02", "customer_id"].iloc[-1])
        previous = built.replace(schedule=s[s["customer_id"] != left_out])
        again = build_schedule(previous.replace(customers=c), route_seconds=0.01,
                               keep_days=True)
        changed = again.meta["schedule_changed_days"]
        assert handed in changed and changed[left_out][:2] == ["", 0]
        ws = load_workbook(export_workbook(again, tmp_path / "b.xlsx"))["Changes to announce"]
        rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=4)]
        assert ws.cell(row=3, column=5).value == "Previous rep"
        assert sorted(r[0] for r in rows) == sorted(changed)
        row = next(r for r in rows if r[0] == handed)
        t1, t2 = built.territories
        assert t1.rep in row[4] and t2.rep in row[5]  # from the T01 rep to the T02 rep
        assert all(r[4] is None for r in rows if r[0] != handed)  # same rep: no previous rep
        assert row[8].startswith("Week ")
        first = next(r for r in rows if r[0] == left_out)
        assert first[6] == "Not in the previous calendar" and first[7]  # and its new day
        # the new day says the rhythm: "Mon" alone would read as every Monday
        from planner.compare import visit_day_texts

        texts = dict(zip(changed, visit_day_texts(again, np.array(list(changed), dtype=object)),
                         strict=True))
        assert all(r[7] == texts[r[0]] for r in rows)
        assert all(r[7].startswith(("weekly", "every", "wk")) for r in rows)
    finally:
        set_language(None)


def test_a_hand_move_lists_the_customer_to_tell_and_undo_or_moving_back_unlists_it(
    built: m.Plan,
) -> None:
    from planner._edit_base import apply_edit
    from planner.edits import MoveVisits

    s = built.schedule
    weekly = s.groupby("customer_id").filter(lambda v: len(v) == 8 and v["day"].nunique() == 1)
    cid = str(weekly["customer_id"].iloc[0])
    territory = str(weekly["territory"].iloc[0])
    day = str(weekly["day"].iloc[0])
    target = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day)
    moved, inverse, _c = apply_edit(built, MoveVisits((cid,), (1, day), (1, target)))
    entry = moved.meta["schedule_changed_days"][cid]
    assert entry == [day, 1, target, 1, territory, territory]
    back, _inv, _c = apply_edit(moved, inverse)  # undo: nobody to tell again
    assert back.meta["schedule_changed_days"] == {}
    again, _inv, _c = apply_edit(moved, MoveVisits((cid,), (1, target), (1, day)))
    assert cid not in again.meta["schedule_changed_days"]  # moved back where it was


def test_kept_customers_move_only_to_make_room_for_someone_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from planner._schedule_days import TerritoryDays

    plan = synthetic_plan(150, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 0.5, 4, 2, 1], dtype=float), len(c))
    first = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    assert first.unscheduled.empty
    # the days get shorter: the kept days no longer hold everyone
    shorter = first.replace(settings=dataclasses.replace(first.settings, day_hours=6.5))
    kept = build_schedule(shorter, route_seconds=0.01, keep_days=True)
    released = set(kept.meta["schedule_changed_days"])
    assert released  # a few kept customers gave up their day, and are listed to tell ...
    before, after = _positions(first), _positions(kept)
    assert all(after[cid] != before[cid] for cid in released)
    assert kept.meta["schedule_kept"] == len(before) - len(released)
    assert (kept.schedule.groupby(["territory", "week", "day"])["day_hours"].first()
            <= 6.5 + 1e-9).all()
    # ... so that fewer customers are left out than when nobody may move
    monkeypatch.setattr(TerritoryDays, "_release", lambda self, j, move=None: False)
    stiff = build_schedule(shorter, route_seconds=0.01, keep_days=True)
    assert len(stiff.unscheduled) > len(kept.unscheduled)
    # nobody moved; the customers who lost their visits are listed, for the office to tell
    lost = stiff.meta["schedule_changed_days"]
    assert lost and set(lost) == set(stiff.unscheduled["customer_id"]) & set(before.index)
    assert all(entry[2] == "" and entry[0] for entry in lost.values())


@pytest.mark.parametrize("weeks_later", [4, 3])
def test_rolling_a_dated_calendar_on_keeps_every_customer_on_its_rhythm(
    built: m.Plan, weeks_later: int
) -> None:
    import datetime as dt

    from planner._schedule_keep import week_shift
    from planner._schedule_told import changed_days

    start = dt.date(2026, 12, 7)
    first = build_schedule(
        built.replace(settings=dataclasses.replace(built.settings, start_date=start.isoformat())),
        route_seconds=0.01,
    )
    later = (start + dt.timedelta(weeks=weeks_later)).isoformat()
    moved_on = first.replace(settings=dataclasses.replace(first.settings, start_date=later))
    assert week_shift(first.schedule, moved_on.settings) == weeks_later
    assert week_shift(built.schedule, moved_on.settings) == 0  # an undated calendar: no shift
    again = build_schedule(moved_on, route_seconds=0.01, keep_days=True)
    a, b = first.schedule, again.schedule
    freq = built.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    checked = 0
    for cid, visits in b.groupby("customer_id"):
        weeks = int(round(4 / freq[cid])) if freq[cid] < 4 else 1
        if weeks == 1:
            continue
        # the customer's dates in both calendars lie on one rhythm of `weeks` weeks (a visit
        # a holiday moved, a week at most, counts on the date it was planned on)
        def planned(v: pd.DataFrame) -> list[dt.date]:
            return [dt.date.fromisoformat(f or d) for d, f in zip(v["date"], v["moved_from"], strict=True)]

        old, new = planned(a[a.customer_id == cid]), planned(visits)
        monday = {d - dt.timedelta(days=d.weekday()) for d in old + new}
        assert len({(m_ - start).days // 7 % weeks for m_ in monday}) == 1, cid
        checked += 1
    assert checked > 40
    # and none of them is told of a new day or week: only the dates rolled on
    assert again.meta["schedule_changed_days"] == {}
    # the control: compared week for week, without the shift, many would look moved
    periods = {str(c): (int(round(4 / f)) if f < 4 else 1) for c, f in freq.items()}
    assert changed_days(a, b, periods=periods) or weeks_later % 8 == 0


def test_a_customer_now_seen_more_often_leaves_a_full_day_before_an_unchanged_one() -> None:
    """Four customers kept on the same day, which the new frequencies overfill: the one
    whose rank went up (visited more often now) leaves it, when that is enough, rather than
    the neighbour with the bigger visit who has always been seen that day."""
    from planner._schedule_days import TerritoryDays
    from planner._schedule_zones import Pattern

    pts = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [0.1, 0.1], [0.05, 0.05]])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0

    def full_day(grown: set[int]) -> set[int]:
        cal = TerritoryDays(
            minutes=minutes, service=np.array([100.0, 100.0, 100.0, 60.0]),
            patterns=[Pattern(1, 1, False)] * 4, day_sets=[(0,)] * 4, offsets=[0] * 4,
            horizon=1, n_days=1, limit_minutes=330.0, route_seconds=0.01,
            active=np.ones(4, dtype=bool),
        )
        cal.unpinned = {i: (frozenset(), None) for i in range(4)}  # all kept on their day
        cal.grown = grown
        cal.route_all()
        cal.repair(full_reason="full")
        return set(cal.removed_reason)

    unchanged = full_day(set())
    assert len(unchanged) == 1 and unchanged <= {0, 1, 2}  # the biggest saving leaves
    assert full_day({3}) == {3}  # the customer whose visits grew leaves instead
    assert full_day({1, 3}) == {3}  # the smallest visit that is enough


def test_more_often_names_the_kept_customers_whose_visits_grew_in_the_last_update(
    built: m.Plan,
) -> None:
    from planner._schedule_keep import more_often
    from planner._update_changes import LAST_UPDATE_KEY

    s = built.schedule
    per = s.groupby("customer_id").size()
    biweekly = [str(c) for c in per.index if per[c] == 4][:2]
    c = built.customers.copy()
    c.loc[c[m.CUSTOMER_ID].isin(biweekly), m.FREQUENCY] = 4.0  # B → A: weekly now
    rows = set(range(len(c)))
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    days = {t.id: built.settings.working_days for t in built.territories}
    plan = built.replace(customers=c)
    assert more_often(plan, rows, freq=freq, day_sets=days) == set()  # not from an update
    told = plan.replace(meta={**plan.meta, LAST_UPDATE_KEY: {
        "added": [], "changed": [*biweekly, str(per.index[0])], "removed": []}})
    ids = c[m.CUSTOMER_ID].astype(str).tolist()
    assert {ids[i] for i in more_often(told, rows, freq=freq, day_sets=days)} == set(biweekly)


def _one_day(service: list[float], limit: float, n_days: int = 1) -> Any:
    """A one-week calendar of ``n_days`` working days, the first holding every customer of
    ``service`` (near one another)."""
    from planner._schedule_days import TerritoryDays
    from planner._schedule_zones import Pattern

    n = len(service)
    pts = np.vstack([[0.05, 0.05], np.column_stack([np.arange(n) * 0.02, np.zeros(n)])])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    cal = TerritoryDays(
        minutes=minutes, service=np.array(service), patterns=[Pattern(1, 1, False)] * n,
        day_sets=[(0,)] * n, offsets=[0] * n, horizon=1, n_days=n_days, limit_minutes=limit,
        route_seconds=0.01, active=np.ones(n, dtype=bool),
    )
    cal.route_all()
    return cal


def test_on_a_full_day_a_customer_left_out_last_time_leaves_before_one_visited() -> None:
    """Kept customer 0, customer 1 placed anew (its closing day moved: the last calendar
    visited it) and customer 2, whom the last calendar left out: the day holds two."""
    def leaves(yielding: set[int]) -> set[int]:
        cal = _one_day([100.0, 100.0, 90.0], 230.0)
        cal.unpinned = {0: (frozenset(), None)}
        cal.yielding = yielding
        cal.repair(full_reason="full")
        return set(cal.removed_reason)

    assert leaves(set()) == {1}  # the biggest saving among those placed anew
    assert leaves({2}) == {2}


def test_a_customer_visited_last_time_takes_the_place_of_one_left_out_last_time() -> None:
    from planner._schedule_territory import reclaim

    def left_out(yielding: set[int]) -> set[int]:
        cal = _one_day([100.0, 100.0, 90.0, 100.0], 330.0)
        cal.remove(3, "full")  # its closing day moved: taken out by the repair
        cal.unpinned = {0: (frozenset(), None), 1: (frozenset(), None)}
        cal.yielding = yielding
        reclaim(cal, "full", avoid=frozenset())
        assert all(cal.length(k) <= 330.0 + 1e-6 for k in cal.stops)
        return set(cal.removed_reason)

    assert left_out(set()) == {3}  # the kept customers have nowhere else to go
    assert left_out({2}) == {2}  # customer 2 had no visit last time: it gives way


def test_making_room_moves_no_kept_customer_onto_a_holiday_where_it_would_lose_its_visit(
) -> None:
    from planner._schedule_territory import reclaim

    def rebuilt(avoid: frozenset[tuple[int, int]]) -> tuple[set[int], list[tuple[int, ...]]]:
        cal = _one_day([100.0, 100.0, 100.0], 230.0, n_days=2)
        cal.remove(2, "full")
        cal.unpinned = {0: (frozenset(), None), 1: (frozenset(), None)}
        # 0 and 1 pinned on day 0; customer 2 closed on day 1 (its 定休日)
        cal.closed = {0: frozenset({1}), 1: frozenset({1}), 2: frozenset({1})}
        reclaim(cal, "full", avoid=avoid)
        return set(cal.removed_reason), list(cal.day_sets)

    out, days = rebuilt(frozenset())
    assert out == set() and sorted(days[:2]) == [(0,), (1,)]  # day 1 free: one moves there
    # day 1 is a public holiday: customer 1 would lose its visit, so customer 2 stays out
    assert rebuilt(frozenset({(0, 1)})) == ({2}, [(0,), (0,), (0,)])


def test_a_weekly_customer_whose_closing_day_moves_onto_its_day_keeps_its_visits() -> None:
    """Full days (a few customers left out): a weekly customer now closed on its visit day
    gets another day, kept customers moving to make room, and no customer the previous
    calendar visited loses its visits."""
    plan = synthetic_plan(150, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.85
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 0.5, 4, 2, 1], dtype=float), len(c))
    first = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    s = first.schedule
    before = set(s["customer_id"])
    for cid in ("C000001", "C000011", "C000028"):
        day = s.loc[s["customer_id"] == cid, "day"].iloc[0]
        closed = first.customers.copy()
        closed.loc[closed[m.CUSTOMER_ID] == cid, m.CLOSED_DAYS] = day
        again = build_schedule(first.replace(customers=closed), route_seconds=0.01,
                               keep_days=True)
        mine = again.schedule[again.schedule["customer_id"] == cid]
        assert len(mine) == 8 and day not in set(mine["day"])  # weekly, 8-week horizon
        assert before <= set(again.schedule["customer_id"])
        changed = again.meta["schedule_changed_days"]
        assert cid in changed and all(entry[2] for entry in changed.values())


@pytest.mark.parametrize(("seed", "scale"), [(5, 1.0), (3, 1.3)])
def test_a_rebuild_of_full_days_with_no_changes_keeps_every_customer_visited(
    seed: int, scale: float
) -> None:
    """Days too full for everyone (customers left out): keeping the days with nothing changed
    gives no one's visits to a customer the calendar left out, and tells no one anything."""
    plan = synthetic_plan(150, territories=2, seed=seed)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * scale
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 0.5, 4, 2, 1], dtype=float), len(c))
    first = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    assert len(first.unscheduled) > 3
    again = build_schedule(first, route_seconds=0.01, keep_days=True)
    assert set(again.schedule["customer_id"]) == set(first.schedule["customer_id"])
    assert (_positions(again) == _positions(first)).all()
    assert again.meta["schedule_changed_days"] == {}


def _days(service: list[float], patterns: list, day_sets: list, offsets: list, *,
          horizon: int, n_days: int, closed: dict) -> Any:
    from planner._schedule_days import TerritoryDays

    n = len(service)
    pts = np.vstack([[0.05, 0.05], np.column_stack([np.arange(n) * 0.02, np.zeros(n)])])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    cal = TerritoryDays(
        minutes=minutes, service=np.array(service), patterns=patterns, day_sets=day_sets,
        offsets=offsets, horizon=horizon, n_days=n_days, limit_minutes=230.0,
        route_seconds=0.01, active=np.ones(n, dtype=bool), closed=closed,
    )
    cal.route_all()
    return cal


def test_a_customer_put_back_while_making_room_for_another_is_not_placed_twice() -> None:
    """Two customers to put back: making room for the first (all that gave way leave, then
    come back) puts the second back too; its own turn then finds nothing to do."""
    from planner._schedule_territory import reclaim
    from planner._schedule_zones import Pattern

    cal = _days([100.0, 100.0, 100.0, 90.0, 150.0], [Pattern(1, 1, False)] * 5,
                [(0,), (0,), (0,), (1,), (1,)], [0] * 5, horizon=1, n_days=2,
                closed={2: frozenset({1}), 3: frozenset({0})})
    cal.remove(2, "full")
    cal.remove(3, "full")
    cal.unpinned = {0: (frozenset(), None), 1: (frozenset(), None)}
    cal.yielding = {4}
    reclaim(cal, "full", avoid=frozenset())  # raised KeyError
    placed = {i for key in cal.stops for i in cal.stops[key]}
    assert placed | set(cal.removed_reason) == {0, 1, 2, 3, 4}
    assert not placed & set(cal.removed_reason)
    assert all(cal.length(k) <= 230.0 + 1e-6 for k in cal.stops)


def test_customers_that_gave_way_come_back_where_there_is_room() -> None:
    """A weekly customer takes the Monday of four monthly ones left out last time; Tuesday
    and Wednesday are free: they all come back there."""
    from planner._schedule_territory import reclaim
    from planner._schedule_zones import Pattern

    cal = _days([100.0] * 6, [Pattern(1, 1, False)] * 2 + [Pattern(4, 1, False)] * 4,
                [(0,)] * 6, [0, 0, 0, 1, 2, 3], horizon=4, n_days=3,
                closed={0: frozenset({1, 2}), 1: frozenset({1, 2})})
    cal.remove(1, "full")
    cal.unpinned = {0: (frozenset({1, 2}), None)}
    cal.yielding = {2, 3, 4, 5}
    reclaim(cal, "full", avoid=frozenset())
    assert cal.removed_reason == {}
    assert all(1 in cal.stops[(w, 0)] for w in range(4))


def test_a_visit_a_holiday_left_out_does_not_make_a_new_rhythm_to_tell() -> None:
    """Every two weeks on Tuesdays, weeks 1 and 3; week 3's visit fell on a holiday and was
    left out. Rebuilt alike, the customer is not told "now every 2 weeks (was every 4)"."""
    from planner._schedule_told import changed_days

    def visits(weeks: list[int]) -> pd.DataFrame:  # beside a weekly customer of 4 weeks
        n = len(weeks)
        return pd.DataFrame({"customer_id": ["C1"] * n + ["C2"] * 4,
                             "territory": ["T01"] * (n + 4), "week": [*weeks, 1, 2, 3, 4],
                             "day": ["tue"] * n + ["wed"] * 4})

    old, new = visits([1]), visits([1, 3])  # old: week 3 skipped on a holiday
    periods = {"C1": 2, "C2": 1}
    assert changed_days(old, new, periods=periods)["C1"][6:] == [4, 2]  # without the skip
    assert changed_days(old, new, periods=periods, old_rhythm=visits([1, 3])) == {}


def test_a_hand_move_keeps_the_new_rhythm_to_tell() -> None:
    from planner._schedule_told import changed_note, moved_changes

    def visits(day: str) -> pd.DataFrame:
        return pd.DataFrame({"customer_id": ["C1"] * 4, "territory": ["T01"] * 4,
                             "week": [1, 2, 3, 4], "day": [day] * 4})

    told = {"C1": ["tue", 1, "tue", 1, "T01", "T01", 2, 1]}  # every 2 weeks → weekly
    moved = moved_changes(told, visits("tue"), visits("thu"), ["C1"])
    assert moved["C1"][2] == "thu" and moved["C1"][6:] == [2, 1]
    assert changed_note(moved["C1"]).endswith("Now weekly (was every 2 weeks)")
    back = moved_changes(moved, visits("thu"), visits("tue"), ["C1"])
    assert back["C1"][6:] == [2, 1]  # back on its day, but still to be told its rhythm


def test_a_kept_day_lost_to_a_holiday_is_not_blamed_on_visit_or_closing_days() -> None:
    """Rebuilt keeping days over 成人の日 (Mon 2027-01-11) with full weeks: the reason said "the
    customer's visit days or closing days leave no other day" of customers with neither."""
    from planner._schedule_off import skipped_visits

    plan = synthetic_plan(90, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY], c[m.SERVICE_MINUTES] = 4.0, 20.0  # weekly, days nearly full
    c[m.CLOSED_DAYS], c[m.VISIT_DAYS] = "", ""
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, start_date="2026-12-07"))
    first = build_schedule(plan, route_seconds=0.01)
    rolled = first.replace(settings=dataclasses.replace(first.settings, start_date="2027-01-04"))
    again = build_schedule(rolled, keep_days=True, route_seconds=0.01)
    reasons = list(skipped_visits(again)["reason"])
    assert reasons and all("2027-01-11" in r for r in reasons)
    assert not [r for r in reasons if "visit days or closing days" in r]


def test_a_visit_moved_by_hand_onto_a_full_day_keeps_it_when_days_are_kept() -> None:
    """A Friday customer moved by hand onto a full Monday (8.96 h): the next build keeping
    days dropped that customer for the whole cycle, and kept the others of that Monday."""
    from planner.edits import MoveVisits, apply_edit

    plan = synthetic_plan(85, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY], c[m.SERVICE_MINUTES] = 4.0, 20.0  # weekly, days nearly full
    c[m.CLOSED_DAYS], c[m.VISIT_DAYS] = "", ""
    first = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    s = first.schedule
    cid = s[(s["week"] == 1) & (s["day"] == "fri")]["customer_id"].iloc[0]
    moved, _, _ = apply_edit(first, MoveVisits((cid,), (1, "fri"), (1, "mon")))
    monday = moved.schedule[(moved.schedule["week"] == 1) & (moved.schedule["day"] == "mon")]
    assert monday["day_hours"].max() > 8  # the hand move made the day too long
    again = build_schedule(moved, keep_days=True, route_seconds=0.01)
    assert set(again.schedule.loc[again.schedule["customer_id"] == cid, "day"]) == {"mon"}
    assert again.schedule.groupby(["week", "day"])["day_hours"].max().max() <= 8 + 1e-6
