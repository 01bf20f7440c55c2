"""Customers' regular closing days (定休日): reading them from a sheet, showing them, checking them.

A customer's ``closed_days`` column holds weekday codes joined by "," in week
order (``"wed"``, ``"sat,sun"``; ``""`` = open every day). Spreadsheet cells
such as ``水曜``, ``毎週水曜日``, ``土日祝``, ``月・火``, ``Wed``, ``sat, sun``,
``なし`` or ``年中無休`` are read by :func:`parse_closed_days`; public holidays
(祝) are accepted and left out of the weekday set, since the calendar skips
holidays on its own when the plan asks for it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from planner.i18n import language, tr
from planner.model import WEEKDAY_TITLES, WEEKDAYS

#: Cells meaning "no closing day".
_NONE_WORDS = frozenset(
    {
        "-", "--", "−", "—", "–", "―", "‐", "ー", "ｰ", "x", "×", "なし", "無し", "無", "無休",
        "年中無休", "定休日なし", "定休なし", "休みなし", "休業日なし", "none", "no", "n/a", "na",
        "nil", "open every day", "open daily", "毎日営業", "年中営業",
    }
)

#: Japanese words around the day names that carry no meaning of their own (longest first).
_NOISE = (
    "定休日", "休業日", "定休", "休業", "休日", "お休み", "休み", "毎週", "休",
    "および", "及び", "は", "と", "や", "のみ",
)
_HOLIDAY_WORDS = ("祝祭日", "祝日", "祭日")

_JA_DAYS = {"月": "mon", "火": "tue", "水": "wed", "木": "thu", "金": "fri", "土": "sat", "日": "sun"}
_EN_DAYS = {
    "mon": "mon", "monday": "mon", "tue": "tue", "tues": "tue", "tuesday": "tue",
    "wed": "wed", "weds": "wed", "wednesday": "wed", "thu": "thu", "thur": "thu",
    "thurs": "thu", "thursday": "thu", "fri": "fri", "friday": "fri", "sat": "sat",
    "saturday": "sat", "sun": "sun", "sunday": "sun",
}
_EN_HOLIDAY = frozenset({"holiday", "holidays", "hol", "hols", "ph", "祝"})
_EN_NOISE = frozenset({"closed", "on", "and", "every", "day", "days", "public", "national", "s"})
_EN_WEEKEND = frozenset({"weekend", "weekends"})

_TOKEN = re.compile(r"[a-z]+|[月火水木金土日祝]|[~〜\-]|[\s,、;；/・&+|]+|.", re.DOTALL)
_RANGE = frozenset({"~", "〜", "-"})
_SEPARATOR = re.compile(r"[\s,、;；/・&+|]+")
#: 水曜 / 水曜日 → 水; in 土曜日曜 the 日 before 曜 is Sunday, not the end of 土曜日.
_YOUBI = re.compile(r"([月火水木金土日])曜(?:日(?!曜))?")


#: Irregular closing (不定休): no weekday of its own; the days named beside it still hold.
_IRREGULAR = re.compile(r"[(（]?\s*不定休(?:日)?(?:あり|有り|有)?\s*[)）]?")


def parse_closed_days(value: Any) -> str | None:
    """The weekday codes of a closing-day cell (``"sat,sun"``, ``""`` = none); None when
    unreadable. ``水曜（不定休あり）`` is Wednesday: the irregular closing names no day, the
    weekday beside it does (``不定休`` alone stays unreadable)."""
    found = parse_weekday_set(value, none_words=_NONE_WORDS, noise=_NOISE, holidays=True)
    if found is None and isinstance(value, str):
        rest = _IRREGULAR.sub(" ", unicodedata.normalize("NFKC", value))
        if rest != unicodedata.normalize("NFKC", value) and rest.strip(" ・,、/"):
            found = parse_weekday_set(rest.strip(" ・,、/"), none_words=_NONE_WORDS,
                                      noise=_NOISE, holidays=True) or None
    return found


def parse_weekday_set(
    value: Any,
    *,
    none_words: frozenset[str],
    noise: tuple[str, ...],
    holidays: bool = False,
    extra_noise: frozenset[str] = frozenset(),
) -> str | None:
    """The weekday codes of a cell naming a set of weekdays (``"sat,sun"``, ``""`` = none).

    The grammar shared by closing days and visit days: Japanese day names (水, 水曜,
    水曜日, 土日, 月・木, 月〜水) and English ones (Wed, sat, sun, weekends), with
    ``none_words`` meaning "no day" and the Japanese ``noise`` words (longest first)
    ignored. Public holidays (祝) are accepted and left out of the set when
    ``holidays`` is true, unreadable otherwise. None when the cell cannot be read.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        return None  # a number or a date names no weekday
    s = unicodedata.normalize("NFKC", value).strip().lower()
    if not s or s in none_words:
        return ""
    for word in _HOLIDAY_WORDS:
        s = s.replace(word, "祝")
    s = _YOUBI.sub(r"\1 ", s)
    for word in noise:
        s = s.replace(word, " ")
    if not s.strip():
        return None
    items: list[str] = []  # day codes, "hol" or a range mark, in order
    for token in _TOKEN.findall(s):
        if _SEPARATOR.fullmatch(token):
            continue
        if token in _JA_DAYS:
            items.append(_JA_DAYS[token])
        elif token in _EN_DAYS:
            items.append(_EN_DAYS[token])
        elif token.endswith("s") and token[:-1] in _EN_DAYS:
            items.append(_EN_DAYS[token[:-1]])
        elif token in _EN_HOLIDAY:
            if not holidays:
                return None
            items.append("hol")
        elif token in _EN_WEEKEND:
            items.extend(("sat", "sun"))
        elif token in _RANGE:
            items.append("~")
        elif token in _EN_NOISE or token in extra_noise:
            continue
        else:
            return None
    days: set[str] = set()
    holiday = False
    for k, item in enumerate(items):
        if item == "hol":
            holiday = True
        elif item == "~":
            before = items[k - 1] if k > 0 else ""
            after = items[k + 1] if k + 1 < len(items) else ""
            if before not in WEEKDAYS or after not in WEEKDAYS:
                return None
            a, b = WEEKDAYS.index(before), WEEKDAYS.index(after)
            days.update(WEEKDAYS[(a + j) % 7] for j in range((b - a) % 7 + 1))
        else:
            days.add(item)
    if not days and not holiday:
        return None
    return join_days(days)


