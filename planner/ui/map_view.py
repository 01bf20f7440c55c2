"""The interactive map: a QWebEngineView on the ``tpmap://`` page, wired to the document.

The page is served by the scheme handler (never ``setHtml``), data documents are
published there and fetched by the page, and ONE bridge object carries JSON both
ways. Calls into the page wait in a queue until the page says ``ready``. Page
gestures become edits pushed on the document (one undo step each); ``planChanged``
redraws only what the change flags cover.
"""

from __future__ import annotations

import atexit
import gc
import logging
import uuid
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import shiboken6
from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

from planner import model as m
from planner.edits import Changes
from planner.errors import PlannerError
from planner.i18n import sentences, tr
from planner.maps import data, protocol
from planner.maps.actions import (
    HOME_PIN,
    drawn_note,
    edit_for,
    moved_note,
    over_hours_note,
    unmoved,
)
from planner.maps.page import build_page, page_strings
from planner.maps.pin import PinStart, customer_pin_start, home_pin_start
from planner.ui.area_offer import offer_area_moves
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import home_note
from planner.ui.map_bridge import MapBridge
from planner.ui.map_scheme import MapSchemeHandler, handler_for

log = logging.getLogger(__name__)

#: Map views still alive. At exit they are deleted before Python's final garbage collection:
#: a web page outliving its profile (destroyed with the QApplication) crashes the process.
_LIVE_VIEWS: weakref.WeakSet[MapView] = weakref.WeakSet()


@atexit.register
def _delete_live_views() -> None:
    for view in list(_LIVE_VIEWS):
        if shiboken6.isValid(view):
            shiboken6.delete(view)
    gc.collect()  # while every module is still alive, not during interpreter teardown


#: Messages a data document replaces (a queued one is dropped when a newer document is sent).
_DATA_MESSAGES = tuple(
    f'{{"type":"{kind}"' for kind in (
        "load", "recolor", "patch", "territories", "selection", "days"
    )
)


