"""The View menu's map choices: base map, colour by, size by and the layers shown.

Each choice is forwarded to the map view; the base map is remembered in the settings
and applied when the window starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from planner.i18n import tr
from planner.maps import protocol
from planner.ui import settings_store
from planner.ui.menu_table import with_access_key

BASE_MAPS = (  # the page's default first (as protocol.BASE_MAPS)
    ("gsi_pale", "GSI map (pale)"),
    ("gsi_std", "GSI map (standard)"),
    ("osm", "OpenStreetMap"),
    ("outline", "Outline (offline)"),
)
COLOR_BY = (
    ("territory", "Colour by territory"),
    ("rank", "Colour by rank"),
    ("weekday", "Colour by visit day"),
)
SIZE_BY = (("none", "Same size"), ("sales", "Size by sales"), ("rank", "Size by rank"))
LAYERS = (
    ("customers", "Customer markers"),
    ("territories", "Territory boundaries"),
    ("labels", "Labels"),
    ("homes", "Home bases"),
    ("route", "Route"),
)
# (key, submenu title, items)
SUBMENUS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("base_map", "Base map", BASE_MAPS),
    ("color_by", "Point colour", COLOR_BY),
    ("size_by", "Point size", SIZE_BY),
    ("layers", "Layers", LAYERS),
)

SUBMENU_KEYS = {"base_map": "B", "color_by": "C", "size_by": "Z", "layers": "L"}  # access keys


class ViewMenu:
    """Adds the map submenus to ``parent`` and forwards every choice to ``map_view``."""

    def __init__(self, parent: QMenu, map_view: Any, owner: QWidget):
        self.map_view = map_view
        self.menus: dict[str, QMenu] = {}
        handlers: dict[str, Callable[[str], None]] = {
            "base_map": self.set_base_map,
            "color_by": self.set_color_by,
            "size_by": self.set_size_by,
        }
        for key, _title, items in SUBMENUS:
            menu = parent.addMenu("")
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
            group = None if key == "layers" else QActionGroup(owner)
            for i, (item, _text) in enumerate(items):
                action = menu.addAction("")
                action.setObjectName(f"action_{key}_{item}")
                action.setCheckable(True)
                action.setChecked(key == "layers" or i == 0)
                action.setData(item)
                if group is None:
                    action.toggled.connect(lambda on, k=item: self.set_layer(k, on))
                else:
                    group.addAction(action)
                    action.triggered.connect(lambda _c=False, k=item, fn=handlers[key]: fn(k))
        self.set_base_map(settings_store.base_map(), remember=False)

    def action(self, menu: str, item: str) -> QAction:
        """The action of ``item`` in submenu ``menu`` (tests, shortcuts)."""
        for action in self.menus[menu].actions():
            if action.data() == item:
                return action
        raise KeyError(f"{menu}/{item}")

    def retranslate(self) -> None:
        for key, title, items in SUBMENUS:
            menu = self.menus[key]
            menu.setTitle(with_access_key(tr(title), SUBMENU_KEYS[key]))
            texts = dict(items)
            for number, action in enumerate(menu.actions(), 1):  # "&1 OpenStreetMap"
                text = tr(texts[action.data()])
                action.setText(with_access_key(text, str(number % 10)))

    def _check(self, menu: str, item: str) -> None:
        for action in self.menus[menu].actions():
            action.setChecked(action.data() == item)

    def _map(self, name: str, *args: Any, **kwargs: Any) -> None:
        fn = getattr(self.map_view, name, None)
        if fn is not None:
            fn(*args, **kwargs)

    def set_base_map(self, name: str, *, remember: bool = True) -> None:
        """Show base map ``name``; ``remember`` keeps it for the next start."""
        if name not in dict(BASE_MAPS):
            name = BASE_MAPS[0][0]
        self._check("base_map", name)
        if remember:
            settings_store.set_base_map(name)
        if remember or name != protocol.BASE_MAPS[0]:  # the page starts on the first one
            self._map("set_base_map", name)

    def set_color_by(self, key: str) -> None:
        self._check("color_by", key)
        self._map("set_color_by", key)

    def set_size_by(self, key: str) -> None:
        self._check("size_by", key)
        self._map("set_size_by", key)

    def set_layer(self, key: str, on: bool) -> None:
        self._map("set_layers", **{key: on})
