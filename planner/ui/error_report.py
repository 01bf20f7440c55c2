"""The dialog of a bug (an uncaught exception, a task that failed with a traceback): what
happened in one sentence, the details, the log file they are also in, and buttons to open
the log folder or copy the details, so a manager reporting it has something to send."""

from __future__ import annotations

import logging
import platform

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from planner import __version__, logfile
from planner.i18n import tr

log = logging.getLogger(__name__)


def open_log_folder() -> bool:
    """Show the log folder in the system's file manager (made first if it is missing)."""
    folder = logfile.log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("could not make the log folder %s: %s", folder, exc)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class ErrorReport(QDialog):
    """``message`` above the ``details`` (a traceback), the log file named beneath."""

    def __init__(self, parent: QWidget | None, message: str, details: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Territory Planner"))
        self.details = details
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        path = logfile.log_file()
        self.log_label = QLabel(
            tr("The details are also written to the log file {path}. Please send that file "
               "(or the copied details) with your report.", path=str(path)) if path else
            tr("The log file could not be written; please copy the details for your report."))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(icon, 0)
        head.addWidget(self.message_label, 1)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_view.setVisible(bool(details))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(tr("Copy details"))
        self.folder_button = QPushButton(tr("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button.clicked.connect(open_log_folder)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)
        self.resize(640, 420 if details else 200)

    def report_text(self) -> str:
        """What Copy details puts on the clipboard: the message, the program and system, the
        log file and the details."""
        path = logfile.log_file()
        lines = [self.message_label.text(), "",
                 f"Territory Planner {__version__}; Python {platform.python_version()}; "
                 f"{platform.platform()}"]
        if path is not None:
            lines.append(f"Log: {path}")
        if self.details:
            lines += ["", self.details]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText(tr("Copied"))


def show_error_report(parent: QWidget | None, message: str, details: str = "") -> None:
    """Show the dialog of a bug and wait until it is closed."""
    dialog = ErrorReport(parent, message, details)
    dialog.exec()
    dialog.deleteLater()
