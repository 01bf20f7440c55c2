"""The Excel workbook: summary, re-importable customer sheet, print-ready route sheets, safe writing."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.errors import PlannerError
from planner.export.common import display_width, safe_sheet_name, visit_pattern
from planner.export.excel import export_workbook
from planner.frequency import parse_frequency
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan


def simple_schedule(plan: m.Plan, *, weeks: int = 4) -> m.Plan:
    """A small calendar for tests: weekly/bi-weekly/4-weekly visits spread over the week."""
    rows = []
    days = plan.settings.working_days
    for t in plan.territories:
        sub = plan.customers[plan.customers[m.TERRITORY] == t.id]
        slots: dict[tuple[int, str], int] = {}
        for k, (cid, freq) in enumerate(zip(sub[m.CUSTOMER_ID], sub[m.FREQUENCY], strict=True)):
            day = days[k % len(days)]
            if freq >= 4:
                wk = list(range(1, weeks + 1))
            elif freq >= 2:
                wk = list(range(1 + k % 2, weeks + 1, 2))
            else:
                wk = [1 + k % weeks]
            for w in wk:
                seq = slots.get((w, day), 0) + 1
                slots[(w, day)] = seq
                start = 9 * 60 + (seq - 1) * 40
                rows.append({
                    "territory": t.id, "customer_id": cid, "week": w, "day": day, "seq": seq,
                    "arrival": f"{start // 60:02d}:{start % 60:02d}",
                    "departure": f"{(start + 30) // 60:02d}:{(start + 30) % 60:02d}",
                    "travel_km": 2.5, "travel_minutes": 10.0,
                })
    schedule = pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS))
    return plan.replace(schedule=schedule)


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture
def plan() -> m.Plan:
    return simple_schedule(synthetic_plan(60, territories=3, seed=3))


def test_summary_has_one_row_per_territory_totals_and_a_combined_chart(plan, tmp_path):
    out = export_workbook(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(out)
    ws = wb[tr("Summary")]
    assert wb.active.title == ws.title  # the workbook opens on the summary
    assert ws["A3"].value == "ID"
    ids = [ws.cell(row=r, column=1).value for r in range(4, 7)]
    assert ids == plan.territory_ids
    counts = [ws.cell(row=r, column=4).value for r in range(4, 7)]
    expected = [int((plan.customers[m.TERRITORY] == t).sum()) for t in plan.territory_ids]
    assert counts == expected
    assert ws.cell(row=7, column=4).value == sum(expected)
    assert isinstance(ws.cell(row=4, column=6).value, float)
    with zipfile.ZipFile(out) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<barChart>" in chart and "<lineChart>" in chart
    # bars start at zero: an axis cut at 36 h makes a 5 % difference look like double
    assert re.search(r"<valAx>.*?<scaling>.*?<min val=\"0(\.0)?\" ?/>", chart, flags=re.S)
    # the chart prints on a page of its own: a page break under the table cut it in two
    with zipfile.ZipFile(out) as z:
        anchor = z.read("xl/drawings/drawing1.xml").decode()
    chart_row = int(re.search(r"<(?:xdr:)?from>.*?<(?:xdr:)?row>(\d+)<", anchor, re.S).group(1))
    (cut,) = [b.id for b in ws.row_breaks.brk]
    assert 7 <= cut <= chart_row  # after the totals (row 7), before the chart (0-based row)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_summary_prints_in_legible_type_on_one_page_across(plan, tmp_path, language):
    """Its headers wrap and the figures set the widths, so fitted to A4 landscape the table
    prints at 7 pt or more (about 4.5 pt when the long headers set the widths)."""
    set_language(language)
    ws = load_workbook(export_workbook(plan, tmp_path / "s.xlsx"))[tr("Summary")]
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[3]]
    points = sum(w * 5.25 + 3.75 for w in widths)  # Excel units to points, as Excel prints
    assert 10 * (842 - 2 * 0.4 * 72) / points >= 7.0
    assert all(c.alignment.wrap_text for c in ws[3]) and ws.row_dimensions[3].height > 15


def test_summary_gives_each_reps_calendar_visits_and_customers_left_out(plan, tmp_path):
    """The plan's visits per cycle and the route sheets' count differ by the holidays and
    the customers the calendar had no room for: both are on the Summary to reconcile."""
    set_language("en")
    cid = str(plan.customers.loc[plan.customers[m.TERRITORY] == "T02", m.CUSTOMER_ID].iloc[0])
    left = pd.DataFrame({"customer_id": [cid], "territory": ["T02"], "reason": ["full"]})
    ws = load_workbook(export_workbook(plan.replace(unscheduled=left), tmp_path / "s.xlsx"))[
        tr("Summary")]
    weeks = int(plan.schedule["week"].max())
    headers = [c.value for c in ws[3]]
    visits = headers.index(tr("Visits in the calendar ({weeks} weeks)", weeks=weeks)) + 1
    out = headers.index(tr("Customers left out")) + 1
    sizes = plan.schedule.groupby("territory").size()
    for r, t in enumerate(plan.territory_ids, start=4):
        assert ws.cell(row=r, column=visits).value == int(sizes.get(t, 0))
        assert ws.cell(row=r, column=out).value == (1 if t == "T02" else 0)
    total = 4 + len(plan.territory_ids)
    assert ws.cell(row=total, column=visits).value == len(plan.schedule)
    assert ws.cell(row=total, column=out).value == 1
    assert headers[-1] == tr("Areas (customers)")  # the wrapped column stays last
    bare = load_workbook(export_workbook(plan.replace(schedule=None), tmp_path / "b.xlsx"))
    assert tr("Customers left out") not in [c.value for c in bare[tr("Summary")][3]]


def test_summary_km_are_the_calendars_routes_once_it_is_built(tmp_path):
    from planner.export.figures import calendar_km_per_week
    from planner.schedule import build_schedule

    bare = synthetic_plan(60, territories=2, seed=4)
    ws = load_workbook(export_workbook(bare, tmp_path / "a.xlsx"))[tr("Summary")]
    assert ws["H3"].value.replace("\n", "") == tr("Travel km/week (estimate)")
    built = build_schedule(bare, route_seconds=0.01)
    s = built.schedule
    weeks = int(s["week"].max())
    ws = load_workbook(export_workbook(built, tmp_path / "b.xlsx"))[tr("Summary")]
    assert ws["H3"].value.replace("\n", "") == tr("Calendar km ({weeks} weeks)", weeks=weeks)
    for r, t in enumerate(built.territory_ids, start=4):  # the routes and the drives back
        mine = s[s["territory"] == t]
        driven = mine["travel_km"].sum() + mine["return_km"].fillna(0).sum()
        assert ws.cell(row=r, column=8).value == pytest.approx(driven)
    total = 4 + len(built.territory_ids)
    assert ws.cell(row=total, column=8).value == pytest.approx(
        s["travel_km"].sum() + s["return_km"].fillna(0).sum())
    stale = built.replace(meta={**built.meta, "schedule_stale": True})
    assert calendar_km_per_week(stale) is None  # an old calendar says nothing of the plan
    ws = load_workbook(export_workbook(stale, tmp_path / "c.xlsx"))[tr("Summary")]
    assert ws["H3"].value.replace("\n", "") == tr("Travel km/week (estimate)")


def test_a_calendar_longer_than_the_cycle_is_not_called_a_cycle(tmp_path):
    """Customers seen every 8 weeks stretch a 4-week cycle to an 8-week calendar: the summary
    and the route sheets say so, beside visits counted per 4-week cycle."""
    from planner.schedule import build_schedule

    bare = synthetic_plan(60, territories=2, seed=4)
    c = bare.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 0.5]), len(c))
    built = build_schedule(bare.replace(customers=c), route_seconds=0.01)
    assert built.meta["schedule_weeks"] == 8 and built.meta["schedule_cycle_weeks"] == 4
    wb = load_workbook(export_workbook(built, tmp_path / "b.xlsx"))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows(max_row=3)
             for c in row if c.value]
    assert any(t.startswith("8週のカレンダー（4週サイクル）") for t in texts)
    assert not any("8週サイクル" in t for t in texts)


def test_summary_line_is_each_reps_share_when_the_work_is_shared_by_hours(plan, tmp_path):
    import dataclasses

    from planner import territories as tmod

    t1, t2, t3 = plan.territories
    shared = plan.replace(
        territories=(t1, t2.replace(capacity_hours=20.0), t3),
        settings=dataclasses.replace(plan.settings, balance_by_capacity=True),
    )
    for source, title in ((plan, "Average h/week"), (shared, "Share h/week")):
        ws = load_workbook(export_workbook(source, tmp_path / "s.xlsx"))[tr("Summary")]
        assert ws.cell(row=3, column=10).value.replace("\n", "") == tr(title)
        loads = tmod.territory_metrics(source)["workload_hours_per_week"].to_numpy()
        hours = np.array([t.capacity_hours for t in source.territories])
        share = hours / hours.sum() if source is shared else np.full(3, 1 / 3)
        line = [ws.cell(row=r, column=10).value for r in range(4, 7)]
        assert line == pytest.approx(loads.sum() * share)
        deviation = [ws.cell(row=r, column=9).value for r in range(4, 7)]
        assert deviation == pytest.approx(loads / (loads.sum() * share) - 1)


def test_customer_sheet_keeps_original_columns_and_adds_the_plans(tmp_path):
    base = synthetic_plan(12, territories=2, seed=1)
    originals = pd.DataFrame({
        "得意先コード": base.customers[m.CUSTOMER_ID],
        "得意先名": base.customers[m.NAME],
        "担当": ["旧担当"] * 12,
        "売上": ["1200", "0", "", "00123"] + ["5"] * 8,
    })
    records = pd.DataFrame(base.customers.drop(columns="geometry"))
    customers = m.make_customers(records, originals=originals)
    plan = base.replace(customers=customers, original_columns=tuple(originals.columns))
    plan = simple_schedule(plan)
    wb = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))
    ws = wb[tr("Customer list")]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["得意先コード", "得意先名", "担当（元のファイル）", "売上"]
    assert headers.index("担当者") > 3 and "訪問頻度" in headers and "訪問パターン" in headers
    assert "緯度" in headers  # no coordinates among the originals: the plan adds them
    rep_col = headers.index("担当者")
    reps = {t.id: t.rep for t in plan.territories}
    for r, tid in enumerate(plan.customers[m.TERRITORY], start=2):
        assert ws.cell(row=r, column=rep_col + 1).value == reps[tid]
    # numbers as numbers, codes with leading zeros stay text
    assert ws.cell(row=2, column=4).value == "1200"  # column has "00123": kept as text
    freq_col = headers.index("訪問頻度") + 1  # in words, read back as the same frequency
    assert [parse_frequency(ws.cell(row=r, column=freq_col).value) for r in range(2, 7)] == list(
        plan.customers[m.FREQUENCY].iloc[:5])
    # (the test's hand-made calendar visits every 8 weeks' customers every 4: it says so,
    # 8週に1回（カレンダーでは4週に1回）)
    assert {str(ws.cell(row=r, column=freq_col).value).split("（")[0]
            for r in range(2, ws.max_row + 1)} <= {
        "週2回", "毎週", "隔週", "4週に1回", "8週に1回", "12週に1回"}
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")


def test_numeric_original_column_is_written_as_numbers(tmp_path):
    base = synthetic_plan(5, territories=1, seed=2)
    originals = pd.DataFrame({"コード": ["a1", "a2", "a3", "a4", "a5"],
                              "売上": ["1200", "3.5", "", "0", "7"]})
    customers = m.make_customers(pd.DataFrame(base.customers.drop(columns="geometry")),
                                 originals=originals)
    plan = base.replace(customers=customers, original_columns=("コード", "売上"))
    ws = load_workbook(export_workbook(plan, tmp_path / "n.xlsx"))[tr("Customer list")]
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == [1200, 3.5, None, 0, 7]


def test_route_sheet_lists_each_days_stops_in_order_with_print_settings(plan, tmp_path):
    wb = load_workbook(export_workbook(plan, tmp_path / "r.xlsx"))
    t = plan.territories[0]
    ws = wb[t.rep]
    assert ws.print_title_rows == "$1:$2"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    # its own page numbers from 1, under the sheet's name (the whole workbook printed
    # numbered every sheet's pages on: "109 / 198")
    assert "&A" in ws.oddFooter.center.text and "&P" in ws.oddFooter.center.text
    assert "&N" not in ws.oddFooter.center.text
    assert ws.page_setup.firstPageNumber == 1 and ws.page_setup.useFirstPageNumber
    # whose sheet and which weeks, once a page: in the repeated title row, not again in the
    # page header above it
    assert t.rep in ws["A1"].value and "4週サイクル" in ws["I1"].value
    assert not ws.oddHeader.left.text and not ws.oddHeader.right.text
    assert ws.freeze_panes == "A3"
    s = plan.schedule
    first = s[(s.territory == t.id) & (s.week == 1) & (s.day == "mon")].sort_values("seq")
    assert ws["A3"].value.startswith("第1週 月曜日")
    assert ws["D4"].value.startswith("Googleマップで道順")  # the day's route, then its stops
    codes = [ws.cell(row=r, column=3).value for r in range(5, 5 + len(first))]
    assert codes == list(first["customer_id"])
    # a stop's cells line up on its row: No., arrival and code centred as its wrapped name
    assert {ws.cell(row=5, column=c).alignment.vertical for c in range(1, 11)} == {"center"}
    total = ws.cell(row=5 + len(first), column=2).value
    assert f"{len(first)}件" in total
    weeks = int(s[s.territory == t.id]["week"].nunique())
    assert len(ws.row_breaks.brk) == weeks - 1
    # the program's notes and the rep's own, named for what they hold (目的・メモ beside メモ
    # held no purpose, and two memos were one too many); the tick column headed 済 as on the
    # PDF hand-out the rep carries beside it
    assert [c.value for c in ws[2]][-3:] == ["訪問条件・お知らせ", "済", "メモ"]


def test_refuses_to_overwrite_the_imported_spreadsheet(plan, tmp_path):
    source = tmp_path / "customers.xlsx"
    source.write_bytes(b"original")
    with pytest.raises(PlannerError, match="取り込み元"):
        export_workbook(plan.replace(source=str(source)), source)
    assert source.read_bytes() == b"original"


def test_unwritable_target_leaves_nothing_half_written(plan, tmp_path):
    target = tmp_path / "busy.xlsx"
    target.mkdir()  # a folder in the way: the move cannot happen
    with pytest.raises(PlannerError):
        export_workbook(plan, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy.xlsx"]


def test_a_read_only_folder_fails_before_any_output_is_written(plan, tmp_path, monkeypatch):
    import tempfile

    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    (tmp_path / "ro").mkdir()
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # chmod 555 does not stop root
        if Path(kwargs.get("dir", ".")).name == "ro":
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    first = tmp_path / "first.xlsx"
    assert main(["export", str(path), "--xlsx", str(first), "--html",
                 str(tmp_path / "ro" / "map.html")]) == 1
    assert not first.exists()  # checked before the workbook was written


def test_an_existing_private_workbook_stays_private(plan, tmp_path):
    target = tmp_path / "private.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    export_workbook(plan, target)
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_bytes() != b"old"


def test_failure_while_writing_keeps_the_previous_file(plan, tmp_path, monkeypatch):
    target = tmp_path / "keep.xlsx"
    target.write_bytes(b"previous")

    def boom(*_a, **_k):
        raise PlannerError("stop")

    monkeypatch.setattr("planner.export.excel.write_route_sheets", boom)
    with pytest.raises(PlannerError):
        export_workbook(plan, target)
    assert target.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["keep.xlsx"]


def test_helpers_widths_sheet_names_and_patterns():
    assert display_width("山田A") == 5
    used: set[str] = set()
    names = [safe_sheet_name(n, used) for n in ("a/b:c", "A/B:C", "x" * 40, "")]
    assert names[0] == "a_b_c" and names[1] != names[0] and len(names[2]) == 31 and names[3]
    assert visit_pattern({"tue": [1, 2, 3, 4]}, cycle_weeks=4) == "毎週 火"
    assert visit_pattern({"wed": [1, 3]}, cycle_weeks=4) == "隔週(第1・3週) 水"
    assert visit_pattern({"mon": [1, 2, 3, 4], "thu": [1, 2, 3, 4]}, cycle_weeks=4) == "毎週 月・木"


def test_english_headings_follow_the_language(plan, tmp_path):
    set_language("en")
    wb = load_workbook(export_workbook(plan, tmp_path / "en.xlsx"))
    assert wb.sheetnames[:2] == ["Customer list", "Summary"]
    first = [c.value for c in wb["Customer list"][1]]
    assert "Rep" in first and "Visit frequency" in first
    route = wb[plan.territories[0].rep]
    assert [c.value for c in route[2]][-3:] == ["Visit conditions / notices", "Done", "Memo"]


def test_workbook_is_written_beside_target_only(plan, tmp_path: Path):
    export_workbook(plan, tmp_path / "a.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_reimporting_the_workbook_restores_assignments_and_frequencies(tmp_path):
    from planner.spreadsheet import read_customers

    base = synthetic_plan(30, territories=3, seed=8)
    originals = pd.DataFrame({
        "得意先コード": base.customers[m.CUSTOMER_ID],
        "得意先名": base.customers[m.NAME],
        "住所": base.customers[m.ADDRESS],
        "担当": ["前任者"] * 30,  # stale values the plan's columns must win over
        "訪問頻度": ["月1"] * 30,
        "訪問時間帯": ["午後"] * 30,
    })
    customers = m.make_customers(pd.DataFrame(base.customers.drop(columns="geometry")),
                                 originals=originals)
    freq = customers[m.FREQUENCY].to_numpy().copy()
    freq[:5] = 0.5  # a rule changed some frequencies after the import
    customers[m.FREQUENCY] = freq
    hours = ["10:00-12:00", "", "14:00-", "-11:30", "09:30-17:00"] * 6  # set in the planner
    customers[m.VISIT_TIME] = hours
    plan = simple_schedule(base.replace(customers=customers,
                                        original_columns=tuple(originals.columns)))
    out = export_workbook(plan, tmp_path / "round.xlsx")
    result = read_customers(out)
    back = result.customers.set_index(m.CUSTOMER_ID).loc[plan.customers[m.CUSTOMER_ID]]
    assert np.allclose(back[m.FREQUENCY].to_numpy(dtype=float), freq)
    rep_of = {t.id: t.rep for t in result.territories}
    expected = {t.id: t.rep for t in plan.territories}
    assert [rep_of[t] for t in back[m.TERRITORY]] == [expected[t] for t in
                                                      plan.customers[m.TERRITORY]]
    assert np.allclose(back[m.LAT].to_numpy(dtype=float),
                       plan.customers[m.LAT].to_numpy(dtype=float))
    # the plan's visiting hours, not the stale original column (kept as 元_訪問時間帯, which
    # is read as nothing else: not as visit minutes)
    assert result.mapping[m.VISIT_TIME] == "訪問時間帯"
    assert list(back[m.VISIT_TIME]) == hours
    assert "元_訪問時間帯" not in result.mapping.values()
    assert (back[m.PROBLEMS] == "").all()


def test_customer_sheet_shows_visiting_hours_after_the_visit_week(plan, tmp_path):
    c = plan.customers.copy()
    c[m.VISIT_TIME] = ""
    c.loc[:2, m.VISIT_TIME] = ["10:00-12:00", "14:00-", "-11:30"]
    ws = load_workbook(export_workbook(plan.replace(customers=c), tmp_path / "h.xlsx"))[
        tr("Customer list")]
    headers = [cell.value for cell in ws[1]]
    col = headers.index("訪問時間帯") + 1
    assert headers[col - 2] == "訪問週"
    shown = [ws.cell(row=r, column=col).value for r in range(2, 6)]
    assert shown == ["10:00〜12:00", "14:00〜", "〜11:30", None]


def _route_rows(ws) -> dict[tuple[str, str], tuple[str | None, bool]]:
    """The stops of a route sheet: (customer code, arrival) → (notes on one line, notes in
    bold); a long note is printed on two lines, broken where one of its " / " was."""
    return {
        (row[2].value, row[1].value): (
            row[7].value and row[7].value.replace("\n", " / "),
            bool(row[7].font and row[7].font.b))
        for row in ws.iter_rows(min_row=3)
        if isinstance(row[0].value, int)
    }


def test_route_sheet_notes_give_the_visiting_hours_and_flag_visits_outside_them(tmp_path):
    """時間指定 beside each stop of a customer with visiting hours; 時間外 in bold when the
    calendar's visit starts before they open or ends after they close."""
    plan = simple_schedule(synthetic_plan(40, territories=1, seed=3))
    s = plan.schedule
    t = plan.territories[0]
    mine = s[s.territory == t.id]
    week, day = mine.groupby(["week", "day"]).size().idxmax()
    stops = mine[(mine.week == week) & (mine.day == day)].sort_values("seq")
    first, second, third = stops["customer_id"].iloc[:3]  # 09:00–09:30, 09:40–10:10, 10:20–10:50
    c = plan.customers.copy()
    c[m.VISIT_TIME] = ""
    c[m.CLOSED_DAYS] = ""
    where = c.set_index(m.CUSTOMER_ID).index
    c.loc[where.get_loc(first), m.VISIT_TIME] = "10:00-12:00"  # arrives before it opens
    c.loc[where.get_loc(first), m.CLOSED_DAYS] = "wed"
    c.loc[where.get_loc(second), m.VISIT_TIME] = "09:00-"  # inside: from 9
    c.loc[where.get_loc(third), m.VISIT_TIME] = "-10:30"  # leaves after it closes
    moved = plan.replace(customers=c)
    rows = _route_rows(load_workbook(export_workbook(moved, tmp_path / "r.xlsx"))[t.rep])

    note, bold = rows[(first, "09:00")]
    assert note.endswith("定休日: 水 / 時間指定: 10:00〜12:00（時間外）") and bold
    note, bold = rows[(second, "09:40")]
    assert note.endswith("時間指定: 9:00〜") and "時間外" not in note and not bold
    note, bold = rows[(third, "10:20")]
    assert note.endswith("時間指定: 〜10:30（時間外）") and bold
    others = [n for (code, _a), (n, _b) in rows.items() if code not in (first, second, third)]
    assert others and not any("時間" in (n or "") for n in others)

    set_language("en")
    rows = _route_rows(load_workbook(export_workbook(moved, tmp_path / "en.xlsx"))[t.rep])
    assert rows[(first, "09:00")][0].endswith(
        "Visiting hours: 10:00–12:00 (this visit is outside them)")
    assert rows[(second, "09:40")][0].endswith("Visiting hours: from 9:00")


