"""Print handouts… / Export handouts as PDF… / Export Excel… ask for the reps (and weeks)
first and build only those: one rep's next week in seconds, not every rep's pages first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from planner.export import handouts as handouts_module
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.export_choice import ExportChoice, ExportChoiceDialog
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module")
def plan():
    """Three reps, a dated calendar."""
    plan = synthetic_plan(36, territories=3, seed=3)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, weeks=2, route_seconds=0.01)


def window_for(qtbot, plan) -> MainWindow:
    window = MainWindow(plan)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def pages_of(plan, reps: list[str], weeks: list[int]) -> int:
    s = plan.schedule
    rows = s[s["territory"].isin(reps) & s["week"].isin(weeks)]
    return rows["territory"].nunique() + int(rows[["territory", "week", "day"]]
                                             .drop_duplicates().shape[0])


def page_count(path) -> int:
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    count = document.pageCount()
    document.close()
    return count


def ticked(box) -> list[object]:
    return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


@pytest.fixture
def builds(monkeypatch) -> list[dict[str, object]]:
    """The reps and weeks of every handouts build."""
    calls: list[dict[str, object]] = []
    real = handouts_module.export_handouts

    def spy(plan, path, **kwargs):
        calls.append({k: kwargs.get(k) for k in ("territories", "weeks")})
        return real(plan, path, **kwargs)

    monkeypatch.setattr(handouts_module, "export_handouts", spy)
    return calls


def test_print_handouts_asks_first_then_builds_only_the_chosen_rep_and_week(qtbot, plan, builds):
    window = window_for(qtbot, plan)
    ui = window.actions_ui
    rep = plan.territories[1]
    ui.territory_panel.view.selectRow(1)  # the rep selected in the Territories list
    assert ui.territory_panel.selected_ids() == [rep.id]
    seen: dict[str, object] = {}

    def ask(title, reps, weeks, selected, note):  # the dialog as the manager sees it
        dialog = ExportChoiceDialog(title, reps, weeks=weeks, selected=selected,
                                    schedule=plan.schedule, note=note)
        qtbot.addWidget(dialog)
        seen["asked"] = (title, ticked(dialog.rep_list), ticked(dialog.week_list), builds[:])
        dialog.tick_all(dialog.week_list, Qt.CheckState.Unchecked)
        dialog.week_list.item(1).setCheckState(Qt.CheckState.Checked)  # next week only
        seen["summary"] = dialog.summary.text()
        return dialog.choice()

    def preview(pdf_path: str) -> None:
        dialog = ui.printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        seen["pages"] = dialog.page_count()
        seen["reps"] = [dialog.rep_combo.itemText(i) for i in range(dialog.rep_combo.count())]
        seen["weeks"] = [dialog.week_combo.itemText(i) for i in range(dialog.week_combo.count())]
        dialog.close()

    ui.files.ask_export_choice = ask
    ui.printing.show_preview = preview
    with qtbot.waitSignal(ui.printing.pdfReady, timeout=120_000):
        ui.actions["print_handouts"].trigger()
    every_week = list(range(1, int(plan.schedule["week"].max()) + 1))
    assert seen["asked"] == ("Print handouts", [rep.id], every_week, [])  # nothing built yet
    assert builds == [{"territories": (rep.id,), "weeks": (2,)}]  # and then only those
    pages = pages_of(plan, [rep.id], [2])
    assert seen["pages"] == pages and seen["summary"] == f"1 rep · 1 week · about {pages} pages"
    from planner.export.excel_routes import rep_title

    # one rep chosen: named, not "All chosen reps" for that same rep (nor both)
    assert seen["reps"] == [rep_title(rep)]
    # one week chosen: only that week, no "All chosen weeks" beside it meaning the same
    assert seen["weeks"] == ["Week 2 (Mon 12/14 – Fri 12/18)"]


def test_export_pdf_and_excel_write_the_chosen_reps(qtbot, plan, builds, tmp_path):
    window = window_for(qtbot, plan)
    files = window.actions_ui.files
    one = plan.territories[0]
    asked: list[tuple[object, ...]] = []
    answer: list[ExportChoice | None] = [None]
    files.ask_export_choice = lambda *args, **_kw: asked.append(args) or answer[0]
    paths: list[str] = []
    files.ask_save_path = lambda *_a: paths.append("asked") or ""  # (Cancel there too)
    window.actions_ui.actions["export_pdf"].trigger()  # Cancel in the choice: nothing asked
    assert len(asked) == 1 and paths == [] and builds == []
    title, reps, weeks, selected, note = asked[0]
    assert title == "Export handouts as PDF" and selected == [] and note == ""
    assert [r[0] for r in reps] == [t.id for t in plan.territories]
    assert [w[0] for w in weeks] == list(range(1, int(plan.schedule["week"].max()) + 1))
    answer[0] = ExportChoice((one.id,), (1,))
    files.ask_save_path = lambda *_a: str(tmp_path / "one.pdf")
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions["export_pdf"].trigger()
    assert builds == [{"territories": (one.id,), "weeks": (1,)}]
    assert page_count(tmp_path / "one.pdf") == pages_of(plan, [one.id], [1])
    answer[0] = ExportChoice((one.id,))
    files.ask_save_path = lambda *_a: str(tmp_path / "one.xlsx")
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions["export_excel"].trigger()
    title, reps, weeks, _selected, note = asked[-1]
    assert title == "Export Excel" and "summary" in note
    assert [w[0] for w in weeks] == list(range(1, int(plan.schedule["week"].max()) + 1))
    names = load_workbook(tmp_path / "one.xlsx").sheetnames
    assert one.rep in names and not {t.rep for t in plan.territories[1:]} & set(names)


def test_the_choice_dialog_ticks_every_rep_without_a_selection_and_needs_one(qtbot, plan):
    reps = [(t.id, t.rep) for t in plan.territories]
    dialog = ExportChoiceDialog("Print handouts", reps, weeks=[(1, "Week 1"), (2, "Week 2")],
                                selected=["T99"], schedule=plan.schedule)  # not a rep: all
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ticked(dialog.rep_list) == [t.id for t in plan.territories] and ok.isEnabled()
    assert dialog.choice() == ExportChoice()  # all: the whole handouts, nothing left out
    dialog.tick_all(dialog.rep_list, Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and dialog.summary.text().startswith("0 reps")
    dialog.rep_list.item(2).setCheckState(Qt.CheckState.Checked)
    assert ok.isEnabled() and dialog.choice() == ExportChoice((plan.territories[2].id,))


def test_the_choice_reads_in_japanese(qtbot, plan):
    set_language("ja")
    from planner.ui.export_choice import WORKBOOK_NOTE

    dialog = ExportChoiceDialog(tr("Export Excel"), [(t.id, t.rep) for t in plan.territories],
                                selected=[plan.territories[0].id], note=tr(WORKBOOK_NOTE))
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "担当者1名"
    assert dialog.findChild(type(dialog.summary), "export_choice_note").text().startswith(
        "顧客一覧・訪問予定表・ルート表には選択した担当者の分だけ")


def test_chosen_reps_without_visits_in_the_chosen_weeks_are_named(qtbot, plan, builds,
                                                                  tmp_path):
    """A chosen rep idle in the chosen weeks is left out of the handouts, and said so: in
    the status bar after Export handouts as PDF, in the print preview (not in its list)."""
    from planner.export.excel_routes import rep_title

    one, two = plan.territories[0], plan.territories[1]
    s = plan.schedule
    idle = plan.replace(schedule=s[(s["territory"] != one.id) | (s["week"] == 1)])
    from planner.ui import settings_store

    settings_store.set_map_background(False)  # (the tests are offline: that note said too)
    window = window_for(qtbot, idle)
    ui, files = window.actions_ui, window.actions_ui.files
    files.ask_export_choice = lambda *_args: ExportChoice((one.id, two.id), (2,))
    files.ask_save_path = lambda *_a: str(tmp_path / "week2.pdf")
    with qtbot.waitSignal(files.exported, timeout=120_000):
        ui.actions["export_pdf"].trigger()
    assert builds[-1] == {"territories": (one.id, two.id), "weeks": (2,)}
    said = window.statusBar().currentMessage()
    assert said == (f"Exported {tmp_path / 'week2.pdf'} — Left out of the handouts: "
                    f"{rep_title(one)}, who has no visits in the chosen weeks.")
    seen: dict[str, object] = {}

    def preview(pdf_path: str) -> None:
        dialog = ui.printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        seen["reps"] = [dialog.rep_combo.itemText(i) for i in range(dialog.rep_combo.count())]
        seen["note"] = dialog.note_label.text() if not dialog.note_label.isHidden() else ""
        dialog.close()

    ui.printing.show_preview = preview
    with qtbot.waitSignal(ui.printing.pdfReady, timeout=120_000):
        ui.actions["print_handouts"].trigger()
    assert seen["reps"] == [rep_title(two)]  # the idle rep is not offered: the one left named
    assert seen["note"] == (f"Left out of the handouts: {rep_title(one)}, who has no visits "
                            "in the chosen weeks.")


def test_export_excel_offers_the_weeks_and_next_week_is_one_click(qtbot, plan, tmp_path):
    """The workbook's route sheets follow the weeks chosen as the hand-outs do: a manager's
    usual choice, this rep's next week, is the rep selected in the list and Next week."""
    set_language("ja")
    window = window_for(qtbot, plan)
    ui, files = window.actions_ui, window.actions_ui.files
    one = plan.territories[0]
    ui.territory_panel.view.selectRow(0)
    seen: dict[str, object] = {}
    real = files.ask_export_choice

    def ask(*args, **kwargs):  # the real dialog, its Next week clicked (12/10: week 2)
        from planner.ui import export_choice as module

        class OnTheTenth(module.ExportChoiceDialog):
            def __init__(self, *a, **k):
                super().__init__(*a, **{**k, "today": dt.date(2026, 12, 10)})
                qtbot.addWidget(self)
                seen["weeks"] = [self.week_list.item(i).text()
                                 for i in range(self.week_list.count())]
                self.findChild(QPushButton, "next_week").click()
                seen["summary"] = self.summary.text()

            def exec(self):
                return QDialog.DialogCode.Accepted

        original = module.ExportChoiceDialog
        module.ExportChoiceDialog = OnTheTenth
        try:
            return real(*args, **kwargs)
        finally:
            module.ExportChoiceDialog = original

    files.ask_export_choice = ask
    files.ask_save_path = lambda *_a: str(tmp_path / "next.xlsx")
    with qtbot.waitSignal(files.exported, timeout=120_000):
        ui.actions["export_excel"].trigger()
    assert len(seen["weeks"]) == int(plan.schedule["week"].max())
    assert seen["weeks"][:2] == ["第1週（12/7(月)〜12/11(金)）", "第2週（12/14(月)〜12/18(金)）"]
    assert seen["summary"] == "担当者1名 · 1週分"  # no page count: not the hand-outs'
    ws = load_workbook(tmp_path / "next.xlsx")[one.rep]
    assert ws.cell(1, 9).value == "第2週（12/14(月)〜12/18(金)）"
    titles = [r[0] for r in ws.iter_rows(min_row=3, values_only=True)
              if isinstance(r[0], str) and "週" in r[0]]
    assert titles and all(t.startswith("第2週") for t in titles)


