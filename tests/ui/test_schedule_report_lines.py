"""The calendar build's report: one item a line, what asks the manager to act (customers left
out, holiday visits lost, reps without a home base) first and in red, in the report box and in
the status bar's copy. Before, the items ran on as one paragraph of up to nine sentences, the
customers left out in its middle."""

from __future__ import annotations

import pytest

from planner import model as m
from planner._schedule_no_home import NO_HOME_KEY
from planner.build_report import build_report_items
from planner.export.excel_period import period_text
from planner.rep_days import rep_name
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from planner.ui.report_box import WARNING_STYLE
from tests.core.test_schedule_only_figures_cli import full_plan, rep_figures

pytestmark = pytest.mark.usefixtures("isolated", "japanese", "program_font")


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """Every rep with customers left out and holiday visits lost; T02 without a home base."""
    plan = full_plan()
    return plan.replace(meta={**plan.meta, NO_HOME_KEY: ["T02"]})


def test_the_report_is_one_item_a_line_with_what_to_act_on_first(built: m.Plan) -> None:
    items = build_report_items(built)
    left = sum(rep_figures(built, t)[0] for t in ("T01", "T02", "T03"))
    assert left
    head = items.text().partition("\n\n")[0].split("\n")
    assert head == [*items.lead, *items.warnings, *items.notes]
    # the headline alone on its line, with the calendar's dates
    assert built.schedule is not None
    assert head[0] == (f"訪問カレンダーを作成しました: 訪問 {len(built.schedule):,}件。"
                       f"期間: {period_text(built)}。")
    # what asks to act, each alone on the line right after the headline
    assert head[1] == (f"{left}件の顧客を訪問カレンダーに入れられませんでした（顧客一覧 → "
                       "カレンダーに入らない顧客）。")
    assert head[2].startswith("祝日・休みの日の訪問 ") and head[2].endswith("祝日・休みで振替・訪問なし）。")
    rep = rep_name(built.territory("T02"))
    assert items.warnings[-1].startswith(f"{rep}（{built.territory('T02').name}）には拠点がない")
    # the rest follows: the sentences once run on, each on a line of its own
    assert any("訪問日を確保するため" in line for line in items.notes)
    assert not any("入れられませんでした" in line for line in items.notes)
    # the sum keeps its block after a blank line
    assert items.text().split("\n\n")[1].startswith("カレンダー4週間の訪問件数の内訳:")


def _window(qtbot, plan: m.Plan) -> MainWindow:  # noqa: ANN001
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def test_the_box_shows_them_in_red_and_the_status_bar_says_them(
    qtbot, monkeypatch, built: m.Plan, tmp_path  # noqa: ANN001
) -> None:
    from planner.ui import schedule_dialog

    window = _window(qtbot, built)

    def build(dialog):  # noqa: ANN001, ANN202 - the build finished with this plan
        dialog._on_done(built)
        return 1

    monkeypatch.setattr(schedule_dialog.ScheduleDialog, "exec", build)
    ui = window.actions_ui
    ui.show_schedule()
    items = build_report_items(built)
    box = ui.report_box
    assert box is not None and box.isVisible()
    qtbot.waitExposed(box)
    assert box.text() == items.text()
    assert box.headline.text() == "\n".join(items.lead)
    assert box.warnings.text() == "\n".join(items.warnings) and box.warnings.isVisible()
    assert box.warnings.styleSheet() == WARNING_STYLE
    assert box.notes.text() == "\n".join(items.notes) and box.notes.isVisible()
    # top to bottom: the headline, the red lines, the rest, the sum
    assert (box.headline.geometry().bottom() <= box.warnings.geometry().top()
            and box.warnings.geometry().bottom() <= box.notes.geometry().top()
            and box.notes.geometry().bottom() <= box.details.geometry().top())
    # the status bar: what was built and what to act on (it showed the paragraph's first line)
    status = window.statusBar().currentMessage()
    assert status == items.status_line()
    assert status.startswith(items.lead[0]) and items.warnings[0] in status
    assert items.notes[0] not in status
    qtbot.waitUntil(lambda: box.details.verticalScrollBar().maximum() == 0)  # the sum whole
    box.grab().save(str(tmp_path / "build_report_box.png"))
    box.close()