def test_route_sheet_marks_customers_new_in_the_last_update(tmp_path):
    from planner.update import LAST_UPDATE_KEY

    plan = simple_schedule(synthetic_plan(40, territories=1, seed=3))
    t = plan.territories[0]
    fresh = str(plan.schedule["customer_id"].iloc[0])
    updated = plan.replace(meta={**plan.meta, LAST_UPDATE_KEY: {"added": [fresh]}})
    rows = _route_rows(load_workbook(export_workbook(updated, tmp_path / "n.xlsx"))[t.rep])
    notes = {code: note or "" for (code, _a), (note, _b) in rows.items()}
    assert notes[fresh].startswith("新規 / ")
    assert not any("新規" in n for code, n in notes.items() if code != fresh)


def test_cancelling_leaves_no_file_and_no_temporaries(plan, tmp_path):
    import tempfile

    from planner.errors import Cancelled

    before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(Cancelled):
        export_workbook(plan, tmp_path / "c.xlsx", progress=lambda f, _m: f < 0.3)
    assert list(tmp_path.iterdir()) == []
    assert not {n for n in set(os.listdir(tempfile.gettempdir())) - before if n.endswith(".xml")}


def test_text_that_looks_like_a_formula_stays_text(plan, tmp_path):
    customers = plan.customers.copy()
    customers.loc[0, m.NAME] = "=HYPERLINK(\"http://x\")"
    customers.loc[1, m.NAME] = "A & B <c>\x01"
    out = export_workbook(plan.replace(customers=customers), tmp_path / "f.xlsx")
    ws = load_workbook(out)[tr("Customer list")]
    names = [ws.cell(row=r, column=2).value for r in (2, 3)]
    assert names == ["=HYPERLINK(\"http://x\")", "A & B <c>"]
    assert ws.cell(row=2, column=2).data_type == "s"
    # every sheet, also those written cell by cell (holiday changes, changes to announce)
    from openpyxl import Workbook

    from planner.export.excel_cells import styled

    assert not [c for sheet in load_workbook(out) for row in sheet.iter_rows() for c in row
                if c.data_type == "f"]
    book = Workbook(write_only=True)
    cell = styled(book.create_sheet("x"), "=HYPERLINK(\"http://x\")", bold=True)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://x\")", "s")


