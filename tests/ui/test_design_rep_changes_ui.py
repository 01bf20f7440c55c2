"""Before Apply, the design dialog says how many customers would change rep, who hands whom
to whom, and — many changing with keep-existing off — suggests keeping them (a button ticks
it and runs again); after Apply the status bar gives the same count, and a failure of the map
tiles later on no longer takes its place."""

from __future__ import annotations

import pytest
from test_status_notes_more import open_window

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def office_plan() -> m.Plan:
    """56 customers whose reps an office's list gave, each rep's all over the area."""
    plan = synthetic_plan(56, territories=4, seed=1)
    c = plan.customers.copy()
    c[m.TERRITORY] = [plan.territory_ids[i % 4] for i in range(len(c))]
    return plan.replace(customers=c)


def changed(before: m.Plan, after: m.Plan) -> int:
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    return int(((old != "") & (old != after.customers[m.TERRITORY].to_numpy(dtype=object))).sum())


def run(qtbot, dialog: DesignDialog) -> None:
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()


def test_the_result_says_how_many_change_rep_and_suggests_keeping_them(qtbot) -> None:
    set_language("ja")
    plan = office_plan()
    dialog = DesignDialog(PlanDocument(plan))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.keep.isChecked()
    run(qtbot, dialog)
    n = changed(plan, dialog.result.plan)
    assert n > 56 // 4
    said = f"現在の担当から変わる顧客: {n}件（全56件の{n / 56:.0%}）。"
    assert said in dialog.figures.text().split("\n")
    assert dialog.keep_hint.isVisibleTo(dialog)
    assert "できるだけ現在の割り当てを保つ" in dialog.keep_hint.text.text()
    assert dialog.flows.isVisibleTo(dialog)
    assert dialog.flows.text().startswith("担当が変わる顧客の移り先:\n")
    assert dialog.comparison.horizontalHeaderItem(4).text() == "売上の増 / 減（百万円）"
    # the suggestion's button: keep-existing ticked, the design run again
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.keep_hint.button.click()
    assert dialog.keep.isChecked() and dialog.options()["keep_existing"]
    kept = changed(plan, dialog.result.plan)
    assert kept < n
    assert not dialog.keep_hint.isVisibleTo(dialog)  # ticked: nothing more to suggest
    assert f"現在の担当から変わる顧客: {kept}件（全56件の{kept / 56:.0%}）。" in dialog.figures.text()
    dialog.apply()
    # the customers moved are those who change rep: their number said once
    assert f"担当が変わる顧客 {kept}件（全56件の{kept / 56:.0%}）、最大偏差 " in dialog.note
    assert "移動" not in dialog.note


def test_an_option_changed_withdraws_the_suggestion_and_the_pairs(qtbot) -> None:
    dialog = DesignDialog(PlanDocument(office_plan()))
    qtbot.addWidget(dialog)
    run(qtbot, dialog)
    assert dialog.keep_hint.isVisibleTo(dialog) and dialog.flows.isVisibleTo(dialog)
    dialog.tolerance.setValue(3.0)
    assert not dialog.keep_hint.isVisibleTo(dialog) and not dialog.flows.isVisibleTo(dialog)
    assert dialog.rep_changes is None


def test_the_designs_note_stays_when_the_map_tiles_fail_afterwards(qtbot, monkeypatch) -> None:
    set_language("ja")
    plan = office_plan()
    window = open_window(qtbot, plan)
    bar = window.statusBar()

    def run_and_apply(dialog: DesignDialog) -> int:
        run(qtbot, dialog)
        dialog.apply()
        return 1

    monkeypatch.setattr(DesignDialog, "exec", run_and_apply)
    window.actions_ui.actions["design"].trigger()
    n = changed(plan, window.document.plan)
    note = bar.currentMessage()
    assert note.startswith("テリトリーを設計しました: ")
    assert f"担当が変わる顧客 {n}件（全56件の{n / 56:.0%}）、最大偏差 " in note
    window.map_view.tilesUnavailable.emit()  # offline: the tiles fail seconds after the start
    assert bar.currentMessage() == note  # (the map's notice says it, not the status bar)


def test_the_result_says_the_locked_customers_keep_their_rep(qtbot) -> None:
    """A manager who locked key accounts, then 「自動設計」 keeping the existing assignments:
    the result listed who changes rep and nothing of the locked ones."""
    set_language("ja")
    plan = office_plan()
    c = plan.customers.copy()
    c[m.LOCKED] = False
    c.loc[[1, 2], m.LOCKED] = True
    plan = plan.replace(customers=c)
    dialog = DesignDialog(PlanDocument(plan), keep_existing=True)
    qtbot.addWidget(dialog)
    dialog.show()
    run(qtbot, dialog)
    after = dialog.result.plan.customers[m.TERRITORY].to_numpy(dtype=object)
    assert (after[[1, 2]] == c[m.TERRITORY].to_numpy(dtype=object)[[1, 2]]).all()
    assert "固定した顧客 2件は担当が変わりません。" in dialog.figures.text().split("\n")
