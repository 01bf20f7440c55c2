"""Undo and Redo from the menu, the toolbar or the keyboard, said in the status bar: the
step's name ("Undone: 3件の顧客をテリトリーから外す"), so a manager who pressed Ctrl+Z on a
map far from the change knows what came back."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QStatusBar

from planner.i18n import tr

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
