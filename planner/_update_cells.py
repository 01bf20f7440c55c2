"""Which of a revised list's cells an update takes, customer by customer: the facts the plan
never edits (name, address, rank …) always (but a manager's correction of one, see
:mod:`planner._customer_corrections`); a field the manager edits (frequency, closing
days, the rep …) only where the list's cell changed since the plan read it, or, in a column
the plan did not read (this program's own workbook), where it says something else than the
plan now; never a formula saved without its result, which reads as empty."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_few_reps import few_rep_update_notes
from planner._import_grid import Problem
from planner._import_rows import same_rep_reason
from planner._update_changes import NUMBER_FIELDS
from planner._update_match import code_keys, differ_texts, listed_territories
from planner._update_rep_renamed import renamed_reps
from planner.cells import text_key
from planner.columns import REP
from planner.i18n import tr
from planner.kept_headers import kept_base, kept_forms
from planner.rep_days import days_label
from planner.spreadsheet import ImportResult
from planner.visit_days import split_days

#: Facts about the customer the plan never edits: the list's value always wins.
FACTS = (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE, m.RANK, m.SALES)


def same_numbers(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.isclose(a, b, rtol=1e-9, atol=1e-9) | (np.isnan(a) & np.isnan(b))


def from_list(
    plan: m.Plan, result: ImportResult, field: str, kept_rows: np.ndarray, src: np.ndarray
) -> np.ndarray:
    """Which kept customers take ``field`` from the list: all when it is a fact the plan does
    not edit (name and its reading, address, phone, rank, sales); for a field the plan edits (frequency,
    visit length, closing days, visit days, week, hours) only where the list's cell changed
    since the plan read it, so that the manager's own settings survive an unchanged list.
    None of them when the list lacks the column."""
    header = result.mapping.get(field)
    if header is None:
        return np.zeros(len(src), dtype=bool)
    if field in FACTS:  # a formula saved without its result says nothing: the plan's stays
        return _edited_since_export(plan, result, field, kept_rows, src,
                                    ~unread_cells(result, header, kept_rows))
    read = _plan_column(plan, header)
    if read is None and not result.exported:  # 担当 now headed 営業担当者: compare with 担当
        earlier = earlier_header(plan, result, field)
        if earlier is not None:
            read = _plan_column(plan, earlier)
            if read is None:  # no earlier cells to compare: the plan's values stay (told)
                return np.zeros(len(src), dtype=bool)
    if read is None:
        # a column the plan did not read (the program's own export's 訪問頻度 or 担当者):
        # the cells that say something else than the plan does now
        changed = _differs_from_plan(plan, result, field, kept_rows, src)
    else:
        new_cells = result.customers[
            f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"
        ].to_numpy(dtype=object)[kept_rows]
        old_cells = plan.customers[f"{m.ORIGINAL_PREFIX}{read}"].to_numpy(dtype=object)[src]
        changed = differ_texts(new_cells, old_cells)
    return _edited_since_export(plan, result, field, kept_rows, src, changed)


def stated_frequencies(
    plan: m.Plan, result: ImportResult, merged: pd.DataFrame, old: pd.DataFrame,
    kept_rows: np.ndarray, src: np.ndarray, asked: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Of the kept customers ``asked`` about (a new rank or sales), those whose list states a
    frequency, which a rank's rule does not undo (as ``frequency --keep-listed``): the office's
    readable cell in the column the plan reads the frequency from (in this program's workbook,
    the list's earlier words the plan keeps) while the plan still follows it. They take the
    list's frequency unless it was set by hand; ``merged`` so, and the mask."""
    from planner.frequency import listed_ids, overridden_ids

    stated = np.zeros(len(kept_rows), dtype=bool)
    header = result.mapping.get(m.FREQUENCY)
    if header is None or not asked.any():
        return merged, stated
    if result.exported:  # the workbook's 訪問頻度 is the plan's: the list's words are 元_
        codes = old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src]
        return merged, asked & np.isin(codes, list(listed_ids(plan)))
    if header not in result.original_columns:
        return merged, stated
    cells = result.customers[f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"]
    stated = (cells.fillna("").astype(str).str.strip().to_numpy(dtype=object)[kept_rows] != "")
    stated &= asked & ~unreadable_cells(result, m.FREQUENCY, kept_rows)
    stated &= ~unread_cells(result, header, kept_rows)
    stated &= ~_follows_old_rule(plan, result, old, kept_rows, src)
    hand = np.isin(old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src],
                   list(overridden_ids(plan)))
    freq = merged[m.FREQUENCY].to_numpy(dtype=float, copy=True)
    listed = result.customers[m.FREQUENCY].to_numpy(dtype=float)[kept_rows]
    before = old[m.FREQUENCY].to_numpy(dtype=float)[src]
    told = ~same_numbers(freq[kept_rows], before)  # the changed cell: noted already
    # an unchanged cell the plan no longer follows (the rules replaced the list's 隔月 with
    # C's 4週に1回): the manager chose the rules over it, so a new rank brings its rule
    stated &= same_numbers(before, listed) | told
    take = stated & ~hand
    if take.any():  # the plan has the list's frequency already, or the changed cell noted it
        freq[kept_rows[take]] = listed[take]
        merged = merged.copy()
        merged[m.FREQUENCY] = freq
    return merged, stated


