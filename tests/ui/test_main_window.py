"""The real main window, offscreen: selection, undo/redo, save/close/reopen, autosave, language."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner import store
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from planner.ui import file_actions, settings_store
from planner.ui.export_choice import ExportChoice
from planner.ui.file_recovery import DISCARD_AUTOSAVE, RESTORE
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key

pytestmark = pytest.mark.usefixtures("isolated")


def shown(action) -> str:
    """What a menu shows for ``action``: its text without the access-key marker."""
    return without_access_key(action.text())


def open_window(qtbot, plan=None, path=""):
    window = MainWindow(plan if plan is not None else synthetic_plan(300, territories=4), path)
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block a test
    return window


def unassign_and_autosave(qtbot, window, ids):
    """Take ``ids`` out of their territories, then let the autosave run once."""
    window.document.set_selection(ids)
    window.actions_ui.customer_panel.assign_selection("")
    autosaver = window.actions_ui.files.autosaver
    with qtbot.waitSignal(autosaver.saved, timeout=30_000):
        autosaver.set_interval(50)
    autosaver.stop()


def territory_column(window):
    return window.document.plan.customers[m.TERRITORY].to_numpy().copy()


def test_reassign_selection_then_undo_and_redo(qtbot):
    window = open_window(qtbot)
    ui = window.actions_ui
    panel = ui.customer_panel
    panel.view.selectRow(0)
    assert len(window.document.selection) == 1
    ids = list(window.document.plan.customers[m.CUSTOMER_ID][:40])
    window.document.set_selection(ids)  # as the map's lasso does
    assert len(panel.selected_view_rows()) == 40  # the table follows the map
    before = territory_column(window)
    assert not window.isWindowModified()
    panel.assign_selection("T02")
    after = territory_column(window)
    assert (after[:40] == "T02").all() and window.isWindowModified()
    assert window.windowTitle() == "Sample plan[*] — Territory Planner"  # Qt shows [*] as *
    ui.actions["undo"].trigger()
    assert (territory_column(window) == before).all()
    assert not window.isWindowModified()
    ui.actions["redo"].trigger()
    assert (territory_column(window) == after).all()
    metrics = ui.territory_panel.model
    row = [metrics.territory_id(r) for r in range(metrics.rowCount())].index("T02")
    shown = int(metrics.index(row, 2).data().replace(",", ""))
    assert shown == int((after == "T02").sum())


def test_what_a_boundary_edit_did_leaves_the_status_bar_when_it_is_undone(qtbot):
    window = open_window(qtbot)
    ui = window.actions_ui
    assert ui.map_view is not None
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:7]))
    ui.customer_panel.assign_selection("T02")  # standing in for the dragged boundary
    ui.map_view.edited.emit("Customers now in: 東 7.", False)
    assert window.statusBar().currentMessage() == "Customers now in: 東 7."
    ui.actions["undo"].trigger()  # untrue now: the 7 are back; the bar says what came back
    to = window.document.plan.territory("T02").name  # the step names where they went
    assert window.statusBar().currentMessage() == f"Undone: Assign 7 customers to {to}"
    ui.actions["redo"].trigger()
    assert window.statusBar().currentMessage() == f"Redone: Assign 7 customers to {to}"
    ui.actions["redo"].trigger()  # nothing to redo: the bar keeps its message
    assert window.statusBar().currentMessage() == f"Redone: Assign 7 customers to {to}"


def test_save_close_asks_then_reopen(qtbot, tmp_path):
    path = tmp_path / "plan.gpkg"
    window = open_window(qtbot)
    files = window.actions_ui.files
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save_to(str(path))
    assert not window.isWindowModified() and window.windowTitle().startswith("plan.gpkg")
    window.actions_ui.customer_panel.lock_selection(True)  # nothing selected: no change
    assert not window.isWindowModified()
    window.document.set_selection(["C000001", "C000002"])
    window.actions_ui.customer_panel.lock_selection(True)
    assert window.isWindowModified()
    files.ask_save_changes = lambda: file_actions.CANCEL
    assert not window.close() and window.isVisible()
    files.ask_save_changes = lambda: file_actions.SAVE
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert all(settings_store.window_state())  # the layout is remembered
    again = open_window(qtbot, synthetic_plan(10, territories=2))
    with qtbot.waitSignal(again.actions_ui.files.planOpened, timeout=30_000):
        again.actions_ui.files.open_path(str(path))
    locked = again.document.plan.customers.set_index(m.CUSTOMER_ID)[m.LOCKED]
    assert locked["C000001"] and locked["C000002"] and int(locked.sum()) == 2
    assert not again.isWindowModified()
    again.actions_ui.restore_layout()
    assert settings_store.recent_files()[0] == str(path.resolve())


def crash_after_an_edit(qtbot, tmp_path):
    """A saved plan opened, five customers taken out of their territories and autosaved; the
    window then goes without saving (a crash): (the plan's path, those customers)."""
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(200, territories=3)
    store.save_plan(plan, path)
    window = open_window(qtbot, plan, str(path))
    ids = tuple(plan.customers[m.CUSTOMER_ID][:5])
    unassign_and_autosave(qtbot, window, ids)
    return path, ids


def test_autosave_then_recover_after_a_crash(qtbot, tmp_path):
    path, ids = crash_after_an_edit(qtbot, tmp_path)
    assert store.find_recovery(path) is not None
    # "crash": the window goes without saving; the next session opens the plan
    fresh = open_window(qtbot, synthetic_plan(10, territories=2))
    fresh.actions_ui.files.ask_restore = lambda _p: RESTORE
    with qtbot.waitSignal(fresh.actions_ui.files.planOpened, timeout=30_000):
        fresh.actions_ui.files.open_path(str(path))
    terr = fresh.document.plan.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
    assert (terr[list(ids)] == "").all()
    assert fresh.isWindowModified()  # restored work is not saved yet
    with qtbot.waitSignal(fresh.actions_ui.files.fileSaved, timeout=30_000):
        fresh.actions_ui.files.save()
    assert store.find_recovery(path) is None


def test_switching_language_renames_the_undo_steps_and_the_calendar_hints(qtbot):
    from planner.schedule import build_schedule

    window = open_window(qtbot, build_schedule(synthetic_plan(30, territories=2, seed=3)))
    ui = window.actions_ui
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:3]))
    ui.customer_panel.assign_selection("T02")
    ui.customer_panel.assign_selection("")
    window.document.undo_stack.undo()
    english = (shown(ui.actions["undo"]), shown(ui.actions["redo"]))
    assert english[0].startswith("Undo ") and english[1].startswith("Redo ")
    ui.switch_language("ja")
    undo, redo = shown(ui.actions["undo"]), shown(ui.actions["redo"])
    assert undo.startswith("元に戻す") and redo.startswith("やり直す")
    assert not any(ch.isascii() and ch.isalpha() for ch in undo + redo), (undo, redo)
    assert "ドラッグ" in ui.calendar_panel.day_list.toolTip()
    ui.switch_language("en")
    assert (shown(ui.actions["undo"]), shown(ui.actions["redo"])) == english