def test_export_command_writes_the_requested_files(plan, tmp_path, capsys):
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["export", str(path)]) == 2
    assert main(["export", str(path), "--xlsx", str(tmp_path / "out.xlsx"),
                 "--html", str(tmp_path / "out.html")]) == 0
    assert (tmp_path / "out.xlsx").stat().st_size > 0 and (tmp_path / "out.html").exists()
    assert main(["export", str(path), "--xlsx", str(tmp_path / "out.txt")]) == 2  # bad argument
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and ".xlsx" in err[-1]


def test_customers_left_out_of_the_calendar_show_the_reason(plan, tmp_path):
    cid = plan.customers[m.CUSTOMER_ID].iloc[0]
    unscheduled = pd.DataFrame({"customer_id": [cid], "territory": ["T01"],
                                "reason": ["一日の時間に収まらない"]})
    ws = load_workbook(export_workbook(plan.replace(unscheduled=unscheduled),
                                       tmp_path / "u.xlsx"))[tr("Customer list")]
    headers = [c.value for c in ws[1]]
    col = headers.index(tr("Problems")) + 1
    assert "一日の時間に収まらない" in ws.cell(row=2, column=col).value
    assert ws.cell(row=3, column=col).value is None


def test_a_visit_left_out_on_a_holiday_is_not_called_not_in_the_calendar(plan, tmp_path):
    """The customer keeps its other visits: the sheet names the one date, nothing more."""
    from planner._schedule_off import SKIPPED_COLUMNS, SKIPPED_KEY

    set_language("en")
    cid = str(plan.schedule["customer_id"].iloc[0])
    reason = "The visit of 2026-12-31 falls on a company holiday, and no other day fits."
    row = {"customer_id": cid, "date": "2026-12-31", "reason": reason}
    skipped = [[row.get(col, "T01") for col in SKIPPED_COLUMNS]]
    ws = load_workbook(export_workbook(plan.replace(meta={**plan.meta, SKIPPED_KEY: skipped}),
                                       tmp_path / "s.xlsx"))[tr("Customer list")]
    headers = [c.value for c in ws[1]]
    col, code = headers.index(tr("Problems")), headers.index(tr("Customer code"))
    texts = {r[code]: r[col] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert texts[cid] == reason


def test_export_command_checks_every_output_before_writing_any(plan, tmp_path, capsys):
    """A PDF that cannot be made (no calendar) or a wrong name must not leave half the outputs."""
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(plan.replace(schedule=None), path)
    xlsx = tmp_path / "out.xlsx"
    assert main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(tmp_path / "o.pdf")]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 1 and not xlsx.exists()
    save_plan(plan, path)
    assert main(["export", str(path), "--xlsx", str(xlsx), "--html", str(tmp_path / "o.htm")]) == 2
    assert ".html" in capsys.readouterr().err and not xlsx.exists()  # the suffix is named


