"""Make the bundled sample: a manager's customer workbook, the plan imported from it, rep homes.

Writes ``resources/sample/sample_customers.xlsx`` (a title row, a blank row, Japanese headers,
formatting and a handful of the messy rows real lists have), ``resources/sample/homes.csv``
and ``resources/sample/sample_plan.gpkg`` (the workbook imported with
:func:`planner.spreadsheet.read_customers`, territories named after their area and given the
reps' home offices, saved with :func:`planner.store.save_plan`).

Deterministic (seeded) and re-runnable::

    python scripts/make_sample.py [--out resources/sample] [--customers 1500]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner import model as m  # noqa: E402
from planner.store import save_plan  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402

SEED = 2026
TITLE = "顧客一覧 2026年11月"
HEADERS = ("顧客コード", "顧客名", "住所", "電話番号", "緯度", "経度", "ランク", "年間売上",
           "訪問頻度", "訪問時間(分)", "担当", "定休日", "訪問時間帯")
WIDTHS = (12, 34, 40, 15, 11, 11, 7, 14, 10, 12, 12, 11, 14)
#: Share of customers per rank (by sales) and visit minutes per rank, as route sales lists have.
RANK_SHARES = (("A", 0.10), ("B", 0.30), ("C", 0.60))
RANK_FREQUENCY = {"A": 4.0, "B": 2.0, "C": 1.0}
RANK_MINUTES = {"A": 30, "B": 20, "C": 15}
FREQUENCY_WORDS = {8.0: "週2", 4.0: "週1", 2.0: "隔週", 1.0: "月1", 0.5: "隔月"}
FIXED_TIME = dt.datetime(2026, 11, 1, 9, 0, 0)
#: Rows (0-based customer index) made messy the way real lists are.
MESSY = {"fullwidth_phone": 17, "swapped": 101, "no_coordinates": 230, "duplicate_of": (5, 640)}
#: Closing days (定休日) as lists write them, with their shares; drawn from their own seed so
#: the other columns stay as they were before the column existed.
CLOSING_DAYS = (("", 0.45), ("土日祝", 0.2), ("日祝", 0.12), ("水曜", 0.06), ("月曜日", 0.04),
                ("年中無休", 0.05), ("土・日", 0.04), ("木", 0.02), ("火/金", 0.02))
CLOSING_SEED = 1103
#: Visiting hours (訪問時間帯) as lists write them, with their shares; their own seed too.
VISITING_HOURS = (("", 0.82), ("午前中", 0.06), ("14時以降", 0.04), ("13:00〜17:00", 0.03),
                  ("10時〜12時", 0.02), ("午後", 0.02), ("11時まで", 0.01))
HOURS_SEED = 1130


def _drawn_cells(choices: tuple[tuple[str, float], ...], seed: int, n: int) -> list[str | None]:
    """A cell per customer drawn from ``choices`` (text, share) with its own seed; "" is left
    blank (None)."""
    rng = np.random.default_rng(seed)
    words = [w for w, _p in choices]
    shares = np.array([p for _w, p in choices])
    picked = rng.choice(len(words), size=n, p=shares / shares.sum())
    return [words[k] or None for k in picked]


def _rows(plan: m.Plan) -> list[list[object]]:
    """The workbook's data rows, with the messy ones."""
    c = plan.customers
    rep = {t.id: t.rep for t in plan.territories}
    rows: list[list[object]] = []
    closing = _drawn_cells(CLOSING_DAYS, CLOSING_SEED, len(c))
    hours = _drawn_cells(VISITING_HOURS, HOURS_SEED, len(c))
    for i in range(len(c)):
        freq = float(c[m.FREQUENCY].iat[i])
        rows.append([
            c[m.CUSTOMER_ID].iat[i],
            c[m.NAME].iat[i],
            c[m.ADDRESS].iat[i],
            c[m.PHONE].iat[i],
            float(c[m.LAT].iat[i]),
            float(c[m.LON].iat[i]),
            c[m.RANK].iat[i],
            int(c[m.SALES].iat[i]),
            FREQUENCY_WORDS.get(freq, f"月{freq:g}"),
            int(c[m.SERVICE_MINUTES].iat[i]),
            rep[c[m.TERRITORY].iat[i]],
            closing[i],
            hours[i],
        ])
    # a phone number typed in full-width characters
    row = rows[MESSY["fullwidth_phone"]]
    row[3] = str(row[3]).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    # latitude and longitude typed into each other's column
    row = rows[MESSY["swapped"]]
    row[4], row[5] = row[5], row[4]
    # coordinates never looked up
    row = rows[MESSY["no_coordinates"]]
    row[4] = row[5] = None
    # the same code typed twice
    original, copy = MESSY["duplicate_of"]
    rows[copy][0] = rows[original][0]
    return rows