def test_an_autosave_older_than_its_file_changed_after_a_crash_is_still_offered(qtbot, tmp_path):
    """A crash, then a command changed the plan file: the autosave was never offered again
    (only one newer than the file was), and the work in it was lost from sight."""
    import os

    path, ids = crash_after_an_edit(qtbot, tmp_path)
    recovery = store.find_recovery(path)
    later = recovery.stat().st_mtime + 60
    os.utime(path, (later, later))  # `frequency plan.gpkg …` after the crash
    asked = []

    def ask(_recovery, *, untitled=False, older=False):
        asked.append((untitled, older))
        return RESTORE

    fresh = open_window(qtbot, synthetic_plan(10, territories=2))
    fresh.actions_ui.files.ask_restore = ask
    with qtbot.waitSignal(fresh.actions_ui.files.planOpened, timeout=30_000):
        fresh.actions_ui.files.open_path(str(path))
    assert (False, True) in asked
    terr = fresh.document.plan.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
    assert (terr[list(ids)] == "").all() and fresh.isWindowModified()


def test_switch_language_rewrites_menus_and_the_banner(qtbot):
    window = open_window(qtbot)
    ui = window.actions_ui
    ui.show_banner()
    assert ui.menus["file"].title() == "&File"
    ui.switch_language("ja")
    assert ui.menus["file"].title() == "ファイル(&F)"
    assert ui.docks["customers"].windowTitle() == "顧客一覧"
    assert ui._banner_button.text() == "閉じる"
    assert settings_store.language() == "ja"
    ui.switch_language("en")
    assert ui.actions["save"].text() == "&Save"
    ui.dismiss_banner()
    assert settings_store.first_start_done() and not ui.banner.isVisible()


def test_exports_run_in_the_worker(qtbot, tmp_path):
    window = open_window(qtbot)
    files = window.actions_ui.files
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    for name, action in (("plan.xlsx", "export_excel"), ("map.html", "export_html")):
        files.ask_save_path = lambda *_a, n=name: str(tmp_path / n)
        with qtbot.waitSignal(files.exported, timeout=60_000):
            window.actions_ui.actions[action].trigger()
        assert (tmp_path / name).stat().st_size > 1000


