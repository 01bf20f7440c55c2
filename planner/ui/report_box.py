"""The calendar build's whole report beside the calendar: its items one a line (what the build
did; what asks the manager to act, in red; the rest), then the sum and each rep's customers
moved or left out, by name, in a scrolling text.

A message box held it before: on the sample's January rebuild it was 400 pixels wide and
1,069 high (seven reps' lists of customers left out), taller than a 1080p screen and far
taller than a laptop's, its OK button below the screen's edge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import tr
from planner.ui.phrase_label import FiguresLabel
from planner.ui.screen_fit import fit_to_screen

#: the box's size where the screen has room (the details scroll within it)
SIZE = (760, 520)

#: the red of what asks the manager to act, as the update window's
WARNING_STYLE = "color: #c62828;"


class ReportBox(QDialog):
    """Not modal: the calendar behind it is there to look at."""

    def __init__(self, report: str, parent: QWidget | None = None, *,
                 warnings: Sequence[str] = ()):
        super().__init__(parent)
        self.setObjectName("calendar_report")
        self.setWindowTitle(tr("Territory Planner"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._report = report
        head, _sep, rest = report.partition("\n\n")
        # one item a line: what the build did, what asks to act (``warnings``, in red), the rest
        lines = head.split("\n")
        red = [k for k, line in enumerate(lines) if line in set(warnings)]
        first, last = (red[0], red[-1] + 1) if red else (len(lines), len(lines))
        self.headline = self._label(lines[:first])  # 「14件」 on one line
        self.warnings = self._label(lines[first:last])
        self.warnings.setObjectName("calendar_report_warnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.notes = self._label(lines[last:])
        self.notes.setObjectName("calendar_report_notes")
        self.details = QPlainTextEdit(rest.strip("\n"), self)
        self.details.setReadOnly(True)
        self.details.setVisible(bool(rest.strip()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.warnings)
        layout.addWidget(self.notes)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        if self.details.isVisibleTo(self):  # as tall as its lines (the build's sum), at most SIZE
            fit_to_screen(self, SIZE[0], min(SIZE[1], self._height_for_details()))
        else:  # a short report: as small as its sentence needs
            fit_to_screen(self, SIZE[0], self.sizeHint().height())

    def _label(self, lines: list[str]) -> FiguresLabel:
        """A few of the report's lines, selectable, hidden when there are none."""
        label = FiguresLabel("\n".join(lines), self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setVisible(bool(lines))
        return label

    def _height_for_details(self) -> int:
        """The box's height showing every line of the details unscrolled (a line wrapped at
        the box's width counts as the lines it takes)."""
        d = self.details
        metrics = d.fontMetrics()
        width = SIZE[0] - 60  # the text's width inside the box's and the field's margins
        lines = sum(max(1, -(-metrics.horizontalAdvance(line) // width))
                    for line in d.toPlainText().split("\n"))
        margins = 2 * int(d.document().documentMargin()) + 2 * d.frameWidth()
        need = (lines + 1) * metrics.lineSpacing() + margins
        return self.sizeHint().height() - d.sizeHint().height() + need

    def set_button_text(self, text: str) -> None:
        """Name what closing the box leads to (「出力に進む」 before an export)."""
        self.ok_button.setText(text)

    def text(self) -> str:
        """The whole report, as the message box's ``text()`` gave it."""
        return self._report


def show_build_report(report: str, parent: QWidget, *, wait: bool = False,
                      warnings: Sequence[str] = ()) -> ReportBox | None:
    """The build's whole report (the status bar cuts it: customers left out, holiday visits)
    beside the calendar, not blocking; ``wait``: an export goes on after it, so the box is
    read and closed first (「出力に進む」) rather than left under the export's dialog — then
    None (the box is gone), else the open box."""
    box = ReportBox(report, parent, warnings=warnings)
    if not wait:
        box.open()  # not blocking: the calendar is there to look at behind it
        return box
    box.set_button_text(tr("Continue to the export"))
    box.exec()  # one dialog after the other: the report, then the export's
    return None


def show_dialog_report(dialog: Any, window: QMainWindow, *, wait: bool = False) -> ReportBox | None:
    """The report of the build ``dialog`` ran: the status bar says what was built and what to
    act on, the box (:func:`show_build_report`) the whole of it."""
    items = dialog.report_items
    status = items.status_line() if items else dialog.report.split("\n")[0]
    window.statusBar().showMessage(status, 20000)
    return show_build_report(dialog.report, window, wait=wait,
                             warnings=items.warnings if items else ())

