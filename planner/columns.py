"""Recognising customer-sheet columns: the plan's fields, their Japanese/English header names.

Headers are compared after :func:`normalise_header` (NFKC, lower case, units in
brackets and separators removed), first exactly against each field's aliases,
then by containment of a field's Japanese stems (``担当者名`` → rep).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from planner import model as m
from planner.kept_headers import kept_base

#: Pseudo-field for a single "lat,lon" cell (``座標``); not a plan column.
COORDS = "coords"

#: The importable fields, in the order the mapping dialog shows them, with English labels.
FIELDS: tuple[tuple[str, str], ...] = (
    (m.CUSTOMER_ID, "Customer code"),
    (m.NAME, "Name"),
    (m.NAME_KANA, "Name reading (kana)"),
    (m.ADDRESS, "Address"),
    (m.PHONE, "Phone"),
    (m.LAT, "Latitude"),
    (m.LON, "Longitude"),
    (m.RANK, "Rank"),
    (m.SALES, "Sales"),
    (m.FREQUENCY, "Visit frequency"),
    (m.SERVICE_MINUTES, "Visit minutes"),
    (m.CLOSED_DAYS, "Closing days"),
    (m.VISIT_DAYS, "Visit days"),
    (m.VISIT_WEEK, "Visit week"),
    (m.VISIT_TIME, "Visiting hours"),
    ("rep", "Rep"),
    ("status", "Account status"),  # its rows of 取引停止 are left out: FIELD_NOTES
    (COORDS, "Coordinates (lat,lon)"),
)
FIELD_KEYS: tuple[str, ...] = tuple(key for key, _label in FIELDS)
REP = "rep"
#: Pseudo-field: the list's account status (取引区分: 取引中 / 取引停止 / 休眠 …); a row
#: whose status says the account is stopped is not a customer to visit.
STATUS = "status"

#: Exact header names per field (compared normalised), most specific first.
# fmt: off
ALIASES: dict[str, tuple[str, ...]] = {
    m.CUSTOMER_ID: (
        "顧客コード", "得意先コード", "取引先コード", "顧客番号", "得意先番号", "取引先番号",
        "顧客id", "得意先id", "顧客no", "得意先no", "店コード", "店舗コード", "コード",
        "顧客cd", "得意先cd", "取引先cd", "店cd", "店舗cd", "cd",
        "customer_id", "customer code", "customer no", "client id", "account id", "code", "id",
    ),
    m.NAME: (
        "顧客名", "得意先名", "取引先名", "会社名", "店名", "店舗名", "顧客名称", "得意先名称",
        "取引先名称", "名称", "施設名", "企業名", "社名", "屋号", "お客様名",
        "名前", "氏名", "顧客", "得意先", "取引先",
        "name", "customer name", "customer", "company", "company name", "account name",
        "store name", "client", "client name",
    ),
    m.ADDRESS: (
        "住所", "所在地", "住所1", "顧客住所", "得意先住所", "店舗住所", "所在地住所",
        "address", "address1", "addr", "street address", "location address",
    ),
    m.PHONE: (
        "電話番号", "電話", "tel", "tel番号", "telephone", "phone", "phone number", "連絡先",
        "代表電話",
    ),
    m.LAT: ("緯度", "北緯", "lat", "latitude", "y座標"),
    m.LON: ("経度", "東経", "lon", "lng", "long", "longitude", "x座標"),
    COORDS: (
        "座標", "緯度経度", "緯度,経度", "緯度・経度", "位置", "位置情報", "coordinates",
        "coords", "latlon", "latlng", "lat,lon", "lat/lon", "lat,lng",
    ),
    m.RANK: (
        "ランク", "顧客ランク", "得意先ランク", "ランク区分", "区分", "顧客区分", "等級",
        "クラス", "rank", "grade", "class", "tier", "abc",
    ),
    m.SALES: (
        "売上", "年間売上", "売上高", "年間売上高", "売上金額", "年商", "取引額", "売上実績",
        "sales", "annual sales", "revenue", "turnover", "amount",
    ),
    m.FREQUENCY: (
        "訪問頻度", "頻度", "訪問回数", "訪問サイクル", "訪問周期", "訪問区分", "訪問間隔",
        "巡回区分", "巡回頻度", "巡回サイクル", "frequency",
        "visit frequency", "visits", "call frequency", "cycle",
    ),
    m.SERVICE_MINUTES: (
        "訪問時間", "滞在時間", "所要時間", "作業時間", "訪問所要時間", "商談時間",
        "service minutes", "service time", "visit minutes", "visit time", "duration",
        "minutes",
    ),
    m.CLOSED_DAYS: (
        "定休日", "休業日", "定休", "休日", "休み", "店休日", "公休日", "closed", "closed days",
        "closed day", "closing day", "closing days", "days closed", "holidays",
    ),
    m.VISIT_DAYS: (
        "訪問曜日", "訪問日", "曜日指定", "指定曜日", "訪問曜", "訪問指定曜日", "訪問予定曜日",
        "visit day", "visit days", "visiting day", "visiting days", "visit weekday",
        "visit weekdays",
    ),
    m.VISIT_WEEK: (
        "訪問週", "週指定", "第何週", "指定週", "訪問開始週", "開始週", "初回訪問週", "訪問週目",
        "visit week", "visiting week", "week of visit", "first week", "start week",
        "first visit week",
    ),
    m.VISIT_TIME: (
        "訪問時間帯", "訪問可能時間", "訪問可能時間帯", "訪問希望時間", "訪問希望時間帯", "希望時間帯",
        "時間指定", "訪問時間指定", "指定時間", "指定時間帯", "時間帯", "納品時間", "納品時間帯",
        "受付時間", "受入時間", "visiting hours", "visit hours", "visit window", "time window",
        "visit time window", "preferred time", "opening hours", "access hours",
    ),
    REP: (
        "担当", "担当者", "営業担当", "営業担当者", "担当営業", "担当者名", "営業", "営業マン",
        "rep", "sales rep", "salesperson", "sales person", "owner", "account owner",
    ),
    STATUS: (
        "取引区分", "取引状況", "取引状態", "取引ステータス", "顧客ステータス", "顧客状態",
        "ステータス", "状態", "取引", "status", "account status", "customer status",
    ),
}

# fmt: on

#: Japanese stems matched inside longer headers (``得意先名（漢字）`` → name).
STEMS: dict[str, tuple[str, ...]] = {
    m.CUSTOMER_ID: ("顧客コード", "得意先コード", "取引先コード", "顧客番号", "得意先番号",
                    "顧客cd", "得意先cd", "取引先cd"),
    m.NAME: ("顧客名", "得意先名", "取引先名", "会社名", "店舗名", "店名"),
    m.ADDRESS: ("住所", "所在地"),
    m.PHONE: ("電話",),
    m.LAT: ("緯度",),
    m.LON: ("経度",),
    m.RANK: ("ランク",),
    m.SALES: ("売上",),
    m.FREQUENCY: ("頻度", "訪問回数", "訪問区分", "訪問間隔", "訪問サイクル", "訪問周期"),
    m.SERVICE_MINUTES: ("訪問時間", "滞在時間", "所要時間"),
    m.CLOSED_DAYS: ("定休", "休業日", "休み"),
    m.VISIT_DAYS: ("訪問曜", "曜日指定", "指定曜日"),
    m.VISIT_WEEK: ("訪問週", "週指定", "第何週", "指定週"),
    m.VISIT_TIME: ("時間帯", "時間指定", "指定時間", "可能時間", "希望時間", "納品時間"),
    REP: ("担当",),
    STATUS: ("取引区分", "取引状況", "取引状態", "ステータス"),
}

_BRACKETS = re.compile(r"[(\[{<（【［「『〔].*?[)\]}>）】］」』〕]")
_SEPARATORS = re.compile(r"[\s_\-‐・.:：/／,、。*※#＃]+")


def normalise_header(text: Any) -> str:
    """Header text in comparable form: NFKC, lower case, no units in brackets, no separators."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    stripped = _BRACKETS.sub("", s)
    if stripped.strip():
        s = stripped
    return _SEPARATORS.sub("", s)


