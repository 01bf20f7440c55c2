"""Finding a customer list's header (a second header row folded in, a header given twice told
apart) and checking the columns a user chose; notes on how the columns were read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from planner import model as m
from planner._import_address import address_columns, first_part, is_address_part
from planner._import_grid import Problem
from planner.cells import cell_text
from planner.columns import (
    COORDS,
    FIELD_KEYS,
    READING,
    detect_column_indexes,
    field_label,
    find_header_row,
    header_fields,
    normalise_header,
    resolve_header,
    unique_headers,
)
from planner.errors import PlannerError
from planner.i18n import listing, sentences, tr, trn
from planner.sheetfile import RawSheet

#: How many rows from the top of a sheet are searched for its header row.
HEADER_SEARCH_ROWS = 30


def header_index(raw: RawSheet, wanted: list[str], file_name: str = "") -> int:
    """The header row's index in ``raw``; a sentence naming the CSV file (``file_name``) or
    the sheet when there is none (a CSV of numbers alone)."""
    index = find_header_row(raw.rows, wanted=wanted, limit=HEADER_SEARCH_ROWS)
    if index >= 0:
        return index
    if raw.encoding and file_name:  # a CSV file has no sheet to name
        raise PlannerError(tr(
            "No header row was found in {name}; the header needs column names such as 顧客名 "
            "and 住所.", name=file_name))
    if len(raw.rows) <= HEADER_SEARCH_ROWS:  # "in the first 30 rows" of a sheet of 3
        raise PlannerError(tr(
            "No header row was found on the sheet {sheet}; the header needs column names such "
            "as 顧客名 and 住所.", sheet=raw.name))
    raise PlannerError(
        tr(
            "No header row was found in the first {n} rows of {sheet}; "
            "the header needs column names such as 顧客名 and 住所.",
            n=HEADER_SEARCH_ROWS,
            sheet=repr(raw.name),
        )
    )


def merge_sub_header(raw: RawSheet, header: int) -> int:
    """Fold a second header row (緯度 | 経度 under a merged 位置, 都道府県 | 市区町村 | 番地
    under a merged 住所) into the first; return the last.

    The row below counts as part of the header only when it holds text alone, leaves the
    name column blank (or repeats the header above: cells merged down over both rows), and
    names more fields than the first row does, or parts of the address, or fills a header
    merged down.
    """
    if header + 1 >= len(raw.rows):
        return header
    cells = raw.rows[header + 1]
    if any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in cells):
        return header
    top, below = header_texts(raw.rows[header]), header_texts(cells)
    width = max(len(top), len(below))
    top, below = top + [""] * (width - len(top)), below + [""] * (width - len(below))
    repeated = [bool(b) and b == t for t, b in zip(top, below, strict=True)]
    below = ["" if same else b for b, same in zip(below, repeated, strict=True)]
    found = detect_column_indexes(top)
    name = found.get(m.NAME)
    reading = name is not None and bool(READING.search(below[name].lower()))  # フリガナ
    # 得意先 merged over コード | 名称: the name's header is a group's, the row below names
    # the name's column and another field (a data row's cells name no fields)
    grouped = (name is not None and bool(below[name]) and bool(header_fields(below[name]))
               and m.NAME in (under := detect_column_indexes(below)) and len(under) >= 2)
    if not any(below) or (name is not None and below[name] and not reading and not grouped):
        return header
    # parts of an address under 住所 merged across them (or under nothing): 都道府県 | 市区町村
    parts = [i for i, b in enumerate(below) if b and is_address_part(b)]
    under_address = bool(parts) and all(
        not top[k] or m.ADDRESS in {f for _kind, _p, f in header_fields(top[k])}
        for k in parts)
    merged = [b if b and (not t or header_fields(b) or (under_address and k in parts))
              else f"{t}{b}" if t and b[:1] in "(（" else t  # 売上 over (千円): 売上(千円)
              for k, (t, b) in enumerate(zip(top, below, strict=True))]
    if grouped:  # 得意先 over コード | 名称: 得意先コード, 得意先名称 (as the list means them)
        merged = [_in_group(group, b, cell) if not (under_address and k in parts) else cell
                  for k, (group, b, cell) in enumerate(zip(_spread(top), below, merged,
                                                           strict=True))]
    # a header merged down over both rows shows in the name column (a data row's name never
    # repeats its header), or the name's reading (フリガナ) stands there beside such headers
    merged_down = name is not None and (repeated[name] or (reading and any(repeated)))
    gains = len(detect_column_indexes(merged)) > len(found)
    if not (gains or under_address or merged_down or grouped):
        return header
    raw.rows[header + 1] = merged
    return header + 1


def _spread(top: list[str]) -> list[str]:
    """Each column's header in the first row, a header merged across the columns right of
    it (blank there) carried over them."""
    out, last = [], ""
    for t in top:
        last = t or last
        out.append(last)
    return out


def name_merged_address(raw: RawSheet, header: int) -> None:
    """A 住所 header merged across the columns right of it (都道府県市区町村 | 番地 under one
    住所, no header row below) names them 住所2, 住所3 …: the address is read from all of
    them, joined, as from 住所1 | 住所2; it was read from the first alone (「東京都千代田区」,
    the street and number lost)."""
    row = raw.rows[header]
    for at, first, last in raw.across:
        if at != header or first >= len(row) or not isinstance(row[first], str):
            continue
        label = row[first].strip()
        if not any(f == m.ADDRESS for _k, _p, f in header_fields(label)):
            continue
        for k, j in enumerate(range(first + 1, min(last + 1, len(row))), start=2):
            if row[j] in ("", None):
                row[j] = f"{label}{k}"


def _in_group(group: str, sub: str, cell: str) -> str:
    """``group`` + ``sub`` (得意先 + 名称 = 得意先名称) where that names the field ``sub`` alone
    names; else ``cell``, the column's header as merged without its group."""
    if not group or not sub or sub == cell and not header_fields(sub):
        return cell
    fields = {f for _kind, _p, f in header_fields(sub)}
    joined = f"{group}{sub}"
    return joined if fields & {f for _kind, _p, f in header_fields(joined)} else cell


