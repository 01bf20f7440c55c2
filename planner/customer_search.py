"""The Customers list's search, quick enough to follow each key at 100,000 customers.

A customer is found by its code, name, reading (フリガナ, its spaces dropped) or address,
however either side was typed: full- or half-width letters and digits (１２３ is 123),
half-width or full-width katakana or hiragana (ｶﾌﾞｼｷ, カブシキ and かぶしき are one), upper or
lower case, variant kanji (髙 is 高) — :func:`planner.kana.fold_text` — and any dash (3−14,
３－１４, 3ー14). Words typed with a space between them must all be found, in any of those
fields (木村 横浜: 木村ドラッグ in 横浜市).

The folded texts are made once per list of customers (:func:`search_texts`); a search that
only adds to the last one (若 → 若葉) looks only among the customers the last one found.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner.kana import fold_all, fold_text

#: the columns a search looks in
SEARCHED = (m.CUSTOMER_ID, m.NAME, m.NAME_KANA, m.ADDRESS)
#: the dashes of addresses and readings as one (3−14−17, ３‐１４, 3ー14 and 3-14 alike;
#: ラーメン's ー too, on both sides)
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u30fc", "-"))


def search_texts(customers: pd.DataFrame) -> list[str]:
    """Each customer's code, name, reading (without its spaces: ヤマダ　ショウテン is
    ヤマダショウテン) and address, folded as the search compares them, tab-separated (a
    word is never found across two fields)."""
    return _texts([customers[col].to_numpy() for col in SEARCHED])


def _texts(columns: Sequence[np.ndarray]) -> list[str]:
    """:func:`search_texts` from the arrays of the :data:`SEARCHED` columns (all a thread
    is given: it never touches the table the window reads)."""
    ids, names, readings, addresses = (list(map(str, col.tolist())) for col in columns)
    return fold_all(then=DASHES, texts=[
        f"{code}\t{name}\t{reading.replace(' ', '').replace(chr(0x3000), '')}\t{address}"
        for code, name, reading, address in zip(ids, names, readings, addresses, strict=True)])


def search_terms(text: str) -> tuple[str, ...]:
    """The words of a typed search, folded, longest (the most telling) first; spaces of
    either width separate them. () for a blank search."""
    words = dict.fromkeys(fold_text(text).translate(DASHES).split())  # once each, as typed
    return tuple(sorted(words, key=len, reverse=True))


def narrows(before: Sequence[str], after: Sequence[str]) -> bool:
    """True when every customer ``after`` finds was found by ``before`` too: each earlier
    word is part of a word now (若 → 若葉, 木村 → 木村 横浜); never for a blank ``before``."""
    return bool(before) and all(any(old in new for new in after) for old in before)


#: how many recent searches a :class:`TextSearch` remembers (Backspace finds them again)
KEPT = 16


class TextSearch:
    """The customers (rows) whose text holds every word of a search, for one list of texts.

    The last few searches' rows are kept: a search typed again (Backspace) is answered from
    them, and a search that narrows one of them (若葉 after 若) reads only the rows of the
    smallest such. ``read`` is how many texts the last :meth:`find` looked at.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = np.array(texts, dtype=object)
        self.read = 0
        self._found: dict[tuple[str, ...], np.ndarray] = {}  # the latest last

    def find(self, terms: Sequence[str]) -> np.ndarray:
        """Rows (ascending) whose text holds each of ``terms`` (:func:`search_terms`)."""
        terms = tuple(terms)
        self.read = 0
        if not terms:
            return np.arange(len(self.texts))
        rows = self._found.pop(terms, None)
        if rows is None:
            rows = min((found for before, found in self._found.items() if narrows(before, terms)),
                       key=len, default=None)
            rows = np.arange(len(self.texts)) if rows is None else rows
            self.read = len(rows)
            for term in terms:
                texts = self.texts[rows]
                rows = rows[np.fromiter((term in t for t in texts), dtype=bool, count=len(texts))]
        self._found[terms] = rows
        while len(self._found) > KEPT:
            del self._found[next(iter(self._found))]
        return rows

    def mask(self, terms: Sequence[str]) -> np.ndarray:
        """:meth:`find` as a mask over every row."""
        mask = np.zeros(len(self.texts), dtype=bool)
        mask[self.find(terms)] = True
        return mask


class SearchTexts:
    """The :class:`TextSearch` of the current customers, made again only when the searched
    columns change (an assignment, a lock or a frequency keeps them: the columns' buffers
    are the same), and made ahead in a thread on request."""

    def __init__(self) -> None:
        self._key: tuple[int, ...] = ()
        self._arrays: list[np.ndarray] = []  # kept alive with the texts: the key stays unique
        self._search = TextSearch(())
        # texts being made in a thread: their key, columns, the thread, what it made
        self._making: tuple[tuple[int, ...], list[np.ndarray], threading.Thread,
                            list[TextSearch]] | None = None

    @staticmethod
    def _key_of(customers: pd.DataFrame) -> tuple[tuple[int, ...], list[np.ndarray]]:
        arrays = [customers[col].to_numpy() for col in SEARCHED]
        return tuple(a.__array_interface__["data"][0] for a in arrays) + (len(customers),), arrays

    def prepare(self, customers: pd.DataFrame) -> None:
        """Start making the texts of ``customers`` in a thread (0.1–0.3 s at 100,000), so
        that the first search finds them made; nothing when they are made or being made."""
        key, arrays = self._key_of(customers)
        if key == self._key or (self._making is not None and self._making[0] == key):
            return
        made: list[TextSearch] = []
        thread = threading.Thread(target=lambda: made.append(TextSearch(_texts(arrays))),
                                  name="search texts", daemon=True)
        self._making = (key, arrays, thread, made)
        thread.start()

    def get(self, customers: pd.DataFrame) -> TextSearch:
        """The search over ``customers``: the one kept, the one the thread made (waited for
        while it is still at it), or made now."""
        key, arrays = self._key_of(customers)
        if key != self._key:
            made: list[TextSearch] = []
            if self._making is not None and self._making[0] == key:
                self._making[2].join()
                made = self._making[3]
            self._making = None
            self._search = made[0] if made else TextSearch(_texts(arrays))
            self._key, self._arrays = key, arrays
        return self._search
