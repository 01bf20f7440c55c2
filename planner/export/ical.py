"""Each rep's visits as an iCalendar file (.ics) for the phone's calendar.

Reps carry their phones, not the route sheet: :func:`export_calendars` writes one
``.ics`` file (RFC 5545) per rep into a folder. Every visit of the dated calendar is an
event at its arrival time, until it leaves, in Japan time (``Asia/Tokyo``): the stop
number and customer as the title, the address as the place (and its position, so the
phone's map can route there), the customer code, phone, visiting hours and what to tell
the customer (a new day, a holiday's move) and the link starting Google Maps' navigation
there (not with ``nav_links=False``) as the notes. Google Calendar, Outlook and the
iPhone's Calendar import it.

Importing a newer export updates the visits already on the phone:
- each event's UID names the customer, the rep's territory, the Monday of the week the visit
  was planned in and its place among the customer's visits of that week, so a visit moved to
  another day of its week (a holiday, a new closing day, a hand move) keeps its UID, and a
  customer handed to another rep is a new event there (one calendar holding every rep's
  file never gets one UID both live and cancelled);
- ``SEQUENCE`` counts the seconds since 2026 at the export (a 32-bit number until 2094), so
  each export outranks the one before (RFC 5545 3.8.7.4: it must grow when times change);
- a visit the earlier files in the folder held for the rep, from this calendar's first week on,
  that is no longer there (a visit moved to another week, a customer handed to another
  rep, or gone, or a week the shorter calendar no longer plans) is written again as
  cancelled (``STATUS:CANCELLED``), so it leaves the phone; a rep left without visits gets
  a file of cancellations only. Past visits before the calendar's first week are left alone.

A calendar without a start date has no dates to put events on: :func:`check_calendars`
says so in one sentence. Each file is written atomically, all files checked first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner._schedule_dates import first_monday
from planner.errors import PlannerError, os_reason
from planner.export.common import (
    EMPTY_CALENDAR,
    check_folder_writable,
    resolve_target,
    write_all_atomically,
)
from planner.export.excel_routes import rep_title, sorted_schedule
from planner.export.handout_notes import TellNotes
from planner.export.nav_links import stop_url
from planner.export.route_notes import APPROXIMATE_NOTE
from planner.i18n import listing, tr
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
#: SEQUENCE counts seconds from here, so a later export always has the higher one.
_SEQUENCE_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: The end of a UID after the customer and territory: ``-20261207-1@territory-planner``
#: (``-20261207@…``, the visit's own date, in files of earlier versions).
_UID_TAIL = re.compile(r"-\d{8}(?:-\d+)?@territory-planner$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def check_calendars(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` unless the plan has a dated calendar with visits."""
    if plan.schedule is None:
        raise PlannerError(tr("Build the visit calendar first: the calendar files hold its "
                              "visits."))
    if plan.schedule.empty:
        raise PlannerError(tr(EMPTY_CALENDAR))
    if not plan.settings.start_date:
        raise PlannerError(tr("The calendar has no dates: set the day week 1 begins on "
                              "(Build calendar…, or schedule --start) first."))


def calendar_files(
    plan: m.Plan, folder: str | os.PathLike[str], territories: Iterable[str] | None = None
) -> dict[str, Path]:
    """Territory id → the file its rep's calendar goes to in ``folder`` (``鈴木 一郎.ics``);
    ``territories``: of those reps only."""
    base = Path(folder).expanduser()
    if base.exists() and not base.is_dir():
        raise PlannerError(tr("{name} is a file; --ics names the folder the calendars go to.",
                              name=str(base)))
    if not base.is_dir() and not base.parent.is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(base.parent)))
    schedule = plan.schedule
    busy = set() if schedule is None else set(schedule["territory"].astype(str))
    out: dict[str, Path] = {}
    used: set[str] = set()
    for t in plan.territories:
        stem = _UNSAFE.sub("_", file_title(t)).strip(" .") or t.id
        name, k = stem, 2
        while name.lower() in used:
            name, k = f"{stem} ({k})", k + 1
        used.add(name.lower())
        path = base / f"{name}.ics"
        # a rep without visits now gets a file only to cancel those of an earlier export
        if (t.id in busy or path.is_file()) and (territories is None or t.id in territories):
            out[t.id] = path
    return out


