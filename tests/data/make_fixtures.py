"""Hostile customer files for the import tests, built by code into a directory (no binary blobs).

Each ``make_*`` function writes one file into ``folder`` and returns its path.
:data:`DATA_FIXTURES` lists the builders of files that import (with problems);
:data:`BROKEN_FIXTURES` those that must fail with one clear error.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl

HEADER = ["顧客コード", "得意先名", "住所", "緯度", "経度", "ランク", "年間売上", "担当者", "備考"]

#: Rows of the messy workbook, keyed by the row number Excel shows (header on row 4).
MESSY_ROWS: dict[int, list[object]] = {
    5: ["C001", "新宿商店", "東京都新宿区西新宿1-1", 35.6909, 139.7003, "A", 12000000, "山田", ""],
    6: ["C002", "渋谷食品", "東京都渋谷区道玄坂2-2", "abc", 139.7017, "B", 5000000, "佐藤", ""],
    7: [
        "C003",
        "池袋薬局",
        "東京都豊島区西池袋1-3",
        "35°43'46.2\"",
        "139度42分39.2秒",
        "c",
        "1,200,000円",
        "山田",
        "度分秒",
    ],
    8: ["C004", "上野電機", "東京都台東区上野7-1", 139.7773, 35.7138, "B", 3000000, "鈴木", "逆"],
    9: ["C005", "London Trading", "London", 51.5072, -0.1276, "C", 800000, "佐藤", "海外"],
    # row 10 is blank
    11: ["C001", "重複商店", "東京都新宿区新宿3-1", 35.6900, 139.7040, "C", 900000, "山田", ""],
    12: ["C007", "", "東京都品川区北品川1-1", 35.6200, 139.7400, "B", 100000, "鈴木", "名前なし"],
    13: ["C008", "品川運輸", "東京都品川区東品川2-2", 35.6150, 139.7450, "A", "abc", "", ""],
    14: ["※ 2026年11月現在"],
}
#: Expected figures for the messy workbook.
MESSY_ROWS_COUNT = 9
MESSY_CUSTOMERS = 7


def make_messy_xlsx(folder: Path) -> Path:
    """Merged title rows, a blank row above the header and one inside the data, and every kind of bad cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "得意先"
    ws["A1"] = "得意先一覧"
    ws.merge_cells("A1:I1")
    ws["A2"] = "作成日: 2026/11/29"
    ws.merge_cells("A2:C2")
    for col, text in enumerate(HEADER, start=1):
        ws.cell(row=4, column=col, value=text)
    for row, values in MESSY_ROWS.items():
        for col, value in enumerate(values, start=1):
            if value != "":
                ws.cell(row=row, column=col, value=value)
    cover = wb.create_sheet("メモ", 0)  # a first sheet without customers
    cover["B2"] = "この資料は社外秘です"
    path = folder / "messy.xlsx"
    wb.save(path)
    return path


#: cp932 CSV rows with full-width digits, spaces and a full-width comma in the sales figure.
FULLWIDTH_ROWS = [
    ["顧客コード", "顧客名", "住所", "電話番号", "緯度", "経度", "売上", "訪問頻度", "担当"],
    ["Ａ００１", "株式会社　東和商事", "東京都千代田区丸の内１－１", "０３－１２３４－５６７８",
     "３５．６８１２", "１３９．７６７１", "１，２００，０００", "週１", "田中"],
    ["Ａ００２", "ｻｸﾗ薬局", "神奈川県横浜市西区１－２", "045-000-0000", "35.4658", "139.6223",
     "500000", "隔週", "田中"],
    ["Ａ００３", "みどり食堂", "埼玉県さいたま市大宮区", "", "35.9063", "139.6240", "", "ときどき",
     "伊藤"],
]  # fmt: skip


