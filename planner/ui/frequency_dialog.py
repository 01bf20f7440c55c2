"""Frequency rules: visits per 4 weeks by rank and by sales band, as one undo step.

OK applies :func:`planner.frequency.apply_frequency_rules` to the plan (rank rules and
sales bands; where both cover a customer the more frequent wins) and pushes the result
as one :class:`~planner.edits.ReplacePlan`. Frequencies the manager set by hand
(``plan.meta["frequency_overrides"]``) stay unless "Keep hand-set frequencies" is
unticked. The rank rules and the default for other customers also become plan settings,
which customers without a frequency of their own follow. *Ranks from sales (ABC analysis)*,
when ticked, first sets the customers' ranks from their share of the sales
(:func:`planner.abc.rank_by_sales`), in the same undo step.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.abc import DEFAULT_SHARES, abc_ranks, rank_by_sales
from planner.edits import Changes, Edit, ReplacePlan, UpdateSettings, apply_edit
from planner.errors import PlannerError
from planner.frequency import (
    LISTED_OWN_KEY,
    RULES_APPLIED_KEY,
    SALES_BANDS_KEY,
    SUPPORTED,
    apply_frequency_rules,
    clear_overrides,
    frequency_label,
    listed_ids,
    normalise_rank,
    overridden_ids,
    visits_text,
)
from planner.frequency_impact import frequency_impact, impact_text
from planner.i18n import sentences, tr, trn
from planner.ui.document import PlanDocument
from planner.ui.screen_fit import fit_to_screen
from planner.ui.wide_input import accept_wide_digits

CHOICES = (*SUPPORTED, 0.0)
MAX_SALES = 1e13


def no_change_note() -> str:
    """What OK does when the rules change no customer: they are kept for customers added later."""
    return tr("No customer's frequency changes: OK saves the rules for customers added later.")


def applied_note(before: m.Plan, after: m.Plan, *, was: pd.DataFrame,
                 now: pd.DataFrame) -> str:
    """What OK did, for the status bar once the dialog's preview is gone: how many customers
    changed and the reps' weeks (「897件の顧客の訪問頻度が変わります。…8人の担当者が稼働時間を
    超えます…」), that the calendar shows it once built again; rules that changed nobody say
    they are kept for customers added later."""
    impact = frequency_impact(before, after, was=was, now=now)
    if impact.changed == 0:
        return no_change_note()
    lines = impact_text(impact).splitlines()
    lines[0] = trn(  # done, where the preview said what would change
        "Changed the visit frequency of {n} customer. Visits per 4 weeks: {before} → {after}.",
        "Changed the visit frequency of {n} customers. Visits per 4 weeks: {before} → {after}.",
        impact.changed, n=f"{impact.changed:,}",
        before=visits_text(impact.visits_before), after=visits_text(impact.visits_after))
    said = [lines[0], *lines[1:2], *lines[3:]] if len(lines) > 3 else lines  # not the busiest
    if after.schedule is not None:
        said.append(tr("The calendar shows the new frequencies once it is built again."))
    return sentences(*said)


def frequency_combo(value: float, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for v in CHOICES:
        combo.addItem(tr(frequency_label(v)), v)
    best = min(range(len(CHOICES)), key=lambda i: abs(CHOICES[i] - value))
    combo.setCurrentIndex(best)
    return combo


class SalesBandTable(QWidget):
    """A small table of "sales from ¥… → visits per 4 weeks" with Add and Remove buttons."""

    changed = Signal()  # a band added, removed or edited

    def __init__(self, bands: list[tuple[float, float]], parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        # the column's cells say 毎週 or 隔週, a frequency, not a count of visits
        self.table.setHorizontalHeaderLabels([tr("Sales from"), tr("Visit frequency")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(tr("Add band"), self)
        self.remove_button = QPushButton(tr("Remove band"), self)
        self.add_button.clicked.connect(lambda _checked=False: self.add_band())
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_band())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        for low, freq in bands:
            self.add_band(low, freq)
        self._update_buttons()
        accept_wide_digits(self)  # １２ typed in a number box

    def add_band(self, min_sales: float | None = None, visits: float = 4.0) -> int:
        """Append a band (by default 1.5 times the highest minimum so far); its row."""
        if min_sales is None:
            lows = [low for low, _f in self.bands()]
            min_sales = max(lows) * 1.5 if lows and max(lows) > 0 else 10_000_000.0
        row = self.table.rowCount()
        self.table.insertRow(row)
        spin = QDoubleSpinBox(self.table)
        spin.setRange(0.0, MAX_SALES)
        spin.setDecimals(0)
        spin.setSingleStep(1_000_000)
        spin.setGroupSeparatorShown(True)
        spin.setPrefix("¥")
        spin.setValue(float(min_sales))
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        accept_wide_digits(spin)
        self.table.setCellWidget(row, 0, spin)
        combo = frequency_combo(float(visits), self.table)
        self.table.setCellWidget(row, 1, combo)
        spin.valueChanged.connect(self.changed)
        combo.currentIndexChanged.connect(self.changed)
        self.table.selectRow(row)
        self._update_buttons()
        self.changed.emit()
        return row

    def remove_band(self, row: int | None = None) -> None:
        """Remove ``row`` (by default the selected one, else the last)."""
        if row is None:
            selected = self.table.selectionModel().selectedRows()
            row = selected[0].row() if selected else self.table.rowCount() - 1
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)
            self.changed.emit()
        self._update_buttons()

    def spin(self, row: int) -> QDoubleSpinBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QDoubleSpinBox)
        return widget

    def combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def bands(self) -> list[tuple[float, float]]:
        """The bands as ``(min_sales, visits per 4 weeks)``, in table order."""
        return [
            (self.spin(r).value(), float(self.combo(r).currentData()))
            for r in range(self.table.rowCount())
        ]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.rowCount() > 0)


class AbcBox(QGroupBox):
    """*Ranks from sales (ABC analysis)*: when ticked, the customers' ranks are set from their
    share of the sales before the rank rules apply; the counts show as the shares change."""

    changed = Signal()

    def __init__(self, plan: m.Plan, parent: QWidget | None = None):
        super().__init__(tr("Ranks from sales (ABC analysis)"), parent)
        self.setObjectName("abc_box")
        self.setCheckable(True)
        self.setChecked(False)
        self.sales = plan.customers[m.SALES].to_numpy(dtype=float)
        self.spins: list[QSpinBox] = []
        row = QHBoxLayout()
        for label, share in zip((tr("A: the first"), tr("B: up to")), DEFAULT_SHARES, strict=True):
            spin = QSpinBox(self)
            spin.setRange(1, 100)
            spin.setSuffix(tr(" %"))
            spin.setValue(round(share * 100))
            spin.valueChanged.connect(self._on_changed)
            row.addWidget(QLabel(label, self))
            row.addWidget(spin)
            self.spins.append(spin)
        row.addWidget(QLabel(tr("of the sales; C: the rest"), self))
        row.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setObjectName("abc_summary")
        self.summary.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.addLayout(row)
        outer.addWidget(self.summary)
        self.toggled.connect(self._on_changed)
        self._on_changed()
        accept_wide_digits(self)  # １２ typed in a number box

    def shares(self) -> tuple[float, float]:
        return (self.spins[0].value() / 100.0, self.spins[1].value() / 100.0)

    def _on_changed(self, *_args: object) -> None:
        try:
            self.summary.setText("\n".join(abc_ranks(self.sales, self.shares()).lines()))
        except PlannerError as exc:
            self.summary.setText(str(exc))
        self.changed.emit()


class FrequencyDialog(QDialog):
    """Rank rules beside sales bands; OK applies them as one undoable edit."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.note = ""  # after OK: what the status bar should say (rules that changed nobody)
        self.doc = document
        plan = document.plan
        s = plan.settings
        self.setWindowTitle(tr("Frequency rules"))
        ranks = set(s.frequency_by_rank) | (set(plan.customers[m.RANK]) - {""})
        if np.isfinite(plan.customers[m.SALES].to_numpy(dtype=float)).any():
            ranks |= {"A", "B", "C"}  # the ranks an ABC analysis gives
        ranks = sorted(ranks)
        start = dict(s.frequency_by_rank)
        if not plan.meta.get(RULES_APPLIED_KEY):  # the list's own frequencies, until rules ran
            start.update(list_frequencies(plan))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for rank in ranks:
            combo = frequency_combo(float(start.get(rank, s.default_frequency)), self)
            self.combos[rank] = combo
            form.addRow(tr("Rank {rank}", rank=rank), combo)
        self.default = frequency_combo(s.default_frequency, self)
        form.addRow(tr("Other customers"), self.default)
        by_rank = QGroupBox(tr("By rank"), self)
        by_rank.setLayout(form)
        saved = [(float(a), float(b)) for a, b in plan.meta.get(SALES_BANDS_KEY, ()) or ()]
        self.bands = SalesBandTable(saved, self)
        by_sales = QGroupBox(tr("By sales"), self)
        sales_layout = QVBoxLayout(by_sales)
        sales_layout.addWidget(self.bands)
        rules = QHBoxLayout()
        rules.addWidget(by_rank)
        rules.addWidget(by_sales, 1)
        self.abc = AbcBox(plan, self)
        self.abc.setEnabled(bool(np.isfinite(plan.customers[m.SALES].to_numpy(dtype=float)).any()))
        hand_set = len(overridden_ids(plan))
        self.keep_overrides = QCheckBox(
            tr("Keep hand-set frequencies ({n} customers)", n=hand_set), self
        )
        self.keep_overrides.setChecked(True)
        # the list's own frequencies: those other than the rank's rule (週2 for one A customer)
        listed = len(listed_ids(plan))
        self.keep_listed = QCheckBox(trn(
            "Keep the customer list's own frequency where it differs from the rank's rule "
            "({n} customer; untick to set it by these rules)",
            "Keep the customer list's own frequencies where they differ from the rank's rule "
            "({n} customers; untick to set them by these rules)", listed, n=f"{listed:,}"), self)
        self.keep_listed.setChecked(bool(listed))
        self.keep_listed.setVisible(bool(listed))
        note = QLabel(
            tr(
                "Where a rank rule and a sales band both apply, the more frequent one wins. "
                "Customers no rule covers keep their frequency."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        # what the rules would do to the reps' weeks, updated as the manager changes them
        self.impact = QLabel(self)
        self.impact.setObjectName("frequency_impact")
        self.impact.setWordWrap(True)
        self.impact.setFrameShape(QFrame.Shape.StyledPanel)
        self.impact.setMargin(6)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.update_impact)
        for combo in (*self.combos.values(), self.default):
            combo.currentIndexChanged.connect(self._timer.start)
        self.bands.changed.connect(self._timer.start)
        self.abc.changed.connect(self._timer.start)
        self.keep_overrides.toggled.connect(self._timer.start)
        self.keep_listed.toggled.connect(self._timer.start)
        layout = QVBoxLayout(self)
        layout.addLayout(rules)
        layout.addWidget(self.abc)
        layout.addWidget(self.keep_overrides)
        layout.addWidget(self.keep_listed)
        layout.addWidget(note)
        layout.addWidget(self.impact)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 460)
        self.update_impact()
        accept_wide_digits(self)  # １２ typed in a number box

    def update_impact(self) -> None:
        """Show what the present choices would change (nothing is applied)."""
        self._timer.stop()
        try:
            edit = self.edit()
        except PlannerError as exc:
            self.impact.setText(str(exc))
            return
        if edit is None:
            self.impact.setText(tr("These rules change no customer's frequency."))
            return
        plan = self.doc.plan
        impact = frequency_impact(plan, apply_edit(plan, edit)[0])
        text = impact_text(impact)
        if impact.changed == 0:  # OK would store the rules, and change nobody's visits
            text += "\n" + no_change_note()
        self.impact.setText(text)

    def edit(self) -> Edit | None:
        """The edit the dialog's choices make (None when nothing changes).

        Raises :class:`PlannerError` for bands the rules refuse (two starting at the same amount).
        """
        plan = self.doc.plan
        rules = {rank: float(c.currentData()) for rank, c in self.combos.items()}
        bands = self.bands.bands()
        default = float(self.default.currentData())
        keep = self.keep_overrides.isChecked()
        if not rules and not bands:
            settings = dataclasses.replace(plan.settings, default_frequency=default)
            return None if settings == plan.settings else UpdateSettings(settings)
        base = plan
        if self.abc.isChecked():  # the ranks from the sales first, then the rules by rank
            base, _found = rank_by_sales(plan, self.abc.shares())
        new = apply_frequency_rules(base, by_rank=rules, sales_bands=bands, keep_overrides=keep,
                                    keep_listed=self.keep_listed.isChecked())
        if not bands and SALES_BANDS_KEY in new.meta:  # every band removed: forget them
            meta = dict(new.meta)
            meta[SALES_BANDS_KEY] = []
            new = new.replace(meta=meta)
        if not keep:  # the rules now drive the hand-set customers they cover
            new = clear_overrides(new, _covered(plan, rules, bands) & overridden_ids(plan))
        new = new.replace(settings=dataclasses.replace(new.settings, default_frequency=default))
        if _same(plan, new):
            return None
        changes = Changes(customers=base is not plan, frequencies=True, settings=True,
                          schedule=plan.schedule is not None)
        return ReplacePlan(new, tr("Frequency rules"), changes)

    def apply(self) -> None:
        try:
            edit = self.edit()
        except PlannerError as exc:
            self.show_error(str(exc))
            return
        if edit is not None:
            before = self.doc.plan
            self.doc.push(edit)
            after = self.doc.plan
            if after is not before:  # the main window says it in the status bar
                self.note = applied_note(before, after, was=self.doc.metrics(before),
                                         now=self.doc.metrics())
        self.accept()

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, tr("Frequency rules"), message)


