"""The Calendar dock's summary line wraps between its phrases, never inside one
(「うち要修正6件」 was cut after 要修正 at the dock's usual width)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from planner.i18n import set_language
from planner.ui.phrase_label import WORD_JOINER, PhraseLabel

LINE = "4週間で20日、28件訪問、1,323km — カレンダーに入らない顧客 17件（うち要修正6件）"


def lines_shown(label: PhraseLabel, width: int, html: str | None = None) -> list[str]:
    """The lines the label's text (``html``: as shown now) takes at ``width`` pixels, as Qt
    lays them out."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.phrases_html(width) if html is None else html)
    document.setTextWidth(width)
    document.documentLayout().documentSize()  # lays the text out
    layout = document.firstBlock().layout()
    text = document.firstBlock().text()
    return [text[line.textStart():line.textStart() + line.textLength()]
            .replace(WORD_JOINER, "").replace("\u00a0", " ").strip()
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))]


def test_the_line_wraps_between_phrases_only(qtbot):
    label = PhraseLabel()
    qtbot.addWidget(label)
    label.setText(LINE)
    assert label.text() == LINE  # plain text in, plain text out
    whole = label.fontMetrics().horizontalAdvance(LINE)
    second = label.fontMetrics().horizontalAdvance(LINE.split(" — ")[1])
    width = (whole + second) // 2  # too narrow for the line, wide enough for each phrase
    assert lines_shown(label, width) == ["4週間で20日、28件訪問、1,323km —",
                                         "カレンダーに入らない顧客 17件（うち要修正6件）"]
    assert lines_shown(label, whole + 20) == [LINE]
    # narrower than a phrase: that phrase wraps as any text does (the dock keeps its width)
    assert len(lines_shown(label, second // 2)) > 2


@pytest.mark.usefixtures("isolated", "program_font")
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_calendar_docks_line_keeps_its_phrases_whole(qtbot, size):
    from planner import model as m
    from planner.i18n import in_language
    from planner.schedule import build_schedule
    from planner.ui import file_actions
    from planner.ui.main_window import MainWindow
    from tests.core.test_unscheduled_reasons import _plan

    plan = _plan()  # customers left out of the calendar, six of them to fix
    customers = plan.customers.copy()
    customers.loc[0, m.SALES] = 9_000_000.0
    with in_language("en"):
        plan = build_schedule(plan.replace(customers=customers), route_seconds=0.01)
    set_language("ja")
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    summary = window.actions_ui.calendar_panel.summary
    qtbot.waitUntil(lambda: "うち要修正" in summary.text())
    ui = window.actions_ui
    left = min(ui.territory_panel.preferred_width(), window.width() * 2 // 5)
    qtbot.waitUntil(lambda: ui.docks["calendar"].width() >= left)  # the left column's width
    width = summary.contentsRect().width()
    shown = lines_shown(summary, width, QLabel.text(summary))  # as shown (rich text)
    assert 1 < len(shown) <= 3  # the dock is narrower than the line: it does wrap
    phrase = next(p for p in summary.text().split(" — ") if "うち要修正" in p)
    assert any(phrase in line for line in shown), shown  # on one line, whatever the rest
    ui.files.autosaver.stop()


def test_the_calendar_reports_figures_stay_with_their_counters(qtbot) -> None:
    """The January report box wrapped 「…祝日・休みの日の訪問 14」 | 「件は他の日に入らず…」."""
    from PySide6.QtGui import QTextLayout, QTextOption

    from planner.ui.report_box import ReportBox

    head = ("訪問カレンダーを作成しました: 訪問 2,386件。1,308件の顧客は訪問日を維持しました。"
            "189件の顧客の担当者・訪問曜日・訪問週のいずれかが変わりました。ルート表に印があります。"
            "祝日・休みの日の訪問 14件は他の日に入らず、外しました（その顧客のほかの訪問はそのままです）。")
    box = ReportBox(head + "\n\n訪問日を維持した作り直し:\n  中村 愛: 4件の訪問を空きのある別の日に移しました。")
    qtbot.addWidget(box)
    label = box.headline
    assert label.text() == head  # the plain text back
    broken = []
    for width in range(200, 761, 3):  # the widths the box may have
        layout = QTextLayout(QLabel.text(label), label.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(QLabel.text(label)[line.textStart():line.textStart() + line.textLength()]
                         .replace(WORD_JOINER, ""))
        layout.endLayout()
        broken += [(width, a[-3:], b[:3]) for a, b in zip(lines, lines[1:], strict=False)
                   if a.rstrip()[-1:].isdigit() and b[:1] in "件日"]
    assert not broken
