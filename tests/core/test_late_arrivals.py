"""A stop reached after the rep's day ends (start plus the rep's hours): the rule the Calendar
dock's stop list uses to put the arrival in red (planner.day_length.day_end, late_arrivals)."""

from __future__ import annotations

import dataclasses

from planner.day_length import day_end, late_arrivals
from planner.synthetic import synthetic_plan


def test_the_days_end_is_the_reps_start_plus_their_hours() -> None:
    plan = synthetic_plan(20, territories=2, seed=3)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, day_start="09:00",
                                                     day_hours=8.0))
    first, second = plan.territories[:2]
    part = dataclasses.replace(first, day_start="10:00", day_hours=5.5)
    plan = plan.replace(territories=[part, second, *plan.territories[2:]])
    plan = plan.replace(settings=dataclasses.replace(plan.settings, lunch_minutes=0.0))
    assert day_end(plan, part.id) == 15 * 60 + 30  # 10:00 + 5.5 h
    assert day_end(plan, second.id) == 17 * 60  # the plan's 9:00 + 8 h
    assert day_end(plan, "gone") == 17 * 60  # a former territory: the plan's day


def test_the_lunch_break_moves_the_days_end_on() -> None:
    """The day's hours leave the lunch break out and the arrivals' clock has it in: with an
    hour's lunch from 12:00, a 9:00 + 8 h day ends at 18:00 (it said 17:00, and a full day's
    last stops at 17:30 came out red on every printed page)."""
    plan = synthetic_plan(20, territories=2, seed=3)
    plan = plan.replace(settings=dataclasses.replace(
        plan.settings, day_start="09:00", day_hours=8.0, lunch_start="12:00", lunch_minutes=60.0))
    first, second = plan.territories[:2]
    part = dataclasses.replace(first, day_start="13:00", day_hours=3.0)  # 13:00–16:00
    early = dataclasses.replace(second, day_start="07:00", day_hours=4.0)  # 7:00–11:00
    plan = plan.replace(territories=[part, early, *plan.territories[2:]])
    assert day_end(plan, "gone") == 18 * 60
    assert day_end(plan, part.id) == 17 * 60  # the break taken at the start: 16:00 + 1 h
    assert day_end(plan, early.id) == 11 * 60  # done before lunch time: no break


def test_a_built_calendar_within_its_hours_has_no_late_arrival() -> None:
    """A calendar the builder made, every day within the rep's hours, lunch included."""
    from planner.schedule import build_schedule
    from planner.stats import day_summary

    plan = synthetic_plan(120, territories=1, seed=5)  # more than a week holds: full days
    plan = plan.replace(settings=dataclasses.replace(
        plan.settings, day_start="09:00", day_hours=8.0, lunch_start="12:00", lunch_minutes=60.0))
    plan = build_schedule(plan, weeks=1)
    tid = plan.territories[0].id
    days = day_summary(plan, territory_id=tid)
    assert (days["hours"] <= 8.0 + 1 / 120).all()
    s = plan.schedule
    assert (s["arrival"].astype(str) > "17:00").any()  # the case: stops after 9:00 + 8 h
    assert not late_arrivals(s["arrival"].astype(str), day_end(plan, tid)).any()


def test_arrivals_after_the_end_are_late() -> None:
    late = late_arrivals(["09:36", "16:59", "17:00", "17:01", "18:05", "25:10", "", "?"],
                         17 * 60)
    assert late.tolist() == [False, False, False, True, True, True, False, False]
    assert late_arrivals([], 17 * 60).tolist() == []


def _late_plan():
    """One rep, a week: the first day's last stop pushed to 26 minutes after the day ends
    (17:26 for the plan's 9:00 + 8 h), as a hand move leaves it; (plan, its code, its time)."""
    from test_export_excel import simple_schedule

    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    s = plan.schedule.copy()
    first = s[(s["week"] == 1) & (s["day"] == s["day"].iloc[0])]
    at = first["seq"].idxmax()
    end = day_end(plan, str(s.at[at, "territory"]))
    arrive = end + 26
    s.at[at, "arrival"] = f"{int(arrive) // 60:02d}:{int(arrive) % 60:02d}"
    s.at[at, "departure"] = f"{int(arrive + 30) // 60:02d}:{int(arrive + 30) % 60:02d}"
    return plan.replace(schedule=s), str(s.at[at, "customer_id"]), str(s.at[at, "arrival"])


def test_the_route_sheet_puts_an_arrival_after_the_days_end_in_red(tmp_path) -> None:
    """The Calendar dock shows 17:26 in red; the printed route sheet did not: now it does,
    and only that stop's arrival."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook

    plan, code, arrival = _late_plan()
    path = export_workbook(plan, tmp_path / "late.xlsx")
    ws = load_workbook(path)[plan.territories[0].rep]
    stops = [r for r in ws.iter_rows(min_row=3) if r[2].value and r[1].value]
    (late,) = [r for r in stops if str(r[2].value) == code]
    assert late[1].value == arrival
    assert late[1].font.color is not None and late[1].font.color.rgb.endswith("C00000")
    assert late[1].font.b
    others = [r[1] for r in stops if str(r[2].value) != code]
    assert len(others) == len(plan.schedule) - 1
    assert not any(c.font.color is not None and str(c.font.color.rgb).endswith("C00000")
                   for c in others)


def test_the_pdf_day_page_puts_an_arrival_after_the_days_end_in_red(tmp_path,
                                                                    monkeypatch) -> None:
    """The day page's table draws that stop's arrival red (and says what red means); the
    other arrivals stay black."""
    from matplotlib.colors import to_hex

    import planner.export.handouts as handouts
    from planner.export.handouts import export_handouts

    plan, _code, arrival = _late_plan()
    drawn: list[list[tuple[str, str]]] = []
    heads: list[str] = []
    real, real_title = handouts.stop_table, handouts._title

    def spy(fig, rows, *, top, columns=handouts.COLUMNS, **more):
        before = len(fig.texts)
        real(fig, rows, top=top, columns=columns, **more)
        drawn.append([(t.get_text(), to_hex(t.get_color())) for t in fig.texts[before:]])

    def title(fig, text, sub):
        heads.append(sub)
        real_title(fig, text, sub)

    monkeypatch.setattr(handouts, "stop_table", spy)
    monkeypatch.setattr(handouts, "_title", title)
    export_handouts(plan, tmp_path / "late.pdf")
    texts = [pair for page in drawn for pair in page]
    assert (arrival, "#c00000") in texts
    times = [(text, colour) for text, colour in texts if len(text) == 5 and text[2] == ":"]
    assert [t for t, colour in times if colour == "#c00000"] == [arrival]
    assert len(times) == len(plan.schedule)
    said = [h for h in heads if "Arrival in red: after the rep's day ends" in h]
    assert len(said) == 1  # the one day with it, not the others
