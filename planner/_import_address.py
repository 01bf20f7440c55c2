"""The address of a list that gives it in several columns: numbered continuations
(住所1 | 住所2 | 住所3) or parts (都道府県 | 市区町村 | 番地 | 建物名), joined in column order."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from planner import model as m
from planner._import_grid import Grid
from planner.cells import clean_text
from planner.columns import normalise_header

_NUMBERED = re.compile(r"^(.*?)(\d+)$")

#: Headers of one part of an address (compared normalised, after a leading 住所 or 所在地).
_PARTS = frozenset(normalise_header(p) for p in (
    "都道府県", "都道府県名", "県", "県名", "市区町村", "市区町村名", "市町村", "市町村名",
    "区市町村", "市区郡", "郡市区町村", "市区", "町名", "町域", "町域名", "町村", "町丁目",
    "町名番地", "丁目", "丁目番地", "番地", "番地以下", "番地等", "以降住所", "住所以下",
    "建物", "建物名", "建物名称", "ビル名", "ビル", "マンション名", "建物名部屋番号",
    "部屋番号", "号室", "prefecture", "city", "town", "street", "building",
))
_PREFIXES = tuple(normalise_header(p) for p in ("住所", "所在地", "address"))
#: Parts that follow the street address after a space (a building: 丸の内1-1 丸ビル5F).
_BUILDINGS = frozenset(normalise_header(p) for p in (
    "建物", "建物名", "建物名称", "ビル名", "ビル", "マンション名", "建物名部屋番号",
    "部屋番号", "号室", "building",
))


def _part_key(header: object) -> str:
    key = normalise_header(header)
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key != prefix:
            return key[len(prefix):]
    return key


def is_address_part(header: object) -> bool:
    """Whether a header names one part of an address (都道府県, 市区町村, 番地, 建物名 …)."""
    return _part_key(header) in _PARTS


def address_columns(headers: Sequence[str], found: Mapping[str, int]) -> list[int]:
    """The columns the address is read from, in column order: the address column with its
    numbered continuations (住所1 | 住所2), or with the unused parts beside it (都道府県 |
    住所 | 番地 | 建物名); just the address column when the list has one column only."""
    if m.ADDRESS not in found:
        return []
    first = found[m.ADDRESS]
    used = set(found.values())
    key = normalise_header(headers[first])
    numbered = _NUMBERED.match(key)
    base, start = (numbered.group(1), int(numbered.group(2))) if numbered else (key, 1)
    more = []
    for i, header in enumerate(headers):
        match = _NUMBERED.match(normalise_header(header))
        if i not in used and base and match and match.group(1) == base and int(
                match.group(2)) > start:
            more.append((int(match.group(2)), i))
    if more:
        return [first, *(i for _n, i in sorted(more))]
    parts = [i for i, h in enumerate(headers) if i not in used and is_address_part(h)]
    return sorted([first, *parts])


def first_part(headers: Sequence[str], used: set[int]) -> int | None:
    """The first column naming a part of the address, for a list with no 住所 column."""
    return next((i for i, h in enumerate(headers) if i not in used and is_address_part(h)),
                None)


#: A postcode written before the address (〒160-0022 東京都…, 〒東京都…): the mark and the
#: code are no part of the address the route sheets print.
_POSTCODE = re.compile(r"^(?:〒|郵便番号\s*[:：]?)\s*(?:\d{3}\s*-?\s*\d{4})?\s*|^\d{3}-\d{4}\s+")
#: What a street number runs on with (1-2-3, 3丁目, 5番地の1): no building after it.
_NUMBER_GOES_ON = re.compile(r"^[\d\-丁番号のノ]")


def without_postcode(addresses: np.ndarray) -> np.ndarray:
    """The addresses without a postcode or 〒 in front (one that is nothing else is kept)."""
    out = addresses.copy()
    for row, text in enumerate(addresses):
        if text and text[0] in "〒郵0123456789":
            rest = _POSTCODE.sub("", text, count=1)
            if rest:
                out[row] = rest
    return out


def joined_address(grid: Grid, found: Mapping[str, int], first: np.ndarray) -> np.ndarray:
    """The address (``first``: its column's cleaned text) with the other columns of
    :func:`address_columns` joined in order; a part the address column already holds (a
    full 住所 beside its 都道府県 and 市区町村 columns, kept for sorting) is not given twice.
    A postcode in front of it is left out, and a building in 住所2 follows the street number
    after a space (代々木2-10-5 代々木ビル1F), as in a column of buildings."""
    first = without_postcode(first)
    columns = address_columns(grid.headers, found)
    if len(columns) < 2:
        return first
    own = found[m.ADDRESS]
    out = np.full(len(first), "", dtype=object)
    for i in columns:
        piece = first if i == own else without_postcode(clean_text(grid.texts[i], squeeze=True))
        building = i != own and _part_key(grid.headers[i]) in _BUILDINGS
        for row in np.flatnonzero(piece != ""):
            left, right = out[row], piece[row]
            if i != own and right in first[row]:
                continue  # 東京都 | 千代田区 | 東京都千代田区丸の内1-1: in the address already
            right = right[_overlap(left, right):]  # 横浜市西区 | 西区みなとみらい: 西区 once
            if not right:
                continue
            ascii_pair = left and left[-1].isascii() and right[0].isascii()
            after_number = left and left[-1].isdigit() and not _NUMBER_GOES_ON.match(right)
            gap = " " if left and (building or ascii_pair or after_number) else ""
            out[row] = f"{left}{gap}{right}"
    return out


_AREA_ENDS = ("都", "道", "府", "県", "市", "区", "町", "村", "郡")


def _overlap(left: str, right: str) -> int:
    """How many characters ``right`` begins with that end ``left`` as a whole area name
    (横浜市西区 | 西区みなとみらい → 2; 西多摩郡瑞穂町 | 瑞穂町箱根ケ崎 → 3); 0 when none."""
    for k in range(min(len(left), len(right)), 1, -1):
        if right[:k].endswith(_AREA_ENDS) and left.endswith(right[:k]):
            return k
    return 0
