"""Add customer… and Edit customer… of the Customers list: the dialog, then the typed address
looked up (online) so that the position found goes in with the rest as one undo step, then
the map pin offered to confirm the position or to place the customer.

A corrected address that is not looked up (or not found) keeps the map position, and the
status bar says so: the pin, offered amid the customers of the new address's 丁目 (else at the
position kept), moves the customer when dragged and confirmed
(:class:`planner.edits.MoveCustomer`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QMessageBox

from planner import model as m
from planner.edits import AddCustomer, Edit, EditCustomer
from planner.i18n import sentences, tr
from planner.maps.actions import placed_in_territory
from planner.ui.address_lookup import Point, look_up, look_up_customer
from planner.ui.area_offer import offer_area_moves
from planner.ui.edit_notes import added_note, edited_note, rank_note

if TYPE_CHECKING:
    from planner._geocode_one import Found
    from planner.ui.customer_panel import CustomerPanel


def add_customer(panel: CustomerPanel) -> str:
    """Ask for a new customer, add it (one undo step), select it and offer the map pin to
    place it; returns its code ("" when cancelled or refused, and while its address is
    looked up: ``panel.customerAdded`` tells the code then)."""
    from planner.ui.add_customer_dialog import AddCustomerDialog

    dialog = AddCustomerDialog(panel.document.plan, panel)
    accepted = panel.run_dialog(dialog)
    edit, provider = dialog.edit(), dialog.lookup()
    dialog.deleteLater()
    if not accepted:
        return ""
    assert isinstance(edit, AddCustomer)
    if not provider:
        return _push_new(panel, edit)
    fields = edit.fields

    def done(found: Found | None) -> None:
        if found is None:
            _push_new(panel, edit, tr("The address was not found: place the customer on the map."))
            return
        values = {**fields, m.LAT: found.lat, m.LON: found.lon}
        more = ""
        if found.note:  # offline, or not found: at the customers of its 丁目, town …
            values[m.GEOCODE] = found.geocode
            why = (tr("The address search cannot be reached (offline?).") if found.offline
                   else tr("The address was not found."))
            more = sentences(why, found.note)
        _push_new(panel, AddCustomer.of(edit.territory, **values), more)

    def failed(text: str) -> None:  # a sentence: the search cannot be reached (offline?)
        _push_new(panel, edit, sentences(text, tr("Place the customer on the map.")))

    plan = panel.document.plan
    panel._lookup = look_up_customer(panel, fields[m.ADDRESS], known=plan.customers,
                                     settings=plan.settings, provider=provider, done=done,
                                     failed=failed)
    return ""


def _push_new(panel: CustomerPanel, edit: AddCustomer, more: str = "") -> str:
    """Add the customer, select it, offer its pin and say so in the status bar ("Added
    customer 山田商店 (東京エリア)." and ``more``, why it still needs a place)."""
    doc = panel.document
    before = set(doc.plan.customers[m.CUSTOMER_ID])
    refused = doc.try_push(edit)
    if refused:
        QMessageBox.warning(panel, tr("Add customer"), refused)
        return ""
    (cid,) = set(doc.plan.customers[m.CUSTOMER_ID]) - before
    doc.set_selection([cid])
    panel.showOnMapRequested.emit(cid)  # the pin, at its position to confirm, or to place
    panel.message.emit(sentences(added_note(doc.plan, str(cid)), more))
    panel.customerAdded.emit(str(cid))
    return str(cid)


def edit_customer(panel: CustomerPanel, customer_id: str) -> bool:
    """Correct ``customer_id``'s details in the dialog (one undo step); a new address is
    looked up and the pin offered at the position found, else the position is kept. False
    when cancelled (True while its address is looked up)."""
    from planner.ui.add_customer_dialog import AddCustomerDialog

    plan = panel.document.plan
    if not (plan.customers[m.CUSTOMER_ID] == customer_id).any():
        return False
    dialog = AddCustomerDialog(plan, panel, customer_id=customer_id)
    accepted = panel.run_dialog(dialog)
    edit, provider, moved = dialog.edit(), dialog.lookup(), dialog.address_changed()
    dialog.deleteLater()
    if not accepted:
        return False
    assert isinstance(edit, EditCustomer)
    if not provider:
        if _push_edit(panel, edit):
            if moved:
                _kept(panel, customer_id, plan, "")
            else:
                _edited(panel, customer_id, plan)
        return True

    def done(point: Point | None) -> None:
        if point is None:
            now = panel.document.plan
            if _push_edit(panel, edit):
                _kept(panel, customer_id, now, tr("The address was not found."))
            return
        at = {**edit.fields, m.LAT: point[0], m.LON: point[1]}
        placed = EditCustomer.of(customer_id, **at)
        now = panel.document.plan
        if _push_edit(panel, placed_in_territory(now, placed, customer_id, *point)):
            _edited(panel, customer_id, now)
            panel.document.set_selection([customer_id])
            panel.showOnMapRequested.emit(customer_id)  # the pin at the position found

    def failed(text: str) -> None:  # a sentence: the search cannot be reached (offline?)
        now = panel.document.plan
        if _push_edit(panel, edit):
            _kept(panel, customer_id, now, text)

    panel._lookup = look_up(panel, str(edit.fields[m.ADDRESS]), settings=plan.settings,
                            provider=provider, done=done, failed=failed)
    return True


def _push_edit(panel: CustomerPanel, edit: Edit) -> bool:
    refused = panel.document.try_push(edit)
    if refused:
        QMessageBox.warning(panel, tr("Edit customer"), refused)
    elif isinstance(edit, EditCustomer):  # a new name or rank moves it in a sorted list:
        rows = panel.model.view_rows_of({edit.customer_id})  # its row stays in view
        if len(rows):
            panel.view.scrollTo(panel.model.index(int(rows[0]), 0))
    return not refused


def _edited(panel: CustomerPanel, customer_id: str, before: m.Plan) -> None:
    """Say that the customer's details went in, as other edits say what they did (a new
    address says more: :func:`_kept`), and offer to move it to the territory whose area
    its new position lies in; OK on details as they were changed nothing."""
    after = panel.document.plan
    if after is not before:
        note = _edit_note(before, after, customer_id)
        if not offer_area_moves(panel.document, before, [customer_id], note):
            panel.message.emit(note)  # (an offer says it first: a new position elsewhere)


def _edit_note(before: m.Plan, after: m.Plan, customer_id: str) -> str:
    """「顧客 山田商店 を編集しました。」 and what a new rank did (:func:`_rank_note`)."""
    return sentences(edited_note(after, customer_id), _rank_note(before, after, customer_id))


def _rank_note(before: m.Plan, after: m.Plan, customer_id: str) -> str:
    """What a new rank did to the frequency and the reps' weeks, as Set rank says it; ""
    when the rank stayed."""
    was, now = (_rank(p, customer_id) for p in (before, after))
    return rank_note(before, after, (customer_id,), now) if was != now else ""


def _rank(plan: m.Plan, customer_id: str) -> str:
    c = plan.customers
    return str(c.loc[c[m.CUSTOMER_ID] == customer_id, m.RANK].iloc[0])


def _kept(panel: CustomerPanel, customer_id: str, before: m.Plan, why: str) -> None:
    """Say that the customer was edited (and what a new rank did, as :func:`_edited` says),
    that its new address left the map position as it was (or that the customer still needs
    one) and ``why``, and offer the pin to move (or place) it."""
    after = panel.document.plan
    c = after.customers
    row = c.loc[c[m.CUSTOMER_ID] == customer_id]
    located = bool(len(row)) and bool(np.isfinite(row[[m.LAT, m.LON]].to_numpy()).all())
    said = (tr("The map position was kept: drag the customer's pin to move it.") if located
            else tr("Place the customer on the map."))
    # the pin's sentence before the rank's: the status bar cuts a long note at its end
    panel.message.emit(sentences(edited_note(after, customer_id), why, said,
                                 _rank_note(before, after, customer_id)))
    panel.document.set_selection([customer_id])
    panel.showOnMapRequested.emit(customer_id)
