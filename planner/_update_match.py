"""Which row of a revised customer list is which plan customer, and where new ones belong.

Used by :func:`planner.update.update_customers` (see there for the rules).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from planner import model as m
from planner._customer_corrections import corrections, remembered_rows
from planner._geocode_address import normalize_address
from planner._import_grid import Problem
from planner._update_areas import _join_whole_areas
from planner.areas import municipality
from planner.cells import text_key
from planner.i18n import tr
from planner.import_fields import REP
from planner.spreadsheet import ImportResult

_NEAREST = 5  # neighbours asked about a new customer's territory


def key_texts(values: Any) -> np.ndarray:
    """Names or addresses as matching keys: NFKC, no spaces, case folded."""
    index, uniques = pd.factorize(pd.Series(values, dtype=object).fillna("").astype(str))
    keys = np.array([_text_key(u) for u in np.asarray(uniques, dtype=object).tolist()] + [""],
                    dtype=object)
    return keys[index]


#: :func:`text_key` remembered: an update keys the plan's and the list's names and addresses
#: several times (matching, the changes, the corrections), 100,000 customers' in a second
_text_key = functools.lru_cache(maxsize=1 << 19)(text_key)


def differ_texts(a: Any, b: Any, keys: Callable[[Any], np.ndarray] = key_texts) -> np.ndarray:
    """Mask of the pairs whose texts differ as ``keys`` compares them (only texts that differ
    at all are compared by their keys)."""
    a = pd.Series(a, dtype=object).fillna("").astype(str).to_numpy(dtype=object)
    b = pd.Series(b, dtype=object).fillna("").astype(str).to_numpy(dtype=object)
    out = a != b
    if out.any():
        out[out] = keys(a[out]) != keys(b[out])
    return out


def _pair(
    old_keys: np.ndarray,
    new_keys: np.ndarray,
    old_free: np.ndarray,
    new_free: np.ndarray,
    *,
    unique: bool = False,
) -> np.ndarray:
    """For each new row, the old row with the same key (-1 if none); the k-th of a repeated key
    pairs with the k-th (``unique``: only keys that occur once on each side)."""
    out = np.full(len(new_keys), -1, dtype=np.int64)
    old = pd.DataFrame({"key": old_keys[old_free], "row": np.flatnonzero(old_free)})
    new = pd.DataFrame({"key": new_keys[new_free], "row": np.flatnonzero(new_free)})
    old = old[old["key"] != ""]
    new = new[new["key"] != ""]
    if unique:
        old = old[~old["key"].duplicated(keep=False)]
        new = new[~new["key"].duplicated(keep=False)]
    # the k-th of a key: a position within its group, whatever order the groups come in
    # (unsorted: sorting 100,000 texts took half a second)
    old["k"] = old.groupby("key", sort=False).cumcount()
    new["k"] = new.groupby("key", sort=False).cumcount()
    both = new.merge(old, on=["key", "k"], suffixes=("_new", "_old"))
    out[both["row_new"].to_numpy(dtype=np.int64)] = both["row_old"].to_numpy(dtype=np.int64)
    return out


def code_keys(values: Any) -> np.ndarray:
    """Codes as keys that survive a spreadsheet: NFKC, no spaces, case folded, and a code of
    digits without its leading zeros (Excel turns 001234 into 1234)."""
    keys = key_texts(values)
    return np.array([k.lstrip("0") or "0" if k.isdigit() else k for k in keys], dtype=object)


def plan_code_width(codes: Any) -> int | None:
    """The width of the plan's zero-padded codes (``000123``): its codes of digits, most of
    its codes, all of one width and some with a leading zero; else ``None`` (no rule to pad a
    code to). Generated codes (``R015``) and codes of other forms do not count."""
    texts = [str(c) for c in codes]
    digits = [c for c in texts if c.isascii() and c.isdigit()]
    widths = {len(c) for c in digits}
    if len(widths) != 1 or 2 * len(digits) <= len(texts):
        return None
    if not any(c.startswith("0") for c in digits):  # 100201 …: a short code is no lost zero
        return None
    return widths.pop()


def new_codes(
    ids: np.ndarray, new_rows: np.ndarray, old_ids: np.ndarray
) -> tuple[np.ndarray, tuple[tuple[str, str], ...]]:
    """The codes with each new customer's made to fit the plan: a shorter code of digits
    padded to the width of the plan's zero-padded codes (Excel dropped its zeros: 201 →
    000201, as a kept customer's 1234 is matched to 001234), and a fresh one when a plan
    customer has it (a code generated from the row number); and the (list's, plan's)
    codes padded."""
    ids = np.asarray(ids, dtype=object).astype(str).astype(object)
    width = plan_code_width(old_ids)
    listed = {int(r): str(ids[r]) for r in new_rows}
    if width is not None:
        for r in new_rows:
            code, _, twice = str(ids[r]).partition("-")  # 113-2: the second 113 of the list
            if (code.isascii() and code.isdigit() and len(code) < width
                    and (not twice or twice.isdigit())):
                ids[r] = code.zfill(width) + (f"-{twice}" if twice else "")
    new = np.zeros(len(ids), dtype=bool)
    new[new_rows] = True
    used = set(ids[~new]) | {str(c) for c in old_ids}
    for r in new_rows:
        base, k = ids[r], 2
        while ids[r] in used:
            ids[r] = f"{base}-{k}"
            k += 1
        used.add(ids[r])
    padded = [(code, str(ids[r])) for r, code in listed.items()
              if width is not None and code.split("-")[0] != str(ids[r]).split("-")[0]]
    return ids, tuple(padded)


def _given_codes(result: ImportResult) -> np.ndarray:
    """The code each row of the list gives in its code column (``""`` without one), as
    :func:`key_texts` compares them."""
    c = result.customers
    header = result.mapping.get(m.CUSTOMER_ID)
    if header is None or header not in result.original_columns:
        return np.full(len(c), "", dtype=object)
    column = f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"
    return key_texts(c[column].to_numpy(dtype=object))


def _twice_by_name(
    by_code: np.ndarray, twice: np.ndarray, result: ImportResult, old: pd.DataFrame,
    lookup: dict[str, int],
) -> np.ndarray:
    """``by_code`` with a code given twice on the list kept by the row that is the plan's
    customer of that code by its name or address (the real 中華 龍門, below a new 駅前店 typed
    with its code): the import kept the code for the first row, whatever shop it is."""
    waiting = np.flatnonzero(twice & (by_code < 0))
    if not waiting.size:
        return by_code
    new = result.customers
    given = code_keys(_given_codes(result))
    name_old, name_new = key_texts(old[m.NAME].to_numpy()), key_texts(new[m.NAME].to_numpy())
    place_old, place_new = places(old[m.ADDRESS].to_numpy()), places(new[m.ADDRESS].to_numpy())

    def same(r: int, j: int) -> bool:  # the list's row r names or places plan customer j
        return bool(name_new[r] == name_old[j] or place_new[r] and place_new[r] == place_old[j])

    out = by_code.copy()
    for i in waiting:
        j = lookup.get(given[i], -1)
        holders = np.flatnonzero((out == j) & (given == given[i])) if j >= 0 else waiting[:0]
        if len(holders) == 1 and same(int(i), j) and not same(int(holders[0]), j):
            out[i], out[holders[0]] = j, -1
    return out


def duplicate_code_notes(
    result: ImportResult, ids: np.ndarray, new_rows: np.ndarray, problems: list[Problem],
) -> list[Problem]:
    """``problems`` with one note for each new customer whose code the list gives another row
    too (which shop keeps the code, which is added under which code) in place of the
    import's notes on those rows, which named the code before the update settled it."""
    from planner.import_fields import duplicate_reason

    given = code_keys(_given_codes(result))
    names = result.customers[m.NAME].fillna("").astype(str).to_numpy(dtype=object)
    listed = result.customers[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)
    rows = result.customers[m.SOURCE_ROW].to_numpy()
    header = result.mapping.get(m.CUSTOMER_ID, "")
    own = code_keys(ids)
    notes: list[Problem] = []
    stale: set[tuple[int, str]] = set()  # (row, reason) of the import's notes now wrong
    shared: dict[str, list[int]] = {}  # a code the list gives more than one row: its rows
    repeated = pd.Series(given, dtype=object).duplicated(keep=False).to_numpy(dtype=bool)
    for k in np.flatnonzero(repeated & (given != "")).tolist():
        shared.setdefault(given[k], []).append(k)
    for r in new_rows:
        group = np.asarray(shared.get(given[r], ()), dtype=int)
        holder = [k for k in group if own[k] == given[r] and k != r]
        if len(group) < 2 or not holder:
            continue
        k = holder[0]
        notes.append(Problem(int(rows[r]), header, str(ids[r]), tr(
            "Customer code {code} is on the list twice: {kept} keeps it, and {name} is added "
            "as a new customer, {new}.", code=ids[k], kept=names[k], name=names[r],
            new=ids[r]), True, note=True))
        stale |= {(int(rows[g]), duplicate_reason(listed[g])) for g in group}
    kept = [p for p in problems if (p.row, p.reason) not in stale]
    return [*kept, *notes] if notes else problems


