"""A rep of the list with a handful of customers beside reps with many (ｻﾄｳ ﾊﾅｺ on 3 rows
beside 佐藤 花子 on 180, or the typo 佐藤花了): perhaps one rep written another way. The rows
are imported as they are; the report says so once, with the rows and how to put it right.

When is a rep "small"? The yardstick is the median number of customers of the reps not
small themselves (those with more than :data:`KANA_SHARE` of the largest rep's customers):

- a rep with at most :data:`FEW_MOST` customers and at most :data:`FEW_SHARE` of that
  median (reps of 180: up to 9 customers; of 100: up to 5; of 20: 1; of 15: never);
- a rep written in kana only (ｻﾄｳ ﾊﾅｺ, さとう) while most other reps are written in kanji,
  with at most :data:`KANA_SHARE` of the median (reps of 15: up to 3 customers).

So a new rep with 8 customers among reps of 15 is not remarked, nor is any rep of a list
whose reps all carry a handful."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Built, Problem
from planner.cells import text_key
from planner.i18n import listing, sentences, tr, trn

#: A small rep has at most this many customers …
FEW_MOST = 9
#: … and at most this share of the yardstick (the median of the reps not small themselves).
FEW_SHARE = 0.05
#: A rep written in kana only among reps in kanji: at most this share of the median.
KANA_SHARE = 0.25
#: Rows named in the note at most (a small rep has few, a kana one may have more).
ROWS_SHOWN = 10


@dataclass(frozen=True)
class FewRep:
    """A rep of the list with few customers: its rows (as the sheet numbers them), the other
    reps' median, whether it is written in kana only, and a rep it is one letter from."""

    rep: str
    rows: tuple[int, ...]
    median: float
    kana: bool
    like: str = ""


def kana_only(name: str) -> bool:
    """Written in kana alone (ｻﾄｳ ﾊﾅｺ, さとう はなこ, サトウ・ハナコ)."""
    key = "".join(unicodedata.normalize("NFKC", name).split())
    return bool(key) and all("\u3040" <= c <= "\u30ff" for c in key)


def _has_kanji(name: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or c == "\u3005" for c in name)


def _one_apart(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter changed, added or left out (佐藤花了, 佐藤花子);
    not two letters' names (加藤, 佐藤: two reps as often as one misspelt)."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y),
             len(short))
    return short[i:] == long[i + 1:]


def _less_one(key: str) -> set[str]:
    """``key`` and ``key`` less each one of its letters: two keys one letter apart share one."""
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}


def few_reps(rep: np.ndarray, rows: np.ndarray) -> list[FewRep]:
    """The small reps (module docstring) of customers whose reps are ``rep`` ("" for none)
    and sheet rows ``rows``, in the order of their first row."""
    names = pd.Series(rep, dtype=object).fillna("").astype(str).to_numpy(dtype=object)
    named = names != ""
    codes, uniques = pd.factorize(names[named])
    if len(uniques) < 2:
        return []
    counts = np.bincount(codes)
    ranked = np.sort(counts)
    # a rep can be small only beside reps with 4 times its customers: the others' median
    # is asked of those alone (a list of 20,000 one-customer "reps" asks none)
    asked = np.flatnonzero(counts <= KANA_SHARE * ranked[-1])
    if not asked.size:
        return []
    # the yardstick: the reps that are not small themselves (three ｻﾄｳ reps of one customer
    # beside three reps of 60 are beside reps of 60, not of 30)
    median = float(np.median(counts[counts > KANA_SHARE * ranked[-1]]))
    kanji = np.array([_has_kanji(unicodedata.normalize("NFKC", u)) for u in uniques])
    in_kanji = int(kanji.sum())
    keys = [text_key(u) for u in uniques]
    order = np.argsort(codes, kind="stable")  # each rep's rows together, in list order
    at = np.split(np.asarray(rows)[named][order], np.cumsum(counts)[:-1])
    similar: dict[str, list[int]] = {}  # a key, and each key less one letter → its reps
    for j, key in enumerate(keys):
        for variant in _less_one(key):
            similar.setdefault(variant, []).append(j)
    out: list[FewRep] = []
    for k in asked:
        n = int(counts[k])
        kana = kana_only(uniques[k]) and 2 * (in_kanji - kanji[k]) > len(uniques) - 1
        small = n <= FEW_MOST and n <= FEW_SHARE * median
        if not (small or (kana and n <= KANA_SHARE * median)):
            continue
        near = [j for j in sorted({j for v in _less_one(keys[k]) for j in similar[v]})
                if counts[j] > n and _one_apart(keys[k], keys[j])]
        like = str(uniques[max(near, key=lambda j: counts[j])]) if near else ""
        out.append(FewRep(str(uniques[k]), tuple(int(r) for r in np.sort(at[k])),
                          median, bool(kana), like))
    return sorted(out, key=lambda f: f.rows[0])