def make_fullwidth_cp932_csv(folder: Path) -> Path:
    """A Shift-JIS (cp932) CSV as Excel saves it, with full-width digits and half-width kana."""
    path = folder / "fullwidth_cp932.csv"
    with open(path, "w", encoding="cp932", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(FULLWIDTH_ROWS)
    return path


PLAIN_ROWS = [
    ["customer_id", "name", "address", "lat", "lon", "rank", "frequency", "rep"],
    ["K1", "さくら商店", "東京都新宿区1-1", "35.69", "139.70", "A", "weekly", "Yamada"],
    ["K2", "わかば酒店", "東京都渋谷区2-2", "35.66", "139.70", "B", "", "Sato"],
    ["", "", "", "", "", "", "", ""],
    ["K3", "ひかり書店", "東京都港区3-3", "35.65", "139.75", "Z", "monthly", "Yamada"],
]


def make_bom_utf8_csv(folder: Path) -> Path:
    """UTF-8 with BOM (Excel's "CSV UTF-8"), English headers, an empty line inside."""
    path = folder / "bom_utf8.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(PLAIN_ROWS)
    return path


EUC_ROWS = [
    ["得意先コード", "得意先名", "所在地", "座標", "区分", "営業担当"],
    ["E1", "東和工業", "東京都大田区蒲田1-1", "35.5627,139.7160", "A", "渡辺"],
    ["E2", "関東運輸", "東京都足立区千住2-2", "35.7497 139.8049", "B", "渡辺"],
    ["E3", "富士設備", "東京都江戸川区3-3", "北緯35度", "C", "中村"],
]


def make_euc_jp_csv(folder: Path) -> Path:
    """An EUC-JP CSV (old Unix systems) with one ``座標`` "lat,lon" column."""
    path = folder / "euc.csv"
    with open(path, "w", encoding="euc_jp", newline="") as fh:
        csv.writer(fh).writerows(EUC_ROWS)
    return path


def make_no_code_xlsx(folder: Path) -> Path:
    """No customer-code column: codes come from the row numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["店名", "住所", "電話"])
    ws.append(["青木商店", "東京都練馬区1-1", "03-1111-2222"])
    ws.append(["西村食品", "東京都練馬区2-2", "03-3333-4444"])
    path = folder / "no_code.xlsx"
    wb.save(path)
    return path


def make_custom_headers_xlsx(folder: Path) -> Path:
    """Headers nobody could guess (``お得意様``, ``場所``): needs a ``--column`` override."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "list"
    ws.append(["No", "お得意様", "場所", "ランク"])
    ws.append([1, "松本電機", "東京都立川市1-1", "A"])
    ws.append([2, "井上酒店", "東京都府中市2-2", "B"])
    path = folder / "custom_headers.xlsx"
    wb.save(path)
    return path


def make_no_name_xlsx(folder: Path) -> Path:
    """A sheet with codes and addresses but no name column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "住所", "緯度", "経度"])
    ws.append(["C1", "東京都新宿区1-1", 35.69, 139.70])
    path = folder / "no_name.xlsx"
    wb.save(path)
    return path


def make_empty_xlsx(folder: Path) -> Path:
    """A workbook whose only sheet is empty."""
    wb = openpyxl.Workbook()
    path = folder / "empty.xlsx"
    wb.save(path)
    return path


def make_renamed_txt(folder: Path) -> Path:
    """A text file renamed ``.xlsx``."""
    path = folder / "notes.xlsx"
    path.write_text("顧客名,住所\n山田商店,東京都\n", encoding="utf-8")
    return path


def make_garbage_xlsx(folder: Path) -> Path:
    """A zip-looking file that is not a workbook (a damaged download)."""
    path = folder / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    return path


def make_password_xlsx(folder: Path) -> Path:
    """The shape of an encrypted Office file: an OLE container holding ``EncryptedPackage``."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    directory += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 50
    path = folder / "locked.xlsx"
    path.write_bytes(header + directory + b"\x00" * 1024)
    return path


def make_no_header_csv(folder: Path) -> Path:
    """Numbers only: no row looks like a header."""
    path = folder / "numbers.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    return path


DATA_FIXTURES: dict[str, Callable[[Path], Path]] = {
    "messy_xlsx": make_messy_xlsx,
    "fullwidth_cp932_csv": make_fullwidth_cp932_csv,
    "bom_utf8_csv": make_bom_utf8_csv,
    "euc_jp_csv": make_euc_jp_csv,
    "no_code_xlsx": make_no_code_xlsx,
}

BROKEN_FIXTURES: dict[str, Callable[[Path], Path]] = {
    "empty_xlsx": make_empty_xlsx,
    "renamed_txt": make_renamed_txt,
    "garbage_xlsx": make_garbage_xlsx,
    "password_xlsx": make_password_xlsx,
    "no_name_xlsx": make_no_name_xlsx,
    "no_header_csv": make_no_header_csv,
    "custom_headers_xlsx": make_custom_headers_xlsx,
}


def _ods_cell(value: object) -> str:
    from xml.sax.saxutils import escape

    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def make_ods(folder: Path) -> Path:
    """A LibreOffice Calc file (.ods) written by hand: a zip with ``mimetype`` and ``content.xml``."""
    import zipfile

    rows = [
        ["得意先名", "住所", "緯度", "経度", "訪問頻度"],
        ["若葉商店", "東京都町田市1-1", 35.5424, 139.4466, "隔週"],
        ["双葉食品", "東京都八王子市2-2", 35.6556, 139.3389, "月2回"],
    ]
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="顧客">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    path = folder / "customers.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def make_totals_xlsx(folder: Path) -> Path:
    """A list ending with a 合計 (total) row, and phone numbers typed as numbers (leading 0 lost)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["コード", "顧客名", "住所", "電話番号", "売上"])
    ws.append(["K1", "丸一商店", "東京都葛西1-1", 356781234, 1000])
    ws.append(["K2", "光設備", "東京都蒲田2-2", 9012345678, 2000])
    ws.append(["", "合計", "", "", 3000])
    path = folder / "totals.xlsx"
    wb.save(path)
    return path


DATA_FIXTURES["ods"] = make_ods
DATA_FIXTURES["totals_xlsx"] = make_totals_xlsx
