"""The shareable HTML map: ONE self-contained file (Leaflet, styles and data inlined).

Customers are drawn on a canvas renderer coloured by territory, with the
territory boundaries and home bases, one layer per rep, a legend and tooltips.
Only map tiles (OpenStreetMap, 地理院タイル) come from the internet; under them lies the
window's offline outline of Japan's prefectures (embedded), so without a connection the
customers and boundaries show on that outline, and a notice on the map says why
(「地図の背景を読み込めません（オフライン）。…」).
Customer data is shown with ``textContent`` only, never parsed as HTML.
"""

from __future__ import annotations

import base64
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner.areas import areas_text, territory_areas
from planner.calendar_rhythm import frequencies_beside_calendar
from planner.compare import calendar_state, visit_day_texts
from planner.errors import PlannerError
from planner.export.common import write_atomically
from planner.export.nav_links import STOP_URL_TEMPLATE
from planner.i18n import language, tr, trn
from planner.maps.data import label_point, visit_day_groups
from planner.maps.leaflet_words import SCRIPT_PATH as _WORDS_JS
from planner.maps.leaflet_words import leaflet_words
from planner.maps.share_day import day_routes
from planner.maps.share_visits import visit_stops
from planner.maps.tiles import BASE_MAPS
from planner.progress import Progress, report
from planner.rep_titles import territory_title
from planner.visit_times import visit_time_label


