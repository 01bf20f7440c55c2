"""``HOMES.csv`` of ``design --homes`` and of the window's Territory → Load home bases from a
file…: each rep's territory, name, home base (or its address, looked up), and optionally
weekly hours, longest day, own working days, start of the day and days off; a line whose id
is not the plan's takes the territory of its rep."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.errors import PlannerError, os_reason
from planner.i18n import N_, listing, tr
from planner.japan_extent import in_japan

#: The columns a homes file may have (README: HOMES.csv), in lower case.
HOME_COLUMNS = ("territory", "id", "name", "rep", "lat", "lon", "address", "hours", "capacity",
                "day_hours", "days", "day_start", "start", "days_off")
#: A manager's own headings (NFKC, lower case, no spaces) for the columns above: a list of
#: reps kept in Excel says 担当者 and 住所, not rep and address.
HEADING_ALIASES = {
    **dict.fromkeys(("担当者", "担当", "担当者名", "営業担当", "営業担当者", "営業担当者名",
                     "営業", "営業マン"), "rep"),
    **dict.fromkeys(("テリトリー", "テリトリー名", "エリア", "エリア名", "担当エリア", "地区",
                     "地区名", "営業所", "営業所名"), "name"),
    **dict.fromkeys(("テリトリーid", "テリトリーコード", "エリアid", "エリアコード", "コード",
                     "担当者コード", "担当者cd", "社員番号"), "territory"),
    **dict.fromkeys(("住所", "拠点", "拠点住所", "拠点の住所", "自宅", "自宅住所", "事業所住所",
                     "所在地"), "address"),
    "緯度": "lat", "経度": "lon", "latitude": "lat", "longitude": "lon", "lng": "lon",
    **dict.fromkeys(("週の稼働時間", "週稼働時間", "稼働時間/週", "稼働時間"), "hours"),
    **dict.fromkeys(("1日の稼働時間", "1日の上限", "1日の上限時間"), "day_hours"),
    **dict.fromkeys(("稼働日", "勤務日", "稼働曜日", "勤務曜日"), "days"),
    **dict.fromkeys(("始業", "始業時刻", "開始時刻", "出発時刻"), "day_start"),
    **dict.fromkeys(("休み", "休日", "休暇", "休業日"), "days_off"),
}


def home_columns(headers: Any) -> dict[str, Any]:
    """Each known column (:data:`HOME_COLUMNS`) → the file's heading for it, Japanese headings
    (:data:`HEADING_ALIASES`) read as theirs; the first heading wins a column."""
    import unicodedata

    out: dict[str, Any] = {}
    for heading in headers:
        key = "".join(unicodedata.normalize("NFKC", str(heading)).split()).lower()
        out.setdefault(HEADING_ALIASES.get(key, key), heading)
    return out


#: What a spreadsheet file begins with (xlsx, xlsm, ods: a zip; xls: an OLE file).
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def expected_columns() -> str:
    """The columns a homes file holds, for a sentence (README: HOMES.csv)."""
    return tr("territory (or id), name, rep, lat and lon (or address)")


def filled_columns(path: str | Path, *, cli: bool = False) -> dict[str, Any]:
    """Each known column of the homes file ``path`` (:func:`home_columns`) with a value on
    some line → the file's heading for it."""
    frame = _read_csv(Path(path), cli=cli)
    columns = home_columns(frame.columns)
    return {key: heading for key, heading in columns.items()
            if frame[heading].astype(str).str.strip().ne("").any()}


def looks_like_homes(headers: list[str], reps: list[str]) -> bool:
    """Whether ``headers`` are a homes file's (each one of :data:`HOME_COLUMNS`, with a rep
    and a home base) and each row a rep of its own (``reps``, one per row): a file given where
    a customer list was asked for. A customer list of the same headers has reps with several
    customers."""
    names = {str(h).strip().lower() for h in headers if str(h).strip()}
    named = [str(r).strip() for r in reps]
    return (bool(names) and names <= set(HOME_COLUMNS) and "rep" in names
            and ({"lat", "lon"} <= names or "address" in names)
            and bool(named) and all(named) and len(set(named)) == len(named))


