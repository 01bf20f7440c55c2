"""Shared pieces of the exports: safe atomic writing, text widths, weekday words, visit patterns.

Every export writes to a temporary file beside the target and moves it into
place with :func:`os.replace`, so a failed or cancelled export never leaves a
half-written file, and it refuses to overwrite the spreadsheet the plan came from.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from planner import interrupts
from planner import model as m
from planner._store_files import remove_dead_temporaries, temporary_prefix
from planner.errors import PlannerError, disk_is_full, low_on_space, os_reason
from planner.i18n import N_, language, tr

#: Why a calendar built without a single visit gives nothing to export (translated where said).
EMPTY_CALENDAR = N_(
    "The calendar holds no visit (every visit fell on a day off, or no customer could be "
    "placed; the calendar's notes say why): there is nothing to hand out.")

#: Printed on every page of a workbook whose calendar was built before the plan last changed.
STALE_CALENDAR = N_(
    "The visit calendar is out of date: the plan changed after it was built. Rebuild it "
    "(Schedule → Build calendar…, or the schedule command) before handing out route sheets.")
#: The same, short enough for a printed page's header.
STALE_CALENDAR_SHORT = N_("Calendar out of date: the plan changed after it was built")


def calendar_is_stale(plan: m.Plan) -> bool:
    """Whether ``plan`` has a calendar built before its last change (frequencies, territories…)."""
    return plan.schedule is not None and bool((plan.meta or {}).get("schedule_stale"))


def check_weeks(plan: m.Plan, weeks: Iterable[int]) -> set[int]:
    """``weeks`` as a set, each a week of the plan's calendar (the hand-outs' and the route
    sheets' weeks); else :class:`PlannerError` in one sentence."""
    schedule = plan.schedule
    if schedule is None or schedule.empty:
        raise PlannerError(tr("Build the visit calendar first: the weeks to print are its "
                              "weeks."))
    last = int(schedule["week"].max())
    wanted = {int(w) for w in weeks}
    bad = sorted(w for w in wanted if not 1 <= w <= last)
    if bad or not wanted:
        raise PlannerError(tr("Week {week} is not in the calendar (weeks 1–{last}).",
                              week=bad[0] if bad else 0, last=last))
    return wanted


def check_visited(
    plan: m.Plan, territories: Iterable[str] | None, weeks: Iterable[int] | None, *,
    handouts: bool = True, sheets: bool = False,
) -> None:
    """:class:`PlannerError` in one sentence when none of the chosen reps (``None``: every
    rep with visits) has a visit in the chosen ``weeks``: the ``handouts`` would have no
    pages and the workbook (``sheets``) no route sheet, so neither is written — the
    sentence names what was asked for. A rep idle among busy ones is only left out
    (``handouts.skipped_text``)."""
    schedule = plan.schedule
    if weeks is None or schedule is None or schedule.empty or not (handouts or sheets):
        return
    from planner.export.excel_routes import rep_title
    from planner.i18n import listing

    present = set(schedule["territory"].to_numpy(dtype=object))
    chosen = present if territories is None else {str(t) for t in territories}
    busy = set(schedule.loc[schedule["week"].isin(sorted({int(w) for w in weeks})),
                            "territory"])
    if chosen & busy:
        return
    reps = listing(rep_title(t) for t in plan.territories if t.id in chosen)
    if handouts and sheets:
        raise PlannerError(tr("{reps}: no visits in the chosen weeks, so no route sheets and "
                              "no handouts; nothing was written.", reps=reps))
    if sheets:
        raise PlannerError(tr("{reps}: no visits in the chosen weeks, so no route sheets; the "
                              "workbook was not written.", reps=reps))
    raise PlannerError(tr("{reps}: no visits in the chosen weeks, so no handouts.", reps=reps))


_DAY_JA = {"mon": "月", "tue": "火", "wed": "水", "thu": "木", "fri": "金", "sat": "土", "sun": "日"}
_DAY_EN = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
           "sun": "Sun"}


def day_label(day: str, *, long: bool = False) -> str:
    """A weekday code (``"tue"``) as the current language writes it (``火`` / ``火曜日``)."""
    if language() == "ja":
        short = _DAY_JA.get(day, day)
        return f"{short}曜日" if long else short
    return _DAY_EN.get(day, day)


def display_width(text: object) -> int:
    """Width of ``text`` in character cells: East-Asian wide and full-width characters count 2."""
    s = "" if text is None else str(text)
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def clip_width(text: str, width: int) -> str:
    """``text`` cut to ``width`` character cells (wide characters count 2) with an ellipsis."""
    if 2 * len(text) <= width or display_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


#: Legal-form words a company name starts or ends with (株式会社さくら設備, 森工業(株)).
LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "（株）", "㈱",
               "(有)", "（有）", "㈲")