def _follows_old_rule(
    plan: m.Plan, result: ImportResult, old: pd.DataFrame, kept_rows: np.ndarray,
    src: np.ndarray,
) -> np.ndarray:
    """Of the kept customers, those whose listed frequency merely wrote out the rule of the
    rank they had (a B customer listed 隔週 while B's rule is 隔週): not the office's own
    choice (:func:`planner.frequency.listed_ids`), so a new rank brings its rule. One the last
    rules kept as the list's own stays so."""
    from planner.frequency import LISTED_OWN_KEY, normalise_rank

    s = plan.settings
    rules = {normalise_rank(k): float(v) for k, v in s.frequency_by_rank.items()}
    ranks = old[m.RANK].astype(str).to_numpy(dtype=object)[src]
    rule = np.array([rules.get(normalise_rank(r), float(s.default_frequency)) for r in ranks],
                    dtype=float)
    listed = result.customers[m.FREQUENCY].to_numpy(dtype=float)[kept_rows]
    own = {str(v) for v in plan.meta.get(LISTED_OWN_KEY, ()) or ()}
    kept_own = np.isin(old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src], list(own))
    return same_numbers(listed, rule) & ~kept_own


def _plan_column(plan: m.Plan, header: str) -> int | None:
    """The plan's original column holding the list's earlier cells under ``header``: when
    the plan last read this program's workbook, the 元_ column in which the workbook kept
    the list's words (the office's next list says 定休日 again; the workbook's own 定休日 is
    the plan's column), else the column itself."""
    return original_index(plan, [*kept_forms(header), header])


def earlier_header(plan: m.Plan, result: ImportResult, field: str) -> str | None:
    """The header the plan read ``field`` from when the list has the field under another one
    (the office renamed 担当 to 営業担当者), else None: the list's cells are compared with the
    plan's earlier cells of that column, not with the plan's values now (which the manager's
    design changed)."""
    header = result.mapping.get(field)
    if not header or result.exported or _plan_column(plan, header) is not None:
        return None
    from planner.columns import detect_column_indexes
    from planner.spreadsheet import plan_columns

    before = plan_columns(plan).get(field)
    if before is None:  # a plan saved before it remembered its columns: the one it detects
        index = detect_column_indexes(list(plan.original_columns)).get(field)
        before = None if index is None else str(plan.original_columns[index])
    return before if before and before != header else None


def renamed_notes(plan: m.Plan, result: ImportResult) -> list[Problem]:
    """One note for each field the list has under another header than the one the plan read
    it from ("担当 is now 営業担当者"), saying whether its cells could be compared."""
    notes: list[Problem] = []
    for field, header in result.mapping.items():
        earlier = earlier_header(plan, result, field)
        if earlier is None:
            continue
        if field in FACTS:  # taken from the list whatever it said before
            reason = tr("{old} is now {new}: the column is read under its new header.",
                        old=earlier, new=header)
        elif _plan_column(plan, earlier) is not None:
            reason = tr("{old} is now {new}: the column is read under its new header and "
                        "compared with the plan's earlier {old}.", old=earlier, new=header)
        else:
            reason = tr("{old} is now {new}, and the plan has no earlier cells of {old} to "
                        "compare: the plan keeps its values for this column.",
                        old=earlier, new=header)
        notes.append(Problem(result.header_row, header, earlier, reason, True, note=True))
    return notes


def original_index(plan: m.Plan, headers: list[str]) -> int | None:
    """The index of the first of ``headers`` among the plan's original columns, or None."""
    found = next((h for h in headers if h in plan.original_columns), None)
    return None if found is None else plan.original_columns.index(found)