def test_rep_title_names_a_rep_once_when_the_territory_is_named_after_them():
    from planner.export.excel_routes import rep_title

    set_language("en")
    assert rep_title(m.Territory(id="T01", name="鈴木 一郎", rep="鈴木 一郎")) == "鈴木 一郎"
    assert rep_title(m.Territory(id="T01", name="東京", rep="鈴木")) == "鈴木 (東京)"
    assert rep_title(m.Territory(id="T01", name="", rep="")) == "T01"


def test_export_command_warns_when_the_calendar_is_out_of_date(plan, tmp_path, capsys):
    """Route sheets from a calendar built for other territories would send reps to wrong shops."""
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    assert capsys.readouterr().err == ""
    save_plan(plan.replace(meta={**plan.meta, "schedule_stale": True}), path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "b.xlsx")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "schedule" in err[0]  # names the command that rebuilds it
    assert (tmp_path / "b.xlsx").exists()
    import dataclasses

    from planner.schedule import build_schedule

    bare = synthetic_plan(20, territories=1, seed=2)
    built = build_schedule(bare.replace(settings=dataclasses.replace(
        bare.settings, start_date="2026-12-07")), route_seconds=0.01)
    save_plan(built.replace(meta={**built.meta, "schedule_stale": True}), path)
    assert main(["export", str(path), "--ics", str(tmp_path / "phones")]) == 0
    assert "schedule" in capsys.readouterr().err  # the reps' phones get the same warning


