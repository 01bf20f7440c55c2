"""Visit frequencies: words from spreadsheets, and rules by rank or sales.

Unit: visits per 4 weeks (weekly = 4, every two weeks = 2, monthly = 1,
every eight weeks = 0.5, every twelve weeks = 1/3, twice a week = 8).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import tr
from planner.model import Plan

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
    "no visits": 0.0, "不定期": 0.0, "随時": 0.0, "スポット": 0.0, "必要時": 0.0,
    "都度": 0.0, "その都度": 0.0, "必要都度": 0.0, "依頼時": 0.0, "要請時": 0.0,
    "as needed": 0.0, "irregular": 0.0,
}
_NORMALISED = {re.sub(r"\s+", " ", k.lower()): v for k, v in _WORDS.items()}


#: The most visits per 4 weeks a customer can have: one every day of the week.
MAX_FREQUENCY = 28.0


def parse_frequency(value: object) -> float | None:
    """Visits per 4 weeks from a cell (``"週1"``, ``"隔週"``, ``"monthly"``, ``4``); ``None`` if
    unreadable, or more than a visit a day (``100``, ``inf``: a typing slip the calendar could
    not follow, and the reps' weeks would be counted with it)."""
    freq = _parse_frequency(value)
    return freq if freq is not None and 0 <= freq <= MAX_FREQUENCY else None


#: The notes this program's words add in brackets, NFKC and lower case (about every 8
#: weeks, :func:`frequency_words`; the calendar's rhythm, :mod:`planner.calendar_rhythm`):
#: read back, the frequency is the words before them.
_OWN_NOTE = re.compile(r"(?: ?\((?:about once every \d+ weeks|約\d+週に1回|"
                       r"in the calendar: [^()]*|カレンダーでは[^()]*)\))+$")


def _parse_frequency(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if number >= 0 and number == number else None
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    text = re.sub(r"\s+", " ", text)
    text = _OWN_NOTE.sub("", text)  # 6週に1回（カレンダーでは8週に1回）: the words before
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
    m = re.fullmatch(r"(\d+(?:\.\d+)?)/(週|月)", compact)  # 1回/週, 2回/月
    if m:
        return float(m.group(1)) * (4.0 if m.group(2) == "週" else 1.0)
    m = re.fullmatch(r"年(\d+)", compact)  # 年4回: a month counted as four weeks, as 月1 is
    if m:
        per_month = int(m.group(1)) / 12.0
        near = [f for f in SUPPORTED if abs(f - per_month) <= 0.1 * f]  # 年52回: weekly
        return near[0] if near else per_month
    m = re.fullmatch(r"(\d+)週(\d+(?:\.\d+)?)", compact)  # 4週に3回 (this program's words)
    if m and float(m.group(1)) > 0:
        return 4.0 * float(m.group(2)) / float(m.group(1))
    m = re.fullmatch(r"(\d+(?:\.\d+)?) ?per ?4 ?weeks", text)  # 3 per 4 weeks
    if m:
        return float(m.group(1))
    m = re.fullmatch(r"(?:once )?every (\d+) weeks", text)  # once every 6 weeks
    if m and int(m.group(1)) > 0:
        return 4.0 / int(m.group(1))
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


#: 週2(月木), 毎週火曜, 隔週 水: a frequency followed by the weekdays of its visits.
_WITH_DAYS = re.compile(r"^(.*?)[\s(（\[【]*((?:[月火水木金土日](?:曜日?)?[\s・,、/]*)+)[)）\]】]?$")


def frequency_with_days(value: object) -> tuple[float, str] | None:
    """A frequency cell naming its visits' weekdays too (``週2(月木)`` → ``(8.0, "mon,thu")``,
    ``毎週火曜`` → ``(4.0, "tue")``); None when the cell is not one."""
    from planner.visit_days import parse_visit_days

    if not isinstance(value, str):
        return None
    found = _WITH_DAYS.match(unicodedata.normalize("NFKC", value).strip())
    if not found or not found.group(1).strip():
        return None
    freq = parse_frequency(found.group(1))
    days = parse_visit_days(found.group(2))
    if freq is None or not days:
        return None
    if found.group(1).strip() == "毎週":  # 毎週月・木: every Monday and every Thursday
        freq = 4.0 * len(days.split(","))
    return freq, days


#: 第1・第3水曜, 月1回（第2金曜）, 毎月第2火曜日: visits on given weeks of the month, one weekday.
_ON_WEEKS = re.compile(r"^(?P<head>.*?)[\s(（\[【]*(?P<weeks>第[1-5](?:\s*[・,、/&と]\s*第?[1-5])*)"
                       r"(?:週目?|週)?\s*(?P<day>[月火水木金土日])(?:曜日?)?[)）\]】]?$")


def frequency_on_weeks(value: object) -> tuple[float, str, int] | None:
    """A frequency cell naming the weeks of the month and the weekday of its visits
    (``第1・第3水曜`` → ``(2.0, "wed", 1)``: every other week from week 1 on Wednesday;
    ``月1回（第2金曜）`` → ``(1.0, "fri", 2)``); None when the cell is not one, or its weeks
    are not evenly spaced in four (第1・第2), or its count says otherwise (月2回（第1金曜）)."""
    from planner.visit_days import parse_visit_days

    if not isinstance(value, str):
        return None
    found = _ON_WEEKS.match(unicodedata.normalize("NFKC", value).strip())
    if not found:
        return None
    weeks = sorted({int(w) for w in re.findall(r"\d", found.group("weeks"))})
    head = found.group("head").strip()
    if head in ("毎月", "月", "各月"):
        head = ""
    spaced = len(weeks) == 1 or (len(weeks) == 2 and weeks[1] - weeks[0] == 2) or len(weeks) == 4
    if not spaced or max(weeks) > 4 or (head and parse_frequency(head) != float(len(weeks))):
        return None
    day = parse_visit_days(found.group("day"))
    if not day:
        return None
    return float(len(weeks)), day, weeks[0] if len(weeks) < 4 else 0


def frequency_label(freq: float) -> str:
    """Short English label for a frequency (translated by the caller)."""
    for value, label in (
        (8.0, "twice a week"), (4.0, "weekly"), (2.0, "every 2 weeks"), (1.0, "every 4 weeks"),
        (0.5, "every 8 weeks"), (1.0 / 3.0, "every 12 weeks"), (0.0, "no visits"),
    ):
        if abs(freq - value) < 1e-6:
            return label
    return f"{freq:g} per 4 weeks"


def frequency_words(freq: float, *, exact: bool = False) -> str:
    """A frequency in words of the current language (毎週, 隔週, 4週に3回), "" when unset; one
    below once in 4 weeks and in no whole number of weeks says the weeks a visit comes
    about every, as a manager counts (4週に0.53回（約8週に1回）), not a bare 0.53. ``exact``
    keeps the number's digits (a workbook read back: 4週に0.533333回)."""
    if not np.isfinite(freq):
        return ""
    label = frequency_label(float(freq))
    if not label.endswith(" per 4 weeks"):
        return tr(label)
    weeks = 4.0 / float(freq) if freq > 0 else 0.0
    if weeks > 1 and abs(weeks - round(weeks)) < 1e-6:  # once in 6 weeks: 6週に1回
        return tr("once every {n} weeks", n=int(round(weeks)))
    # two decimals as the map's tooltip rounds them (frequency × 100)
    n = f"{float(freq):g}" if exact else f"{round(float(freq), 2):g}"
    if weeks > 4:  # 0.53 in 4 weeks: about every 8 weeks (7.5, rounded as a manager would)
        return tr("{n} per 4 weeks (about once every {w} weeks)", n=n, w=_about(weeks))
    return tr("{n} per 4 weeks", n=n)  # 3 visits in 4 weeks: 4週に3回


def _about(weeks: float) -> int:
    """Whole weeks, halves rounded up (7.5 → 8), as the page's JavaScript rounds them."""
    return int(np.floor(weeks + 0.5))


def visits_text(visits: float) -> str:
    """A count of visits per 4 weeks as every table shows it: whole (``1,290``), or with
    one decimal for customers seen less than every 4 weeks (``646.5``: every 8 weeks)."""
    value = float(visits)
    return f"{value:,.0f}" if abs(value - round(value)) < 0.05 else f"{value:,.1f}"


# --- rules by rank and sales ----------------------------------------------------

#: ``plan.meta`` key: customer ids whose frequency the manager set by hand. The UI adds
#: the ids of every per-customer or selection frequency edit (see :func:`mark_overrides`)
#: and removes them with :func:`clear_overrides`; rules leave these customers alone.
OVERRIDES_KEY = "frequency_overrides"
#: ``plan.meta`` key: the sales bands last applied, as ``[[min_sales, frequency], …]``.
SALES_BANDS_KEY = "frequency_sales_bands"
#: ``plan.meta`` key: True once rules set the plan's frequencies (new customers then follow them).
RULES_APPLIED_KEY = "frequency_rules_applied"
#: ``plan.meta`` key: ids of the customer list's own frequencies the last rules kept.
LISTED_OWN_KEY = "frequency_listed_own"


def apply_frequency_rules(
    plan: Plan,
    *,
    by_rank: Mapping[str, float | str] | None = None,
    sales_bands: Sequence[tuple[float, float | str]] | None = None,
    keep_overrides: bool = True,
    keep_listed: bool = False,
) -> Plan:
    """A new plan with visit frequencies set by rank and/or sales band.

    ``by_rank`` maps a rank (``"A"``) to visits per 4 weeks (a number or a word such
    as ``"隔週"``, see :func:`parse_frequency`); ``sales_bands`` lists
    ``(min_sales, visits)``: a customer takes the band with the highest minimum
    not above its sales. When both apply, the more frequent one wins (a rank-C
    customer with large sales is still seen often). Customers no rule covers keep
    their frequency, as do the ids in ``plan.meta["frequency_overrides"]`` when
    ``keep_overrides``, and those whose frequency the customer list gives when
    ``keep_listed`` (:func:`listed_ids`). The rank rules become the plan's defaults
    (``settings.frequency_by_rank``); an existing calendar is marked stale when
    a frequency changes.
    """
    rank_rules = _validate_rank_rules(by_rank)
    bands = _validate_bands(sales_bands)
    if not rank_rules and not bands:
        raise PlannerError(tr("Give at least one frequency rule (by rank or by sales)."))
    c = plan.customers
    old = c[m.FREQUENCY].to_numpy(dtype=float)
    new = np.full(len(c), np.nan)
    if rank_rules:
        ranks = [normalise_rank(r) for r in c[m.RANK].astype(str)]
        upper = {normalise_rank(k): v for k, v in rank_rules.items()}
        new = np.array([upper.get(r, np.nan) for r in ranks], dtype=float)
    if bands:
        sales = c[m.SALES].to_numpy(dtype=float)
        mins = np.array([b[0] for b in bands])
        freqs = np.array([b[1] for b in bands])
        which = np.searchsorted(mins, np.nan_to_num(sales, nan=-np.inf), side="right") - 1
        band_freq = np.where((which >= 0) & np.isfinite(sales), freqs[np.clip(which, 0, None)], np.nan)
        new = np.fmax(new, band_freq)  # fmax ignores NaN: the other rule (or none) applies
    result = np.where(np.isfinite(new), new, old)
    overrides = overridden_ids(plan) if keep_overrides else set()
    own = listed_ids(plan) if keep_listed else set()
    overrides |= own
    if overrides:
        keep = c[m.CUSTOMER_ID].astype(str).isin(overrides).to_numpy()
        result = np.where(keep, old, result)
    customers = c.copy()
    customers[m.FREQUENCY] = result
    meta = dict(plan.meta)
    meta[RULES_APPLIED_KEY] = True
    # the list's exceptions kept now stay exceptions when a later rule equals them (B weekly
    # for a while, then back to 隔週: the office's 毎週 B customer keeps its 毎週)
    meta[LISTED_OWN_KEY] = sorted(own)
    if bands:
        meta[SALES_BANDS_KEY] = [[float(a), float(b)] for a, b in bands]
    changed = ~((result == old) | (np.isnan(result) & np.isnan(old)))
    if plan.schedule is not None and changed.any():
        meta["schedule_stale"] = True
    settings = plan.settings
    if rank_rules:
        merged = {**dict(settings.frequency_by_rank), **rank_rules}
        settings = dataclasses.replace(settings, frequency_by_rank=merged)
    return plan.replace(customers=customers, settings=settings, meta=meta)


#: A rank written with its word: Aランク, ランクA, ランク：A, A級, Rank A (the word around it).
_RANK_WORD = re.compile(r"^(?:ランク|RANK)\s*[:：]?\s*(?P<a>\S.*)$|^(?P<b>.*\S)\s*(?:ランク|級|RANK)$")


def normalise_rank(rank: object) -> str:
    """A rank as rules compare it: NFKC (full-width ``Ａ`` → ``A``), trimmed, upper case, the
    word ランク or 級 around it dropped (``Aランク``, ``ランクA``, ``A級`` → ``A``)."""
    text = unicodedata.normalize("NFKC", str(rank)).strip().upper()
    found = _RANK_WORD.match(text)
    return (found.group("a") or found.group("b")).strip() if found else text


def unmatched_ranks(plan: Plan, by_rank: Mapping[str, object]) -> list[str]:
    """The ranks of ``by_rank`` (normalised) that no customer of ``plan`` has: rules that do nothing."""
    have = {normalise_rank(r) for r in plan.customers[m.RANK].astype(str)}
    out: list[str] = []
    for rank in by_rank:
        key = normalise_rank(rank)
        if key and key not in have and key not in out:
            out.append(key)
    return out


def uncovered_ranks(plan: Plan, by_rank: Mapping[str, object]) -> list[tuple[str, int]]:
    """The ranks customers of ``plan`` have that no rule of ``by_rank`` names, with how many
    customers have each (the most first): customers the rank rules leave as they are."""
    ruled = {normalise_rank(r) for r in by_rank}
    ranks = [normalise_rank(r) for r in plan.customers[m.RANK].fillna("").astype(str)]
    counts: dict[str, int] = {}
    for rank in ranks:
        if rank and rank not in ruled:
            counts[rank] = counts.get(rank, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def overridden_ids(plan: Plan) -> set[str]:
    """Customer ids whose frequency was set by hand (kept by :func:`apply_frequency_rules`)."""
    return {str(v) for v in plan.meta.get(OVERRIDES_KEY, ()) or ()}


def listed_ids(plan: Plan) -> set[str]:
    """Customer ids whose frequency is the customer list's own choice: the cell of the column
    the plan read its frequencies from (``meta["import_columns"]``, else the column a 訪問頻度
    header names) gives a frequency other than the plan's rule for the customer's rank, and
    the customer still has it. The office's 週2 for one A customer is a choice the rules
    should not undo; a B customer listed 隔週 while B's rule is 隔週 merely follows the rule,
    and a new rule for B should move it. One the last rules kept as the list's own stays so
    while the customer still has it, even where a rule now equals it."""
    from planner.columns import detect_column_indexes

    columns = list(plan.original_columns)
    header = (plan.meta.get("import_columns") or {}).get(m.FREQUENCY)
    index = columns.index(header) if header in columns else (
        None if header == "" else detect_column_indexes(columns).get(m.FREQUENCY))
    name = f"{m.ORIGINAL_PREFIX}{index}"
    if index is None or name not in plan.customers.columns:
        return set()
    c = plan.customers
    s = plan.settings
    rules = {normalise_rank(k): float(v) for k, v in s.frequency_by_rank.items()}
    current = c[m.FREQUENCY].to_numpy(dtype=float)
    cells = c[name].fillna("").astype(str).str.strip().to_numpy()
    out: set[str] = set()
    before = {str(v) for v in plan.meta.get(LISTED_OWN_KEY, ()) or ()}
    for cid, rank, cell, now in zip(c[m.CUSTOMER_ID].astype(str), c[m.RANK].astype(str),
                                    cells, current, strict=True):
        listed = _listed_frequency(cell) if cell else None
        if listed is None or not np.isclose(listed, now):
            continue  # no frequency of its own, or the rules or a hand edit replaced it
        rule = rules.get(normalise_rank(rank), float(s.default_frequency))
        if cid in before or not np.isclose(listed, rule):
            out.add(cid)
    return out


def _listed_frequency(cell: str) -> float | None:
    """Visits per 4 weeks a frequency cell gives (``週2``, ``週2(月木)``), None if unreadable."""
    freq = parse_frequency(cell)
    if freq is None:
        both = frequency_with_days(cell)
        freq = both[0] if both is not None else None
    return freq


def mark_overrides(plan: Plan, customer_ids: Iterable[str]) -> Plan:
    """The plan with ``customer_ids`` recorded as hand-set frequencies (call after a manual edit)."""
    meta = dict(plan.meta)
    meta[OVERRIDES_KEY] = sorted(overridden_ids(plan) | {str(i) for i in customer_ids})
    return plan.replace(meta=meta)


def clear_overrides(plan: Plan, customer_ids: Iterable[str] | None = None) -> Plan:
    """The plan with the hand-set marks of ``customer_ids`` (all when None) removed."""
    meta = dict(plan.meta)
    keep = set() if customer_ids is None else overridden_ids(plan) - {str(i) for i in customer_ids}
    meta[OVERRIDES_KEY] = sorted(keep)
    return plan.replace(meta=meta)


def _validate_rank_rules(by_rank: Mapping[str, float | str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for rank, freq in (by_rank or {}).items():
        key = unicodedata.normalize("NFKC", str(rank)).strip()
        if not key:
            raise PlannerError(tr("A frequency rule needs a rank, e.g. A=4."))
        value = checked_frequency(freq)
        out[key] = value
    return out


def _validate_bands(
    bands: Sequence[tuple[float, float | str]] | None,
) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for item in bands or ():
        try:
            low, freq = item
            low = float(low)
        except (TypeError, ValueError) as exc:
            raise PlannerError(tr("A sales band must be a minimum sales and a frequency.")) from exc
        if not np.isfinite(low):
            raise PlannerError(tr("A sales band's minimum sales must be a number."))
        out.append((low, checked_frequency(freq)))
    lows = [b[0] for b in out]
    if len(set(lows)) != len(lows):
        raise PlannerError(tr("Two sales bands start at the same amount."))
    return sorted(out)


def checked_frequency(value: object) -> float:
    freq = parse_frequency(value)
    if freq is None and (_parse_frequency(value) or 0) > MAX_FREQUENCY:
        raise PlannerError(tr("A visit frequency is at most {most:g} visits per 4 weeks (every "
                              "day), not {value}.", most=MAX_FREQUENCY, value=value))
    if freq is None:
        raise PlannerError(tr("Unreadable visit frequency: {value}.", value=value))
    return float(freq)
