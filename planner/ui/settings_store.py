"""The program's own settings (not the plan's): language, recent files, base map, autosave.

Stored with QSettings under the organisation/application names set in ``app.py``.
Tests point QSettings at a temporary folder (``QSettings.setPath``) or call
:func:`use_file` so they never touch the user's settings.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8
DEFAULT_AUTOSAVE_SECONDS = 180

_file: str | None = None


def use_file(path: str | None) -> None:
    """Keep the settings in the INI file ``path`` (tests), or back in the default place."""
    global _file
    _file = path


def _settings() -> QSettings:
    if _file:
        return QSettings(_file, QSettings.Format.IniFormat)
    return QSettings()


def _get(key: str, default: object) -> object:
    value = _settings().value(key, default)
    return default if value is None else value


def language() -> str:
    """``"ja"``, ``"en"`` or ``""`` (follow the system)."""
    value = str(_get("language", ""))
    return value if value in ("ja", "en") else ""


def set_language(code: str) -> None:
    _settings().setValue("language", code)


def recent_files() -> list[str]:
    value = _get("recent_files", [])
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return [str(p) for p in items if p][:MAX_RECENT]


def add_recent_file(path: str) -> list[str]:
    """Put ``path`` first in the recent files; returns the new list."""
    path = str(Path(path).resolve())
    items = [path] + [p for p in recent_files() if p != path]
    _settings().setValue("recent_files", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def remove_recent_file(path: str) -> list[str]:
    """Take ``path`` off the recent files (it is gone); returns the new list."""
    items = [p for p in recent_files() if p != path]
    _settings().setValue("recent_files", items)
    return items


def base_map() -> str:
    """``gsi_pale`` (default), ``gsi_std``, ``osm`` or ``outline``."""
    value = str(_get("base_map", "gsi_pale"))
    return "gsi_std" if value == "gsi" else value  # the name before 0.2


def set_base_map(name: str) -> None:
    _settings().setValue("base_map", name)


def autosave_seconds() -> int:
    try:
        return max(5, int(_get("autosave_seconds", DEFAULT_AUTOSAVE_SECONDS)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_AUTOSAVE_SECONDS


def set_autosave_seconds(seconds: int) -> None:
    _settings().setValue("autosave_seconds", int(seconds))


def nav_links() -> bool:
    """Whether the route sheets, hand-outs and HTML map carry Google Maps links (default:
    yes; a company that forbids Google turns them off in Preferences)."""
    return str(_get("nav_links", "true")).lower() in ("true", "1")


def set_nav_links(on: bool) -> None:
    _settings().setValue("nav_links", bool(on))


def map_background() -> bool:
    """Whether the hand-outs' maps print on a street background (Preferences → 印刷の地図に
    背景; default: yes; offline they print without it)."""
    return str(_get("map_background", "true")).lower() in ("true", "1")


def set_map_background(on: bool) -> None:
    _settings().setValue("map_background", bool(on))


def first_start_done() -> bool:
    return str(_get("first_start_done", "false")).lower() in ("true", "1")


def set_first_start_done() -> None:
    _settings().setValue("first_start_done", True)


def window_state() -> tuple[bytes, bytes]:
    """The main window's saved geometry and dock layout (empty when never saved)."""
    s = _settings()
    geometry, state = s.value("window/geometry"), s.value("window/state")
    return (bytes(geometry) if geometry else b"", bytes(state) if state else b"")


def set_window_state(geometry: bytes, state: bytes) -> None:
    s = _settings()
    s.setValue("window/geometry", geometry)
    s.setValue("window/state", state)


def customer_columns() -> dict[str, int]:
    """The Customers list's column widths by column key, as the user left them."""
    try:
        found = json.loads(str(_get("window/customer_columns", "") or "{}"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): int(v) for k, v in found.items() if isinstance(v, int)}


def set_customer_columns(widths: dict[str, int]) -> None:
    _settings().setValue("window/customer_columns", json.dumps(widths))