def _read_csv(path: Path, *, cli: bool = True) -> pd.DataFrame:
    """A small CSV in UTF-8 (with or without BOM) or cp932, every cell as text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlannerError(
            tr("{name} cannot be read: {reason}.", name=path.name, reason=os_reason(exc))
        ) from exc
    if raw.startswith(_SPREADSHEET_MAGIC):  # a workbook: which columns to save it as CSV with
        if not cli:  # the window reads the manager's own workbook (the list of reps in Excel)
            return _read_workbook(path)
        raise PlannerError(tr("{name} is a spreadsheet: --homes needs a CSV file with the "
                              "columns {expected}; save the sheet as CSV.", name=path.name,
                              expected=expected_columns()))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlannerError(tr("{name} is neither UTF-8 nor Shift-JIS text.", name=path.name))
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise PlannerError(tr("{name} is not a readable CSV file.", name=path.name)) from exc


def _read_workbook(path: Path) -> pd.DataFrame:
    """The first sheet of a workbook (.xlsx, .xls, .ods) under its header row: the first row
    with a rep's heading and a position's (lat and lon, or an address); every cell as text.
    Each row's line is its row number as Excel shows it (the frame's index)."""
    from planner.sheetfile import read_sheet

    raw = read_sheet(path)

    def heading(row: list[Any]) -> bool:
        known = home_columns([c for c in row if str(c or "").strip()])
        return "rep" in known and ({"lat", "lon"} <= set(known) or "address" in known)

    at = next((i for i, row in enumerate(raw.rows[:30]) if heading(row)), 0)
    headings = [str(c if c is not None else "").strip() for c in raw.rows[at]] if raw.rows else []
    body = [[_cell_text(c) for c in row] + [""] * (len(headings) - len(row))
            for row in raw.rows[at + 1:]]
    frame = pd.DataFrame([r[:len(headings)] for r in body], columns=headings, dtype=str)
    frame.index = [int(n) for n in raw.row_numbers[at + 1:at + 1 + len(frame)]]
    return frame.loc[[any(v.strip() for v in r) for r in frame.to_numpy(dtype=str)]]


def _cell_text(value: object) -> str:
    """A workbook cell as a CSV would hold it: 35.677447, 20 (not 20.0), "" for an empty one."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_homes(
    path: str | Path, plan: m.Plan, *, geocode: str = "none", cli: bool = True
) -> tuple[m.Territory, ...]:
    """The plan's territories with the home bases (and names, reps) from ``HOMES.csv`` first;
    a line with an ``address`` but no lat/lon is looked up with ``geocode`` (online).
    ``cli``: the messages may name the command's options (``--homes``); else they do not."""
    listed = read_home_lines(path, plan, geocode=geocode, cli=cli)
    ids = {t.id for t in listed}
    return listed + tuple(t for t in plan.territories if t.id not in ids)


