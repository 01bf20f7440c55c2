"""The Customers list's search, quick enough to follow each key at 100,000 customers.

A customer is found by its code, name, reading (フリガナ, its spaces dropped) or address,
however either side was typed: full- or half-width letters and digits (１２３ is 123),
half-width or full-width katakana or hiragana (ｶﾌﾞｼｷ, カブシキ and かぶしき are one), upper or
lower case, variant kanji (髙 is 高) — :func:`planner.kana.fold_text` — and any dash (3−14,
３－１４, 3ー14). Words typed with a space between them must all be found, in any of those
fields (木村 横浜: 木村ドラッグ in 横浜市).

A word that looks like a phone number (digits and ``- ( ) + .`` only, at least
:data:`PHONE_DIGITS` digits) is also looked for, by its digits alone, among the customers'
phone numbers' digits: 03-1234-5678, 0312345678 and ０３（１２３４）５６７８ find the same
customer, and a number typed in groups (03 1234 5678) is one word. A word found in a
territory's name or its rep's name (東京エリア, 鈴木) finds that territory's customers too
(:func:`find_customers`), and says so (:class:`Found`), so the list can tell the manager.

The folded texts are made once per list of customers (:func:`search_texts`); a search that
only adds to the last one (若 → 若葉) looks only among the customers the last one found.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner.kana import fold_all, fold_text

#: the columns a search looks in (the phone by its digits, and only for a number)
SEARCHED = (m.CUSTOMER_ID, m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE)
#: how many digits a word needs to be looked for among the phone numbers too (3-14 is an
#: address, 1234 or 03-1234 may be a phone number)
PHONE_DIGITS = 4
#: a number as written, folded: ０３（１２３４）５６７８ → 03(1234)5678, +81-3-…
_NUMBER = re.compile(r"[0-9()+.\-]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_NUMBER_OR_LINE = re.compile(r"[^0-9\n]")
#: the dashes of addresses and readings as one (3−14−17, ３‐１４, 3ー14 and 3-14 alike;
#: ラーメン's ー too, on both sides)
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u30fc", "-"))


def search_texts(customers: pd.DataFrame) -> list[str]:
    """Each customer's code, name, reading (without its spaces: ヤマダ　ショウテン is
    ヤマダショウテン) and address, folded as the search compares them, tab-separated (a
    word is never found across two fields)."""
    return _texts([customers[col].to_numpy() for col in SEARCHED])[0]


def phone_texts(customers: pd.DataFrame) -> list[str]:
    """Each customer's phone number, its digits only (０３（１２３４）５６７８ is 0312345678)."""
    return _texts([customers[col].to_numpy() for col in SEARCHED])[1]


def _texts(columns: Sequence[np.ndarray]) -> tuple[list[str], list[str]]:
    """:func:`search_texts` and :func:`phone_texts` from the arrays of the :data:`SEARCHED`
    columns (all a thread is given: it never touches the table the window reads)."""
    ids, names, readings, addresses, phones = (list(map(str, col.tolist())) for col in columns)
    texts = fold_all(then=DASHES, texts=[
        f"{code}\t{name}\t{reading.replace(' ', '').replace(chr(0x3000), '')}\t{address}"
        for code, name, reading, address in zip(ids, names, readings, addresses, strict=True)])
    folded = fold_all(phones)  # ０３ is 03
    digits = _NOT_NUMBER_OR_LINE.sub("", "\n".join(folded)).split("\n") if folded else []
    if len(digits) != len(folded):  # a phone holding a line break: one by one
        digits = [_NOT_DIGIT.sub("", p) for p in folded]
    return texts, digits


def phone_digits(term: str) -> str:
    """The digits of a (folded) word that looks like a phone number, "" for any other word."""
    if not _NUMBER.fullmatch(term):
        return ""
    digits = _NOT_DIGIT.sub("", term)
    return digits if len(digits) >= PHONE_DIGITS else ""


def search_terms(text: str) -> tuple[str, ...]:
    """The words of a typed search, folded, longest (the most telling) first; spaces of
    either width separate them. () for a blank search."""
    folded = fold_text(text).translate(DASHES)
    joined = "".join(folded.split())
    if len(folded.split()) > 1 and len(phone_digits(joined)) >= 10:  # 03 1234 5678: one number
        return (joined,)
    words = dict.fromkeys(folded.split())  # once each, as typed
    return tuple(sorted(words, key=len, reverse=True))


