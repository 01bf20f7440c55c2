"""Each rep's visits as an iCalendar file (.ics) for the phone's calendar.

Reps carry their phones, not the route sheet: :func:`export_calendars` writes one
``.ics`` file (RFC 5545) per rep into a folder. Every visit of the dated calendar is an
event at its arrival time, until it leaves, in Japan time (``Asia/Tokyo``): the stop
number and customer as the title, the address as the place (and its position, so the
phone's map can route there), the customer code, phone, visiting hours and what to tell
the customer (a new day, a holiday's move) as the notes. Google Calendar, Outlook and the
iPhone's Calendar import it; each event's UID is stable (customer, territory and date),
so importing a newer export updates the visits already there.

A calendar without a start date has no dates to put events on: :func:`check_calendars`
says so in one sentence. Each file is written atomically, all files checked first.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_keep import changed_customers, changed_note
from planner._schedule_off import advance_notice
from planner.errors import PlannerError
from planner.export.common import resolve_target, write_atomically
from planner.export.excel_routes import notice_text, rep_title, sorted_schedule
from planner.i18n import tr
from planner.progress import Progress, report
from planner.visit_times import visit_time_label

#: Japan has one time zone and no summer time: a fixed +09:00 definition suffices.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Tokyo",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def check_calendars(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` unless the plan has a dated calendar with visits."""
    if plan.schedule is None or plan.schedule.empty:
        raise PlannerError(tr("Build the visit calendar first: the calendar files hold its "
                              "visits."))
    if not plan.settings.start_date:
        raise PlannerError(tr("The calendar has no dates: set the day week 1 begins on "
                              "(Build calendar…, or schedule --start) first."))


def calendar_files(plan: m.Plan, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Territory id → the file its rep's calendar goes to in ``folder`` (``鈴木 一郎.ics``)."""
    base = Path(folder).expanduser()
    if base.exists() and not base.is_dir():
        raise PlannerError(tr("{name} is a file; --ics names the folder the calendars go to.",
                              name=str(base)))
    if not base.is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(base)))
    schedule = plan.schedule
    busy = set() if schedule is None else set(schedule["territory"].astype(str))
    out: dict[str, Path] = {}
    used: set[str] = set()
    for t in plan.territories:
        if t.id not in busy:
            continue
        stem = _UNSAFE.sub("_", rep_title(t)).strip(" .") or t.id
        name, k = stem, 2
        while name.lower() in used:
            name, k = f"{stem} ({k})", k + 1
        used.add(name.lower())
        out[t.id] = base / f"{name}.ics"
    return out


def calendar_targets(plan: m.Plan, folder: str | os.PathLike[str]) -> dict[str, Path]:
    """:func:`calendar_files`, each checked as a target (:func:`check_calendars` first), so a
    caller can check every output before writing any."""
    check_calendars(plan)
    files = calendar_files(plan, folder)
    for path in files.values():
        resolve_target(path, source=plan.source, suffix=".ics")
    return files


def export_calendars(
    plan: m.Plan, folder: str | os.PathLike[str], *, progress: Progress | None = None
) -> list[Path]:
    """Write one ``.ics`` file per rep with visits into ``folder``; return the files written."""
    files = calendar_targets(plan, folder)  # every target checked before any is written
    schedule = sorted_schedule(plan)
    groups = dict(tuple(schedule.groupby("territory", sort=False)))
    notes = _visit_notes(plan, schedule)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for k, (tid, path) in enumerate(files.items()):
        t = plan.territory(tid)
        report(progress, k / max(len(files), 1), tr("Writing {rep}'s calendar…", rep=rep_title(t)))
        body = calendar_text(plan, t, groups[tid], notes, stamp=stamp).encode("utf-8")

        def write(tmp: Path, data: bytes = body) -> None:
            tmp.write_bytes(data)

        write_atomically(path, write, source=plan.source, suffix=".ics")
    report(progress, 1.0, tr("Calendar files written."))
    return list(files.values())


def _visit_notes(plan: m.Plan, schedule: pd.DataFrame) -> dict[object, str]:
    """Per schedule row label: what the rep tells the customer at that visit."""
    notices = advance_notice(plan)
    changed = changed_customers(plan)
    reps = {t.id: rep_title(t) for t in plan.territories}
    out: dict[object, str] = {}
    for label, cid in zip(schedule.index, schedule["customer_id"].astype(str), strict=True):
        parts = [notice_text(*news) for news in notices.get(label, [])]
        news = changed_note(changed.get(cid), reps) if changed else ""
        if news:
            parts.append(news)
        if parts:
            out[label] = " / ".join(parts)
    return out


def calendar_text(
    plan: m.Plan, t: m.Territory, rows: pd.DataFrame, notes: dict[object, str], *, stamp: str
) -> str:
    """The iCalendar text of territory ``t``'s visits ``rows`` (CRLF lines, folded)."""
    c = plan.customers
    pos = pd.Index(c[m.CUSTOMER_ID].astype(str)).get_indexer(rows["customer_id"].astype(str))
    names, addresses, phones, hours_text = (
        c[col].to_numpy(dtype=object) for col in (m.NAME, m.ADDRESS, m.PHONE, m.VISIT_TIME))
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    moved_from = (rows["moved_from"].astype(str).to_numpy() if "moved_from" in rows
                  else np.full(len(rows), ""))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Territory Planner//Route calendar//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(tr("Visits — {rep}", rep=rep_title(t))),
        "X-WR-TIMEZONE:Asia/Tokyo",
        *_VTIMEZONE,
    ]
    columns = zip(rows.index, rows["customer_id"].astype(str), rows["date"].astype(str),
                  rows["arrival"], rows["departure"], rows["seq"], pos, moved_from, strict=True)
    for label, cid, date, arrival, departure, seq, p, moved in columns:
        if not date:
            continue
        known = p >= 0
        day = date.replace("-", "")
        details = [cid]
        if known and phones[p]:
            details.append(tr("Phone: {phone}", phone=phones[p]))
        hours = visit_time_label(hours_text[p]) if known else ""
        if hours:
            details.append(tr("Visiting hours: {hours}", hours=hours))
        if moved:
            was = dt.date.fromisoformat(moved)
            details.append(tr("Moved from {date}", date=f"{was.month}/{was.day}"))
        if label in notes:
            details.append(notes[label])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(cid)}-{t.id}-{day}@territory-planner",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Asia/Tokyo:{day}T{_clock(arrival)}",
            f"DTEND;TZID=Asia/Tokyo:{day}T{_clock(departure)}",
            "SUMMARY:" + _escape(f"{int(seq)}. {names[p] if known else cid}"),
        ]
        if known and addresses[p]:
            lines.append("LOCATION:" + _escape(str(addresses[p])))
        if known and np.isfinite(lat[p]) and np.isfinite(lon[p]):
            lines.append(f"GEO:{lat[p]:.6f};{lon[p]:.6f}")
        lines += ["DESCRIPTION:" + _escape("\n".join(details)), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _clock(text: object) -> str:
    """``"09:06"`` → ``"090600"``."""
    hours, minutes = str(text).split(":")[:2]
    return f"{int(hours):02d}{int(minutes):02d}00"


def _uid(cid: str) -> str:
    """The customer code as a UID part: letters, digits, ``-`` and ``_`` kept, the rest hex."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else
                   f"x{ord(ch):x}" for ch in cid)


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 5545 3.1), never inside a UTF-8 character."""
    if len(line) * 3 <= 75 or len(line.encode("utf-8")) <= 75:
        return line
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)
