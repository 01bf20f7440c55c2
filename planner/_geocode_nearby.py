"""The offline fallback of the address look-up: a customer placed approximately at the known
customers of its 丁目, else of its town (町・大字), else of its municipality (市区町村).

A plan knows where its customers are and what their addresses say, so a new shop at
「東京都杉並区阿佐谷南1丁目5-3」 can sit at the middle (the median) of the plan's customers of
阿佐谷南1丁目 while the address search cannot be reached, or finds nothing. The position is
marked approximate in the customer's ``geocode`` (``nearby:chome``, ``nearby:town``,
``nearby:city``): the map draws it with a dashed ring, the Customers list says おおよそ, the
report counts it, and the next address look-up that finds the address replaces it.

Addresses are compared as :func:`planner._geocode_address.normalize_address` keys (full- or
half-width digits, 1丁目 / 一丁目 / 1-, 番地 and 号 written either way, ヶ/ケ, an omitted 大字);
a prefecture counts only when both addresses name one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner import model as m
from planner._geocode_address import (
    LOW_QUALITY,
    _fold,
    _strip_prefecture,
    normalize_address,
    split_address,
)
from planner._geocode_types import Match
from planner.areas import municipality
from planner.i18n import N_, listing, sentences, tr

if TYPE_CHECKING:
    from planner.progress import Progress
    from planner.spreadsheet import ImportResult

#: The ``geocode`` source of an approximate position: ``nearby:chome`` and so on.
NEARBY = "nearby"
#: How closely an approximate position matches the address, closest first.
LEVELS = ("chome", "town", "city")
#: The ``geocode`` value of a position the update kept from the previous address.
_PREVIOUS = "previous_address"

_CHOME_WORD = re.compile(r"(\d+|[〇一二三四五六七八九十]+)丁目")

#: A customer's note: where it was placed.
_REASONS = {
    "chome": N_("Placed approximately at the customers of the same chōme; check the "
                "position on the map."),
    "town": N_("Placed approximately at the customers of the same town; check the "
               "position on the map."),
    "city": N_("Placed approximately at the customers of the same municipality; check "
               "the position on the map."),
}
#: One level's count in the summary sentence.
_COUNTS = {
    "chome": N_("{n} at the customers of the same chōme"),
    "town": N_("{n} at the customers of the same town"),
    "city": N_("{n} at the customers of the same municipality"),
}


#: A change's clause: where the update placed a new or moved customer.
_PLACED = {
    "chome": N_("placed approximately at the customers of the same chōme"),
    "town": N_("placed approximately at the customers of the same town"),
    "city": N_("placed approximately at the customers of the same municipality"),
}


def approximate_clause(how: object) -> str:
    """For an approximate ``geocode`` value, the clause a line of the update's changes adds
    (「同じ町のお客様の位置に仮置き」); "" for an exact position."""
    level = str(how or "").partition(":")[2]
    return tr(_PLACED[level]) if is_approximate(how) and level in _PLACED else ""


def is_approximate(how: object) -> bool:
    """Whether a ``geocode`` value marks an approximate position (``nearby:…``)."""
    return str(how or "").startswith(NEARBY + ":")


def approximate_mask(customers: pd.DataFrame) -> np.ndarray:
    """Which customers sit at an approximate position (:data:`NEARBY`)."""
    if m.GEOCODE not in customers or not len(customers):
        return np.zeros(len(customers), dtype=bool)
    how = customers[m.GEOCODE].fillna("").astype(str)
    return how.str.startswith(NEARBY + ":").to_numpy(dtype=bool) & m.located_mask(customers)


def some_placed(customers: pd.DataFrame) -> bool:
    """Whether some customers have a position and some lack one: the list's own customers
    may then place the others (:func:`nearby_places`), with no address search."""
    located = m.located_mask(customers)
    return bool(located.any()) and not bool(located.all())


def place_read_rows(
    result: ImportResult, provider: str = "none", *, settings: object = None,
    progress: Progress | None = None,
) -> ImportResult:
    """A customer list as read, its rows without a position looked up (``provider``) or,
    with ``"none"``, placed at the list's customers nearby when :func:`some_placed`; as it
    is when there is nothing to do. The command line's import, the import window and a list
    opened from the command line place rows alike."""
    if provider == "none" and not some_placed(result.customers):
        return result
    from planner.geocode import geocode_customers

    geo = geocode_customers(
        result.customers, provider=provider, progress=progress,
        settings=settings if settings is not None else result.settings,
        address_header=result.mapping.get(m.ADDRESS, "住所"),  # 住所1, as the list has it
    )
    return result.with_geocoding(geo.customers, list(geo.problems), unreached=geo.unreached)


def trusted_mask(customers: pd.DataFrame) -> np.ndarray:
    """Which customers' positions may place others: located, not approximate themselves, not
    at a previous address's position, not a look-up that found only the town or city."""
    located = m.located_mask(customers)
    if m.GEOCODE not in customers:
        return located
    how = customers[m.GEOCODE].fillna("").astype(str)
    quality = how.str.rpartition(":")[2]
    loose = how.str.startswith(NEARBY + ":") | (how == _PREVIOUS) | (
        how.str.contains(":", regex=False) & quality.isin(sorted(LOW_QUALITY)))
    return located & ~loose.to_numpy(dtype=bool)


