"""Status-bar sentences about what an edit did ("Moved 1 customer to week 1 Tue…",
"2 reps would work more than their hours"), kept only while they are true: the next step of
the undo history (an undo, a redo, another edit or a design) takes them away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

#: How long an edit's sentence stays at most (ms)
SHOWN_MS = 15000


class EditNotes:
    """The last edit's sentence in the status bar, cleared when the plan moves on.

    Show the sentence after pushing the edit it describes, and call :meth:`step_taken` on
    every change of the undo stack's index: the push that made the sentence has already
    happened, so only a later step clears it.
    """

    def __init__(self, bar: Callable[[], QStatusBar]):
        self._bar = bar
        self._note = ""

    def show(self, text: str, ms: int = SHOWN_MS) -> None:
        """Say ``text`` (what the step just pushed did) until the next step."""
        self._note = text
        self._bar().showMessage(text, ms)

    def step_taken(self) -> None:
        """The undo history moved: the last edit's sentence is no longer true."""
        note, self._note = self._note, ""
        if note:
            bar = self._bar()
            if bar.currentMessage() == note:  # not a later message (a save, an export)
                bar.clearMessage()
