"""Turning spreadsheet cells into text, numbers and coordinates, a whole column at a time.

Cells arrive as Python values (``str``, ``float``, ``bool``, dates …) from
python-calamine or as text from a CSV file. Each function takes a column (an
object array) and works vectorised; only cells the fast path cannot read
(``"1,234円"``, ``35°41'22.5"``) go through a per-cell parser.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from planner.name_variants import fold_variants

_BLANK = re.compile(r"^\s*$")


_isspace = np.frompyfunc(str.isspace, 1, 1)
_strip = np.frompyfunc(str.strip, 1, 1)
_squeeze = np.frompyfunc(functools.partial(re.compile(r"\s+").sub, " "), 1, 1)
#: Full-width letters, digits and signs, half-width katakana and the ideographic space.
_WIDTH = re.compile(r"[\u3000\uff01-\uffef]+")


def width_normal(text: str) -> str:
    """``text`` with only its width variants made plain (Ｃ００１ → C001, ｷｯｻ → キッサ, the
    ideographic space → " "); other characters stay as typed (①, ㈱, 髙, 﨑), so a name
    prints as the office wrote it."""
    if not isinstance(text, str) or not _WIDTH.search(text):
        return text
    # NFKC of each run only: a run of half-width kana with its sound marks composes (ｶﾞ → ガ),
    # and the rest of the text keeps its code points (塚 U+FA10 stays U+FA10)
    return _WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _width(arr: np.ndarray) -> np.ndarray:
    """:func:`width_normal` of each text, looking at only the texts that need it (one regex
    pass over the whole column: most names have no width variant)."""
    if not _all_text(arr):
        return np.asarray([width_normal(v) for v in arr], dtype=object)
    joined = "\x00".join(arr)
    hits = [found.start() for found in _WIDTH.finditer(joined)]
    if not hits:
        return arr
    ends = np.cumsum(pd.Series(arr, dtype=object).str.len().to_numpy() + 1)
    which = np.unique(np.searchsorted(ends, hits, side="right"))
    out = arr.copy()
    out[which] = [width_normal(v) for v in arr[which]]
    return out


def _all_text(arr: np.ndarray) -> bool:
    return len(arr) > 0 and pd.api.types.infer_dtype(arr, skipna=False) == "string"


def blank_mask(values: np.ndarray) -> np.ndarray:
    """Boolean array: the cell is empty (None, NaN, or only spaces)."""
    arr = np.asarray(values, dtype=object)
    out = np.asarray(arr == "", dtype=bool)
    rest = np.flatnonzero(~out)
    if not len(rest):
        return out
    sub = arr[rest]
    kind = pd.api.types.infer_dtype(sub, skipna=False)
    if kind == "string":
        out[rest] = _isspace(sub).astype(bool)
    elif kind in ("floating", "integer", "mixed-integer-float"):
        out[rest] = np.isnan(sub.astype(float))
    else:
        out[rest] = [not _has_content(c) for c in sub]
    return out


def blank_rows(columns: list[np.ndarray]) -> np.ndarray:
    """Boolean array: every cell of the row is empty or only spaces (cheap: few cells checked)."""
    n = len(columns[0]) if columns else 0
    filled = np.zeros(n, dtype=bool)
    for col in columns:
        filled |= col != ""
    proven = np.zeros(n, dtype=bool)  # has a cell with something other than spaces
    for col in columns:
        todo = np.flatnonzero(filled & ~proven)
        if not len(todo):
            break
        cells = col[todo]
        present = cells != ""
        todo, cells = todo[present], cells[present]
        if _all_text(cells):
            proven[todo] = ~_isspace(cells).astype(bool)
        else:
            proven[todo] = [_has_content(c) for c in cells]
    return ~proven


def _has_content(cell: Any) -> bool:
    if isinstance(cell, str):
        return not cell.isspace()
    if cell is None:
        return False
    return not (isinstance(cell, float) and math.isnan(cell))


def cell_text(value: Any) -> str:
    """One cell as text: None/NaN → "", whole floats without ".0", midnight datetimes as dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | np.floating):
        f = float(value)
        if math.isnan(f):
            return ""
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return repr(f)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def text_values(values: np.ndarray) -> np.ndarray:
    """A column as text (see :func:`cell_text`), fast for all-text and all-number columns."""
    arr = np.asarray(values, dtype=object)
    if _all_text(arr):
        return arr
    out = np.full(len(arr), "", dtype=object)
    filled = ~(pd.isna(arr) | (arr == ""))
    idx = np.flatnonzero(filled)
    if not len(idx):
        return out
    sub = arr[idx]
    kind = pd.api.types.infer_dtype(sub, skipna=False)
    if kind == "string":
        out[idx] = sub
    elif kind in ("floating", "integer", "mixed-integer-float"):
        f = sub.astype(float)
        whole = (np.floor(f) == f) & (np.abs(f) < 1e15)
        text = np.empty(len(f), dtype=object)
        if whole.any():
            text[whole] = list(map(str, f[whole].astype(np.int64).tolist()))
        if (~whole).any():
            text[~whole] = list(map(repr, f[~whole].tolist()))
        out[idx] = text
    else:
        out[idx] = [cell_text(v) for v in sub]
    return out


