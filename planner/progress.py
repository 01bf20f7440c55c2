"""The progress/cancel protocol shared by every long operation.

A progress callback is ``progress(fraction, message) -> bool | None``: ``fraction``
runs from 0.0 to 1.0; returning ``False`` asks the operation to stop, which it
does by raising :class:`planner.errors.Cancelled` before it changes anything.
"""

from __future__ import annotations

from collections.abc import Callable

from planner.errors import Cancelled

Progress = Callable[[float, str], "bool | None"]


def report(progress: Progress | None, fraction: float, message: str = "") -> None:
    """Call ``progress`` (if any) and raise :class:`Cancelled` when it returns ``False`` —
    except at 1.0: the work is done then (a file is in place), too late to call it off."""
    if progress is None:
        return
    if progress(min(1.0, max(0.0, fraction)), message) is False and fraction < 1.0:
        raise Cancelled()


def scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A callback mapping 0..1 onto ``start``..``end`` of ``progress`` (for sub-steps)."""
    if progress is None:
        return None
    outer = progress

    def inner(fraction: float, message: str) -> bool | None:
        return outer(start + (end - start) * fraction, message)

    return inner


class Watched:
    """``progress`` remembering its last report, so a wait deep inside the work (the map
    tiles loading) can ask whether Cancel was pressed without moving the bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._last: tuple[float, str] = (0.0, "")

    def __call__(self, fraction: float, message: str) -> bool | None:
        self._last = (fraction, message)
        return self._progress(fraction, message)

    def stopped(self) -> bool:
        """Whether the user asked to stop (the last report made again: nothing moves)."""
        return self._progress(*self._last) is False