def has_header(rows: list[list[Any]], wanted: list[str]) -> bool:
    """True when ``rows`` have a header row naming the customer (a 集計 sheet in front of the
    list, with only 担当者 and 顧客数, is passed over), or holding the headers ``wanted``."""
    index = find_header_row(rows, wanted=wanted, limit=HEADER_SEARCH_ROWS)
    if index < 0 or wanted:
        return index >= 0
    return any(field == m.NAME for cell in rows[index] if cell is not None
               for _kind, _priority, field in header_fields(str(cell)))


def check_override(columns: Mapping[str, str] | None) -> dict[str, str]:
    override = dict(columns or {})
    unknown = [f for f in override if f not in FIELD_KEYS]
    if unknown:
        raise PlannerError(
            tr(
                "Unknown field {field}; the fields are: {fields}.",
                field=repr(unknown[0]),
                fields=", ".join(FIELD_KEYS),
            )
        )
    return override


def resolve_override(override: dict[str, str], headers: list[str]) -> dict[str, int | None]:
    resolved: dict[str, int | None] = {}
    for key, header in override.items():
        if not header:
            resolved[key] = None
            continue
        index = resolve_header(header, headers)
        if index < 0:
            raise PlannerError(
                tr(
                    "There is no column named {header}; the columns are: {headers}.",
                    header=repr(header),
                    headers=", ".join(h for h in headers if h),
                )
            )
        resolved[key] = index
    return resolved


def check_required(
    found: Mapping[str, int], headers: list[str], sheet: str = "", sheets: Sequence[str] = ()
) -> None:
    listed = ", ".join(h for h in headers if h)
    if m.NAME not in found:
        message = tr(
            "No column holds the customer name (such as 顧客名 or 得意先名); the columns are: {headers}.",
            headers=listed,
        )
        others = [s for s in sheets if s != sheet]
        if others:
            message = sentences(message, tr(
                "That is sheet {sheet}; the workbook's other sheets are {others}: choose the "
                "customer list's sheet (--sheet, or the Sheet box).",
                sheet=sheet, others=listing(others),
            ))
        raise PlannerError(message)
    if m.ADDRESS not in found and COORDS not in found and not (m.LAT in found and m.LON in found):
        raise PlannerError(
            tr(
                "No column holds the address or the coordinates (住所, or 緯度 and 経度); the columns are: {headers}.",
                headers=listed,
            )
        )


def header_texts(row: list[Any], hidden: Collection[int] = ()) -> list[str]:
    """The header cells as texts; a header given twice is told apart by its number (担当,
    担当 (2)), so either column can be chosen by name (:func:`unique_headers`; the visible
    one first)."""
    return unique_headers([cell_text(c).strip() for c in row], hidden)[0]


def repeated_headers(
    headers: Sequence[str], found: dict[str, int], row: int, renamed: dict[str, str],
    hidden: Collection[str] = (),
) -> list[Problem]:
    """A note for each field read from a header given to several columns (担当, 担当 (2)):
    which one was read, and what the others are called (``hidden``: the hidden columns)."""
    notes = []
    for key, i in found.items():
        base = headers[i]
        others = [new for new, old in renamed.items() if old == base]
        if others and base not in hidden and all(o in hidden for o in others):
            notes.append(Problem(row, base, base, trn(
                "{n} columns are headed {header}: {field} is read from the visible one; the "
                "hidden one is called {others} (choose it with --column, or in the import "
                "window).",
                "{n} columns are headed {header}: {field} is read from the visible one; the "
                "hidden ones are called {others} (choose one with --column, or in the import "
                "window).",
                len(others), n=len(others) + 1, header=base, field=tr(field_label(key)),
                others=listing(others)), True))
        elif others:
            notes.append(Problem(row, base, base, tr(
                "{n} columns are headed {header}: {field} is read from the first; the others "
                "are called {others} (choose one with --column, or in the import window).",
                n=len(others) + 1, header=base, field=tr(field_label(key)),
                others=listing(others)), True))
    return notes




