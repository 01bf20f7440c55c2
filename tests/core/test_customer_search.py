"""The Customers list's search (:mod:`planner.customer_search`): what a typed text finds,
however either side was written, and a search that adds to the last one looking only among
what that one found."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner import model as m
from planner.customer_search import (
    KEPT,
    SearchTexts,
    TextSearch,
    find_customers,
    named_territories,
    phone_texts,
    search_terms,
    search_texts,
)
from planner.kana import fold_all, fold_text

ROWS = [  # code, name, reading, address
    ("C1", "株式会社木村ドラッグ", "カブシキガイシャ キムラドラッグ", "神奈川県横浜市西区横浜3丁目14-17"),
    ("C2", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ", "", "東京都新宿区西新宿１２３−４"),  # an old list's half-width kana
    ("C3", "若葉印刷 相模原15号店", "", "神奈川県相模原市中央区３‐１４"),
    ("C4", "木村商店", "キムラショウテン", "埼玉県川口市本町4ー5"),
    ("C5", "ＡＢＣ物産", "", "東京都港区芝１２３"),  # full-width letters and digits
]


def _customers() -> pd.DataFrame:
    return m.make_customers(pd.DataFrame(
        [{m.CUSTOMER_ID: c, m.NAME: n, m.NAME_KANA: k, m.ADDRESS: a} for c, n, k, a in ROWS]))


def _found(search: TextSearch, typed: str) -> list[str]:
    return [ROWS[i][0] for i in search.find(search_terms(typed))]


def test_a_search_finds_what_the_manager_types_however_the_list_wrote_it():
    search = TextSearch(search_texts(_customers()))
    assert _found(search, "カブシキ") == ["C1", "C2"]  # ｶﾌﾞｼｷ in C2's name, カブシキ in C1's reading
    assert _found(search, "ｶﾌﾞｼｷ") == _found(search, "かぶしき") == ["C1", "C2"]
    assert _found(search, "123") == ["C2", "C5"]  # １２３ in their addresses
    assert _found(search, "１２３") == ["C2", "C5"]
    assert _found(search, "abc") == _found(search, "ＡＢＣ") == ["C5"]
    assert _found(search, "c3") == ["C3"]  # the code, in lower case
    # an address's dash however it was typed: −, ‐, ー, -
    assert _found(search, "123-4") == ["C2"]
    assert _found(search, "3-14") == ["C3"] and _found(search, "14−17") == ["C1"]
    assert _found(search, "4-5") == _found(search, "４ー５") == ["C4"]
    assert _found(search, "") == ["C1", "C2", "C3", "C4", "C5"]


def test_words_with_a_space_between_must_all_be_found_in_any_field():
    search = TextSearch(search_texts(_customers()))
    assert _found(search, "木村") == ["C1", "C4"]
    assert _found(search, "木村 横浜") == ["C1"]  # name and address
    assert _found(search, "木村　川口") == ["C4"]  # a full-width space as the input method types it
    assert _found(search, "若葉印刷 相模原15号店") == ["C3"]  # a whole name with its space
    assert _found(search, "きむら しょうてん") == ["C4"]  # the reading's words
    assert _found(search, "木村 新宿") == []
    assert search_terms("  木村　横浜 木村 ") == ("木村", "横浜")  # once each, longest first


def test_a_search_that_adds_to_the_last_reads_only_what_that_found():
    steps = ["木", "木村", "木村 ", "木村 横", "木村 横浜", "木", "", "か", "かぶ", "ぶし", "かぶ"]
    search = TextSearch(search_texts(_customers()))
    for typed in steps:  # the same customers as a search that remembers nothing
        fresh = TextSearch(search_texts(_customers()))
        assert list(search.find(search_terms(typed))) == list(fresh.find(search_terms(typed)))
    search = TextSearch(search_texts(_customers()))
    reads = []
    for typed in ["木", "木村", "木村 横浜", "木", "か", "かぶ", "ぶ", "木村 横"]:
        search.find(search_terms(typed))
        reads.append(search.read)
    # 木 reads all five; 木村 the two 木 found; 木村 横浜 the two 木村 found; 木 again
    # (Backspace) nothing: remembered; か all; かぶ the two か found; ぶ adds to nothing: all;
    # 木村 横 the two 木村 found
    assert reads == [5, 2, 2, 0, 5, 2, 5, 2]


def test_a_search_remembers_only_the_last_few():
    search = TextSearch(search_texts(_customers()))
    search.find(("木",))
    for i in range(KEPT):
        search.find((f"x{i}",))
    search.find(("木",))
    assert search.read == 5  # forgotten: read again
    search.find((f"x{KEPT - 1}",))
    assert search.read == 0


def test_folding_many_texts_at_once_folds_each_as_alone():
    texts = ["ﾔﾏﾀﾞ商店", "髙島屋 𠮷野家", "ＡＢＣ１２３", "ﾊﾟﾝ", "\u3099x", "ΑΣ", "", "㈱ﾃｽﾄ",
             "Straße", "ラーメン"]
    assert fold_all(texts) == [fold_text(t) for t in texts]
    for odd in (["İstanbul", "x"], ["a\x00b", "c"], ["ok", "\ud800"]):  # folded one by one
        assert fold_all(odd) == [fold_text(t) for t in odd]
    assert fold_all(["ラーメン", "3−14"], then={0x30FC: "-", 0x2212: "-"}) == ["ら-めん", "3-14"]


def test_search_texts_are_made_again_only_when_the_searched_columns_change():
    customers = _customers()
    texts = SearchTexts()
    first = texts.get(customers)
    assert texts.get(customers) is first
    moved = customers.copy(deep=False)
    moved[m.TERRITORY] = "T01"  # an assignment: the names and addresses are the same arrays
    assert texts.get(moved) is first
    renamed = customers.copy()
    renamed.loc[0, m.NAME] = "株式会社キムラ薬局"
    again = texts.get(renamed)
    assert again is not first and [ROWS[i][0] for i in again.find(search_terms("キムラ薬局"))] == ["C1"]


def test_search_texts_made_ahead_in_a_thread_are_the_ones_searched():
    customers = _customers()
    texts = SearchTexts()
    texts.prepare(customers)
    making = texts._making
    assert making is not None and making[2].name == "search texts"
    making[2].join()
    made = making[3][0]
    assert texts.get(customers) is made  # not made again on the window's thread
    assert list(made.texts) == search_texts(customers)
    assert np.array_equal(made.find(search_terms("木村")), [0, 3])


PHONES = [  # code, name, phone as the list wrote it, territory
    ("P1", "鈴木商店", "03-1234-5678", "T1"),
    ("P2", "佐藤工業", "０３（１２３４）５６７８", "T2"),  # the same number, written otherwise
    ("P3", "田中薬局", "045 222 3333", "T1"),
    ("P4", "東京物産", "", "T2"),
    ("P5", "丸一", "0312345679", ""),
]
REPS = [m.Territory(id="T1", name="東京エリア", rep="鈴木 一郎"),
        m.Territory(id="T2", name="新横浜エリア", rep="伊藤 由美")]


def _phone_customers() -> pd.DataFrame:
    return m.make_customers(pd.DataFrame([
        {m.CUSTOMER_ID: c, m.NAME: n, m.PHONE: p, m.TERRITORY: t, m.ADDRESS: "横浜市西区1-2"}
        for c, n, p, t in PHONES]))


def _phone_found(search: TextSearch, typed: str) -> list[str]:
    return [PHONES[i][0] for i in search.find(search_terms(typed))]


def test_a_phone_number_is_found_however_it_is_said_or_written():
    c = _phone_customers()
    assert phone_texts(c) == ["0312345678", "0312345678", "0452223333", "", "0312345679"]
    search = TextSearch(search_texts(c), phone_texts(c))
    for typed in ("03-1234-5678", "0312345678", "０３（１２３４）５６７８", "03(1234)5678",
                  "03 1234 5678", "０３－１２３４－５６７８", "1234-5678"):
        assert _phone_found(search, typed) == ["P1", "P2"], typed
    assert _phone_found(search, "045-222-3333") == _phone_found(search, "2223333") == ["P3"]
    assert _phone_found(search, "5679") == ["P5"]  # four digits: the end of a number
    # fewer than four digits is no phone number: 1-2 is the address, 03 in no code/name/address
    assert _phone_found(search, "03") == [] and len(_phone_found(search, "1-2")) == 5
    assert _phone_found(search, "鈴木 5678") == ["P1"]  # with a word of the name


def test_a_number_growing_into_a_phone_number_is_searched_among_every_customer():
    c = _phone_customers()
    search = TextSearch(search_texts(c), phone_texts(c))
    assert _phone_found(search, "03") == []  # no phone searched yet
    assert _phone_found(search, "0312") == ["P1", "P2", "P5"]  # now one: not among the 03's none
    assert _phone_found(search, "031234567") == ["P1", "P2", "P5"]
    assert search.read == 3  # a longer number: among what the shorter found
    assert _phone_found(search, "0312345678") == ["P1", "P2"]


def test_a_rep_or_territory_named_finds_its_customers_and_says_so():
    c = _phone_customers()
    search = TextSearch(search_texts(c), phone_texts(c))
    territory = c[m.TERRITORY].to_numpy()

    def found(typed: str) -> tuple[list[str], tuple[tuple[str, str], ...]]:
        f = find_customers(search, search_terms(typed), territory, REPS)
        return [PHONES[i][0] for i in f.rows], f.named

    # 鈴木's customers (P1, P3) and 鈴木商店 (P1 anyway)
    assert found("鈴木") == (["P1", "P3"], (("T1", "rep"),))
    assert found("鈴木 一郎") == (["P1", "P3"], (("T1", "rep"),))
    assert found("伊藤") == (["P2", "P4"], (("T2", "rep"),))
    assert found("新横浜エリア") == (["P2", "P4"], (("T2", "name"),))
    assert found("エリア") == (["P1", "P2", "P3", "P4"], (("T1", "name"), ("T2", "name")))
    # 東京: the 東京エリア's customers and 東京物産 (T2) by its name
    assert found("東京") == (["P1", "P3", "P4"], (("T1", "name"),))
    assert found("横浜")[0] == ["P1", "P2", "P3", "P4", "P5"]  # in every address
    # two words: 鈴木's customers with 田中 in their own details; no territory whole
    assert found("鈴木 田中") == (["P3"], ())
    # numbers and a single letter name no territory; a search naming none is the plain one
    assert named_territories("1234", REPS) == {} and named_territories("a", REPS) == {}
    assert found("丸一") == (["P5"], ())