def test_reps_calendars_export_into_a_folder_or_explain_why_not(qtbot, tmp_path, monkeypatch):
    import dataclasses

    from PySide6.QtWidgets import QMessageBox

    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=2, seed=2)
    window = open_window(qtbot, build_schedule(plan, route_seconds=0.01))
    files = window.actions_ui.files
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    asked: list[str] = []
    files.ask_folder = lambda title: asked.append(title) or str(tmp_path)
    from planner.ui.export_choice import ExportChoice

    files.ask_export_choice = lambda *_a, **_k: asked.append("reps") or ExportChoice()  # all
    window.actions_ui.actions["export_ics"].trigger()  # no dates: one sentence, no question
    assert shown and "no dates" in shown[0] and not asked and not list(tmp_path.iterdir())
    dated = dataclasses.replace(plan.settings, start_date="2026-12-07")
    window.document.reset(build_schedule(plan.replace(settings=dated), route_seconds=0.01))
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions["export_ics"].trigger()
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == [".ics", ".ics"] and str(tmp_path) in window.statusBar().currentMessage()
    # a cancelled export says that nothing was written (the export writes its files last)
    import time

    import planner.export.ical as ical
    from planner.errors import Cancelled

    def slow(plan, folder, *, progress=None, **_choice):  # noqa: ANN001, ANN003, ANN202
        while progress(0.1, "…") is not False:
            time.sleep(0.01)
        raise Cancelled

    monkeypatch.setattr(ical, "export_calendars", slow)
    files.ask_folder = lambda title: str(tmp_path / "again")
    window.actions_ui.actions["export_ics"].trigger()
    with qtbot.waitSignal(files.task.cancelled, timeout=10_000):
        files.task.cancel()
    assert "nothing was written" in window.statusBar().currentMessage()


def test_calendar_day_shows_its_route(qtbot, monkeypatch):
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(120, territories=2))
    window = open_window(qtbot, plan)
    routes = []
    monkeypatch.setattr(window.map_view, "show_route", routes.append)
    cal = window.actions_ui.calendar_panel
    assert cal.grid.rowCount() == plan.meta["schedule_weeks"]
    row, col = next(
        (r, c)
        for r in range(cal.grid.rowCount())
        for c in range(cal.grid.columnCount())
        if cal.grid.item(r, c) is not None
    )
    cal.grid.cellClicked.emit(row, col)
    assert routes and len(routes[0]) >= 2
    assert np.isfinite([s[0] for s in routes[0]]).all()
    route = routes[0]
    # from the rep's home, the day's stops numbered in order, and back home without a marker
    assert route[0][3] == "⌂" and route[-1][3] == "" and route[0][:2] == route[-1][:2]
    assert [s[3] for s in route[1:-1]] == [str(k) for k in range(1, len(route) - 1)]



