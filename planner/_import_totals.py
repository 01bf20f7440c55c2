"""Total lines under a customer list (合計 85件, 小計（山田）, 山田 太郎 計 …), left out of the
import and reported: they are no customers, and their sales would double the plan's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Grid
from planner.cells import clean_text

#: Names that mark a total line under the list rather than a customer.
TOTAL_NAMES = frozenset(
    {"合計", "小計", "総計", "総合計", "計", "件数", "合計件数", "総件数", "平均",
     "total", "subtotal", "grand total", "count", "average"}
)

_TOTAL_WORD = "|".join(sorted((re.escape(t) for t in TOTAL_NAMES), key=len, reverse=True))
#: A total line's label: the word alone, with a colon, a count (``合計 85件``, ``件数：3件``)
#: or a note in brackets (``小計（山田）``, ``合計(3件)``); a count alone (``3件``).
_TOTAL_LABEL = re.compile(
    rf"(?:{_TOTAL_WORD}):?(?:[\d,.]+件?)?(?:\(.*\))?|[\d,]+件", re.IGNORECASE
)
#: A subtotal under a rep's or a group's rows: ``山田 太郎 計``, ``北エリア 小計``.
_SUBTOTAL_TAIL = re.compile(r"\S\s+(?:小計|合計|計)$")
_FRAME = "【】[]<>「」『』〔〕《》"


def is_total_label(text: object) -> bool:
    """True when a name (or code) cell labels a total line under the list rather than a
    customer: 合計, 合 計, 【合計】, ＜合計＞, 合計：, 合計 85件, 合計（3件）, 件数：3件, 3件,
    小計（山田）, 山田 太郎 計, Total (12) …"""
    if not isinstance(text, str) or not text:
        return False
    spaced = unicodedata.normalize("NFKC", text).strip().strip(_FRAME).strip()
    compact = re.sub(r"\s+", "", spaced)
    return bool(_TOTAL_LABEL.fullmatch(compact) or _TOTAL_LABEL.fullmatch(spaced)
                or _SUBTOTAL_TAIL.search(spaced))


def _total_labels(values: np.ndarray) -> np.ndarray:
    """:func:`is_total_label` of each value (the regular expressions only on cells holding
    a character a total's label has)."""
    out = np.zeros(len(values), dtype=bool)
    maybe = pd.Series(values, dtype=object).astype(str).str.contains(
        "計|件|均|total|count|average", case=False, regex=True).to_numpy()
    for i in np.flatnonzero(maybe):
        out[i] = is_total_label(values[i])
    return out


def total_rows(
    grid: Grid, found: Mapping[str, int], name: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(which rows are totals, the word that says so, whether that word is in the code
    column): rows named 合計/小計/total … without a customer code, and rows with such a word
    in the code column (Excel's usual place, the first column) and no name, or a count for a
    name (``合計 | 4件``)."""
    word = name.copy()
    in_code = np.zeros(len(name), dtype=bool)
    if m.CUSTOMER_ID not in found:
        total = _total_labels(name)
    else:  # only rows without a code (or without a name) can be totals: few to read
        code = clean_text(grid.text(found, m.CUSTOMER_ID))
        no_code, no_name = code == "", name == ""
        total = np.zeros(len(name), dtype=bool)
        total[no_code] = _total_labels(name[no_code])
        in_code[no_name] = _total_labels(code[no_name])
        both = ~no_code & ~no_name  # 合計 | 4件: a total's word in both (few rows to read)
        both[both] = _total_labels(code[both]) & _total_labels(name[both])
        in_code |= both
        word[in_code] = code[in_code]
        total |= in_code
    return total, word, in_code
