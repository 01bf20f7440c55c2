"""The program's Open and Save dialogs open at a working size: Qt's own file dialog (a Linux
desktop without a native one) opened at about 640×400, its size, type and date columns
squeezed to "744…KiB" and "SQ…ース", its places cut to "コンピュ…"."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QListView, QSplitter, QTreeView

from planner.resources import sample_plan_path
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.file_dialogs import SIZE
from planner.ui.main_window import MainWindow
from planner.ui.screen_fit import HEIGHT_SHARE, WIDTH_SHARE, available_room

pytestmark = pytest.mark.usefixtures("isolated")


def _look_at_the_dialog(qtbot, run, picture) -> dict:
    """Run ``run`` (which opens a modal file dialog), and once the dialog lists its folder:
    its size and how its details' columns fit their text, a grab of it, then Cancel."""
    seen: dict = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        details = dialog.findChild(QTreeView, "treeView") if dialog is not None else None
        if not isinstance(dialog, QFileDialog) or details is None or not details.model() \
                .rowCount(details.rootIndex()):
            QTimer.singleShot(50, look)
            return
        qtbot.wait(200)  # (the columns take their widths once the rows are in)
        header = details.header()
        seen["size"] = dialog.size().toTuple()
        seen["parent"] = dialog.parentWidget()
        seen["squeezed"] = [c for c in range(1, header.count()) if not header.isSectionHidden(c)
                            and header.sectionSize(c) < details.sizeHintForColumn(c)]
        places, splitter = dialog.findChild(QListView, "sidebar"), dialog.findChild(QSplitter)
        seen["places"] = splitter.sizes()[0] - places.sizeHintForColumn(0)
        dialog.grab().save(str(picture))
        dialog.reject()

    QTimer.singleShot(0, look)
    run()
    return seen


def _expected(widget) -> tuple[int, int]:
    room = available_room(widget)
    return (min(SIZE[0], int(room.width() * WIDTH_SHARE)),
            min(SIZE[1], int(room.height() * HEIGHT_SHARE)))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_open_and_save_as_open_at_a_working_size_with_readable_columns(qtbot, tmp_path, lang):
    shutil.copy(sample_plan_path(), tmp_path / "plan.gpkg")  # a folder with a file to list
    window = MainWindow(synthetic_plan(20, territories=2), str(tmp_path / "plan.gpkg"))
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(1400, 860)
    window.show()
    window.actions_ui.switch_language(lang)  # Qt's dialog in Japanese too (コンピュータ)
    # Qt's own dialog as it opens by itself, to compare with
    plain = QFileDialog(window, "", str(tmp_path))
    plain.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    plain.show()
    default = plain.size().toTuple()
    plain.close()
    opened = _look_at_the_dialog(qtbot, window.actions_ui.actions["open"].trigger,
                                 tmp_path / "open.png")
    assert opened["parent"] is window
    assert opened["size"] == _expected(window)
    assert opened["size"][0] > default[0] and opened["size"][1] > default[1]
    assert opened["squeezed"] == []  # 744.00 KiB, SQLite3 データベース in full
    assert opened["places"] > 0  # コンピュータ, not コンピュ…
    saved = _look_at_the_dialog(qtbot, window.actions_ui.actions["save_as"].trigger,
                                tmp_path / "save.png")
    assert saved["size"] == opened["size"] and saved["squeezed"] == [] and saved["places"] > 0
    assert window.document.path == str(tmp_path / "plan.gpkg")  # cancelled: nothing changed
    window.actions_ui.switch_language("en")
