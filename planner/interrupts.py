"""A signal that stops a command of the command line (Ctrl-C, a kill, a closed terminal), kept
once it arrived: a library may swallow the interrupt it raised (a Python callback inside C
code) or turn it into an error of its own, and the plan file must stay as it was all the same.
The window never sets it (its work is cancelled, not interrupted)."""

from __future__ import annotations


class Stopped(KeyboardInterrupt):
    """A signal stopping a command as Ctrl-C does; ``signum`` tells which (the exit status)."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.signum = signum


#: The signal that arrived while a command ran (None: none).
arrived: int | None = None


def check() -> None:
    """Raise :class:`Stopped` if a signal arrived: called before a file is put in place."""
    if arrived is not None:
        raise Stopped(arrived)
