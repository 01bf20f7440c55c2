"""A hand assignment says where its customers came from, as a dragged boundary does
(「9件の顧客が東京エリアから新横浜エリアに移りました。」): 「6件の顧客を東京エリアから新横浜エリアに
移しました。」, from several territories each one's count. Before, the map's menu and the
Customers list said only where they went (「6件の顧客を新横浜エリアに移しました。」), and the
manager carving the edge between two reps could not tell whose customers the lasso took."""

import pytest
from PySide6.QtCore import QPoint
from test_main_window import open_window

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


def _of(plan: m.Plan, tid: str, n: int, skip: int = 0) -> list[str]:
    c = plan.customers
    return list(c.loc[c[m.TERRITORY] == tid, m.CUSTOMER_ID][skip:skip + n])


def _map_menu_assign(window, into: str) -> None:
    """Right click on the map over the selection, then 「選択した顧客をテリトリーに割り当て」 →
    ``into``'s item, as the manager does after a lasso."""
    ui = window.actions_ui
    ui.map_view.menuRequested.emit(QPoint(10, 10), next(iter(window.document.selection)))
    menu = ui.map_menu
    items = [a.menu() for a in menu.actions() if a.menu() is not None]
    t = window.document.plan.territory(into)
    item = next(b for sub in items for b in sub.actions() if b.text() == f"{t.name}（{t.rep}）")
    menu.hide()
    item.trigger()


def test_an_assignment_names_the_territories_its_customers_left(qtbot):
    set_language("ja")
    window = open_window(qtbot, synthetic_plan(40, territories=3, seed=2))
    bar, panel, doc = window.statusBar(), window.actions_ui.customer_panel, window.document
    plan = doc.plan
    n1, n2, n3 = (plan.territory(t).name for t in ("T01", "T02", "T03"))
    doc.set_selection(_of(plan, "T01", 6))
    _map_menu_assign(window, "T02")  # the map's menu
    assert bar.currentMessage() == f"6件の顧客を{n1}から{n2}に移しました。"
    doc.set_selection([*_of(plan, "T01", 2, 6), *_of(plan, "T03", 1), *_of(plan, "T02", 3)])
    panel.assign_selection("T02")  # the Customers list's menu: two territories, three there
    assert bar.currentMessage() == (
        f"3件の顧客を{n2}に移しました（3件はすでに{n2}でした）: {n1}から2件、{n3}から1件。")
    doc.undo_stack.undo()
    doc.set_selection(_of(plan, "T03", 1))
    panel.assign_selection("")  # taken out of a territory: as before
    assert bar.currentMessage() == "1件の顧客をテリトリーから外しました。"
    doc.set_selection(_of(plan, "T03", 1))
    panel.assign_selection("T01")  # from no territory: said as before, no 「未割当から」
    assert bar.currentMessage() == f"1件の顧客を{n1}に移しました。"
    window.actions_ui.switch_language("en")
    doc.set_selection(_of(plan, "T02", 1, 5))
    panel.assign_selection("T03")
    assert bar.currentMessage() == f"Moved 1 customer from {n2} into {n3}."


def test_the_menus_territories_name_their_reps(qtbot):
    """A manager moves customers to a rep (「伊藤さんに回す」): the map's and the list's menu
    listed the territories by name alone, the rep to be looked up in the Territories dock."""
    set_language("ja")
    plan = synthetic_plan(20, territories=3, seed=2)
    plan = plan.replace(territories=tuple(
        t.replace(rep="") if t.id == "T03" else t for t in plan.territories))
    window = open_window(qtbot, plan)
    window.document.set_selection(_of(plan, "T01", 1))
    menu = window.actions_ui.customer_panel.selection_menu(window)
    assign = next(a.menu() for a in menu.actions() if a.menu() is not None)
    t1, t2, t3 = plan.territories
    assert [a.text() for a in assign.actions()] == [
        "（未割当）", f"{t1.name}（{t1.rep}）", f"{t2.name}（{t2.rep}）", t3.name]