def file_title(t: m.Territory) -> str:
    """The rep's file name, the same in every language (``鈴木 一郎 (東京エリア)``): an export
    in English must find the file a Japanese one wrote, to cancel what has gone."""
    rep, name = t.rep.strip(), t.name.strip()
    if rep and name and rep != name:
        return f"{rep} ({name})"
    return rep or name or t.id


def calendar_targets(
    plan: m.Plan, folder: str | os.PathLike[str], territories: Iterable[str] | None = None
) -> dict[str, Path]:
    """:func:`calendar_files`, each checked as a target (:func:`check_calendars` first), so a
    caller can check every output before writing any; ``territories`` (territory ids): of
    those reps only, each with visits in the calendar (else :class:`PlannerError`)."""
    check_calendars(plan)
    chosen = None if territories is None else {str(t) for t in territories}
    files = calendar_files(plan, folder, chosen)
    if chosen is not None:
        unknown = sorted(chosen - set(plan.territory_ids))
        if unknown or not chosen:
            raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(unknown) or "—"))
        # (a rep left without visits gets a file only to cancel an earlier one's)
        idle = [t for t in plan.territories if t.id in chosen and t.id not in files]
        if idle:
            raise PlannerError(tr("{reps}: no visits in the calendar, so no calendar file.",
                                  reps=listing(rep_title(t) for t in idle)))
    base = Path(folder).expanduser()
    if not base.is_dir():  # made when the calendars are written; its parent must take it
        check_folder_writable(base)
        return files
    for path in files.values():
        resolve_target(path, source=plan.source_paths(), suffix=".ics")
    return files


def export_calendars(
    plan: m.Plan, folder: str | os.PathLike[str], *, progress: Progress | None = None,
    territories: Iterable[str] | None = None, nav_links: bool = True,
) -> list[Path]:
    """Write one ``.ics`` file per rep with visits into ``folder`` (made when missing, inside
    a folder that exists); return the files written. ``territories`` (territory ids): those
    reps' files only, the folder's other files left as they are; ``nav_links``: each visit's
    notes end with the Google Maps link navigating to it (``export --no-nav-links``)."""
    # every target checked before any is written
    files = calendar_targets(plan, folder, territories)
    schedule = sorted_schedule(plan)
    groups = dict(tuple(schedule.groupby("territory", sort=False)))
    notes = _visit_notes(plan, schedule)
    now = _now()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    sequence = max(int((now - _SEQUENCE_EPOCH).total_seconds()), 0)
    first = first_monday(plan.settings)
    since = first.isoformat() if first is not None else ""
    # the folder's earlier files, read once; only those mostly of this plan's customers
    # count (another plan exporting into the same folder has its T01 too)
    codes = {_uid(str(c)) for c in plan.customers[m.CUSTOMER_ID]}
    found = folder_files(Path(folder).expanduser())
    earlier = folder_events(found, plan.territory_ids, codes)
    # every file's text first (a cancel here writes nothing), then the small files at once,
    # so a rep's phone never gets this export's calendar beside the previous one's
    bodies: dict[Path, bytes] = {}
    for k, (tid, path) in enumerate(files.items()):
        t = plan.territory(tid)
        report(progress, 0.95 * k / max(len(files), 1),
               tr("Writing {rep}'s calendar…", rep=rep_title(t)))
        rows = groups.get(tid, schedule.iloc[:0])  # none: only cancellations
        bodies[path] = calendar_text(plan, t, rows, notes, stamp=stamp, sequence=sequence,
                                     previous=earlier.get(tid, []), since=since,
                                     nav_links=nav_links).encode("utf-8")
    # the files of reps gone cancel their visits; a choice of reps touches no other file
    strays = {} if territories is not None else _stray_cancellations(
        plan, files, groups, schedule.iloc[:0], found, codes, stamp=stamp, sequence=sequence,
        since=since)
    bodies.update(strays)
    report(progress, 0.95, tr("Writing the calendar files…"))  # the last chance to cancel
    base = Path(folder).expanduser()
    made = not base.is_dir()
    if made:
        try:
            base.mkdir()
        except OSError as exc:
            raise PlannerError(tr("Cannot write in the folder {folder}: {reason}.",
                                  folder=str(base.parent), reason=os_reason(exc))
                               ) from exc

    def writer(data: bytes) -> Callable[[Path], None]:
        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

        return write

    # all of them or none: a rep's phone never gets this export beside a previous one's
    try:
        write_all_atomically({path: writer(body) for path, body in bodies.items()},
                             source=plan.source_paths(), suffix=".ics")
    except BaseException:
        if made:  # the folder this export made goes with it (a full disk left it empty)
            with contextlib.suppress(OSError):
                base.rmdir()
        raise
    report(progress, 1.0, tr("Calendar files written."))
    return [*files.values(), *strays]


