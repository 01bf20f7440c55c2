"""New plan from a spreadsheet: preview, column mapping, sheet, geocoding, then the problem report.

Page 1 shows the first rows (``spreadsheet.preview``) and the detected mapping in combo
boxes the manager can change (passed to ``read_customers(columns=…)``). The import (and
the optional geocoding) runs in a worker with Cancel. Page 2 lists every problem row;
rows marked "kept" are customers in the plan and can be fixed there (filter "Problem rows").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner._geocode_nearby import approximate_text, place_read_rows
from planner._import_address import address_columns
from planner._import_unplaced import WINDOW_CURE, unplaced_text
from planner.columns import FIELDS, field_label
from planner.errors import PlannerError
from planner.i18n import N_, sentences, tr, trn
from planner.progress import scaled
from planner.spreadsheet import ImportResult, preview, read_customers
from planner.ui import file_dialogs
from planner.ui.field_grid import ElidedLabel, FieldGrid, narrow_combo, scrolled
from planner.ui.import_report_rows import report_rows
from planner.ui.screen_fit import fit_to_screen
from planner.ui.text_table import TextTable
from planner.ui.workers import Task, run_task

PREVIEW_ROWS = 20


def geocoder_choices(settings: m.Settings) -> list[tuple[str, str, bool]]:
    """(provider, label, available) for the geocode option."""
    try:
        from planner.geocode import available_providers

        found = available_providers(settings)
    except Exception:  # an optional dependency failing must not stop the import
        return []
    out = []
    for name, ok, reason in found:
        label = tr(PROVIDER_TITLES[name]) if name in PROVIDER_TITLES else name
        out.append((name, label + (f" — {reason}" if reason else ""), ok))
    return out


def geocoder_row(
    parent: QWidget, text: str, settings: m.Settings, *, usable_only: bool = False
) -> tuple[QCheckBox, QComboBox, QHBoxLayout]:
    """The "find positions online" check box and its provider choice, side by side: the
    choice follows the box; a provider that cannot run here is greyed out (or, with
    ``usable_only``, left out)."""
    check = QCheckBox(text, parent)
    combo = narrow_combo(QComboBox(parent), 16)  # a provider's note is in its tooltip too
    for name, label, ok in geocoder_choices(settings):
        if usable_only and not ok:
            continue
        combo.addItem(label, name)
        combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        if not ok:
            item = combo.model().item(combo.count() - 1)  # type: ignore[attr-defined]
            item.setEnabled(False)
    check.setChecked(False)
    combo.setEnabled(False)
    check.toggled.connect(combo.setEnabled)
    row = QHBoxLayout()
    row.addWidget(check)
    row.addWidget(combo, 1)
    return check, combo, row


#: More about a field than its short label says, in the label's and the box's tooltip.
FIELD_NOTES = {
    "status": N_("Rows whose account status says 取引停止, 休眠 or the like are left out."),
}

PROVIDER_TITLES = {
    "gsi": N_("Japan GSI address search"),
    "nominatim": N_("Nominatim (OpenStreetMap)"),
    "jageocoder": N_("jageocoder (offline)"),
    "google": N_("Google Maps (API key)"),
}


#: Notes on the list (髙橋 read as 高橋, a rep with a handful of customers) the summary
#: spells out; beyond them it names how many more the table below holds.
NOTES_SPELLED_OUT = 2


def notes_said(problems: Any) -> list[str]:
    """The summary's sentences on the list's notes: the first notes in their own words, then
    how many more there are and where to read them (seven long notes in full pushed the table
    out of sight; a count alone sent the manager to the table to learn what happened). One
    more note is spelled out rather than counted: 「ほか1件」 hides no more than naming it."""
    notes = [p.reason for p in problems if p.note]
    if len(notes) <= NOTES_SPELLED_OUT + 1:
        return notes
    more = len(notes) - NOTES_SPELLED_OUT
    return [*notes[:NOTES_SPELLED_OUT], trn(
        "{n} more note on the list is in the table below.",
        "{n} more notes on the list are in the table below.", more, n=f"{more:,}")]


def row_customers(customers: Any) -> dict[int, str]:
    """The sheet's row → 「K0011 吉田鮮魚」, the customer imported from it (none: empty)."""
    if customers is None or len(customers) == 0 or m.SOURCE_ROW not in customers:
        return {}
    rows = customers[m.SOURCE_ROW].to_numpy(dtype=int)
    codes = customers[m.CUSTOMER_ID].astype(str).to_numpy()
    names = customers[m.NAME].fillna("").astype(str).to_numpy()
    return {int(r): f"{c} {n}".strip() for r, c, n in zip(rows, codes, names, strict=True) if r}


