"""「ここに担当者を追加」 from the Territories dock: the new rep's name and home asked first,
the new territory carved in the territory right-clicked, and the note says from whom."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner._design_graph import project_km
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from tests.core.design_helpers import readme_chain


@pytest.fixture(scope="module")
def seven(tmp_path_factory) -> m.Plan:
    """The README's sample chain after 練馬's rep left: the tester's plan."""
    from planner._design_subset import touching_territories
    from planner.design import design_territories
    from planner.store import load_plan

    plan_file = readme_chain(tmp_path_factory.mktemp("addrep"))
    eight = load_plan(plan_file)
    return design_territories(eight, count=len(touching_territories(eight, "T04")),
                              retire="T04", keep_existing=True, seeds="homes").plan


def _window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def _answers(monkeypatch, rep: str, address: str) -> dict:
    """Make the add-rep dialog answer ``rep`` and ``address``; returns what it showed."""
    from planner.ui.new_rep_dialog import NewRepDialog

    shown: dict = {}

    def answer(dialog: NewRepDialog) -> int:
        shown["title"] = dialog.windowTitle()
        dialog.rep_edit.setText(rep)
        dialog.address_edit.setText(address)
        return 1

    monkeypatch.setattr(NewRepDialog, "exec", answer)
    return shown


def _run_and_apply(qtbot, monkeypatch) -> dict:
    from planner.ui.design_dialog import DesignDialog

    seen: dict = {}

    def run_and_apply(dialog: DesignDialog) -> int:
        with qtbot.waitSignal(dialog.designed, timeout=120_000):
            dialog.run()
        seen["figures"] = dialog.figures.text()
        dialog.apply()
        return 1

    monkeypatch.setattr(DesignDialog, "exec", run_and_apply)
    return seen


def _home_keeps_its_neighbours(before: m.Plan, after: m.Plan) -> list[str]:
    """The reps whose customers next to their home went to another rep."""
    c = before.customers
    was = c[m.TERRITORY].to_numpy(dtype=object)
    now = after.customers[m.TERRITORY].to_numpy(dtype=object)
    lost = []
    for t in before.territories:
        xy = project_km(np.r_[c[m.LAT].to_numpy(float), t.home_lat],
                        np.r_[c[m.LON].to_numpy(float), t.home_lon])
        d = np.hypot(*(xy[:-1] - xy[-1]).T)
        near = np.argsort(np.where(np.isfinite(d), d, np.inf))[:3]
        mine = near[was[near] == t.id]
        if (now[mine] != t.id).any():
            lost.append(t.name)
    return lost


def test_adding_a_rep_at_tokyo_asks_their_name_and_carves_in_tokyo(qtbot, monkeypatch, seven):
    """The tester's walk: 東京's 「ここに担当者を追加」 carved the new territory round 立川's
    rep's home (立川 moved 19 km east, 283 customers changed rep)."""
    window = _window(qtbot, seven)
    shown = _answers(monkeypatch, "小林　直樹", "")
    seen = _run_and_apply(qtbot, monkeypatch)
    panel = window.actions_ui.territory_panel
    row = seven.territory_ids.index("T01")
    menu = panel.territory_menu(row)
    next(a for a in menu.actions() if a.objectName() == "territory_add_rep").trigger()
    assert shown["title"] == "Add a rep to 東京エリア"
    after = window.document.plan
    new = next(t for t in after.territories if t.id not in seven.territory_ids)
    assert new.rep == "小林 直樹" and not new.has_home
    was = seven.customers[m.TERRITORY].to_numpy(dtype=object)
    now = after.customers[m.TERRITORY].to_numpy(dtype=object)
    came = now == new.id
    sources, counts = np.unique(was[came], return_counts=True)
    assert sources[np.argmax(counts)] == "T01"
    assert _home_keeps_its_neighbours(seven, after) == []
    assert f"{new.name} (小林 直樹) takes over " in seen["figures"]
    note = window.statusBar().currentMessage()
    assert f"{new.name} (小林 直樹) takes over {int(counts.max())} customers from 東京エリア" in note
    assert "place the rep's home base on the map" in note


def test_a_home_address_given_grows_the_new_territory_around_it(qtbot, monkeypatch, seven):
    """An address the search cannot reach is placed at its municipality's customers; the
    territory is named after the address's place, as the manager's others (東京エリア …)."""
    from planner._geocode_one import Found

    window = _window(qtbot, seven)
    _answers(monkeypatch, "小林 直樹", "東京都新宿区西新宿2-8-1")
    _run_and_apply(qtbot, monkeypatch)
    asked = []

    def find(address, **_kw):
        asked.append(address)
        return Found(35.6896, 139.6917, "nearby:municipality", "新宿区の顧客の位置", True)

    monkeypatch.setattr("planner._geocode_one.find_address", find)
    row = seven.territory_ids.index("T01")
    menu = window.actions_ui.territory_panel.territory_menu(row)
    next(a for a in menu.actions() if a.objectName() == "territory_add_rep").trigger()
    qtbot.waitUntil(lambda: len(window.document.plan.territories) == len(seven.territories) + 1,
                    timeout=120_000)
    assert asked == ["東京都新宿区西新宿2-8-1"]
    after = window.document.plan
    new = next(t for t in after.territories if t.id not in seven.territory_ids)
    assert (new.rep, new.home_lat, new.home_lon) == ("小林 直樹", 35.6896, 139.6917)
    assert new.name == "新宿エリア"
    c = after.customers
    xy = project_km(np.r_[c[m.LAT].to_numpy(float), new.home_lat],
                    np.r_[c[m.LON].to_numpy(float), new.home_lon])
    d = np.hypot(*(xy[:-1] - xy[-1]).T)
    nearest = np.argsort(np.where(np.isfinite(d), d, np.inf))[:3]
    assert (c[m.TERRITORY].to_numpy(dtype=object)[nearest] == new.id).all()
    assert _home_keeps_its_neighbours(seven, after) == []


def test_cancelling_the_question_leaves_the_plan(qtbot, monkeypatch, seven):
    from planner.ui.new_rep_dialog import NewRepDialog

    window = _window(qtbot, seven)
    monkeypatch.setattr(NewRepDialog, "exec", lambda dialog: 0)
    menu = window.actions_ui.territory_panel.territory_menu(0)
    next(a for a in menu.actions() if a.objectName() == "territory_add_rep").trigger()
    assert window.document.plan is seven or len(window.document.plan.territories) == 7
    assert not window.actions_ui.actions["undo"].isEnabled()
