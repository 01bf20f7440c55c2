"""Small things a manager walking through the window missed in the status bar and the
Territories dock: every undo and redo says its step, whichever way it was taken; a drawn
territory is said made; locked customers assigned by hand are said to stay locked; the sales
column reads in one format; the bar never wraps inside a rep's name."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner import model as m
from planner._design_changes import territory_label
from planner.edits import MoveCustomer, SetFrequency
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.document import PlanDocument
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")



def open_window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def named_plan() -> m.Plan:
    plan = synthetic_plan(40, territories=3, seed=3)
    c = plan.customers.copy()
    c.loc[0, m.NAME] = "山崎クリニック"
    return plan.replace(customers=c)


def test_every_undo_and_redo_says_its_step_until_the_next_one(qtbot, japanese):
    """The colleague's undo said nothing: an undo or redo that did not come through the
    Undo action (the stack moved by any other way) left the bar empty. Each says the step's
    own name now, by the keys, the action or the stack, until the next step."""
    window = open_window(qtbot, named_plan())
    doc, bar = window.document, window.statusBar()
    c = doc.plan.customers
    cid = str(c[m.CUSTOMER_ID].iloc[0])
    doc.push(MoveCustomer(cid, float(c[m.LAT].iloc[0]) + 0.001, float(c[m.LON].iloc[0])))
    step = "「山崎クリニック」の位置を変更"
    assert doc.undo_stack.undoText() == step
    doc.undo_stack.undo()  # not through the action (a history view, a script)
    assert bar.currentMessage() == f"元に戻しました: {step}"
    doc.undo_stack.redo()
    assert bar.currentMessage() == f"やり直しました: {step}"
    view = window.actions_ui.customer_panel.view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 0
    assert bar.currentMessage() == f"元に戻しました: {step}"
    QTest.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 1
    assert bar.currentMessage() == f"やり直しました: {step}"
    window.actions_ui.actions["undo"].trigger()  # the Edit menu's and the toolbar's action
    assert bar.currentMessage() == f"元に戻しました: {step}"
    doc.push(SetFrequency((str(c[m.CUSTOMER_ID].iloc[5]),), (0.5,)))  # the next step
    assert bar.currentMessage() == ""


def _draw(window: MainWindow, ring: list[tuple[float, float]]) -> None:
    """A territory drawn on the map, as the page sends it."""
    polygon = {"type": "Polygon", "coordinates": [[list(p) for p in [*ring, ring[0]]]]}
    window.map_view.bridge.received.emit(json.dumps({"type": "draw", "polygon": polygon}))


def _box(lat: float, lon: float, half: float) -> list[tuple[float, float]]:
    return [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half),
            (lon - half, lat + half)]


def test_a_territory_drawn_where_no_customer_is_says_it_was_created(qtbot, japanese):
    """Drawing over an empty area said only 「テリトリーが変わった顧客はいません。」: the
    territory made is named, and that it has no customers yet; one drawn over customers
    says it was made, then where they went."""
    window = open_window(qtbot, named_plan())
    doc, bar = window.document, window.statusBar()
    c = doc.plan.customers
    far = (float(c[m.LAT].max()) + 0.5, float(c[m.LON].max()) + 0.5)
    _draw(window, _box(*far, 0.05))
    made = doc.plan.territories[-1].name
    assert len(doc.plan.territories) == 4
    assert bar.currentMessage() == (f"テリトリー「{made}」を作成しました。まだ顧客はいません。"
                                    "担当者を設定してください（テリトリー一覧で「担当者」の欄を"
                                    "ダブルクリックして入力）。")
    lat, lon = float(c[m.LAT].iloc[0]), float(c[m.LON].iloc[0])
    _draw(window, _box(lat, lon, 0.0005))
    second = doc.plan.territories[-1].name
    said = bar.currentMessage()
    assert said.startswith(f"テリトリー「{second}」を作成しました。") and re.search(
        rf"\d+件の顧客が.+から{second}に移りました。", said), said


def test_locked_customers_assigned_by_hand_are_said_to_stay_locked(qtbot, japanese):
    """Assigning locked customers to another territory from the list's menu moved them
    without a word of the lock: they move (a hand assignment is deliberate), stay locked, and
    the note says so."""
    window = open_window(qtbot, named_plan())
    doc, bar, panel = window.document, window.statusBar(), window.actions_ui.customer_panel
    c = doc.plan.customers
    into = doc.plan.territories[1]
    ids = list(c.loc[c[m.TERRITORY] != into.id, m.CUSTOMER_ID][:5])
    doc.set_selection(ids[:3])
    panel.lock_selection(True)
    doc.set_selection(ids)
    menu = panel.selection_menu(window)
    assign = next(a for a in menu.actions() if a.menu() is not None).menu()
    next(a for a in assign.actions() if a.text() == territory_label(doc.plan, into.id)).trigger()
    now = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[ids]
    assert (now[m.TERRITORY] == into.id).all() and now[m.LOCKED].tolist() == [True] * 3 + [False] * 2
    came = c.set_index(m.CUSTOMER_ID).loc[ids, m.TERRITORY].unique()
    assert len(came) == 1  # (five of one territory: said from where)
    assert bar.currentMessage() == (f"5件の顧客を{doc.plan.territory(came[0]).name}から{into.name}に移しました。"
                                    "うち3件は固定されていた顧客で、新しいテリトリーでも固定したままです。")
    doc.set_selection(ids[:1])
    panel.assign_selection(doc.plan.territories[2].id)
    assert bar.currentMessage().endswith("この顧客は固定されていたため、新しいテリトリーでも固定したままです。")
    doc.set_selection(ids[3:])  # not locked: nothing said of locks
    panel.assign_selection(doc.plan.territories[2].id)
    assert "固定" not in bar.currentMessage()


def test_an_empty_territorys_sales_read_as_the_others_do(qtbot, tmp_path):
    """A territory without customers showed 売上 「0.0」 under 「907」: the sales column has
    one format, whole millions when any territory reaches 100, else one decimal for all."""
    from planner.edits import CreateTerritory, new_territory
    from planner.ui.territory_model import COLUMNS
    from planner.ui.territory_panel import TerritoryPanel

    sales = next(i for i, (key, _title, _edit) in enumerate(COLUMNS) if key == "sales")
    plan = synthetic_plan(60, territories=3, seed=2)
    c = plan.customers.copy()
    c[m.SALES] = 12_345_678.0  # about 240 ¥M a territory
    doc = PlanDocument(plan.replace(customers=c))
    doc.push(CreateTerritory(new_territory(doc.plan, "新エリア")))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model

    def shown() -> list[str]:
        return [model.index(r, sales).data() for r in range(model.rowCount())]

    assert shown()[-1] == "0" and all("." not in s for s in shown())
    panel.resize(640, 240)
    panel.show()
    qtbot.waitExposed(panel)
    panel.grab().save(str(tmp_path / "sales.png"))
    c[m.SALES] = 123_456.0  # a few ¥M a territory: one decimal for all, the empty one too
    doc.reset(plan.replace(customers=c))
    doc.push(CreateTerritory(new_territory(doc.plan, "新エリア")))
    assert shown()[-1] == "0.0" and all(s.count(".") == 1 for s in shown())


def _shown_lines(label) -> list[str]:
    """The lines the note's label shows (its own text, laid out at its width)."""
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QLabel

    from planner.ui.note_bar import _lines

    text = QLabel.text(label)
    lines = _lines(QTextLayout(text, label.font()), text, label.contentsRect().width())
    return [line.replace("\u2060", "").replace("\u00a0", " ") for line in lines]


