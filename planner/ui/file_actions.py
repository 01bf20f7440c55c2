"""File handling of the main window: new, open, save, close-asks-save (recovery and exports
in their own mixins).

Loading, saving and exporting run in worker threads (``workers.run_task``); the plan
is an immutable value, so the worker writes exactly the plan the user saw.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from planner import model as m
from planner import store
from planner.edits import ReplacePlan
from planner.errors import DiskFull
from planner.i18n import prepare_retranslate, tr
from planner.ui import file_dialogs, settings_store
from planner.ui.autosave import Autosaver, discard_autosaves
from planner.ui.document import PlanDocument
from planner.ui.file_exports import ExportActions
from planner.ui.file_recovery import RecoveryOffer
from planner.ui.shared_open import CANCEL as OPEN_CANCELLED
from planner.ui.shared_open import READ_ONLY, SharedPlan
from planner.ui.workers import Task, run_task

PLAN_FILTER = "Territory plan (*.gpkg)"
SHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)"
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
SAVE_AS = "save_as"

log = logging.getLogger(__name__)


class FileActions(ExportActions, SharedPlan, RecoveryOffer, QObject):
    """Open/save/close logic; the dialogs it shows are methods tests can replace."""

    planOpened = Signal(str)  # path ("" for an imported, untitled plan)
    fileSaved = Signal(str)
    exported = Signal(str)
    customersUpdated = Signal(str, list)  # the update's summary, the new customers' codes
    modifiedChanged = Signal(bool)
    recentChanged = Signal()

    def __init__(self, window: QMainWindow, document: PlanDocument, *, autosave_ms: int):
        super().__init__(window)
        self.window = window
        self.doc = document
        self._untitled_dirty = False  # imported or recovered: not saved anywhere yet
        self._untitled_offered = False  # the autosave of a never-saved plan, once a session
        self.is_sample = not document.path  # the window opens on the bundled sample plan
        self._close_after_save = False
        #: while a failed save is told: what was to follow it (closing the window), so that
        #: the box's Save As… goes on with it
        self._save_failed_then: tuple[Callable[[], None] | None] | None = None
        self.task: Task | None = None
        #: the plan file as this window last read or wrote it (``store.file_stamp``)
        self._file_stamp = store.file_stamp(document.path) if document.path else None
        self.autosaver = Autosaver(document, autosave_ms, self,
                                   saved_nowhere=lambda: self._untitled_dirty)
        self.autosaver.failed.connect(self._on_autosaver_failed)
        document.undo_stack.cleanChanged.connect(self._on_stack_cleanChanged)

    def _on_autosaver_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(
            tr("Autosave failed: {reason}", reason=message.strip().splitlines()[-1]), 15000
        )

    def _on_stack_cleanChanged(self, clean: bool) -> None:
        self.modifiedChanged.emit(self._untitled_dirty or not clean)

    # -- state ------------------------------------------------------------------------
    def is_modified(self) -> bool:
        return self._untitled_dirty or not self.doc.undo_stack.isClean()

    def title(self) -> str:
        if self.doc.path:
            name = Path(self.doc.path).name
        else:
            name = tr("Sample plan") if self.is_sample else tr("Untitled plan")
        if self.read_only:
            name = tr("{name} (read-only)", name=name)
        return f"{name}[*] — {tr('Territory Planner')}"

    def _set_untitled_dirty(self, value: bool) -> None:
        self._untitled_dirty = value
        self.modifiedChanged.emit(self.is_modified())

    # -- questions (replaced in tests) -----------------------------------------------------
    def ask_save_changes(self) -> str:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Territory Planner"))
        box.setText(tr("The plan has unsaved changes."))
        box.setInformativeText(tr("Do you want to save them?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: SAVE,
            QMessageBox.StandardButton.Discard: DISCARD,
        }.get(QMessageBox.StandardButton(answer), CANCEL)

    def ask_save_over_changed(self, path: str) -> str:
        """SAVE, SAVE_AS or CANCEL: the plan file was written by another window or program
        since this window read or saved it."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Territory Planner"), tr(
            "{name} was changed by another window or program since you opened it. Save over "
            "it?", name=Path(path).name), parent=self.window)
        box.setInformativeText(tr("Saving over it replaces those changes with this window's plan."))
        over = box.addButton(tr("Save over"), QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton(tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return SAVE if clicked is over else SAVE_AS if clicked is save_as else CANCEL

    def ask_open_path(self) -> str:
        return file_dialogs.open_file_name(
            self.window,
            tr("Open plan"),
            self._folder(),
            f"{tr(PLAN_FILTER)};;{tr(SHEET_FILTER)}",
        )

    def ask_plan_path(self, title: str) -> str:
        """A plan file to read beside the open one; "" when cancelled."""
        return file_dialogs.open_file_name(self.window, title, self._folder(), tr(PLAN_FILTER))

    def proposed_name(self) -> str:
        """The name a save dialog proposes (without its suffix)."""
        base = Path(self.doc.path).stem if self.doc.path else tr("plan")
        if self.read_only:  # the file someone else has open is not the one to offer
            base = tr("{name} - copy", name=base)
        return base

    def ask_save_path(self, title: str, filter_text: str, suffix: str) -> str:
        name = self.proposed_name()
        if suffix != ".gpkg":  # an export: named with its calendar's month (plan_2027-01.xlsx)
            from planner.export.excel_period import calendar_month

            month = calendar_month(self.doc.plan)
            if month and month not in name:  # December's workbook is not offered for January's
                name = f"{name}_{month}"
        path = file_dialogs.save_file_name(
            self.window, title, str(Path(self._folder()) / f"{name}{suffix}"), filter_text)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path

    def ask_folder(self, title: str) -> str:
        """A folder for files named by the program (one per rep); "" when cancelled."""
        return file_dialogs.existing_folder(self.window, title, self._folder())

    def tell_calendar_set_aside(self) -> None:
        """The opened file's calendar was set aside as damaged, or its damaged rows left out,
        or values another program left in it were set right (``Plan.load_notes``): say so,
        and what to do, in a box that does not hold up what follows (the autosave offer)."""
        plan = self.doc.plan
        if not plan.calendar_set_aside and not plan.calendar_left_out and not plan.load_notes:
            return
        name = Path(self.doc.path).name if self.doc.path else tr("the plan")
        # values another program's edits left that made no sense, set right on opening
        notes = "\n".join(f"• {note}" for note in plan.load_notes)
        if not plan.calendar_set_aside and not plan.calendar_left_out:
            text = tr("{name} was edited in another program, and some of its values made no "
                      "sense; they were set right as follows. The file is left as it is until "
                      "the plan is saved.", name=name)
            info = notes
        elif plan.calendar_set_aside:
            text = tr("The visit calendar saved in {name} is damaged and was set aside "
                      "({reason}). The territories, customers and frequencies are all here.",
                      name=name, reason=plan.calendar_set_aside)
            info = tr("To build the calendar again, choose Schedule → Build calendar…; saving "
                      "the plan before that saves it without a calendar.")
        else:
            text = tr("The visit calendar saved in {name} was opened without some visits: "
                      "{what}.", name=name, what=plan.calendar_left_out)
            info = tr("The rest of the calendar is here, marked out of date. Choose Schedule → "
                      "Build calendar… and keep each customer's visit day and week: the "
                      "other customers keep theirs, those customers keep the day their "
                      "readable rows show, and any whose day was lost is placed anew and "
                      "listed among the changes to tell.")
        if notes and (plan.calendar_set_aside or plan.calendar_left_out):
            info = f"{info}\n\n{notes}"
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Territory Planner"), text,
                          parent=self.window)
        box.setInformativeText(info)
        box.setObjectName("calendarSetAside")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_error(self, message: str, user_error: bool = True) -> None:
        """A refusal or a user's mistake in a message box; a bug (``user_error`` false,
        ``message`` its traceback) in the error report naming the log file. A plan that
        could not be saved (``_save_failed_then``) is offered a Save As… from the box."""
        if not user_error:
            from planner.ui import error_report

            last = message.strip().splitlines()[-1] if message.strip() else ""
            error_report.show_error_report(
                self.window, tr("Something went wrong. Details:") + "\n\n" + last, message)
            return
        then, self._save_failed_then = self._save_failed_then, None
        if then is None:
            QMessageBox.critical(self.window, tr("Territory Planner"), message)
            return
        # a read-only folder, a file open elsewhere, a full disk: the way on is another place
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Territory Planner"), message,
                          parent=self.window)
        box.setObjectName("saveFailed")
        box.setInformativeText(tr("Your changes are still here (and in the autosave). Save "
                                  "the plan under another name or in another folder?"))
        save_as = box.addButton(tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save_as)
        box.exec()
        if box.clickedButton() is save_as:
            self.save_as(then=then[0])

    def _folder(self) -> str:
        if self.doc.path:
            return str(Path(self.doc.path).parent)
        recent = settings_store.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # -- close ------------------------------------------------------------------------------
    def maybe_save(self, then: Callable[[], None] | None = None) -> bool:
        """Ask to save unsaved changes; True when it is fine to go on now.

        Choosing Save starts the save in the background and returns False; ``then`` runs
        once the save succeeded.
        """
        if not self.is_modified() and not self._saved_work_overwritten():
            return True
        answer = self.ask_save_changes()
        if answer == DISCARD:
            self.autosaver.discard()
            return True
        if answer == SAVE:
            self.save(then=then)
        return False

    def on_close_requested(self) -> bool:
        """True when the window may close now."""
        if self.task is not None and not self.task.done:
            self.window.statusBar().showMessage(
                tr("Please wait: the program is still working."), 5000
            )
            return False
        if self._close_after_save or self.maybe_save(then=self.window.close):
            if not self.is_modified():  # saved, or undone back to the file: no work to offer
                self.autosaver.discard()
            self.autosaver.stop()
            self.release_marker()
            return True
        return False

    # -- open ------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        if not self.maybe_save(then=self.open_dialog):
            return
        path = self.ask_open_path()
        if path:
            self.open_path(path, asked=True)

    def open_path(self, path: str, *, asked: bool = False) -> None:
        """Open a plan file (or import a spreadsheet) in a worker; ``planOpened`` when done."""
        from planner.ui.foreign_file import tell_not_a_plan

        sheet = Path(path).suffix.lower() in SHEET_SUFFIXES
        # another program's GeoPackage, a renamed spreadsheet: said before asking to save
        if not sheet and tell_not_a_plan(self.window, path):
            return
        if not asked and not self.maybe_save(then=lambda: self.open_path(path, asked=True)):
            return
        if sheet:
            self.import_sheet(path)
            return
        how = self.check_shared(path)  # someone else has it open: ask first
        if how == OPEN_CANCELLED:
            return

        def done(plan: Any) -> None:
            self._adopt(plan, str(Path(path).resolve()), read_only=how == READ_ONLY)

        self.task = run_task(
            self.window,
            tr("Opening {name}…", name=Path(path).name),
            lambda progress: _load_for_map(path, progress),
            on_done=done,
            on_error=self.show_error,
        )

    def _adopt(self, plan: m.Plan, path: str, *, untitled_dirty: bool = False,
               read_only: bool = False) -> None:
        log.info("opened %s (%d customers)%s", path or "an imported spreadsheet",
                 len(plan.customers), " read-only" if read_only else "")
        self.is_sample = False
        self.hold_marker(path, read_only=read_only)
        self.doc.reset(plan, path)
        self._file_stamp = store.file_stamp(path) if path else None
        self._set_untitled_dirty(untitled_dirty)
        self.tell_calendar_set_aside()
        if path:
            settings_store.add_recent_file(path)
            self.recentChanged.emit()
            self.offer_recovery()
        self.planOpened.emit(path)

    def new_from_spreadsheet(self) -> None:
        if not self.maybe_save(then=self.new_from_spreadsheet):
            return
        path = file_dialogs.open_file_name(
            self.window, tr("New plan from spreadsheet"), self._folder(), tr(SHEET_FILTER)
        )
        if path:
            self.import_sheet(path)

    def import_sheet(self, path: str) -> None:
        from planner.ui.import_dialog import ImportDialog

        dialog = ImportDialog(path, self.doc.plan.settings, self.window)
        if dialog.exec() and dialog.plan is not None:
            self.adopt_import(dialog.plan)
            # the window says what came in, and why the map is empty when no row has a position
            self.window.statusBar().showMessage(dialog.opened_text())
        dialog.deleteLater()  # it holds a whole plan

    def update_from_spreadsheet(self) -> None:
        """Compare a revised customer list with the plan, then apply it as one undo step."""
        path = file_dialogs.open_file_name(
            self.window, tr("Update customers from spreadsheet"), self._folder(), tr(SHEET_FILTER)
        )
        if path:
            self.update_sheet(path)

    def update_sheet(self, path: str) -> None:
        from planner.ui.update_dialog import UpdateDialog

        dialog = UpdateDialog(path, self.doc.plan, self.window)
        if dialog.exec() and dialog.update is not None:
            self.apply_update(dialog.update, Path(path).name)
        dialog.deleteLater()  # it holds a whole plan

    def apply_update(self, update: Any, name: str) -> None:
        label = tr("Update customers from {name}", name=name)
        self.doc.push(ReplacePlan(update.plan, label), label)
        # the counts only: the whole summary ran past the status bar's end mid-sentence
        self.customersUpdated.emit(update.headline(), [c.customer_id for c in update.added])
        if update.area_moves:  # moved into another's area: listed, with a button selecting them
            self.doc.areaMovesFound.emit(update.area_moves, update.headline(), True)

    def adopt_import(self, plan: m.Plan) -> None:
        self._adopt(plan, "", untitled_dirty=True)

    # -- save ------------------------------------------------------------------------------
    def save(self, *, then: Callable[[], None] | None = None) -> None:
        if not self.doc.path:
            self.save_as(then=then)
            return
        if self.read_only:  # someone else has the file open: a file of its own
            if self.tell_read_only_save():
                self.save_as(then=then)
            return
        self.save_to(self.doc.path, then=then)

    def save_as(self, *, then: Callable[[], None] | None = None) -> None:
        path = self.ask_save_path(tr("Save plan as"), tr(PLAN_FILTER), ".gpkg")
        if path:
            self.save_to(path, then=then)

    def _changed_elsewhere(self, path: str) -> bool:
        """Whether ``path`` is the open plan's file and another window or program wrote it
        since this window read or saved it (saving would silently drop that work)."""
        if not self.doc.path or Path(path).resolve() != Path(self.doc.path).resolve():
            return False
        now = store.file_stamp(path)
        return now is not None and now != self._file_stamp

    def _saved_work_overwritten(self) -> bool:
        """This window changed the plan and saved it, and another window or program has
        written the file since: closing would lose that work without a word."""
        return bool(self.doc.path) and self.doc.undo_stack.count() > 0 and \
            self._changed_elsewhere(str(self.doc.path))

    def save_to(self, path: str, *, then: Callable[[], None] | None = None) -> None:
        if store.is_recovery_name(path):  # deleted as an obsolete autosave right after saving
            self.show_error(tr("{name} is a name the program gives its own autosaves; save the "
                               "plan under another name.", name=Path(path).name))
            return
        if self.saving_elsewhere_refused(path):
            return
        if self._changed_elsewhere(path):
            answer = self.ask_save_over_changed(path)
            if answer == SAVE_AS:
                self.save_as(then=then)
            if answer != SAVE:
                return
        plan = self.doc.plan
        stack = self.doc.undo_stack
        index = stack.index()

        def done(freed: Any) -> None:
            log.info("saved %s", path)
            self.autosaver.discard(also=path)  # not another window's
            self.saved_to(str(Path(path).resolve()))  # its marker now, not the old file's
            self.doc.set_path(str(Path(path).resolve()))
            self._file_stamp = store.file_stamp(path)
            if stack.index() == index:
                stack.setClean()
                self._set_untitled_dirty(False)
            settings_store.add_recent_file(path)
            self.recentChanged.emit()
            self.autosaver.resume()
            if freed:
                self.window.statusBar().showMessage(tr(
                    "Saved {path}. The disk was nearly full, so the plan's autosave was deleted "
                    "to make room.", path=path), 20000)
            else:
                self.window.statusBar().showMessage(tr("Saved {path}", path=path), 5000)
            self.fileSaved.emit(self.doc.path)
            if then is not None:
                self._close_after_save = True
                then()
                self._close_after_save = False

        def failed(message: str, user_error: bool) -> None:
            self.autosaver.resume()
            self._save_failed_then = (then,)  # the box offers Save As…, then goes on
            try:
                self.show_error(message, user_error)
            finally:
                self._save_failed_then = None

        self.autosaver.pause()
        targets = self.autosaver.targets(also=path)
        self.task = run_task(
            self.window,
            tr("Saving {name}…", name=Path(path).name),
            lambda progress: _save_making_room(
                plan, path, lambda: discard_autosaves(*targets), progress),
            on_done=done,
            on_error=failed,
        )
        self.task.cancelled.connect(self.autosaver.resume)


def _load_for_map(path: str, progress: Any = None) -> m.Plan:
    """The plan in ``path``, with the map's data made for it here in the worker (at 100,000
    customers 2 s that froze the window after the progress had closed); a big file is read
    in a child process (GDAL holds the GIL while it reads), which Cancel ends at once.
    The patterns that put the plan's stored texts (the calendar's reasons, import problems)
    in today's language are made here too, once a process."""
    from planner.maps.data import prepare_document

    plan = store.load_plan(path, in_child=True, progress=progress)
    prepare_document(plan)
    prepare_retranslate()
    return plan


def _save_making_room(plan: m.Plan, path: str, make_room: Callable[[], list[Path]],
                      progress: Any) -> list[Path]:
    """Save ``plan`` to ``path``; on a full disk delete the plan's autosave (its work is in
    memory and being saved) and try once more. The autosaves deleted so."""
    try:
        store.save_plan(plan, path, progress=progress, in_child=True)
        return []
    except DiskFull as exc:
        freed = make_room()
        if not freed:
            raise
        try:
            store.save_plan(plan, path, progress=progress, in_child=True)
        except DiskFull as again:
            raise DiskFull(f"{again} " + tr("Deleting the plan's autosave to make room was not "
                                            "enough.")) from exc
        return freed