def _normalised_aliases() -> dict[str, list[tuple[int, str]]]:
    table: dict[str, list[tuple[int, str]]] = {}
    for field, names in ALIASES.items():
        for priority, name in enumerate(names):
            table.setdefault(normalise_header(name), []).append((priority, field))
    return table


_ALIAS_TABLE = _normalised_aliases()
_STEM_TABLE = {field: tuple(normalise_header(s) for s in stems) for field, stems in STEMS.items()}


def header_fields(header: Any) -> list[tuple[int, int, str]]:
    """The fields a header could be, as ``(kind, priority, field)``; kind 0 = exact, 1 = stem."""
    key = normalise_header(header)
    if not key:
        return []
    found = [(0, priority, field) for priority, field in _ALIAS_TABLE.get(key, [])]
    if found:
        return found
    stems: list[tuple[str, int, str]] = []
    for field, names in _STEM_TABLE.items():
        for priority, stem in enumerate(names):
            if stem in key:
                stems.append((stem, priority, field))
                break
    # Where two fields' stems overlap in the header, the one ending later wins: a Japanese
    # compound names its head last (希望訪問時間帯 and 元_訪問時間帯 are 時間帯, not 訪問時間);
    # at the same end the longer one wins (a stem inside another's is not a match).
    spans = {stem: (key.find(stem), key.find(stem) + len(stem)) for stem, _p, _f in stems}

    def beaten(stem: str) -> bool:
        start, end = spans[stem]
        return any(
            other != stem
            and o_start < end
            and start < o_end
            and (o_end > end or (o_end == end and o_start < start))
            for other, (o_start, o_end) in spans.items()
        )

    return [(1, priority, field) for stem, priority, field in stems if not beaten(stem)]


