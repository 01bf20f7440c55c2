"""Starting the window: the QApplication, fonts, language, the plan to open, ``--screenshot``."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import set_language, tr

log = logging.getLogger(__name__)


def prepare_environment(screenshot: str | None) -> None:
    """Environment Qt needs before it starts (offscreen for screenshots without a display)."""
    if screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        for flag in ("--no-sandbox", "--disable-gpu"):
            if flag not in flags:
                flags = f"{flags} {flag}".strip()
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def load_plan_for(path: str | None) -> tuple[m.Plan, str]:
    """The plan to open: a plan file, a spreadsheet (imported), or the bundled sample."""
    from planner.store import load_plan

    if not path:
        from planner.resources import sample_plan_path

        return load_plan(sample_plan_path()), ""
    suffix = Path(path).suffix.lower()
    if suffix == ".gpkg":
        return load_plan(path), str(Path(path).resolve())
    from planner._geocode_nearby import place_read_rows
    from planner.spreadsheet import read_customers

    # as the import window does: no address search, the rows without a position placed at
    # the list's customers nearby
    result = place_read_rows(read_customers(path))
    return result.to_plan(), ""


def is_sheet(path: str | None) -> bool:
    """Whether ``path`` (the command line's FILE) is a customer spreadsheet, no plan file."""
    return bool(path) and Path(str(path)).suffix.lower() != ".gpkg"


def register_fonts() -> str:
    """Register the bundled Japanese font with Qt; returns its family name."""
    from PySide6.QtGui import QFontDatabase

    from planner.fonts import japanese_font_path

    font_id = QFontDatabase.addApplicationFont(str(japanese_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def run_gui(path: str | None, *, screenshot: str | None = None, language: str | None = None) -> int:
    """Open the window on ``path`` (or the sample plan); with ``screenshot`` save a picture and exit."""
    prepare_environment(screenshot)
    if language:
        set_language(language)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from planner.ui import web_setup

    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Territory Planner")
    app.setOrganizationName("TerritoryPlanner")
    family = register_fonts()
    if family:
        font = app.font()
        font.setFamilies([font.family(), family])
        app.setFont(font)
    from planner.ui import settings_store
    from planner.ui.qt_translation import install_qt_translator

    if not language and not screenshot and settings_store.language():
        set_language(settings_store.language())  # chosen in Preferences; else LANG/LC_ALL
    install_qt_translator(app)
    if not screenshot:
        from planner.logfile import start_logging

        start_logging()
    read_only = False
    if path and Path(path).suffix.lower() == ".gpkg" and not screenshot:
        from planner.ui.shared_open import CANCEL, READ_ONLY, check_before_open

        how = check_before_open(None, path)  # someone else has it open: ask first
        if how == CANCEL:
            return 0
        read_only = how == READ_ONLY
    # a customer list opened from the command line goes through the import window (its
    # columns, its report of the rows left out and why), over the sample plan; a screenshot
    # shows the list imported as that window would by default
    sheet = str(path) if is_sheet(path) and not screenshot else ""
    try:
        plan, plan_path = load_plan_for(None if sheet else path)
    except PlannerError as exc:
        if screenshot:
            raise
        log.warning("could not open %s: %s", path, exc)
        QMessageBox.critical(None, tr("Territory Planner"), str(exc))
        return 1
    window = make_main_window(plan, plan_path, on_screen=not screenshot)
    window.show()
    if not screenshot:
        log.info("opened %s", plan_path or path or "the sample plan")
    if screenshot:
        from planner.ui.screenshot import save_when_ready

        if not path:  # the sample plan as a manager first sees it: with the welcome banner
            window.actions_ui.show_banner()

        return save_when_ready(app, window, screenshot)
    start_session(window, sample=not path, imported=bool(path) and not plan_path and not sheet,
                  read_only=read_only, sheet=sheet)
    return int(app.exec())


def make_main_window(plan: m.Plan, plan_path: str, *, on_screen: bool = True) -> Any:
    """The main window at its first size: 1400×860 where the screen has room, else within
    the screen (a 1280×720 laptop at 150 % has 853×480); restore_layout may change it.
    A screenshot (``on_screen=False``, drawn offscreen) is always 1400×860."""
    from planner.ui.main_window import MainWindow
    from planner.ui.screen_fit import fit_to_screen

    window = MainWindow(plan, plan_path)
    if on_screen:
        fit_to_screen(window, 1400, 860)
    else:
        window.resize(1400, 860)
    return window


def start_session(window: object, *, sample: bool, imported: bool = False,
                  read_only: bool = False, sheet: str = "") -> None:
    """After the window shows: offer to restore an autosave, greet a first start with a banner.

    ``imported``: the window shows a spreadsheet read from the command line, which is saved
    nowhere yet (closing asks to save it). ``read_only``: the plan file was opened read-only
    (someone else has it open); else the window now holds its owner marker. ``sheet``: a
    customer list to import through the import window once the window shows (it showed the
    list imported without a word of the rows left out, duplicates or coordinates outside
    Japan).
    """
    from PySide6.QtCore import QTimer

    from planner.ui import settings_store

    actions = getattr(window, "actions_ui", None)
    if actions is None:
        return
    if imported:
        actions.files.is_sample = False
        actions.files._set_untitled_dirty(True)
    path = getattr(getattr(window, "document", None), "path", "")
    if path:
        actions.files.hold_marker(path, read_only=read_only)
    install_excepthook(window)
    actions.restore_layout()
    if sample and not settings_store.first_start_done():
        actions.show_banner()
    QTimer.singleShot(0, actions.files.tell_calendar_set_aside)  # a file's damaged calendar
    QTimer.singleShot(0, actions.files.offer_recovery)
    if sheet:
        QTimer.singleShot(0, lambda: actions.files.import_sheet(sheet))


def install_excepthook(window: object) -> None:
    """A bug in a slot must not lose work: autosave at once, log it, explain (naming the log
    file, :mod:`planner.ui.error_report`), keep the window open."""
    import traceback

    from PySide6.QtWidgets import QWidget

    from planner.ui import error_report

    busy = {"on": False}

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))  # type: ignore[arg-type]
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text)
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]
        if busy["on"] or issubclass(exc_type, KeyboardInterrupt):
            return
        busy["on"] = True
        try:
            actions = getattr(window, "actions_ui", None)
            if actions is not None:
                actions.files.autosaver.save_now()
            parent = window if isinstance(window, QWidget) else None
            last = text.strip().splitlines()[-1] if text.strip() else exc_type.__name__
            error_report.show_error_report(
                parent,
                tr("Something went wrong. Your work is kept in the autosave. Details:")
                + "\n\n" + last,
                text,
            )
        finally:
            busy["on"] = False

    sys.excepthook = hook