def test_this_and_next_week_are_the_calendars_weeks_or_not_offered(qtbot, plan):
    from planner.ui.export_choice import near_weeks

    week1 = dt.date(2026, 12, 7)
    assert near_weeks(week1, dt.date(2026, 12, 4), 4) == {"next": 1}  # Friday before
    assert near_weeks(week1, dt.date(2026, 12, 7), 4) == {"this": 1, "next": 2}
    assert near_weeks(week1, dt.date(2026, 12, 31), 4) == {"this": 4}
    assert near_weeks(None, dt.date(2026, 12, 7), 4) == {}
    dialog = ExportChoiceDialog("Print handouts", [(t.id, t.rep) for t in plan.territories],
                                weeks=[(1, "Week 1"), (2, "Week 2")], week1=week1,
                                today=dt.date(2027, 3, 1), schedule=plan.schedule)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QPushButton, "next_week").isEnabled()
    assert not dialog.findChild(QPushButton, "this_week").isEnabled()


def test_export_reps_calendars_writes_the_chosen_reps_files_only(qtbot, plan, tmp_path):
    """The command line's --rep for --ics, in the window: the rep selected is ticked, and
    only their phone calendar is written (it wrote every rep's)."""
    from planner.export.ical import calendar_files

    window = window_for(qtbot, plan)
    ui, files = window.actions_ui, window.actions_ui.files
    two = plan.territories[1]
    ui.territory_panel.view.selectRow(1)
    asked: list[tuple[object, ...]] = []

    def ask(title, reps, weeks, selected, note):
        dialog = ExportChoiceDialog(title, reps, weeks=weeks, selected=selected, note=note)
        qtbot.addWidget(dialog)
        asked.append((title, ticked(dialog.rep_list), weeks, note))
        return dialog.choice()

    files.ask_export_choice = ask
    files.ask_folder = lambda _title: str(tmp_path)
    with qtbot.waitSignal(files.exported, timeout=60_000):
        ui.actions["export_ics"].trigger()
    assert asked == [("Export reps' calendars", [two.id], None,
                      "A file per chosen rep with the visits of the whole calendar, for the "
                      "phone; the folder's other files are left as they are.")]
    assert [p.name for p in tmp_path.iterdir()] == [calendar_files(plan, tmp_path)[two.id].name]


