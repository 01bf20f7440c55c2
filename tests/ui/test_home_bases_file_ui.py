"""Territory → Load home bases from a file…: the reps' home bases of a homes CSV (the README's
homes.csv) set in the window as one undo step, before the design grows territories around
them; only the command line could read it, the window took them one right-click at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.i18n import set_language
from planner.spreadsheet import read_customers
from planner.ui import file_actions
from planner.ui.design_dialog import DesignDialog
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key

pytestmark = pytest.mark.usefixtures("isolated")

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def open_window(qtbot):
    plan = read_customers(str(SAMPLE / "sample_customers.xlsx")).to_plan()
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def homes(window):
    return [(t.rep, t.home_lat is not None) for t in window.document.plan.territories]


def test_the_homes_file_sets_every_reps_home_base_in_one_undo_step(qtbot) -> None:
    set_language("ja")
    window = open_window(qtbot)
    ui = window.actions_ui
    territory_menu = [without_access_key(a.text()) for a in ui.menus["territory"].actions()]
    assert "担当者の拠点をファイルから読み込む…" in territory_menu
    assert not any(home for _rep, home in homes(window))
    before = DesignDialog(window.document, window).use_homes
    assert not before.isEnabled() and "担当者の拠点をファイルから読み込む…" in before.toolTip()
    task = ui.load_homes_from(str(SAMPLE / "homes.csv"))
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    plan = window.document.plan
    assert len(plan.territories) == 8 and all(home for _rep, home in homes(window))
    assert plan.territory("T01").name == "東京エリア"  # the file's names too
    assert window.statusBar().currentMessage() == "8人の担当者の拠点を homes.csv から設定しました。"
    dialog = DesignDialog(window.document, window)
    assert dialog.use_homes.isEnabled() and dialog.use_homes.isChecked()
    ui.actions["undo"].trigger()
    assert not any(home for _rep, home in homes(window))


def test_the_homes_kept_in_excel_are_read_too(qtbot, tmp_path) -> None:
    """Managers keep the list of their reps in Excel: the window reads the workbook's first
    sheet as it reads the CSV."""
    import openpyxl

    window = open_window(qtbot)
    book = tmp_path / "担当者の拠点.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["担当者", "エリア名", "緯度", "経度"])
    ws.append(["鈴木 一郎", "丸の内エリア", 35.677447, 139.749773])
    ws.append(["伊藤 由美", "港北エリア", 35.523571, 139.653845])
    wb.save(book)
    shown: list[str] = []
    window.actions_ui.files.show_error = lambda message, user_error=True: shown.append(message)
    task = window.actions_ui.load_homes_from(str(book))
    ended: list[str] = []
    task.finished.connect(lambda *_: ended.append("finished"))
    task.failed.connect(lambda *_: ended.append("failed"))
    qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
    assert shown == []
    homes = {t.rep: (t.name, t.home_lat) for t in window.document.plan.territories if t.has_home}
    assert homes == {"鈴木 一郎": ("丸の内エリア", 35.677447), "伊藤 由美": ("港北エリア", 35.523571)}


def test_a_customer_list_chosen_for_the_homes_is_refused_and_changes_nothing(qtbot) -> None:
    """The customer list has 担当 and 住所 too: read as homes it would have made a territory
    of each of its 1,500 customers. One sentence instead, the plan as it was."""
    window = open_window(qtbot)
    ui = window.actions_ui
    shown: list[str] = []
    ui.files.show_error = lambda message, user_error=True: shown.append(message)
    before = window.document.plan
    task = ui.load_homes_from(str(SAMPLE / "sample_customers.xlsx"))
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    assert window.document.plan is before and not window.isWindowModified()
    assert len(shown) == 1 and "looks like a customer list" in shown[0]