#: 第2・4水曜, 第2・第4水, 第３水曜日, 毎月第1月曜, 隔週水曜, 2nd & 4th Wed, every other Wed: a
#: weekday closed in some weeks only (the words before the day name).
_SOME_WEEKS = re.compile(
    r"(?:毎月\s*)?(?:第\s*[1-5一二三四五](?:\s*[・,、&と]\s*(?:第\s*)?[1-5一二三四五])*\s*"
    r"(?:週\s*)?(?:目\s*)?(?:の\s*)?|隔週\s*)(?=[月火水木金土日])"
    r"|(?:\b[1-5](?:st|nd|rd|th)(?:\s*(?:&|and|,|/)\s*[1-5](?:st|nd|rd|th))*\s+"
    r"|\b(?:every other|alternate)\s+)(?=(?:mon|tue|wed|thu|fri|sat|sun))",
    re.IGNORECASE,
)


def some_weeks_closed(value: Any) -> str | None:
    """The weekday codes of a closing-day cell naming a weekday closed in some weeks of the
    month only (``第2・4水曜`` → ``"wed"``, ``日曜・第3水曜`` → ``"wed,sun"``): the calendar
    repeats every few weeks, not by the month, so such a shop is not visited on that weekday
    at all. None when the cell names no such day or cannot be read."""
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value)
    if not _SOME_WEEKS.search(s):
        return None
    return parse_closed_days(_SOME_WEEKS.sub("", s))


def some_weeks_reason() -> str:
    """The import report's note on a shop closed on a weekday of some weeks only."""
    return tr("Closed on this weekday in some weeks only: read as closed on it every week, so "
              "that no visit falls on a closed day. Set a visit day by hand to choose another.")


def join_days(days: Iterable[str]) -> str:
    """Weekday codes as the column stores them: distinct, in week order, joined by ","."""
    wanted = set(days)
    return ",".join(d for d in WEEKDAYS if d in wanted)


def split_days(codes: Any) -> frozenset[str]:
    """The weekday codes of a stored ``closed_days`` or ``visit_days`` value (unknown codes are
    ignored)."""
    if not isinstance(codes, str) or not codes:
        return frozenset()
    return frozenset(d for d in (c.strip() for c in codes.split(",")) if d in WEEKDAYS)


def closed_days_label(codes: Any) -> str:
    """The weekdays of ``codes`` (closing or visit days) in the current language, short
    (``"月・水"`` / ``"Mon, Wed"``)."""
    days = split_days(codes)
    return weekday_list(tr(WEEKDAY_TITLES[d]) for d in WEEKDAYS if d in days)


def weekday_list(titles: Iterable[str]) -> str:
    """Weekday names one after another as each language writes them: ``土・日`` (as the
    Working time dialog and a Japanese list write them), ``Sat, Sun``; both read back."""
    return ("・" if language() == "ja" else ", ").join(titles)


def unreadable_reason() -> str:
    """The import report's reason for a closing-day cell that cannot be read."""
    return tr("The closing day is not readable; imported without it.")


def unserved_reason(shut: frozenset[int], days: Sequence[str], per_week: int) -> str | None:
    """Why a customer closed on the working days ``shut`` (indexes into ``days``) cannot get
    ``per_week`` visits a week on separate open days; None when it can."""
    open_days = len(days) - len(shut)
    label = weekday_list(tr(WEEKDAY_TITLES[days[k]]) for k in sorted(shut))
    if open_days <= 0:
        return tr(
            "The customer is closed on every working day of the calendar ({days}).", days=label
        )
    if open_days < per_week:
        return tr(
            "The customer is visited {visits} times a week but open on only {open} of the "
            "working days (closed {days}).",
            visits=per_week,
            open=open_days,
            days=label,
        )
    return None
