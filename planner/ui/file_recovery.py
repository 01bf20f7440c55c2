"""The main window's offer of an autosave left by an earlier session (a crash): Restore it,
Discard it for good, or decide Later (Esc, or closing the box): the plan opens as it is and
the autosave is kept, to be offered again after the program restarts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMessageBox

from planner import model as m
from planner import store
from planner.i18n import tr, trn
from planner.ui.document import PlanDocument

RESTORE, DISCARD_AUTOSAVE, LATER = "restore", "discard_autosave", "later"


class RecoveryOffer:
    """Recovery of :class:`planner.ui.file_actions.FileActions` (mixed into it)."""

    window: QMainWindow
    doc: PlanDocument
    is_sample: bool
    _untitled_offered: bool

    def show_error(self, message: str, user_error: bool = True) -> None:
        raise NotImplementedError

    def _set_untitled_dirty(self, value: bool) -> None:
        raise NotImplementedError

    def hold_marker(self, path: str, *, read_only: bool = False) -> None:
        raise NotImplementedError

    def ask_restore(self, recovery: Path, *, untitled: bool = False, older: bool = False) -> str:
        """RESTORE, DISCARD_AUTOSAVE or LATER (Esc, or the box closed): what to do with the
        autosave ``recovery``."""
        when = _autosaved_at(recovery)
        # the file it is of, by name: a manager with several plans knows which work comes back
        name = Path(self.doc.path).name if self.doc.path else ""
        if untitled:
            text = tr("A plan that was never saved (an imported list, or the sample plan edited) "
                      "was autosaved at {time} in an earlier session.", time=when)
            info = tr("Restore opens it as an untitled plan. Discard deletes it for good. Later "
                      "keeps it, to ask again after the program restarts.")
        elif older:  # the file changed after the crash (a command, a copy): both hold work
            text = tr("Unsaved work on {name} was autosaved at {time} in an earlier session, "
                      "but the file was changed after that.", name=name, time=when)
            info = tr("Restore opens the autosave (the file's later changes are then replaced "
                      "when you save). Discard deletes the autosave for good and keeps the file. "
                      "Later opens the file as it is and keeps the autosave, to ask again when "
                      "this plan is next opened after the program restarts.")
        else:
            text = tr("An autosave of {name} from {time}, newer than the saved file, was found "
                      "from an earlier session.", name=name, time=when)
            info = tr("Restore opens the autosaved work. Discard deletes the autosave for good; "
                      "the file stays as last saved. Later opens the file as it is and keeps the "
                      "autosave, to ask again when this plan is next opened after the program "
                      "restarts.")
        box = QMessageBox(QMessageBox.Icon.Question, tr("Territory Planner"), text,
                          parent=self.window)
        box.setObjectName("recoveryQuestion")
        box.setInformativeText(info)
        restore = box.addButton(tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        later = box.addButton(tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(later)  # Esc and closing the box delete nothing
        box.exec()
        clicked = box.clickedButton()
        return RESTORE if clicked is restore else DISCARD_AUTOSAVE if clicked is discard else LATER

    def offer_recovery(self) -> bool:
        """If an autosave newer than the plan exists, offer it; True when restored. Once a
        session, with a plan file open, the autosave of a plan never saved is offered too
        (the next unsaved plan's autosave would take its place)."""
        if self.doc.path and not self._untitled_offered:
            self._untitled_offered = True
            if store.find_recovery(None) is not None and self._offer(None):
                return True
        return self._offer(self.doc.path or None)

    def _offer(self, plan_path: str | None) -> bool:
        """Offer the plan's autosaves, the newest first: Discard deletes only the one asked
        about and the next is offered (an earlier version's autosave beside this program's own
        was deleted with it, unseen); Later, or Restore, keeps the older ones for the next
        start."""
        found = store.find_recoveries(plan_path, older_too=True)
        for i, recovery in enumerate(found):
            answer = self._ask(plan_path, recovery)
            if answer == DISCARD_AUTOSAVE:
                store.discard_one_recovery(recovery)
                continue
            if answer == LATER:
                for other in found[i:]:
                    store.keep_recovery_for_later(plan_path, other)
                self.window.statusBar().showMessage(tr(
                    "The autosave from {time} is kept, to be offered again after the program "
                    "restarts.", time=_autosaved_at(recovery)), 15000)
                return False
            try:
                plan = store.load_plan(recovery)
            except Exception as exc:  # a broken autosave must never stop the program
                self.show_error(str(exc))
                continue  # it stays on disk; the next one is asked about
            older = found[i + 1:]
            for other in older:  # its own work: deleted only when its own question says so
                store.keep_recovery_for_later(plan_path, other)
            self._restore(plan, plan_path is None)
            if older:
                self.window.statusBar().showMessage(trn(
                    "An older autosave from {time} is kept too, to be offered again after "
                    "the program restarts.",
                    "{n} older autosaves (the newest from {time}) are kept too, to be offered "
                    "again after the program restarts.", len(older),
                    time=_autosaved_at(older[0])), 15000)
            return True
        return False

    def _ask(self, plan_path: str | None, recovery: Path) -> str:
        """The question for ``recovery``: of a never saved plan, of one whose file changed
        after it, or of one newer than its file."""
        if plan_path is None:  # whatever is open now (a file, or the sample)
            return self.ask_restore(recovery, untitled=True)
        if store.changed_after(recovery, plan_path):
            return self.ask_restore(recovery, older=True)
        return self.ask_restore(recovery)

    def _restore(self, plan: m.Plan, untitled: bool) -> None:
        if untitled:
            self.is_sample = False  # the title says "Untitled plan", not the sample's name
            self.hold_marker("")  # the plan file is no longer open here
        self.doc.reset(plan, "" if untitled else self.doc.path)
        self._set_untitled_dirty(True)


def _autosaved_at(recovery: Path) -> str:
    """When the autosave was written, as the clock showed it (``2026-11-30 20:41``)."""
    try:
        return datetime.fromtimestamp(recovery.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return "?"
