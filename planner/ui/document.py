"""The open plan as a Qt document: one QUndoStack, one ``planChanged`` signal, the selection."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner import model as m
from planner.edits import Changes, Edit, apply_edit
from planner.errors import PlannerError
from planner.i18n import retranslate, sentences, tr, trn
from planner.territories import territory_metrics

log = logging.getLogger(__name__)


class EditCommand(QUndoCommand):
    """The ONE generic undo command: applies an edit record, undo applies its inverse.

    Commands with the same non-negative ``merge_id`` pushed in a row (a drag)
    merge into one undo step: the first inverse is kept, the last edit redone.
    An edit whose result may differ when applied again (:meth:`Edit.replays_on_redo`, a
    calendar move routed within a time limit) is redone by applying the inverse of its
    undo, which gives back exactly the plan its first application showed.

    A redo or undo that raises (a bug, or a plan whose values an inverse refuses) changes
    nothing: the plan stays as it was and the step leaves the history
    (:meth:`PlanDocument._step_failed`), so the history keeps telling what the plan holds.
    """

    def __init__(
        self, document: PlanDocument, edit: Edit, text: str | None = None, merge_id: int = -1
    ):
        super().__init__(text or edit.describe_for(document.plan))
        self._document = document
        self._edit = edit
        self._inverse: Edit | None = None
        self._merge_id = merge_id
        self._first_inverse: Edit | None = None
        self._precomputed: tuple[m.Plan, Edit, Changes] | None = None
        self._changes = Changes()  # what the edit's first application changed
        self._replay: Edit | None = None  # the undo's inverse, for edits that replay
        #: what the step did, in the language in use (a hand move's day lengths), or None
        self.detail: Callable[[], str] | None = None

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self._merge_id

    def redo(self) -> None:
        try:
            redone = self._precomputed is None  # not the push's own first application
            if not redone:
                assert self._precomputed is not None
                plan, inverse, changes = self._precomputed
                self._precomputed = None
            elif self._replay is not None:
                plan, inverse, changes = apply_edit(self._document.plan, self._replay)
                changes = changes | self._changes
            else:
                plan, inverse, changes = apply_edit(self._document.plan, self._edit)
        except Exception as exc:  # noqa: BLE001 - said to the manager and logged, plan kept
            self._document._step_failed(self, exc, undo=False)
            return
        if self._first_inverse is None:
            self._first_inverse = inverse
            self._changes = changes
        self._inverse = inverse
        self._document._keep_metrics(self._edit, plan)
        if redone:
            self._document.last_step_taken = (self.text(), False)
        self._document._set_plan(plan, changes)

    def undo(self) -> None:
        try:
            assert self._first_inverse is not None
            plan, inverse, changes = apply_edit(self._document.plan, self._first_inverse)
        except Exception as exc:  # noqa: BLE001 - said to the manager and logged, plan kept
            self._document._step_failed(self, exc, undo=True)
            return
        if self._edit.replays_on_redo():
            self._replay = inverse
        self._document._keep_metrics(self._first_inverse, plan)
        self._document.last_step_taken = (self.text(), True)
        self._document._set_plan(plan, changes)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.id() != self.id() or self.id() < 0:
            return False
        # ``other`` has already been applied on top of us; keep our first inverse.
        self._edit = other._edit
        self._changes = self._changes | other._changes
        return True


class PlanDocument(QObject):
    """Holds the current plan; every change goes through :meth:`push` (undoable)."""

    planChanged = Signal(object)  # Changes
    selectionChanged = Signal(object)  # frozenset[str] of customer ids
    pathChanged = Signal(str)
    #: another plan replaced this one (:meth:`reset`), just before its ``planChanged``
    opened = Signal()
    #: the last step was told what it did (:meth:`note_last_step`)
    stepNoted = Signal()
    #: customers a new position took into another territory's area (a tuple of
    #: :class:`planner.territory_areas.AreaMove`), what the edit said, and whether to list
    #: them (an update) rather than ask (the status bar offers: :mod:`planner.ui.area_offer`)
    areaMovesFound = Signal(object, str, bool)
    #: an undo or redo raised and changed nothing: the sentence for the manager (emitted
    #: once the undo stack is done with the step, which has left the history)
    stepFailed = Signal(str)

    def __init__(self, plan: m.Plan, path: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self._plan = plan
        self._path = path
        self._selection: frozenset[str] = frozenset()
        self.undo_stack = QUndoStack(self)
        #: the step the stack undid (True) or redid (False) last, by whatever way (Ctrl+Z,
        #: the Edit menu, the toolbar, the stack itself), until
        #: :func:`undo_steps.step_sentence` says it
        self.last_step_taken: tuple[str, bool] | None = None
        self._metrics: list[tuple[m.Plan, pd.DataFrame]] = []  # the latest first

    # -- plan ---------------------------------------------------------------
    @property
    def plan(self) -> m.Plan:
        return self._plan

    def metrics(self, plan: m.Plan | None = None) -> pd.DataFrame:
        """:func:`planner.territories.territory_metrics` of ``plan`` (None: the open one),
        kept for the last few plans: the territory list and the status bar's sentence on the
        reps' weeks after a frequency read the same figures (0.1–0.2 s each at 100,000
        customers, three times per edit before)."""
        plan = self._plan if plan is None else plan
        for held, figures in self._metrics:
            if held is plan:
                return figures.copy()
        figures = territory_metrics(plan)
        self._metrics = [(plan, figures), *self._metrics[:3]]
        return figures.copy()

    def _keep_metrics(self, edit: Edit, plan: m.Plan) -> None:
        """The open plan's territory figures are ``plan``'s too when ``edit`` cannot change
        them (:meth:`Edit.keeps_figures`: a lock or an unlock): a lock at 100,000 customers
        worked them out again (0.15–0.3 s)."""
        if edit.keeps_figures() and self._metrics and self._metrics[0][0] is self._plan:
            self._metrics = [(plan, self._metrics[0][1]), *self._metrics[:3]]

    @property
    def path(self) -> str:
        return self._path

    def set_path(self, path: str) -> None:
        self._path = path
        self.pathChanged.emit(path)

    def push(self, edit: Edit, text: str | None = None, *, merge_id: int = -1) -> None:
        """Apply ``edit`` as one undo step (errors propagate before anything changes).

        An edit that changes nothing (customers given the territory, lock or frequency they
        have) adds no step: the plan stays unmodified and its calendar up to date; one that
        changes some customers is named by those.
        """
        edit = edit.without_no_ops(self._plan)
        # Apply once up front (apply_edit is pure): a PlannerError leaves the stack untouched.
        result = apply_edit(self._plan, edit)
        if result[0] is self._plan:
            return
        command = EditCommand(self, edit, text, merge_id)
        command._precomputed = result
        self.undo_stack.push(command)

    def note_last_step(self, detail: Callable[[], str]) -> None:
        """Tell what the step just pushed did (:meth:`step_detail` gives it back, written
        when asked, so in the language then in use)."""
        index = self.undo_stack.index() - 1
        command = self.undo_stack.command(index) if index >= 0 else None
        if isinstance(command, EditCommand):
            command.detail = detail
            self.stepNoted.emit()

    def step_detail(self, index: int) -> str:
        """What step ``index`` of the undo history did ("" when it was not told)."""
        command = self.undo_stack.command(index) if 0 <= index < self.undo_stack.count() else None
        detail = command.detail if isinstance(command, EditCommand) else None
        return detail() if detail is not None else ""

    def retranslate_steps(self) -> None:
        """Name every undo step in the language now in use (each was named in the language
        of its time)."""
        for i in range(self.undo_stack.count()):
            command = self.undo_stack.command(i)
            command.setText(retranslate(command.text()))

    def try_push(self, edit: Edit) -> str:
        """:meth:`push`, answering with the sentence of a refused edit ("" when it went in),
        for the views that explain a refusal instead of raising it."""
        try:
            self.push(edit)
        except PlannerError as exc:
            return str(exc)
        return ""

    def reset(self, plan: m.Plan, path: str = "") -> None:
        """Open another plan: clears undo history and selection."""
        self.undo_stack.clear()
        self._plan = plan
        self._selection = frozenset()
        self.set_path(path)
        self.undo_stack.setClean()
        self.opened.emit()
        self.planChanged.emit(Changes.everything())
        self.selectionChanged.emit(self._selection)

    def _set_plan(self, plan: m.Plan, changes: Changes) -> None:
        self._plan = plan
        self.planChanged.emit(changes)
        if changes.customers or changes.assignment:
            # the selected codes the plan still has (a set of every code took 10 ms)
            codes = plan.customers[m.CUSTOMER_ID]
            ids = set(codes[codes.isin(list(self._selection))]) if self._selection else set()
            kept = frozenset(c for c in self._selection if c in ids)
            if kept != self._selection:
                self.set_selection(kept)

    def _step_failed(self, command: EditCommand, exc: Exception, *, undo: bool) -> None:
        """``command``'s undo (``undo``) or redo raised before changing the plan: take it out
        of the history so the stack's index keeps matching the plan, keep the modified flag
        true, log the error and tell the manager in one sentence."""
        log.error("could not %s %r; the plan is unchanged", "undo" if undo else "redo",
                  command.text(), exc_info=exc)
        stack = self.undo_stack
        command.setObsolete(True)  # Qt deletes it once this call returns
        index, clean = stack.index(), stack.cleanIndex()
        was_clean = clean == index
        if undo and 0 <= clean < index:
            # the plan keeps the step's change, so no earlier state is the saved one any more
            # (a clean index above the step Qt resets itself)
            stack.resetClean()
        later = 0
        if not undo:
            # the later steps were made on top of this one: none can be redone without it
            later = stack.count() - index - 1
            for i in range(index + 1, stack.count()):
                stack.command(i).setObsolete(True)
        plan = self._plan
        reason = _short_reason(exc)
        step = command.text()
        sentence = (
            tr("Could not undo “{step}” ({reason}). The plan has not been changed.",
               step=step, reason=reason) if undo else
            tr("Could not redo “{step}” ({reason}). The plan has not been changed.",
               step=step, reason=reason))
        if later:  # said, not silently gone from the Redo menu
            sentence = sentences(sentence, trn(
                "The later step, made on top of it, can no longer be redone either.",
                "The {n} later steps, made on top of it, can no longer be redone either.", later))

        def after() -> None:
            # the step has left the history now: drop the later steps marked above, and
            # say clean again when the plan shown is the one saved (Qt reset it)
            if not undo and stack.index() == index and stack.canRedo() \
                    and stack.command(index).isObsolete():
                dropped = QUndoCommand()
                dropped.setObsolete(True)
                stack.push(dropped)  # an obsolete push clears the redo steps, adds none
            if undo and was_clean and self._plan is plan and stack.index() == index - 1:
                stack.setClean()
            self.stepFailed.emit(sentence)

        QTimer.singleShot(0, self, after)

    # -- selection ------------------------------------------------------------
    @property
    def selection(self) -> frozenset[str]:
        return self._selection

    def set_selection(self, ids: Iterable[str]) -> None:
        new = frozenset(ids)
        if new != self._selection:
            self._selection = new
            self.selectionChanged.emit(new)


def _short_reason(exc: Exception) -> str:
    """The error's first line, to be said inside brackets (a bug names its kind)."""
    lines = str(exc).strip().splitlines()
    text = lines[0].strip() if lines else ""
    if not isinstance(exc, PlannerError):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    text = text.rstrip("。.")
    return text if len(text) <= 160 else text[:159] + "…"
