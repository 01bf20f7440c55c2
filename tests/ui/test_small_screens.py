"""A 1280×720 laptop at 150 % (853×480 logical pixels): every window and dialog fits on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QTableWidget

from planner import model as m
from planner.columns import STATUS
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import screen_fit
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")

ROOM = QRect(0, 0, 853, 480)  # 1280×720 at 150 %
SAMPLE = "resources/sample/sample_customers.xlsx"


@pytest.fixture
def small_screen(monkeypatch):
    """Every window measures its screen as the 150 % laptop's (offscreen has 800×800)."""
    monkeypatch.setattr(screen_fit, "available_room", lambda _widget: QRect(ROOM))
    return ROOM


def fits(widget) -> bool:
    """The widget, and the least it can be shrunk to, within the room."""
    least = widget.minimumSizeHint()
    return (
        widget.width() <= ROOM.width() and widget.height() <= ROOM.height()
        and least.width() <= ROOM.width() and least.height() <= ROOM.height()
    )


def shown_in(widget, dialog) -> bool:
    """``widget`` shows whole inside ``dialog``."""
    top_left = widget.mapTo(dialog, widget.rect().topLeft())
    return widget.isVisible() and dialog.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("kind", ["import", "update"])
def test_import_and_update_dialogs_fit_with_their_buttons(qtbot, small_screen, kind):
    set_language("ja")
    if kind == "import":
        from planner.ui.import_dialog import ImportDialog

        dialog = ImportDialog(SAMPLE, m.Settings())
    else:
        from planner.ui.update_dialog import UpdateDialog

        dialog = UpdateDialog(SAMPLE, synthetic_plan(20, territories=2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog), (dialog.size(), dialog.minimumSizeHint())
    assert shown_in(dialog.import_button, dialog)
    # at the size it opens, every label whole (取引区分 was cut to 「取引区分（取引…」), the
    # rest in its tooltip
    labels = {label.text(): label for label, _combo in dialog.field_grid.pairs}
    assert not [text for text, label in labels.items() if label.is_elided()]
    assert labels["取引区分"].toolTip() == "取引区分が取引停止・休眠などの行は取り込みません。"
    assert dialog.field_combos[STATUS].toolTip() == labels["取引区分"].toolTip()
    # as narrow as it goes: as many label + combo pairs a row as fit, none cut off
    grid = dialog.field_grid
    dialog.resize(dialog.minimumSizeHint().width(), dialog.height())
    qtbot.waitUntil(lambda: grid.columns == grid.columns_for(grid.width()))
    assert grid.columns < 3
    viewport = dialog.mapping_area.viewport()
    for combo in dialog.field_combos.values():
        assert combo.mapTo(viewport, combo.rect().topRight()).x() <= viewport.width()
    assert shown_in(dialog.import_button, dialog)


def test_main_window_opens_within_the_screen_and_a_restored_size_is_clamped(
    qtbot, small_screen
):
    from planner.ui import settings_store
    from planner.ui.app import make_main_window

    window = make_main_window(synthetic_plan(50, territories=2), "")
    qtbot.addWidget(window)
    assert window.width() <= ROOM.width() and window.height() <= ROOM.height()
    assert (window.width(), window.height()) != (1400, 860)
    # a size remembered from a larger screen
    window.resize(1400, 860)
    settings_store.set_window_state(bytes(window.saveGeometry().data()),
                                    bytes(window.saveState().data()))
    window.actions_ui.restore_layout()
    frame = window.frameGeometry()
    assert ROOM.contains(frame), frame
    # a geometry that does not restore leaves the first size
    again = make_main_window(synthetic_plan(10, territories=2), "")
    qtbot.addWidget(again)
    settings_store.set_window_state(b"not a geometry", b"")
    again.actions_ui.restore_layout()
    assert again.height() <= ROOM.height()
    assert not again.restoreGeometry(QByteArray(b"not a geometry"))


def test_compare_and_shortcut_dialogs_fit_and_show_whole_commands(qtbot, small_screen):
    from planner.ui.about_dialog import shortcuts_dialog
    from planner.ui.compare_dialog import CompareDialog
    from planner.ui.main_window import MainWindow

    set_language("ja")
    plan = synthetic_plan(60, territories=3)
    compare = CompareDialog(PlanDocument(plan), plan, "idea.gpkg")
    qtbot.addWidget(compare)
    assert fits(compare), compare.size()

    window = MainWindow(plan)
    qtbot.addWidget(window)
    items = [(a.text(), a.shortcut()) for a in window.actions_ui.actions.values()]
    dialog = shortcuts_dialog(window, items)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog), dialog.size()
    table = dialog.findChild(QTableWidget)
    header = table.horizontalHeader()
    assert header.length() >= table.viewport().width() - 1  # no empty right half
    for r in range(table.rowCount()):  # no command cut short
        assert header.sectionSize(0) >= table.sizeHintForIndex(table.model().index(r, 0)).width()




