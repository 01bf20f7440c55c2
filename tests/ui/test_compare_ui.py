"""File → Compare with another plan…: the dialog's tables, selecting the moving customers."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner.store import save_plan
from planner.synthetic import synthetic_plan
from planner.ui.compare_dialog import CompareDialog
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def _plans() -> tuple[m.Plan, m.Plan, list[str], list[str]]:
    """A plan, and the same plan with 5 customers of T01 in T02 and 3 of T03 in T02."""
    plan = synthetic_plan(120, territories=3, seed=4)
    c = plan.customers.copy()
    terr = c[m.TERRITORY].astype(str).to_numpy()
    first = np.flatnonzero(terr == "T01")[:5]
    third = np.flatnonzero(terr == "T03")[:3]
    c.loc[first, m.TERRITORY] = "T02"
    c.loc[third, m.TERRITORY] = "T02"
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    return plan, plan.replace(customers=c), list(ids[first]), list(ids[third])


def _open_comparison(qtbot, window: MainWindow, path: str) -> CompareDialog:
    window.actions_ui.compare_plans(path)
    qtbot.waitUntil(lambda: window.findChild(CompareDialog) is not None, timeout=30_000)
    dialog = window.findChild(CompareDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_dialog_shows_both_plans_and_selects_the_customers_who_move(qtbot, tmp_path):
    plan, other, first, third = _plans()
    save_plan(other, tmp_path / "idea.gpkg")
    window = MainWindow(plan)
    qtbot.addWidget(window)
    file_menu = window.actions_ui.menus["file"]
    assert window.actions_ui.actions["compare"] in file_menu.actions()
    opened = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(window.actions_ui.files, "ask_plan_path",
                   lambda title: opened.append(title) or str(tmp_path / "idea.gpkg"))
    window.actions_ui.actions["compare"].trigger()  # the menu's way: asks for the file
    monkey.undo()
    assert opened == ["Compare with another plan"]
    qtbot.waitUntil(lambda: window.findChild(CompareDialog) is not None, timeout=30_000)
    dialog = window.findChild(CompareDialog)
    assert dialog.windowTitle() == "Compare with idea"
    # Enter in the dialog must not open a Save dialog
    assert not any(b.autoDefault() or b.isDefault()
                   for b in (dialog.xlsx_button, dialog.csv_button, dialog.select_button))
    assert "8 customers change territory" in dialog.summary.text()
    assert dialog.tabs.tabText(2) == "Customers who change territory (8)"
    figures = dialog.tabs.widget(0)
    rows = {figures.item(r, 0).text(): (figures.item(r, 1).text(), figures.item(r, 2).text())
            for r in range(figures.rowCount())}
    assert rows["Territories"] == ("3", "3")
    assert rows["Customers in a territory"] == ("120", "120")
    territories = dialog.tabs.widget(1)
    t02 = next(r for r in range(territories.rowCount()) if territories.item(r, 0).text() == "T02")
    before = int((plan.customers[m.TERRITORY] == "T02").sum())
    assert territories.item(t02, 3).text() == f"{before} → {before + 8}"
    flows = dialog.flows
    assert flows.rowCount() == 2
    assert [flows.item(r, 2).text() for r in range(2)] == ["5", "3"]  # most first
    # Select on the map: all moving customers, or those of the chosen rows; the map zooms there
    zoomed = []
    monkey.setattr(window.actions_ui, "_map", lambda name, *args: zoomed.append((name, args)))
    dialog.select_button.click()
    monkey.undo()
    assert window.document.selection == frozenset(first + third)
    assert [name for name, _args in zoomed] == ["fit_customers"]
    assert sorted(zoomed[0][1][0]) == sorted(first + third)
    flows.selectRow(1)
    dialog.select_button.click()
    assert window.document.selection == frozenset(third)
    panel = window.actions_ui.customer_panel
    assert sorted(panel.selection_ids()) == sorted(third)  # the list follows the selection
    assert not window.document.undo_stack.count()  # comparing changes nothing
    # the manager moves those customers in the open plan too: the comparison follows
    from planner.edits import AssignCustomers

    window.document.push(AssignCustomers.to(first, "T02"))
    qtbot.waitUntil(lambda: "3 customers change territory" in dialog.summary.text(),
                    timeout=10_000)
    assert dialog.flows.rowCount() == 1
    assert dialog.tabs.tabText(2) == "Customers who change territory (3)"
    window.document.undo_stack.undo()  # and back (the window then closes without asking)
    qtbot.waitUntil(lambda: "8 customers change territory" in dialog.summary.text(),
                    timeout=10_000)
    dialog.close()


def test_a_file_that_is_not_a_plan_says_so_and_changes_nothing(qtbot, tmp_path):
    plan, _other, _first, _third = _plans()
    bad = tmp_path / "notes.gpkg"
    bad.write_text("not a plan", encoding="utf-8")
    window = MainWindow(plan)
    qtbot.addWidget(window)
    errors: list[str] = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(window.actions_ui.files, "show_error",
                   lambda message, user_error=True: errors.append(message))
    window.actions_ui.compare_plans(str(bad))
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    monkey.undo()
    assert "notes.gpkg" in errors[0] and "\n" not in errors[0]
    assert window.findChild(CompareDialog) is None
    assert window.document.plan is plan


def test_the_moved_customers_saved_as_csv_and_the_comparison_as_excel(qtbot, tmp_path):
    plan, other, first, third = _plans()
    window = MainWindow(plan)
    qtbot.addWidget(window)
    save_plan(other, tmp_path / "idea.gpkg")
    dialog = _open_comparison(qtbot, window, str(tmp_path / "idea.gpkg"))
    monkey = pytest.MonkeyPatch()
    from planner.ui import file_dialogs

    monkey.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(tmp_path / "moved.csv"))
    dialog.csv_button.click()
    monkey.setattr(file_dialogs, "save_file_name",
                   lambda *a, **k: str(tmp_path / "compare.xlsx"))
    dialog.xlsx_button.click()
    monkey.undo()
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "compare.xlsx", read_only=True)
    sheet = wb["Customers to tell"]
    assert sorted(r[1] for r in sheet.iter_rows(min_row=4, values_only=True)) == sorted(
        first + third)
    wb.close()
    lines = (tmp_path / "moved.csv").read_text(encoding="utf-8-sig").splitlines()
    # the window's plan inside a header reads "this plan" ("This plan" begins its own column)
    assert lines[0].startswith("Change,Code,Name,Address,Territory in this plan,Territory in "
                               "idea")
    assert "Visit days in this plan,Visit days in idea" in lines[0]
    assert [dialog.flows.horizontalHeaderItem(c).text() for c in range(2)] == [
        "Territory in this plan", "Territory in idea"]
    assert sorted(line.split(",")[1] for line in lines[1:]) == sorted(first + third)


def test_the_list_of_moved_customers_is_never_saved_over_the_open_plan(qtbot, tmp_path):
    plan, other, _first, _third = _plans()
    save_plan(plan, tmp_path / "plan.gpkg")
    save_plan(other, tmp_path / "idea.gpkg")
    before = (tmp_path / "plan.gpkg").read_bytes()
    window = MainWindow(plan, str(tmp_path / "plan.gpkg"))
    qtbot.addWidget(window)
    dialog = _open_comparison(qtbot, window, str(tmp_path / "idea.gpkg"))
    from PySide6.QtWidgets import QMessageBox

    from planner.ui import file_dialogs

    errors: list[str] = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(QMessageBox, "critical", lambda _parent, _title, text: errors.append(text))
    for name in ("plan.gpkg", "idea.gpkg"):
        monkey.setattr(file_dialogs, "save_file_name",
                       lambda *a, name=name, **k: str(tmp_path / name))
        dialog.csv_button.click()
    monkey.undo()
    assert errors == ["The file name plan.gpkg must end with .csv.",
                      "The file name idea.gpkg must end with .csv."]
    assert (tmp_path / "plan.gpkg").read_bytes() == before
    assert window.document.plan is plan


def test_the_list_of_customers_on_other_days_can_be_saved_without_territory_changes(
    qtbot, tmp_path
):
    """January's plan against December's: nobody changes territory, 39 customers change
    visit day; the dialog's "Save the list as CSV…" was greyed out, so the office could not
    get the list the command line's --moved writes."""
    from planner.schedule import build_schedule

    plan = synthetic_plan(60, territories=2, seed=4)
    built = build_schedule(plan, route_seconds=0.01)
    s = built.schedule.copy()
    one = s["customer_id"].iloc[0]
    day = s.loc[s["customer_id"] == one, "day"].iloc[0]
    s.loc[s["customer_id"] == one, "day"] = "sat" if day != "sat" else "mon"
    other = built.replace(schedule=s)
    window = MainWindow(built)
    qtbot.addWidget(window)
    dialog = CompareDialog(window.document, other, "december", window)
    qtbot.addWidget(dialog)
    assert len(dialog.comparison.moved) == 0 and len(dialog.comparison.rescheduled) == 1
    assert not dialog.select_button.isEnabled()  # it selects territory changes only
    assert dialog.csv_button.isEnabled()
    path = tmp_path / "to_call.csv"
    monkey = pytest.MonkeyPatch()
    from planner.ui import file_dialogs

    monkey.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(path))
    dialog.csv_button.click()
    monkey.undo()
    assert one in path.read_text(encoding="utf-8-sig")