def test_the_week_list_names_a_year_end_weeks_open_day_only(qtbot, plan):
    """The dialog offered 「第2週（12/28(月)〜1/1(金)）」 for a week closed from 12/29."""
    from planner.ui.export_choice import week_titles

    set_language("ja")
    year_end = plan.replace(settings=dataclasses.replace(
        plan.settings, start_date="2026-12-21", skip_holidays=True,
        company_days_off=("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01")))
    dialog = ExportChoiceDialog(tr("Print handouts"), [(t.id, t.rep) for t in plan.territories],
                                weeks=week_titles(year_end))
    qtbot.addWidget(dialog)
    assert [dialog.week_list.item(i).text() for i in range(3)] == [
        "第1週（12/21(月)〜12/25(金)）", "第2週（12/28(月)のみ）", "第3週（1/4(月)〜1/8(金)）"]


def test_a_rep_idle_in_the_chosen_weeks_is_said_before_the_file_is_asked_for(qtbot, plan,
                                                                             tmp_path):
    """Export Excel… for a rep without visits in the chosen week wrote a workbook without
    the route sheet asked for, where Export handouts as PDF… stopped: both now say so in one
    sentence before the file dialog, and write nothing."""
    from planner.export.excel_routes import rep_title

    one = plan.territories[0]
    s = plan.schedule
    idle = plan.replace(schedule=s[(s["territory"] != one.id) | (s["week"] == 1)])
    window = window_for(qtbot, idle)
    ui, files = window.actions_ui, window.actions_ui.files
    shown: list[str] = []
    asked: list[str] = []
    files.show_error = lambda message, user_error=True: shown.append(message)
    files.ask_export_choice = lambda *_args, **_kw: ExportChoice((one.id,), (2,))
    files.ask_save_path = lambda *a: asked.append(a[0]) or str(tmp_path / "x")
    ui.actions["export_excel"].trigger()
    ui.actions["export_pdf"].trigger()
    assert shown == [
        f"{rep_title(one)}: no visits in the chosen weeks, so no route sheets; the workbook "
        "was not written.",
        f"{rep_title(one)}: no visits in the chosen weeks, so no handouts."]
    assert asked == [] and not list(tmp_path.iterdir())


