"""Whether a position can be in Japan.

Japan's extent (:data:`planner.model.JAPAN_LAT` × :data:`planner.model.JAPAN_LON`, with the
remote islands from 沖ノ鳥島 to 南鳥島) also holds its neighbours: Seoul (37.57, 126.98),
Busan, Pyongyang, Vladivostok and the tip of Sakhalin. A customer list's coordinates copied
from a Korean branch's sheet, or a web map centred on the wrong city, would then be taken as
a shop somewhere in the sea of Japan's map. The boxes below cut those neighbours out of the
extent; each lies clear of every Japanese island (対馬's northern tip is 34.70°N at 129.3°E,
隠岐 133°E, 奥尻島 42.1°N, 宗谷岬 45.52°N), so no Japanese address falls in one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner import model as m

#: (south, north, west, east) of the neighbours' land inside Japan's extent.
NEIGHBOURS = (
    (29.0, 38.7, 122.0, 124.5),   # China's coast: 舟山, 山東半島; the Yellow Sea
    (33.0, 34.8, 124.5, 128.4),   # Korea's south coast and 済州島
    (34.55, 34.8, 128.4, 129.05),  # 巨済島 (west of 対馬, 129.15°E and beyond)
    (34.8, 38.7, 124.5, 129.6),   # South Korea: Busan, Seoul
    (35.2, 38.7, 129.6, 131.0),   # Korea's east coast and 鬱陵島
    (38.7, 46.0, 122.0, 131.0),   # North Korea and China's border land
    (42.3, 46.0, 131.0, 139.2),   # Russia's coast: Vladivostok
    (45.75, 46.0, 141.5, 144.0),  # Sakhalin's southern tip
)


def in_japan(lat: Any, lon: Any) -> Any:
    """True where (lat, lon) can be in Japan: inside its extent and in none of its
    neighbours (arrays element-wise, or one bool for two numbers). NaN is not in Japan."""
    la = np.asarray(lat, dtype=float)
    lo = np.asarray(lon, dtype=float)
    with np.errstate(invalid="ignore"):
        inside = (
            (la >= m.JAPAN_LAT[0]) & (la <= m.JAPAN_LAT[1])
            & (lo >= m.JAPAN_LON[0]) & (lo <= m.JAPAN_LON[1])
        )
        for south, north, west, east in NEIGHBOURS:
            inside &= ~((la >= south) & (la <= north) & (lo >= west) & (lo <= east))
    return bool(inside) if inside.ndim == 0 else inside
