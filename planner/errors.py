"""The one exception type for user mistakes (a bad file, a wrong column, an impossible request)."""

from __future__ import annotations

import os


class PlannerError(Exception):
    """A problem the user can fix; the message is one sentence a manager understands.

    The UI shows it in a dialog and the command line prints it on one line;
    anything else that escapes is a bug and stays a traceback.
    """


class BadArgument(PlannerError):
    """A command-line value the command line itself can judge wrong (its format, its range,
    a file name's suffix, an unknown word): exit status 2, as argparse's own errors; a problem
    found in the data (the plan file, the customer list) stays a :class:`PlannerError`."""


class DiskFull(PlannerError):
    """A write failed for lack of disk space (the caller may free room and try again)."""


class Cancelled(PlannerError):
    """Raised by long operations when their progress callback asks to stop."""

    def __init__(self, message: str = "") -> None:
        from planner.i18n import tr

        super().__init__(message or tr("Cancelled."))


def os_reason(exc: BaseException) -> str:
    """Why the system refused a file, in the user's language ("read-only disk", "no such
    folder"); the system's own words for anything rarer."""
    import errno

    from planner.i18n import N_, tr

    reasons = {
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("the file or folder may not be changed"),
        errno.EROFS: N_("the disk is read-only"),
        errno.ENOSPC: N_("the disk is full"),
        errno.ENOENT: N_("no such file or folder"),
        errno.ENOTDIR: N_("a part of the path is a file"),
        errno.EISDIR: N_("it is a folder"),
        errno.EBUSY: N_("it is in use by another program"),
        errno.EEXIST: N_("it exists already"),
        errno.ENAMETOOLONG: N_("the name is too long"),
    }
    code = getattr(exc, "errno", None)
    if code in reasons:
        return tr(reasons[code])
    return str(getattr(exc, "strerror", None) or exc)


#: Free space below which a failed write is put down to a full disk (its error may be a
#: zip, zlib or SQLite error that does not say so).
LOW_DISK_BYTES = 16 * 2**20


#: Errors that are a bug in the program (or the user's own sentence), never the disk's.
_NOT_THE_DISK = (PlannerError, AssertionError, AttributeError, IndexError, KeyError, NameError,
                 TypeError)


def disk_is_full(folder: str | os.PathLike[str], exc: BaseException) -> bool:
    """Whether ``exc``, raised while writing into ``folder``, comes of a full disk (a bug's
    error keeps its traceback; a cancel or an interrupt is never the disk's)."""
    import errno

    if not isinstance(exc, Exception) or isinstance(exc, _NOT_THE_DISK):
        return False
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return True
    return low_on_space(folder)


def low_on_space(folder: str | os.PathLike[str]) -> bool:
    """Whether the disk of ``folder`` has less than :data:`LOW_DISK_BYTES` free."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < LOW_DISK_BYTES
    except OSError:
        return False