def unread_cells(result: ImportResult, header: str, kept_rows: np.ndarray) -> np.ndarray:
    """Which of the list's ``kept_rows`` hold, under ``header``, a formula saved without its
    result (read as empty, and reported)."""
    from planner.import_fields import formula_reason

    return _reported_cells(result, header, kept_rows, {formula_reason()})


def _reported_cells(
    result: ImportResult, header: str | None, kept_rows: np.ndarray, reasons: set[str],
) -> np.ndarray:
    """Which of the list's ``kept_rows`` the import reported under ``header`` for one of
    ``reasons``."""
    rows = {p.row for p in result.report.problems if p.column == header and p.reason in reasons}
    if header is None or not rows:
        return np.zeros(len(kept_rows), dtype=bool)
    return np.isin(result.customers[m.SOURCE_ROW].to_numpy()[kept_rows], list(rows))


def _unreadable_reasons(field: str) -> tuple[str, ...]:
    """The import report's reasons for a cell of ``field`` it could not read."""
    from planner.closed_days import unreadable_reason as closed
    from planner.visit_days import unreadable_reason as days
    from planner.visit_times import unreadable_reason as hours
    from planner.visit_weeks import unreadable_reason as week

    return {
        m.CLOSED_DAYS: (closed(),), m.VISIT_DAYS: (days(),), m.VISIT_WEEK: (week(),),
        m.VISIT_TIME: (hours(),),
        m.FREQUENCY: (tr("The visit frequency is not readable; the default for the rank is "
                         "used."),
                      tr("The visit frequency is not readable; the default frequency is used.")),
        m.SERVICE_MINUTES: (tr("The visit time is not a number of minutes; the default for "
                               "the rank is used."),),
        m.SALES: (tr("The sales figure is not a number; imported without sales."),),
    }.get(field, ())


def unreadable_cells(result: ImportResult, field: str, kept_rows: np.ndarray) -> np.ndarray:
    """Which of the list's ``kept_rows`` hold a cell of ``field`` the import could not read
    (不定休 for a 定休日): the plan keeps the customer's value rather than losing it."""
    return _reported_cells(result, result.mapping.get(field), kept_rows,
                           set(_unreadable_reasons(field)))


def kept_value_reason() -> str:
    """The update's reason for a cell it could not read on a customer the plan keeps."""
    return tr("The cell cannot be read; the plan keeps the customer's value.")


def _differs_from_plan(
    plan: m.Plan, result: ImportResult, field: str, kept_rows: np.ndarray, src: np.ndarray
) -> np.ndarray:
    """Which kept customers' cells of ``field`` differ from the plan's value now (for the
    rep: name another territory's rep)."""
    if field == REP:
        return np.ones(len(src), dtype=bool)  # _rep_changes compares the territories
    new = result.customers[field].to_numpy()[kept_rows]
    now = plan.customers[field].to_numpy()[src]
    if field in NUMBER_FIELDS:
        return ~same_numbers(now.astype(float), new.astype(float))
    return differ_texts(new, now)


def _edited_since_export(
    plan: m.Plan, result: ImportResult, field: str, kept_rows: np.ndarray, src: np.ndarray,
    changed: np.ndarray,
) -> np.ndarray:
    """In this program's workbook, the cells of ``field`` a clerk changed after the export
    wrote them: the plan may have changed since, and an older workbook must not take its
    older values back. ``changed`` (the comparison without the workbook's record) for the
    rows the export did not write and for any other list."""
    header = result.mapping.get(field)
    if header is None:
        return changed
    edited = edited_cells(plan, result, header, field, kept_rows, src)
    return changed if edited is None else np.where(edited[1], edited[0], changed)


def edited_cells(
    plan: m.Plan, result: ImportResult, header: str, key: str, kept_rows: np.ndarray,
    src: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """For this program's workbook, (which kept rows' cells under ``header`` a clerk changed
    since the export wrote them, which rows the record knows): the record's ``key`` column
    (a field, or the lock). None for any other list."""
    exported = result.exported.get(key) if result.exported else None
    if not exported or header not in result.original_columns:
        return None
    codes = _kept_codes(plan, src)
    then = np.array([exported.get(c) for c in codes], dtype=object)
    known = np.array([t is not None for t in then], dtype=bool)
    cells = result.customers[
        f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"
    ].to_numpy(dtype=object)[kept_rows]
    return differ_texts(cells, np.where(known, then, "")) & known, known


#: The last (customers, kept rows) whose code keys :func:`_kept_codes` worked out, and those
#: keys: one update asks for them once per field of the workbook (weakly: no plan kept alive).
_last_codes: list[tuple[weakref.ref[pd.DataFrame], np.ndarray, np.ndarray]] = []


def _kept_codes(plan: m.Plan, src: np.ndarray) -> np.ndarray:
    """The code keys of the plan's customers at positions ``src``."""
    for customers, rows, codes in _last_codes:
        if customers() is plan.customers and np.array_equal(rows, src):
            return codes
    codes = code_keys(plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object)[src])
    _last_codes[:] = [(weakref.ref(plan.customers), src.copy(), codes)]
    return codes


