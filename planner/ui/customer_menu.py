"""The Customers dock's menu of operations on the selected customers (list and map right-click)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QMenu, QWidget

from planner import model as m
from planner._design_changes import territory_label
from planner.frequency import frequency_label, frequency_words, normalise_rank
from planner.i18n import tr
from planner.ui.customer_delegates import FREQUENCIES

if TYPE_CHECKING:
    from planner.ui.customer_panel import CustomerPanel


def rank_choices(plan: m.Plan) -> list[tuple[str, str]]:
    """(rank, menu text) of the ranks the plan uses or has a rule for: ``B（隔週）``."""
    s = plan.settings
    rules = {normalise_rank(k): float(v) for k, v in s.frequency_by_rank.items()}
    ranks = sorted({str(r).strip() for r in plan.customers[m.RANK]
                    if str(r).strip()} | {str(k) for k in s.frequency_by_rank})
    out = []
    for rank in ranks:
        rule = rules.get(normalise_rank(rank))
        out.append((rank, rank if rule is None else tr(
            "{rank} ({freq})", rank=rank, freq=frequency_words(rule))))
    return out


def selection_menu(panel: CustomerPanel, parent: QWidget) -> QMenu:
    """The menu of operations on the selected customers (also used by the main window)."""
    menu = QMenu(parent)
    n = len(panel.document.selection)
    if not n:
        menu.addAction(tr("Add customer…"), panel.add_customer)
        return menu
    c = panel.document.plan.customers
    if m.located_mask(c[c[m.CUSTOMER_ID].isin(list(panel.document.selection))]).any():
        menu.addAction(tr("Show on the map"), lambda: panel.fitRequested.emit(
            list(panel.selection_ids())))  # found in the list: where is it?
    assign = menu.addMenu(tr("Assign selection to territory"))
    assign.addAction(tr("(unassigned)"), lambda: panel.assign_selection(""))
    for t in panel.document.plan.territories:  # 「新横浜エリア（伊藤 由美）」: managers move to a rep
        assign.addAction(territory_label(panel.document.plan, t.id).replace("&", "&&"),
                         lambda tid=t.id: panel.assign_selection(tid))
    freq = menu.addMenu(tr("Set frequency"))
    for value in FREQUENCIES:
        freq.addAction(
            tr(frequency_label(value)), lambda v=value: panel.set_selection_frequency(v)
        )
    ranks = menu.addMenu(tr("Set rank"))
    for rank, text in panel.rank_choices():
        ranks.addAction(text, lambda r=rank: panel.set_selection_rank(r))
    for key, text in (
        (m.CLOSED_DAYS, tr("Set closing days…")),
        (m.VISIT_DAYS, tr("Set visit days…")),
        (m.VISIT_WEEK, tr("Set visit week…")),
        (m.VISIT_TIME, tr("Set visiting hours…")),
    ):
        menu.addAction(text, lambda k=key: panel.ask_selection_typed(k))
    menu.addAction(tr("Lock"), lambda: panel.lock_selection(True))
    menu.addAction(tr("Unlock"), lambda: panel.lock_selection(False))
    if n == 1:  # place a customer without coordinates, or correct one's position
        (cid,) = tuple(panel.document.selection)
        row = c.loc[c[m.CUSTOMER_ID] == cid]
        located = bool(len(row)) and bool(np.isfinite(row[[m.LAT, m.LON]].to_numpy()).all())
        text = tr("Correct the position on the map") if located else tr("Place on the map")
        menu.addSeparator()
        menu.addAction(text, lambda: panel.showOnMapRequested.emit(cid))
    menu.addSeparator()
    menu.addAction(panel.remove_action)  # shows its key, Delete
    menu.addAction(tr("Add customer…"), panel.add_customer)
    if n == 1:  # its name, reading, phone, address, rank, minutes, sales
        menu.addAction(tr("Edit customer…"), lambda: panel.edit_customer(cid))
    return menu
