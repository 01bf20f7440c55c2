"""The program's log file: in the data folder, rotating, the start noted."""

from __future__ import annotations

import logging
import platform

import pytest

from planner import __version__, logfile


@pytest.fixture
def log_in(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "data" / "logs"
    logfile.stop_logging()


def test_the_log_file_notes_the_start_and_what_modules_log(log_in):
    path = logfile.start_logging()
    assert path == log_in / logfile.FILE_NAME
    assert logfile.start_logging() == path  # once a process
    logging.getLogger("planner.store").info("opened %s", "plan.gpkg")
    logging.getLogger("planner.ui.app").error("boom")
    logfile.stop_logging()
    text = path.read_text(encoding="utf-8")
    assert f"Territory Planner {__version__} started" in text
    assert f"Python {platform.python_version()}" in text and platform.system() in text
    assert "opened plan.gpkg" in text and "ERROR planner.ui.app: boom" in text
    assert logfile.log_file() is None


def test_the_log_rotates_into_a_few_files_of_about_a_megabyte(log_in):
    path = logfile.start_logging()
    handler = next(h for h in logging.getLogger("planner").handlers
                   if getattr(h, "baseFilename", "") == str(path))
    assert 500_000 <= handler.maxBytes <= 2_000_000 and 2 <= handler.backupCount <= 5
    line = "x" * 1000
    for _ in range(2100):
        logging.getLogger("planner.test").info(line)
    logfile.stop_logging()
    files = sorted(p.name for p in log_in.iterdir())
    assert files == [logfile.FILE_NAME, logfile.FILE_NAME + ".1", logfile.FILE_NAME + ".2"]
    assert all((log_in / f).stat().st_size <= logfile.MAX_BYTES for f in files)


def test_a_folder_that_cannot_be_written_leaves_no_log_and_no_error(tmp_path, monkeypatch):
    (tmp_path / "data").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    assert logfile.start_logging() is None and logfile.log_file() is None
