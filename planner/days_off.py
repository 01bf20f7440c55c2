"""A rep's days off (休暇, 研修, 年末年始): dates the calendar plans no visit for that rep.

``Territory.days_off`` holds ISO dates. With the calendar's start date set (week 1's Monday,
``settings.start_date``), :func:`days_off_in` turns them into (week, working day) cells of
the horizon; the calendar builder moves those cells' visits to another day of the same
week, as it does for public holidays, and lists a customer no day of that week can take.
Managers type the dates as they write them: ``12/24``, ``12月24日``, ``2026-12-24``, and
ranges ``12/28-1/4`` or ``12月28日〜1月4日``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

from planner import model as m
from planner._schedule_dates import first_monday, holiday_label, holidays_in
from planner.errors import PlannerError
from planner.i18n import language, listing, tr

_SPLIT = re.compile(r"[,、，;；\s]+")
_RANGE = re.compile(r"^(.+?)[~〜～]|^(.+?)-(?=\d{1,2}[/月])")
_FULL = re.compile(r"^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$")
_SHORT = re.compile(r"^(\d{1,2})[/月](\d{1,2})日?$")


def normalize_dates(dates: Iterable[str]) -> tuple[str, ...]:
    """``dates`` as a territory stores them: distinct ISO dates in order.

    Raises :class:`PlannerError` on one that is not an ISO date.
    """
    out = set()
    for value in dates:
        try:
            out.add(dt.date.fromisoformat(str(value).strip()).isoformat())
        except ValueError as exc:
            raise PlannerError(
                tr("Days off must be dates like 2026-12-24, in order.")
            ) from exc
    return tuple(sorted(out))


def _one(text: str, after: dt.date, entry: str) -> dt.date:
    """One written date; a date without a year is the first one on or after ``after``
    (``entry``: the whole range or date typed, for the message)."""
    full = _FULL.match(text)
    try:
        if full:
            return dt.date(int(full[1]), int(full[2]), int(full[3]))
        short = _SHORT.match(text)
        if short:
            month, day = int(short[1]), int(short[2])
            date = dt.date(after.year, month, day)
            return date if date >= after else dt.date(after.year + 1, month, day)
    except ValueError:
        pass
    raise PlannerError(tr("{text} is not a date (write 12/24 or 2026-12-24).", text=entry))


#: A weekday written after a date: 12/24(木), 12月24日（木曜日）.
_WEEKDAY = re.compile(r"\((?:[月火水木金土日](?:曜日?)?|祝)\)")
#: The Japanese era of the dates (令和8年 = 2026, 令和元年 = 2019).
_REIWA = re.compile(r"令和(\d{1,2}|元)年")
#: A range without years may cross the new year (12/28〜1/4); one that would then run for
#: more than this many days was typed backwards (12/31〜12/29).
_LONGEST_YEARLESS = 92


def _tokens(text: str) -> list[str]:
    """The dates and ranges of ``text``, each as one token written alike (12/28〜1/4 and
    12/28 – 1/4 both ``12/28~1/4``'s spelling of their own, spaces and weekdays gone)."""
    clean = unicodedata.normalize("NFKC", text or "").strip()
    clean = _REIWA.sub(lambda g: f"{2018 + (1 if g[1] == '元' else int(g[1]))}年", clean)
    clean = _WEEKDAY.sub("", clean)
    clean = re.sub("[–—−]", "-", clean)  # the English label's en dash (12/28–1/4), a minus
    # "12 / 24", "12/28 - 1/4", "12月 24日": spaces inside a date or range are not separators
    clean = re.sub(r"\s*([~〜～/月年.])\s*", r"\1", clean)
    clean = re.sub(r"(\d)\s*-\s*(?=\d)", r"\1-", clean)
    return [t for t in _SPLIT.split(clean) if t]


def parse_days_off(text: str, *, start: dt.date | None = None) -> tuple[str, ...]:
    """The dates of ``text`` ("12/24, 12/28〜1/4"); dates without a year count from ``start``
    (the calendar's week 1, else today). Raises :class:`PlannerError` with one sentence."""
    after = start or dt.date.today()
    dates: set[dt.date] = set()
    for token in _tokens(text):
        ranged = _RANGE.match(token)
        if ranged:
            head = ranged[1] or ranged[2]
            tail = token[ranged.end():].lstrip("~〜～-")
            first = _one(head, after, token)
            last = _one(tail, first, token)
            # without years, a range longer than three months was typed backwards (1/3〜12/29
            # for 12/29〜1/3, or 12/31〜12/29): refused rather than read as most of a year
            yearless = not _FULL.match(tail) and not _FULL.match(head)
            long = yearless and (last - first).days > _LONGEST_YEARLESS
            if yearless and last.year == first.year and (last - first).days > 183:
                raise PlannerError(tr(
                    "{text} runs for more than half a year: check the order (12/29–1/3), or "
                    "write the years to mean it (2027/1/4–2027/12/28).", text=token))
            if last < first or (long and last.year > first.year):
                raise PlannerError(tr(
                    "{text}: the last day comes before the first (for a range across the new "
                    "year longer than three months, write the years: 2026/11/1–2027/2/28).",
                    text=token))
            if (last - first).days > 366:
                raise PlannerError(tr("{text} is longer than a year.", text=token))
            dates.update(first + dt.timedelta(days=k) for k in range((last - first).days + 1))
        else:
            dates.add(_one(token, after, token))
    return tuple(sorted(d.isoformat() for d in dates))


def reread_days_off(
    text: str, stored: Sequence[str], *, start: dt.date | None = None
) -> tuple[str, ...]:
    """The dates of ``text`` as a field showing the ``stored`` days off reads them back:
    a date or range written as the stored one is labelled keeps the stored dates (12/29〜1/3
    stored as 2026's stays 2026's when week 1 moves to January); the others are read by
    :func:`parse_days_off` from ``start``. Company days off keep their absolute dates."""
    runs: dict[str, tuple[str, ...]] = {}
    for run in _runs(sorted(stored)):
        for token in _tokens(days_off_label(run)):
            runs[_same(token)] = run
    dates: set[str] = set()
    for token in _tokens(text):
        dates.update(runs.get(_same(token)) or parse_days_off(token, start=start))
    return tuple(sorted(dates))


def _same(token: str) -> str:
    """``token`` spelt one way: 12/29〜1/3, 12/29~1/3 and 12/29-1/3 alike."""
    return re.sub("[~〜～]", "-", token)


def _runs(dates: Sequence[str]) -> list[tuple[str, ...]]:
    """``dates`` (ISO, sorted) in runs of consecutive days, as :func:`days_off_label` joins them."""
    out: list[list[str]] = []
    for iso in dates:
        day = dt.date.fromisoformat(iso)
        if out and (day - dt.date.fromisoformat(out[-1][-1])).days == 1:
            out[-1].append(iso)
        else:
            out.append([iso])
    return [tuple(run) for run in out]


def days_off_label(dates: Sequence[str], *, weekdays: bool = False) -> str:
    """The dates as a manager reads them: "12/24, 12/28〜1/4" (runs of days joined; in
    English with an en dash, 12/28–1/4, which :func:`parse_days_off` reads back);
    ``weekdays``: each with its weekday, as a sentence names a day, "12/16(水)", and runs
    listed as a sentence lists them (「12/16(水)、12/18(金)」; not for a field to edit: the
    weekday is not read back)."""
    days = sorted(dt.date.fromisoformat(d) for d in dates)
    dash = "〜" if language() == "ja" else "–"

    def one(day: dt.date) -> str:
        text = f"{day.month}/{day.day}"
        return f"{text}({tr(m.WEEKDAY_TITLES[m.WEEKDAYS[day.weekday()]])})" if weekdays else text

    parts: list[str] = []
    k = 0
    while k < len(days):
        j = k
        while j + 1 < len(days) and (days[j + 1] - days[j]).days == 1:
            j += 1
        parts.append(one(days[k]) if j == k else f"{one(days[k])}{dash}{one(days[j])}")
        k = j + 1
    return listing(parts) if weekdays else ", ".join(parts)


def days_off_in(
    territory: m.Territory, settings: m.Settings, horizon: int, days: Sequence[str]
) -> dict[tuple[int, int], str]:
    """(week, working-day index) → ISO date of the rep's days off, the company's
    (:func:`company_days_in`) among them, within the calendar's ``horizon`` weeks (empty
    without a start date)."""
    dates = {*territory.days_off, *settings.company_days_off}
    return _cells(sorted(dates), settings, horizon, days)


def _cells(
    dates: Sequence[str], settings: m.Settings, horizon: int, days: Sequence[str]
) -> dict[tuple[int, int], str]:
    first = first_monday(settings)
    if first is None or not dates:
        return {}
    out: dict[tuple[int, int], str] = {}
    for iso in dates:
        date = dt.date.fromisoformat(iso)
        week, weekday = divmod((date - first).days, 7)
        day = m.WEEKDAYS[weekday]
        if 0 <= week < horizon and day in days:
            out[(week, list(days).index(day))] = iso
    return out

def dates_within(dates: Sequence[str], settings: m.Settings, weeks: int) -> tuple[str, ...]:
    """Those of ``dates`` inside the calendar's ``weeks`` weeks from week 1's Monday: the
    closures that apply to the calendar built (12/29〜1/3 is past for January's; none
    without a start date)."""
    first = first_monday(settings)
    if first is None:
        return ()
    end = first + dt.timedelta(days=7 * max(int(weeks), 0))
    return tuple(d for d in dates if first <= dt.date.fromisoformat(d) < end)


def company_days_in(
    settings: m.Settings, horizon: int, days: Sequence[str]
) -> dict[tuple[int, int], str]:
    """(week, working-day index) → ISO date of the company's days off (年末年始, お盆:
    ``settings.company_days_off``, every rep's) within the calendar's ``horizon`` weeks."""
    return _cells(settings.company_days_off, settings, horizon, days)


def closed_cells(
    territory: m.Territory, settings: m.Settings, horizon: int, days: Sequence[str]
) -> dict[tuple[int, int], tuple[str, str, str]]:
    """(week, working-day index) → (kind, ISO date, label) of the rep's closed days within
    ``horizon`` weeks, as the calendar shows them: ``"off"`` the rep's own day off (休み),
    else ``"holiday"`` a public holiday (when visits move off them; the label is its name),
    else ``"company"`` (休業日)."""
    company = company_days_in(settings, horizon, days)
    out: dict[tuple[int, int], tuple[str, str, str]] = {
        k: ("off", iso, tr("Day off"))
        for k, iso in days_off_in(territory, settings, horizon, days).items()
        if k not in company or iso in territory.days_off
    }
    for k, (iso, name) in holidays_in(settings, horizon, tuple(days)).items():
        out.setdefault(k, ("holiday", iso, holiday_label(name)))
    for k, iso in company.items():
        out.setdefault(k, ("company", iso, tr("Company closed")))
    return out
