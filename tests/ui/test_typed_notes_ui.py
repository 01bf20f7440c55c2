"""What the status bar says of the calendar after a customer edit on a built calendar.

A customer who only accepts visits on Tuesdays, set from the Customers list: the status bar
says what was set and that the calendar still visits it on its old weekday until the calendar
is built again (keeping the visit days). Before, the edit was silent: the calendar and the
list still showed the Wednesday visit and nothing said whether the Tuesday would be kept."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def _panel(qtbot) -> tuple[CustomerPanel, list[str], str, str]:
    plan = build_schedule(synthetic_plan(40, territories=1, seed=3), route_seconds=0.01)
    s = plan.schedule
    cid = str(s.loc[s["day"] == "wed", "customer_id"].iloc[0])
    name = str(plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.NAME])
    panel = CustomerPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    said: list[str] = []
    panel.message.connect(said.append)
    return panel, said, cid, name


def test_tuesdays_only_says_the_calendar_follows_when_built_again(qtbot) -> None:
    set_language("ja")
    panel, said, cid, name = _panel(qtbot)
    doc = panel.document
    doc.set_selection([cid])
    assert panel.set_selection_typed(m.VISIT_DAYS, "火曜のみ")
    assert said[-1] == (
        f"1件の顧客の訪問曜日を「火」にしました。{name}の訪問は、カレンダーではまだ別の曜日です。"
        "カレンダーを作り直す（訪問日は維持）まではそのままで、作り直すと訪問できる曜日に移します。")
    # its own weekday: nothing about the calendar; cleared: said so
    assert panel.set_selection_typed(m.VISIT_DAYS, "水")
    assert said[-1] == "1件の顧客の訪問曜日を「水」にしました。"
    assert panel.set_selection_typed(m.VISIT_DAYS, "なし")
    assert said[-1] == "1件の顧客の訪問曜日の指定を解除しました。"
    assert doc.undo_stack.count() == 3  # one step each


def test_closing_day_on_the_visit_day_in_english(qtbot) -> None:
    panel, said, cid, name = _panel(qtbot)
    panel.document.set_selection([cid])
    assert panel.set_selection_typed(m.CLOSED_DAYS, "水")
    assert said[-1] == (
        f"Set the closing days of 1 customer to Wed. The calendar still visits {name} on "
        "another weekday: it stays there until you build the calendar again (keeping the "
        "visit days), which moves it to an allowed day.")


def test_a_new_customer_is_said_to_join_the_calendar_when_it_is_built_again(qtbot) -> None:
    """Two new customers on a built calendar: the status bar said 「顧客 …を追加しました
    （東京エリア）。」 and nothing of the calendar, which has no visit of theirs until it is
    built again (the territory figures count them at once)."""
    set_language("ja")
    panel, said, _cid, _name = _panel(qtbot)
    tid = panel.document.plan.territories[0].id
    name = panel.document.plan.territories[0].name

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.name.setText("新横浜ベーカリー")
        dialog.territory.setCurrentIndex(dialog.territory.findData(tid))
        return True

    panel.run_dialog = fill
    steps = panel.document.undo_stack.count()
    cid = panel.add_customer()
    assert cid and panel.document.undo_stack.count() == steps + 1
    assert said[-1] == (f"顧客 新横浜ベーカリーを追加しました（{name}）。"
                        "訪問カレンダーには、作り直す（訪問日は維持）と空きのある日に入ります。")
