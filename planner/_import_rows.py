"""Which rows of a list are customers, and a rep written one way: accounts the list marks as
stopped (取引区分: 取引停止, 休眠 …), a line pasted twice, one rep spelt two ways (山田太郎,
山田 太郎, 髙橋一郎 and 高橋一郎); and rows whose visit days are all closing days, reported."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Grid, _Problems
from planner.cells import text_key
from planner.columns import STATUS, normalise_header
from planner.i18n import language, tr
from planner.visit_days import no_day_left

#: Words of a status cell saying the account is stopped (取引停止, 休眠, 廃業 …).
_STOPPED = re.compile(r"停止|休眠|廃業|閉店|閉鎖|解約|中止|休止|終了|取引なし|無効|削除|"
                      r"inactive|closed|dormant|terminated|suspended", re.IGNORECASE)


def stopped_accounts(
    grid: Grid, found: Mapping[str, int], kept: np.ndarray, problems: _Problems
) -> np.ndarray:
    """Rows the list's status column (取引区分) marks as stopped accounts: not imported, and
    reported with the word the list used."""
    if STATUS not in found:
        return np.zeros(len(kept), dtype=bool)
    cells = grid.text(found, STATUS)
    index, uniques = pd.factorize(pd.Series(cells, dtype=object).fillna("").astype(str))
    words = np.array([bool(_STOPPED.search(unicodedata.normalize("NFKC", u))) for u in uniques]
                     + [False], dtype=bool)
    stopped = words[index] & kept
    for i in np.flatnonzero(stopped):
        problems.items.append((int(i), grid.header(found, STATUS), str(cells[i]),
                               stopped_reason(str(cells[i]).strip())))
    return stopped


#: A remark saying the shop is closed (閉店（11/20）, 休眠, 廃業済み, 取引停止中), not one about its
#: hours or a closing to come (閉店時間20時, 閉店後は不可, 閉店予定).
_CLOSED_REMARK = re.compile(r"(?:閉店|廃業|休眠|取引停止|取引中止)(?!時|後|前|間際|まで|以降|直前|頃|予定)")
#: A name marked closed at its end: ドラッグ田中（閉店）, 鈴木電器【廃業】.
_CLOSED_NAME = re.compile(r"[(\[【〔<]\s*(?P<word>閉店|廃業|休眠|取引停止)[^)\]】〕>]*[)\]】〕>]$")
#: Headers of a free remarks column (not a field of the plan).
_REMARKS = frozenset({"備考", "備考欄", "摘要", "メモ", "特記事項", "コメント", "注記", "remarks",
                      "remark", "note", "notes", "memo", "comment", "comments"})


def closed_in_remarks(
    grid: Grid, found: Mapping[str, int], name: np.ndarray, kept: np.ndarray,
    problems: _Problems,
) -> np.ndarray:
    """Rows a 備考 cell (閉店（11/20）, 休眠) or the name's end (ドラッグ田中（閉店）) marks as a
    closed shop: left out as the 取引区分 column's stopped accounts are, with the words."""
    out = np.zeros(len(kept), dtype=bool)
    used = set(found.values())
    for j, header in enumerate(grid.headers):
        if j in used or normalise_header(header) not in _REMARKS:
            continue
        cells = grid.texts[j]
        for i in np.flatnonzero(kept & ~out):
            text = unicodedata.normalize("NFKC", str(cells[i]))
            if _CLOSED_REMARK.search(text):
                out[i] = True
                problems.items.append((int(i), header, str(cells[i]), stopped_reason(
                    str(cells[i]).strip())))
    header = grid.header(found, m.NAME)
    for i in np.flatnonzero(kept & ~out):
        match = _CLOSED_NAME.search(unicodedata.normalize("NFKC", str(name[i])).strip())
        if match:
            out[i] = True
            problems.items.append((int(i), header, str(name[i]), stopped_reason(
                match.group("word"))))
    return out


def stopped_reason(status: str) -> str:
    """The report's reason for an account the list marks as stopped or closed."""
    return tr("The list marks this account as {status}; it is not imported.", status=status)