def test_summary_counts_customers_left_out_of_the_calendar_as_customers(plan, tmp_path):
    """The unscheduled table holds customers (one row each), so the line must not say visits."""
    set_language("en")
    ids = plan.customers[m.CUSTOMER_ID].iloc[:2].tolist()
    unscheduled = pd.DataFrame({"customer_id": ids, "territory": ["T01", "T01"],
                                "reason": ["full", "full"]})  # fmt: skip
    ws = load_workbook(export_workbook(plan.replace(unscheduled=unscheduled),
                                       tmp_path / "u.xlsx"))[tr("Summary")]
    lines = {row[0]: row[3] for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert lines.get("Customers left out of the calendar") == 2


def test_visit_calendar_sheet_gives_each_reps_weeks_by_days(tmp_path):
    from planner.export.common import clip_width, day_label, without_legal_form
    from planner.export.excel_calendar import CELL_WIDTH
    from planner.export.excel_routes import rep_title

    plan = simple_schedule(synthetic_plan(30, territories=2, seed=4), weeks=2)
    wb = load_workbook(export_workbook(plan, tmp_path / "cal.xlsx"))
    ws = wb[tr("Visit calendar")]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    s = plan.schedule
    days = [d for d in m.WEEKDAYS if d in set(s["day"])]
    names = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.NAME], strict=True))
    for t in plan.territories:
        top = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).endswith(rep_title(t)))
        assert rows[top + 1][1 : 1 + len(days)] == [day_label(d, long=True) for d in days]
        for week in (1, 2):
            cells = rows[top + 1 + week]
            assert cells[0].startswith(tr("Week {week}", week=week))
            for j, d in enumerate(days):
                visits = s[(s["territory"] == t.id) & (s["week"] == week) & (s["day"] == d)]
                visits = visits.sort_values("seq")
                text = cells[1 + j] or ""
                lines = text.split("\n")[1:] if text else []
                assert lines == [clip_width(f"{a} {without_legal_form(names[c])}", CELL_WIDTH - 3)
                                 for a, c in zip(visits["arrival"], visits["customer_id"],
                                                 strict=True)]
    # each row is as tall as its fullest day
    assert all(ws.row_dimensions[r].height for r in range(3, 5))
    assert len(ws.row_breaks.brk) == len(plan.territories) - 1  # a page per rep