def test_calendar_moves_selected_visits_to_another_day_and_undo_restores(qtbot, monkeypatch):
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(120, territories=2))
    window = open_window(qtbot, plan)
    routes = []
    monkeypatch.setattr(window.map_view, "show_route", routes.append)
    cal = window.actions_ui.calendar_panel
    days = cal.days()
    filled = [
        (r, c)
        for r in range(cal.grid.rowCount())
        for c in range(cal.grid.columnCount())
        if cal.grid.item(r, c) is not None
    ]
    (row, col), (row2, col2) = filled[0], next(rc for rc in filled if rc[1] != filled[0][1])
    week, day = row + 1, days[col]
    target = (row2 + 1, days[col2])

    def action(r, c, name):
        return next(a for a in cal.day_menu(r, c).actions() if a.objectName() == name)

    assert not action(row2, col2, "calendar_move_here").isEnabled()  # no day shown yet
    cal.grid.cellClicked.emit(row, col)  # show the day, then select two of its customers
    on_day = cal.day_customers(week, day)
    action(row, col, "calendar_select_day").trigger()
    assert window.document.selection == frozenset(on_day)
    # the day's stops are listed in route order; picking rows there selects those customers
    listed = cal.day_list
    assert listed.rowCount() == len(on_day)
    assert [listed.item(r, 0).text() for r in range(listed.rowCount())] == [
        str(k) for k in range(1, len(on_day) + 1)
    ]
    assert len(listed.selectionModel().selectedRows()) == len(on_day)  # follows the selection
    listed.clearSelection()
    listed.selectRow(0)
    model = listed.selectionModel()
    model.select(listed.model().index(1, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows)
    assert window.document.selection == frozenset(on_day[:2])
    before = window.document.plan.schedule.copy()
    move = action(row2, col2, "calendar_move_here")
    assert move.isEnabled() and "2" in move.text()
    move.trigger()
    after = window.document.plan.schedule
    for cid in on_day[:2]:
        visits = after[after["customer_id"] == cid]
        assert target in set(zip(visits["week"], visits["day"], strict=True))
        assert (week, day) not in set(zip(visits["week"], visits["day"], strict=True))
    assert set(cal.day_customers(*target)) >= set(on_day[:2])
    assert routes[-1] and cal.shown == (cal.territory_id(), *target)  # the map follows
    assert "Moved 2 customers" in window.statusBar().currentMessage()
    shown_now = [listed.item(r, 2).text() for r in range(listed.rowCount())]
    names = window.document.plan.customers.set_index(m.CUSTOMER_ID)[m.NAME]
    # the list shows the new day, the moved customers marked ※ (the rep tells them)
    assert {"※" + names[c] for c in on_day[:2]} <= set(shown_now)
    moved_route = routes[-1]
    window.document.undo_stack.undo()
    assert window.document.plan.schedule.equals(before)
    assert cal.day_customers(week, day) == on_day
    # the map's route is the day shown as it is again, without the two customers undone
    undone = routes[-1]
    assert len(undone) == len(moved_route) - 2
    labels = " ".join(stop[2] for stop in undone)
    assert not any(names[c] in labels for c in on_day[:2])


def test_dragging_stops_from_the_day_list_onto_another_day_moves_them(qtbot, monkeypatch):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(120, territories=2))
    window = open_window(qtbot, plan)
    monkeypatch.setattr(window.map_view, "show_route", lambda route: None)
    cal = window.actions_ui.calendar_panel
    days = cal.days()
    filled = [
        (r, c)
        for r in range(cal.grid.rowCount())
        for c in range(cal.grid.columnCount())
        if cal.grid.item(r, c) is not None
    ]
    (row, col), (row2, col2) = filled[0], next(rc for rc in filled if rc[1] != filled[0][1])
    cal.grid.cellClicked.emit(row, col)
    dragged = cal.day_ids[:2]
    items = [cal.day_list.item(r, 0) for r in (0, 1)]
    mime = cal.day_list.mimeData(items)  # what a drag of those two rows carries
    point = QPointF(cal.grid.visualRect(cal.grid.model().index(row2, col2)).center())
    both = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction  # as the list's drag offers
    drop = QDropEvent(point, both, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, QEvent.Type.Drop)
    # Qt delivers a real drop to the grid's viewport filter; offscreen there is no drag, so
    # the test hands the same event to that filter itself
    assert cal.eventFilter(cal.grid.viewport(), drop) is True
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction  # rows stay
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == 1, timeout=5000)
    target = (row2 + 1, days[col2])
    s = window.document.plan.schedule
    for cid in dragged:
        visits = set(zip(s[s["customer_id"] == cid]["week"], s[s["customer_id"] == cid]["day"],
                         strict=True))
        assert target in visits and (row + 1, days[col]) not in visits
    assert window.document.undo_stack.count() == 1
    # a drop on the day shown itself does nothing
    same = QPointF(cal.grid.visualRect(cal.grid.model().index(row2, col2)).center())
    mime2 = cal.day_list.mimeData([cal.day_list.item(0, 0)])  # kept: the event points to it
    again = QDropEvent(same, both, mime2, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, QEvent.Type.Drop)
    cal.eventFilter(cal.grid.viewport(), again)
    assert not again.isAccepted()
    qtbot.wait(50)
    assert window.document.undo_stack.count() == 1

def test_a_bug_in_a_slot_autosaves_and_explains(qtbot, monkeypatch):
    import sys

    from planner.ui import error_report
    from planner.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored afterwards
    shown = []
    monkeypatch.setattr(error_report, "show_error_report",
                        lambda _parent, message, details="": shown.append(message + details))
    window = open_window(qtbot)
    window.document.set_selection(["C000003"])
    window.actions_ui.customer_panel.assign_selection("")
    install_excepthook(window)
    autosaver = window.actions_ui.files.autosaver
    with qtbot.waitSignal(autosaver.saved, timeout=30_000):
        try:
            raise ValueError("boom")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    assert shown and "boom" in shown[0]
    autosaver.stop()  # the program then dies: the next start finds the autosave
    assert store.find_recovery(None) is not None


def test_rebalance_the_selected_territories_from_the_dock(qtbot, monkeypatch):
    from PySide6.QtCore import QItemSelectionModel

    window = open_window(qtbot)
    ui = window.actions_ui
    seen = design_dialog_runs(qtbot, monkeypatch)
    before = territory_column(window)
    panel = ui.territory_panel
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        panel.view.selectionModel().select(panel.model.index(row, 0), flags)
    menu = panel.territory_menu(0)
    next(a for a in menu.actions() if a.objectName() == "territory_rebalance_selected").trigger()
    assert seen["only"] == ("T01", "T02")
    after = territory_column(window)
    others = ~np.isin(before, ["T01", "T02"])
    assert (after[others] == before[others]).all()
    assert window.document.undo_stack.undoText() == "Rebalance the selected territories"
    ui.actions["undo"].trigger()
    assert (territory_column(window) == before).all()