def test_design_dialog_with_its_result_fits_and_keeps_its_buttons(qtbot, small_screen):
    from planner.ui.design_dialog import DesignDialog

    set_language("ja")
    doc = PlanDocument(synthetic_plan(300, territories=8))
    dialog = DesignDialog(doc)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(ROOM.left() + 10, ROOM.bottom() - dialog.frameGeometry().height() - 10)
    small = dialog.height()
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    qtbot.waitUntil(lambda: dialog.height() > small)  # taller for the result's table
    assert fits(dialog), (dialog.size(), dialog.minimumSizeHint())
    # grown downwards, it is moved up where needed: its buttons stay on the screen
    assert ROOM.contains(dialog.frameGeometry()), (dialog.frameGeometry(), ROOM)
    assert shown_in(dialog.apply_button, dialog) and dialog.apply_button.isEnabled()
    # every column of the result shown across (the options and the table scroll up and down)
    table = dialog.comparison
    assert table.mapTo(dialog.body.viewport(), table.rect().topRight()).x() <= (
        dialog.body.viewport().width())


def test_the_print_preview_keeps_print_save_and_close_in_sight(qtbot, small_screen, tmp_path):
    """At 150 % the preview's one toolbar wanted 999 px in 810: Print…, Save as PDF… and
    Close hid behind its » button. The rep and week choices now take a second row."""
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    from planner.ui.handout_preview import HandoutPreviewDialog

    set_language("ja")
    path = tmp_path / "one.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    QPainter(writer).end()
    dialog = HandoutPreviewDialog(str(path), [("T01", "山田 太郎 (東京エリア)"),
                                              ("T02", "佐藤 花子 (熊谷エリア)")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog)
    bar = dialog.toolbar
    for key in ("print", "save", "close"):
        button = bar.widgetForAction(dialog.actions_by_name[key])
        assert button is not None and shown_in(button, dialog), key
    assert shown_in(dialog.rep_combo, dialog) and shown_in(dialog.week_combo, dialog)


# 1366×768 less its taskbar; 1366×768 at 175 % (the dialog opens 760 px wide); 1280×720 at 150 %
@pytest.mark.parametrize("room", [QRect(0, 0, 1366, 728), QRect(0, 0, 800, 420), QRect(ROOM)])
def test_the_import_labels_are_whole_from_the_first_picture(qtbot, monkeypatch, program_font,
                                                          room):
    """The column labels showed 「顧客コ…」 and 「座標（緯度,経…」 in the window as first drawn
    (a grab at once, a screenshot): the pairs flowed into two columns but kept the narrow
    cells of three until a relayout came later."""
    from planner.ui.import_dialog import ImportDialog

    monkeypatch.setattr(screen_fit, "available_room", lambda _widget: QRect(room))
    set_language("ja")
    dialog = ImportDialog(SAMPLE, m.Settings())
    qtbot.addWidget(dialog)
    dialog.show()  # no waiting: what a grab made now shows
    labels = [label for label, _combo in dialog.field_grid.pairs]
    assert [label.text() for label in labels if label.is_elided()] == []
    combos = dialog.field_combos.values()  # and no combo squeezed flat to fit the rows in
    assert [c.height() for c in combos if c.height() < c.sizeHint().height()] == []
    assert not dialog.grab().isNull()
