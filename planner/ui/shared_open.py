"""A plan someone else has open (a shared folder, 共有フォルダ): the question before opening it,
the owner marker the window holds while it has a plan open (:mod:`planner.owner_marker`), and
the read-only mode, in which Save leads to Save As.

Every way of opening a plan file goes through :meth:`SharedPlan.check_shared` (Open, Open
recent, the file named on the command line, :func:`planner.ui.app.run_gui`), and every plan
the window takes goes through :meth:`SharedPlan.hold_marker`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from planner import owner_marker
from planner.i18n import tr
from planner.owner_marker import Marker
from planner.ui.document import PlanDocument
from planner.ui.phrase_label import unbroken

OPEN_ANYWAY, READ_ONLY, CANCEL = "open_anyway", "read_only", "cancel"

log = logging.getLogger(__name__)


def question(marker: Marker) -> tuple[str, str]:
    """The question's text and its explanation for a plan ``marker`` says is open elsewhere
    (the date and time it was opened kept on one line)."""
    since = unbroken(marker.since())
    if marker.is_old():
        text = tr("This plan has been marked as open by {user} ({computer}) since {time}, more than a day "
                  "ago: the window may have been left open, or that computer stopped without "
                  "closing it. If both of you edit it, the changes saved last replace the "
                  "other's.", **marker.names(), time=since)
    elif marker.mine_elsewhere():
        text = tr("This plan has been open in another window on this computer since {time}. "
                  "If both windows edit it, the changes saved last replace the other's.",
                  time=since)
    else:
        text = tr("This plan has been open by {user} ({computer}) since {time}. If both of you edit it, the "
                  "changes saved last replace the other's.", **marker.names(),
                  time=since)
    info = tr("Open read-only to look at the plan: you can still try changes, and Save asks "
              "for a new file name.")
    return text, info


def ask_shared_open(parent: QWidget | None, marker: Marker) -> str:
    """OPEN_ANYWAY, READ_ONLY or CANCEL (Esc, or the box closed) for a plan open elsewhere."""
    text, info = question(marker)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Territory Planner"), text, parent=parent)
    box.setObjectName("sharedPlanQuestion")
    box.setInformativeText(info)
    read_only = box.addButton(tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton(tr("Open anyway"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    # a marker left for a day by another computer is most likely a window left open
    box.setDefaultButton(anyway if marker.is_old() else read_only)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return READ_ONLY if clicked is read_only else OPEN_ANYWAY if clicked is anyway else CANCEL


def check_before_open(parent: QWidget | None, path: str,
                      ask: Callable[[Marker], str] | None = None) -> str:
    """OPEN_ANYWAY when nobody else has the plan open, else what the manager answers
    (``ask``: instead of :func:`ask_shared_open`)."""
    marker = owner_marker.other_owner(path)
    if marker is None:
        return OPEN_ANYWAY
    log.info("%s is open by %s on %s (process %d) since %s", path, marker.user,
             marker.computer, marker.pid,
             marker.opened.isoformat())
    return ask(marker) if ask is not None else ask_shared_open(parent, marker)


class SharedPlan:
    """Shared plans of :class:`planner.ui.file_actions.FileActions` (mixed into it)."""

    window: QMainWindow
    doc: PlanDocument
    modifiedChanged: Signal
    #: the plan file was opened read-only (someone else has it open): Save leads to Save As
    read_only = False
    #: the plan file whose owner marker this window holds ("" none)
    _held = ""

    def show_error(self, message: str, user_error: bool = True) -> None:
        raise NotImplementedError

    def is_modified(self) -> bool:
        raise NotImplementedError

    # -- questions (replaced in tests) ------------------------------------------------------
    def ask_shared_open(self, path: str, marker: Marker) -> str:
        """OPEN_ANYWAY, READ_ONLY or CANCEL for ``path``, open elsewhere as ``marker`` says."""
        return ask_shared_open(self.window, marker)

    def tell_read_only_save(self) -> bool:
        """Say that a plan opened read-only is saved under a new name; False: cancelled."""
        name = Path(self.doc.path).name
        box = QMessageBox(QMessageBox.Icon.Information, tr("Territory Planner"), tr(
            "{name} was opened read-only, so this window saves the plan under a new name "
            "(the autosave keeps your changes meanwhile).", name=name), parent=self.window)
        box.setObjectName("readOnlySave")
        save_as = box.addButton(tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save_as)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is save_as

    # -- the marker --------------------------------------------------------------------------
    def check_shared(self, path: str) -> str:
        """OPEN_ANYWAY, READ_ONLY or CANCEL: whether and how to open the plan file ``path``."""
        return check_before_open(self.window, path, lambda marker: self.ask_shared_open(
            path, marker))

    def hold_marker(self, path: str, *, read_only: bool = False) -> None:
        """The window now shows the plan file ``path`` ("" none): the marker of the plan before
        goes, this one's is written (not when opened read-only)."""
        was = self.read_only
        self.release_marker()
        self.read_only = bool(path) and read_only
        if path and not read_only and owner_marker.hold(path) is not None:
            self._held = path
        if was != self.read_only:
            self.modifiedChanged.emit(self.is_modified())  # the title says it

    def release_marker(self) -> None:
        if self._held:
            owner_marker.release(self._held)
            self._held = ""

    def saving_elsewhere_refused(self, path: str) -> bool:
        """Refuse to save into a plan file someone else has open (Save As onto it, or the file
        opened read-only); True when refused and said."""
        own = bool(self.doc.path) and Path(path).resolve() == Path(self.doc.path).resolve()
        if own and not self.read_only:
            return False  # their saves since this window opened it are asked about
        marker = owner_marker.other_owner(path)
        if marker is None or marker.is_old():
            return False
        self.show_error(tr("{name} has been open by {user} ({computer}) since {time}; save the "
                           "plan under another name.", name=Path(path).name, **marker.names(),
                           time=unbroken(marker.since())))
        return True

    def saved_to(self, path: str) -> None:
        """The plan was saved to ``path``: the window now holds that file's marker."""
        if path != self._held or self.read_only:
            self.hold_marker(path)