def test_split_a_territory_into_balanced_ones_from_the_dock(qtbot, monkeypatch):
    from planner import territories as tmod

    window = open_window(qtbot)
    ui = window.actions_ui
    seen = design_dialog_runs(qtbot, monkeypatch)
    before = territory_column(window)
    menu = ui.territory_panel.territory_menu(0)
    next(a for a in menu.actions() if a.objectName() == "territory_split_balanced").trigger()
    assert (seen["title"], seen["count"], seen["keep"]) == (
        "Split into balanced territories", 2, False)
    plan = window.document.plan
    assert len(plan.territories) == 5
    new = plan.territories[-1].id
    after = territory_column(window)
    assert set(after[before == "T01"]) == {"T01", new}
    assert (after[before != "T01"] == before[before != "T01"]).all()
    loads = tmod.territory_metrics(plan).loc[["T01", new], "workload_hours_per_week"]
    assert abs(loads.iloc[0] / loads.mean() - 1) <= plan.settings.tolerance + 5e-4


def test_a_leaving_rep_hands_over_from_the_dock(qtbot, monkeypatch):
    from planner._design_subset import touching_territories

    window, seen, plan, before = window_with_design_runs(qtbot, monkeypatch)
    ui = window.actions_ui
    row = next(i for i, t in enumerate(plan.territories)
               if 0 < len(touching_territories(plan, t.id)) < len(plan.territories) - 1)
    tid, name = plan.territories[row].id, plan.territories[row].name
    group = touching_territories(plan, tid)
    trigger_dock_action(window, row, "territory_hand_over")
    assert seen["title"] == f"Hand over {name}'s customers"
    assert (seen["count"], seen["keep"]) == (len(group), True)
    assert set(seen["only"]) == {*group, tid}
    after = window.document.plan
    assert tid not in after.territory_ids
    now = territory_column(window)
    assert set(now[before == tid]) <= set(group)
    others = ~np.isin(before, [*group, tid])
    assert (now[others] == before[others]).all()
    ui.actions["undo"].trigger()
    assert tid in window.document.plan.territory_ids
    assert (territory_column(window) == before).all()


def test_a_rep_added_beside_a_territory_from_the_dock(qtbot, monkeypatch):
    from planner import territories as tmod
    from planner._design_subset import touching_territories
    from planner.ui.new_rep_dialog import NewRepDialog

    window, seen, plan, before = window_with_design_runs(qtbot, monkeypatch)
    monkeypatch.setattr(NewRepDialog, "exec", lambda dialog: 1)  # OK, no name, no address
    ui = window.actions_ui
    tid, name = plan.territories[0].id, plan.territories[0].name
    group = {tid, *touching_territories(plan, tid)}
    trigger_dock_action(window, 0, "territory_add_rep")
    assert seen["title"] == f"Add a rep to {name}"
    assert (seen["count"], seen["keep"], set(seen["only"])) == (len(group) + 1, True, group)
    after = window.document.plan
    assert len(after.territories) == len(plan.territories) + 1
    new = after.territories[-1].id
    now = territory_column(window)
    assert (now == new).sum() > 0 and set(now[now == new]) == {new}
    others = ~np.isin(before, list(group))
    assert (now[others] == before[others]).all()
    loads = tmod.territory_metrics(after).loc[[*group, new], "workload_hours_per_week"]
    assert abs(loads / loads.mean() - 1).max() <= after.settings.tolerance + 5e-4
    ui.actions["undo"].trigger()
    assert len(window.document.plan.territories) == len(plan.territories)


def test_a_territory_named_after_its_area_from_the_dock(qtbot):
    from planner.areas import suggested_name

    window = open_window(qtbot)
    plan = window.document.plan
    tid = plan.territories[0].id
    name = suggested_name(plan, tid)
    assert name.endswith(" area")
    menu = window.actions_ui.territory_panel.territory_menu(0)
    action = next(a for a in menu.actions() if a.objectName() == "territory_name_after_area")
    assert action.text() == f"Name it {name}"
    action.trigger()
    assert window.document.plan.territory(tid).name == name
    menu = window.actions_ui.territory_panel.territory_menu(0)  # so named: not offered again
    assert "territory_name_after_area" not in [a.objectName() for a in menu.actions()]
    window.actions_ui.actions["undo"].trigger()
    assert window.document.plan.territory(tid).name == plan.territories[0].name


def window_with_design_runs(qtbot, monkeypatch):
    """The sample window whose design dialog runs and applies itself: (window, what the
    dialog saw, the plan and its territory column before)."""
    window = open_window(qtbot)
    seen = design_dialog_runs(qtbot, monkeypatch)
    return window, seen, window.document.plan, territory_column(window)


def trigger_dock_action(window, row: int, name: str) -> None:
    """Right-click the Territories dock's row ``row`` and choose the action named ``name``."""
    menu = window.actions_ui.territory_panel.territory_menu(row)
    next(a for a in menu.actions() if a.objectName() == name).trigger()