def write_workbook(plan: m.Plan, path: Path) -> None:
    """The customer list as a manager keeps it in Excel."""
    wb = Workbook()
    ws = wb.active
    ws.title = "顧客一覧"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(list(HEADERS))
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="999999")
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        cell.border = Border(bottom=thin)
    for row in _rows(plan):
        ws.append(row)
    last = ws.max_row
    for r in range(4, last + 1):
        ws.cell(r, 8).number_format = "#,##0"
        ws.cell(r, 5).number_format = "0.000000"
        ws.cell(r, 6).number_format = "0.000000"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(3, i).column_letter].width = width
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:M{last}"
    wb.properties.creator = "営業部"
    wb.properties.title = TITLE
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
    _freeze_zip(path)


def _freeze_zip(path: Path) -> None:
    """Fixed timestamps inside the workbook (openpyxl stamps the save time) for identical re-runs."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


def realistic_workload(plan: m.Plan) -> m.Plan:
    """Ranks by sales (A 10 %, B 30 %, C 60 %), their frequencies and visit minutes.

    Eight reps then carry about 35 hours a week each, as a real route-sales team does.
    """
    c = plan.customers.copy()
    order = np.argsort(-c[m.SALES].to_numpy(dtype=float), kind="stable")
    rank = np.empty(len(c), dtype=object)
    start = 0
    for name, share in RANK_SHARES:
        stop = len(c) if name == RANK_SHARES[-1][0] else start + round(share * len(c))
        rank[order[start:stop]] = name
        start = stop
    rng = np.random.default_rng(SEED)
    frequency = np.array([RANK_FREQUENCY[r] for r in rank])
    special = rng.random(len(c))
    frequency[(rank == "A") & (special < 0.05)] = 8.0
    frequency[(rank == "C") & (special > 0.92)] = 0.5
    minutes = np.array([RANK_MINUTES[r] for r in rank]) + rng.choice([0, 0, 0, 5, 10], size=len(c))
    c[m.RANK] = rank
    c[m.FREQUENCY] = frequency
    c[m.SERVICE_MINUTES] = minutes.astype(float)
    return plan.replace(customers=c)


def write_homes(plan: m.Plan, path: Path) -> None:
    """``homes.csv``: territory id, name, rep and home office position (UTF-8)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "rep", "lat", "lon"])
        for t in plan.territories:
            writer.writerow([t.id, t.name, t.rep, f"{t.home_lat:.6f}", f"{t.home_lon:.6f}"])


def unique_names(plan: m.Plan) -> m.Plan:
    """Territory names made unique (two homes near the same town get numbered)."""
    seen: dict[str, int] = {}
    territories = []
    for t in plan.territories:
        seen[t.name] = seen.get(t.name, 0) + 1
        name = t.name if seen[t.name] == 1 else f"{t.name.removesuffix('エリア')}第{seen[t.name]}エリア"
        territories.append(t.replace(name=name))
    return plan.replace(territories=tuple(territories))


def import_plan(xlsx: Path, reference: m.Plan) -> m.Plan:
    """The workbook imported as a manager would, with the reference plan's areas and homes."""
    from planner.i18n import set_language
    from planner.spreadsheet import read_customers

    # the sample's data are Japanese; its import notes (the problems column) are too
    set_language("ja")
    try:
        result = read_customers(xlsx)
    finally:
        set_language(None)
    plan = result.to_plan()
    by_rep = {t.rep: t for t in reference.territories}
    territories = []
    for k, t in enumerate(plan.territories):
        ref = by_rep.get(t.rep) or by_rep.get(t.name)
        if ref is None:
            raise SystemExit(f"territory {t.id} ({t.name!r}/{t.rep!r}) matches no sample rep")
        territories.append(t.replace(name=ref.name, rep=ref.rep, color=m.palette_color(k),
                                     home_lat=ref.home_lat, home_lon=ref.home_lon))
    problems = len(result.report.problems)
    print(f"imported {result.report.customers} customers from {result.report.rows} rows, "
          f"{problems} problems reported")
    plan = plan.replace(territories=tuple(territories), source=xlsx.name)
    from planner.geometry import boundaries_from_assignment

    # boundaries drawn around each rep's customers, so the map shows the areas at once
    return plan.replace(territories=boundaries_from_assignment(plan))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "sample")
    parser.add_argument("--customers", type=int, default=1500)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    reference = realistic_workload(
        unique_names(synthetic_plan(args.customers, territories=8, seed=SEED))
    )
    xlsx = out / "sample_customers.xlsx"
    write_workbook(reference, xlsx)
    plan = import_plan(xlsx, reference)
    write_homes(plan, out / "homes.csv")
    # fixed timestamps inside the GeoPackage so re-runs give the same content
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2026-11-01T09:00:00Z"})
    save_plan(plan, out / "sample_plan.gpkg")
    for name in ("sample_customers.xlsx", "homes.csv", "sample_plan.gpkg"):
        print(f"{name}: {(out / name).stat().st_size / 1024:.0f} KB")
    located = int(np.isfinite(plan.customers[m.LAT].to_numpy(dtype=float)).sum())
    print(f"{len(plan.customers)} customers ({located} located), {len(plan.territories)} territories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
