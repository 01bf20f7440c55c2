"""The program's Open, Save and folder dialogs, made in one place and given a working size.

Qt's own file dialog (the one on a Linux desktop without a native one) opens at some
640×400, its list's size, type and date columns squeezed to "744…KiB" and "SQ…ース", its
places cut to "コンピュ…".
Every open, save and folder dialog of the program is made here (QFileDialog's static
functions give no say over the size): 900×560, less on a small screen (as every dialog,
:func:`planner.ui.screen_fit.fit_to_screen`). A native dialog (Windows, macOS, a GTK or
KDE desktop) keeps its own ways.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QHeaderView, QListView, QSplitter, QTreeView, QWidget

from planner.ui.screen_fit import fit_to_screen

#: The size Qt's own file dialog opens at (logical pixels), less on a smaller screen.
SIZE = (900, 560)


def file_dialog(
    parent: QWidget | None,
    title: str,
    start: str,
    filters: str = "",
    *,
    save: bool = False,
    folder: bool = False,
) -> QFileDialog:
    """A file dialog, not shown yet: open (an existing file), ``save`` (a file name, asking
    before writing over one) or ``folder`` (an existing folder); ``start`` is the folder it
    shows, or a file in it to offer (its name filled in)."""
    dialog = QFileDialog(parent, title, start, filters)
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    fit_to_screen(dialog, *SIZE)
    # once shown (its splitter laid out, the places named in the window's language)
    QTimer.singleShot(0, dialog, lambda: _widen_places(dialog))
    return dialog


def _widen_places(dialog: QFileDialog) -> None:
    """In Qt's own dialog, the places beside the list as wide as their names (it elides
    コンピュータ to コンピュ…), and the list's size, type and date columns as wide as their
    texts, the name taking the rest (Qt's own share squeezed 744.00 KiB with some fonts).
    (A native dialog has no such widgets.)"""
    details = dialog.findChild(QTreeView, "treeView")
    if details is not None and details.header().count() > 1:
        header = details.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    places = dialog.findChild(QListView, "sidebar")
    splitter = dialog.findChild(QSplitter, "splitter")
    if places is not None and splitter is not None and splitter.count() == 2:
        wanted = places.sizeHintForColumn(0) + 2 * places.frameWidth() + 8
        total = sum(splitter.sizes())
        if splitter.sizes()[0] < wanted < total // 3:
            splitter.setSizes([wanted, total - wanted])


def _run(dialog: QFileDialog) -> str:
    try:
        return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """The file chosen to open; "" when cancelled."""
    return _run(file_dialog(parent, title, start, filters))


def save_file_name(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """The file name chosen to save to (confirmed when it exists); "" when cancelled."""
    return _run(file_dialog(parent, title, start, filters, save=True))


def existing_folder(parent: QWidget | None, title: str, start: str) -> str:
    """The folder chosen; "" when cancelled."""
    return _run(file_dialog(parent, title, start, folder=True))