class ImportDialog(QDialog):
    """Import ``path``; afterwards ``plan`` holds the new plan and ``result`` the import result."""

    imported = Signal(object)  # ImportResult
    failed = Signal(str)
    #: the progress window's title while the list is read (an update compares, see there)
    task_title = N_("Importing…")

    def __init__(self, path: str, settings: m.Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.settings = settings
        self.plan: m.Plan | None = None
        self.result: ImportResult | None = None
        self.searched = False  # the import asked the address search (its box ticked)
        self.task: Task | None = None
        self.setWindowTitle(tr("New plan from spreadsheet"))
        fit_to_screen(self, 900, 620)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._report_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.load_preview(self.first_sheet())

    # -- page 1: preview and mapping ------------------------------------------------------
    def _mapping_page(self) -> QWidget:
        page = QWidget(self)
        self.sheet_combo = QComboBox(page)
        self.sheet_combo.currentTextChanged.connect(lambda _t: self.load_preview(self.sheet()))
        self.preview_table = QTableWidget(page)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.setTabKeyNavigation(False)  # Tab goes on to the columns
        self.header_label = QLabel(page)
        mapping = QGroupBox(tr("Columns"), page)
        # as many label + combo pairs a row as the width allows, scrolled when low
        self.field_grid = FieldGrid(mapping)
        self.field_combos: dict[str, QComboBox] = {}
        self.detected: dict[str, str] = {}  # field → the column the preview found for it
        for key, _label in FIELDS:
            combo = narrow_combo(QComboBox(mapping))
            self.field_combos[key] = combo
            label = ElidedLabel(tr(field_label(key)))
            if key in FIELD_NOTES:  # a short label, the rest in its tooltip
                label.setToolTip(tr(FIELD_NOTES[key]))
                combo.setToolTip(tr(FIELD_NOTES[key]))
            self.field_grid.add_pair(label, combo)
        self.mapping_area = scrolled(self.field_grid, mapping)
        QVBoxLayout(mapping).addWidget(self.mapping_area)
        self.geocode_check, self.provider_combo, geo = geocoder_row(
            page, tr("Find positions of rows without coordinates (online)"), self.settings
        )
        form = QFormLayout()
        form.addRow(tr("Sheet"), self.sheet_combo)
        buttons = QDialogButtonBox(page)
        self.import_button = buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.import_button.clicked.connect(self.start_import)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.header_label)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(mapping)
        layout.addLayout(geo)
        layout.addWidget(buttons)
        return page

    def remembered(self) -> dict[str, str]:
        """Columns to read as a plan remembers them (an update's; none for a new import)."""
        return {}

    def first_sheet(self) -> str | None:
        """The sheet shown first (an update's: the one its plan was read from; a new
        import's: the first holding a list)."""
        return None

    def sheet(self) -> str | None:
        return self.sheet_combo.currentText() or None

    def load_preview(self, sheet: str | None = None) -> None:
        try:
            pv = preview(self.path, sheet=sheet, rows=PREVIEW_ROWS, remembered=self.remembered())
        except PlannerError as exc:
            self.header_label.setText(str(exc))
            self.import_button.setEnabled(False)
            # nothing of another sheet left showing as if it were this one's
            self.preview_table.clear()
            self.preview_table.setRowCount(0)
            self.preview_table.setColumnCount(0)
            for combo in self.field_combos.values():
                combo.clear()
                combo.addItem(tr("(none)"), "")
            return
        self.import_button.setEnabled(True)
        if self.sheet_combo.count() == 0:
            self.sheet_combo.blockSignals(True)
            self.sheet_combo.addItems(pv.sheets)
            # the sheet the preview shows (a cover sheet before the list is passed over)
            self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findText(pv.sheet)))
            self.sheet_combo.blockSignals(False)
        self.header_label.setText(tr("Header row: {row}", row=pv.header_row))
        table = self.preview_table
        table.clear()
        table.setColumnCount(len(pv.headers))
        table.setHorizontalHeaderLabels(pv.headers)
        table.setRowCount(len(pv.rows))
        # the sheet's row numbers, as the problem report names the rows ("row 8")
        table.setVerticalHeaderLabels([str(n) for n in pv.row_numbers])
        for r, row in enumerate(pv.rows):
            for c, text in enumerate(row[: len(pv.headers)]):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        for key, combo in self.field_combos.items():
            combo.clear()
            combo.addItem(tr("(none)"), "")
            for header in pv.headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(pv.mapping.get(key, ""))))
        self.detected = dict(pv.mapping)
        self._name_address_parts(pv.headers)

    def _name_address_parts(self, headers: list[str]) -> None:
        """The address combo names every column an address in parts is joined from
        (「都道府県＋市区町村＋番地」), not only its first (「都道府県」 read as if the address
        were the prefecture alone)."""
        found = {key: headers.index(h) for key, h in self.detected.items() if h in headers}
        parts = address_columns(headers, found)
        if len(parts) < 2:
            return
        combo = self.field_combos[m.ADDRESS]
        at = combo.findData(headers[parts[0]])
        text = tr(" + ").join(headers[i] for i in parts)  # 「＋」 in Japanese
        combo.setItemText(at, text)

    def mapping(self) -> dict[str, str]:
        """Field → header chosen in the combos; ``""`` = ignore a field the sheet has a
        column for (a field without one is left out: the plan then remembers nothing for it,
        and next month's list with such a column is read)."""
        out = {}
        for key, combo in self.field_combos.items():
            header = str(combo.currentData() or "")
            if header or key in self.detected:
                out[key] = header
        return out

    def mapping_problem(self) -> str:
        """A sentence when one column is chosen for two fields ("" when the choice is fine):
        the import would read, say, the shop's name as its address too."""
        seen: dict[str, str] = {}
        for key, header in self.mapping().items():
            if not header:
                continue
            if header in seen:
                return tr("The column {column} is chosen for both {a} and {b}; choose one "
                          "column for each.", column=header, a=tr(field_label(seen[header])),
                          b=tr(field_label(key)))
            seen[header] = key
        return ""

    # -- the import ------------------------------------------------------------------
    def start_import(self) -> Task | None:
        problem = self.mapping_problem()
        if problem:
            QMessageBox.warning(self, self.windowTitle(), problem)
            return None
        provider = (
            str(self.provider_combo.currentData() or "") if self.geocode_check.isChecked() else ""
        )
        self.searched = bool(provider)
        work = self._job(self.path, self.sheet(), self.mapping(), self.settings, provider)
        self.task = run_task(
            self, tr(self.task_title), work, on_done=self._on_done, on_error=self._on_error
        )
        return self.task

    def _job(
        self, path: str, sheet: str | None, columns: dict[str, str], settings: m.Settings,
        provider: str,
    ) -> Callable[[Any], Any]:
        """The worker's function: read the sheet, then locate rows without coordinates."""

        def work(progress: Any) -> ImportResult:
            result = read_customers(
                path,
                sheet=sheet,
                columns=columns,
                settings=settings,
                progress=scaled(progress, 0.0, 0.5 if provider else 1.0),
            )
            # no search: the rows without a position placed at the list's customers of the
            # same 丁目, town or municipality
            result = place_read_rows(result, provider or "none", settings=settings,
                                     progress=scaled(progress, 0.5, 1.0))
            return result

        return work

    def _on_done(self, result: ImportResult) -> None:
        try:
            self.plan = result.to_plan(self.settings)
        except PlannerError as exc:
            self._on_error(str(exc), True)
            return
        self.result = result
        self._show_report(result)
        self.imported.emit(result)

    def _on_error(self, message: str, _user_error: bool) -> None:
        self.failed.emit(message)
        if self.isVisible():
            QMessageBox.critical(self, self.windowTitle(), message)

    # -- page 2: the report ------------------------------------------------------------
    def _report_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        self.problem_table = TextTable(page)
        self.problem_table.wrap_last = True  # the reason read whole, without scrolling
        self.csv_button = QPushButton(tr("Save report as CSV…"), page)
        self.csv_button.setAutoDefault(False)  # Enter never opens a Save dialog
        self.csv_button.clicked.connect(self._on_csv_clicked)
        buttons = QDialogButtonBox(page)
        self.accept_button = buttons.addButton(
            tr("Open the plan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.clicked.connect(self.accept)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.csv_button)
        row.addStretch(1)
        row.addWidget(buttons)
        self.report_layout = QVBoxLayout(page)
        self.report_layout.addWidget(self.summary)
        self.report_layout.addWidget(self.problem_table, 1)
        self.report_layout.addLayout(row)
        return page

    def _show_report(self, result: ImportResult) -> None:
        rep = result.report
        # rows of the list (a note on the header row names no row of customers)
        problems = [p for p in rep.problems if not p.note]  # a note names no problem
        flagged = {p.row for p in problems if p.row > result.header_row}
        left_out = {p.row for p in problems if p.row > result.header_row and not p.kept}
        text = tr("{rows} rows read, {customers} customers imported.",
                  rows=f"{rep.rows:,}", customers=f"{rep.customers:,}")
        if flagged and not left_out:  # "0 left out" said nothing
            text = sentences(text, trn(
                '{n} row has problems, all imported (fix them in the Customers list, filter '
                '"Problem rows").',
                '{n} rows have problems, all imported (fix them in the Customers list, filter '
                '"Problem rows").',
                len(flagged), n=f"{len(flagged):,}"))
        elif flagged:
            text = sentences(text, trn(
                "{n} row has problems: {left} left out, {kept} imported (fix them in the "
                'Customers list, filter "Problem rows").',
                "{n} rows have problems: {left} left out, {kept} imported (fix them in the "
                'Customers list, filter "Problem rows").',
                len(flagged), n=f"{len(flagged):,}", left=f"{len(left_out):,}",
                kept=f"{len(flagged) - len(left_out):,}"))
        text = sentences(text, *notes_said(rep.problems))  # 髙橋 as 高橋
        text = sentences(text, approximate_text(result.customers))
        # the one notice first: customers left off the map, and how to look them up later
        text = sentences(unplaced_text(result.customers, searched=self.searched,
                                       cure=tr(WINDOW_CURE), unreached=result.unreached), text)
        if not rep.customers:
            text = sentences(
                text, tr("No row could be used as a customer, so there is no plan to open."))
        self.summary.setText(text)
        self.accept_button.setEnabled(rep.customers > 0)  # never swap the plan for an empty one
        self._fill_problems(rep, result.customers)
        self.pages.setCurrentIndex(1)

    def opened_text(self) -> str:
        """The main window's line once the plan is opened: how many customers came in, and
        first, when none has a position, that the map stays empty and how to fill it (the
        report's notice was gone with the window, and an empty map said nothing)."""
        assert self.result is not None
        result = self.result
        return sentences(
            unplaced_text(result.customers, searched=self.searched, cure=tr(WINDOW_CURE),
                          unreached=result.unreached),
            tr("Imported {n} customers.", n=f"{result.report.customers:,}"))

    def _fill_problems(self, rep: Any, customers: Any = None) -> None:
        # the sheet's row first (the table's own numbers hidden: they read as rows too), then
        # whether it was imported, before the long texts that would push it out of sight;
        # then the customer the row became (「行14 住所 （空）」 alone sent the manager back to
        # the sheet to find whose address was missing)
        headers = [tr("Row"), tr("Imported"), tr("Customer"), tr("Column"), tr("Value"),
                   tr("Reason")]
        # one row per reason: 39 rows of 「第2火曜」 read once, with the rows they concern
        rows = report_rows(rep.problems, row_customers(customers))
        self.problem_table.set_rows(headers, rows)
        self.problem_table.verticalHeader().hide()

    def save_report(self, path: str) -> None:
        assert self.result is not None
        self.result.report.to_csv(path, source=self.result.source)

    #: The CSV file name offered by the Save button.
    csv_name = "import-report.csv"

    def _on_csv_clicked(self) -> None:
        title = self.csv_button.text()
        path = file_dialogs.save_file_name(self, title, self.csv_name, tr("CSV (*.csv)"))
        if path:
            try:
                self.save_report(path)
            except (OSError, PlannerError) as exc:
                QMessageBox.critical(self, title, str(exc))