def territory_reps(customers: pd.DataFrame, territories: Sequence[m.Territory]) -> np.ndarray:
    """Each customer's rep, by its territory ("" without one)."""
    rep_of = {t.id: t.rep for t in territories}
    return np.array([rep_of.get(str(t), "") for t in customers[m.TERRITORY]] + [""],
                    dtype=object)[:-1]


def few_rep_reason(few: FewRep, *, update: bool = False) -> str:
    """The report's words: the rep's customers and rows against the others', and what to do
    (another spelling of a rep: correct the list, or merge the two territories)."""
    n = len(few.rows)
    shown = listing(few.rows[:ROWS_SHOWN]) + (" …" if n > ROWS_SHOWN else "")
    median = f"{few.median:,.0f}"
    if few.kana:
        fact = trn(
            "Rep {rep} is written in kana only and has {n} customer (row {rows}), while the "
            "other reps are written in kanji and have about {median} each.",
            "Rep {rep} is written in kana only and has {n} customers (rows {rows}), while the "
            "other reps are written in kanji and have about {median} each.",
            n, rep=few.rep, rows=shown, median=median)
    else:
        fact = trn(
            "Rep {rep} has only {n} customer (row {rows}), while the other reps have about "
            "{median} each.",
            "Rep {rep} has only {n} customers (rows {rows}), while the other reps have about "
            "{median} each.",
            n, rep=few.rep, rows=shown, median=median)
    if update:
        advice = tr("Check whether it is {like} written differently; if so, correct the rep in "
                    "the list and update again.", like=few.like) if few.like else tr(
            "Check whether it is one of the plan's reps written differently; if so, correct "
            "the rep in the list and update again.")
    else:
        advice = tr("Check whether it is {like} written differently; if so, correct the rep in "
                    "the list and import it again, or select both territories in the "
                    "Territories list, right-click {like} and choose Merge the two selected.",
                    like=few.like) if few.like else tr(
            "Check whether it is one of the other reps written differently; if so, correct the "
            "rep in the list and import it again, or select both territories in the "
            "Territories list, right-click the one to keep and choose Merge the two selected.")
    return sentences(fact, advice)


def few_rep_notes(
    customers: pd.DataFrame, territories: Sequence[m.Territory], header: str,
    told: Collection[str] = (),
) -> list[Problem]:
    """A note (kept rows, no problem of theirs) at the first row of each small rep of an
    imported list, but for the reps ``told`` of already (山田 beside 山田 太郎)."""
    if not header:
        return []
    rows = customers[m.SOURCE_ROW].to_numpy()
    return [Problem(f.rows[0], header, f.rep, few_rep_reason(f), True, note=True)
            for f in few_reps(territory_reps(customers, territories), rows)
            if f.rep not in told]


def few_reps_told(built: Built, customers: pd.DataFrame, header: str) -> list[Problem]:
    """The built rows' problems with a note on each rep carrying a handful of customers
    (ｻﾄｳ ﾊﾅｺ beside 佐藤 花子), but for a rep a note already names (山田 beside 山田 太郎)."""
    told = {p.value for p in built.problems if p.note and p.column == header}
    few = few_rep_notes(customers, built.territories, header, told)
    return sorted([*built.problems, *few], key=lambda p: p.row) if few else built.problems


def few_rep_update_notes(
    problems: Sequence[Problem], customers: pd.DataFrame, territories: Sequence[m.Territory],
    known: Collection[str],
) -> list[Problem]:
    """``problems`` (an update's report, read from the list ``customers`` of ``territories``)
    with the import's notes on small reps in the words of an update: none for a rep the plan
    has a territory of (``known``: no news), "correct the list and update again" for others."""
    finds = few_reps(territory_reps(customers, territories),
                     customers[m.SOURCE_ROW].to_numpy())
    told = {few_rep_reason(f): f for f in finds}
    out: list[Problem] = []
    for p in problems:
        few = told.get(p.reason) if p.note else None
        if few is None:
            out.append(p)
        elif few.rep not in known:
            out.append(dataclasses.replace(p, reason=few_rep_reason(few, update=True)))
    return out
