"""The one exception type for user mistakes (a bad file, a wrong column, an impossible request)."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem the user can fix; the message is one sentence a manager understands.

    The UI shows it in a dialog and the command line prints it on one line;
    anything else that escapes is a bug and stays a traceback.
    """


class Cancelled(PlannerError):
    """Raised by long operations when their progress callback asks to stop."""

    def __init__(self, message: str = "") -> None:
        from planner.i18n import tr

        super().__init__(message or tr("Cancelled."))