def rep_changes(
    plan: m.Plan,
    result: ImportResult,
    list_territory: np.ndarray,
    old: pd.DataFrame,
    kept_rows: np.ndarray,
    src: np.ndarray,
) -> tuple[np.ndarray, list[Problem]]:
    """For each kept customer, the index (in ``plan.territory_ids``) of the territory its
    changed rep cell names, -1 when it stays: the cell unchanged since the plan read it, a
    rep the plan has no territory for, the same territory, or a customer locked by hand; and
    the report's notes on the changed cells not followed (a rep without a territory, a
    locked customer), so that no change of rep passes without a word."""
    out = np.full(len(kept_rows), -1, dtype=np.int64)
    notes: list[Problem] = []
    header = result.mapping.get(REP)
    if header is None or not plan.territories:
        return out, notes
    take = from_list(plan, result, REP, kept_rows, src)
    read = _plan_column(plan, header)
    if take.any() and read is not None and header in result.original_columns:
        take, notes = renamed_reps(  # 鈴木 一郎 → 鈴木 健一 on all their rows: no move
            plan, plan.customers[f"{m.ORIGINAL_PREFIX}{read}"].to_numpy(dtype=object),
            result.customers[f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"]
            .to_numpy(dtype=object), kept_rows, src, take, header=header,
            source_rows=result.customers[m.SOURCE_ROW].to_numpy())
    if not take.any():
        return out, notes
    # only a cell compared with what the plan read (or the workbook wrote) is a change
    compared = (_plan_column(plan, header) is not None or bool(result.exported.get(REP))
                or earlier_header(plan, result, REP) is not None)
    plan_of = listed_territories(plan, result)
    rep_of = {t.id: t.rep for t in result.territories}
    index = {tid: k for k, tid in enumerate(plan.territory_ids)}
    locked = old[m.LOCKED].to_numpy(dtype=bool)[src]
    before = old[m.TERRITORY].to_numpy(dtype=object)[src]
    rows = result.customers[m.SOURCE_ROW].to_numpy()[kept_rows]
    for i in np.flatnonzero(take):
        listed = str(list_territory[kept_rows[i]])
        target = plan_of.get(listed, "")
        if target and target != before[i] and not locked[i]:
            out[i] = index[target]
        elif compared and rep_of.get(listed) and target != before[i]:
            reason = (tr("The customer is locked to its territory; the list's new rep is not "
                         "followed.") if target else
                      tr("The plan has no territory for this rep; the customer stays with its "
                         "rep (add the rep's territory, or assign it by hand)."))
            notes.append(Problem(int(rows[i]), header, rep_of[listed], reason, True))
    return out, notes


def same_rep_notes(plan: m.Plan, result: ImportResult) -> list[Problem]:
    """One note for each rep of the list read as a plan territory's rep written with other
    variant kanji (the list's 高橋一郎 as the plan's 髙橋一郎), at the rep's first row."""
    header = result.mapping.get(REP)
    if header is None or not plan.territories:
        return []
    ours = {t.id: t for t in plan.territories}
    rows = result.customers[m.SOURCE_ROW].to_numpy()
    listed = result.customers[m.TERRITORY].to_numpy(dtype=object)
    plan_of = listed_territories(plan, result)
    notes: list[Problem] = []
    for t in result.territories:
        plan_t = ours.get(plan_of.get(t.id, ""))
        at = np.flatnonzero(listed == t.id)
        if plan_t is None or not at.size:
            continue
        plain = {text_key(s, variants=False) for s in (plan_t.rep, plan_t.name)}
        if text_key(t.rep, variants=False) not in plain:
            notes.append(Problem(int(rows[at[0]]), header, t.rep,
                                 same_rep_reason(t.rep, plan_t.rep or plan_t.name), True,
                                 note=True))
    return notes


def small_rep_notes(plan: m.Plan, result: ImportResult, problems: list[Problem]) -> list[Problem]:
    """``problems`` with the list's notes on reps carrying a handful of customers (ｻﾄｳ ﾊﾅｺ
    beside 佐藤 花子) said for an update: none for a rep the plan has a territory of."""
    plan_of = listed_territories(plan, result)
    known = {t.rep for t in result.territories if plan_of.get(t.id)}
    return few_rep_update_notes(problems, result.customers, result.territories, known)


def differs(
    old: pd.DataFrame, merged: pd.DataFrame, col: str, kept_rows: np.ndarray, src: np.ndarray
) -> np.ndarray:
    before = old[col].fillna("").astype(str).to_numpy(dtype=object)[src]
    return before != merged[col].fillna("").astype(str).to_numpy(dtype=object)[kept_rows]


def reference_edits(
    plan: m.Plan, result: ImportResult, kept_rows: np.ndarray, src: np.ndarray
) -> list[Problem]:
    """Cells of this program's workbook's 元_ columns (the list's earlier words, kept beside
    the plan's own columns for reference) that a clerk changed: they are not read, and the
    report says so rather than dropping the change without a word."""
    source = result.customers[m.SOURCE_ROW].to_numpy()[kept_rows]
    out: list[Problem] = []
    for i, header in enumerate(result.original_columns):
        base = kept_base(header)
        if base is None or base not in plan.original_columns:
            continue
        new = result.customers[f"{m.ORIGINAL_PREFIX}{i}"].to_numpy(dtype=object)[kept_rows]
        j = plan.original_columns.index(base)
        old = plan.customers[f"{m.ORIGINAL_PREFIX}{j}"].to_numpy(dtype=object)[src]
        for k in np.flatnonzero(differ_texts(new, old)):
            out.append(Problem(int(source[k]), str(header), str(new[k] or ""),
                               reference_reason(), True))
    return out


def reference_reason() -> str:
    """The report's reason for a changed cell of a column kept for reference (元_)."""
    return tr("This column keeps the list's earlier words for reference; a change here is not "
              "read. Change the plan's own column beside it.")


def unread_reasons() -> tuple[str, ...]:
    """The reasons of cells an update did not read although the customer stayed: a column
    kept for reference, a formula saved without its result, a name left empty."""
    from planner._update_territory import locked_reason, no_territory_reason, rep_overruled_reason
    from planner._update_workbook import removed_reason
    from planner.import_fields import formula_reason

    return (reference_reason(), formula_reason(), kept_value_reason(), locked_reason(),
            no_territory_reason(), rep_overruled_reason(),
            tr("The name is missing; the row is not imported."), removed_reason(),
            tr("The customer is locked to its territory; the list's new rep is not followed."),
            tr("The plan has no territory for this rep; the customer stays with its rep (add "
               "the rep's territory, or assign it by hand)."))


def visit_days_now_closed(
    merged: pd.DataFrame, old: pd.DataFrame, kept_rows: np.ndarray, src: np.ndarray,
    result: ImportResult, note: Callable[[np.ndarray, str], None],
) -> list[Problem]:
    """A kept customer whose new closing day is one of its visit days (moved by hand to
    Tuesday, or 月・木; the list now says 定休日 火 / 月): the shop's fact wins, that visit day
    is taken off (all of them cleared: the calendar finds others), and the report says so
    (the calendar left the customer out, or saw it half as often)."""
    visit = merged[m.VISIT_DAYS].fillna("").astype(str).to_numpy(dtype=object, copy=True)
    closed = merged[m.CLOSED_DAYS].fillna("").astype(str).to_numpy(dtype=object)
    before = old[m.CLOSED_DAYS].fillna("").astype(str).to_numpy(dtype=object)[src]
    out: list[Problem] = []
    changed: list[int] = []
    for r, b in zip(kept_rows, before, strict=True):
        days, shut = split_days(visit[r]), split_days(closed[r])
        if closed[r] == b or not days & shut:
            continue
        left = ",".join(d for d in m.WEEKDAYS if d in days - shut)
        reason = tr("The new closing day is the customer's visit day; the visit day is "
                    "cleared, and the calendar visits it on another day.") if not left else tr(
            "The new closing day is one of the customer's visit days; it is taken off, and "
            "the customer is visited on the others ({days}).", days=days_label(left.split(",")))
        out.append(Problem(int(result.customers[m.SOURCE_ROW].iloc[r]),
                           result.mapping.get(m.CLOSED_DAYS, ""), str(closed[r]), reason, True))
        visit[r] = left
        changed.append(int(r))
    if changed:
        merged[m.VISIT_DAYS] = visit
        note(np.asarray(changed), m.VISIT_DAYS)
    return out