#: A dash between two digits in any of the ways an address is typed (4ー1ー1 with the long
#: vowel mark, 4‐1‐1, 4−1−1, 4―1): the hyphen of 4-1-1 (a ー between letters stays: コーヒー).
_DIGIT_DASH = re.compile(r"(?<=\d)[\u2010-\u2015\u2212\u30fc](?=\d)")


def text_key(text: str, *, variants: bool = True) -> str:
    """A name or address as a matching key: NFKC, no spaces, case folded (山田 太郎, 山田太郎
    and 山田　太郎 are one), the dashes between digits as one (4ー1ー1 and 4-1-1 are one),
    variant kanji as their usual form (髙橋 and 高橋 are one; ``variants=False`` keeps them
    apart)."""
    key = _DIGIT_DASH.sub("-", "".join(unicodedata.normalize("NFKC", text).split())).casefold()
    return fold_variants(key) if variants else key


def clean_text(texts: np.ndarray, *, squeeze: bool = False) -> np.ndarray:
    """Text (from :func:`text_values`) normalised: full-width digits and letters, the
    ideographic space and half-width kana made plain (:func:`width_normal`), trimmed.

    ``squeeze`` also turns line breaks (Alt+Enter in Excel) and runs of spaces into one space.
    """
    arr = np.asarray(texts, dtype=object)
    if not len(arr):
        return arr.copy()
    out = np.asarray(_strip(_width(arr)), dtype=object)
    if squeeze:
        joined = "\x00".join(out)
        if "\n" in joined or "\r" in joined or "\t" in joined or "  " in joined:
            out = np.asarray(_squeeze(out), dtype=object)
    return out


# --- numbers ----------------------------------------------------------------
_NUMBER_JUNK = re.compile(r"[,\s¥$€円]|JPY|yen", re.IGNORECASE)
_UNIT = {"万": 1e4, "千": 1e3, "億": 1e8, "百万": 1e6, "千万": 1e7}
_UNIT_RE = re.compile(r"^([-+]?\d+(?:\.\d*)?)(百万|千万|万|千|億)$")