def design_dialog_runs(qtbot, monkeypatch) -> dict:
    """Make the design dialog, once opened, do what a manager does: Run, then Apply. Returns
    what it saw (title, count, keep, only)."""
    from planner.ui.design_dialog import DesignDialog

    seen: dict = {}

    def run_and_apply(dialog):
        seen.update(title=dialog.windowTitle(), count=dialog.count.value(),
                    keep=dialog.keep.isChecked(), only=dialog.only)
        with qtbot.waitSignal(dialog.designed, timeout=60_000):
            dialog.run()
        dialog.apply()
        return 1

    monkeypatch.setattr(DesignDialog, "exec", run_and_apply)
    return seen


def test_the_samples_welcome_leaves_when_the_managers_own_list_comes_in(qtbot):
    window = MainWindow(synthetic_plan(300, territories=4))  # as the program opens the sample
    qtbot.addWidget(window)
    ui = window.actions_ui
    ui.files.ask_save_changes = lambda: file_actions.DISCARD
    ui.show_banner()
    window.show()
    assert ui.banner is not None and ui.banner.isVisible()
    ui.files.adopt_import(synthetic_plan(50, territories=2, seed=4))  # File → New plan from …
    assert not ui.banner.isVisible()


def test_a_never_saved_plans_autosave_is_offered_when_the_next_session_opens_a_file(
    qtbot, tmp_path
):
    """Session 1 imports a list and works on it, then crashes. Session 2 starts on a plan
    file: it is offered session 1's work, before its own unsaved work could take its place."""
    first = open_window(qtbot)
    first.actions_ui.files.adopt_import(synthetic_plan(80, territories=2, seed=9))
    ids = tuple(first.document.plan.customers[m.CUSTOMER_ID][:3])
    unassign_and_autosave(qtbot, first, ids)
    assert store.find_recovery(None) is not None
    path = tmp_path / "other.gpkg"
    store.save_plan(synthetic_plan(30, territories=2, seed=1), path)
    asked = []

    def ask(_recovery, *, untitled=False):
        asked.append(untitled)
        return RESTORE

    second = open_window(qtbot, store.load_plan(path), str(path))
    second.actions_ui.files.ask_restore = ask
    assert second.actions_ui.files.offer_recovery()  # as the program does once it shows
    assert asked == [True] and second.document.path == ""
    terr = second.document.plan.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
    assert len(terr) == 80 and (terr[list(ids)] == "").all()
    assert second.isWindowModified()
    second.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    with qtbot.waitSignal(second.actions_ui.files.planOpened, timeout=30_000):
        second.actions_ui.files.open_path(str(path))
    assert asked == [True]  # once a session


def test_declining_the_unsaved_plans_autosave_still_offers_the_plans_own(qtbot, tmp_path):
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(40, territories=2, seed=1)
    store.save_plan(plan, path)
    c = plan.customers.copy()
    c.loc[c.index[:4], m.TERRITORY] = ""
    import os
    import time

    time.sleep(0.05)
    own = store.save_recovery(plan.replace(customers=c), path)  # this plan's crash autosave
    store.save_recovery(synthetic_plan(30, territories=2, seed=5), None)  # a never-saved one
    os.utime(own)
    asked = []

    def ask(_recovery, *, untitled=False):
        asked.append(untitled)
        return DISCARD_AUTOSAVE if untitled else RESTORE  # this plan's own is restored

    window = open_window(qtbot, store.load_plan(path), str(path))
    window.actions_ui.files.ask_restore = ask
    assert window.actions_ui.files.offer_recovery()
    assert asked == [True, False] and window.document.path == str(path)
    assert (window.document.plan.customers[m.TERRITORY] == "").sum() == 4