def _stray_cancellations(
    plan: m.Plan, files: dict[str, Path], groups: dict[object, pd.DataFrame],
    empty: pd.DataFrame, found: dict[Path, list[dict[str, str]]], codes: set[str], *,
    stamp: str, sequence: int, since: str,
) -> dict[Path, bytes]:
    """The earlier calendar files in the folder (``found``) that no territory writes to now
    (a rep who left, a territory removed or merged), each written again with its visits
    from ``since`` on cancelled — those this export gives no one: a shared office calendar
    holding every file, or the phone of a rep moved on, would else keep them beside their
    new rep's."""
    live: set[str] = set()
    for tid in files:
        live.update(visit_uids(groups.get(tid, empty), tid))
    targets = set(files.values())
    tids = {_uid(t) for t in plan.territory_ids}
    out: dict[Path, bytes] = {}
    for path, events in found.items():
        if path in targets or not _of_a_territory_gone(events, codes, tids):
            continue  # another program's file, another plan's, a copy: never touched
        gone = [e for e in events if e["UID"].split(":", 1)[1] not in live]
        if not any("CANCELLED" not in e.get("STATUS", "") and _event_date(e["DTSTART"]) >= since
                   for e in gone):
            continue  # nothing left to cancel
        stray = m.Territory(id=path.stem, name=path.stem)
        out[path] = calendar_text(plan, stray, empty, {}, stamp=stamp, sequence=sequence,
                                  previous=gone, since=since).encode("utf-8")
    return out


def _of_a_territory_gone(events: list[dict[str, str]], codes: set[str], tids: set[str]) -> bool:
    """Whether a calendar file is this plan's (customers ``codes``), of a territory it no
    longer has (not one of ``tids``): every event is this program's, none names a territory
    the plan has, and most name its customers (a file of another plan sharing the folder
    names other customers, or territories this plan has too; another program's file holds
    other events)."""
    if not events or not all(_UID_TAIL.search(e["UID"]) for e in events):
        return False
    ours = 0
    for event in events:
        head, cuts = _customer_cuts(event, codes)
        if not cuts:
            continue  # a customer gone from the plan (closed since)
        if head[cuts[-1] + 1:] in tids or head[cuts[0] + 1:] in tids:
            return False
        ours += 1
    return 2 * ours > len(events)


def _customer_cuts(event: dict[str, str], codes: set[str]) -> tuple[str, list[int]]:
    """An event's UID without its date tail (CUSTOMER-TERRITORY), and the places of the "-"
    that could end one of the customers ``codes`` (codes and territory ids may both hold
    "-")."""
    head = _UID_TAIL.sub("", event["UID"].split(":", 1)[1])
    return head, [k for k, ch in enumerate(head) if ch == "-" and head[:k] in codes]


