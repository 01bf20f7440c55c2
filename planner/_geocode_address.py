"""Japanese address normalisation (the geocode cache key) and match-quality grading.

``normalize_address`` turns the many ways a customer list writes one address
(full-width digits, 丁目/番地/番/号 or hyphens, kanji numerals, a building name
and floor after the number, a postal code in front) into one key, so that
"1丁目2番3号" and "1-2-3" are looked up and cached once.
"""

from __future__ import annotations

import re
import unicodedata

#: Match qualities, best first. ``town`` and ``city`` are "low quality": the
#: point is the centre of the town or municipality, not the customer's door.
QUALITIES = ("exact", "chome", "town", "city", "unknown")
LOW_QUALITY = frozenset({"town", "city"})

_KANJI_DIGITS = {
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_NUM = "〇一二三四五六七八九十百"

# dashes a list may use between numbers (after NFKC): hyphen, non-breaking hyphen,
# figure dash, en/em dash, horizontal bar, minus, katakana long vowel mark, wave dashes
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u2043~\u301c\u223c\uff5e"
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=\d)\s*[{_DASHES}-]\s*(?=\d)")
_POSTAL = re.compile(r"^\s*(?:〒|郵便番号|\u3012)?\s*\d{3}\s*[-" + _DASHES + r"]?\s*\d{4}\s*")
_KANJI_CHOME = re.compile(rf"([{_KANJI_NUM}]+)丁目")
_KANJI_AFTER_CHOME = re.compile(
    rf"(丁目|-)([{_KANJI_NUM}]+)(番地|番(?![町丁館街])|号(?![室館棟線]))"
)
_CHOME = re.compile(r"(\d+)丁目")
_BANCHI = re.compile(r"(\d+)番地(?:の)?")
_BAN = re.compile(r"(\d+)番(?![町丁館街])")
_GO = re.compile(r"(\d+)号(?![室館棟線])")
_NO_BETWEEN = re.compile(r"(?<=\d)[のノ之](?=\d)")
_LOT = re.compile(r"\d+(?:-\d+)+")
_SPACE_AFTER_NUMBER = re.compile(r"(?<=[\d-])\s")
_OPEN_CHOME = re.compile(r"\d+-(?=[^\d\s])")
_SPACES = re.compile(r"\s+")
_MULTI_DASH = re.compile(r"-{2,}")
_TRAILING_NUMBERS = re.compile(r"(\d+(?:-\d+)*)$")
_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|[^\d]{2,3}県)")
_MUNICIPALITY_MARK = re.compile(r"[市区町村郡]")
_FOLD = str.maketrans({"ヶ": "ケ", "ヵ": "ケ", "が": "ケ", "ノ": "の", "之": "の"})


def kanji_to_int(text: str) -> int | None:
    """The value of a kanji numeral such as 二十三 (None if it is not one)."""
    if not text or any(c not in _KANJI_NUM for c in text):
        return None
    if "十" not in text and "百" not in text:
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total = 0
    current = 0
    for c in text:
        if c in _KANJI_DIGITS:
            current = _KANJI_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _kanji_sub(match: re.Match[str]) -> str:
    value = kanji_to_int(match.group(1))
    return match.group(0) if value is None else f"{value}丁目"


def _kanji_after_chome(match: re.Match[str]) -> str:
    value = kanji_to_int(match.group(2))
    if value is None:
        return match.group(0)
    return f"{match.group(1)}{value}{match.group(3)}"


def normalize_address(text: str) -> str:
    """The address as a lookup key: NFKC, hyphenated numbers, no postal code, building or spaces."""
    if not isinstance(text, str):
        return ""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return ""
    s = _POSTAL.sub("", s)
    s = _KANJI_CHOME.sub(_kanji_sub, s)
    s = _KANJI_AFTER_CHOME.sub(_kanji_after_chome, s)
    s = _DASH_BETWEEN_DIGITS.sub("-", s)
    s = _CHOME.sub(r"\1-", s)
    s = _BANCHI.sub(r"\1-", s)
    s = _BAN.sub(r"\1-", s)
    s = _GO.sub(r"\1", s)
    s = _NO_BETWEEN.sub("-", s)
    s = _DASH_BETWEEN_DIGITS.sub("-", s)
    # keep the building name, floor and room out of the key
    lot = _LOT.search(s)
    if lot:
        s = s[: lot.end()]
    else:
        space = _SPACE_AFTER_NUMBER.search(s)
        if space:
            s = s[: space.start()]
        else:
            open_chome = _OPEN_CHOME.search(s)
            if open_chome:
                s = s[: open_chome.end()]
    s = _SPACES.sub("", s)
    s = _MULTI_DASH.sub("-", s)
    return s.strip("-")


def split_address(key: str) -> tuple[str, str]:
    """(area, numbers) of a normalised key: "丸の内1-9-1" → ("丸の内", "1-9-1")."""
    m = _TRAILING_NUMBERS.search(key)
    if not m:
        return key, ""
    return key[: m.start()], m.group(1)


def _strip_prefecture(area: str) -> tuple[str, str]:
    m = _PREFECTURE.match(area)
    if not m:
        return "", area
    return m.group(1), area[m.end() :]


def _fold(key: str) -> str:
    """Spelling variants that name the same place: ヶ/ケ/が, ノ/の, an omitted 大字."""
    return key.translate(_FOLD).replace("大字", "")


def match_quality(query_key: str, matched_key: str) -> str | None:
    """How well a geocoder's matched address covers the query (a QUALITIES value, None = other place).

    Both are normalised keys. ``exact``: every number matches; ``chome``: the
    town and the leading numbers (丁目, perhaps 番) match; ``town``: only the
    town matches; ``city``: only the municipality matches.
    """
    q_area, q_nums = split_address(_fold(query_key))
    t_area, t_nums = split_address(_fold(matched_key))
    q_pref, q_rest = _strip_prefecture(q_area)
    t_pref, t_rest = _strip_prefecture(t_area)
    if q_pref and t_pref and q_pref != t_pref:
        return None
    if not t_rest:
        return None
    if q_rest == t_rest:
        if q_nums and t_nums == q_nums:
            return "exact"
        if t_nums and q_nums.startswith(t_nums + "-"):
            return "chome"
        return "town"
    if q_rest.startswith(t_rest) and _MUNICIPALITY_MARK.search(t_rest):
        return "city"
    common = 0
    for a, b in zip(q_rest, t_rest, strict=False):
        if a != b:
            break
        common += 1
    shared = q_rest[:common]
    marks = list(_MUNICIPALITY_MARK.finditer(shared))
    if marks:
        return "city"
    return None


def better(quality_a: str, quality_b: str) -> bool:
    """True when ``quality_a`` is a better match than ``quality_b``."""
    return QUALITIES.index(quality_a) < QUALITIES.index(quality_b)
