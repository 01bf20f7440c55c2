"""The customers the calendar left out, in the window: the Customers list shows those a change
to the customer lets in apart from those no day had room for; each row's tooltip and the
Calendar dock say why and what to change; fixed and built again, the customer leaves the
list of those to fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner import model as m
from planner.i18n import in_language, set_language, tr
from planner.schedule import build_schedule
from planner.ui import file_actions
from planner.ui.customer_model import COLUMNS, CustomerTableModel
from planner.ui.document import PlanDocument
from planner.ui.main_window import MainWindow
from planner.ui.schedule_dialog import ScheduleDialog
from planner.unscheduled import TO_FIX
from tests.core.test_unscheduled_reasons import _plan

#: where the window's pictures go, to look at (a temporary folder unless told)
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """The plan of the reason codes' tests, built: seven customers kept out by their own data
    (C000001: visiting hours 9:00–9:30 for a 3-hour visit, its sales the highest, so that
    fixed it gets a place), ten for lack of room."""
    plan = _plan()
    c = plan.customers.copy()
    c.loc[0, m.SALES] = 9_000_000.0
    with in_language("en"):
        return build_schedule(plan.replace(customers=c), route_seconds=0.01)


def _codes(plan: m.Plan) -> dict[str, str]:
    un = plan.unscheduled
    return dict(zip(un["customer_id"].astype(str), un["reason_code"].astype(str), strict=True))


def test_the_list_shows_the_customers_to_fix_apart_from_those_without_room(
    qtbot, built: m.Plan  # noqa: ANN001
) -> None:
    set_language("en")
    try:
        model = CustomerTableModel(PlanDocument(built))
        codes = _codes(built)
        model.set_filter("unscheduled_fix")
        assert sorted(model.shown_ids()) == sorted(c for c, k in codes.items() if k in TO_FIX)
        model.set_filter("unscheduled_room")
        assert sorted(model.shown_ids()) == sorted(c for c, k in codes.items() if k == "no_room")
        model.set_filter("unscheduled")
        assert sorted(model.shown_ids()) == sorted(codes)

        def tip(cid: str, key: str) -> object:
            row = int(model.view_rows_of({cid})[0])
            return model.index(row, column(key)).data(Qt.ItemDataRole.ToolTipRole)

        un = built.unscheduled.set_index("customer_id")["reason"]
        hours = tr("Not in the calendar: {reason}",
                   reason=f"{un['C000001']} Change its visiting hours.")
        assert tip("C000001", m.CUSTOMER_ID) == hours  # anywhere on its row
        assert tip("C000001", m.VISIT_TIME) == hours
        # the Problems column says it too, without the filter's own words
        assert tip("C000001", m.PROBLEMS) == f"{un['C000001']} Change its visiting hours."
        full = next(c for c, k in codes.items() if k == "no_room")
        assert tip(full, m.NAME) == tr("Not in the calendar: {reason}", reason=un[full])
        model.set_filter("all")
        visited = str(built.schedule["customer_id"].iloc[0])
        assert tip(visited, m.CUSTOMER_ID) is None
    finally:
        set_language(None)


@pytest.mark.usefixtures("isolated")
def test_a_customer_fixed_and_built_again_leaves_the_list_to_fix(
    qtbot, built: m.Plan, tmp_path: Path  # noqa: ANN001
) -> None:
    set_language("ja")
    window = MainWindow(built, "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    window.resize(1600, 900)
    window.show()
    panel = window.actions_ui.customer_panel
    titles = [panel.filter_combo.itemText(i) for i in range(panel.filter_combo.count())]
    assert "カレンダーに入らない顧客（要修正）" in titles
    assert "カレンダーに入らない顧客（空きなし）" in titles
    panel.show_filter("unscheduled_fix")
    codes = _codes(built)
    to_fix = sorted(c for c, k in codes.items() if k in TO_FIX)
    assert sorted(panel.model.shown_ids()) == to_fix
    row = int(panel.model.view_rows_of({"C000001"})[0])
    tip = panel.model.index(row, column(m.NAME)).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("カレンダー外: 訪問時間帯（9:00–9:30）")  # built in English
    assert tip.endswith("。訪問時間帯を見直してください。")
    # the Calendar dock: the rep's customers left out, those to fix named first with why
    calendar = window.actions_ui.calendar_panel
    mine = built.unscheduled[built.unscheduled["territory"] == calendar.territory_id()]
    fix = int(mine["reason_code"].isin(TO_FIX).sum())
    assert f"カレンダーに入らない顧客 {len(mine)}件（うち要修正{fix}件）" in calendar.summary.text()
    first = calendar.summary.toolTip().splitlines()[0]
    assert first.endswith("してください。") and " — " in first
    picture(window, tmp_path, "unscheduled_to_fix_window.png")

    # the manager widens the visiting hours in the list, then builds the calendar again
    hours = panel.model.index(row, column(m.VISIT_TIME))
    assert panel.model.setData(hours, "9:00-17:00", Qt.ItemDataRole.EditRole)
    dialog = ScheduleDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.keep.setChecked(False)  # a fresh calendar: the best customers first
    with qtbot.waitSignal(dialog.built, timeout=60_000):
        dialog.run()
    plan = window.document.plan
    assert "C000001" in set(plan.schedule["customer_id"])
    assert panel.filter_combo.currentData() == "unscheduled_fix"
    assert sorted(panel.model.shown_ids()) == [c for c in to_fix if c != "C000001"]
    assert f"うち要修正{fix - 1}件" in calendar.summary.text()
    # the status bar's report of the build says how many are still to fix, and where
    still = int(plan.unscheduled["reason_code"].isin(TO_FIX).sum())
    # (one item a line, with what asks to act; the build's sum follows after a blank line)
    assert (f"うち{still}件は顧客データの修正が必要です（顧客一覧 → カレンダーに入らない顧客（要修正））。"
            in dialog.report.split("\n\n")[0].split("\n"))
    assert dialog.report_items is not None
    assert any(line.startswith(f"うち{still}件") for line in dialog.report_items.warnings)
    picture(window, tmp_path, "unscheduled_fixed_window.png")
    set_language(None)


@pytest.mark.usefixtures("isolated")
def test_the_filter_of_customers_left_out_gives_the_reason_without_repeating_it(
    qtbot, built: m.Plan, tmp_path: Path  # noqa: ANN001
) -> None:
    """Every 問題 cell of 「カレンダーに入らない顧客」 began 「カレンダー外:」, the filter's
    own words, and the reason was clipped; it stays where problems of several kinds mix (the
    other filters, a row with an import problem too)."""
    codes = _codes(built)
    mixed = next(c for c, k in codes.items() if k == "no_room")
    c = built.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == mixed, m.PROBLEMS] = "電話番号「abc」を読めません"
    set_language("ja")
    try:
        window = MainWindow(built.replace(customers=c), "")
        qtbot.addWidget(window)
        window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
        window.resize(1600, 900)
        window.show()
        panel = window.actions_ui.customer_panel

        def cell(cid: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
            row = int(panel.model.view_rows_of({cid})[0])
            return str(panel.model.index(row, column(m.PROBLEMS)).data(role))

        for key in ("unscheduled", "unscheduled_fix"):
            panel.show_filter(key)
            assert cell("C000001").startswith("訪問時間帯（9:00–9:30）")
            assert cell("C000001").endswith("。訪問時間帯を見直してください。")
            assert cell("C000001", Qt.ItemDataRole.ToolTipRole) == cell("C000001")
        panel.show_filter("unscheduled_room")
        assert cell(mixed).startswith("電話番号「abc」を読めません。カレンダー外: ")
        picture(panel, tmp_path, "unscheduled_reasons_bare_ja.png")
        for key in ("all", "problems"):  # problems of every kind: each says which it is
            panel.show_filter(key)
            assert cell(mixed).startswith("電話番号「abc」を読めません。カレンダー外: ")
        panel.show_filter("all")
        assert cell("C000001").startswith("カレンダー外: 訪問時間帯（9:00–9:30）")
    finally:
        set_language(None)


def picture(widget, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    folder = Path(PICTURES) if PICTURES else tmp_path
    assert widget.grab().save(str(folder / name))
