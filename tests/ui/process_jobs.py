"""Work for the process-task tests, run in a spawned child: top-level, picklable, no Qt."""

from __future__ import annotations

import os
import signal
import sys
import time

from planner.errors import PlannerError
from planner.progress import Progress, report


def qt_modules_after_design(plan, *, progress: Progress, **options):  # type: ignore[no-untyped-def]
    """Design in the child; the design and which Qt modules the child had to load for it."""
    from planner.design import design_territories

    result = design_territories(plan, progress=progress, **options)
    return result, sorted(name for name in sys.modules if name.startswith(("PySide", "shiboken")))


def runs_until_ended(*, progress: Progress) -> str:
    """Report progress for ever (until the parent ends the process)."""
    i = 0
    while True:
        report(progress, (i % 100) / 100, f"step {i}")
        i += 1
        time.sleep(0.01)


def reports_once_then_works(*, progress: Progress) -> str:
    """Report once, then work for long without a word (a solver between two reports)."""
    report(progress, 0.1, "solving")
    time.sleep(600)
    return "solved"


class _SentWhenAllowed:
    """A result whose pickling waits until ``path`` exists: the child has said its work
    returned, and its result is on its way (the test decides when it arrives)."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        while not os.path.exists(self.path):
            time.sleep(0.01)
        return (str, ("arrived",))


def finishes_then_sends_when_allowed(path: str, *, progress: Progress) -> object:
    """Report the work done, then return a result that goes only once ``path`` exists."""
    report(progress, 1.0, "done")
    return _SentWhenAllowed(path)


def says_no(*, progress: Progress) -> None:
    raise PlannerError("The file is not a spreadsheet.")


def divides_by_zero(*, progress: Progress) -> float:
    return 1 / 0


def dies(*, progress: Progress) -> None:
    """A child killed mid-work (as the system does when memory runs out)."""
    report(progress, 0.5, "half")
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def speaks(*, progress: Progress) -> str:
    """The language the child's messages are in."""
    from planner.i18n import language

    return language()


def parent_that_dies() -> None:
    """A window process killed while its task's child runs: prints the child's pid, then
    ends without any clean-up (``python -c`` in a test)."""
    import PySide6.QtWidgets  # noqa: F401 - the parent is a Qt program
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from planner.ui.process_task import run_process_task

    app = QCoreApplication([])  # noqa: F841 - must live
    task = run_process_task(None, "t", reports_once_then_works, show_dialog=False)
    loop = QEventLoop()
    task.progressed.connect(loop.quit)
    loop.exec()
    print(task.pid, flush=True)
    os._exit(0)
