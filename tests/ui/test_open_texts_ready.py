"""File → Open makes the patterns that put a plan's stored texts in today's language in its
worker (0.4–1.2 s once a process, which froze the window when the first plan with a calendar
was shown), and the texts read as before: a reason stored in English shown in Japanese."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner import i18n, store
from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")

FULL_JA = "稼働日が埋まっていて入らない顧客"  # "Working days full" in the customer list


def left_out_plan(tmp_path: Path) -> tuple[Path, str, str]:
    """A plan file with a calendar that left one customer out, its reason stored in English;
    (path, that customer, its territory)."""
    plan = build_schedule(synthetic_plan(60, territories=2, seed=4), route_seconds=0.01)
    s = plan.schedule
    assert s is not None
    cid, tid = str(s["customer_id"].iloc[0]), str(s["territory"].iloc[0])
    out = pd.DataFrame({"customer_id": [cid], "territory": [tid],
                        "reason": ["Working days full"], "reason_code": ["no_room"]})
    plan = plan.replace(schedule=s[s["customer_id"] != cid].reset_index(drop=True),
                        unscheduled=out)
    path = tmp_path / "計画.gpkg"
    store.save_plan(plan, path)
    return path, cid, tid


def forget_patterns() -> None:
    i18n._field_templates.cache_clear()
    i18n._templates.cache_clear()
    i18n._retranslate.cache_clear()


def test_reading_a_plan_to_open_makes_the_text_patterns(tmp_path: Path) -> None:
    path, _cid, _tid = left_out_plan(tmp_path)
    forget_patterns()
    file_actions._load_for_map(str(path))  # what the Open worker runs
    assert i18n._templates.cache_info().currsize == 1
    assert i18n._field_templates.cache_info().currsize == 1


def test_an_opened_plans_stored_reason_reads_in_japanese(qtbot, tmp_path: Path) -> None:
    path, cid, tid = left_out_plan(tmp_path)
    i18n.set_language("ja")
    forget_patterns()
    window = MainWindow(synthetic_plan(20, territories=2, seed=1))
    qtbot.addWidget(window)
    window.show()
    files = window.actions_ui.files
    with qtbot.waitSignal(files.planOpened, timeout=60_000):
        files.open_path(str(path), asked=True)
    assert len(window.document.plan.customers) == 60
    panel = window.actions_ui.customer_panel
    panel.show_filter("unscheduled")
    model = panel.model
    assert model.rowCount() == 1 and model.customer_id(0) == cid
    texts = [str(model.index(0, col).data() or "") for col in range(model.columnCount())]
    assert any(FULL_JA in text for text in texts), texts
    calendar = window.actions_ui.calendar_panel
    calendar.rep_combo.setCurrentIndex(calendar.rep_combo.findData(tid))
    name = window.document.plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.NAME]
    assert calendar.summary.toolTip() == f"{name} — {FULL_JA}"
    assert "カレンダーに入らない顧客 1件" in calendar.summary.text()
