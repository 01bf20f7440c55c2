"""Whether a customer's coordinates lie in the prefecture its address names.

A list whose 緯度 and 経度 were typed into each other's column, or copied from the row
above, puts the rep in the wrong city. The import checks every row that has both a
position and an address against the bundled prefecture outlines
(``resources/japan/prefectures.geojson``): a point within :data:`AGREE_KM` of the named
prefecture agrees; a point in (or within :data:`NEAR_KM` of) another prefecture disagrees,
and the prefecture it lies in is named. A point near no outline (an island or a stretch of
coast the coarse outline does not draw: 淡路島, 佐渡, 石垣島) is left alone, as is an address
that names no prefecture (a designated city's 横浜市港北区 names its 神奈川県).

All of it is vectorised (shapely 2 on arrays, each distinct address read once): 100,000
rows in well under a second (``benchmarks/bench_address_check.py``).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from planner.areas import municipality
from planner.i18n import tr

#: A point this close to the named prefecture's outline agrees with the address (the
#: outline's borders are drawn in segments of about 5 km).
AGREE_KM = 5.0
#: A disagreeing point is said to lie in the prefecture whose outline it is in or this near.
NEAR_KM = 3.0

_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|[^\d\s]{2,3}?県)")
_POSTAL = re.compile(r"^〒?\s*\d{3}-?\d{4}\s*")
_SPACE = re.compile(r"\s+")
#: The designated cities (政令指定都市), whose addresses often leave out the prefecture.
_CITY_PREFECTURE = {
    "札幌市": "北海道", "仙台市": "宮城県", "さいたま市": "埼玉県", "千葉市": "千葉県",
    "横浜市": "神奈川県", "川崎市": "神奈川県", "相模原市": "神奈川県", "新潟市": "新潟県",
    "静岡市": "静岡県", "浜松市": "静岡県", "名古屋市": "愛知県", "京都市": "京都府",
    "大阪市": "大阪府", "堺市": "大阪府", "神戸市": "兵庫県", "岡山市": "岡山県",
    "広島市": "広島県", "北九州市": "福岡県", "福岡市": "福岡県", "熊本市": "熊本県",
}
_CITY = re.compile("^(" + "|".join(_CITY_PREFECTURE) + ")")
#: How much of an address can hold its prefecture or designated city after a postcode
#: (〒171-0022 神奈川県…), and how long their names are (神奈川県, さいたま市).
_HEAD = 24
_NAME = 5
#: A postcode, a 〒 or spaces in front (``\d`` and ``\s`` take full-width ones too).
_LEADING_POSTAL = re.compile(r"^[\s〒]*(?:\d{3}\s*[-－‐−ー]?\s*\d{4})?[\s〒]*")
# sinusoidal kilometres about 137°E: local distances within a few per cent over Japan
_KM_LAT = 110.95
_KM_LON = 111.32
_MERIDIAN = 137.0


@dataclass(frozen=True)
class PositionCheck:
    """Per row: the prefecture the address names ("" when none), the prefecture the point
    lies in when it disagrees ("" elsewhere), and which rows disagree."""

    named: np.ndarray
    found: np.ndarray
    wrong: np.ndarray


@functools.cache
def _outlines() -> tuple[np.ndarray, np.ndarray, shapely.STRtree | None]:
    """The bundled prefectures: names, outlines in kilometres, and their tree (none when the
    file is missing: then nothing is checked)."""
    try:
        from planner.resources import resource_path

        path = resource_path("japan", "prefectures.geojson")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return np.array([], dtype=object), np.array([], dtype=object), None
    names, shapes = [], []
    for f in data.get("features", []):
        name = str((f.get("properties") or {}).get("name", ""))
        shape = shapely.from_geojson(json.dumps(f.get("geometry"))) if f.get("geometry") else None
        if name and shape is not None and not shape.is_empty:
            names.append(name)
            shapes.append(shapely.transform(shape, _to_km))
    geoms = np.array(shapes, dtype=object)
    shapely.prepare(geoms)  # point-in-outline tests over many points
    return np.array(names, dtype=object), geoms, shapely.STRtree(geoms) if shapes else None


def _to_km(xy: np.ndarray) -> np.ndarray:
    """(lon, lat) pairs to sinusoidal kilometres."""
    lon, lat = xy[:, 0], xy[:, 1]
    return np.column_stack([(lon - _MERIDIAN) * np.cos(np.radians(lat)) * _KM_LON,
                            lat * _KM_LAT])


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return shapely.points(_to_km(np.column_stack([lon, lat])))


def named_prefectures(addresses: np.ndarray) -> np.ndarray:
    """The prefecture each address names ("東京都豊島区…" → "東京都"; "横浜市港北区…" →
    "神奈川県"), "" when it names none; each distinct beginning of an address read once."""
    # the prefecture, or a designated city, lies in the first characters (after a postcode)
    heads = (pd.Series(addresses, dtype=object).where(lambda a: a.map(lambda v: isinstance(v, str)), None)
             .str.slice(0, _HEAD).str.replace(_LEADING_POSTAL, "", regex=True)
             .str.slice(0, _NAME))
    codes, uniques = pd.factorize(heads)
    out = np.full(len(uniques) + 1, "", dtype=object)  # the last: an empty cell (code -1)
    for i, text in enumerate(uniques.tolist()):
        if text:
            out[i] = _prefecture_of(text)
    return out[codes]


def _prefecture_of(address: str) -> str:
    text = _POSTAL.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", address)))
    found = _PREFECTURE.match(text)
    if found:
        return found.group(1)
    city = _CITY.match(text)
    return _CITY_PREFECTURE[city.group(1)] if city else ""


def prefectures_at(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The prefecture each point lies in or within :data:`NEAR_KM` of (the nearest), ""
    for none (no position, the sea, an island the outline does not draw)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    out = np.full(len(lat), "", dtype=object)
    names, _geoms, tree = _outlines()
    rows = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if tree is None or not rows.size:
        return out
    index = tree.query_nearest(_points(lat[rows], lon[rows]), max_distance=NEAR_KM,
                               all_matches=False)
    out[rows[index[0]]] = names[index[1]]
    return out


def check_positions(lat: np.ndarray, lon: np.ndarray, addresses: np.ndarray) -> PositionCheck:
    """Which located rows lie away from the prefecture their address names (see the module)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    n = len(lat)
    named = named_prefectures(addresses)
    found = np.full(n, "", dtype=object)
    wrong = np.zeros(n, dtype=bool)
    names, geoms, tree = _outlines()
    rows = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & (named != ""))
    if tree is None or not rows.size:
        return PositionCheck(named, found, wrong)
    # each row's prefecture as an index of the outlines (-1: a name the outlines lack)
    index = pd.Categorical(named[rows], categories=names.tolist()).codes.astype(np.intp)
    rows, index = rows[index >= 0], index[index >= 0]
    x, y = _to_km(np.column_stack([lon[rows], lat[rows]])).T
    # most rows lie inside their own prefecture: one prepared test per prefecture named
    own = np.zeros(len(rows), dtype=bool)
    for k in np.unique(index):
        mine = index == k
        own[mine] = shapely.contains_xy(geoms[k], x[mine], y[mine])
    rest = np.flatnonzero(~own)
    if not rest.size:
        return PositionCheck(named, found, wrong)
    far = shapely.distance(shapely.points(x[rest], y[rest]), geoms[index[rest]]) > AGREE_KM
    rest = rest[far]
    if rest.size:
        where = prefectures_at(lat[rows[rest]], lon[rows[rest]])
        told = where != ""  # near no outline: an island or coast not drawn, left alone
        found[rows[rest[told]]] = where[told]
        wrong[rows[rest[told]]] = True
    return PositionCheck(named, found, wrong)