#: A column giving the reading of another (得意先名（カナ）, フリガナ, 住所ｶﾅ).
READING = re.compile(r"カナ|かな|フリガナ|ふりがな|ヨミ|よみ|読み|kana|furigana|yomi")


def _reading(header: Any) -> str | None:
    """What a reading column gives the reading of: "" for a bare フリガナ, ｶﾅ or ヨミ, the
    field named with it (得意先名（カナ）, 顧客名ﾌﾘｶﾞﾅ, 住所カナ → name or address), None when
    the header is no reading (or the reading of something else: 品名かな?)."""
    if header is None:
        return None
    text = unicodedata.normalize("NFKC", str(header)).lower()
    if READING.search(text) is None:
        return None
    fields = {field for _kind, _priority, field in header_fields(header)}
    if not fields:  # 得意先カナ, 名称ヨミ: what stands beside the reading word
        rest = normalise_header(READING.sub("", text))
        if not rest or rest in ("ガナ", "がな"):  # フリガナ, 読みがな
            return ""
        fields = {field for _kind, _priority, field in header_fields(rest)}
    for field in (m.NAME, m.ADDRESS):
        if field in fields:
            return field
    return None


def _name_reading(headers: Sequence[Any], found: Mapping[str, int], used: set[int]) -> int | None:
    """The column giving the reading of the name column ``found`` holds: one named after the
    name (得意先名（カナ）, 顧客名ﾌﾘｶﾞﾅ), else a bare フリガナ or ｶﾅ right after the name column
    (or right before it, unless it follows the address: then it reads the address)."""
    name = found.get(m.NAME)
    if name is None or _reading(headers[name]) is not None:
        return None  # no name, or the name read from its kana (the list has no other)
    readings = {i: _reading(h) for i, h in enumerate(headers) if i not in used}
    named = [i for i, of in readings.items() if of == m.NAME]
    if named:
        return min(named, key=lambda i: (abs(i - name), i))
    if readings.get(name + 1) == "":
        return name + 1
    if readings.get(name - 1) == "" and found.get(m.ADDRESS) != name - 2:
        return name - 1
    return None


#: A header told apart from another of the same text by :func:`unique_headers`: 担当 (2).
_NUMBERED = re.compile(r" \(\d+\)$")


#: A rep header naming the rep's code (営業担当者CD, 担当者コード, 担当No): read for the rep
#: only when the list has no column of the rep's name (営業担当者名) beside it.
_CODE_OF = re.compile(r"(?:cd|コード|code|番号|no|id)$")


