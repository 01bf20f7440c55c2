"""Every edit is undoable through the real window: a random mix of the list's, the territory
dock's, the map page's and the calendar's edits, then Undo until nothing is left gives back
exactly the plan opened (and the window unmodified), Redo until nothing is left exactly the
plan the edits made (the window modified again); each plan on the way is the one shown then."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

import pytest
import shapely
from PySide6.QtWidgets import QMessageBox

from planner import edits as E
from planner import model as m
from planner.schedule import build_schedule
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from tests.core.plan_snapshots import assert_same, snapshot
from tests.core.undo_edits import undo_plan

pytestmark = pytest.mark.usefixtures("isolated")

STEPS = 16


def _window(qtbot, monkeypatch, plan: m.Plan) -> MainWindow:
    for name in ("warning", "information", "critical"):  # a refusal is said, never waits
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.Ok))
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.actions_ui.customer_panel.ask_remove = lambda n: True
    window.actions_ui.territory_panel.model.ask_shared_rep = lambda rep, others: True
    return window


def _page(window: MainWindow, kind: str, **payload: object) -> None:
    """A message from the map page, through the bridge as the page sends it."""
    window.map_view.bridge.received.emit(json.dumps({"type": kind, **payload}))


def _near(rng: random.Random, plan: m.Plan) -> tuple[float, float]:
    c = plan.customers[m.located_mask(plan.customers)]
    row = c.iloc[rng.randrange(len(c))]
    return float(row[m.LAT]) + rng.uniform(-0.01, 0.01), float(row[m.LON]) + rng.uniform(-0.01, 0.01)


def _operations(window: MainWindow) -> dict[str, Callable[[random.Random], None]]:
    ui = window.actions_ui
    doc, panel, dock, cal = window.document, ui.customer_panel, ui.territory_panel, ui.calendar_panel

    def select(rng: random.Random, most: int = 5) -> None:
        ids = list(doc.plan.customers[m.CUSTOMER_ID])
        doc.set_selection(rng.sample(ids, rng.randint(1, min(most, len(ids)))))

    def territory(rng: random.Random) -> str:
        return rng.choice(doc.plan.territory_ids)

    def assign(rng):
        select(rng)
        panel.assign_selection(rng.choice([*doc.plan.territory_ids, ""]))

    def frequency(rng):
        select(rng)
        panel.set_selection_frequency(rng.choice([1.0, 2.0, 4.0, 8.0]))

    def lock(rng):
        select(rng)
        panel.lock_selection(rng.random() < 0.6)

    def typed(rng):
        select(rng, 3)
        key, text = rng.choice([(m.CLOSED_DAYS, "土日"), (m.CLOSED_DAYS, ""), (m.VISIT_DAYS, "火"),
                                (m.VISIT_TIME, "午前"), (m.VISIT_WEEK, "2")])
        panel.set_selection_typed(key, text)

    def remove(rng):
        if len(doc.plan.customers) > 12:
            select(rng, 2)
            panel.remove_selection()

    def rename(rng):
        model = dock.model
        row = rng.randrange(model.rowCount())
        model.setData(model.index(row, rng.choice([0, 1])), rng.choice(["北エリア", "木村 拓也"]))

    def home(rng):
        dock.set_home(territory(rng), _near(rng, doc.plan) if rng.random() < 0.8 else None)

    def recolor(rng):
        dock.push(E.RecolorTerritory(territory(rng), rng.choice(m.PALETTE)))

    def merge(rng):
        if len(doc.plan.territories) >= 3:
            a, b = rng.sample(doc.plan.territory_ids, 2)
            dock.merge(a, b)

    def delete(rng):
        if len(doc.plan.territories) >= 3:
            dock.delete(territory(rng))

    def split(rng):
        if len(doc.plan.territories) <= 5:
            dock.split(territory(rng))

    def reshape(rng):
        t = doc.plan.territory(territory(rng))
        if t.boundary is not None:
            lat, lon = _near(rng, doc.plan)
            grown = shapely.union(t.boundary, shapely.Point(lon, lat).buffer(0.02))
            _page(window, "reshape", territory=t.id, polygon=shapely.geometry.mapping(grown))

    def draw(rng):
        if len(doc.plan.territories) <= 5:
            lat, lon = _near(rng, doc.plan)
            disc = shapely.Point(lon, lat).buffer(0.02)
            _page(window, "draw", polygon=shapely.geometry.mapping(disc))

    def pin(rng):
        lat, lon = _near(rng, doc.plan)
        _page(window, "move", id=rng.choice(list(doc.plan.customers[m.CUSTOMER_ID])),
              lat=lat, lon=lon)

    def move_visits(rng):
        s = doc.plan.schedule
        mine = None if s is None else s[s["territory"].isin(doc.plan.territory_ids)]
        if mine is None or mine.empty:
            return
        visit = mine.iloc[rng.randrange(len(mine))]
        cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(visit["territory"]))
        days = cal.days()
        cal.grid.cellClicked.emit(int(visit["week"]) - 1, days.index(visit["day"]))
        doc.set_selection([visit["customer_id"]])
        cal.move_selected_to(int(visit["week"]), rng.choice(days))

    def rebuild(rng):  # Build calendar… as the dialog pushes it
        doc.push(E.ReplacePlan(build_schedule(doc.plan), "Build calendar"))

    def settings(rng):
        import dataclasses

        s = doc.plan.settings
        doc.push(E.UpdateSettings(dataclasses.replace(s, lunch_minutes=rng.choice([0.0, 45.0]))))

    return {name: fn for name, fn in locals().items()
            if callable(fn) and name not in ("select", "territory")}


@pytest.mark.parametrize("seed", [4, 6])
def test_undo_all_gives_the_opened_plan_and_redo_all_the_edited_one(qtbot, monkeypatch, seed):
    opened = undo_plan(seed)
    window = _window(qtbot, monkeypatch, opened)
    doc, ui = window.document, window.actions_ui
    first = snapshot(opened)
    operations = _operations(window)
    rng = random.Random(seed)
    done, shots = [], [first]
    while doc.undo_stack.count() < STEPS:
        name = rng.choice(sorted(operations))
        count = doc.undo_stack.count()
        operations[name](rng)
        if doc.undo_stack.count() > count:
            done.append(name)
            shots.append(snapshot(doc.plan))
    assert window.isWindowModified()
    while doc.undo_stack.canUndo():
        ui.actions["undo"].trigger()
        at = doc.undo_stack.index()
        assert_same(snapshot(doc.plan), shots[at], f"undoing step {at + 1} of {done}")
    assert not window.isWindowModified() and doc.undo_stack.isClean()
    while doc.undo_stack.canRedo():
        ui.actions["redo"].trigger()
        at = doc.undo_stack.index()
        assert_same(snapshot(doc.plan), shots[at], f"redoing step {at} of {done}")
    assert window.isWindowModified()
    assert {"assign", "reshape", "move_visits"} & set(done)