def area_label(address: str, named: str) -> str:
    """How the address names its area, for the report: "東京都豊島区", "横浜市港北区",
    the prefecture alone when the municipality cannot be read."""
    prefecture, city = municipality(address)
    label = f"{prefecture}{city}"
    return label if city else named


def mismatch_reasons(lat: np.ndarray, lon: np.ndarray, addresses: np.ndarray | None,
                     swapped: np.ndarray) -> tuple[np.ndarray, dict[int, str]]:
    """The rows whose position disagrees with their address, and each one's reason for the
    import report (``swapped``: rows whose latitude and longitude were swapped back)."""
    wrong = np.zeros(len(lat), dtype=bool)
    if addresses is None:
        return wrong, {}
    check = check_positions(lat, lon, addresses)
    reasons = {}
    for i in np.flatnonzero(check.wrong):
        area = area_label(str(addresses[i]), str(check.named[i]))
        where = str(check.found[i])
        reasons[int(i)] = tr(
            "Latitude and longitude were swapped and are fixed, but the coordinates do not "
            "match the address ({area}): they lie in {prefecture}. Check the position.",
            area=area, prefecture=where) if swapped[i] else tr(
            "The coordinates do not match the address ({area}): they lie in {prefecture}. "
            "Check the position.", area=area, prefecture=where)
    return check.wrong, reasons