def detect_column_indexes(headers: Sequence[Any]) -> dict[str, int]:
    """Map each recognised field to the index of the header that holds it (a name's or an
    address's reading in kana, or a rep's code, only when the list has no other)."""
    candidates: list[tuple[int, int, bool, int, str]] = []
    for index, header in enumerate(headers):
        reading = header is not None and READING.search(
            unicodedata.normalize("NFKC", str(header)).lower()) is not None
        code = _CODE_OF.search(normalise_header(header)) is not None
        # the list's own 担当 a workbook of ours kept as 担当（元のファイル）: the plan's 担当 wins
        kept = 3 if kept_base(header) is not None else 0
        for kind, priority, field in header_fields(header):
            later = 2 if reading and field in (m.NAME, m.ADDRESS) else 0
            if code and field == REP:  # 営業担当者CD beside 営業担当者名
                later = 2
            # 担当 before 担当 (2), wherever the two stand (a hidden 担当 is named second)
            numbered = _NUMBERED.search(str(header)) is not None
            candidates.append((kind + later + kept, priority, numbered, index, field))
    candidates.sort()
    found: dict[str, int] = {}
    used: set[int] = set()
    for _kind, _priority, _numbered, index, field in candidates:
        if field in found or index in used:
            continue
        found[field] = index
        used.add(index)
    if COORDS in found and m.LAT in found and m.LON in found:
        del found[COORDS]
    kana = _name_reading(headers, found, used)
    if kana is not None:
        found[m.NAME_KANA] = kana
    return {key: found[key] for key in FIELD_KEYS if key in found}


def detect_columns(headers: Sequence[Any]) -> dict[str, str]:
    """Map each recognised field to the header text that holds it (``field -> header``)."""
    return {field: str(headers[i]) for field, i in detect_column_indexes(headers).items()}


def score_header_row(cells: Iterable[Any], wanted: Iterable[str] = ()) -> int:
    """How header-like a row is: distinct fields recognised, plus 10 per user-named header."""
    texts = [c for c in cells if c is not None and str(c).strip()]
    fields: set[str] = set()
    for text in texts:
        for _kind, _priority, field in header_fields(text):
            fields.add(field)
    keys = {normalise_header(t) for t in texts}
    bonus = sum(10 for w in wanted if normalise_header(w) in keys)
    return len(fields) + bonus


def find_header_row(
    rows: Sequence[Sequence[Any]], *, wanted: Iterable[str] = (), limit: int = 30
) -> int:
    """Index (0-based, within ``rows``) of the most header-like of the first ``limit`` rows; -1 if none."""
    wanted = list(wanted)
    best, best_score = -1, 0
    for i, row in enumerate(rows[:limit]):
        score = score_header_row(row, wanted)
        if score > best_score:
            best, best_score = i, score
    return best


def unique_headers(
    texts: Sequence[str], hidden: Collection[int] = ()
) -> tuple[list[str], dict[str, str]]:
    """The headers with each given again told apart by a number (担当, 担当 (2)), never one a
    column already has (a sheet's own 担当 (2) stays its own); and ``{new: original}``. The
    visible columns are named first: a hidden 担当 before the visible one is 担当 (2)."""
    taken = set(texts)
    seen: set[str] = set()
    out: list[str] = [""] * len(texts)
    renamed: dict[str, str] = {}
    order = sorted(range(len(texts)), key=lambda i: (i in hidden, i))
    for index in order:
        text = texts[index]
        name = text
        if text and text in seen:
            n = 2
            while f"{text} ({n})" in taken:
                n += 1
            name = f"{text} ({n})"
            taken.add(name)
            renamed[name] = text
        seen.add(text)
        out[index] = name
    return out, renamed


def resolve_header(wanted: str, headers: Sequence[str]) -> int:
    """Index of the header the user named (exact text first, then normalised); -1 if absent."""
    for i, h in enumerate(headers):
        if h == wanted:
            return i
    key = normalise_header(wanted)
    for i, h in enumerate(headers):
        if key and normalise_header(h) == key:
            return i
    return -1


def field_label(field: str) -> str:
    """English label of a field (the caller translates it)."""
    return dict(FIELDS).get(field, field)


def merge_indexes(
    detected: Mapping[str, int], override: Mapping[str, int | None]
) -> dict[str, int]:
    """The detected field→column indexes with the user's choices on top (``None`` removes a field)."""
    taken = {i for i in override.values() if i is not None}
    out = {f: i for f, i in detected.items() if i not in taken and f not in override}
    for field, index in override.items():
        if index is not None:
            out[field] = index
    if COORDS in out and m.LAT in out and m.LON in out and COORDS not in override:
        del out[COORDS]
    return {key: out[key] for key in FIELD_KEYS if key in out}