def repeated_rows(
    grid: Grid, name: np.ndarray, kept: np.ndarray, problems: _Problems, header: str
) -> np.ndarray:
    """Rows repeating an earlier row cell for cell (a line pasted twice): the same shop,
    left out and reported, rather than a second customer visited beside the first."""
    out = np.zeros(len(name), dtype=bool)
    same_name = pd.Series(name, dtype=object).where(kept, None)
    candidates = np.flatnonzero(kept & same_name.duplicated(keep=False).to_numpy())
    if not len(candidates):
        return out
    table = pd.DataFrame({k: np.asarray(t, dtype=object)[candidates]
                          for k, t in enumerate(grid.texts)})
    first = table.groupby(list(table.columns), sort=False, dropna=False).ngroup().to_numpy()
    seen: dict[int, int] = {}
    for i, group in zip(candidates, first, strict=True):
        if group in seen:
            out[i] = True
            reason = tr("This row repeats row {row} cell for cell; it is not imported twice.",
                        row=int(grid.rows[seen[group]]))
            problems.items.append((int(i), header, str(name[i]), reason))
            problems.groups[reason] = tr(
                "The row repeats an earlier row cell for cell; it is not imported twice.")
        else:
            seen[group] = int(i)
    return out


def no_visit_day(
    grid: Grid, found: Mapping[str, int], visit: np.ndarray, closed: np.ndarray,
    problems: _Problems,
) -> None:
    """Report rows whose visit days are all closing days (週2(月木) for a shop closed on
    Monday and Thursday): kept as written, but the calendar will have no day for them."""
    pairs = pd.Series(visit, dtype=object) + "|" + pd.Series(closed, dtype=object)
    index, uniques = pd.factorize(pairs)
    bad = np.array([no_day_left(*u.split("|")) for u in uniques] + [False], dtype=bool)[index]
    if bad.any():
        key = m.VISIT_DAYS if m.VISIT_DAYS in found else m.FREQUENCY
        problems.add(bad, grid.header(found, key), grid.text(found, key), tr(
            "The visit days are all closing days of the customer: the calendar will have no "
            "day for it. Change the visit days or the closing days."))


def one_spelling(
    rep: np.ndarray, kept: np.ndarray, header: str = ""
) -> tuple[np.ndarray, list[tuple[int, str, str, str]]]:
    """The rep column with each rep written one way (the list's most common spelling among
    the kept rows), so that 山田太郎 on one row and 山田 太郎 on the others are one territory;
    and one note for each spelling read as another only by its variant kanji (髙橋一郎 as
    高橋一郎), at its first row: (row index, ``header``, spelling, reason)."""
    index, uniques = pd.factorize(rep)
    if len(uniques) < 2:
        return rep, []
    keys = [text_key(u) for u in uniques]  # 山田 太郎 and 山田太郎, 髙橋 and 高橋 are one rep
    if len(set(keys)) == len(keys):
        return rep, []
    counts = np.bincount(index[kept & (index >= 0)], minlength=len(uniques))
    plain = [text_key(u, variants=False) for u in uniques]  # the kanji as written
    written = pd.Series(counts).groupby(pd.Series(plain)).sum()
    # the kanji most rows use, then the spelling most rows use (the first on a tie)
    rank = [(written[plain[k]], counts[k]) for k in range(len(uniques))]
    best: dict[str, int] = {}
    for k, key in enumerate(keys):
        if key not in best or rank[k] > rank[best[key]]:
            best[key] = k
    spelled = np.array([uniques[best[key]] for key in keys] + [""], dtype=object)
    notes: list[tuple[int, str, str, str]] = []
    told: set[str] = set()
    for k, key in enumerate(keys):
        chosen = uniques[best[key]]
        if counts[k] and plain[k] != plain[best[key]] and plain[k] not in told:
            told.add(plain[k])
            row = int(np.flatnonzero(kept & (index == k))[0])
            notes.append((row, header, str(uniques[k]), same_rep_reason(uniques[k], chosen)))
    return spelled[index], notes


def surname_only(
    rep: np.ndarray, kept: np.ndarray, header: str = ""
) -> list[tuple[int, str, str, str]]:
    """A note for each rep written by a surname alone beside reps written in full (山田 and
    山田 太郎), at its first row: perhaps one person, but not merged (two 山田 are common)."""
    reps = [r for r in pd.unique(rep[kept]) if r]
    keys = {r: text_key(r) for r in reps}
    notes: list[tuple[int, str, str, str]] = []
    for short in reps:
        key = keys[short]
        if not key or len(key) > 4 or " " in short.strip() or not _is_name(key):
            continue
        full = [r for r in reps if r != short and len(keys[r]) > len(key)
                and keys[r].startswith(key) and _surname_of(r, key)]
        if full:
            row = int(np.flatnonzero(kept & (rep == short))[0])
            notes.append((row, header, str(short), tr(
                "Rep {written} may be the same person as {full} (kept as a territory of its "
                "own).", written=short, full=_either(full))))
    return notes


def _is_name(key: str) -> bool:
    """Kanji or kana only (山田, さとう): a surname as written in Japanese."""
    return all("\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or c in "々ヶ"
               for c in key)