def list_frequencies(plan: m.Plan) -> dict[str, float]:
    """Per rank, the frequency most of its customers have (from the list's 訪問頻度 column):
    the dialog starts from them, so that OK alone changes nobody's visits."""
    c = plan.customers
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    known = np.isfinite(freq) & (c[m.RANK].astype(str).to_numpy() != "")
    if not known.any():
        return {}
    table = pd.DataFrame({"rank": c[m.RANK].astype(str).to_numpy()[known], "f": freq[known]})
    return {str(r): float(g.mode().iloc[0]) for r, g in table.groupby("rank")["f"]}


def _covered(plan: m.Plan, rules: dict[str, float], bands: list[tuple[float, float]]) -> set[str]:
    """Ids of the customers a rank rule or a sales band applies to."""
    c = plan.customers
    upper = {normalise_rank(k) for k in rules}
    hit = c[m.RANK].astype(str).map(normalise_rank).isin(upper).to_numpy()
    if bands:
        sales = c[m.SALES].to_numpy(dtype=float)
        lowest = min(low for low, _f in bands)
        hit |= np.isfinite(sales) & (np.nan_to_num(sales, nan=-np.inf) >= lowest)
    return {str(v) for v in c[m.CUSTOMER_ID].to_numpy()[hit]}


def _same(a: m.Plan, b: m.Plan) -> bool:
    """True when the rules changed nothing the manager could see or undo."""
    fa = a.customers[m.FREQUENCY].to_numpy(dtype=float)
    fb = b.customers[m.FREQUENCY].to_numpy(dtype=float)
    return (
        bool(np.array_equal(fa, fb, equal_nan=True))
        and a.customers[m.RANK].equals(b.customers[m.RANK])
        and a.settings == b.settings
        # rules confirmed as they stand change no frequency: not an edit to undo
        and {**a.meta, RULES_APPLIED_KEY: None, LISTED_OWN_KEY: None}
        == {**b.meta, RULES_APPLIED_KEY: None, LISTED_OWN_KEY: None}
    )
