"""One rep's handouts and workbook, chosen before anything is built (``export --rep``)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from test_export_excel import simple_schedule
from test_export_pdf import _pages

from planner import model as m
from planner.cli import main
from planner.errors import PlannerError
from planner.export.excel import export_workbook
from planner.export.handouts import check_choice, export_handouts
from planner.i18n import tr
from planner.store import save_plan
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    """Three reps (山田 太郎 横浜エリア, 佐藤 花子 相模原エリア, 鈴木 一郎 池袋エリア), two weeks."""
    return simple_schedule(synthetic_plan(60, territories=3, seed=3), weeks=2)


@pytest.fixture
def plan_file(plan, tmp_path):
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    return path


def week_pages(plan: m.Plan, ids: list[str], week: int) -> int:
    """An overview per rep and a page per day of ``week`` (the days here fit a page)."""
    s = plan.schedule
    rows = s[s["territory"].isin(ids) & (s["week"] == week)]
    return len(ids) + int(rows[["territory", "day"]].drop_duplicates().shape[0])


def test_the_export_command_writes_only_the_chosen_reps_pages_and_sheets(plan, plan_file,
                                                                         tmp_path):
    """``--rep`` takes a territory id or the window's "rep (territory)", once per rep, for
    the PDF and the workbook alike."""
    pdf, xlsx = tmp_path / "two.pdf", tmp_path / "two.xlsx"
    t1, t2 = plan.territories[0], plan.territories[1]
    shown = "佐藤 花子（相模原エリア）"  # as the window shows it in Japanese
    assert (t2.rep, t2.name) == ("佐藤 花子", "相模原エリア")
    assert main(["export", str(plan_file), "--pdf", str(pdf), "--xlsx", str(xlsx),
                 "--rep", t1.id, "--rep", shown, "--weeks", "2"]) == 0
    assert len(_pages(pdf.read_bytes())) == week_pages(plan, [t1.id, t2.id], 2)
    wb = load_workbook(xlsx)
    assert t1.rep in wb.sheetnames and t2.rep in wb.sheetnames
    assert plan.territories[2].rep not in wb.sheetnames  # no route sheet of the third rep
    customers = wb[tr("Customer list")]
    header = [c.value for c in customers[1]]
    column = header.index(tr("Territory ID"))
    ids = {row[column] for row in customers.iter_rows(min_row=2, values_only=True)}
    assert ids == {t1.id, t2.id}
    mine = plan.customers[m.TERRITORY].isin([t1.id, t2.id])
    assert customers.max_row == 1 + int(mine.sum())
    summary = [row[0] for row in wb[tr("Summary")].iter_rows(min_row=4, values_only=True)]
    assert [t.id for t in plan.territories] == summary[:3]  # the summary keeps every rep


def test_an_unknown_rep_is_one_sentence_listing_the_reps_and_nothing_is_written(
        plan_file, tmp_path, capsys):
    pdf, xlsx = tmp_path / "x.pdf", tmp_path / "x.xlsx"
    capsys.readouterr()
    assert main(["--lang", "en", "export", str(plan_file), "--xlsx", str(xlsx), "--pdf",
                 str(pdf), "--rep", "T01", "--rep", "高橋"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert err == ("territory-planner: No territory or rep “高橋” in the plan; its reps are "
                   "T01 山田 太郎 (横浜エリア), T02 佐藤 花子 (相模原エリア), "
                   "T03 鈴木 一郎 (池袋エリア).")
    assert not pdf.exists() and not xlsx.exists()


def test_a_rep_without_visits_is_said_before_anything_is_written(plan, tmp_path, capsys):
    """The workbook comes first on the command line: it was written, then the handouts of a
    rep without visits failed (and the window's preview said "Unknown territory")."""
    idle = plan.territories[2]
    s = plan.schedule
    quiet = plan.replace(schedule=s[s["territory"] != idle.id].reset_index(drop=True))
    path = tmp_path / "plan.gpkg"
    save_plan(quiet, path)
    with pytest.raises(PlannerError, match="鈴木 一郎 \\(池袋エリア\\): no visits in the "
                                           "calendar, so no handouts."):
        check_choice(quiet, [idle.id], None)
    capsys.readouterr()
    xlsx, pdf = tmp_path / "x.xlsx", tmp_path / "x.pdf"
    assert main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(pdf),
                 "--rep", idle.id]) == 1
    assert "no visits in the calendar" in capsys.readouterr().err
    assert not xlsx.exists() and not pdf.exists()