def read_home_lines(
    path: str | Path, plan: m.Plan, *, geocode: str = "none", cli: bool = True
) -> tuple[m.Territory, ...]:
    """One territory per line of ``HOMES.csv``, in its order (:func:`read_homes`): the plan's
    own where the line's id, rep or name is one of theirs, with the line's home base (names,
    reps, hours), else a new one."""
    source = Path(path)
    frame = _read_csv(source, cli=cli)
    columns = home_columns(frame.columns)
    if not ({"lat", "lon"} <= set(columns) or "address" in columns):
        raise PlannerError(
            tr("{name} is not a homes file: it needs the columns {expected}, and has "
               "{columns}.", name=source.name, expected=expected_columns(),
               columns=listing(str(c) for c in frame.columns))
        )
    id_col = columns.get("territory", columns.get("id"))
    existing = {t.id: t for t in plan.territories}
    used = set(existing) | plan.taken_territory_ids()
    out: list[m.Territory] = []
    workbook = not isinstance(frame.index, pd.RangeIndex)  # its rows numbered as Excel shows
    lines = [int(n) for n in frame.index] if workbook else [i + 2 for i in range(len(frame))]
    _refuse_customer_list(frame, columns, lines, source.name)
    for line, row in zip(lines, frame.to_dict("records"), strict=True):
        lat, lon = _home_position(row, columns, source.name, line, plan.settings, geocode)
        if not (np.isfinite(lat) and np.isfinite(lon)):
            raise PlannerError(
                tr("{name} line {line}: the position is not a number.", name=source.name, line=line)
            )
        if not in_japan(lat, lon):
            raise PlannerError(
                tr("{name} line {line}: lat {lat}, lon {lon} is not in Japan (are the two "
                   "swapped?).", name=source.name, line=line, lat=f"{lat:g}", lon=f"{lon:g}")
            )
        tid = str(row[id_col]).strip() if id_col is not None else ""
        if tid not in existing:  # T1 for the plan's T01: the same rep's territory
            tid = _same_rep(row, columns, existing, taken={t.id for t in out}) or tid
        if not tid:
            n = 1
            while f"T{n:02d}" in used:
                n += 1
            tid = f"T{n:02d}"
        if tid in {t.id for t in out}:
            raise PlannerError(
                tr(
                    "{name} line {line}: territory {id} appears twice.",
                    name=source.name,
                    line=line,
                    id=tid,
                )
            )
        used.add(tid)
        base = existing.get(tid) or m.Territory(
            id=tid, name=tr("Territory {n}", n=len(out) + 1), color=m.palette_color(len(out))
        )
        changes: dict[str, object] = {"home_lat": lat, "home_lon": lon}
        for field in ("name", "rep"):
            col = columns.get(field)
            if col is not None and str(row[col]).strip():
                changes[field] = str(row[col]).strip()
        changes.update(_rep_time(row, columns, source.name, line, plan.settings))
        out.append(base.replace(**changes))
    if not out:
        raise PlannerError(tr("{name} lists no home bases.", name=source.name))
    return tuple(out)


def _refuse_customer_list(frame: pd.DataFrame, columns: dict[str, Any], lines: list[int],
                          name: str) -> None:
    """A rep on three lines or more: a customer list (担当 and 住所 read as rep and address
    would make a territory of each customer), refused in one sentence."""
    import unicodedata

    col = columns.get("rep")
    if col is None:
        return
    seen: dict[str, list[int]] = {}
    for line, rep in zip(lines, frame[col].astype(str), strict=True):
        key = "".join(unicodedata.normalize("NFKC", rep).split())
        if key:
            seen.setdefault(key, []).append(line)
    rep, at = max(seen.items(), key=lambda kv: len(kv[1]), default=("", []))
    if len(at) >= 3:
        shown = ", ".join(str(n) for n in at[:3]) + (", …" if len(at) > 3 else "")
        raise PlannerError(tr(
            "{name} lists {rep} on {n} lines ({lines}): it looks like a customer list, not the "
            "reps' home bases (one line per rep).", name=name,
            rep=str(frame[col].astype(str).iloc[lines.index(at[0])]).strip(), n=f"{len(at):,}",
            lines=shown))


def _same_rep(
    row: dict[Any, object], columns: dict[str, Any], existing: dict[str, m.Territory],
    taken: set[str],
) -> str:
    """The id of the plan's one territory (not ``taken``) whose rep, else whose name, is the
    line's (written alike: 山田太郎 = 山田 太郎); "" when there is none or more than one."""
    import unicodedata

    def key(text: object) -> str:
        return "".join(unicodedata.normalize("NFKC", str(text or "")).split())

    for field in ("rep", "name"):
        col = columns.get(field)
        wanted = key(row[col]) if col is not None else ""
        if not wanted:
            continue
        hits = [t.id for t in existing.values()
                if t.id not in taken and key(getattr(t, field)) == wanted]
        if len(hits) == 1:
            return hits[0]
    return ""


