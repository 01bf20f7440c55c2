"""Variant kanji of person and place names (異体字) folded to one form, so that 髙橋 and 高橋,
山﨑 and 山崎 are one name to the search and to the matching of reps: the same name is
typed on one PC with the variant and on another without it. Only well-known pairs of
names are folded; anything else is left as written."""

from __future__ import annotations

#: variant → the form it is read as (mostly the everyday 常用 form)
VARIANTS: dict[str, str] = {
    "髙": "高",
    "﨑": "崎", "嵜": "崎", "碕": "崎",
    "德": "徳",
    "邊": "辺", "邉": "辺",
    "齋": "斉", "齊": "斉", "斎": "斉",
    "濱": "浜",
    "澤": "沢",
    "櫻": "桜",
    "廣": "広",
    "國": "国",
    "眞": "真",
    "嶋": "島", "嶌": "島",
    "籠": "篭",
    "𠮷": "吉",
    "冨": "富",
    "舘": "館",
    "栁": "柳",
    "槇": "槙",
    "瀧": "滝",
    "瀨": "瀬",
    "曾": "曽",
    "彌": "弥",
    "惠": "恵",
    "榮": "栄",
    "藏": "蔵",
    "淵": "渕",
    "實": "実",
    "壽": "寿",
    "萬": "万",
    "條": "条",
    "龜": "亀",
    "黑": "黒",
    "靜": "静",
    "關": "関",
    "圓": "円",
    "寶": "宝",
    "檜": "桧",
}

#: :data:`VARIANTS` as a table for ``str.translate`` (and pandas ``Series.str.translate``)
VARIANT_TABLE = str.maketrans(VARIANTS)


def fold_variants(text: str) -> str:
    """``text`` with each variant kanji of :data:`VARIANTS` as its usual form (髙橋 → 高橋)."""
    return text.translate(VARIANT_TABLE)
