"""A manager's third month, in Japanese: after a hand-over the status bar named only a
re-balance (「再配分しました: 移動 246件…」), never the territory gone with its rep; after
*Add a rep here* it never said that a new territory with no rep and no home base was there to
fill in."""

from __future__ import annotations

import pytest

from planner import model as m
from planner._design_subset import retire_group, touching_territories
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def four_reps() -> m.Plan:
    plan = synthetic_plan(60, territories=4, seed=7)
    names = ["練馬エリア", "東京エリア", "立川エリア", "大宮エリア"]
    reps = ["田中 健太", "鈴木 一郎", "高橋 美咲", "山田 太郎"]
    return plan.replace(territories=tuple(
        t.replace(name=n, rep=r) for t, n, r in zip(plan.territories, names, reps, strict=True)))


def applied(qtbot, plan: m.Plan, **options) -> DesignDialog:  # noqa: ANN003
    dialog = DesignDialog(PlanDocument(plan), **options)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    dialog.apply()
    return dialog


def test_the_hand_overs_note_names_the_territory_gone_with_its_rep(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    leaver = next(t for t in plan.territories if touching_territories(plan, t.id))
    group = list(retire_group(plan, leaver.id, None))
    dialog = applied(qtbot, plan, keep_existing=True, only=group, count=len(group) - 1,
                     retire=leaver.id)
    assert leaver.id not in dialog.doc.plan.territory_ids
    assert dialog.note.startswith(
        f"{leaver.name}（{leaver.rep}）はなくなり、顧客はほかのテリトリーに移りました。再配分しました: ")


def test_a_new_reps_territory_asks_for_the_rep_and_the_home_base(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    first = plan.territories[0].id
    group = [first, *touching_territories(plan, first)]
    dialog = applied(qtbot, plan, keep_existing=True, only=group, count=len(group) + 1)
    (new,) = [t for t in dialog.doc.plan.territories if t.id not in plan.territory_ids]
    # where a rep is typed (the Rep cell), not the right-click menu, which has no rep
    head = (f"新しいテリトリー「{new.name}」ができました。テリトリー一覧で「担当者」の欄を"
            "ダブルクリックして担当者名を入力し、拠点も設定してください（右クリック →"
            "「拠点（ルートの起点）」）。")
    assert dialog.note.startswith(head)
    # then where its customers came from (planner._design_join), then the moves
    came = dialog.note[len(head):].split("再配分しました: ")[0]
    assert came.startswith(f"{new.name}は") and came.endswith("の顧客を引き継ぎます。")


def test_a_new_reps_note_says_the_moves_once(qtbot) -> None:
    """「…引き継ぎます。再配分しました: 移動 178件、最大偏差 4.3%。現在の担当から変わる顧客:
    178件（全830件の21%）。」: the same figure twice, and the bar of a 1366-wide window cut the
    note in the second."""
    set_language("ja")
    plan = four_reps()
    first = plan.territories[0].id
    group = [first, *touching_territories(plan, first)]
    dialog = applied(qtbot, plan, keep_existing=True, only=group, count=len(group) + 1)
    moved = len(dialog.result.moves)
    assert dialog.rep_changes is not None and dialog.rep_changes.changed == moved
    assert dialog.note.endswith(f"再配分しました: 移動 {moved}件、最大偏差 "
                                f"{dialog.result.max_deviation:.1%}。")
    assert "現在の担当から変わる顧客" not in dialog.note


def test_a_design_that_keeps_every_territory_says_only_what_it_moved(qtbot) -> None:
    set_language("ja")
    plan = four_reps()
    dialog = applied(qtbot, plan, keep_existing=True)
    assert dialog.note.startswith("再配分しました: ")


def test_a_long_calendar_report_fits_a_laptop_with_its_ok_button(qtbot, monkeypatch) -> None:
    """The January rebuild's report (seven reps' customers left out, by name) was a message
    box 400 pixels wide and 1,069 high: its OK button below a laptop's screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialogButtonBox
    from test_status_notes_more import open_window

    from planner.ui import schedule_dialog, screen_fit

    set_language("ja")
    room = QRect(0, 0, 853, 480)  # 1280×720 at 150 %
    monkeypatch.setattr(screen_fit, "available_room", lambda _widget: QRect(room))
    window = open_window(qtbot, four_reps())
    head = "訪問カレンダーを作成しました: 訪問 2,153件。150件の顧客を訪問カレンダーに入れられませんでした。"
    rest = "\n".join(f"  担当者{i}: 41件の顧客を外しました。\n    外した顧客（C{i:06d} 吉田ストアほか40件）: "
                     "稼働日が埋まっています。" for i in range(40))
    report = f"{head}\n\n訪問日を維持した作り直し:\n{rest}"

    def built(dialog):  # noqa: ANN001, ANN202 - as if Build had run
        dialog.report = report
        return 1

    monkeypatch.setattr(schedule_dialog.ScheduleDialog, "exec", built)
    ui = window.actions_ui
    ui.show_schedule()
    box = ui.report_box
    assert box is not None and box.isVisible()
    assert box.width() <= room.width() and box.height() <= room.height()
    ok = box.findChild(QDialogButtonBox)
    assert box.rect().contains(QRect(ok.mapTo(box, ok.rect().topLeft()), ok.size()))
    assert box.text() == report  # the whole of it, the details scrolling
    assert box.headline.text() == head
    assert box.details.toPlainText() == f"訪問日を維持した作り直し:\n{rest}"
    box.close()


def test_the_hand_overs_over_hours_advice_reads_as_a_manager_would_act() -> None:
    """「担当者が 6人になります…担当者を残してください」: a space before the number, and
    "keep a rep" said of a rep who is leaving; the manager's choice is a successor."""
    from planner.i18n import tr

    set_language("ja")
    assert tr("{n} reps are now above their weekly hours: {names}. Lower visit frequencies, or "
              "keep a rep.", n=6, names="東京エリア 115%") == (
        "週の稼働時間を超える担当者が6人になります: 東京エリア 115%。訪問頻度を下げるか、"
        "後任の担当者を置いてテリトリーを残してください。")


@pytest.mark.parametrize("where", ["own", "other"])
def test_a_home_base_set_in_another_territorys_area_is_said(qtbot, where) -> None:
    """The new rep's home (練馬) was set for a territory carved at 八王子: only 「拠点を設定
    しました」 was said, and the next calendar drove 1,844 km a cycle from there."""
    from planner.ui.territory_panel import TerritoryPanel

    set_language("ja")
    from shapely.geometry import box

    plan = four_reps()  # two areas drawn side by side
    t1, t2, *rest = plan.territories
    plan = plan.replace(territories=(t1.replace(boundary=box(139.0, 35.0, 139.5, 36.0)),
                                     t2.replace(boundary=box(139.5, 35.0, 140.0, 36.0)), *rest))
    mine, other = plan.territories[0], plan.territories[1]
    area = (mine.boundary.difference(other.boundary) if where == "own"
            else other.boundary.difference(mine.boundary))
    point = area.representative_point()
    panel = TerritoryPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.message) as said:
        panel.set_home(mine.id, (point.y, point.x))
    text = said.args[0]
    assert text.startswith(f"{mine.name}の拠点を設定しました。")
    if where == "own":
        assert text == f"{mine.name}の拠点を設定しました。"
    else:
        assert text.endswith(f"拠点は{other.name}の区域内にあり、{mine.name}の顧客から離れています。"
                             "毎日のルートはここから出発し、ここに戻ります。")