def _listed_codes(result: ImportResult) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the list's rows whose code is the one the sheet gives (not generated), and
    of those given twice, which the import told apart as ``C001-2`` (in the list's order)."""
    given = _given_codes(result)
    codes = key_texts(result.customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    twice = np.array([g != "" and k.startswith(g + "-") and k[len(g) + 1:].isdigit()
                      for g, k in zip(given, codes, strict=True)], dtype=bool)
    return (given != "") & (given == codes), twice


#: :func:`match_rows`' answer: for each row of the list the plan row it is (-1: a new
#: customer), and "code" or "name"
RowMatch = tuple[np.ndarray, str]


def list_match(plan: m.Plan, result: ImportResult) -> RowMatch:
    """:func:`match_rows` of ``plan`` (its customers by position) and ``result``: computed
    once by the command line and the Update dialog, for :func:`locate_rows` and
    :func:`update_customers` (each would match the 100,000 rows again)."""
    return match_rows(plan.replace(customers=plan.customers.reset_index(drop=True)), result)


def match_rows(plan: m.Plan, result: ImportResult) -> RowMatch:
    """(for each row of the list the plan row it is, -1 for a new customer; "code" or "name")."""
    old, new = plan.customers, result.customers
    old_free = np.ones(len(old), dtype=bool)
    by_code = np.full(len(new), -1, dtype=np.int64)
    listed, twice = _listed_codes(result)
    if listed.any():
        found = pd.Index(old[m.CUSTOMER_ID].astype(str)).get_indexer(new[m.CUSTOMER_ID].astype(str))
        # a code given twice: its second shop is the plan's C001-2 (the plan's own code for it,
        # which the workbook writes): the same shop, whatever order the rows come in
        listed = listed | (twice & (found >= 0))
        loose = code_keys(old[m.CUSTOMER_ID].to_numpy())  # 001234 in the plan, 1234 in Excel
        shared = pd.Series(loose).duplicated(keep=False).to_numpy()
        lookup = {k: i for i, k in enumerate(loose) if not shared[i]}  # shared: matches neither
        near = np.array([lookup.get(k, -1) for k in code_keys(new[m.CUSTOMER_ID].to_numpy())],
                        dtype=np.int64)
        found = np.where(found >= 0, found, near)
        by_code = np.where(listed, found, -1).astype(np.int64)
        by_code = _twice_by_name(by_code, twice, result, old, lookup)
    names_old, names_new = key_texts(old[m.NAME].to_numpy()), key_texts(new[m.NAME].to_numpy())
    address_old = key_texts(old[m.ADDRESS].to_numpy())
    address_new = key_texts(new[m.ADDRESS].to_numpy())
    both_old = names_old + "\x1f" + address_old
    both_new = names_new + "\x1f" + address_new
    by_name = _pair(both_old, both_new, old_free, np.ones(len(new), dtype=bool))
    as_listed = _as_listed(plan, names_old, address_old)
    if as_listed is not None:  # a shop renamed or moved by hand: the list's row of its old words
        taken = np.zeros(len(old), dtype=bool)
        taken[by_name[by_name >= 0]] = True
        by_name = np.where(by_name >= 0, by_name,
                           _pair(as_listed, both_new, ~taken, by_name < 0))
    # codes decide when they match at least half as many rows as names and addresses do
    # (a list of the plan's codes); the rows they miss are then mended by name and address
    if (by_code >= 0).sum() >= max((by_name >= 0).sum() / 2, 1):
        return _codes_checked(by_code, by_name, both_old, both_new, names_old, names_new), "code"
    match = by_name
    # the rows still unmatched: the same name at the same place written another way
    # (1丁目2番3号 / 1-2-3, a building added), then a name that occurs once (a shop that moved)
    for keys in ("place", "name"):
        taken = np.zeros(len(old), dtype=bool)
        taken[match[match >= 0]] = True
        old_free, new_free = ~taken, match < 0
        if not new_free.any() or not old_free.any():
            break
        if keys == "place":
            ko = np.full(len(old), "", dtype=object)
            kn = np.full(len(new), "", dtype=object)
            ko[old_free] = (
                names_old[old_free] + "\x1f" + places(old[m.ADDRESS].to_numpy()[old_free])
            )
            kn[new_free] = (
                names_new[new_free] + "\x1f" + places(new[m.ADDRESS].to_numpy()[new_free])
            )
            more = _pair(ko, kn, old_free, new_free)
        else:
            more = _pair(names_old, names_new, old_free, new_free, unique=True)
            # a shop that moved stays in its prefecture: 佐藤商事 of 渋谷区 is not the list's
            # 佐藤商事 of 川越市 (another company of a common name)
            pairs = np.flatnonzero(more >= 0)
            addresses_old = old[m.ADDRESS].to_numpy(dtype=object)
            addresses_new = new[m.ADDRESS].to_numpy(dtype=object)
            for i in pairs:
                a = municipality(addresses_old[more[i]])[0]
                b = municipality(addresses_new[i])[0]
                if a and b and a != b:
                    more[i] = -1
        match = np.where(match >= 0, match, more)
    return match, "name"


def _as_listed(plan: m.Plan, names: np.ndarray, addresses: np.ndarray) -> np.ndarray | None:
    """The plan's name and address keys as the list said them before the manager corrected
    them (Edit customer…); None when no name or address was corrected."""
    memo = corrections(plan)
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)
    rows = [(i, cid) for i, cid in remembered_rows(memo, ids)
            if m.NAME in memo[cid] or m.ADDRESS in memo[cid]]
    if not rows:
        return None
    names, addresses = names.copy(), addresses.copy()
    for i, cid in rows:
        entry = memo[cid]
        if m.NAME in entry:
            names[i] = key_texts([entry[m.NAME]])[0]
        if m.ADDRESS in entry:
            addresses[i] = key_texts([entry[m.ADDRESS]])[0]
    return names + "\x1f" + addresses


def _codes_checked(
    by_code: np.ndarray,
    by_name: np.ndarray,
    both_old: np.ndarray,
    both_new: np.ndarray,
    names_old: np.ndarray,
    names_new: np.ndarray,
) -> np.ndarray:
    """The code matches, mended by name and address: a row without its own code, or whose
    code is a plan customer with another name at another address (a code given twice, or
    reused), is the plan customer with its name and address when no other row has that one."""
    match = by_code.copy()
    has = match >= 0
    other = np.zeros(len(match), dtype=bool)
    other[has] = (both_old[match[has]] != both_new[has]) & (names_old[match[has]] != names_new[has])
    taken = np.zeros(len(both_old), dtype=bool)
    taken[match[has]] = True
    waiting = list(np.flatnonzero((~has | other) & (by_name >= 0)))
    while waiting:  # a row mended frees the code it held, which a row seen earlier may want
        still = []
        for i in waiting:
            j = by_name[i]
            if taken[j] and match[i] != j:
                still.append(i)
                continue
            if match[i] >= 0:
                taken[match[i]] = False
            match[i] = j
            taken[j] = True
        if len(still) == len(waiting):  # each waits for a code another holds: a ring of
            held = {i: match[i] for i in still}  # mistyped codes, settled all at once
            for i in still:
                if match[i] >= 0:
                    taken[match[i]] = False
            for i in still:
                j = by_name[i]
                if not taken[j]:
                    match[i], taken[j] = j, True
                elif held[i] >= 0 and not taken[held[i]]:
                    match[i], taken[held[i]] = held[i], True
                else:
                    match[i] = -1
            break
        waiting = still
    return match


def places(addresses: Sequence[Any]) -> np.ndarray:
    """Addresses as place keys (building and room left out), each distinct text read once."""
    index, uniques = pd.factorize(pd.Series(addresses, dtype=object).fillna("").astype(str))
    keys = np.array([normalize_address(u) for u in uniques] + [""], dtype=object)
    return keys[index]


def listed_territories(plan: m.Plan, result: ImportResult) -> dict[str, str]:
    """The list's own territory ids (one per rep of its rep column) → the plan's territory of
    that rep or name ("" when the plan has none, or two share the name)."""
    named: dict[str, str] = {}
    for t in plan.territories:
        for label in {text_key(t.rep), text_key(t.name)} - {""}:
            named[label] = t.id if named.get(label, t.id) == t.id else ""
    return {t.id: named.get(text_key(t.rep), "") for t in result.territories}


def new_territories(
    merged: gpd.GeoDataFrame, new_rows: np.ndarray, plan: m.Plan, result: ImportResult
) -> tuple[np.ndarray, list[str]]:
    """Territory id and note for each new customer (rows ``new_rows`` of ``merged``)."""
    territory = np.full(len(new_rows), "", dtype=object)
    notes = [""] * len(new_rows)
    unknown: dict[int, str] = {}
    if not plan.territories:
        return territory, notes
    if REP in result.mapping:  # the list's rep column, read into the list's own territory ids
        listed = listed_territories(plan, result)
        rep_of = {t.id: t.rep for t in result.territories}
        reps = merged[m.TERRITORY].to_numpy(dtype=object)[new_rows]  # still the list's ids
        for i, rep_id in enumerate(reps):
            if listed.get(rep_id):
                territory[i] = listed[rep_id]
                notes[i] = tr("rep named on the list")
            elif rep_of.get(rep_id):  # a rep the plan has no territory for (new, or a typo)
                unknown[i] = rep_of[rep_id]
    # territories designed of whole areas: the area decides before any drawn boundary
    whole_first = bool(plan.meta.get("design_whole"))
    if whole_first:
        _join_whole_areas(merged, new_rows, territory, notes)
    lat = merged[m.LAT].to_numpy(dtype=float)
    lon = merged[m.LON].to_numpy(dtype=float)
    located = np.isfinite(lat[new_rows]) & np.isfinite(lon[new_rows])
    open_rows = np.flatnonzero((territory == "") & located)
    drawn = [t for t in plan.territories if t.boundary is not None]
    if open_rows.size and drawn:
        points = shapely.points(lon[new_rows[open_rows]], lat[new_rows[open_rows]])
        inside = np.array(
            [
                shapely.contains_xy(t.boundary, shapely.get_x(points), shapely.get_y(points))
                for t in drawn
            ]
        )
        single = inside.sum(axis=0) == 1
        for j in np.flatnonzero(single):
            territory[open_rows[j]] = drawn[int(np.argmax(inside[:, j]))].id
            notes[open_rows[j]] = tr("inside its boundary")
    if not whole_first:  # outside every drawn boundary: the territory holding the area
        _join_whole_areas(merged, new_rows, territory, notes)
    open_rows = np.flatnonzero((territory == "") & located)
    is_new = np.zeros(len(merged), dtype=bool)
    is_new[new_rows] = True
    if open_rows.size:
        rows = new_rows[open_rows]
        labels = _nearest_labels(merged, ~is_new, lat[rows], lon[rows])
        for row, label in zip(open_rows, labels, strict=True):
            if label:
                territory[row] = label
                notes[row] = tr("nearest customers")
    for j in np.flatnonzero(~located & (territory == "")):
        notes[j] = tr("no position yet")
    for i, rep in unknown.items():
        notes[i] += tr(" (the list's rep {rep} has no territory in the plan)", rep=rep)
    return territory, notes


def _nearest_labels(
    customers: pd.DataFrame, anchors: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> list[str]:
    """For each point, the territory of its nearest assigned customers among ``anchors``
    (a mask): the closer one counts more; "" when no customer is assigned."""
    plat = customers[m.LAT].to_numpy(dtype=float)
    plon = customers[m.LON].to_numpy(dtype=float)
    assigned = customers[m.TERRITORY].astype(str).to_numpy(dtype=object)
    rows = np.flatnonzero(anchors & np.isfinite(plat) & np.isfinite(plon) & (assigned != ""))
    if not rows.size:
        return [""] * len(lat)
    scale = np.cos(np.radians(float(np.mean(plat[rows]))))
    k = min(_NEAREST, rows.size)
    tree = cKDTree(np.column_stack([plon[rows] * scale, plat[rows]]))
    dist, idx = tree.query(np.column_stack([np.asarray(lon) * scale, np.asarray(lat)]), k=k)
    dist, idx = dist.reshape(len(lat), k), idx.reshape(len(lat), k)
    labels = assigned[rows][idx]
    out = []
    for i in range(len(lat)):
        votes: dict[str, float] = {}
        for label, d in zip(labels[i], dist[i], strict=True):
            votes[label] = votes.get(label, 0.0) + 1.0 / (float(d) + 1e-6)
        out.append(max(votes, key=lambda t: votes[t]))
    return out


def nearest_territory(plan: m.Plan, lat: float, lon: float) -> str:
    """The territory of the customers nearest to (``lat``, ``lon``); "" when none is assigned."""
    c = plan.customers
    return _nearest_labels(c, np.ones(len(c), dtype=bool), np.array([lat]), np.array([lon]))[0]