def test_printed_pages_begin_with_a_title_never_in_the_middle_of_a_day(tmp_path):
    """Route sheets break between whole days; a rep's calendar weeks that need a second page
    get the rep's title and the weekday header again on it; wrapped rows are tall enough."""
    from planner.export.excel_cells import LINE_POINTS, wrapped_lines
    from planner.schedule import build_schedule

    plan = synthetic_plan(260, territories=2, seed=4)
    c = plan.customers.copy()
    c.loc[::9, m.NAME] = "有限会社" + "とても長い名前の商店" * 4  # wider than the name column
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    wb = load_workbook(export_workbook(plan, tmp_path / "pages.xlsx"))
    day_words = tuple(tr("Week {week}", week=w) for w in range(1, 9))
    t = plan.territories[0]
    ws = wb[t.rep or t.name]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) > int(plan.schedule["week"].max())  # more than a page a week
    for row_id in breaks:  # the row after each break is a day's title
        assert str(rows[row_id][0]).startswith(day_words), rows[row_id]
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJ"]
    wrapped = 0
    for r, row in enumerate(rows[2:], start=3):  # name, address and note wrap in their cells
        lines = max(wrapped_lines(row[j], widths[j]) if row[j] else 1 for j in (3, 4, 7))
        if lines > 1:
            assert ws.row_dimensions[r].height >= LINE_POINTS * lines
            wrapped += 1
    assert wrapped > 10
    cal = wb[tr("Visit calendar")]
    titles = [str(r[0]) for r in cal.iter_rows(values_only=True) if r[0] and
              str(r[0]).startswith(tr("Visit calendar"))]
    assert any(x.endswith(tr("(continued)")) for x in titles)
    for row_id in (b.id for b in cal.row_breaks.brk):
        assert str(cal.cell(row_id + 1, 1).value).startswith(tr("Visit calendar"))


def test_visit_calendar_sheet_marks_days_off_and_public_holidays(tmp_path):
    import dataclasses

    from planner.edits import UpdateTerritory, apply_edit
    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=1, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-28"))
    plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-29",)))[0]
    plan = build_schedule(plan, route_seconds=0.01)
    ws = load_workbook(export_workbook(plan, tmp_path / "off.xlsx"))[tr("Visit calendar")]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    week1 = next(r for r in rows if r[0] and str(r[0]).startswith(tr("Week {week}", week=1)))
    # each day after its date, so the manager need not count the columns from Monday
    assert week1[2] == "12/29 " + tr("Day off")  # Tuesday 12/29
    assert week1[5] == "1/1 元日"  # Friday 2027-01-01
    assert week1[1].startswith("12/28 ") and "\n" in week1[1]  # Monday has its visits


def test_no_visit_calendar_sheet_without_a_calendar(tmp_path):
    plan = synthetic_plan(10, territories=1, seed=4)
    wb = load_workbook(export_workbook(plan, tmp_path / "none.xlsx"))
    assert tr("Visit calendar") not in wb.sheetnames


def test_ranks_by_rep_sheet_counts_each_reps_customers_of_each_rank(plan, tmp_path):
    c = plan.customers.copy()
    c.loc[0, m.RANK] = ""  # one without a rank, one unassigned
    c.loc[1, m.TERRITORY] = ""
    plan = plan.replace(customers=c)
    wb = load_workbook(export_workbook(plan, tmp_path / "plan.xlsx"), read_only=True)
    rows = list(wb["ランク別顧客数"].iter_rows(min_row=3, values_only=True))
    header, body = rows[0], rows[1:]
    ranks = sorted(set(c[m.RANK]) - {""})
    assert list(header[2:2 + len(ranks) + 1]) == [f"{r} 顧客数" for r in ranks] + ["（ランクなし） 顧客数"]
    by_name = {row[0]: row for row in body}
    for t in plan.territories:
        mine = c[c[m.TERRITORY] == t.id]
        want = [int((mine[m.RANK] == r).sum()) for r in ranks] + [int((mine[m.RANK] == "").sum())]
        assert list(by_name[t.name][2:2 + len(want)]) == want
        sales = mine[m.SALES].to_numpy(dtype=float)
        first = sales[(mine[m.RANK] == ranks[0]).to_numpy()].sum() / sales.sum()
        assert by_name[t.name][2 + len(want)] == pytest.approx(first)  # shown as 0%
    assert "（未割当）" in by_name  # the unassigned customer's row
    assert sum(by_name["合計"][2:2 + len(ranks) + 1]) == len(c)


def test_a_list_sheets_long_name_wraps_in_a_taller_row(tmp_path):
    from openpyxl import Workbook

    from planner.export.excel_cells import LINE_POINTS, list_sheet

    wb = Workbook(write_only=True)
    long = "有限会社日本書店 本社営業部 第二倉庫配送センター 東京都千代田区丸の内一丁目"
    list_sheet(wb, "連絡", "note", ["コード", "顧客名", "電話番号"],
               [["C1", "山田商店", "03-1111-2222"], ["C2", long, "03-3333-4444"]],
               used=set(), widest=30)
    wb.save(tmp_path / "list.xlsx")
    ws = load_workbook(tmp_path / "list.xlsx")["連絡"]
    assert ws.row_dimensions[4].height in (None, 15.0)  # a short row keeps its height
    assert ws.row_dimensions[5].height >= 3 * LINE_POINTS  # 78 cells in a 30-wide column
    assert ws["B5"].alignment.wrap_text and not ws["B4"].alignment.wrap_text


