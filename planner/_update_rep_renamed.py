"""A rep renamed on the office's list: every row that said 鈴木 一郎 now says 鈴木 健一, a
name the list never had before (a successor took over the rep's customers, or the name was
corrected). That is no move of customers: the plan's territories stay as the manager
designed them (the list's rep column, older than the design, would otherwise pull every
customer the design gave another rep back to the renamed one), and the report says it in one
sentence rather than a row for each of the rep's customers.

A rep's customers given to a rep the plan already knows (a hand-over between two
territories), or only some of them given to anyone, are changes of rep as before.
"""

from __future__ import annotations

import numpy as np

from planner import model as m
from planner._import_grid import Problem
from planner.cells import text_key
from planner.i18n import sentences, tr


def _keys(cells: np.ndarray) -> np.ndarray:
    return np.array([text_key(str(c or "")) for c in cells], dtype=object)


def renamed_reps(
    plan: m.Plan,
    earlier: np.ndarray,
    listed: np.ndarray,
    kept_rows: np.ndarray,
    src: np.ndarray,
    take: np.ndarray,
    *,
    header: str,
    source_rows: np.ndarray,
) -> tuple[np.ndarray, list[Problem]]:
    """``take`` (the kept customers whose rep cell changed) without the rows of reps renamed
    on the list, and one note for each such rename.

    ``earlier``: the rep cells the plan read, one per plan customer; ``listed``: the list's
    rep cells, one per list row; ``kept_rows``/``src``: the list rows kept and their plan
    rows; ``source_rows``: the list rows as the spreadsheet numbers them.
    """
    before = _keys(earlier)
    now = _keys(listed)
    old, new = before[src], now[kept_rows]
    on_list, in_plan = set(now), set(before)
    territory_of: dict[str, list[m.Territory]] = {}
    for t in plan.territories:
        territory_of.setdefault(text_key(t.rep or ""), []).append(t)
    take = take.copy()
    notes: list[Problem] = []
    for name in dict.fromkeys(new[take]):  # in the list's order
        rows = take & (new == name)
        olds = set(old[rows])
        if not name or len(olds) != 1 or name in in_plan:
            continue
        was = olds.pop()
        if not was or was in on_list or ((old == was) & (new != name)).any():
            continue  # the old rep still has rows, or some went elsewhere: changes of rep
        theirs, named = territory_of.get(was, []), territory_of.get(name, [])
        if theirs and named and theirs != named:
            continue  # given to a rep whose territory the plan has: a hand-over
        take &= ~rows
        first = int(np.flatnonzero(rows)[0])
        old_text = str(earlier[src[first]]).strip()
        new_text = str(listed[kept_rows[first]]).strip()
        reason = tr("The list's rep {old} is now {new} on all of their {n} rows: taken as a "
                    "change of rep (or a corrected name); the customers keep their "
                    "territories.", old=old_text, new=new_text, n=f"{int(rows.sum()):,}")
        if theirs and not named:
            reason = sentences(reason, tr("To make {new} the rep of {territory}, edit its rep "
                                          "in the Territories list.", new=new_text,
                                          territory=theirs[0].name))
        notes.append(Problem(int(source_rows[first]), header, new_text, reason, True,
                             note=True))
    return take, notes
