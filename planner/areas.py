"""Each territory's municipalities (担当エリア): the areas reps and customers name.

A Japanese sales team says where a rep works in 市区町村: "田中さんは練馬区と板橋区". The
municipality is read from the address (prefecture, then a designated city's ward, a county's
town or village, a city, a Tokyo ward, a town); each territory lists its municipalities by
customer count, and a municipality shared with another territory shows its share
("港区 12/50").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner.i18n import N_, listing, tr

_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|[^\d\s]{2,3}?県)")
_POSTAL = re.compile(r"^〒?\s*\d{3}-?\d{4}\s*")
#: the twenty designated cities (政令指定都市), whose addresses name a ward after the city
_DESIGNATED = (
    "札幌", "仙台", "さいたま", "千葉", "横浜", "川崎", "相模原", "新潟", "静岡", "浜松",
    "名古屋", "京都", "大阪", "堺", "神戸", "岡山", "広島", "北九州", "福岡", "熊本",
)
#: municipalities with 市 inside their name, which a first-市 rule would cut short
_ODD = ("四日市市", "廿日市市", "野々市市", "市川市", "市原市", "市貝町", "市川三郷町", "上市町")
_PATTERNS = (
    re.compile("^(" + "|".join(_ODD) + ")"),
    re.compile("^([^市区\\d]{1,6}?郡(?:" + "|".join(n for n in _ODD if n.endswith("町")) + "))"),
    re.compile("^((?:" + "|".join(_DESIGNATED) + r")市[^市区\d]{1,4}?区)"),
    re.compile(r"^([^市区\d]{1,6}?郡[^市区\d]{1,6}?[町村])"),
    re.compile(r"^([^区\d]{1,6}?市)"),
    re.compile(r"^([^市\d]{1,4}?区)"),
    re.compile(r"^([^市区\d]{1,6}?[町村])"),
)
#: the municipality patterns as one: an alternation tries them in order, the first that
#: matches wins
_ANY_MUNICIPALITY = re.compile("|".join(f"(?:{p.pattern})" for p in _PATTERNS))
_SPACE = re.compile(r"\s+")
_PREFIX = re.compile(r"^大?字")


def municipality(address: object) -> tuple[str, str]:
    """(prefecture, municipality) of an address, ``""`` where it cannot be read.

    ``"東京都新宿区西新宿2-8-1"`` → ``("東京都", "新宿区")``; ``"横浜市港北区新横浜2-4"`` →
    ``("", "横浜市港北区")``; ``"埼玉県入間郡三芳町藤久保"`` → ``("埼玉県", "入間郡三芳町")``.
    Remembered: the workbook, the dock and the update read the same addresses again.
    """
    if not isinstance(address, str):
        return "", ""
    return _municipality(address)


@functools.lru_cache(maxsize=200_000)
def _municipality(address: str) -> tuple[str, str]:
    return _split(_SPACE.sub("", unicodedata.normalize("NFKC", address)))


def _split(s: str) -> tuple[str, str]:
    """(prefecture, municipality) of an address NFKC-normalised, without spaces."""
    text = _POSTAL.sub("", s)
    pref = _PREFECTURE.match(text)
    prefecture = pref.group(1) if pref else ""
    found = _ANY_MUNICIPALITY.match(text[len(prefecture):])
    # each pattern has one group: the one of the alternative that matched holds the name
    return prefecture, next((g for g in found.groups() if g is not None), "") if found else ""


def _town(s: str, name: str) -> str:
    """The town after municipality ``name`` in ``s`` (NFKC, no spaces), before its 丁目."""
    town = _TOWN.match(_PREFIX.sub("", s[s.find(name) + len(name):]))
    return town.group(1) if town else ""


_TOWN = re.compile(r"^(.+?)(?:[一二三四五六七八九十]+丁目|丁目|\d|-|番地|$)")


def area_key(address: object, level: str = "municipality") -> str:
    """The area an address belongs to at ``level``: ``"municipality"`` (``東京都新宿区``) or
    ``"town"`` (``東京都新宿区西新宿``, the town name before its 丁目 and numbers); ``""``
    when it cannot be read. Remembered, as :func:`municipality` is."""
    if not isinstance(address, str):
        return ""
    return _area_key(address, level)


@functools.lru_cache(maxsize=200_000)
def _area_key(address: str, level: str) -> str:
    prefecture, name = municipality(address)
    if not name:
        return ""
    if level == "municipality":
        return prefecture + name
    return prefecture + name + _town(_SPACE.sub("", unicodedata.normalize("NFKC", address)), name)


def area_key_levels(addresses: object) -> dict[str, np.ndarray]:
    """:func:`area_key` of each of ``addresses`` (an object array) at both levels (``"town"``,
    ``"municipality"``), each distinct address read once and not remembered: 100,000
    addresses at two levels would push every other address out of :func:`area_key`'s
    memory, and be read again at each level."""
    codes, uniques = pd.factorize(pd.Series(addresses, dtype=object))
    town = np.full(len(uniques) + 1, "", dtype=object)  # the last: an empty cell (code -1)
    city = town.copy()
    texts = np.asarray(uniques, dtype=object)
    strings = np.flatnonzero([isinstance(t, str) for t in texts.tolist()])
    if strings.size:
        norm = pd.Series(texts[strings], dtype=object).str.normalize("NFKC").tolist()
        pairs = [_keys_of(_SPACE.sub("", t)) for t in norm]
        town[strings] = [t for t, _c in pairs]
        city[strings] = [c for _t, c in pairs]
    return {"town": town[codes], "municipality": city[codes]}


def _keys_of(s: str) -> tuple[str, str]:
    """:func:`_area_key` (town, municipality) of an address NFKC-normalised, without spaces."""
    prefecture, name = _split(s)
    if not name:
        return "", ""
    return prefecture + name + _town(s, name), prefecture + name


def area_name(address: object, level: str = "municipality") -> str:
    """:func:`area_key` without the prefecture, for people: ``新宿区西新宿``."""
    prefecture, _name = municipality(address)
    return area_key(address, level)[len(prefecture):]


@dataclass(frozen=True)
class AreaShare:
    """One municipality of a territory: its customers there, and all customers there."""

    name: str
    customers: int
    total: int


def territory_areas(plan: m.Plan) -> dict[str, list[AreaShare]]:
    """Per territory id, its municipalities, most customers first (unread addresses left out)."""
    c = plan.customers
    keys = [municipality(a) for a in c[m.ADDRESS].to_numpy(dtype=object)]
    names = [mu for _p, mu in keys]
    # a name two prefectures share (府中市) carries its prefecture
    prefs: dict[str, set[str]] = {}
    for p, mu in keys:
        if mu:
            prefs.setdefault(mu, set()).add(p)
    label = np.array(
        [f"{p}{mu}" if mu and len(prefs[mu]) > 1 else mu for p, mu in keys], dtype=object
    )
    read = np.array([bool(n) for n in names], dtype=bool)
    frame = pd.DataFrame({"t": c[m.TERRITORY].to_numpy(dtype=object)[read],
                          "a": label[read].astype(str)})
    total = frame["a"].value_counts()
    counts = frame.value_counts().rename("n").reset_index()  # (territory, area) → customers
    counts = counts.sort_values(["t", "n", "a"], ascending=[True, False, True])
    out: dict[str, list[AreaShare]] = {t.id: [] for t in plan.territories}
    for tid, group in counts.groupby("t", sort=False):
        if tid in out:
            out[tid] = [AreaShare(a, int(n), int(total[a]))
                        for a, n in zip(group["a"], group["n"], strict=True)]
    return out


#: What a shared area's figure means, said with one the list shows (``北区 12/50``): an
#: example of figures from no plan read as this plan's.
SHARED_AREA_NOTE = N_("{area} {mine}/{total}: {mine} of the {total} customers in {area} are "
                      "this rep's; the others are other reps'.")


def shared_area_note(shares: Iterable[AreaShare], shown: str) -> str:
    """What a shared area's ``12/50`` means, said with the first of ``shares`` the text
    ``shown`` lists with its share (:func:`areas_text`); "" when it lists none."""
    for a in shares:
        if a.customers != a.total and f"{a.name} {a.customers}/{a.total}" in shown:
            return tr(SHARED_AREA_NOTE, area=a.name, mine=a.customers, total=a.total)
    return ""


def areas_text(shares: list[AreaShare], *, most: int = 8) -> str:
    """``練馬区 120、板橋区 45、北区 12/50`` (a shared one shows its share), the rest counted."""
    parts = [
        f"{a.name} {a.customers}" if a.customers == a.total else f"{a.name} {a.customers}/{a.total}"
        for a in shares[:most]
    ]
    text = listing(parts)
    if len(shares) > most:
        text += tr(" and {n} more", n=len(shares) - most)
    return text


def suggested_name(plan: m.Plan, territory_id: str) -> str:
    """A name for a territory after its main municipality (``練馬区エリア``); its two main
    ones (``練馬区・板橋区エリア``) when another territory has that name already; "" when its
    addresses name no municipality or it is called so already."""
    c = plan.customers
    mine = c[m.ADDRESS].to_numpy(dtype=object)[(c[m.TERRITORY] == territory_id).to_numpy()]
    names = pd.Series([municipality(a)[1] for a in mine], dtype=object)
    counts = names[names != ""].value_counts(sort=False)
    if counts.empty:
        return ""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    others = {t.name for t in plan.territories if t.id != territory_id}
    name = tr("{area} area", area=ranked[0][0])
    if name in others and len(ranked) > 1:
        name = tr("{area} area", area=f"{ranked[0][0]}・{ranked[1][0]}")
    current = next((t.name for t in plan.territories if t.id == territory_id), "")
    return "" if name in others or name == current else name