def test_a_hand_move_names_every_day_it_made_too_long(qtbot):
    """Two weekly customers on different days, a day holding one: moving one onto the other's
    day makes that weekday too long in every week, and the message says so for all of them."""
    import dataclasses

    from planner.schedule import build_schedule

    plan = synthetic_plan(2, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 200.0
    c[m.VISIT_DAYS] = ["mon", "tue"]
    built = build_schedule(plan.replace(customers=c), weeks=4)
    short = built.replace(settings=dataclasses.replace(built.settings, day_hours=5.0))
    window = open_window(qtbot, short)
    cal = window.actions_ui.calendar_panel
    first = str(c[m.CUSTOMER_ID].iloc[0])
    cal.grid.cellClicked.emit(0, cal.days().index("mon"))  # week 1's Monday
    window.document.set_selection([first])
    assert cal.move_selected_to(1, "tue")
    message = window.statusBar().currentMessage()
    assert "every Tue " in message and "h (longer than the 5-hour day)" in message


def test_an_export_names_the_days_longer_than_the_reps_day(qtbot, tmp_path):
    """The outputs mark a day a hand move made too long; the window's export message names
    those days too, as the export command's warning does."""
    import dataclasses

    from openpyxl import load_workbook

    from planner.schedule import build_schedule

    plan = synthetic_plan(2, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 200.0
    c[m.VISIT_DAYS] = ["mon", "tue"]
    built = build_schedule(plan.replace(customers=c), weeks=4)
    window = open_window(qtbot, built.replace(
        settings=dataclasses.replace(built.settings, day_hours=5.0)))
    files = window.actions_ui.files
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    files.ask_save_path = lambda *_a: str(tmp_path / "fits.xlsx")
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions["export_excel"].trigger()
    assert "longer than" not in window.statusBar().currentMessage()
    cal = window.actions_ui.calendar_panel
    cal.grid.cellClicked.emit(0, cal.days().index("mon"))
    window.document.set_selection([str(c[m.CUSTOMER_ID].iloc[0])])
    assert cal.move_selected_to(1, "tue")
    files.ask_save_path = lambda *_a: str(tmp_path / "long.xlsx")
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions["export_excel"].trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith(tr("Exported {path}", path=str(tmp_path / "long.xlsx")))
    assert "4 days are longer than the rep's day: 山田 太郎 week 1 Tue (" in message
    route = load_workbook(tmp_path / "long.xlsx").worksheets[-2]  # the rep's, before _exported
    assert any("over the day" in str(row[0]) for row in route.iter_rows(values_only=True))


def test_a_day_a_few_minutes_too_long_shows_by_how_much_not_the_limit_itself(qtbot):
    """A day of 8.03 hours in an 8-hour day read "8.0 h, longer than the 8-hour day" in red."""
    import dataclasses

    from planner.move_effect import DayChange, MoveEffect
    from planner.schedule import build_schedule
    from planner.stats import day_summary
    from planner.ui.calendar_notes import move_message

    plan = synthetic_plan(2, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.VISIT_DAYS] = ["mon", "mon"]
    first = build_schedule(plan.replace(customers=c), weeks=1)
    hours = float(day_summary(first, territory_id="T01")["hours"].max())
    limit = float(np.ceil(hours))  # the visits take two minutes more than a whole-hour day
    c[m.SERVICE_MINUTES] += (limit + 2 / 60 - hours) * 60 / 2
    built = build_schedule(plan.replace(customers=c), weeks=1)
    table = day_summary(built, territory_id="T01")
    table = table[table["visits"] > 0]
    hours = float(table["hours"].iloc[0])
    assert f"{hours:.1f}" == f"{limit:.1f}" and hours > limit
    short = built.replace(settings=dataclasses.replace(built.settings, day_hours=limit))
    window = open_window(qtbot, short)
    cal = window.actions_ui.calendar_panel
    cal.grid.cellClicked.emit(0, 0)
    cell = cal.grid.item(0, cal.days().index("mon"))
    assert f"{hours:.2f} h" in cell.text() and cell.background().color().name() == "#f8c9c4"
    day = DayChange("mon", (1,), 0.0, hours, (1,), joined=True)
    effect = MoveEffect("T01", 1, limit, (day,), 10.0, 20.0)
    message = move_message(1, (1, "mon"), False, effect=effect)
    assert f"week 1 Mon 0.0 → {hours:.2f} h (longer than the {limit:g}-hour day)" in message


def test_switching_language_rewrites_the_calendar_days_in_the_customer_list(qtbot):
    from planner.schedule import build_schedule
    from planner.ui.customer_model import COLUMNS

    window = open_window(qtbot, build_schedule(synthetic_plan(40, territories=2, seed=2)))
    ui = window.actions_ui
    model = ui.customer_panel.model
    col = [c.key for c in COLUMNS].index("calendar")
    texts = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    assert any(t.startswith(("weekly", "every")) for t in texts)
    ui.switch_language("ja")
    try:
        texts = [model.data(model.index(r, col)) for r in range(model.rowCount())]
        assert any(t.startswith(("毎週", "隔週")) for t in texts)
        assert not any(t.startswith(("weekly", "every")) for t in texts)
    finally:
        ui.switch_language("en")


def test_the_whole_calendar_report_is_shown_after_a_build(qtbot, monkeypatch):
    """The status bar cuts a long report; a message box beside the calendar shows it whole."""
    from planner.ui import schedule_dialog

    window = open_window(qtbot)
    report = "The calendar runs 8 weeks. " * 12  # longer than any status bar

    def built(dialog):  # as if the manager pressed Build and the build finished
        dialog.report = report
        return 1

    monkeypatch.setattr(schedule_dialog.ScheduleDialog, "exec", built)
    ui = window.actions_ui
    ui.show_schedule()
    assert ui.report_box is not None and ui.report_box.isVisible()
    assert ui.report_box.text() == report
    ui.report_box.close()


def test_the_undo_button_stays_short_and_the_menu_names_the_step(qtbot):
    from planner.edits import LockCustomers

    window = open_window(qtbot)
    ui = window.actions_ui
    ids = tuple(window.document.plan.customers[m.CUSTOMER_ID].iloc[:3])
    window.document.push(LockCustomers(ids, True))
    undo = ui.actions["undo"]
    assert shown(undo) == "Undo Lock 3 customers"  # Edit menu
    assert undo.iconText() == "Undo" and undo.toolTip() == shown(undo)  # toolbar button


def test_the_territories_dock_widens_to_its_english_headings(qtbot):
    """Started in Japanese, switched to English: the dock kept the narrower Japanese width and
    cut the last column behind a scroll bar."""
    set_language("ja")
    window = MainWindow(synthetic_plan(300, territories=4))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    ui = window.actions_ui
    dock = ui.docks["territories"]
    qtbot.waitUntil(lambda: dock.width() >= ui.territory_panel.preferred_width(), timeout=5_000)
    japanese = dock.width()
    ui.switch_language("en")
    assert ui.territory_panel.preferred_width() > japanese  # the case in question
    qtbot.waitUntil(lambda: dock.width() >= ui.territory_panel.preferred_width(), timeout=5_000)


@pytest.mark.parametrize("code", ["en", "ja"])
def test_every_menu_item_opens_with_its_own_access_key(qtbot, code):
    """Alt+F then O opens a plan: every item of every menu has an access key (開く(&O)),
    none taken twice in one menu, and the toolbar's buttons show no marker."""
    from PySide6.QtGui import QKeySequence

    window = open_window(qtbot)
    ui = window.actions_ui
    ui.switch_language(code)
    try:
        menus = [a.menu() for a in window.menuBar().actions()]
        for menu in menus:
            menus += [a.menu() for a in menu.actions() if a.menu() is not None]
        for menu in menus:
            items = [a for a in menu.actions() if not a.isSeparator()]
            if menu is ui.menus["recent"]:
                continue  # file paths
            keys = [QKeySequence.mnemonic(a.text()).toString() for a in items]
            assert all(keys), [a.text() for a, k in zip(items, keys, strict=True) if not k]
            assert len(set(keys)) == len(keys), [a.text() for a in items]
            assert QKeySequence.mnemonic(menu.title()).toString()
        assert "&" not in ui.actions["open"].iconText() and "(" not in ui.actions["open"].iconText()
        if code == "ja":
            assert ui.actions["open"].text().startswith("開く(&O)")
    finally:
        ui.switch_language("en")


def test_handing_out_an_out_of_date_calendar_asks_first(qtbot, tmp_path):
    """Frequencies changed after the calendar was built: the window exported route sheets
    that contradicted the plan without a word (the command line warned)."""
    import dataclasses

    from openpyxl import load_workbook

    from planner.edits import SetFrequency
    from planner.export.common import STALE_CALENDAR_SHORT
    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=2, seed=2)
    dated = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    window = open_window(qtbot, build_schedule(dated, route_seconds=0.01))
    files = window.actions_ui.files
    asked: list[str] = []
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    files.ask_save_path = lambda *_a: asked.append("path") or str(tmp_path / "plan.xlsx")
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions["export_excel"].trigger()  # up to date: no question
    assert asked == ["path"]
    first = window.document.plan.customers[m.CUSTOMER_ID].iloc[0]
    window.document.push(SetFrequency((first,), (0.5,)))
    assert window.document.plan.meta.get("schedule_stale")
    answers: list[bool] = []
    files.ask_export_stale = lambda: answers.append(False) or False
    for action in ("export_excel", "export_pdf", "export_ics", "print_handouts"):
        window.actions_ui.actions[action].trigger()
    assert len(answers) == 4 and asked == ["path"]  # each asked; Cancel wrote nothing
    files.ask_export_stale = lambda: True
    files.ask_save_path = lambda *_a: str(tmp_path / "stale.xlsx")
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions["export_excel"].trigger()
    wb = load_workbook(tmp_path / "stale.xlsx")
    for ws in (ws for ws in wb.worksheets if ws.sheet_state == "visible"):
        assert STALE_CALENDAR_SHORT in (ws.oddHeader.center.text or ""), ws.title
    assert "out of date" in wb[tr("Summary")]["A2"].value
    assert all(not ws.oddHeader.center.text for ws in load_workbook(tmp_path / "plan.xlsx"))


def test_the_out_of_date_question_speaks_of_the_plan_and_the_window_in_japanese(qtbot):
    """Exporting an out-of-date calendar asks in the window's words: プラン as the window
    calls the plan everywhere (it said 計画), the menu to rebuild it and what exporting
    anyway does, no command line (「または schedule コマンド」 puzzled a manager in the
    window)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    set_language("ja")
    window = open_window(qtbot, synthetic_plan(20, territories=2))
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    assert window.actions_ui.files.ask_export_stale() is False
    (text, buttons), = seen
    assert text.startswith("訪問カレンダーが最新ではありません（作成後にプランが変更されました）")
    assert "スケジュール → カレンダー作成…" in text and "このまま出力すると" in text
    assert "計画" not in text and "コマンド" not in text
    assert "このまま出力" in buttons
