"""Undo and Redo said in the status bar: the step's name ("Undone: 3件の顧客をテリトリーから
外す"), so a manager who pressed Ctrl+Z on a map far from the change knows what came back,
whichever way the step was taken (the keyboard, the Edit menu, the toolbar, or anything that
moves the undo stack), kept until the next step; the Undo and Redo actions named after their
steps, their tooltips also saying what a step did when it was told (a hand move's days)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction

from planner.i18n import language, tr
from planner.ui.document import PlanDocument
from planner.ui.menu_table import ACCESS_KEYS, with_access_key


def take_step(document: PlanDocument, *, undo: bool) -> None:
    """Undo (``undo``) or redo one step of the document's history (the stack's
    ``indexChanged`` then says it: :func:`step_sentence`; a step that failed is told by
    :func:`tell_failed_step` instead)."""
    stack = document.undo_stack
    if stack.canUndo() if undo else stack.canRedo():
        stack.undo() if undo else stack.redo()


def step_sentence(document: PlanDocument) -> str:
    """「元に戻しました: 「山崎クリニック」の位置を変更」 for the step just undone, 「やり直しました:
    …」 for one redone, once (read on the stack's ``indexChanged``); "" after a push, a
    failed step or a step without a name."""
    taken, document.last_step_taken = document.last_step_taken, None
    if taken is None or not taken[0]:
        return ""
    step, undone = taken
    return tr("Undone: {step}", step=step) if undone else tr("Redone: {step}", step=step)


def name_steps(undo: QAction, redo: QAction, document: PlanDocument) -> None:
    """``Undo Assign 3 customers to 東京エリア`` in the menu, 「元に戻す(U): 3件の顧客を東京
    エリアに割り当て」 in Japanese (the access key after the command, not after the step's
    name: 「…に割り当て(U)」 read as part of it), ``Undo`` on the toolbar's button; the
    tooltip adds what the step did (:meth:`PlanDocument.note_last_step`)."""
    stack = document.undo_stack
    for key, action, text, index in (("undo", undo, stack.undoText(), stack.index() - 1),
                                     ("redo", redo, stack.redoText(), stack.index())):
        base = tr("Undo") if key == "undo" else tr("Redo")
        action.setText(step_label(base, text, ACCESS_KEYS[key]))
        action.setIconText(base)
        detail = document.step_detail(index) if text else ""
        tip = tr("{command} {step}", command=base, step=text) if text else base
        action.setToolTip(f"{tip}\n{detail}" if detail else tip)


def step_label(command: str, step: str, key: str) -> str:
    """The Undo or Redo menu item: the command with its access key, then the step's name
    ("&Undo Assign …", 「元に戻す(&U): 3件の顧客を…」); the command alone with no step."""
    if not step:
        return with_access_key(command, key)
    if language() == "ja":  # 「元に戻す(&U)」, then the step ("&" in a name shown as it is)
        return tr("{command} {step}", command=with_access_key(command, key),
                  step=step.replace("&", "&&"))
    return with_access_key(tr("{command} {step}", command=command, step=step), key)


def tell_failed_step(undo: QAction, redo: QAction, document: PlanDocument,
                     show_error: Callable[[str], None], sentence: str) -> None:
    """An undo or redo raised and left the history (:attr:`PlanDocument.stepFailed`): name
    the steps now in reach, then say ``sentence`` as the window says a refused action."""
    stack = document.undo_stack
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    name_steps(undo, redo, document)
    show_error(sentence)
