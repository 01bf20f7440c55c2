"""Customers' visiting hours (訪問時間帯): reading them, and the window they give a visit.

Many route-sales customers can only be seen at certain hours: a restaurant before its
lunch service (午前中), a shop after its delivery rush (14時以降), a clinic between
consultations (13:00〜15:00). The ``visit_time`` column holds the hours a visit must
fall in, as ``"HH:MM-HH:MM"``; one end may be open (``"14:00-"`` = from 14:00,
``"-12:00"`` = until 12:00), ``""`` = any time. The whole visit lies in the window:
it starts at the opening time or later and ends by the closing time.

:func:`parse_visit_time` reads what people type into spreadsheets (``午前``, ``午後``,
``10時〜12時``, ``14時以降``, ``11時まで``, ``10:00-12:00``, ``AM``, ``指定なし`` …);
:func:`window_minutes` gives the window in minutes after midnight for the calendar and
the route ordering (:func:`planner._routing_windows.order_in_windows`);
:func:`visits_outside_hours` finds the visits a hand edit left outside them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.i18n import language, tr
from planner.routing import clock_minutes

#: Minutes after midnight of the end of the day: a window open towards the evening.
DAY_END = 24 * 60

# fmt: off
#: Cells meaning "any time".
_FREE_WORDS = frozenset(
    {
        "-", "--", "−", "—", "–", "―", "‐", "ー", "ｰ", "x", "×", "なし", "無し", "指定なし",
        "時間指定なし", "指定無し", "特になし", "不問", "随時", "終日", "いつでも", "any",
        "any time", "anytime", "none", "no", "n/a", "na", "nil", "free", "all day",
    }
)
#: Words for a part of the day, as (from, until) in minutes; None = open end.
_WORDS: dict[str, tuple[int | None, int | None]] = {
    "午前": (None, 12 * 60), "午前中": (None, 12 * 60), "am": (None, 12 * 60),
    "morning": (None, 12 * 60), "朝": (None, 10 * 60), "朝一": (None, 10 * 60),
    "朝イチ": (None, 10 * 60), "午後": (13 * 60, None), "pm": (13 * 60, None),
    "afternoon": (13 * 60, None), "夕方": (16 * 60, None), "evening": (16 * 60, None),
}
# fmt: on
_NOISE = ("訪問時間帯", "時間帯", "時間指定", "訪問", "頃", "ごろ", "ころ", "指定", "のみ", "限定",
          "only", "between")
_DASHES = re.compile(r"\s*(?:〜|～|~|-|−|–|—|―|‐|ー|から|to|until)\s*")
_CLOCK = r"(\d{1,2})(?:(?::|時|h)(\d{1,2}|半)?分?)?"
_UNTIL_WORDS = ("以前", "まで", "迄", "前")
_FROM_WORDS = ("以降", "以後", "から", "より", "onwards", "〜", "~", "-")
_UNTIL_PREFIXES = ("before", "by", "until")
_FROM_PREFIXES = ("after", "from")


def parse_visit_time(value: Any) -> str | None:
    """The stored form of a visiting-hours cell: ``"10:00-12:00"``, ``"14:00-"``,
    ``"-11:00"`` or ``""`` (any time); None when unreadable."""
    if value is None or value is False:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value).strip().lower()
    s = re.sub(r"\s+", " ", s)
    if not s or s in _FREE_WORDS:
        return ""
    for word in _NOISE:
        s = s.replace(word, "")
    s = s.replace(" ", "")
    if s in _WORDS:
        return _text(*_WORDS[s])
    s = s.replace("午前", "am").replace("午後", "pm")
    s = re.sub(rf"(am|pm)({_CLOCK})", r"\2\1", s)  # 午後2時 → 2時pm
    until = after = False
    for word in _UNTIL_PREFIXES + _FROM_PREFIXES:
        if s.startswith(word):
            until, after = word in _UNTIL_PREFIXES, word in _FROM_PREFIXES
            s = s[len(word) :]
            break
    else:
        for word in _UNTIL_WORDS + _FROM_WORDS:
            if s.endswith(word):
                until, after = word in _UNTIL_WORDS, word in _FROM_WORDS
                s = s[: -len(word)]
                break
    s = _DASHES.sub("<", s)
    parts = s.split("<")
    if len(parts) == 1:
        if not (until or after):
            return None
        t = _clock(parts[0])
        if t is None:
            return None
        return _text(None, t) if until else _text(t, None)
    if len(parts) != 2:
        return None
    a = _clock(parts[0]) if parts[0] else None
    b = _clock(parts[1]) if parts[1] else None
    if (parts[0] and a is None) or (parts[1] and b is None) or (a is None and b is None):
        return None
    if a is not None and b is not None and b <= a:
        if b + 12 * 60 > a and b < 9 * 60 and "am" not in parts[1]:
            b += 12 * 60  # 10時〜2時: two in the afternoon
        else:
            return None
    return _text(a, b)


def _clock(part: str) -> int | None:
    """Minutes after midnight of ``10``, ``10:30``, ``10時半``, ``2pm``; None when not a time."""
    pm = part.endswith("pm")
    am = part.endswith("am")
    if pm or am:
        part = part[:-2]
    found = re.fullmatch(_CLOCK, part)
    if not found:
        return None
    hours = int(found.group(1))
    minute_text = found.group(2)
    minutes = 30 if minute_text == "半" else int(minute_text or 0)
    if pm and hours < 12:
        hours += 12
    if am and hours == 12:
        hours = 0
    value = hours * 60 + minutes
    if minutes >= 60 or not 0 <= value <= DAY_END:
        return None
    return value


def _text(start: int | None, end: int | None) -> str:
    return f"{_hhmm(start)}-{_hhmm(end)}"


def _hhmm(minutes: int | None) -> str:
    if minutes is None:
        return ""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_visit_time_cell(value: Any) -> str | None:
    """:func:`parse_visit_time` for a spreadsheet cell (numbers are not hours: unreadable)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "" if isinstance(value, float) and math.isnan(value) else None
    return parse_visit_time(value)


