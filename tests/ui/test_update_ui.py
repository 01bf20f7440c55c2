"""File → Update customers from spreadsheet: the comparison page, one undo step, the filter."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner.ui.customer_model import CustomerTableModel
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key
from planner.ui.update_dialog import UpdateDialog
from tests.core.update_helpers import plan_from, rows, write

pytestmark = pytest.mark.usefixtures("isolated")


def test_update_dialog_lists_the_changes_and_applies_them_as_one_undo_step(qtbot, tmp_path):
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    data = [r[:] for r in rows() if r[0] != "O001"]
    data[0][1] = "新宿商店0 本店"
    data.append(["N1", "新規商店", "埼玉県さいたま市大宮区1-1", 35.905, 139.625, "A", "", ""])
    sheet = write(tmp_path / "new.xlsx", data)

    window = MainWindow(plan)
    qtbot.addWidget(window)
    files = window.actions_ui.files
    assert without_access_key(window.actions_ui.actions["update_customers"].text()).startswith(
        "Update customers"
    )
    dialog = UpdateDialog(str(sheet), window.document.plan, window)
    qtbot.addWidget(dialog)
    assert dialog.preview_table.rowCount() == 20  # the first rows of the list
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.pages.currentIndex() == 1 and dialog.accept_button.isEnabled()
    table = dialog.changes_table
    shown = {
        (table.text(r, 0), table.text(r, 1)): table.text(r, 4)
        for r in range(table.rowCount())
    }
    assert set(shown) == {("New", "N1"), ("Removed", "O001"), ("Changed", "S000")}
    assert shown[("Changed", "S000")] == "Name 新宿商店0 → 新宿商店0 本店"
    assert shown[("New", "N1")] == "its area さいたま市大宮区"  # all of the ward is 佐藤's
    assert "new: 1;" in dialog.summary.text()
    dialog.save_report(str(tmp_path / "changes.csv"))
    lines = (tmp_path / "changes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Change,Code,Name,Territory,Details" and len(lines) == 4

    files.apply_update(dialog.update, sheet.name)  # what the dialog's "Update the plan" leads to
    doc = window.document
    # the window lists the new and changed customers and says what happened
    panel = window.actions_ui.customer_panel
    assert panel.filter_combo.currentData() == "updated"
    assert sorted(panel.model.shown_ids()) == ["N1", "S000"]
    # the counts alone: the whole summary ran past the status bar mid-sentence
    assert window.statusBar().currentMessage() == dialog.update.headline()
    assert "new: 1;" in dialog.update.headline() and dialog.update.summary() != dialog.update.headline()
    assert doc.selection == frozenset({"N1"})  # the new customer, selected on the map too
    ids = set(doc.plan.customers[m.CUSTOMER_ID])
    assert "N1" in ids and "O001" not in ids
    assert doc.undo_stack.undoText() == f"Update customers from {sheet.name}"
    model = CustomerTableModel(doc)
    model.set_filter("updated")
    assert sorted(model.shown_ids()) == ["N1", "S000"]
    doc.undo_stack.undo()
    assert set(doc.plan.customers[m.CUSTOMER_ID]) == set(plan.customers[m.CUSTOMER_ID])
    assert model.shown_ids() == []  # before the update there was none


def test_keeping_missing_customers_from_the_dialog(qtbot, tmp_path):
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    sheet = write(tmp_path / "new.xlsx", [r for r in rows() if r[0] != "O001"])
    dialog = UpdateDialog(str(sheet), plan)
    qtbot.addWidget(dialog)
    dialog.keep_check.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.changes_table.text(0, 0) == "No longer on the list (kept)"
    assert "O001" in set(dialog.plan.customers[m.CUSTOMER_ID])
    assert not dialog.accept_button.isEnabled()  # nothing would change
    # changing one's mind beside the comparison compares again, without reading the list again
    assert dialog.keep_again.isChecked()
    sheet.unlink()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.keep_again.setChecked(False)
    assert dialog.changes_table.text(0, 0) == "Removed"
    assert "O001" not in set(dialog.plan.customers[m.CUSTOMER_ID])
    assert dialog.accept_button.isEnabled()


def test_a_list_lacking_most_customers_asks_before_updating(qtbot, tmp_path):
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    short = write(tmp_path / "short.xlsx", rows()[:3])
    dialog = UpdateDialog(str(short), plan)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    asked: list[str] = []
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.confirm_removal = lambda text: asked.append(text) or False
    dialog.accept()
    assert len(asked) == 1 and "21" in asked[0] and not accepted
    dialog.confirm_removal = lambda text: True
    dialog.accept()
    assert accepted == [True]


def test_tab_reaches_the_keep_choice_before_the_buttons(qtbot, tmp_path):
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    dialog = UpdateDialog(str(write(tmp_path / "new.xlsx", rows())), plan)
    qtbot.addWidget(dialog)
    order = [dialog.provider_combo, dialog.keep_check, dialog.import_button]
    stops, here = [], order[0]
    for _ in order[1:]:
        here = here.nextInFocusChain()
        while not any(here is w for w in order):
            here = here.nextInFocusChain()
        stops.append(here)
    assert stops == order[1:]


def test_adding_and_removing_customers_in_the_customer_list(qtbot, tmp_path):
    from planner.ui.add_customer_dialog import AddCustomerDialog
    from planner.ui.customer_panel import CustomerPanel
    from planner.ui.document import PlanDocument

    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    doc = PlanDocument(plan)
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    assert [a.text() for a in panel.selection_menu(panel).actions()] == ["Add customer…"]

    def fill(dialog: AddCustomerDialog) -> bool:
        assert not dialog.ok_button.isEnabled()  # a name first
        dialog.name.setText("電話で来た新規店")
        dialog.rank.setCurrentText("A")
        dialog.frequency.setCurrentIndex(dialog.frequency.findData(2.0))
        return dialog.ok_button.isEnabled()

    panel.run_dialog = fill
    with qtbot.waitSignal(panel.showOnMapRequested) as placed:
        cid = panel.add_customer()
    assert placed.args == [cid] and doc.selection == frozenset({cid})
    row = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    assert (row[m.NAME], row[m.FREQUENCY], row[m.TERRITORY]) == ("電話で来た新規店", 2.0, "")
    assert doc.undo_stack.undoText() == "Add customer 電話で来た新規店"

    doc.set_selection(["S001", "S002"])
    texts = [a.text() for a in panel.selection_menu(panel).actions()]
    assert "Remove from plan…" in texts and "Add customer…" in texts
    panel.ask_remove = lambda n: n == 2
    panel.remove_selection()
    ids = set(doc.plan.customers[m.CUSTOMER_ID])
    assert "S001" not in ids and "S002" not in ids and len(ids) == 23
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.plan.customers.equals(plan.customers)


def test_a_typed_address_is_looked_up_before_the_pin_is_offered(qtbot, tmp_path, monkeypatch):
    import dataclasses

    from planner.ui.add_customer_dialog import AddCustomerDialog
    from planner.ui.customer_panel import CustomerPanel
    from planner.ui.document import PlanDocument
    from tests.core.fake_geocoder import EMPTY, FakeGeocoder

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    with FakeGeocoder() as server:
        settings = dataclasses.replace(plan.settings, geocoder="gsi", gsi_url=server.gsi_url)
        doc = PlanDocument(plan.replace(settings=settings))
        panel = CustomerPanel(doc)
        qtbot.addWidget(panel)

        def fill(address: str):
            def run(dialog: AddCustomerDialog) -> bool:
                dialog.name.setText(f"新規 {address}")
                assert not dialog.locate.isEnabled()
                dialog.address.setText(address)
                assert dialog.locate.isChecked() and dialog.lookup() == "gsi"
                return True
            return run

        panel.run_dialog = fill("東京都新宿区西新宿2-8-1")
        with qtbot.waitSignal(panel.customerAdded, timeout=30_000) as added:
            assert panel.add_customer() == ""  # the answer comes from the worker
        row = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[added.args[0]]
        assert np.isfinite(row[m.LAT]) and row[m.GEOCODE] == "manual" and row[m.TERRITORY]
        assert server.requests == 1

        server.script("東京都架空区1-1", EMPTY)
        panel.run_dialog = fill("東京都架空区1-1")
        with qtbot.waitSignals([panel.customerAdded, panel.message], timeout=30_000):
            panel.add_customer()
        unknown = doc.plan.customers.iloc[-1]
        assert unknown[m.NAME] == "新規 東京都架空区1-1" and not np.isfinite(unknown[m.LAT])


def test_a_column_the_first_list_lacked_is_read_from_next_months(qtbot, tmp_path):
    """The import window recorded every field it found no column for as "chosen not to be
    read": next month's 訪問曜日 column (or one typed into the program's workbook) was then
    ignored without a word."""
    from planner.spreadsheet import COLUMNS_KEY, plan_columns, read_customers
    from planner.ui.import_dialog import ImportDialog
    from planner.update import update_customers
    from tests.core.update_helpers import HEADERS

    first = write(tmp_path / "old.xlsx", rows())
    dialog = ImportDialog(str(first), m.Settings())
    qtbot.addWidget(dialog)
    assert m.VISIT_DAYS not in dialog.mapping()  # no such column: nothing to remember
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    plan = dialog.plan
    assert m.VISIT_DAYS not in plan.meta[COLUMNS_KEY]
    data = [r[:] + ["木" if r[0] == "S001" else ""] for r in rows()]
    second = write(tmp_path / "new.xlsx", data, headers=[*HEADERS, "訪問曜日"])
    up = update_customers(plan, read_customers(second, remembered=plan_columns(plan)))
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["S001", m.VISIT_DAYS] == "thu"
    # a plan saved by the earlier window: its stray "" is not kept for a field its list lacked
    stale = plan.replace(meta={**plan.meta, COLUMNS_KEY: {**plan.meta[COLUMNS_KEY],
                                                         m.VISIT_DAYS: ""}})
    assert m.VISIT_DAYS not in plan_columns(stale)
    chosen = plan.replace(meta={**plan.meta, COLUMNS_KEY: {**plan.meta[COLUMNS_KEY],
                                                          m.RANK: ""}})
    assert plan_columns(chosen)[m.RANK] == ""  # its list had ランク: chosen not to be read


def test_the_dialog_says_a_new_code_got_back_its_leading_zeros(qtbot, tmp_path):
    """The plan's codes are 000001 …; the list gives a new shop as 201: the comparison lists
    it as 000201 and its summary says why, in Japanese as in English."""
    from planner.i18n import set_language

    data = [[f"{i + 1:06d}"] + r[1:] for i, r in enumerate(rows())]
    plan = plan_from(write(tmp_path / "old.xlsx", data))
    new = ["201", "新規商店", "東京都新宿区北新宿1丁目1-1", 35.697, 139.695, "A", "", "山田"]
    sheet = write(tmp_path / "new.xlsx", [*data, new])
    for language, said in (("en", "1 new customer's code had lost its leading zeros; it was "
                                   "padded to the plan's 6 digits (201 → 000201)."),
                           ("ja", "新しい顧客1件のコードは先頭の0が落ちていたため、プランの"
                                  "コードと同じ6桁に0を補いました（201 → 000201）。")):
        set_language(language)
        dialog = UpdateDialog(str(sheet), plan)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.imported, timeout=30_000):
            dialog.start_import()
        table = dialog.changes_table
        assert [table.text(r, 1) for r in range(table.rowCount())] == ["000201"]
        assert said in dialog.summary.text()


def test_the_update_dialog_starts_on_the_sheet_the_plan_was_read_from(qtbot, tmp_path):
    """A plan of the second office's sheet: the window's update showed (and read) the first."""
    from planner.spreadsheet import read_customers
    from tests.core.test_import_qa_lists import _offices

    path = _offices(tmp_path)
    plan = read_customers(path, sheet="杉並営業所").to_plan()
    dialog = UpdateDialog(str(path), plan)
    qtbot.addWidget(dialog)
    assert dialog.sheet() == "杉並営業所"
    assert dialog.preview_table.item(0, 0).text() == "杉-0"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert not dialog.update.added and not dialog.update.removed


def test_the_update_dialog_keeps_a_correction_the_office_never_heard_of(qtbot, tmp_path):
    """Edit customer… renamed a shop; the office's next list, still with the old name, showed
    the name going back as a change, and updating took it back."""
    from planner.edits import EditCustomer
    from planner.ui.document import PlanDocument

    doc = PlanDocument(plan_from(write(tmp_path / "old.xlsx", rows())))
    doc.push(EditCustomer.of("S001", name="新宿ベーカリー", rank="A"))
    data = rows()
    data[3][1] = "新宿商店3 本店"  # another shop the office renamed: listed as ever
    dialog = UpdateDialog(str(write(tmp_path / "new.xlsx", data)), doc.plan)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    table = dialog.changes_table
    assert [(table.text(r, 1), table.text(r, 4)) for r in range(table.rowCount())] == [
        ("S003", "Name 新宿商店3 → 新宿商店3 本店")]
    assert ("1 customer keeps the details corrected in the plan (the list still has the "
            "earlier ones).") in dialog.summary.text()
    row = dialog.plan.customers.set_index(m.CUSTOMER_ID).loc["S001"]
    assert (row[m.NAME], row[m.RANK]) == ("新宿ベーカリー", "A")


def test_comparing_a_revised_list_says_so_not_importing(qtbot, tmp_path):
    """*Compare* showed a progress titled 「取り込んでいます…」 (Importing…): the manager read
    that the list was already going into the plan, before any change was shown. It says it
    compares; the import window keeps its own title."""
    from PySide6.QtWidgets import QProgressDialog

    from planner.ui.import_dialog import ImportDialog

    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    sheet = write(tmp_path / "new.xlsx", rows())
    dialog = UpdateDialog(str(sheet), plan)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
        (progress,) = dialog.findChildren(QProgressDialog)
        assert progress.windowTitle() == "Comparing with the plan…"
    # nor does a step's line: the read list's 「1510件の顧客を取り込みました。」 stood under it
    said: list[str] = []
    work = dialog._job(str(sheet), dialog.sheet(), dialog.mapping(), plan.settings, "")
    work(lambda _fraction, message: said.append(message))
    assert "Comparing with the plan…" in said
    assert not [m for m in said if "mport" in m], said
    importing = ImportDialog(str(sheet), plan.settings)
    qtbot.addWidget(importing)
    with qtbot.waitSignal(importing.imported, timeout=30_000):
        importing.start_import()
        (progress,) = importing.findChildren(QProgressDialog)
        assert progress.windowTitle() == "Importing…"


def test_compare_moves_through_the_comparison_and_never_back(qtbot, tmp_path):
    """Compare sat at 85 % for 7 s while it matched, joined, took the removed off the
    calendar and counted the reps' weeks; and its bar went back from 68 % to 40 % when the
    reading ended and the locating began."""
    plan = plan_from(write(tmp_path / "old.xlsx", rows()), calendar=True)
    data = [r for r in rows() if r[0] != "O001"]
    data.append(["N1", "新規商店", "埼玉県さいたま市大宮区1-1", 35.905, 139.625, "A", "", ""])
    data.append(["N2", "新規商店2", data[0][2], None, None, "B", "", ""])  # to be located
    sheet = write(tmp_path / "new.xlsx", data)
    dialog = UpdateDialog(str(sheet), plan)
    qtbot.addWidget(dialog)
    heard: list[tuple[float, str]] = []
    work = dialog._job(str(sheet), dialog.sheet(), dialog.mapping(), plan.settings, "")
    work(lambda fraction, message: heard.append((fraction, message)))
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions), fractions
    start = next(k for k, (_f, t) in enumerate(heard) if t == "Comparing with the plan…")
    steps = [(f, t) for f, t in heard[start + 1:] if t]
    assert "Taking the customers no longer on the list off the calendar…" in [t for _, t in steps]
    assert len({t for _, t in steps}) >= 5 and len({f for f, _ in steps}) >= 5, steps
    assert heard[start][0] <= 0.5  # comparing has half the bar: it is half the wait