@pytest.mark.usefixtures("program_font")
def test_the_status_bar_never_wraps_inside_a_reps_name(qtbot, japanese):
    """The bar's long sentences wrapped inside a person's name (「山田 太 / 郎」): the plan's
    reps' and territories' names, short quoted names and figures with their counters stay on
    one line; the message itself reads as it was."""
    from PySide6.QtGui import QTextLayout

    from planner.ui.note_bar import _lines

    plan = named_plan()
    territories = list(plan.territories)
    territories[0] = territories[0].replace(rep="山田 太郎")
    window = open_window(qtbot, plan.replace(territories=tuple(territories)))
    window.resize(900, 700)
    qtbot.waitExposed(window)
    bar = window.statusBar()
    label = bar.strip.label
    name = "山田 太郎"
    tail = "は12月15日が休みです。カレンダーを作り直すまで、その日の訪問は予定のままです。"

    def inside(lines: list[str], whole: str) -> bool:
        """A line ends inside ``whole``."""
        ends = [sum(map(len, lines[: i + 1])) for i in range(len(lines) - 1)]
        text = "".join(lines)
        return any(text.find(whole) < end < text.find(whole) + len(whole) for end in ends
                   if whole in text)

    said = []
    for k in range(0, 80):  # a sentence whose plain text would break inside the name
        text = "担当者の週を見直しました。" + "あ" * k + name + tail
        window.actions_ui.notes.show(text)
        qtbot.waitUntil(label.isVisible)
        width = label.contentsRect().width()
        if inside(_lines(QTextLayout(text, label.font()), text, width), name):
            said.append(text)
            assert not inside(_shown_lines(label), name), _shown_lines(label)
            assert label.text() == bar.currentMessage() == text  # reads as it was
        if len(said) >= 2:
            break
    assert said  # the case was met
