"""Messages between the map page and Python: one JSON object per message, both directions.

The page sends user gestures (``select``, ``reshape``, ``draw``, ``move``, ``unplaced``) and
life-cycle events (``ready``, ``drawn``, ``error``, ``tiles``); Python decides
what they mean and sends results back (``load``, ``recolor``, ``territories``,
``selection``, ``route`` …). Everything here is plain Python so it is tested
without Qt; :func:`parse` validates untrusted page input before anything acts on it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from planner.maps.data import dumps


class ProtocolError(ValueError):
    """A page message that does not follow the protocol (a bug, never a user mistake)."""


# --- page → Python --------------------------------------------------------------


@dataclass(frozen=True)
class Ready:
    """The page has connected the bridge; queued calls may flow."""


@dataclass(frozen=True)
class Drawn:
    """The page has drawn data version ``version`` (after a frame was painted)."""

    version: int
    count: int


@dataclass(frozen=True)
class Select:
    """The user picked customers; ``mode`` is ``replace`` or ``add``."""

    ids: tuple[str, ...]
    mode: str


@dataclass(frozen=True)
class Reshape:
    """The user dragged a territory boundary to ``polygon``."""

    territory: str
    polygon: BaseGeometry


@dataclass(frozen=True)
class Draw:
    """The user drew a new territory ``polygon``."""

    polygon: BaseGeometry


@dataclass(frozen=True)
class Move:
    """The user placed customer ``id`` at (``lat``, ``lon``)."""

    id: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PageError:
    """A script error the page caught (logged; a test fails on it)."""

    message: str


@dataclass(frozen=True)
class TileStatus:
    """Tile loading trouble: ``failed`` tiles so far; ``offline`` when the outline took over."""

    failed: int
    offline: bool


@dataclass(frozen=True)
class Menu:
    """A right click at (``x``, ``y``) in the map's pixels, on customer ``id`` ("" for none)."""

    x: float
    y: float
    id: str = ""


@dataclass(frozen=True)
class Unplaced:
    """Placing pin ``id`` by hand ended on the page (confirmed, or cancelled with Esc or the
    hint's Cancel): its pin is gone."""

    id: str


Message = (Ready | Drawn | Select | Reshape | Draw | Move | PageError | TileStatus | Menu
           | Unplaced)

SELECT_MODES = ("replace", "add")


def _polygon(value: Any) -> BaseGeometry:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ProtocolError("polygon must be a GeoJSON Polygon or MultiPolygon")
    try:
        geom = shape(value)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        raise ProtocolError(f"bad polygon: {exc}") from None
    if geom.is_empty:
        raise ProtocolError("empty polygon")
    return geom


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProtocolError(f"{name} must be a number")
    if not math.isfinite(value):
        raise ProtocolError(f"{name} must be finite")
    return float(value)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ProtocolError(f"{name} must be a string")
    return value


