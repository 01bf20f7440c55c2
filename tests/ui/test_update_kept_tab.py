"""The update dialog names the customers whose corrections in the plan stayed over the
office's older list, on a tab of their own; each removed customer says why it goes.

The complaint: 「5件の顧客は、プランで修正した内容をそのまま残しました」 named none of the five,
and the 削除 rows had an empty 内容 column."""

from __future__ import annotations

import pytest

from planner.edits import SetRank
from planner.ui.document import PlanDocument
from planner.ui.update_dialog import UpdateDialog
from tests.core.update_helpers import plan_from, rows, write

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_kept_corrections_tab_names_them(qtbot, tmp_path):
    doc = PlanDocument(plan_from(write(tmp_path / "old.xlsx", rows())))
    doc.push(SetRank(("S000", "S002"), "B"))  # the A → B review
    dialog = UpdateDialog(str(write(tmp_path / "new.xlsx", rows()[:-1])), doc.plan)  # O011 gone
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    changes = dialog.changes_table
    assert [(changes.text(r, 0), changes.text(r, 1), changes.text(r, 4))
            for r in range(changes.rowCount())] == [
        ("Removed", "O011", "Not on the list: removed from the plan with its visits")]
    assert dialog.tabs.isTabVisible(2) and dialog.tabs.tabText(2) == "Corrections kept (2)"
    kept = dialog.kept_table
    assert [(kept.text(r, 1), kept.text(r, 2), kept.text(r, 4)) for r in range(kept.rowCount())] == [
        ("S000", "新宿商店0", "Rank: the list says A, the plan keeps B"),
        ("S002", "新宿商店2", "Rank: the list says A, the plan keeps B")]
    assert "Corrections kept: 新宿商店0, 新宿商店2." in dialog.summary.text()
    # a list with nothing kept over it: no such tab
    plain = UpdateDialog(str(write(tmp_path / "same.xlsx", rows())), plan_from(
        write(tmp_path / "old2.xlsx", rows())))
    qtbot.addWidget(plain)
    with qtbot.waitSignal(plain.imported, timeout=30_000):
        plain.start_import()
    assert not plain.tabs.isTabVisible(2)
