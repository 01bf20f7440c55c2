"""A 1280×720 laptop at 150 % (853×480 logical pixels): every window and dialog fits on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect

from planner.synthetic import synthetic_plan
from planner.ui import screen_fit

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