def parse(text: str) -> Message:
    """Decode one page message; raise :class:`ProtocolError` when it is malformed."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProtocolError("a message is a JSON object")
    kind = data.get("type")
    if kind == "ready":
        return Ready()
    if kind == "drawn":
        return Drawn(int(_number(data.get("version"), "version")), int(data.get("count", 0)))
    if kind == "select":
        ids = data.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ProtocolError("ids must be a list of strings")
        mode = data.get("mode", "replace")
        if mode not in SELECT_MODES:
            raise ProtocolError(f"unknown select mode {mode!r}")
        return Select(tuple(ids), mode)
    if kind == "reshape":
        return Reshape(_text(data.get("territory"), "territory"), _polygon(data.get("polygon")))
    if kind == "draw":
        return Draw(_polygon(data.get("polygon")))
    if kind == "move":
        lat = _number(data.get("lat"), "lat")
        lon = _number(data.get("lon"), "lon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ProtocolError("position out of range")
        return Move(_text(data.get("id"), "id"), lat, lon)
    if kind == "menu":
        hit = data.get("id") or ""
        return Menu(_number(data.get("x"), "x"), _number(data.get("y"), "y"), _text(hit, "id"))
    if kind == "unplaced":
        return Unplaced(_text(data.get("id"), "id"))
    if kind == "error":
        return PageError(str(data.get("message", "")))
    if kind == "tiles":
        return TileStatus(int(_number(data.get("failed", 0), "failed")), bool(data.get("offline")))
    raise ProtocolError(f"unknown message type {kind!r}")


# --- Python → page --------------------------------------------------------------


def encode(kind: str, **payload: Any) -> str:
    """One message for the page: ``{"type": kind, ...payload}`` as JSON text."""
    return dumps({"type": kind, **payload})


def load(url: str, version: int, *, fit: bool) -> str:
    """Fetch the data document at ``url`` and draw it; ``fit`` zooms to it."""
    return encode("load", url=url, version=version, fit=fit)


def recolor(payload: dict[str, Any], version: int) -> str:
    """New territory indices/flags (all customers, or ``idx`` positions only)."""
    return encode("recolor", version=version, **payload)


def territories(items: list[dict[str, Any]], version: int) -> str:
    """Replace the territory polygons, labels, homes and legend."""
    return encode("territories", territories=items, version=version)


def visit_days(groups: list[int], version: int) -> str:
    """Each customer's visit-day colour group (``data.visit_day_groups``), in loaded order;
    the page reports ``version`` drawn once it has painted them."""
    return encode("days", days=groups, version=version)


def selection(positions: list[int]) -> str:
    """Highlight the customers at ``positions`` (the document's selection)."""
    return encode("selection", idx=positions)


def route(stops: list[list[Any]]) -> str:
    """Show one day's route as a numbered line (empty list clears it)."""
    return encode("route", stops=stops)


def fit(bounds: list[list[float]]) -> str:
    """Zoom the map to ``[[south, west], [north, east]]``."""
    return encode("fit", bounds=bounds)


def layers(visible: dict[str, bool]) -> str:
    """Show or hide overlays: ``customers``, ``territories``, ``homes``, ``labels``, ``route``."""
    return encode("layers", visible=visible)


def tool(name: str) -> str:
    """Switch the active tool (``pan``, ``lasso``, ``rect``, ``edit``, ``draw``, ``move``)."""
    return encode("tool", name=name)


def style(size_by: str | None = None, *, color_by: str | None = None) -> str:
    """Point size by ``none``, ``sales`` or ``rank``; colour by ``territory``, ``rank`` or
    ``weekday`` (the calendar's visit day)."""
    payload = {"sizeBy": size_by, "colorBy": color_by}
    return encode("style", **{k: v for k, v in payload.items() if v is not None})


def base(name: str) -> str:
    """Switch the base map (one of :data:`BASE_MAPS`)."""
    if name not in BASE_MAPS:
        raise ValueError(f"unknown base map {name!r}")
    return encode("base", name=name)


def strings(words: dict[str, Any]) -> str:
    """The page's texts in a new language (toolbar, legend, layer names, tooltips)."""
    return encode("strings", strings=words)


def place(
    customer_id: str, label: str, at: tuple[float, float] | None = None, zoom: int | None = None
) -> str:
    """Start placing a customer by hand: a draggable pin at ``at`` (the best guess of where
    it is) or, with none, the map's centre; the map flies there, zoomed in to at least
    ``zoom``; the hint says to drag the pin and confirm (Esc cancels)."""
    return encode("place", id=customer_id, label=label, at=list(at) if at else None, zoom=zoom)


def unplace() -> str:
    """End placing by hand (the pin goes): another step came first (an undo, a dialog)."""
    return encode("unplace")


TOOLS = ("pan", "lasso", "rect", "edit", "draw", "move")
SIZE_BY = ("none", "sales", "rank")
COLOR_BY = ("territory", "rank", "weekday")
#: Base maps: 地理院タイル pale and standard, OpenStreetMap, the bundled offline outline.
BASE_MAPS = ("gsi_pale", "gsi_std", "osm", "outline")
