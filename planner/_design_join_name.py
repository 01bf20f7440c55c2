"""The name of a joining rep's territory, as the manager names the others.

A manager's territories are usually named by place: the sample's 東京エリア, 新横浜エリア,
立川エリア …. A rep added beside one of them (「ここに担当者を追加」) got 「テリトリー9」 however
the others read, though the manager had typed the rep's name and home. When most of the other
territories are named "<place>エリア", the new one is too: the place of the rep's home (the
home address's municipality, else that of the customers nearest the home), else that of most
of its customers, written as the others are (八王子エリア beside 立川エリア, 八王子市エリア
beside 練馬区エリア; a designated city's ward without its city: 港北エリア, but 横浜エリア
for 横浜市西区); never a name another territory has (the next municipality of its customers
is tried). Otherwise, or with no place found, the design's own name stays (「テリトリー9」).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from planner import model as m
from planner.areas import municipality

#: The word the manager's place names end with.
AREA = "エリア"
#: How many customers nearest a home tell its municipality (the most common among them).
NEAREST = 5
_SUFFIX = "市区町村"
_WARD = re.compile(r"^(.+?市)(.+区)$")  # 横浜市港北区 → 港北区
#: Wards many designated cities have: 相模原市中央区 is 相模原, not 中央 (東京の中央区).
_COMMON_WARDS = ("中央", "中", "東", "西", "南", "北", "緑")
_COUNTY = re.compile(r"^.+?郡(.+[町村])$")  # 入間郡三芳町 → 三芳町


def _stems(names: list[str]) -> list[str] | None:
    """The places of ``names`` when most are "<place>エリア", else None."""
    stems = [n[: -len(AREA)].strip() for n in names if n.endswith(AREA)]
    stems = [s for s in stems if s]
    return stems if names and 2 * len(stems) >= len(names) else None


def place_of(name: str, *, suffix: bool) -> str:
    """A municipality as a place name: a designated city's ward (its city for a ward name
    many cities have: 中央区, 西区) or a county's town alone; without 市/区/町/村 unless ``suffix`` (the other names keep theirs) or the name is short
    (北区 stays 北区)."""
    ward = _WARD.match(name)
    if ward:
        name = ward.group(1) if ward.group(2)[:-1] in _COMMON_WARDS else ward.group(2)
    county = _COUNTY.match(name)
    if county:
        name = county.group(1)
    if not suffix and len(name) >= 3 and name[-1] in _SUFFIX:
        name = name[:-1]
    return name


def _near_home(customers: pd.DataFrame, home: tuple[float, float]) -> str:
    """The municipality most common among the :data:`NEAREST` customers nearest ``home``
    whose addresses name one ("" for none)."""
    names = np.array([municipality(a)[1] for a in customers[m.ADDRESS]], dtype=object)
    lat = customers[m.LAT].to_numpy(float)
    lon = customers[m.LON].to_numpy(float)
    d = np.hypot(lat - home[0], (lon - home[1]) * np.cos(np.radians(home[0])))
    ok = np.isfinite(d) & (names != "")
    if not ok.any():
        return ""
    near = np.flatnonzero(ok)[np.argsort(d[ok], kind="stable")[:NEAREST]]
    counts = pd.Series(names[near]).value_counts(sort=False)
    return str(max(counts.index, key=lambda n: (counts[n], -list(names[near]).index(n))))


def joined_name(plan: m.Plan, new_id: str, *, home: tuple[float, float] | None = None,
                address: str = "") -> str:
    """The name for territory ``new_id`` of ``plan`` (a rep just joined: its customers
    assigned) after the place of its home or customers (module docstring); its present name
    when the others are not named by place or no place is free."""
    current = plan.territory(new_id).name
    others = [t.name for t in plan.territories if t.id != new_id]
    stems = _stems(others)
    if stems is None:
        return current
    suffix = any(s[-1] in _SUFFIX for s in stems)
    places = []
    if address:
        places.append(municipality(address)[1])
    if home is not None:
        places.append(_near_home(plan.customers, home))
    c = plan.customers
    mine = c.loc[c[m.TERRITORY] == new_id, m.ADDRESS]
    counts = pd.Series([municipality(a)[1] for a in mine], dtype=object).value_counts()
    places += sorted(counts.index, key=lambda n: (-counts[n], str(n)))  # most customers first
    taken = set(others)
    for place in places:
        if place and (name := place_of(place, suffix=suffix) + AREA) not in taken:
            return name
    return current
