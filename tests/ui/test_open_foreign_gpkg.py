"""A ``.gpkg`` that is not a Territory Planner plan (another program's GeoPackage, a
spreadsheet renamed) is said to be so in one sentence, with where its customers can come in;
the plan in the window stays as it was, unsaved work and all, and no save question comes first."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from planner import model as m
from planner import store
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from tests.ui.test_recovery_offer import answer_box, open_window

pytestmark = pytest.mark.usefixtures("isolated")


def shops(path):
    gpd.GeoDataFrame({"name": ["山田商店", "佐藤酒店"]},
                     geometry=[Point(139.70, 35.60), Point(139.80, 35.70)], crs=4326).to_file(
        path, layer="shops")


def areas(path):
    gpd.GeoDataFrame({"name": ["東部"]}, geometry=[box(139.0, 35.0, 140.0, 36.0)],
                     crs=4326).to_file(path, layer="areas")


def renamed_workbook(path):
    workbook = path.with_suffix(".xlsx")
    pd.DataFrame({"顧客名": ["山田商店"], "住所": ["東京都練馬区"]}).to_excel(workbook, index=False)
    workbook.rename(path)


def renamed_csv(path):
    path.write_bytes("顧客名,住所\n山田商店,東京都練馬区\n".encode("cp932"))


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(("make", "import_hint", "suffix"), [
    (shops, True, ""), (areas, False, ""), (renamed_workbook, True, ".xlsx"),
    (renamed_csv, True, ".csv")])
def test_a_gpkg_that_is_not_a_plan_is_said_so_and_the_plan_stays(
        qtbot, tmp_path, language, make, import_hint, suffix):
    set_language(language)
    path = tmp_path / "他社データ.gpkg"
    make(path)
    made = path.read_bytes()
    window = open_window(qtbot, synthetic_plan(30, territories=2, seed=6), "")
    files = window.actions_ui.files
    asked: list[int] = []
    files.ask_save_changes = lambda: asked.append(1) or file_actions.DISCARD
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)  # unsaved work in the window
    before, steps = window.document.plan, window.document.undo_stack.count()
    seen: list[dict] = []
    answer_box(window, "OK", seen)
    files.open_path(str(path))
    (said,) = seen
    assert said["name"] == "notAPlan" and path.name in said["text"]
    assert len(re.findall(r"[.。](?:\s|$)", said["text"])) == 1  # one sentence
    assert ("Territory Planner plan" if language == "en" else "プランではありません") in said["text"]
    button = "Import customer list" if language == "en" else "顧客リストを取り込む"
    assert (button in said["info"]) is import_hint
    assert suffix in said["info"]
    # nothing read into the window, nothing asked, the file untouched
    assert files.task is None and not asked
    assert window.document.plan is before and window.document.undo_stack.count() == steps
    assert window.document.path == "" and window.isWindowModified()
    assert path.read_bytes() == made


def test_a_plan_still_opens(qtbot, tmp_path):
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(25, territories=2, seed=1), path)
    window = open_window(qtbot)
    files = window.actions_ui.files
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(path))
    assert window.document.path == str(path.resolve())
    assert len(window.document.plan.customers) == 25
