"""Generate the offline outline of Japan (resources/japan/prefectures.geojson) once.

Run ``pip install japanmap && python scripts/make_outline.py``. The ``japanmap``
package (prefecture boundaries as shared border chains) is only needed here: the
generated file is committed and read by the map page when tiles are unavailable.
Each prefecture ring goes through ``shapely.make_valid`` and ``simplify`` so the
file stays small (well under 1 MB).
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import Polygon, mapping

TOLERANCE = 0.003  # degrees (~300 m): plenty for a background outline
OUT = Path(__file__).resolve().parent.parent / "resources" / "japan" / "prefectures.geojson"


def _rounded(geometry: dict, digits: int = 4) -> dict:
    def walk(value):  # type: ignore[no-untyped-def]
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, digits) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main() -> None:
    import japanmap

    rings = japanmap.pref_points(japanmap.get_data())
    features = []
    for k, ring in enumerate(rings):
        geom = shapely.make_valid(Polygon(ring))
        geom = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        geom = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": k + 1, "name": japanmap.pref_names[k + 1]},
                "geometry": _rounded(mapping(geom)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(features)} prefectures, {len(text.encode('utf-8')) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
