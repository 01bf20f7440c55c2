"""Undo and Redo from the menu, the toolbar or the keyboard, said in the status bar: the
step's name ("Undone: 3件の顧客をテリトリーから外す"), so a manager who pressed Ctrl+Z on a
map far from the change knows what came back; the Undo and Redo actions named after their
steps, their tooltips also saying what a step did when it was told (a hand move's days)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QStatusBar

from planner.i18n import tr
from planner.ui.document import PlanDocument
from planner.ui.menu_table import ACCESS_KEYS, with_access_key

#: How long the status bar says the step (ms)
SHOWN_MS = 6000


def take_step(stack: QUndoStack, bar: QStatusBar, *, undo: bool) -> None:
    """Undo (``undo``) or redo one step of ``stack`` and name it in ``bar``."""
    if not (stack.canUndo() if undo else stack.canRedo()):
        return
    text = stack.undoText() if undo else stack.redoText()
    stack.undo() if undo else stack.redo()
    if text:
        bar.showMessage(tr("Undone: {step}", step=text) if undo
                        else tr("Redone: {step}", step=text), SHOWN_MS)


def name_steps(undo: QAction, redo: QAction, document: PlanDocument) -> None:
    """``Undo 1件の顧客の訪問を移動`` in the menu, ``Undo`` on the toolbar's button; the
    tooltip adds what the step did (:meth:`PlanDocument.note_last_step`)."""
    stack = document.undo_stack
    for key, action, text, index in (("undo", undo, stack.undoText(), stack.index() - 1),
                                     ("redo", redo, stack.redoText(), stack.index())):
        base = tr("Undo") if key == "undo" else tr("Redo")
        action.setText(with_access_key(f"{base} {text}".strip(), ACCESS_KEYS[key]))
        action.setIconText(base)
        detail = document.step_detail(index) if text else ""
        tip = f"{base} {text}".strip()
        action.setToolTip(f"{tip}\n{detail}" if detail else tip)
