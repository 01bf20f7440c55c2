"""Japanese text folded for searching and sorting: katakana, half-width katakana and hiragana
are one script (ヤマダ, ﾔﾏﾀﾞ and やまだ all read やまだ), so a manager who types a reading finds
the customer however the list spelled it, and the name column sorts in 五十音順 by the
customer's reading (フリガナ) where the list gives one.

The folding is NFKC (half-width kana and full-width letters made plain), lower case, the
variant kanji of :mod:`planner.name_variants` (髙 as 高), then katakana as hiragana.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner.name_variants import VARIANTS

#: katakana ァ…ヶ and the iteration marks ヽヾ as their hiragana (ぁ…ゖ, ゝゞ), for
#: ``str.translate``; ヷ–ヺ and the long-vowel mark ー have no hiragana and stay
KANA_TABLE: dict[int, int] = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
KANA_TABLE.update({0x30FD: 0x309D, 0x30FE: 0x309E})
#: the variant kanji and the katakana folded in one ``str.translate``
FOLD_TABLE: dict[int, Any] = {**str.maketrans(VARIANTS), **KANA_TABLE}


def to_hiragana(text: str) -> str:
    """``text`` with its katakana (after NFKC, so half-width ｶﾅ too) as hiragana: ヤマダ → やまだ."""
    return unicodedata.normalize("NFKC", text).translate(KANA_TABLE)


def fold_text(text: str) -> str:
    """``text`` as the search compares it: NFKC, lower case, variant kanji folded, katakana
    as hiragana (ﾔﾏﾀﾞ商店 → やまだ商店, 髙橋 → 高橋)."""
    return unicodedata.normalize("NFKC", text).lower().translate(FOLD_TABLE)


#: what joins the texts :func:`fold_all` folds in one piece (NFKC and lower case leave it be)
_JOIN = "\x00"
#: capital sigma: lower case makes it σ or, ending a word, ς (the one letter folded by context)
_SIGMA = 0x3A3


def fold_all(texts: Sequence[str], *, then: Mapping[int, str | int] | None = None) -> list[str]:
    """:func:`fold_text` of each of ``texts`` (then translated by ``then``, if given), the
    same texts, about eight times as fast (0.1 s for 100,000 customers' search texts instead
    of 0.8): they are joined and put in NFKC as one text, then each distinct character is
    folded once and the whole text mapped with numpy (``str.translate`` looks up every
    character in a dict)."""
    if not texts:
        return []
    then = then or {}
    joined = _JOIN.join([*texts, "."])  # "." last: numpy drops a text's trailing NULs
    if joined.count(_JOIN) != len(texts):  # a text holding the joint itself: one by one
        return [fold_text(t).translate(then) for t in texts]
    try:
        codes = np.frombuffer(
            unicodedata.normalize("NFKC", joined).encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate (a damaged file): one by one
        return [fold_text(t).translate(then) for t in texts]
    present = np.flatnonzero(np.bincount(codes))
    table = np.zeros(int(present[-1]) + 1, dtype=np.uint32)
    for code in present.tolist():
        to = chr(code).lower().translate(FOLD_TABLE).translate(then)
        if len(to) != 1 or code == _SIGMA:  # İ → i̇, Σ by its place: one by one
            return [fold_text(t).translate(then) for t in texts]
        table[code] = ord(to)
    mapped = table[codes]
    parts = str(mapped.view(f"<U{len(mapped)}")[0]).split(_JOIN)
    parts.pop()
    return parts


def fold_texts(values: pd.Series) -> pd.Series:
    """:func:`fold_text` of each value of ``values`` (as text), by :func:`fold_all`."""
    text = values.astype(str)
    return pd.Series(fold_all(text.tolist()), index=values.index, dtype=text.dtype)


def unspaced(readings: pd.Series) -> pd.Series:
    """Readings (as text) without their spaces, half- or full-width: ヤマダ　ショウテン is
    ヤマダショウテン, a reading's spacing says nothing."""
    return readings.astype(str).str.replace(" ", "", regex=False).str.replace(
        "\u3000", "", regex=False)


def reading_texts(readings: pd.Series) -> pd.Series:
    """Readings folded as :func:`fold_text`, their spaces dropped (:func:`unspaced`)."""
    return fold_texts(unspaced(readings))


def name_sort_keys(names: pd.Series, readings: pd.Series) -> np.ndarray:
    """The key each customer's name sorts by: its reading folded to hiragana where it has
    one, else the name itself folded alike (ヤマダ商店 among やまだ…), so the name column
    runs in 五十音順 (あ-row before か-row) as far as the list gives readings."""
    read = reading_texts(readings).to_numpy(dtype=object)
    named = fold_texts(names).str.strip().to_numpy(dtype=object)
    return np.where(read != "", read, named).astype(str)