def without_legal_form(name: str) -> str:
    """``name`` without a legal-form word at its start or end (:data:`LEGAL_FORMS`), for a cell
    too narrow for the whole name: 株式会社さくら設備錦糸町2号店 keeps さくら設備錦糸町2号店, the
    part that tells it from 株式会社さくら設備. A name that is nothing else stays whole."""
    text = name.strip()
    for form in LEGAL_FORMS:
        if text.startswith(form) and text[len(form):].strip():
            text = text[len(form):].strip()
            break
    for form in LEGAL_FORMS:
        if text.endswith(form) and text[: -len(form)].strip():
            text = text[: -len(form)].strip()
            break
    return text


#: The spreadsheet a plan came from: one path, or the paths it may be (an old relative one).
Sources = str | Iterable[str]


def resolve_target(path: str | os.PathLike[str], *, source: Sources = "", suffix: str) -> Path:
    """Check an export target: right suffix, existing folder, never a plan file nor the
    imported spreadsheet (``source``: its path, or the paths it may be, see
    :meth:`planner.model.Plan.source_paths`)."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise PlannerError(
            tr("The file name {name} must end with {suffix}.", name=target.name, suffix=suffix)
        )
    if not target.parent.resolve().is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(target.parent)))
    check_not_source(target, source)
    check_not_plan(target)
    if target.is_dir():
        raise PlannerError(tr("{name} is a folder, not a file.", name=target.name))
    if target.exists() and not os.access(target, os.W_OK):
        raise PlannerError(
            tr("{name} is read-only or open in another program; close it and try again.",
               name=target.name)
        )
    check_folder_writable(target)
    return target


def check_not_source(target: Path, source: Sources) -> None:
    """A :class:`PlannerError` when ``target`` is the spreadsheet the plan was imported from
    (any of the paths in ``source``)."""
    for one in (source,) if isinstance(source, str) else source:
        if not one:
            continue
        with contextlib.suppress(OSError):
            if target.resolve() == Path(one).expanduser().resolve():
                raise PlannerError(
                    tr(
                        "{name} is the spreadsheet the plan was imported from; "
                        "choose another file name so it is not overwritten.",
                        name=target.name,
                    )
                )


def check_not_plan(target: Path) -> None:
    """A :class:`PlannerError` when ``target`` is an existing plan file (a GeoPackage, which
    is an SQLite database), whatever its name ends with: an export never replaces a plan."""
    try:
        with open(target, "rb") as fh:
            head = fh.read(16)
    except OSError:  # none there (or unreadable: the later checks say so)
        return
    if head == b"SQLite format 3\x00":
        raise PlannerError(
            tr("{name} is a plan file; choose another file name so it is not overwritten.",
               name=target.name)
        )


def check_folder_writable(target: Path) -> None:
    """A :class:`PlannerError` unless the folder of ``target`` takes a new file (tried with a
    temporary one, removed at once): a read-only folder fails before anything is written."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(), suffix=".check", dir=folder)
    except OSError as exc:
        raise PlannerError(
            tr("Cannot write in the folder {folder}: {reason}.", folder=str(folder),
               reason=os_reason(exc))
        ) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it onto ``target``, else delete it."""
    with _temporary(target) as tmp:
        yield tmp
        _move_into_place(tmp, target)


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` to write, deleted at the end unless moved away; a
    write failing on a full disk says so in one sentence."""
    remove_dead_temporaries(target.parent)  # a killed export's leftovers
    try:
        fd, tmp_name = tempfile.mkstemp(  # short: a name near the limit has no room for more
            prefix=temporary_prefix(), suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise PlannerError(
            tr("Cannot write in the folder {folder}: {reason}.", folder=str(target.parent),
               reason=os_reason(exc))
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    _set_default_mode(tmp, like=target)
    try:
        yield tmp
    except Exception as exc:  # a full disk surfaces as many kinds of error
        if disk_is_full(target.parent, exc):
            raise _full_disk(target) from exc
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _full_disk(target: Path) -> PlannerError:
    """The sentence for a write of ``target`` that ran out of room: the workbook's long
    sheets pass through the temporary folder, which may be the disk that is full."""
    temp = tempfile.gettempdir()
    if low_on_space(temp) and not low_on_space(target.parent):
        return PlannerError(tr("There is not enough disk space in the temporary folder {folder} "
                               "to write {name}.", folder=temp, name=target.name))
    return PlannerError(tr("There is not enough disk space to write {name}.", name=target.name))


def _move_into_place(tmp: Path, target: Path) -> None:
    interrupts.check()  # a Ctrl-C a library swallowed while we wrote: no file put in place
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise PlannerError(
            tr("{name} is read-only or open in another program; close it and try again.",
               name=target.name)
        ) from exc


def write_all_atomically(
    targets: dict[Path, Callable[[Path], None]], *, source: Sources = "", suffix: str
) -> list[Path]:
    """Write several files all or none: each writer fills a temporary file beside its target,
    and only when every one is written are they moved into place (a rename needs no room)."""
    resolved = {resolve_target(p, source=source, suffix=suffix): w for p, w in targets.items()}
    with contextlib.ExitStack() as stack:  # every temporary file removed if one fails
        temps = {target: stack.enter_context(_temporary(target)) for target in resolved}
        for target, writer in resolved.items():
            writer(temps[target])
        for target, tmp in temps.items():
            _move_into_place(tmp, target)
    return list(resolved)


def _set_default_mode(path: Path, *, like: Path | None = None) -> None:
    """Give a temporary file the permissions of the file it replaces (``like``: a private 0600
    workbook stays private), else those a normally created file would have (not 0600)."""
    if like is not None:
        with contextlib.suppress(OSError):
            os.chmod(path, like.stat().st_mode & 0o7777)
            return
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~umask)


def write_atomically(
    path: str | os.PathLike[str],
    writer: Callable[[Path], None],
    *,
    source: Sources = "",
    suffix: str,
) -> Path:
    """Check ``path``, let ``writer`` fill a temporary file beside it, then move it into place."""
    target = resolve_target(path, source=source, suffix=suffix)
    with atomic_target(target) as tmp:
        writer(tmp)
    return target


# --- visits ------------------------------------------------------------------


def visits_by_customer(schedule: pd.DataFrame | None) -> dict[str, dict[str, list[int]]]:
    """``customer_id -> {day: [weeks]}`` from a schedule table (empty without one)."""
    out: dict[str, dict[str, list[int]]] = {}
    if schedule is None or schedule.empty:
        return out
    ids = schedule["customer_id"].to_numpy()
    days = schedule["day"].to_numpy()
    weeks = schedule["week"].to_numpy()
    for cid, day, week in zip(ids, days, weeks, strict=True):
        out.setdefault(cid, {}).setdefault(day, []).append(int(week))
    return out


def visit_pattern(by_day: dict[str, list[int]], *, cycle_weeks: int) -> str:
    """Readable visit pattern: ``毎週 火``, ``隔週(第1・3週) 水``, ``4週に1回(第2週) 木`` (or English)."""
    if not by_day:
        return ""
    key = tuple(sorted((d, tuple(sorted(set(w)))) for d, w in by_day.items()))
    return _pattern_text(key, cycle_weeks, language())


@functools.lru_cache(maxsize=4096)
def _pattern_text(key: tuple[tuple[str, tuple[int, ...]], ...], cycle_weeks: int, lang: str) -> str:
    by_day = {d: list(w) for d, w in key}
    ja = lang == "ja"
    order = {d: i for i, d in enumerate(m.WEEKDAYS)}
    groups: dict[tuple[int, ...], list[str]] = {}
    for day in sorted(by_day, key=lambda d: order.get(d, 99)):
        groups.setdefault(tuple(sorted(set(by_day[day]))), []).append(day)
    parts = []
    for weeks, days in groups.items():
        day_text = ("・" if ja else "/").join(day_label(d) for d in days)
        n = len(weeks)
        every = cycle_weeks // n if n and cycle_weeks % n == 0 else 0
        regular = every > 0 and all(b - a == every for a, b in zip(weeks, weeks[1:], strict=False))
        # 第4週, not 4週: 「4週に1回(4週)」 read as "every 4 weeks (4 weeks)"
        week_list = ("・" if ja else ",").join(str(w) for w in weeks)
        if n == cycle_weeks:
            word = "毎週" if ja else "weekly"
        elif regular and every == 2:
            word = f"隔週(第{week_list}週)" if ja else f"every 2 weeks (wk {week_list})"
        elif regular:
            word = f"{every}週に1回(第{week_list}週)" if ja else f"every {every} weeks (wk {week_list})"
        else:
            word = f"第{week_list}週" if ja else f"wk {week_list}"
        parts.append(f"{word} {day_text}")
    return "、".join(parts) if ja else "; ".join(parts)


def frequency_text(freq: float, *, exact: bool = False) -> str:
    """A frequency (visits per 4 weeks) in words of the current language (``exact``: all
    its digits, for a sheet read back)."""
    from planner.frequency import frequency_words

    return frequency_words(freq, exact=exact)


def safe_sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: ≤ 31 characters, none of ``[]:*?/\\``, not blank."""
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in str(name)).strip().strip("'")
    cleaned = cleaned or "Sheet"
    base = cleaned[:31]
    candidate = base
    n = 2
    while candidate.lower() in {u.lower() for u in used}:
        tail = f" ({n})"
        candidate = base[: 31 - len(tail)] + tail
        n += 1
    used.add(candidate)
    return candidate
