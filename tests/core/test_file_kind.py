"""What a file opened as a plan really is: a plan (damaged or not) is left to its own reason,
another program's GeoPackage or a renamed spreadsheet is named, and the file is only read."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry import Point, box

from planner import store
from planner.file_kind import GEOPACKAGE, GEOPACKAGE_ROWS, foreign_kind
from planner.synthetic import synthetic_plan


def test_kinds(tmp_path: Path) -> None:
    plan = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(10, territories=2, seed=1), plan)
    points, polygons, table = tmp_path / "p.gpkg", tmp_path / "a.gpkg", tmp_path / "t.gpkg"
    gpd.GeoDataFrame({"n": [1]}, geometry=[Point(139.7, 35.6)], crs=4326).to_file(points)
    gpd.GeoDataFrame({"n": [1]}, geometry=[box(139, 35, 140, 36)], crs=4326).to_file(polygons)
    # a table without shapes, positions in columns
    pyogrio.write_dataframe(pd.DataFrame({"顧客名": ["山田商店"], "緯度": [35.6], "経度": [139.7]}),
                            table, layer="customers_list", driver="GPKG")
    xlsx = tmp_path / "x.gpkg"
    pd.DataFrame({"a": [1]}).to_excel(tmp_path / "x.xlsx", index=False)
    (tmp_path / "x.xlsx").rename(xlsx)
    csv, utf8, junk = tmp_path / "c.gpkg", tmp_path / "u.gpkg", tmp_path / "j.gpkg"
    csv.write_bytes("顧客名\t住所\n山田商店\t東京都\n".encode("cp932"))
    utf8.write_bytes(("顧客名,住所\n" + "山田商店,東京都練馬区\n" * 400).encode("utf-8"))
    junk.write_bytes(bytes(range(256)))
    before = {p: p.read_bytes() for p in (plan, points, polygons)}
    assert foreign_kind(plan) == ""
    assert foreign_kind(points) == GEOPACKAGE_ROWS and foreign_kind(table) == GEOPACKAGE_ROWS
    assert foreign_kind(polygons) == GEOPACKAGE
    assert foreign_kind(xlsx) == ".xlsx"
    assert foreign_kind(csv) == ".csv" and foreign_kind(utf8) == ".csv"
    assert foreign_kind(junk) == "" and foreign_kind(tmp_path / "none.gpkg") == ""
    assert all(p.read_bytes() == data for p, data in before.items())