def test_reps_without_visits_in_the_chosen_weeks_get_no_empty_file(plan, tmp_path):
    one = plan.territories[0].id
    s = plan.schedule
    first = plan.replace(schedule=s[(s["territory"] != one) | (s["week"] == 1)])
    with pytest.raises(PlannerError, match="no visits in the chosen weeks"):
        export_handouts(first, tmp_path / "none.pdf", territories=[one], weeks=[2])
    assert not (tmp_path / "none.pdf").exists()
    both = [one, plan.territories[1].id]  # the other rep's pages alone
    out = export_handouts(first, tmp_path / "some.pdf", territories=both, weeks=[2])
    assert len(_pages(out.read_bytes())) == week_pages(first, both[1:], 2)


def test_the_reps_left_out_for_having_no_visits_in_the_weeks_are_named(plan, tmp_path,
                                                                          capsys):
    """``export --rep … --weeks``: a chosen rep without visits in those weeks is named on
    the command line (their pages were left out without a word)."""
    from planner.export.handouts import skipped_text

    one, other = plan.territories[0], plan.territories[1]
    s = plan.schedule
    first = plan.replace(schedule=s[(s["territory"] != one.id) | (s["week"] == 1)])
    path = tmp_path / "plan.gpkg"
    save_plan(first, path)
    assert skipped_text(first, [one.id, other.id], [2]) == (
        "Left out of the handouts: 山田 太郎 (横浜エリア), who has no visits in the chosen weeks.")
    assert skipped_text(first, None, [2]).startswith("Left out of the handouts: 山田 太郎")
    assert skipped_text(first, [one.id, other.id], [1, 2]) == ""
    assert skipped_text(first, [one.id], None) == ""
    capsys.readouterr()
    pdf = tmp_path / "week2.pdf"
    assert main(["--lang", "ja", "export", str(path), "--pdf", str(pdf), "--rep", one.id,
                 "--rep", other.id, "--weeks", "2"]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == str(pdf)
    assert ("territory-planner: 選んだ週に訪問がないため、山田 太郎（横浜エリア）は配布資料に"
            "入れていません。") in out.err.splitlines()
    assert main(["--lang", "en", "export", str(path), "--pdf", str(pdf), "--rep", other.id,
                 "--weeks", "2"]) == 0
    assert "Left out" not in capsys.readouterr().err


def test_a_workbook_of_one_rep_records_only_their_customers(plan, tmp_path):
    rep = plan.territories[1].id
    out = export_workbook(plan, tmp_path / "one.xlsx", territories=[rep])
    mine = plan.customers.loc[plan.customers[m.TERRITORY] == rep, m.CUSTOMER_ID]
    wb = load_workbook(out)
    codes = [row[0] for row in wb["_exported"].iter_rows(min_row=2, values_only=True)]
    assert codes == [str(c) for c in mine]  # the hidden record matches the list written
    with pytest.raises(PlannerError, match="Unknown territory: T09"):
        export_workbook(plan, tmp_path / "bad.xlsx", territories=["T09"])
    assert not (tmp_path / "bad.xlsx").exists()


def test_a_territory_id_without_its_leading_zeros_is_that_territory(plan, plan_file, tmp_path):
    """``--rep T1`` is T01 (the reps say the number as they hear it), ``--rep t3`` T03."""
    xlsx = tmp_path / "one.xlsx"
    t1, t3 = plan.territories[0], plan.territories[2]
    assert (t1.id, t3.id) == ("T01", "T03")
    assert main(["export", str(plan_file), "--xlsx", str(xlsx), "--rep", "T1",
                 "--rep", "t3"]) == 0
    wb = load_workbook(xlsx)
    assert t1.rep in wb.sheetnames and t3.rep in wb.sheetnames
    assert plan.territories[1].rep not in wb.sheetnames


def test_an_unpadded_id_matching_two_territories_is_not_guessed(plan):
    """T1 is not chosen when both T01 and T001 are ids: the error lists the reps."""
    from dataclasses import replace

    from planner._cli.export_cmd import rep_ids

    two = replace(plan, territories=(*plan.territories[:2],
                                     replace(plan.territories[2], id="T001")))
    assert rep_ids(two, ["T2"]) == ("T02",)
    with pytest.raises(PlannerError, match="T001"):
        rep_ids(two, ["T1"])