def _visit_notes(plan: m.Plan, schedule: pd.DataFrame) -> dict[object, str]:
    """Per schedule row label: what the rep tells the customer at that visit (moved here
    from a closed day, the next visit moved or left out, a new rep or day)."""
    told = TellNotes(plan).for_rows(schedule)
    return {label: text for label, text in zip(schedule.index, told, strict=True) if text}


def visit_uids(rows: pd.DataFrame, territory_id: str) -> list[str]:
    """Each visit's UID: customer, territory, the Monday of the week it was planned in (its
    ``moved_from`` date when a holiday moved it) and its place among the customer's visits
    of that week (``C000123-T01-20261207-1@territory-planner``)."""
    dates = rows["date"].astype(str).to_numpy()
    moved = (rows["moved_from"].astype(str).to_numpy() if "moved_from" in rows
             else np.full(len(rows), ""))
    planned = [dt.date.fromisoformat(m_ or d) if (m_ or d) else None
               for m_, d in zip(moved, dates, strict=True)]
    mondays = [None if d is None else d - dt.timedelta(days=d.weekday()) for d in planned]
    order = sorted(range(len(rows)), key=lambda i: (planned[i] or dt.date.min, i))
    place: dict[tuple[str, object], int] = {}
    out = [""] * len(rows)
    cids = rows["customer_id"].astype(str).to_numpy()
    for i in order:
        if mondays[i] is None:
            continue
        key = (cids[i], mondays[i])
        place[key] = place.get(key, 0) + 1
        out[i] = (f"{_uid(cids[i])}-{_uid(territory_id)}-{mondays[i]:%Y%m%d}-{place[key]}"
                  "@territory-planner")
    return out


def previous_events(path: Path) -> list[dict[str, str]]:
    """The events of an earlier export at ``path`` (none when there is no readable file):
    per event its content lines unfolded, by property name (``UID``, ``DTSTART``, …, the
    whole line as the value)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            if current is not None and "UID" in current and "DTSTART" in current:
                events.append(current)
            current = None
        elif current is not None:
            name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            current.setdefault(name, line)
    return events


def folder_files(folder: Path) -> dict[Path, list[dict[str, str]]]:
    """The earlier calendar files in ``folder`` and their events (:func:`previous_events`)."""
    if not folder.is_dir():
        return {}
    return {path: previous_events(path) for path in sorted(folder.glob("*.ics"))}


def folder_events(
    found: dict[Path, list[dict[str, str]]], territory_ids: Sequence[str],
    codes: set[str] | None = None,
) -> dict[str, list[dict[str, str]]]:
    """Territory id → its events in the earlier calendar files ``found``
    (:func:`folder_files`), told by the territory their UIDs name: found also when the
    rep's file was renamed (another rep's name, another language of an older version). With
    ``codes`` (customer codes as UIDs write them), only the files whose events are mostly
    of those customers: another plan exporting into the same folder (its T01 too) is not
    this plan's to cancel."""
    # CUSTOMER-TERRITORY-MONDAY-N: customer codes and territory ids may both hold "-"
    ends = sorted(((f"-{_uid(t)}", t) for t in territory_ids), key=lambda e: -len(e[0]))
    out: dict[str, dict[str, dict[str, str]]] = {}
    for events in found.values():
        if codes is not None and 2 * sum(
                bool(_customer_cuts(e, codes)[1]) for e in events) <= len(events):
            continue
        for event in events:
            uid = event["UID"].split(":", 1)[1]
            head = _UID_TAIL.sub("", uid)
            tid = next((t for end, t in ends if head.endswith(end)), None)
            if tid is not None:
                out.setdefault(tid, {}).setdefault(uid, event)
    return {tid: list(events.values()) for tid, events in out.items()}


def _event_date(dtstart_line: str) -> str:
    """ISO date of a ``DTSTART…:20261207T090000`` line ("" when unreadable)."""
    value = dtstart_line.rsplit(":", 1)[-1][:8]
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}" if value.isdigit() else ""


