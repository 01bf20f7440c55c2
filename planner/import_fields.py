"""From mapped spreadsheet columns to the plan's customer fields, with a problem for every doubt.

Works on whole columns (numpy/pandas); per-row Python only for the few cells
that need it (度分秒, ``"1,234円"``, duplicate codes, reported problems).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_address import address_columns, joined_address
from planner._import_duplicates import drop_same_customers, possible_duplicates
from planner._import_frequency import by_rank, frequencies
from planner._import_grid import Built, Grid, Problem, _Problems
from planner._import_headings import heading_rows, under_stopped_heading
from planner._import_money import in_header_unit, parse_sales
from planner._import_rows import (
    closed_in_remarks,
    no_visit_day,
    placeholder_reps,
    rep_spellings,
    repeated_rows,
    stopped_accounts,
)
from planner._import_totals import total_rows
from planner.address_check import mismatch_reasons
from planner.cells import (
    clean_text,
    parse_coordinates,
    parse_minutes,
    parse_pairs,
)
from planner.closed_days import (
    parse_closed_days,
    some_weeks_closed,
    some_weeks_reason,
)
from planner.closed_days import unreadable_reason as closed_unreadable
from planner.columns import COORDS, REP, field_label
from planner.frequency import normalise_rank
from planner.i18n import tr
from planner.japan_extent import in_japan
from planner.visit_days import parse_visit_days
from planner.visit_days import unreadable_reason as visit_unreadable
from planner.visit_times import parse_visit_time_cell
from planner.visit_times import unreadable_reason as time_unreadable
from planner.visit_weeks import parse_visit_week_cell
from planner.visit_weeks import unreadable_reason as week_unreadable


def formula_reason() -> str:
    """The report's reason for a formula cell without a saved result."""
    return tr(
        "The cell holds a formula without a saved result, so it reads as empty; open the file "
        "in Excel, save it, and import it again."
    )


def no_position_reason() -> str:
    """The report's reason for a customer imported without coordinates."""
    return tr(
        "No coordinates; imported without a position (geocode the address or place it on the map)."
    )


def no_address_reason() -> str:
    """The report's reason for a customer imported with neither coordinates nor address."""
    return tr("No address and no coordinates; imported without a position (place it on the "
              "map, or fill in its address).")