def _surname_of(full: str, key: str) -> bool:
    """``key`` is the start of ``full``, up to its space when it has one (山田 of 山田 太郎,
    not of 山田川 一郎)."""
    parts = unicodedata.normalize("NFKC", full).split()
    return len(parts) < 2 or text_key(parts[0]) == key


def _either(names: list[str]) -> str:
    """「山田 太郎」 / 「山田 太郎」か「山田 花子」 in Japanese; 山田 太郎 or 山田 花子 in English."""
    if language() == "ja":
        return "か".join(f"「{n}」" for n in names)
    return " or ".join(names)


def same_rep_reason(written: str, kept: str) -> str:
    """The report's words for a rep read as another spelling of the same person."""
    return tr("Rep {written} and {kept} are read as the same person.",
              written=written, kept=kept)


#: An honorific written after a rep's name (中村 健様, 中村さん, 中村 健 殿): no part of it.
_HONORIFIC = re.compile(r"\s*(?:様|さま|さん|殿|氏)$")


def without_honorifics(
    rep: np.ndarray, kept: np.ndarray, header: str = ""
) -> tuple[np.ndarray, list[tuple[int, str, str, str]]]:
    """The rep column without the honorifics some rows add (中村 健様, 中村健さん), so that they
    and 中村 健 are one territory; for each spelling so read, its first row (row index,
    ``header``, spelling, the name without the honorific)."""
    index, uniques = pd.factorize(rep)
    bare = [_HONORIFIC.sub("", str(u)) for u in uniques]
    bare = [b if len(b.replace(" ", "")) >= 2 else str(u) for b, u in zip(bare, uniques,
                                                                           strict=True)]
    if bare == list(uniques):
        return rep, []
    notes: list[tuple[int, str, str, str]] = []
    for k, (u, b) in enumerate(zip(uniques, bare, strict=True)):
        rows = np.flatnonzero(kept & (index == k))
        if b != u and len(rows):
            notes.append((int(rows[0]), header, str(u), b))
    return np.array(bare + [""], dtype=object)[index], notes


def rep_spellings(
    rep: np.ndarray, kept: np.ndarray, header: str = ""
) -> tuple[np.ndarray, list[tuple[int, str, str, str]]]:
    """The rep column with each rep written one way (no honorific, one spelling) and the
    notes saying so, and naming a surname written alone beside a full name."""
    rep, bare = without_honorifics(rep, kept, header)
    rep, same = one_spelling(rep, kept, header)
    notes = [(i, column, written, tr(  # the name as the plan spells it (中村 健 for 中村健さん)
        "Rep {written} is read as {name}, without the honorific.", written=written,
        name=str(rep[i]))) for i, column, written, _bare in bare]
    return rep, notes + same + surname_only(rep, kept, header)  # 山田 beside 山田 太郎


#: A rep cell holding a placeholder instead of a name (未定, -, （欠員）, なし): no rep. Read as a
#: name it made a territory 「未定」 of its own, with a rep 「-」 beside it.
_NO_REP = frozenset({
    "未定", "未設定", "未割当", "未割り当て", "未決定", "未", "なし", "無し", "無", "担当なし",
    "担当者なし", "該当なし", "欠員", "空き", "空席", "不在", "不明", "調整中", "検討中",
    "-", "--", "---", "ー", "―", "−", "‐", "—", "–", "ｰ", "×", "x", "?", "？", "*", "・",
    "n/a", "na", "none", "tbd", "tba", "vacant", "unassigned", "unknown",
})
_BRACKETS = re.compile(r"^[\s(（【\[〔<＜]+|[\s)）】\]〕>＞]+$")


def placeholder_reps(rep: np.ndarray, kept: np.ndarray, header: str,
                     problems: _Problems) -> np.ndarray:
    """The rep column with its placeholders (未定, -, （欠員）) made blank, each row reported:
    the customer gets no rep from the list, rather than a territory named 「未定」."""
    if not len(rep):
        return rep
    index, uniques = pd.factorize(pd.Series(rep, dtype=object).fillna("").astype(str))
    empty = np.array([_BRACKETS.sub("", unicodedata.normalize("NFKC", u)).casefold() in _NO_REP
                      for u in uniques] + [False])[index]
    if not empty.any():
        return rep
    for k in np.flatnonzero(np.array([*(np.bincount(index[empty & kept],
                                                    minlength=len(uniques)) > 0), False])):
        problems.add((index == k) & kept, header, rep, tr(
            "The rep cell says {value}, which is no rep's name; it is not read as a rep.",
            value=str(uniques[k])))
    return np.where(empty, "", rep)