class MapPage(QWebEnginePage):
    """Keeps the page's console messages; errors are collected in ``errors``."""

    consoleMessage = Signal(str)

    def __init__(self, profile: QWebEngineProfile, parent: Any = None):
        super().__init__(profile, parent)
        self.errors: list[str] = []

    def javaScriptConsoleMessage(  # noqa: N802 - Qt's name
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        text = f"{source}:{line}: {message}"
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.errors.append(text)
            log.error("map page: %s", text)
        else:
            log.debug("map page: %s", text)
        self.consoleMessage.emit(text)


class MapView(QWidget):
    """The map of the document's plan; emits ``mapReady`` once the plan's data is drawn."""

    mapReady = Signal()
    frameDrawn = Signal(int)  # version of the drawn state (load, recolor, territories)
    pageMessage = Signal(object)  # every parsed page message (protocol dataclasses)
    editFailed = Signal(str)  # a map edit was refused (message for the status bar)
    # what a boundary edit did to the customers (for the status bar); True: in red, as it
    # took a rep over their weekly hours (the Territories table's red figure)
    edited = Signal(str, bool)
    tilesUnavailable = Signal()  # tiles failed to load: the page shows the offline outline
    tilesRestored = Signal()  # tiles load again after that: the 「オフライン表示」 label is gone
    baseMapChosen = Signal(str)  # a base map asked for (its tiles may fail again)
    menuRequested = Signal(QPoint, str)  # a right click: where (map pixels), on which customer

    def __init__(self, parent: QWidget | None = None, *, profile: QWebEngineProfile | None = None):
        super().__init__(parent)
        self._profile = profile or QWebEngineProfile.defaultProfile()
        self._handler: MapSchemeHandler = handler_for(self._profile)
        self._token = uuid.uuid4().hex[:12]
        self.view = QWebEngineView(self)
        # the page's right click asks for the window's menu (menuRequested); never the
        # browser's (Back, Reload … would reload the map)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.page = MapPage(self._profile, self.view)
        self.view.setPage(self.page)
        # A page on a local scheme may only reach the tile servers with this setting.
        self.page.settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True
        )
        self.bridge = MapBridge(self)
        self._channel = QWebChannel(self.page)
        self._channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self._channel)
        self.bridge.received.connect(self._on_bridge_received)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        _LIVE_VIEWS.add(self)
        self.document: PlanDocument | None = None
        self._page_ready = False
        self._ready = False
        self._fit_next = False  # the next plan change is another plan: zoom to it
        self._queue: list[str] = []
        self._version = 0
        self._load_version = -1
        self._drawn_version = 0
        self._ids = pd.Index([], dtype=object)
        self._territory_ids: list[str] = []
        self._shown_boundaries: dict[str, Any] = {}  # territory id → boundary the page has
        self._data_paths: list[str] = []  # published data documents, oldest first
        self._sticky: dict[str, str] = {}  # view settings (base map, styles, layers) to re-send
        self._color_by = "territory"
        self._placing = ""  # the pin placed by hand, while it is on the map
        self._watching = False  # the application's focus, for a dialog opened while placing
        # Esc anywhere in the window ends placing (the page's own Esc needs its focus)
        self._cancel_place = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.end_placing,
                                       context=Qt.ShortcutContext.WindowShortcut)
        self._cancel_place.setEnabled(False)
        self._page_url = self._handler.publish(
            f"view/{self._token}/index.html", build_page().encode("utf-8"), "text/html"
        )
        self.page.renderProcessTerminated.connect(self._on_page_renderProcessTerminated)
        self.view.load(QUrl(self._page_url))

    # -- public API -------------------------------------------------------------
    def is_ready(self) -> bool:
        """True once the page has drawn the document's data."""
        return self._ready

    def set_document(self, document: PlanDocument) -> None:
        """Show ``document``'s plan and follow its changes and selection."""
        if self.document is not None:
            self.document.planChanged.disconnect(self._on_document_planChanged)
            self.document.selectionChanged.disconnect(self._on_document_selectionChanged)
            self.document.opened.disconnect(self._on_document_opened)
        self.document = document
        document.planChanged.connect(self._on_document_planChanged)
        document.selectionChanged.connect(self._on_document_selectionChanged)
        document.opened.connect(self._on_document_opened)
        self._load_data(fit=True)

    def show_route(self, stops: Sequence[Sequence[Any]]) -> None:
        """Show one day's route as a numbered line (``(lat, lon, label[, mark])`` per stop)."""
        self._post(protocol.route(data.route_payload(stops)))

    def fit_territory(self, territory_id: str) -> None:
        """Zoom to a territory."""
        if self.document is not None:
            bounds = data.territory_bounds(self.document.plan, territory_id)
            if bounds:
                self._post(protocol.fit(bounds))

    def fit_customers(self, ids: Sequence[str]) -> None:
        """Zoom to some customers (a comparison's moving customers)."""
        if self.document is not None:
            bounds = data.customer_bounds(self.document.plan, ids)
            if bounds:
                self._post(protocol.fit(bounds))

    def fit_all(self) -> None:
        """Zoom to every customer and home base."""
        if self.document is not None:
            bounds = data.plan_bounds(self.document.plan)
            if bounds:
                self._post(protocol.fit(bounds))

    def set_layers(self, **visible: bool) -> None:
        """Show/hide ``customers``, ``territories``, ``labels``, ``homes``, ``route``."""
        for key, on in visible.items():
            self._sticky[f"layer:{key}"] = protocol.layers({key: on})
        self._post(protocol.layers(visible))

    def set_tool(self, name: str) -> None:
        """Switch the page's tool (see :data:`planner.maps.protocol.TOOLS`)."""
        if name not in protocol.TOOLS:
            raise ValueError(f"unknown tool {name!r}")
        self._post(protocol.tool(name))

    def set_size_by(self, size_by: str) -> None:
        """Point size by ``none``, ``sales`` or ``rank``."""
        if size_by not in protocol.SIZE_BY:
            raise ValueError(f"unknown size {size_by!r}")
        self._post_sticky("size", protocol.style(size_by))

    def set_color_by(self, color_by: str) -> None:
        """Point colour by ``territory``, ``rank`` or ``weekday`` (the calendar's visit day)."""
        if color_by not in protocol.COLOR_BY:
            raise ValueError(f"unknown colouring {color_by!r}")
        self._color_by = color_by
        self._send_visit_days()
        self._post_sticky("color", protocol.style(color_by=color_by))

    def set_base_map(self, name: str) -> None:
        """Show base map ``name`` (see :data:`planner.maps.protocol.BASE_MAPS`)."""
        self._post_sticky("base", protocol.base(name))
        self.baseMapChosen.emit(name)

    set_base_layer = set_base_map

    def retranslate(self) -> None:
        """Give the page its texts in the current language (no reload: the view stays)."""
        self._page_url = self._handler.publish(
            f"view/{self._token}/index.html", build_page().encode("utf-8"), "text/html"
        )  # a reload after a crash starts in this language too
        self._post(protocol.strings(page_strings()))

    def place_customer(self, customer_id: str) -> None:
        """Start placing (or re-placing) a customer by hand: a draggable pin at the best guess
        of where it is (:func:`planner.maps.pin.customer_pin_start`), the map flown there
        at street level, a hint to drag the pin and confirm."""
        if self.document is None:
            return
        c = self.document.plan.customers
        rows = c.loc[c[m.CUSTOMER_ID] == customer_id]
        if not len(rows):
            return
        start = customer_pin_start(self.document.plan, customer_id)
        self._start_placing(customer_id, str(rows.iloc[0][m.NAME]), start)

    def place_home(self, territory_id: str) -> None:
        """Start placing a rep's home base by hand: the pin at it (or the map centre)."""
        if self.document is None:
            return
        t = self.document.plan.territory(territory_id)
        label = tr("Home base of {rep}", rep=t.rep or t.name)
        start = home_pin_start(self.document.plan, territory_id)
        self._start_placing(HOME_PIN + territory_id, label, start)

    def placing(self) -> str:
        """The id of the pin being placed by hand ("" when none is)."""
        return self._placing

    def end_placing(self) -> None:
        """End placing by hand without moving anything: the pin and its hint go (Esc, an
        undo, another plan, a dialog opened; confirming on the page ends it too)."""
        if self._placing:
            self._stop_placing()
            self._post(protocol.unplace())

    def _start_placing(self, pin_id: str, label: str, start: PinStart | None) -> None:
        self._placing = pin_id
        self._cancel_place.setEnabled(True)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._watching:  # a dialog opening ends it
            app.focusChanged.connect(self._on_app_focusChanged)
            self._watching = True
        at, zoom = (start.at, start.zoom) if start else (None, None)
        self._post(protocol.place(pin_id, label, at, zoom))

    def _stop_placing(self) -> None:
        self._placing = ""
        self._cancel_place.setEnabled(False)
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching:
            app.focusChanged.disconnect(self._on_app_focusChanged)
            self._watching = False

    def _on_app_focusChanged(self, _old: QWidget | None, now: QWidget | None) -> None:
        """While placing: a dialog that takes the focus (Edit customer…, a message, Open…)
        ends it."""
        if self._placing and now is not None and isinstance(now.window(), QDialog):
            self.end_placing()

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page (tests and diagnostics)."""
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    @property
    def version(self) -> int:
        """Version of the last state sent to the page (compare with ``frameDrawn``)."""
        return self._version

    def is_up_to_date(self) -> bool:
        """True when the page has painted the last state sent to it."""
        return self._drawn_version >= self._version

    # -- sending ------------------------------------------------------------------
    def _post(self, text: str) -> None:
        if self._page_ready:
            self.bridge.message.emit(text)
        else:
            self._queue.append(text)

    def _post_sticky(self, key: str, text: str) -> None:
        """Send a view setting and remember it for a reloaded page."""
        self._sticky[key] = text
        self._post(text)

    def _next_version(self) -> int:
        self._version += 1
        return self._version

    def _load_data(self, *, fit: bool) -> None:
        assert self.document is not None
        plan = self.document.plan
        version = self._next_version()
        path = f"view/{self._token}/data-{version}.json"
        url = self._handler.publish(path, data.document_for(plan))
        self._data_paths.append(path)
        while len(self._data_paths) > 2:  # keep the previous one: the page may be fetching it
            self._handler.unpublish(self._data_paths.pop(0))
        self._ids = pd.Index(plan.customers[m.CUSTOMER_ID].to_numpy())
        self._territory_ids = plan.territory_ids
        self._shown_boundaries = {t.id: t.boundary for t in plan.territories}
        self._load_version = version
        # Queued data messages describe older states than this document: drop them.
        self._queue = [q for q in self._queue if not q.startswith(_DATA_MESSAGES)]
        self._post(protocol.load(url, version, fit=fit))
        self._send_visit_days()
        if self.document.selection:
            self._on_document_selectionChanged(self.document.selection)

    # -- document → page ----------------------------------------------------------
    def _on_document_opened(self) -> None:
        self.end_placing()
        self._fit_next = True  # another plan (an import, a file): show all of its customers

    def _on_document_planChanged(self, changes: Changes) -> None:
        assert self.document is not None
        self.end_placing()  # an undo, any edit (a confirmed pin's move too): the pin goes
        if self._fit_next:
            self._fit_next = False
            self._load_data(fit=True)
            return
        plan = self.document.plan
        same_ids = True
        if changes.customers or changes.customer_ids is None:  # rows may have come or gone
            ids = plan.customers[m.CUSTOMER_ID].to_numpy()
            same_ids = len(ids) == len(self._ids) and bool((self._ids.to_numpy() == ids).all())
        fields_changed = changes.customers or changes.frequencies
        if not same_ids or (fields_changed and changes.customer_ids is None):
            self._load_data(fit=False)  # new rows or any field of anyone: send everything
            return
        positions = (
            None
            if changes.customer_ids is None
            else data.positions_of(self._ids, changes.customer_ids)
        )
        same_territories = plan.territory_ids == self._territory_ids
        if changes.territories:
            self._send_territories(plan)
            if not same_territories:
                positions = None
        if fields_changed:
            self._post(protocol.encode("patch", **data.customers_patch(plan, positions)))
        if changes.assignment or changes.customers or not same_territories:
            payload = data.recolor_payload(plan, positions)
            self._post(protocol.recolor(payload, self._next_version()))
        if changes.schedule:
            self._send_visit_days()

    def _send_visit_days(self) -> None:
        """The customers' visit days, while the points are coloured by them (the calendar's
        edits then send them again; other colourings do not need them)."""
        if self._color_by == "weekday" and self.document is not None:
            groups = data.visit_day_groups(self.document.plan)
            self._queue = [q for q in self._queue if not q.startswith('{"type":"days"')]
            self._post(protocol.visit_days(groups.tolist(), self._next_version()))

    def _send_territories(self, plan: m.Plan) -> None:
        payload = data.territories_payload(plan, self._shown_boundaries)
        self._territory_ids = plan.territory_ids
        self._shown_boundaries = {t.id: t.boundary for t in plan.territories}
        self._post(protocol.territories(payload, self._next_version()))

    def _on_document_selectionChanged(self, ids: frozenset[str]) -> None:
        self._post(protocol.selection(data.positions_of(self._ids, ids)))

    def _on_page_renderProcessTerminated(self, status: object, code: int) -> None:
        """The page's process died (out of memory, killed): load it again with the data."""
        log.error("map page process ended (%s, %s); reloading", status, code)
        self._page_ready = False
        self._queue = []
        self._stop_placing()  # the new page has no pin
        self.view.load(QUrl(self._page_url))
        if self.document is not None:
            self._load_data(fit=False)
        for text in self._sticky.values():
            self._post(text)

    # -- page → Python --------------------------------------------------------------
    def _on_bridge_received(self, text: str) -> None:
        try:
            msg = protocol.parse(text)
        except protocol.ProtocolError as exc:
            log.error("bad map message %r: %s", text[:200], exc)
            self.page.errors.append(f"protocol: {exc}")
            return
        self.pageMessage.emit(msg)
        if isinstance(msg, protocol.Ready):
            self._page_ready = True
            queue, self._queue = self._queue, []
            for item in queue:
                self.bridge.message.emit(item)
        elif isinstance(msg, protocol.Drawn):
            self._drawn_version = max(self._drawn_version, msg.version)
            self.frameDrawn.emit(msg.version)
            if not self._ready and msg.version >= self._load_version >= 0:
                self._ready = True
                self.mapReady.emit()
        elif isinstance(msg, protocol.TileStatus):
            if msg.offline:
                self.tilesUnavailable.emit()
            else:
                self.tilesRestored.emit()
        elif isinstance(msg, protocol.PageError):
            self.page.errors.append(msg.message)
            log.error("map page error: %s", msg.message)
        elif isinstance(msg, protocol.Select):
            self._select(msg)
        elif isinstance(msg, protocol.Unplaced):
            if msg.id == self._placing:  # confirmed or cancelled on the page
                self._stop_placing()
        elif isinstance(msg, protocol.Menu):
            self.menuRequested.emit(QPoint(int(msg.x), int(msg.y)), msg.id)
        elif isinstance(msg, (protocol.Reshape, protocol.Draw, protocol.Move)):
            self._edit(msg)

    def _select(self, msg: protocol.Select) -> None:
        if self.document is None:
            return
        ids = set(msg.ids)
        if msg.mode == "add":
            ids |= self.document.selection
        self.document.set_selection(ids)

    def _edit(self, msg: protocol.Reshape | protocol.Draw | protocol.Move) -> None:
        if self.document is None:
            return
        try:
            before = self.document.plan
            if isinstance(msg, protocol.Move) and unmoved(before, msg):
                return  # a pin confirmed where it stood, on a trusted position
            edit = edit_for(before, msg)
            self.document.push(edit)
            after = self.document.plan
            over = "" if isinstance(msg, protocol.Move) else over_hours_note(
                before, after, self.document.metrics)  # 「…週47.8時間になり、…を超えます。」
            if isinstance(msg, protocol.Draw):  # 「テリトリー「テリトリー9」を作成しました…」
                self.edited.emit(sentences(drawn_note(before, after), over), bool(over))
            elif not isinstance(msg, protocol.Move):
                self.edited.emit(sentences(moved_note(before, after, msg.territory)
                                           or tr("No customer changed territory."), over),
                                 bool(over))
            elif msg.id.startswith(HOME_PIN) and (text := home_note(
                    before, self.document.plan, msg.id[len(HOME_PIN):])):
                self.edited.emit(text, False)  # "Set the home base of 東京エリア."
            elif not msg.id.startswith(HOME_PIN):  # placed inside another territory's area?
                offer_area_moves(self.document, before, [msg.id])
        except PlannerError as exc:
            self.editFailed.emit(str(exc))
            # Put the page back in step with the plan (the gesture was refused).
            plan = self.document.plan
            self._shown_boundaries = {}
            self._send_territories(plan)
            self._post(protocol.encode("patch", **data.customers_patch(plan, None)))
        except NotImplementedError as exc:
            self.editFailed.emit(tr("This map edit is not available yet: {what}", what=str(exc)))