def test_an_empty_territory_reads_no_customers_and_one_plan_lacks_reads_a_dash(qtbot):
    """Before a rebalance a new territory has no customers: its deviation reads 「顧客なし」
    as in the Territories dock and the design dialog (it read 「—」, which stands for a
    value a plan lacks: a territory only in the other plan)."""
    from planner.i18n import set_language, tr
    from planner.ui.document import PlanDocument

    plan = synthetic_plan(120, territories=3, seed=4)
    new = m.Territory("T04", "新エリア", color=m.PALETTE[3])
    before = plan.replace(territories=(*plan.territories, new))
    c = plan.customers.copy()
    c.loc[np.flatnonzero(c[m.TERRITORY].astype(str).to_numpy() == "T01")[:10],
          m.TERRITORY] = "T04"
    extra = m.Territory("T05", "追加エリア", color=m.PALETTE[4])
    after = before.replace(customers=c, territories=(*before.territories, extra))
    set_language("ja")
    dialog = CompareDialog(PlanDocument(before), after, "idea")
    qtbot.addWidget(dialog)
    table = dialog.territories
    headers = [table.horizontalHeaderItem(k).text() for k in range(table.columnCount())]
    column = headers.index(tr("Deviation"))
    cells = {table.item(r, 0).text(): table.item(r, column).text()
             for r in range(table.rowCount())}
    was, now = cells["T04"].split(" → ")
    assert was == "顧客なし" and now.endswith("%")  # a deviation once it has customers
    assert cells["T05"] == "— → 顧客なし"  # not in this plan; empty in the other
    assert "—" not in cells["T01"]