def hidden_rows_note(rows: Iterable[int], hidden: Collection[int]) -> list[Problem]:
    """One note when rows of the list are hidden in the sheet: they are read like the others,
    which the manager may not expect of rows Excel does not show."""
    shown = [int(r) for r in rows if int(r) in hidden]
    if not shown:
        return []
    listed = ", ".join(str(r) for r in shown[:5]) + (" …" if len(shown) > 5 else "")
    return [Problem(shown[0], "", "", trn(
        "{n} row of the list is hidden in the sheet (row {rows}); it is read like the others.",
        "{n} rows of the list are hidden in the sheet (rows {rows}); they are read like the "
        "others.", len(shown), n=len(shown), rows=listed), True, note=True)]


def with_address_parts(
    found: dict[str, int], headers: Sequence[str], chosen: Mapping[str, str]
) -> dict[str, int]:
    """A list without a 住所 column that gives the address in parts (都道府県 | 市区町村 |
    番地) reads it from the first part on (:mod:`planner._import_address` joins the rest),
    unless the address was chosen not to be read."""
    if m.ADDRESS in found or m.ADDRESS in chosen:
        return found
    first = first_part(headers, set(found.values()))
    return found if first is None else {**found, m.ADDRESS: first}


def address_note(headers: Sequence[str], found: Mapping[str, int], row: int) -> list[Problem]:
    """A note naming the columns an address was joined from (都道府県, 市区町村, 番地)."""
    columns = address_columns(headers, found)
    if len(columns) < 2:
        return []
    names = [headers[i] for i in columns]
    return [Problem(row, headers[found[m.ADDRESS]], "", tr(  # how the list is read: a note
        "The address is read from the columns {columns}, joined in that order.",
        columns=listing(names)), True, note=True)]


_CODE_WORDS = ("コード", "code")  # anywhere in the header; these only at its end:
_CODE_ENDS = ("cd", "番号", "no", "id", "№")
_SERIALS = frozenset({"no", "番号", "連番", "id", "行番号"})  # a row's number, not a code
#: Numbers that are no customer code: a postal code, a phone or fax number.
_NOT_CODES = ("郵便", "〒", "電話", "fax", "携帯", "tel", "phone", "zip", "postal")


def _codes_header(header: str) -> bool:
    """Whether a header looks like a column of customer codes (管理番号, 得意先NO, 顧客ID) —
    not a bare No. counting the rows, nor 郵便番号, FAX番号, Notes or Provider."""
    key = normalise_header(header)
    if not key or key in _SERIALS or any(w in key for w in _NOT_CODES):
        return False
    return any(w in key for w in _CODE_WORDS) or key.endswith(_CODE_ENDS)


def no_code_note(
    headers: Sequence[str], found: Mapping[str, int], chosen: Mapping[str, str], row: int,
    first: str,
) -> list[Problem]:
    """A note when the customers are numbered by their rows while a column not read looks
    like codes (コード, CD, 番号, No, ID in its header, not a bare No. or 番号 counting the
    rows): its codes were perhaps meant."""
    if m.CUSTOMER_ID in found or m.CUSTOMER_ID in chosen:
        return []
    used = set(found.values())
    maybe = next((h for i, h in enumerate(headers) if i not in used and _codes_header(h)),
                 None)
    if maybe is None:
        return []
    return [Problem(row, maybe, "", tr(
        "The column {header} was not read as the customer code; the customers are numbered "
        "by their rows ({first} …). To read it: --column customer_id={header}, or choose it "
        "in the import window.", header=maybe, first=first), True)]


#: Headers that name a rank only now and then (区分 is as often 法人/個人).
_LOOSE_RANKS = frozenset(normalise_header(h) for h in ("区分", "クラス", "等級", "class", "grade",
                                                       "tier"))
_RANK_LIKE = re.compile(r"(?:[A-Za-z]{1,2}[+\-]?|[0-9]{1,2}|[A-Za-z0-9]{1,2}ランク|ランク[A-Za-z0-9]{1,2})")


def category_not_rank(
    found: dict[str, int], headers: Sequence[str], texts: Sequence[Any],
    chosen: Mapping[str, str], row: int,
) -> tuple[dict[str, int], list[Problem]]:
    """``found`` without the rank when it was only guessed from a loose header (区分) whose
    cells are no ranks (法人, 個人): they would become ranks no rule knows; and a note."""
    index = found.get(m.RANK)
    if index is None or m.RANK in chosen or normalise_header(headers[index]) not in _LOOSE_RANKS:
        return found, []
    values = [unicodedata.normalize("NFKC", str(v)).strip() for v in pd.unique(texts[index])]
    values = [v for v in values if v]
    if not values or all(_RANK_LIKE.fullmatch(v) for v in values):
        return found, []
    shown = listing(values[:3]) + (" …" if len(values) > 3 else "")
    return {f: i for f, i in found.items() if f != m.RANK}, [Problem(row, headers[index], "", tr(
        "The column {header} holds {values}, not ranks such as A, B, C: it is not read as the "
        "rank (to read it: --column rank={header}, or choose it in the import window).",
        header=headers[index], values=shown), True)]
