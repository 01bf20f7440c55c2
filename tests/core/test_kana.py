"""Kana folded for the Customers list's search and sort (:mod:`planner.kana`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.kana import fold_text, name_sort_keys, to_hiragana


def test_kana_of_every_width_folds_to_hiragana():
    assert to_hiragana("ヤマダ") == to_hiragana("ﾔﾏﾀﾞ") == to_hiragana("やまだ") == "やまだ"
    assert fold_text("ﾔﾏﾀﾞ商店") == fold_text("やまだ商店") == "やまだ商店"
    assert fold_text("髙橋ＡＢＣ") == "高橋abc"  # as the search folded it before
    assert to_hiragana("ヴァヽ") == "ゔぁゝ" and to_hiragana("ー") == "ー"


def test_names_sort_by_their_reading_else_by_the_name():
    names = pd.Series(["河合酒店", "青木薬局", "ヤマダ商店", "佐藤書店"], dtype=object)
    readings = pd.Series(["カワイサケテン", "ｱｵｷ ﾔｯｷｮｸ", "", "さとうしょてん"], dtype=object)
    keys = name_sort_keys(names, readings)
    assert list(keys) == ["かわいさけてん", "あおきやっきょく", "やまだ商店", "さとうしょてん"]
    assert list(names[np.argsort(keys, kind="stable")]) == [
        "青木薬局", "河合酒店", "佐藤書店", "ヤマダ商店"]
