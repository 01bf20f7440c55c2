"""Visit frequencies: words from spreadsheets, and rules by rank or sales.

Unit: visits per 4 weeks (weekly = 4, every two weeks = 2, monthly = 1,
every eight weeks = 0.5, every twelve weeks = 1/3, twice a week = 8).
"""

from __future__ import annotations

import re
import unicodedata

#: The frequencies the calendar supports, in visits per 4 weeks.
SUPPORTED = (8.0, 4.0, 2.0, 1.0, 0.5, 1.0 / 3.0)

_WORDS: dict[str, float] = {
    # Japanese
    "毎日": 20.0, "週5": 20.0, "週3": 12.0, "週2": 8.0, "週1": 4.0, "毎週": 4.0, "週一": 4.0,
    "週二": 8.0, "隔週": 2.0, "2週に1回": 2.0, "2週1回": 2.0, "月2": 2.0, "月2回": 2.0,
    "月1": 1.0, "月1回": 1.0, "月一": 1.0, "毎月": 1.0, "4週に1回": 1.0,
    "2ヶ月に1回": 0.5, "2か月に1回": 0.5, "2カ月に1回": 0.5, "2ヵ月に1回": 0.5,
    "隔月": 0.5, "8週に1回": 0.5, "四半期": 1.0 / 3.0, "3ヶ月に1回": 1.0 / 3.0,
    "3か月に1回": 1.0 / 3.0, "3カ月に1回": 1.0 / 3.0, "3ヵ月に1回": 1.0 / 3.0,
    "12週に1回": 1.0 / 3.0, "なし": 0.0, "訪問なし": 0.0,
    # English
    "daily": 20.0, "twice a week": 8.0, "twice weekly": 8.0, "2x week": 8.0,
    "weekly": 4.0, "every week": 4.0, "biweekly": 2.0, "bi-weekly": 2.0,
    "fortnightly": 2.0, "every two weeks": 2.0, "every 2 weeks": 2.0,
    "monthly": 1.0, "every four weeks": 1.0, "every 4 weeks": 1.0,
    "bimonthly": 0.5, "bi-monthly": 0.5, "every two months": 0.5, "every 2 months": 0.5,
    "every eight weeks": 0.5, "every 8 weeks": 0.5, "quarterly": 1.0 / 3.0,
    "every twelve weeks": 1.0 / 3.0, "every 12 weeks": 1.0 / 3.0, "never": 0.0, "none": 0.0,
}
_NORMALISED = {re.sub(r"\s+", " ", k.lower()): v for k, v in _WORDS.items()}


def parse_frequency(value: object) -> float | None:
    """Visits per 4 weeks from a cell (``"週1"``, ``"隔週"``, ``"monthly"``, ``4``); ``None`` if unreadable."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if number >= 0 and number == number else None
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = re.sub(r"\s+", " ", text)
    if not text:
        return None
    if text in _NORMALISED:
        return _NORMALISED[text]
    compact = text.replace(" ", "").replace("回", "").replace("に", "")
    for key, freq in _NORMALISED.items():
        if compact == key.replace(" ", "").replace("回", "").replace("に", ""):
            return freq
    m = re.fullmatch(r"週(\d+(?:\.\d+)?)", compact)
    if m:
        return 4.0 * float(m.group(1))
    m = re.fullmatch(r"月(\d+(?:\.\d+)?)", compact)
    if m:
        return float(m.group(1))
    m = re.fullmatch(r"(\d+)(?:週|weeks?)(?:1|一)?", compact)
    if m and float(m.group(1)) > 0:
        return 4.0 / float(m.group(1))
    m = re.fullmatch(r"(\d+)(?:ヶ月|か月|カ月|ヵ月|months?)(?:1|一)?", compact)
    if m and float(m.group(1)) > 0:
        return 1.0 / float(m.group(1))
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number >= 0 else None


def frequency_label(freq: float) -> str:
    """Short English label for a frequency (translated by the caller)."""
    for value, label in (
        (8.0, "twice a week"), (4.0, "weekly"), (2.0, "every 2 weeks"), (1.0, "every 4 weeks"),
        (0.5, "every 8 weeks"), (1.0 / 3.0, "every 12 weeks"), (0.0, "no visits"),
    ):
        if abs(freq - value) < 1e-6:
            return label
    return f"{freq:g} per 4 weeks"
