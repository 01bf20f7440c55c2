"""The update window's summary after Compare: one item a line, as the update command prints
it, and what asks the manager to act (「訪問カレンダーが古くなりました…」, the shop placed
approximately) in red above it. Before, the seven items ran on as one paragraph and those two
sat buried in its middle and end."""

from __future__ import annotations

import pytest

from planner.ui.update_dialog import UpdateDialog
from tests.core.update_helpers import plan_from, rows, write

pytestmark = pytest.mark.usefixtures("isolated", "japanese")

#: next month's shop of 西新宿3丁目 without coordinates (as tests/core/test_update_told.py's)
NEW_SHOP = ["N3", "西新宿商店", "東京都新宿区西新宿３丁目２０番２号", None, None, "A", "", ""]
STALE = "訪問カレンダーが古くなりました。"
APPROXIMATE = "仮置き"


def test_the_summary_is_one_item_a_line_with_what_to_do_first_in_red(qtbot, tmp_path) -> None:
    plan = plan_from(write(tmp_path / "old.xlsx", rows()), calendar=True)
    assert plan.schedule is not None
    data = [r[:] for r in rows() if r[0] != "O001"]
    data[0][1] = "新宿商店0 本店"
    data.append(NEW_SHOP)  # no coordinates: placed at its 丁目's customers
    dialog = UpdateDialog(str(write(tmp_path / "new.xlsx", data)), plan)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    update = dialog.update
    assert update is not None
    warnings = dialog.warnings.text().split("\n")
    assert dialog.warnings.isVisible() and "c62828" in dialog.warnings.styleSheet()
    assert any(line.startswith(STALE) for line in warnings)
    assert any(APPROXIMATE in line for line in warnings)
    assert warnings == update.warning_lines()
    summary = dialog.summary.text().split("\n")
    assert summary[0] == update.headline()  # the counts, on their own line
    assert STALE not in dialog.summary.text() and APPROXIMATE not in dialog.summary.text()
    # every item of the command's summary shows once, on a line of its own, then the notes
    # on the list's rows (a blank 担当, 髙橋 read as 高橋)
    notes = [p.reason for p in update.report.problems if p.note]
    assert sorted(warnings + summary) == sorted(update.summary_lines() + notes)
    assert len(summary) >= 3
    # the warning label sits above the summary
    assert dialog.warnings.geometry().bottom() <= dialog.summary.geometry().top()
