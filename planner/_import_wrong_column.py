"""A customer-name column that holds addresses: the wrong column, caught before the import.

A list whose 得意先名 and 住所1 were typed into each other's column, or an import window
whose 顧客名 box was set to 住所1, made 40 customers named 「東京都千代田区」 without a word;
every territory, route sheet and handout then named addresses. When most of the name
column's cells read as addresses (a prefecture or designated city at the front, then a
ward, town or block number), the import stops with one sentence naming the column and a
row, and the plan stays as it was. A shop named after its prefecture (埼玉県信用金庫,
東京都民銀行) has no 区・市・丁目 or number after it and is no address here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner.address_check import named_prefectures
from planner.errors import PlannerError
from planner.i18n import tr

#: After the prefecture: a block number, 丁目 or 番地 (東京都新宿区新宿3-1-2, 北海道札幌市中央区
#: 北1条西2丁目) …
_NUMBERS = re.compile(r"\d|丁目|番地")
#: … or nothing past a municipality (東京都千代田区, 神奈川県横浜市港北区); a ward office
#: (横浜市港北区役所) or a bank (東京都民銀行) goes on past it and is a name.
_MUNICIPALITY_END = re.compile(r"[市区町村郡]\s*$")
#: The share of the column's filled cells that must read as addresses.
SHARE = 0.5


def address_like(values: Sequence[str]) -> np.ndarray:
    """Per text, whether it reads as an address: True for 「東京都千代田区」,
    「横浜市港北区新横浜2-4-12」, 「〒160-0022 東京都新宿区…」; False for 「山崎クリニック」,
    「埼玉県信用金庫」, 「東京都民銀行」."""
    out = np.zeros(len(values), dtype=bool)
    # only texts with 都道府県 or 市 near the front can name one (a list of shop names: none)
    maybe = np.flatnonzero(pd.Series(values, dtype=object).str.slice(0, 30)
                           .str.contains("[都道府県市]", regex=True).fillna(False).to_numpy(bool))
    if not len(maybe):
        return out
    heads = named_prefectures(np.asarray([values[int(i)] for i in maybe], dtype=object))
    for i in maybe[heads != ""]:  # only the texts naming a prefecture read further
        v = unicodedata.normalize("NFKC", values[int(i)])
        out[i] = bool(_NUMBERS.search(v, 2) or _MUNICIPALITY_END.search(v))
    return out


def check_name_column(found: Mapping[str, int], headers: Sequence[str],
                      texts: Sequence[np.ndarray], rows: np.ndarray) -> None:
    """Raise :class:`PlannerError` when the column read as the customer name holds
    addresses in most of its filled cells (``rows``: the sheet's row numbers)."""
    index = found.get(m.NAME)
    if index is None:
        return
    values = texts[index]
    filled = [i for i, v in enumerate(values) if isinstance(v, str) and v.strip()]
    if not filled:
        return
    like = address_like([str(values[i]) for i in filled])
    hits = [i for i, hit in zip(filled, like, strict=True) if hit]
    if len(hits) <= SHARE * len(filled):
        return
    first = hits[0]
    raise PlannerError(tr(
        "The column {header} read as the customer name holds addresses (row {row}: "
        "{value}): choose the column with the customers' names (the 顧客名 box of the import "
        "window, or --column name=HEADER).",
        header=headers[index], row=int(rows[first]), value=str(values[first]).strip()))