def window_minutes(text: Any) -> tuple[float, float] | None:
    """``(opens, closes)`` in minutes after midnight of a stored value; None = any time."""
    if not isinstance(text, str) or "-" not in text:
        return None
    a, _, b = text.partition("-")
    start = _minutes(a) if a else 0.0
    end = _minutes(b) if b else float(DAY_END)
    if start is None or end is None:
        return None
    return (start, end)


def _minutes(hhmm: str) -> float | None:
    hh, _, mm = hhmm.partition(":")
    if not (hh.isdigit() and mm.isdigit()):
        return None
    return float(int(hh) * 60 + int(mm))


def hours_arrays(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Opening and closing minute of each stored value (NaN for any time); each distinct
    value is read once."""
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object).fillna(""))
    opens = np.full(len(uniques) + 1, np.nan)  # the last entry answers code -1
    closes = np.full(len(uniques) + 1, np.nan)
    for i, text in enumerate(uniques):
        window = window_minutes(text) if text else None
        if window is not None:
            opens[i], closes[i] = window
    return opens[codes], closes[codes]


def outside_hours(
    arrival: np.ndarray, departure: np.ndarray, opens: np.ndarray, closes: np.ndarray
) -> np.ndarray:
    """Visits (arrival, departure in minutes after midnight) that start before their hours
    open or end after they close; False without hours or with unreadable times."""
    with np.errstate(invalid="ignore"):
        return (arrival < opens - 0.5) | (departure > closes + 0.5)


def visits_outside_hours(customers: pd.DataFrame, schedule: pd.DataFrame) -> np.ndarray:
    """Per schedule row: True when the visit lies outside its customer's visiting hours
    (a hand move can put it there; the calendar builder never does)."""
    if not len(schedule):
        return np.zeros(0, dtype=bool)
    from planner.schedule_index import customer_positions

    pos = customer_positions(customers, schedule["customer_id"].to_numpy(dtype=object))
    texts = customers[m.VISIT_TIME].to_numpy(dtype=object)
    opens, closes = hours_arrays(np.where(pos >= 0, texts[np.maximum(pos, 0)], ""))
    return outside_hours(clock_minutes(schedule["arrival"]), clock_minutes(schedule["departure"]),
                         opens, closes)


def visit_time_label(text: Any) -> str:
    """How a stored value is shown: ``"10:00〜12:00"``, ``"14:00〜"``, ``"〜11:00"`` in
    Japanese, ``"10:00–12:00"``, ``"from 14:00"``, ``"until 11:00"`` in English; "" = any."""
    if not isinstance(text, str) or "-" not in text:
        return ""
    a, _, b = (t.removeprefix("0") for t in text.partition("-"))
    if a and b:
        return f"{a}{'〜' if language() == 'ja' else '–'}{b}"
    return tr("from {time}", time=a) if a else tr("until {time}", time=b)


def unreadable_reason() -> str:
    """The import problem of a visiting-hours cell that could not be read."""
    return tr(
        "The visiting hours could not be read (write e.g. 午前, 14時以降 or 10:00-12:00); "
        "imported without them."
    )
