"""The program's log file: what a manager sends with a crash report.

A few files of about 1 MB each (``RotatingFileHandler``) in ``logs`` of the program's
data folder (:func:`planner._store_recovery.data_dir`, where the autosaves of unsaved
plans live; ``PLANNER_DATA_DIR`` moves both). The window starts it; every module logs with
``logging.getLogger(__name__)`` under the ``planner`` logger, which this handler hears.
A log that cannot be written never stops the program.
"""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from planner import __version__
from planner._store_recovery import data_dir

#: Size of one log file before it rotates, and how many older files are kept
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FILE_NAME = "territory-planner.log"
#: The logger every module of the program logs under
ROOT_LOGGER = "planner"

log = logging.getLogger(__name__)
_handler: RotatingFileHandler | None = None


def log_folder() -> Path:
    """The folder of the log files."""
    return data_dir() / "logs"


def log_file() -> Path | None:
    """The log file being written now (``None`` before :func:`start_logging`, or when it
    could not be opened)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def start_logging(what: str = "window") -> Path | None:
    """Write the program's log records (INFO and above) to the rotating log file and note
    the start: the version, Python and the operating system. Returns the file, or ``None``
    when the folder cannot be written (the program runs on without a log)."""
    global _handler
    if _handler is not None:
        return log_file()
    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(folder / FILE_NAME, maxBytes=MAX_BYTES,
                                      backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"Territory Planner: no log file in {folder}: {exc}\n")
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    logger = logging.getLogger(ROOT_LOGGER)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    _handler = handler
    log.info("Territory Planner %s started (%s); Python %s; %s", __version__, what,
             platform.python_version(), platform.platform())
    return log_file()


def stop_logging() -> None:
    """Close the log file (the end of a test; the program leaves it open until it exits)."""
    global _handler
    if _handler is None:
        return
    logging.getLogger(ROOT_LOGGER).removeHandler(_handler)
    _handler.close()
    _handler = None