def _in_japan(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.asarray(in_japan(lat, lon), dtype=bool)


def _coordinates(
    grid: Grid, found: Mapping[str, int], problems: _Problems, named: np.ndarray | None = None,
    address: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's position from the coordinate columns, with a problem for every doubt
    (``address``: the address as read, joined from its columns, :func:`joined_address`)."""
    n = len(grid.rows)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    lat_header, lon_header = grid.header(found, m.LAT), grid.header(found, m.LON)
    lat_text = lon_text = None
    paired = np.zeros(n, dtype=bool)  # rows whose position is one "lat,lon" cell
    if m.LAT in found and m.LON in found:
        lat_text, lon_text = grid.text(found, m.LAT), grid.text(found, m.LON)
        lat, bad_lat = parse_coordinates(grid.raw(found, m.LAT), blank=grid.blank(found, m.LAT))
        lon, bad_lon = parse_coordinates(grid.raw(found, m.LON), blank=grid.blank(found, m.LON))
        problems.add(
            bad_lat,
            lat_header,
            lat_text,
            tr("The latitude is not a number; imported without a position."),
        )
        problems.add(
            bad_lon,
            lon_header,
            lon_text,
            tr("The longitude is not a number; imported without a position."),
        )
        lat[bad_lon] = np.nan
        lon[bad_lat] = np.nan
        only_lat = np.isfinite(lat) & np.isnan(lon) & ~bad_lon
        only_lon = np.isfinite(lon) & np.isnan(lat) & ~bad_lat
        problems.add(
            only_lat, lon_header, None, tr("The longitude is missing; imported without a position.")
        )
        problems.add(
            only_lon, lat_header, None, tr("The latitude is missing; imported without a position.")
        )
        lat[only_lat] = np.nan
        lon[only_lon] = np.nan
    if COORDS in found:
        header = grid.header(found, COORDS)
        text = grid.text(found, COORDS)
        plat, plon, bad = parse_pairs(grid.raw(found, COORDS), blank=grid.blank(found, COORDS))
        fill = np.isnan(lat) & np.isnan(lon)
        problems.add(
            bad & fill,
            header,
            text,
            tr(
                "The coordinates are not readable as latitude,longitude; imported without a position."
            ),
        )
        from_pair = fill & np.isfinite(plat)
        lat = np.where(fill, plat, lat)
        lon = np.where(fill, plon, lon)
        if lat_text is None or lon_text is None:
            lat_header = lon_header = header
            lat_text = lon_text = text
            paired[:] = True
        else:
            paired = from_pair
            lat_text = np.where(from_pair, text, lat_text)
            lon_text = np.where(from_pair, text, lon_text)
    has_columns = (m.LAT in found and m.LON in found) or COORDS in found
    # a row without an address either cannot be looked up: placing it on the map is the way
    # (an address in parts, 都道府県 | 市区町村 | 番地, is all of them: shown joined, and a
    # row without its 都道府県 has one)
    joined = address is not None and len(address_columns(grid.headers, found)) > 1
    if joined:
        no_address = np.asarray(address) == ""
    else:
        no_address = grid.blank(found, m.ADDRESS) if m.ADDRESS in found else np.ones(
            n, dtype=bool)
    if not has_columns:  # no coordinate columns at all: every customer still needs a position
        missing = np.ones(n, dtype=bool) if named is None else named
        problems.add(
            missing & ~no_address,
            grid.header(found, m.ADDRESS),
            address if joined else grid.text(found, m.ADDRESS) if m.ADDRESS in found else None,
            no_position_reason(),
        )
        problems.add(missing & no_address, grid.header(found, m.ADDRESS), None,
                     no_address_reason())
    else:
        blank = np.ones(n, dtype=bool)
        if m.LAT in found and m.LON in found:
            blank &= grid.blank(found, m.LAT) & grid.blank(found, m.LON)
        if COORDS in found:
            blank &= grid.blank(found, COORDS)
        if named is not None:
            blank &= named  # a row without a name is already reported as not imported
        header = lat_header if m.LAT in found else grid.header(found, COORDS)
        problems.add(blank & ~no_address, header, None, no_position_reason())
        problems.add(blank & no_address, header, None, no_address_reason())
    located = np.isfinite(lat) & np.isfinite(lon)
    inside = _in_japan(lat, lon)
    swapped = located & ~inside & _in_japan(lon, lat)
    lat, lon = np.where(swapped, lon, lat), np.where(swapped, lat, lon)
    # a position away from the prefecture its address names: kept, and reported
    wrong, reasons = mismatch_reasons(lat, lon, address, swapped)
    if named is not None:  # a row that is no customer (no name) is reported as such alone
        wrong &= named
        reasons = {i: r for i, r in reasons.items() if named[i]}
    if swapped.any() or reasons:
        both = _pair_text(lat_text, lon_text, paired)
        problems.add(swapped & ~wrong, lat_header, both,
                     tr("Latitude and longitude were swapped; fixed."))
        for i, reason in reasons.items():
            problems.items.append((i, lat_header, "" if both is None else str(both[i]), reason))
    outside = located & ~inside & ~swapped
    zero = outside & (lat == 0) & (lon == 0)  # a core system's 0, 0 for "not known"
    if zero.any():
        both = _pair_text(lat_text, lon_text, paired)
        problems.add(zero & ~no_address, lat_header, both, tr(
            "The coordinates are 0, 0 (not filled in); imported without a position (geocode "
            "the address or place it on the map)."))
        problems.add(zero & no_address, lat_header, both, tr(
            "The coordinates are 0, 0 (not filled in) and there is no address; imported "
            "without a position (place it on the map, or fill in its address)."))
        lat[zero] = np.nan
        lon[zero] = np.nan
        outside &= ~zero
    if outside.any():
        both = _pair_text(lat_text, lon_text, paired)
        problems.add(
            outside,
            lat_header,
            both,
            tr("The coordinates are outside Japan; imported without a position."),
        )
        lat[outside] = np.nan
        lon[outside] = np.nan
    return lat, lon


def _pair_text(
    lat_text: np.ndarray | None, lon_text: np.ndarray | None, paired: np.ndarray
) -> np.ndarray | None:
    """Each row's position as written: its "lat,lon" cell, else latitude, longitude (0, 0)."""
    if lat_text is None or lon_text is None:
        return lat_text
    return np.array(
        [a if one else f"{a}, {b}"
         for a, b, one in zip(lat_text, lon_text, paired, strict=True)],
        dtype=object,
    )


def _codes(
    grid: Grid, found: Mapping[str, int], kept: np.ndarray, problems: _Problems
) -> np.ndarray:
    rows = grid.rows
    width = len(str(int(rows.max()))) if len(rows) else 1
    header = grid.header(found, m.CUSTOMER_ID)
    if m.CUSTOMER_ID not in found:
        codes = np.array([f"R{r:0{width}d}" for r in rows], dtype=object)
    else:
        codes = _zeros_back(grid.raw(found, m.CUSTOMER_ID),
                            clean_text(grid.text(found, m.CUSTOMER_ID)))
        empty = np.flatnonzero(codes == "")
        missing = (codes == "") & kept
        codes[empty] = [f"R{r:0{width}d}" for r in rows[empty]]
        for i in np.flatnonzero(missing):
            reason = tr("The customer code is missing; generated {code}.", code=codes[i])
            problems.items.append((int(i), header, "", reason))
    series = pd.Series(codes[kept])
    dup = series.duplicated(keep="first").to_numpy()
    if dup.any():
        used = set(series)
        for i in np.flatnonzero(kept)[dup]:
            base, k = codes[i], 2
            while f"{base}-{k}" in used:
                k += 1
            fresh = f"{base}-{k}"
            used.add(fresh)
            reason = duplicate_reason(fresh)
            problems.items.append((int(i), header, str(base), reason))
            codes[i] = fresh
    return codes


def duplicate_reason(code: str) -> str:
    """The import's reason for a code given twice, told apart as ``code``."""
    return tr("Duplicate customer code; imported as {code}.", code=code)


def _zeros_back(raw: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Codes typed as numbers in a column of zero-padded codes (Excel turned 003001 into
    3001) padded back to the column's width, so that they match their text twins."""
    if not pd.Series(codes, dtype=object).astype(str).str.startswith("0").any():
        return codes  # no zero-padded code: nothing to pad back (most lists)
    numeric = pd.Series(raw, dtype=object).map(type).isin([int, float, np.int64, np.float64])
    typed = [c for c, n in zip(codes, numeric, strict=True) if not n and c.isdigit()]
    padded = [c for c in typed if c.startswith("0")]
    # the column's form only when most codes typed as text have it (one 0123 is no rule)
    if not numeric.any() or len(padded) < 2 or 2 * len(padded) < len(typed):
        return codes
    width = pd.Series([len(c) for c in padded]).mode().iloc[0]
    out = codes.copy()
    for i in np.flatnonzero(numeric.to_numpy()):
        if out[i].isdigit() and len(out[i]) < width:
            out[i] = out[i].zfill(width)
    return out


def _parsed_cells(
    grid: Grid,
    found: Mapping[str, int],
    problems: _Problems,
    key: str,
    parse: Callable[[Any], str | None],
    reason: str,
    near: tuple[Callable[[Any], str | None], str] | None = None,
) -> np.ndarray:
    """Each row's parsed cell: weekday set (closing or visit days) as codes ("sat,sun"), visit
    week ("2") or visiting hours ("10:00-12:00"); an unreadable cell is reported with
    ``reason`` and the customer imported without it. ``near``: a second reading of a cell the
    first cannot read (a closing day of some weeks only, 第2・4水曜), taken and reported with
    its own note."""
    n = len(grid.rows)
    if key not in found:
        return np.full(n, "", dtype=object)
    blank = grid.blank(found, key)
    raw = pd.Series(grid.raw(found, key), dtype=object).where(~blank, None)
    index, uniques = pd.factorize(raw)  # few distinct values: parse each once
    parsed = [parse(u) for u in uniques]
    second = [near[0](u) if p is None and near else None for u, p in zip(uniques, parsed,
                                                                         strict=True)]
    parsed = [p if p is not None else q for p, q in zip(parsed, second, strict=True)]
    codes = np.array([p if p is not None else "" for p in parsed] + [""], dtype=object)[index]
    bad = np.array([p is None for p in parsed] + [False], dtype=bool)[index]
    problems.add(bad, grid.header(found, key), grid.text(found, key), reason)
    if near is not None and any(q is not None for q in second):
        noted = np.array([q is not None for q in second] + [False], dtype=bool)[index]
        problems.add(noted, grid.header(found, key), grid.text(found, key), near[1])
    return codes


def _numbers(
    grid: Grid, found: Mapping[str, int], key: str, problems: _Problems, reason: str, parse: Any
) -> np.ndarray:
    values, bad = parse(grid.raw(found, key), blank=grid.blank(found, key))
    problems.add(bad, grid.header(found, key), grid.text(found, key), reason)
    return np.asarray(values, dtype=float)


#: A money unit in a header (``年間売上(千円)``, ``売上高（百万円）``, ``売上 万円``).
def _phones(grid: Grid, found: Mapping[str, int], phone: np.ndarray) -> np.ndarray:
    """Phone numbers typed as numbers lose their leading 0 in Excel; put it back (9–10 digits)."""
    if m.PHONE not in found:
        return phone
    raw = grid.raw(found, m.PHONE)
    numeric = pd.Series(raw, dtype=object).map(type).isin([float, int]).to_numpy()
    if not numeric.any():
        return phone
    out = phone.copy()
    for i in np.flatnonzero(numeric):
        if out[i].isdigit() and 9 <= len(out[i]) <= 10:
            out[i] = "0" + out[i]
    return out


def build_fields(grid: Grid, found: Mapping[str, int], *, settings: m.Settings) -> Built:
    """Plan columns for every data row of ``grid``, which rows are customers, and the problems."""
    n = len(grid.rows)
    problems = _Problems(rows=np.asarray(grid.rows))

    def text(key: str, *, few: bool = False, upper: bool = False) -> np.ndarray:
        if key not in found:
            return np.full(n, "", dtype=object)
        if few:  # a column of few distinct values: clean each value once
            index, uniques = pd.factorize(grid.text(found, key))
            clean = clean_text(np.asarray(uniques, dtype=object))
            if upper:
                clean = np.array([u.upper() for u in clean], dtype=object)
            return clean[index] if len(index) else np.full(n, "", dtype=object)
        return clean_text(grid.text(found, key), squeeze=key in (m.NAME, m.NAME_KANA, m.ADDRESS))

    name = text(m.NAME)
    total, word, in_code = total_rows(grid, found, name)
    heading, heading_column, heading_text = heading_rows(grid)
    heading &= ~total  # 【合計】 alone: a total line, said as such
    for index in found.values():  # read as empty: say why (a total or heading line, not
        if index in grid.formulas:  # imported, is said to be one, once)
            formula = grid.formulas[index]
            problems.add((formula != "") & ~total & ~heading, grid.headers[index], formula,
                         formula_reason())
    kept = (name != "") & ~total & ~heading
    problems.add(
        (name == "") & ~total & ~heading, grid.header(found, m.NAME), None,
        tr("The name is missing; the row is not imported."),
    )
    for i in np.flatnonzero(heading):  # 【練馬区】, ※ 以下は休眠顧客: no customer
        problems.items.append((int(i), grid.headers[heading_column[i]], str(heading_text[i]),
                               tr("A heading or note line, not a customer; it is not imported.")))
    below, over = under_stopped_heading(heading, heading_text, kept)
    for i in np.flatnonzero(below):  # the rows under ※ 以下は休眠顧客: stopped accounts
        problems.items.append((int(i), grid.header(found, m.NAME), str(name[i]), tr(
            "The row stands under {heading} (row {row}); it is not imported.",
            heading=str(heading_text[over[i]]), row=int(grid.rows[over[i]]))))
    kept &= ~below
    for where, key in ((total & ~in_code, m.NAME), (total & in_code, m.CUSTOMER_ID)):
        problems.add(where, grid.header(found, key), word,  # the column holding 合計
                     tr("This looks like a total row, not a customer; it is not imported."))
    kept &= ~repeated_rows(grid, name, kept, problems, grid.header(found, m.NAME))
    kept &= ~stopped_accounts(grid, found, kept, problems)
    kept &= ~closed_in_remarks(grid, found, name, kept, problems)
    address = joined_address(grid, found, text(m.ADDRESS))
    lat, lon = _coordinates(grid, found, problems, kept, address)
    rank = text(m.RANK, few=True, upper=True)
    if len(rank):  # Aランク, ランクA, A級: the rank itself, as the rules name it
        index, uniques = pd.factorize(rank)
        rank = np.array([normalise_rank(u) for u in uniques] + [""], dtype=object)[index]
    sales = np.full(n, np.nan)
    unit_notes: list[Problem] = []
    if m.SALES in found:
        reason = tr("The sales figure is not a number; imported without sales.")
        sales = _numbers(grid, found, m.SALES, problems, reason, parse_sales)
        notes = [*grid.above, *((int(grid.rows[i]), str(heading_text[i]))
                                for i in np.flatnonzero(heading))]  # ※金額単位：千円
        sales, unit_notes = in_header_unit(grid, found, sales, problems, notes)
    frequency, frequency_days, frequency_weeks = frequencies(grid, found, rank, settings,
                                                             problems)
    service = by_rank(rank, settings.service_minutes_by_rank, settings.default_service_minutes)
    if m.SERVICE_MINUTES in found:
        reason = tr("The visit time is not a number of minutes; the default for the rank is used.")
        minutes = _numbers(grid, found, m.SERVICE_MINUTES, problems, reason, parse_minutes)
        service = np.where(np.isnan(minutes), service, minutes)
    closed_days = _parsed_cells(
        grid, found, problems, m.CLOSED_DAYS, parse_closed_days, closed_unreadable(),
        near=(some_weeks_closed, some_weeks_reason()),
    )
    visit_days = _parsed_cells(
        grid, found, problems, m.VISIT_DAYS, parse_visit_days, visit_unreadable()
    )
    # 週2(月木) in the frequency column: its days where the list names no visit day
    visit_days = np.where(visit_days == "", frequency_days, visit_days)
    no_visit_day(grid, found, visit_days, closed_days, problems)
    visit_week = _parsed_cells(
        grid, found, problems, m.VISIT_WEEK, parse_visit_week_cell, week_unreadable()
    )
    # 第1・第3水曜 in the frequency column: its first week where the list names no visit week
    visit_week = np.where(visit_week == "", frequency_weeks, visit_week)
    visit_time = _parsed_cells(
        grid, found, problems, m.VISIT_TIME, parse_visit_time_cell, time_unreadable()
    )
    rep = placeholder_reps(text(REP, few=True), kept, grid.header(found, REP), problems)
    rep, same_reps = rep_spellings(rep, kept, grid.header(found, REP))
    # a shop entered twice (201 みどり薬局 at one address, another phone): the first row only
    listed = (_zeros_back(grid.raw(found, m.CUSTOMER_ID),
                          clean_text(grid.text(found, m.CUSTOMER_ID)))
              if m.CUSTOMER_ID in found else np.full(n, "", dtype=object))
    facts = {tr(field_label(k)): v for k, v in (
        (REP, rep), (m.RANK, rank), (m.FREQUENCY, frequency), (m.VISIT_DAYS, visit_days),
        (m.VISIT_WEEK, visit_week), (m.VISIT_TIME, visit_time), (m.CLOSED_DAYS, closed_days),
        (m.SERVICE_MINUTES, service), (m.SALES, sales))}
    kept, copies = drop_same_customers(problems, listed, name, address, kept, facts,
                                       grid.header(found, m.NAME))
    codes = _codes(grid, found, kept, problems)
    unnamed: tuple[str, ...] = ()
    if m.CUSTOMER_ID in found:  # a code without a name: the shop is on the list, unreadable
        typed = clean_text(grid.text(found, m.CUSTOMER_ID)) != ""
        unnamed = tuple(str(c) for c in codes[(name == "") & ~total & typed])
    territories: list[m.Territory] = []
    territory = np.full(n, "", dtype=object)
    if REP in found:
        reps = [r for r in pd.unique(rep[kept]) if r]
        ids = {r: f"T{i + 1:02d}" for i, r in enumerate(reps)}
        territories = [
            m.Territory(id=ids[r], name=r, rep=r, color=m.palette_color(i))
            for i, r in enumerate(reps)
        ]
        index, uniques = pd.factorize(rep)
        labels = np.array([ids.get(u, "") for u in uniques] + [""], dtype=object)
        territory = labels[index]
    located = np.isfinite(lat) & np.isfinite(lon)
    joined = np.full(n, "", dtype=object)
    for index, _column, _value, reason in problems.items:
        joined[index] = reason if not joined[index] else f"{joined[index]}; {reason}"
    # ㈱みどり and 株式会社みどり at one address under two codes: both kept, and a note
    twice = possible_duplicates(codes, listed, name, address, kept, grid.header(found, m.NAME))
    final = sorted(problems.finish(kept) + [  # the report's notes, no customer's problem
        Problem(int(grid.rows[i]), column, value, reason, True, note=True)
        for i, column, value, reason in [*same_reps, *twice]] + unit_notes + copies,
        key=lambda p: p.row)
    return Built(
        numeric={
            m.LAT: lat,
            m.LON: lon,
            m.SALES: sales,
            m.FREQUENCY: frequency,
            m.SERVICE_MINUTES: service,
            m.SOURCE_ROW: np.asarray(grid.rows, dtype=np.int64),
            m.LOCKED: np.zeros(n, dtype=bool),
        },
        text={
            m.CUSTOMER_ID: codes,
            m.NAME: name,
            m.NAME_KANA: text(m.NAME_KANA),
            m.ADDRESS: address,
            m.PHONE: _phones(grid, found, text(m.PHONE)),
            m.RANK: rank,
            m.CLOSED_DAYS: closed_days,
            m.VISIT_DAYS: visit_days,
            m.VISIT_WEEK: visit_week,
            m.VISIT_TIME: visit_time,
            m.TERRITORY: territory,
            m.PROBLEMS: joined,
            m.GEOCODE: np.where(located, "sheet", "").astype(object),
        },
        kept=kept,
        problems=final,
        territories=tuple(territories),
        unnamed=unnamed,
    )