def _home_position(
    row: dict[Any, object], columns: dict[str, Any], name: str, line: int,
    settings: m.Settings, geocode: str,
) -> tuple[float, float]:
    """A line's lat/lon, or its address looked up."""
    cells = [str(row[columns[k]]).strip() if k in columns else "" for k in ("lat", "lon")]
    address = str(row[columns["address"]]).strip() if "address" in columns else ""
    if not any(cells) and address:
        if geocode == "none":
            raise PlannerError(
                tr("{name} line {line}: no lat/lon; add --geocode gsi to look the address up.",
                   name=name, line=line)
            )
        from planner.geocode import locate_address

        try:
            found = locate_address(address, provider=geocode, settings=settings)
        except PlannerError as exc:
            raise PlannerError(tr("{name} line {line}: {reason}", name=name, line=line,
                                  reason=str(exc))) from exc
        if found is None:
            raise PlannerError(
                tr("{name} line {line}: the address {address} was not found.",
                   name=name, line=line, address=address)
            )
        return found
    try:
        return float(cells[0]), float(cells[1])
    except ValueError:
        raise PlannerError(
            tr("{name} line {line}: the position is not a number.", name=name, line=line)
        ) from None


def _hours(text: str, most: float) -> float | None:
    """``text`` as hours in (0, ``most``], None when it is not such a number."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if np.isfinite(value) and 0 < value <= most else None


def _rep_time(
    row: dict[Any, object], columns: dict[str, Any], name: str, line: int,
    settings: m.Settings,
) -> dict[str, object]:
    """The optional ``hours`` (weekly capacity), ``day_hours`` (longest day), ``days`` (own
    working days), ``day_start`` (the rep's start of the day, "10:00") and ``days_off`` (dates
    off, "12/24;12/28〜1/4") of a line."""
    from planner.rep_days import read_working_days

    def cell(*keys: str) -> str:
        col = next((columns[k] for k in keys if k in columns), None)
        return str(row[col]).strip() if col is not None else ""

    out: dict[str, object] = {}
    checks = (
        ("capacity_hours", cell("hours", "capacity"), 168.0,
         N_("{name} line {line}: the weekly hours must be a number more than 0 and at most 168.")),
        ("day_hours", cell("day_hours"), 24.0,
         N_("{name} line {line}: the hours a day must be a number more than 0 and at most 24.")),
    )
    for field, text, most, message in checks:
        if text:
            value = _hours(text, most)
            if value is None:
                raise PlannerError(tr(message, name=name, line=line))
            out[field] = value
    text = cell("days")
    if text:
        working = read_working_days(text)
        if working is None:
            raise PlannerError(
                tr(
                    "{name} line {line}: the working days {days} are not readable "
                    "(write them like 月水金 or mon,wed,fri).",
                    name=name,
                    line=line,
                    days=text,
                )
            )
        out["working_days"] = working
    text = cell("day_start", "start")
    if text:
        import re
        import unicodedata

        from planner.routing import format_clock, parse_clock

        clock = unicodedata.normalize("NFKC", text).replace("時半", ":30").replace("分", "")
        clock = re.sub(r"時(\d+)", r":\1", clock).replace("時", ":00")  # 10時, 9時30分
        try:
            out["day_start"] = format_clock(parse_clock(clock))
        except PlannerError:
            raise PlannerError(
                tr("{name} line {line}: the start of the day must look like 09:00.",
                   name=name, line=line)
            ) from None
    text = cell("days_off")
    if text:
        from planner._schedule_dates import first_monday
        from planner.days_off import parse_days_off

        try:
            out["days_off"] = parse_days_off(text, start=first_monday(settings))
        except PlannerError as exc:
            raise PlannerError(tr("{name} line {line}: {reason}", name=name, line=line,
                                  reason=str(exc))) from exc
    return out