@dataclass(frozen=True)
class _Keys:
    prefecture: str
    city: str  # 杉並区
    town: str  # 杉並区阿佐谷南 ("" when the address names no town)
    chome: str  # 杉並区阿佐谷南1 ("" when it names no 丁目)

    def at(self, level: str) -> str:
        return {"chome": self.chome, "town": self.town, "city": self.city}[level]

    def label(self, level: str) -> str:
        """The area's name for people: 杉並区阿佐谷南1丁目, 杉並区阿佐谷南, 杉並区."""
        if level == "chome":
            return f"{self.town}{self.chome[len(self.town):]}丁目"
        return self.at(level)


_NO_KEYS = _Keys("", "", "", "")


def address_keys(address: object) -> _Keys:
    """The prefecture and the municipality, town and 丁目 keys of an address."""
    if not isinstance(address, str) or not address.strip():
        return _NO_KEYS
    key = _fold(normalize_address(address))
    if not key:
        return _NO_KEYS
    area, numbers = split_address(key)
    prefecture, rest = _strip_prefecture(area)
    city = municipality(key)[1]
    if not city or not rest.startswith(city):
        return _Keys(prefecture, city, "", "")
    town = rest if len(rest) > len(city) else ""
    parts = numbers.split("-") if numbers else []
    # a 丁目 when the address says so, or writes three numbers (阿佐谷南1-5-3); two alone
    # may be a 番地 and its 号 in a town without 丁目
    with_chome = bool(_CHOME_WORD.search(address)) or len(parts) >= 3
    chome = f"{town}{parts[0]}" if town and parts and with_chome else ""
    return _Keys(prefecture, city, town, chome)


class NearbyPlaces:
    """The known customers' positions by 丁目, town and municipality, to place others at."""

    def __init__(self, addresses: Iterable[object], lat: np.ndarray, lon: np.ndarray,
                 *, only: Iterable[str] | None = None) -> None:
        """``only``: the municipalities worth indexing (those of the addresses to place);
        None indexes all."""
        text = pd.Series(list(addresses), dtype=object).fillna("").astype(str)
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        ok = np.isfinite(lat) & np.isfinite(lon) & (text != "").to_numpy()
        if only is not None:
            names = sorted({n for n in only if n})
            if not names:
                ok[:] = False
            else:  # a cheap first sieve: the address names one of the municipalities
                pattern = "|".join(re.escape(n).replace("ケ", "[ケヶヵが]") for n in names)
                ok &= text.str.contains(pattern, regex=True).to_numpy(dtype=bool)
        rows = np.flatnonzero(ok)
        codes, uniques = pd.factorize(text.to_numpy(dtype=object)[rows])
        keys = [address_keys(u) for u in uniques]
        self._groups: dict[tuple[str, str], list[int]] = {}
        self._prefecture = np.array([k.prefecture for k in keys] + [""], dtype=object)[codes]
        for i, code in enumerate(codes):
            k = keys[code]
            for level in LEVELS:
                name = k.at(level)
                if name:
                    self._groups.setdefault((level, name), []).append(i)
        self._lat, self._lon = lat[rows], lon[rows]

    def find(self, address: object) -> Match | None:
        """The middle of the known customers of the address's 丁目, else town, else
        municipality (``quality`` = the level, ``matched`` = the area's name); None when the
        plan has no customer there."""
        k = address_keys(address)
        for level in LEVELS:
            name = k.at(level)
            members = self._groups.get((level, name)) if name else None
            if not members:
                continue
            at = np.asarray(members)
            if k.prefecture:  # 府中市 of 東京都 is not 府中市 of 広島県
                pref = self._prefecture[at]
                at = at[(pref == "") | (pref == k.prefecture)]
            if at.size:
                return Match(float(np.median(self._lat[at])), float(np.median(self._lon[at])),
                             level, k.label(level))
        return None


def nearby_places(known: pd.DataFrame | None, addresses: Iterable[object]) -> NearbyPlaces:
    """The :class:`NearbyPlaces` of ``known``'s trusted customers (:func:`trusted_mask`),
    indexing only the municipalities of ``addresses`` (the ones to place)."""
    if known is None or not len(known) or m.ADDRESS not in known:
        return NearbyPlaces([], np.array([]), np.array([]), only=())
    trusted = trusted_mask(known)
    cities = {address_keys(a).city for a in set(addresses)}
    return NearbyPlaces(known[m.ADDRESS].to_numpy(dtype=object)[trusted],
                        known[m.LAT].to_numpy(dtype=float)[trusted],
                        known[m.LON].to_numpy(dtype=float)[trusted], only=cities)


def nearby_reason(match: Match) -> str:
    """The customer's note on an approximate position."""
    return tr(_REASONS[match.quality])


def approximate_counts(customers: pd.DataFrame) -> dict[str, int]:
    """How many customers sit at an approximate position, by level (levels with none left out)."""
    mask = approximate_mask(customers)
    how = customers[m.GEOCODE].fillna("").astype(str).to_numpy()[mask] if mask.any() else []
    counts = {level: int(np.sum(np.asarray(how) == f"{NEARBY}:{level}")) for level in LEVELS}
    return {level: n for level, n in counts.items() if n}


def approximate_text(customers: pd.DataFrame) -> str:
    """The report's sentence on the approximate positions ("" when none): how many at each
    level, and that the manager checks them on the map."""
    counts = approximate_counts(customers)
    if not counts:
        return ""
    parts = [tr(_COUNTS[level], n=f"{n:,}") for level, n in counts.items()]
    return sentences(
        tr("Placed approximately, as the exact position is not known yet: {parts}.",
           parts=listing(parts)),
        tr("Check them on the map (drag a pin to correct it)."))