def cancelled_events(
    previous: list[dict[str, str]], current: set[str], since: str, *, stamp: str,
    sequence: int,
) -> list[str]:
    """Lines of the ``previous`` export's events from ISO date ``since`` on (the calendar's
    first Monday: a shorter calendar no longer plans the weeks after it) whose UID is not
    among ``current``, each written again as cancelled: the phone removes them."""
    out: list[str] = []
    for event in previous:
        uid = event["UID"].split(":", 1)[1]
        day = _event_date(event["DTSTART"])
        if uid in current or not since or not day or day < since:
            continue
        out += ["BEGIN:VEVENT", event["UID"], f"DTSTAMP:{stamp}", event["DTSTART"]]
        out += [event[k] for k in ("DTEND", "SUMMARY", "LOCATION") if k in event]
        out += [f"SEQUENCE:{sequence}", "STATUS:CANCELLED", "END:VEVENT"]
    return out


def calendar_text(
    plan: m.Plan, t: m.Territory, rows: pd.DataFrame, notes: dict[object, str], *, stamp: str,
    sequence: int = 0, previous: list[dict[str, str]] | None = None,
    since: str = "", nav_links: bool = False,
) -> str:
    """The iCalendar text of territory ``t``'s visits ``rows`` (CRLF lines, folded), with
    the ``previous`` export's visits from ``since`` on that are gone written as cancelled;
    ``nav_links``: each visit's Google Maps navigation link in its notes and as its URL."""
    c = plan.customers
    pos = pd.Index(c[m.CUSTOMER_ID].astype(str)).get_indexer(rows["customer_id"].astype(str))
    names, addresses, phones, hours_text = (
        c[col].to_numpy(dtype=object) for col in (m.NAME, m.ADDRESS, m.PHONE, m.VISIT_TIME))
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    rough = approximate_mask(c)  # placed at its 丁目's customers: the rep goes by the address
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
    uids = visit_uids(rows, t.id)
    columns = zip(rows.index, rows["customer_id"].astype(str), rows["date"].astype(str),
                  rows["arrival"], rows["departure"], rows["seq"], pos, uids, strict=True)
    for label, cid, date, arrival, departure, seq, p, uid in columns:
        if not date:
            continue
        known = p >= 0
        day = date.replace("-", "")
        details = [tr("Customer code: {code}", code=cid)]  # labelled as the lines below
        if known and rough[p]:
            details.append(tr(APPROXIMATE_NOTE))
        if known and phones[p]:
            details.append(tr("Phone: {phone}", phone=phones[p]))
        hours = visit_time_label(hours_text[p]) if known else ""
        if hours:
            details.append(tr("Visiting hours: {hours}", hours=hours))
        if label in notes:
            details.append(notes[label])
        # the phone's calendar shows the link: a tap starts navigating (not to a 丁目's middle)
        nav = stop_url(lat[p], lon[p]) if nav_links and known and not rough[p] else None
        if nav:
            details.append(tr("Navigate here (Google Maps): {url}", url=nav))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART;TZID=Asia/Tokyo:{day}T{_clock(arrival)}",
            f"DTEND;TZID=Asia/Tokyo:{day}T{_clock(departure)}",
            "SUMMARY:" + _escape(f"{int(seq)}. {names[p] if known else cid}"),
        ]
        if known and addresses[p]:
            lines.append("LOCATION:" + _escape(str(addresses[p])))
        if known and np.isfinite(lat[p]) and np.isfinite(lon[p]) and not rough[p]:
            # (an approximate position would send the phone's map to the 丁目's middle)
            lines.append(f"GEO:{lat[p]:.6f};{lon[p]:.6f}")
        lines += ["DESCRIPTION:" + _escape("\n".join(details)), *([f"URL:{nav}"] if nav else []),
                  "END:VEVENT"]
    lines += cancelled_events(previous or [], set(uids), since, stamp=stamp, sequence=sequence)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _now() -> dt.datetime:
    """The time of the export (UTC): DTSTAMP and SEQUENCE."""
    return dt.datetime.now(dt.UTC)


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