@cache
def _leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS from the installed xstatic package, images inlined as data URIs."""
    import xstatic.pkg.leaflet as xleaflet

    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = (base / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    return js, css


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<`` can close it or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def share_data(plan: m.Plan, *, nav_links: bool = True) -> dict[str, Any]:
    """The plain data the page draws: territories, columnar customers, translated labels;
    ``nav_links``: a tapped customer's popup links to Google Maps' directions to it."""
    c = plan.customers
    lat = c[m.LAT].to_numpy(dtype=float)
    lon = c[m.LON].to_numpy(dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    index = {t.id: i for i, t in enumerate(plan.territories)}
    terr = np.array([index.get(t, -1) for t in c[m.TERRITORY].to_numpy(dtype=object)])
    # the frequency, with the calendar's rhythm where it differs (above the visit days:
    # 6週に1回（カレンダーでは8週に1回） over 8週に1回(第4週) 火)
    freq_words = np.array(frequencies_beside_calendar(plan), dtype=object)
    territories = []
    areas = territory_areas(plan)
    for t in plan.territories:
        boundary, drawn = None, False
        geom = t.boundary
        if geom is not None and not geom.is_empty:
            drawn = True
        else:  # no drawn boundary: the outline of the territory's customers, dashed
            mine = ok & (terr == index[t.id])
            geom = shapely.convex_hull(shapely.multipoints(np.column_stack([lon[mine], lat[mine]])))
            if geom.geom_type != "Polygon":
                geom = None
        at = None
        if geom is not None:
            boundary = json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-6)))
            mine = ok & (terr == index[t.id])
            p = label_point(geom, lon[mine], lat[mine])  # where its name goes (as the window's)
            at = [round(p.y, 6), round(p.x, 6)]
        # a territory named after its rep (as imported) shows the name once, not "A — A"
        rep = t.rep if t.rep.strip() != t.name.strip() else ""
        count = int((terr == index[t.id]).sum())
        territories.append({
            "id": t.id, "name": t.name, "color": t.color, "rep": rep,
            "label": _with_rep(t.name, rep), "legend": _legend_row(t.name, rep, count),
            "home": (
                [round(t.home_lat, 6), round(t.home_lon, 6)]
                if t.home_lat is not None and t.home_lon is not None else None
            ),
            "boundary": boundary,
            "at": at,
            "drawn": drawn,
            "customers": count,
            "areas": areas_text(areas.get(t.id, [])),  # its municipalities (担当エリア)
        })
    sel = np.flatnonzero(ok)
    customers = {
        "lat": np.round(lat[sel], 6).tolist(),
        "lon": np.round(lon[sel], 6).tolist(),
        "t": terr[sel].tolist(),
        "name": c[m.NAME].to_numpy(dtype=object)[sel].tolist(),
        "address": c[m.ADDRESS].to_numpy(dtype=object)[sel].tolist(),
        # a rep on a phone looks up the shop's number and when it takes visits (時間指定)
        "phone": [v if isinstance(v, str) else "" for v in c[m.PHONE].to_numpy(dtype=object)[sel]],
        "hours": [visit_time_label(v) for v in c[m.VISIT_TIME].to_numpy(dtype=object)[sel]],
        "rank": c[m.RANK].to_numpy(dtype=object)[sel].tolist(),
        "freq": freq_words[sel].tolist(),
        # those placed at their 丁目, town or municipality (nearby:…): a dashed ring, to check
        "approx": np.flatnonzero(approximate_mask(c)[sel]).tolist(),
    }
    if plan.schedule is not None and not plan.schedule.empty and calendar_state(plan) == "built":
        # the rep's question: which day is this customer? (words, and the colour by day)
        ids = c[m.CUSTOMER_ID].astype(str).to_numpy()[sel]
        customers["days"] = visit_day_texts(plan, ids)
        customers["dg"] = visit_day_groups(plan)[sel].tolist()
        # and the how-many-th stop at what time, as the route sheet and phone calendar say
        customers["stops"] = visit_stops(plan, ids)
    # a rep's day (stops in order, the route, the day's figures): only with such a calendar
    routes = day_routes(plan) if "stops" in customers else None
    return {
        "day_view": routes,
        "territories": territories,
        "customers": customers,
        "unlocated": int((~ok).sum()),
        "labels": {
            "address": tr("Address"), "rank": tr("Rank"), "frequency": tr("Visit frequency"),
            "phone": tr("Phone"), "hours": tr("Hours"),
            "territory": tr("Territory"), "unassigned": tr("Unassigned"),
            "legend": tr("Territories"), "home": tr("Home base"), "osm": "OpenStreetMap",
            "gsi": tr("GSI standard map"),
            # a count of customers: 411 customers / 411件 (no space before a Japanese counter)
            "count_one": tr("{n} customer"), "count": tr("{n} customers"),
            "areas": tr("Areas (customers)"),
            "fold": tr("Click to show or hide the list"),
            "visit_days": tr("Visit days"), "stops": tr("Planned visits (stop, arrival)"),
            "colour": tr("Point colour"),
            "by_territory": tr("Colour by territory"), "by_day": tr("Colour by visit day"),
            "visit_day": tr("Visit day (calendar)"), "several": tr("Several days"),
            "no_visits": tr("Not in the calendar"),
            # no tiles (offline): the map is blank, the customers are all there
            "offline": tr("The map background cannot be loaded (offline): showing the "
                          "outline of Japan with the customers and territories."),
            "approximate": tr("Approximate position: check it on the map"),  # as the window's
            # the whole line, the count inside it: 「地図上の位置がない顧客: 1件」
            "unlocated": tr("Customers without a map position: {n}",
                            n=f"{int((~ok).sum()):,}"),
            "days": [tr(m.WEEKDAY_TITLES[d]) for d in m.WEEKDAYS],
            **leaflet_words(),  # Leaflet's own buttons, as the window's map names them
        },
        # the popup's 「ここへのナビ（Googleマップ）」: the page fills in the position (a link,
        # never loaded by the page)
        "nav": {"url": STOP_URL_TEMPLATE, "text": tr("Navigate here (Google Maps)")}
        if nav_links else None,
        "day_colors": list(m.DAY_GROUP_COLORS),
        # under the tiles: hidden by them online, the map a rep sees offline
        "outline": _outline_geojson(),
        "tiles": {
            "osm": list(BASE_MAPS["osm"][:2]),
            "gsi": list(BASE_MAPS["gsi_std"][:2]),
        },
    }


@cache
def _outline_geojson() -> dict[str, Any] | None:
    """The prefectures' outline the window's offline map draws (``resources/japan``), its
    shapes only, embedded so the page shows Japan without a network; None when missing."""
    from planner.resources import resource_path

    path = resource_path("japan", "prefectures.geojson")
    try:
        features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
    except (OSError, ValueError):
        return None
    shapes = [{"type": "Feature", "properties": {}, "geometry": f["geometry"]}
              for f in features if f.get("geometry")]
    return {"type": "FeatureCollection", "features": shapes} if shapes else None


def _with_rep(name: str, rep: str) -> str:
    """The territory with its rep, for a tooltip: ``東京エリア（鈴木 一郎）``, ``Tokyo (Suzuki)``."""
    return territory_title(name, rep)


def _legend_row(name: str, rep: str, customers: int) -> str:
    """A legend line: ``東京エリア（鈴木 一郎）216件`` (Japanese brackets, no spaces round
    them), ``Tokyo (Suzuki) 216 customers``."""
    count = trn("{n} customer", "{n} customers", customers, n=f"{customers:,}")
    if rep:
        return tr("{name} ({rep}) {count}", name=name, rep=rep, count=count)
    return tr("{name} {count}", name=name, count=count)


_PAGE_CSS = """
html, body, #map { height: 100%; margin: 0; }
body { font-family: "Meiryo", "Yu Gothic", "Hiragino Sans", "IPAexGothic", sans-serif; }
.tp-legend { background: #fff; padding: 6px 10px; border-radius: 4px; line-height: 1.5;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 60vh; overflow-y: auto; font-size: 12px; }
.tp-legend h4 { margin: 0 0 4px; font-size: 13px; }
.tp-chooser { max-width: calc(100vw - 90px); }  /* clear of the layer button beside it */
.tp-swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  border: 1px solid #333; vertical-align: middle; }
/* a territory's name on the map, as the window's map draws it (tp.css, tp_label_place.js) */
.tp-icon { background: none; border: none; }
.tp-label { transform: translate(-50%, -50%); white-space: nowrap; font-size: 14px;
  font-weight: bold; color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff;
  border-bottom: 3px solid var(--tp-color, #666); padding: 0 2px; }
.tp-label.tp-label-small { font-size: 11px; border-bottom-width: 2px; padding: 0 1px; }
.tp-tip b { display: block; font-size: 13px; }
.tp-tip span { display: block; }
.tp-tip a.tp-nav { display: inline-block; margin-top: 4px; font-size: 13px; }
.tp-tip .tp-approx { color: #b71c1c; }  /* as the window's map says it */
/* no tiles (offline): the notice above the scale, clear of the legend on a phone */
/* the sea under the embedded outline of Japan (seen offline, as the window's map draws it);
   zoomed in to a few wards its coarse coast would be wrong: a plain background instead */
.leaflet-container { background: #cfe2f3; }
.leaflet-container.tp-outline-near { background: #f1f1ee; }
.tp-outline-near .leaflet-tpOutline-pane { display: none; }
/* a rep's day (share_day.js): beside the point colour box, its stops numbered in order */
.tp-day { clear: none; max-width: min(320px, calc(100vw - 130px)); }  /* clear of the layers */
.tp-day h4 { margin: 0; }
.tp-day label { display: block; margin-top: 6px; }
.tp-day select, .tp-day button { font-family: inherit; }  /* (not the browser's serif) */
.tp-day select { display: block; font-size: 16px; max-width: 100%; margin-top: 2px; }
.tp-day-summary { margin-top: 6px; }
.tp-day-line { font-weight: bold; font-size: 13px; }
.tp-day-missing { color: #b71c1c; }
.tp-day-all { font-size: 14px; padding: 6px 10px; margin-top: 6px; }
.tp-stop-no { width: 26px; height: 26px; box-sizing: border-box; border-radius: 50%;
  border: 2px solid #fff; box-shadow: 0 0 0 1px #333, 0 1px 3px rgba(0,0,0,.4);
  font: bold 13px/22px sans-serif; text-align: center; }
.tp-offline { background: #fff8e1; color: #5d4037; border: 1px solid #f0b400; border-radius: 4px;
  padding: 4px 8px; font-size: 12px; line-height: 1.5; box-shadow: 0 1px 4px rgba(0,0,0,.25);
  max-width: min(520px, calc(100vw - 150px)); }
"""

#: The page's scripts, in their own files as the window map's are: the one naming Leaflet's
#: buttons and the one placing the territories' names (the window's map runs both too), then
#: the page's own (a customer's lines, share_tip.js, then the rest, then a rep's day view,
#: share_day.js, which works through the ``TP_SHARE`` the rest leaves).
_PAGE_JS = "\n".join(
    path.read_text(encoding="utf-8")
    for path in (_WORDS_JS, Path(__file__).parent / "static" / "tp_label_place.js",
                 Path(__file__).parent / "static" / "share_tip.js",
                 Path(__file__).parent / "static" / "share_page.js",
                 Path(__file__).parent / "static" / "share_day.js")
)


def build_share_html(plan: m.Plan, *, title: str | None = None, nav_links: bool = True) -> str:
    """The complete page as text."""
    js, css = _leaflet_assets()
    data = share_data(plan, nav_links=nav_links)
    heading = title or tr("Territory map")
    lang = "ja" if language() == "ja" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape_html(heading)}</title>\n"
        f"<style>\n{css}\n</style>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        '<div id="map"></div>\n'
        f"<script>\n{js}\n</script>\n"
        f'<script id="tp-data" type="application/json">{_script_json(data)}</script>\n'
        f"<script>{_PAGE_JS}</script>\n</body>\n</html>\n"
    )


def _escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def check_share_map(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` when ``plan`` cannot give a map (no customer has a position)."""
    if not isinstance(plan, m.Plan):
        raise TypeError("plan must be a Plan")
    if not m.located_mask(plan.customers).any():
        raise PlannerError(tr("No customer has a position yet, so there is nothing to map."))


def export_share_map(
    plan: m.Plan,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    progress: Progress | None = None,
    nav_links: bool = True,
) -> Path:
    """Write the shareable map to ``path`` (``.html``) atomically; return the path written
    (``nav_links=False``: no Google Maps link in the customers' popups)."""
    check_share_map(plan)
    report(progress, 0.0, tr("Writing the HTML map…"))
    html = build_share_html(plan, title=title, nav_links=nav_links)
    report(progress, 0.8, tr("Writing the HTML map…"))

    def write(tmp: Path) -> None:
        tmp.write_text(html, encoding="utf-8")

    target = write_atomically(path, write, source=plan.source_paths(), suffix=".html")
    report(progress, 1.0, tr("HTML map written."))
    return target
