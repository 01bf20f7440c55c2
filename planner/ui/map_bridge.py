"""The ONE object the map page sees through QWebChannel: JSON text in both directions."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class MapBridge(QObject):
    """``send(text)`` is called by the page; ``message(text)`` is delivered to the page.

    ``received`` re-emits the page's text for Python (the map view parses it with
    :func:`planner.maps.protocol.parse`).
    """

    message = Signal(str)  # Python → page (the page connects to it)
    received = Signal(str)  # page → Python

    @Slot(str)
    def send(self, text: str) -> None:
        self.received.emit(text)
