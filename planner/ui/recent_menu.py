"""File → Open recent: the plans last opened or saved, each checked when the menu opens.

A file moved, renamed or deleted since (or on a drive not plugged in) is listed with the
words "not found"; choosing it says so in one sentence and takes it off the list, instead of
asking to save the open plan and then failing to read a file that is not there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QMessageBox

from planner.i18n import tr
from planner.ui import settings_store
from planner.ui.file_actions import FileActions


class RecentMenu(QObject):
    """Fills ``menu`` from the recent files whenever it opens or the list changes."""

    def __init__(self, menu: QMenu, files: FileActions):
        super().__init__(menu)
        self.menu = menu
        self.files = files
        menu.aboutToShow.connect(self.fill)  # a file may have gone since the list was made
        files.recentChanged.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        menu = self.menu
        for action in menu.actions():  # not clear(): the one chosen may be running its slot
            menu.removeAction(action)
            action.deleteLater()
        for path in settings_store.recent_files():
            text = path.replace("&", "&&")
            if not _exists(path):
                text = tr("{path} (not found)", path=text)
            menu.addAction(text, lambda p=path: self.open(p))
        menu.setEnabled(not menu.isEmpty())

    def open(self, path: str) -> None:
        """Open ``path``; a file no longer there is said so and taken off the list."""
        if _exists(path):
            self.files.open_path(path)
            return
        settings_store.remove_recent_file(path)
        self.fill()
        box = QMessageBox(QMessageBox.Icon.Information, tr("Territory Planner"), tr(
            "{name} was not found in {folder} (moved, renamed or deleted), so it was taken off "
            "the recent files.", name=Path(path).name, folder=str(Path(path).parent)),
            parent=self.files.window)
        box.setObjectName("recentNotFound")
        box.exec()
        box.deleteLater()


def _exists(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:  # a name the system refuses (an unplugged drive's, a bad share's)
        return False