def test_a_long_problem_wraps_so_the_customer_list_prints_at_a_readable_size(tmp_path):
    plan = synthetic_plan(20, territories=2, seed=4)
    c = plan.customers.copy()
    c.loc[3, m.PROBLEMS] = "緯度が数値ではありません。位置なしで取り込みました。" * 4
    ws = load_workbook(export_workbook(plan.replace(customers=c), tmp_path / "p.xlsx"))[
        tr("Customer list")]
    headers = [cell.value for cell in ws[1]]
    col = headers.index(tr("Problems")) + 1
    assert ws.cell(row=5, column=col).alignment.wrap_text  # the fourth customer's row
    assert ws.row_dimensions[5].height > 40 and ws.row_dimensions[4].height in (None, 15.0)
    assert ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width <= 40
    # the tall row's every cell at its top, as its problem: the customer reads on one line
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        assert {cell.alignment.vertical for cell in row} == {"top"}, row[0].row


def test_the_customer_list_names_each_customer_by_the_plans_code(tmp_path):
    """A duplicate code imported as C2-2 and a blank one given R…: the sheet writes the
    code the route sheets use, so the office can look a customer up by it."""
    from planner.spreadsheet import read_customers, write_csv

    set_language("en")
    src = tmp_path / "list.csv"
    write_csv(src, ["顧客コード", "顧客名", "住所", "緯度", "経度"], [
        ["C1", "一", "東京都新宿区1", 35.69, 139.70],
        ["C2", "二", "東京都新宿区2", 35.70, 139.71],
        ["C2", "三", "東京都新宿区3", 35.71, 139.72],
        ["", "四", "東京都新宿区4", 35.72, 139.73],
    ])
    got = read_customers(src)
    plan = m.Plan(customers=got.customers, original_columns=got.original_columns)
    ids = plan.customers[m.CUSTOMER_ID].tolist()
    assert ids[:3] == ["C1", "C2", "C2-2"] and ids[3].startswith("R")
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Customer list")]
    headers = [c.value for c in ws[1]]
    codes = [r[headers.index("顧客コード")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert codes == ids and headers.count("顧客コード") == 1


def test_a_wide_customer_list_prints_on_pages_side_by_side_at_a_legible_size(tmp_path):
    """Fitted to one A4 width, 25 columns print at 2–3 pt: the list takes as many pages
    across as keep it at 80 % or more, code and name repeated on each."""
    from planner.export.excel_cells import LANDSCAPE_UNITS, pages_across

    plan = synthetic_plan(40, territories=2, seed=3)
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Customer list")]
    dims = [ws.column_dimensions[c.column_letter] for c in ws[1]]
    widths = [d.width for d in dims if not d.hidden]  # folded columns are not printed
    wide = ws.page_setup.fitToWidth
    assert wide == pages_across(widths, repeated=sum(widths[:2]))
    assert wide >= 1 and sum(widths) / wide <= LANDSCAPE_UNITS + sum(widths[:2]) * (wide - 1)
    if wide > 1:
        assert ws.print_title_cols == "$A:$B" and ws.page_setup.pageOrder == "overThenDown"
    assert pages_across([LANDSCAPE_UNITS / 10] * 10) == 1  # a narrow list stays one page wide
    room = LANDSCAPE_UNITS - 30.0
    assert pages_across([40.0] * 10, repeated=30.0) == 1 + -(-(400 - LANDSCAPE_UNITS) // room)


def test_the_printed_customer_list_repeats_the_columns_up_to_code_and_name(tmp_path):
    """A list beginning No., 地区, 得意先コード, 得意先名 repeats all four on each page across,
    not No. and 地区 alone."""
    from planner.spreadsheet import read_customers, write_csv

    src = tmp_path / "list.csv"
    write_csv(src, ["No.", "地区", "得意先コード", "得意先名", "住所", "緯度", "経度", "備考1",
                    "備考2", "備考3", "備考4", "備考5"],
              [[i, "東", f"C{i}", f"商店{i}", f"東京都新宿区{i}", 35.69, 139.70,
                "長いメモ" * 5, "長いメモ" * 5, "長いメモ" * 5, "長いメモ" * 5, "長いメモ" * 5]
               for i in range(1, 6)])
    got = read_customers(src)
    plan = m.Plan(customers=got.customers, original_columns=got.original_columns)
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Customer list")]
    assert ws.page_setup.fitToWidth > 1 and ws.print_title_cols == "$A:$D"


def test_a_customer_who_lost_its_visits_is_on_the_changes_sheet(plan, tmp_path):
    """No visit is left to tell it at: the office's list names it, with its old day."""
    from planner._schedule_told import CHANGED_KEY

    set_language("en")
    cid = str(plan.schedule["customer_id"].iloc[0])  # its visits gone from the calendar
    plan = plan.replace(schedule=plan.schedule[plan.schedule["customer_id"] != cid])
    lost = {cid: ["tue", 1, "", 0, "T01", "T01"]}
    ws = load_workbook(export_workbook(plan.replace(meta={**plan.meta, CHANGED_KEY: lost}),
                                       tmp_path / "c.xlsx"))[tr("Changes to announce")]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] == cid]
    assert rows and tr("No visits in this calendar") in rows[0] and "Tue" in " ".join(
        str(v) for v in rows[0] if v)


def test_a_start_typed_on_a_tuesday_is_printed_as_the_calendars_first_day(tmp_path):
    """`schedule --start 2026-12-01` (a Tuesday) runs from Monday 11/30, as the route sheets
    date it; the printed page headers said "from 2026-12-01" beside visits dated 11/30 (now
    the calendar's first and last working day, 2026/11/30(月)〜2026/12/25(金))."""
    import dataclasses

    from planner.export.excel_customers import cycle_text
    from planner.schedule import build_schedule

    plan = synthetic_plan(12, territories=1, seed=3)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-01"))
    assert "2026/11/30(月)" in cycle_text(plan) and "12/01" not in cycle_text(plan)
    out = export_workbook(build_schedule(plan, route_seconds=0.01), tmp_path / "p.xlsx")
    wb = load_workbook(out)
    headers = {ws.title: ws.oddHeader.right.text or "" for ws in wb.worksheets}
    assert any("2026/11/30(月)" in h for h in headers.values())
    assert not any("2026/12/01" in h or "2026-12-01" in h for h in headers.values())


def test_the_visit_calendars_day_length_says_it_holds_the_driving(tmp_path):
    """"17 visits · 8.0 h" beside the route sheet's "visits 6.8 h" for the same day."""
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(40, territories=1, seed=4), route_seconds=0.01)
    ws = load_workbook(export_workbook(plan, tmp_path / "cal.xlsx"))[tr("Visit calendar")]
    heads = [str(c).split("\n")[0] for row in ws.iter_rows(min_row=3, values_only=True)
             for c in row[1:] if c and "\n" in str(c)]
    s = plan.schedule
    words = tr("{hours:.1f} h with driving", hours=0.0).replace("0.0", "")  # 移動込み 時間
    assert heads and all(all(w in h for w in words.split()) for h in heads)
    assert any(h.endswith(tr("{hours:.1f} h with driving", hours=s["day_hours"].max()))
               for h in heads)