def test_the_page_estimate_counts_a_long_days_continuation_page(qtbot, long_day_plan, tmp_path,
                                                                monkeypatch):
    """鈴木 一郎's Wednesday of 45 stops takes two pages: the dialog said "about 3 pages"
    for a PDF of 4; the estimate is now the PDF's own count."""
    window = window_for(qtbot, long_day_plan)
    files = window.actions_ui.files
    said: list[str] = []

    def accept(dialog) -> QDialog.DialogCode:
        said.append(dialog.summary.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportChoiceDialog, "exec", accept)
    files.ask_save_path = lambda *_a: str(tmp_path / "h.pdf")
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions["export_pdf"].trigger()
    assert said == [f"1 rep · 1 week · about {page_count(tmp_path / 'h.pdf')} pages"]
    assert page_count(tmp_path / "h.pdf") == 4


def test_an_export_offers_a_name_with_its_calendars_month(qtbot, plan, tmp_path, monkeypatch):
    """January's workbook was offered December's name (計画.xlsx both months, the save dialog
    then asking to write over December's route sheets): an export's name carries the month
    of its calendar, next month's another; Save As keeps the plan's own name."""
    from planner.ui import file_dialogs

    offered: list[str] = []
    monkeypatch.setattr(file_dialogs, "save_file_name",
                        lambda _parent, _title, start, _filter: offered.append(start) or "")
    s = plan.schedule  # a 4-week calendar from 12/7 (the fixture's runs 8 weeks, to 1/29)
    plan = plan.replace(schedule=s[s["week"] <= 4].reset_index(drop=True),
                        meta={**plan.meta, "schedule_weeks": 4})
    window = window_for(qtbot, plan)
    files = window.actions_ui.files
    window.document.set_path(str(tmp_path / "計画.gpkg"))
    files.ask_save_path("Export Excel", "Excel workbook (*.xlsx)", ".xlsx")
    files.ask_save_path("Export handouts as PDF", "PDF (*.pdf)", ".pdf")
    files.ask_save_path("Save plan as", "Plan (*.gpkg)", ".gpkg")
    january = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2027-01-04"))
    window = window_for(qtbot, january)
    files = window.actions_ui.files
    window.document.set_path(str(tmp_path / "計画.gpkg"))
    files.ask_save_path("Export Excel", "Excel workbook (*.xlsx)", ".xlsx")
    assert [p.split("/")[-1] for p in offered] == [
        "計画_2026-12.xlsx", "計画_2026-12.pdf", "計画.gpkg", "計画_2027-01.xlsx"]
    window.document.set_path(str(tmp_path / "計画_2027-01.gpkg"))  # named so already: not twice
    files.ask_save_path("Export Excel", "Excel workbook (*.xlsx)", ".xlsx")
    assert offered[-1].endswith("/計画_2027-01.xlsx")