def parse_number_text(text: str) -> float | None:
    """A number written by a person: ``"1,234円"``, ``"¥ 5,000"``, ``"１２万"``; ``None`` if unreadable."""
    s = unicodedata.normalize("NFKC", text).strip()
    sign = 1.0
    if s[:1] in ("△", "▲") or (s[:1] == "(" and s[-1:] == ")"):  # △5,000 / (5,000): minus
        sign, s = -1.0, s[1:-1] if s[:1] == "(" else s[1:]
    if s[:1] == "\\":  # ¥ as Shift-JIS byte 0x5C, read as a backslash: \10,000
        s = s[1:]
    s = _NUMBER_JUNK.sub("", s)
    if not s:
        return None
    if sign < 0:
        value = parse_number_text(s)
        return None if value is None else -value
    m = _UNIT_RE.match(s)
    if m:
        return float(m.group(1)) * _UNIT[m.group(2)]
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_numbers(
    values: np.ndarray, parse_one: Any = parse_number_text, *, blank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers of a column and a mask of the cells that hold something unreadable."""
    arr = np.asarray(values, dtype=object)
    blank = blank_mask(arr) if blank is None else blank
    filled = np.flatnonzero(~blank)
    kind = pd.api.types.infer_dtype(arr[filled], skipna=False) if len(filled) else "empty"
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):  # numbers already
        numbers = np.full(len(arr), np.nan)
        numbers[filled] = arr[filled].astype(float)
        bad = np.zeros(len(arr), dtype=bool)
        bad[filled] = ~np.isfinite(numbers[filled])
        numbers[bad] = np.nan
        return numbers, bad
    series = pd.Series(arr, dtype=object)
    is_bool = series.map(type).isin([bool, np.bool_]).to_numpy()
    numbers = pd.to_numeric(series.where(~is_bool), errors="coerce").to_numpy(
        dtype=float, copy=True
    )
    numbers[~np.isfinite(numbers)] = np.nan
    bad = np.zeros(len(arr), dtype=bool)
    todo = np.flatnonzero(np.isnan(numbers) & ~blank)
    for i in todo:
        value = parse_one(cell_text(arr[i]))
        if value is None:
            bad[i] = True
        else:
            numbers[i] = value
    return numbers, bad


# --- coordinates --------------------------------------------------------------
_DMS = re.compile(
    r"""^(?P<h1>[NSEWnsew]|北緯|南緯|東経|西経)?\s*
    (?P<d>\d+(?:\.\d+)?)\s*(?:(?:°|度|:|d|º|˚)\s*
    (?:(?P<m>\d+(?:\.\d+)?)\s*(?:'|′|’|分|:|m)\s*)?
    (?:(?P<s>\d+(?:\.\d+)?)\s*(?:"|″|′′|''|”|秒|s)?\s*)?)?  # 35.6339N: degrees alone
    (?P<h2>[NSEWnsew])?$""",
    re.VERBOSE,
)


def parse_coordinate_text(text: str) -> float | None:
    """Decimal degrees or 度分秒 (``35°41'22.5"``, ``35度41分22.5秒``, ``N35:41:22``); ``None`` if unreadable."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    plain = parse_number_text(s)
    if plain is not None:
        return plain
    m = _DMS.match(s.replace(" ", ""))
    if not m:
        return None
    degrees = float(m.group("d"))
    minutes = float(m.group("m") or 0.0)
    seconds = float(m.group("s") or 0.0)
    if minutes >= 60 or seconds >= 60:
        return None
    value = degrees + minutes / 60.0 + seconds / 3600.0
    hemisphere = (m.group("h1") or m.group("h2") or "").upper()
    if hemisphere in ("S", "W", "南緯", "西経"):
        value = -value
    return value


def parse_coordinates(
    values: np.ndarray, *, blank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of a column (decimal or 度分秒) and a mask of unreadable cells."""
    return parse_numbers(values, parse_coordinate_text, blank=blank)


_PAIR_SPLIT = re.compile(r"\s*[,、/;]\s*|\s+")


def parse_pair_text(text: str) -> tuple[float, float] | None:
    """A ``"lat,lon"`` cell (``"35.68, 139.76"``, ``"(35.68 139.76)"``, 度分秒 too); ``None`` if unreadable."""
    s = unicodedata.normalize("NFKC", text).strip().strip("()[]")
    if not s:
        return None
    parts = [p for p in _PAIR_SPLIT.split(s) if p]
    if len(parts) != 2:
        return None
    a, b = parse_coordinate_text(parts[0]), parse_coordinate_text(parts[1])
    if a is None or b is None:
        return None
    return a, b


def parse_pairs(
    values: np.ndarray, *, blank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitudes, longitudes and an unreadable-cell mask of a ``座標`` column."""
    arr = np.asarray(values, dtype=object)
    blank = blank_mask(arr) if blank is None else blank
    lat = np.full(len(arr), np.nan)
    lon = np.full(len(arr), np.nan)
    bad = np.zeros(len(arr), dtype=bool)
    for i in np.flatnonzero(~blank):
        pair = parse_pair_text(cell_text(arr[i]))
        if pair is None:
            bad[i] = True
        else:
            lat[i], lon[i] = pair
    return lat, lon, bad


# --- visit minutes --------------------------------------------------------------
_HOURS = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*(?:時間|h|hr|hrs|hours?))?\s*(?:(\d+(?:\.\d+)?)\s*(?:分|m|min|mins|minutes?))?$"
)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_minutes_value(value: Any) -> float | None:
    """Visit length in minutes: ``45``, ``"45分"``, ``"1時間30分"``, ``"1:30"``, an Excel time."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 60.0
    if isinstance(value, dt.time):
        return value.hour * 60.0 + value.minute + value.second / 60.0
    s = unicodedata.normalize("NFKC", cell_text(value)).strip().lower().replace(" ", "")
    if not s:
        return None
    plain = parse_number_text(s)
    if plain is not None:
        return plain
    m = _CLOCK.match(s)
    if m:
        return int(m.group(1)) * 60.0 + int(m.group(2)) + int(m.group(3) or 0) / 60.0
    m = _HOURS.match(s)
    if m and (m.group(1) or m.group(2)):
        return float(m.group(1) or 0) * 60.0 + float(m.group(2) or 0)
    return None


def parse_minutes(
    values: np.ndarray, *, blank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Visit minutes of a column and a mask of unreadable cells."""
    arr = np.asarray(values, dtype=object)
    blank = blank_mask(arr) if blank is None else blank
    numbers = np.full(len(arr), np.nan)
    bad = np.zeros(len(arr), dtype=bool)
    series = pd.Series(arr, dtype=object)
    plain = series.map(type).isin([str, float, int, np.float64, np.int64])
    numbers[:] = pd.to_numeric(series.where(plain), errors="coerce").to_numpy(dtype=float)
    numbers[~np.isfinite(numbers) | (numbers < 0)] = np.nan  # a negative length: unreadable
    for i in np.flatnonzero(np.isnan(numbers) & ~blank):
        value = parse_minutes_value(arr[i])
        if value is None or value < 0:
            bad[i] = True
        else:
            numbers[i] = value
    return numbers, bad