def test_a_day_longer_than_a_page_goes_on_in_the_next_row_of_the_visit_calendar(tmp_path):
    """A day of 75 stops made one row taller than an A4 page: Excel prints no row across two
    pages, so the last stops of the day were cut off the paper."""
    import dataclasses

    from planner.export.common import without_legal_form
    from planner.export.excel_calendar import CELL_WIDTH
    from planner.export.excel_cells import page_rows_points

    plan = synthetic_plan(75, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, working_days=("mon",)))
    plan = simple_schedule(plan, weeks=2)
    ws = load_workbook(export_workbook(plan, tmp_path / "long.xlsx"))[tr("Visit calendar")]
    widths = [ws.column_dimensions["A"].width, ws.column_dimensions["B"].width]
    assert widths[1] == CELL_WIDTH
    page = page_rows_points(widths, landscape=True)
    rows = list(ws.iter_rows(values_only=True))
    heights = [ws.row_dimensions[r].height or 15 for r in range(1, len(rows) + 1)]
    assert max(heights) <= page
    names = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.NAME], strict=True))
    for week in (1, 2):
        label = tr("Week {week}", week=week)
        cells = [r[1] for r in rows if r[0] and str(r[0]).startswith(label)]
        assert len(cells) == 2 and tr("(continued)") in next(
            str(r[0]) for r in rows if r[0] and str(r[0]).startswith(label) and r[1] == cells[1])
        lines = "\n".join(cells).split("\n")[1:]  # the day's head line, then every stop
        visits = plan.schedule[plan.schedule["week"] == week].sort_values("seq")
        assert len(lines) == 75 and all(
            without_legal_form(names[cid])[:4] in line
            for cid, line in zip(visits["customer_id"], lines, strict=True))
    for brk in ws.row_breaks.brk:  # every printed page begins with the rep's title again
        assert str(ws.cell(brk.id + 1, 1).value).startswith(tr("Visit calendar"))


def test_a_previous_visit_day_in_a_later_week_says_which_week(plan, tmp_path):
    """"Fri, week 4 on" left the office guessing: the previous day is worded as the new one
    (隔週(第2・4週) 火, 4週に1回(第4週) 金), or, for a customer without visits now (its rhythm
    unknown), "Fri of week 4" (第4週の金)."""
    from planner._schedule_told import CHANGED_KEY

    lost = str(plan.schedule["customer_id"].iloc[0])
    kept = str(plan.schedule["customer_id"].iloc[-1])
    plan = plan.replace(schedule=plan.schedule[plan.schedule["customer_id"] != lost])
    changed = {lost: ["fri", 4, "", 0, "T01", "T01"],
               kept: ["tue", 2, "wed", 1, "T01", "T01", 2, 4]}  # was fortnightly
    plan = plan.replace(meta={**plan.meta, CHANGED_KEY: changed})
    for lang, four, two in (("en", "Fri of week 4", "every 2 weeks (wk 2,4) Tue"),
                            ("ja", "第4週の金", "隔週(第2・4週) 火")):
        set_language(lang)
        try:
            ws = load_workbook(export_workbook(plan, tmp_path / f"c_{lang}.xlsx"))[
                tr("Changes to announce")]
            rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0] in changed}
            assert four in rows[lost] and two in rows[kept], rows
        finally:
            set_language(None)


def test_a_deviation_that_rounds_to_nothing_is_written_as_zero(tmp_path):
    """Balanced on sales, two reps ¥500 under the third of ¥20,000,500: their summary cells
    hold 0 and Excel shows 0.0% (the -0.00000833 written showed -0.0%), as does the third's
    +0.0000167; a real difference keeps its value."""
    import dataclasses

    base = synthetic_plan(60, territories=3, seed=6)
    c = base.customers.copy()
    c[m.TERRITORY] = np.repeat([t.id for t in base.territories], 20)
    c[m.SALES] = 1_000_000.0
    c.loc[c.index[-1], m.SALES] = 1_000_500.0
    plan = base.replace(customers=c, settings=dataclasses.replace(base.settings, balance="sales"))
    ws = load_workbook(export_workbook(plan, tmp_path / "s.xlsx"))[tr("Summary")]
    assert ws.cell(row=3, column=9).value == tr("Deviation")
    deviation = [ws.cell(row=r, column=9).value for r in range(4, 7)]
    assert deviation == [0, 0, 0]
    c.loc[c.index[-1], m.SALES] = 4_000_000.0  # a real difference is written as it is
    ws = load_workbook(export_workbook(plan.replace(customers=c), tmp_path / "t.xlsx"))[
        tr("Summary")]
    assert ws.cell(row=4, column=9).value == pytest.approx(-0.0476, abs=1e-4)


def test_a_japanese_page_footer_says_page_after_a_name_ending_in_ichi(plan, tmp_path):
    """「佐藤 健一 — 2」 printed as 健一ー2 (the dash read as a long vowel after 一): the
    Japanese footer says 「佐藤 健一（2ページ）」."""
    from planner.i18n import in_language

    with in_language("ja"):
        wb = load_workbook(export_workbook(plan, tmp_path / "r.xlsx"))
    footer = wb[plan.territories[0].rep].oddFooter.center.text
    assert footer.endswith("&A（&Pページ）") and "—" not in footer