def narrows(before: Sequence[str], after: Sequence[str]) -> bool:
    """True when every customer ``after`` finds was found by ``before`` too: each earlier
    word is part of a word now (若 → 若葉, 木村 → 木村 横浜) — and, when that word is a phone
    number, was one too (03 finds no phone, 0312 does); never for a blank ``before``."""
    return bool(before) and all(
        any(old in new and (phone_digits(old) or not phone_digits(new)) for new in after)
        for old in before)


#: how many recent searches a :class:`TextSearch` remembers (Backspace finds them again)
KEPT = 16


class TextSearch:
    """The customers (rows) whose text holds every word of a search, for one list of texts.

    The last few searches' rows are kept: a search typed again (Backspace) is answered from
    them, and a search that narrows one of them (若葉 after 若) reads only the rows of the
    smallest such. ``read`` is how many texts the last :meth:`find` looked at.
    """

    def __init__(self, texts: Sequence[str], phones: Sequence[str] = ()) -> None:
        self.texts = np.array(texts, dtype=object)
        # the phone numbers' digits (none given: no phone is found)
        self.phones = np.array(phones, dtype=object) if len(phones) else np.full(
            len(self.texts), "", dtype=object)
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
                rows = rows[self.holds(term, rows)]
        self._found[terms] = rows
        while len(self._found) > KEPT:
            del self._found[next(iter(self._found))]
        return rows

    def holds(self, term: str, rows: np.ndarray) -> np.ndarray:
        """Which of ``rows`` hold ``term`` in their text (or, a phone number, in their phone)."""
        texts = self.texts[rows]
        hit = np.fromiter((term in t for t in texts), dtype=bool, count=len(rows))
        if digits := phone_digits(term):
            phones = self.phones[rows]
            hit |= np.fromiter((digits in p for p in phones), dtype=bool, count=len(rows))
        return hit

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
        thread = threading.Thread(target=lambda: made.append(TextSearch(*_texts(arrays))),
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
            self._search = made[0] if made else TextSearch(*_texts(arrays))
            self._key, self._arrays = key, arrays
        return self._search


@dataclass(frozen=True)
class Found:
    """The customers (rows, ascending) a search found, and the territories it named whole:
    (territory id, ``"rep"`` when every word is in its rep's name, else ``"name"``)."""

    rows: np.ndarray
    named: tuple[tuple[str, str], ...] = ()


def _folded(text: str) -> str:
    return "".join(fold_text(text).translate(DASHES).split())  # 鈴木 一郎 is 鈴木一郎


def named_territories(term: str, territories: Sequence[m.Territory]) -> dict[str, str]:
    """The territories (id → ``"rep"`` or ``"name"``) whose rep's name or own name holds
    ``term``; none for a number (1234 is a phone or an address, エリア12 not meant) or a
    single ASCII letter."""
    if _NUMBER.fullmatch(term) or (len(term) < 2 and term.isascii()):
        return {}
    out = {}
    for t in territories:
        if t.rep and term in _folded(t.rep):
            out[t.id] = "rep"
        elif term in _folded(t.name):
            out[t.id] = "name"
    return out


def find_customers(search: TextSearch, terms: Sequence[str], territory_of: np.ndarray,
                   territories: Sequence[m.Territory]) -> Found:
    """The customers found by ``terms``: each word in their own details (:meth:`TextSearch.find`)
    or in the name or rep of their territory (``territory_of``: each customer's territory id),
    every word either way. A search naming no territory is :meth:`TextSearch.find` alone."""
    terms = tuple(terms)
    named = {term: ids for term in terms if (ids := named_territories(term, territories))}
    rows = search.find(terms)  # by their own details (a longer search among the last's)
    if not named:
        return Found(rows)
    # the named territories' other customers, each word in their details or territory
    theirs = np.zeros(len(search.texts), dtype=bool)
    for territory in {tid for ids in named.values() for tid in ids}:  # a few: one by one
        theirs |= territory_of == territory
    theirs[rows] = False
    more = np.flatnonzero(theirs)
    search.read += len(more)
    for term in terms:
        hit = np.zeros(len(more), dtype=bool)
        for territory in named.get(term, {}):
            hit |= territory_of[more] == territory
        todo = ~hit
        hit[todo] = search.holds(term, more[todo])
        more = more[hit]
    whole = tuple(
        (t.id, "rep" if all(named.get(term, {}).get(t.id) == "rep" for term in terms) else "name")
        for t in territories if all(t.id in named.get(term, {}) for term in terms))
    return Found(np.union1d(rows, more), whole)
