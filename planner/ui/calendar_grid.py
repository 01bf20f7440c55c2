"""The Calendar dock's choice of rep and its grid's closed days (kept out of
``calendar_panel.py``): the plan's territories, then those its calendar still names that the
plan no longer has (merged, deleted), so the manager can look at their visits before
building the calendar again; and the day list whose stops are dragged onto another day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from planner import model as m
from planner._calendar_once import day_text as date_text
from planner._calendar_reps import calendar_territories, former_territories
from planner._schedule_off import skipped_visits
from planner.days_off import closed_cells
from planner.gave_way_notes import customer_names, day_text, given_up
from planner.i18n import tr
from planner.rep_days import rep_name
from planner.rep_titles import rep_title
from planner.schedule_index import territory_rows
from planner.ui.red_mark_delegate import RedMarkDelegate

#: What a drag of the day list's stops carries: their customer codes, one per line.
VISITS_MIME = "application/x-territory-planner-visits"


class DayList(QTableWidget):
    """The shown day's stops; dragging rows carries their customer codes (``ids``: the
    customers of the rows, in order)."""

    def __init__(self, parent: QWidget, ids: Callable[[], list[str]]):
        super().__init__(parent)
        self._ids = ids
        self.setItemDelegate(RedMarkDelegate(self))  # a late arrival stays red when picked

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802
        rows = sorted({item.row() for item in items})
        data = QMimeData()
        ids = self._ids()
        data.setData(VISITS_MIME, "\n".join(ids[r] for r in rows if r < len(ids)).encode("utf-8"))
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [VISITS_MIME]


def rep_choices(plan: m.Plan) -> list[tuple[str, str]]:
    """(label, territory id) of the Rep box: ``山田 太郎（立川エリア）`` (as the export dialog
    and the route sheets name a rep, :func:`rep_title`), then the former territories the
    calendar still holds visits of, ``田中 健太（練馬エリア）（削除済み）``; a territory named
    after its rep (a list's 担当 column) once: ``鈴木 一郎``."""
    out = [(rep_title(t), t.id) for t in plan.territories]
    former = former_territories(plan)
    s = plan.schedule
    # the calendar's territories, only when some are former (a pass over every visit: 0.25 s
    # at 100,000 customers, after every hand move)
    held = set() if s is None or not former else {
        str(t) for t in pd.unique(s["territory"].to_numpy(dtype=object))}
    for t in former:
        if t.id in held:
            out.append((tr("{name} (deleted)", name=rep_title(t)), t.id))
    return out



def shown_territory(plan: m.Plan, territory_id: str) -> m.Territory | None:
    """The territory ``territory_id`` as the calendar knows it (a former one as remembered)."""
    return next((t for t in calendar_territories(plan) if t.id == territory_id), None)


def is_former(plan: m.Plan, territory_id: str) -> bool:
    """Whether ``territory_id`` is a territory the calendar names that the plan no longer has."""
    return bool(territory_id) and territory_id not in plan.territory_ids


def paint_closed_days(
    grid: QTableWidget, plan: m.Plan, territory: m.Territory, weeks: int, days: list[str],
) -> dict[tuple[int, int], str]:
    """Grey the days without work of ``territory``'s rep (days off, public holidays, the
    company's days off) in ``grid``; a visit there (a hand move's) shows in red. Returns the
    label of each closed (row, column)."""
    rep = rep_name(territory)
    closed = {}
    for k, (kind, date, label) in closed_cells(territory, plan.settings, weeks, days).items():
        said = date_text(date)  # 12/29(火), as the day list and the move picker write it
        tip = (tr("{rep} does not work on {date}.", rep=rep, date=said) if kind == "off"
               else f"{said} {label}" if kind == "holiday"
               else tr("The company is closed on {date}.", date=said))
        closed[k] = (label, tip, date)
    skipped = skipped_visits(plan)
    left_out: pd.Series = skipped[skipped["territory"] == territory.id].groupby("date").size()
    for (w, d), (text, tip, date) in closed.items():
        if date in left_out.index:
            n = int(left_out[date])
            tip += "\n" + (
                tr("1 visit of this day fits no other day and is left out.") if n == 1 else
                tr("{n} visits of this day fit no other day and are left out.", n=n))
        item = grid.item(w, d)
        if item is not None:  # visits planned before the day closed: a rebuild moves them
            item.setText(item.text().replace("\n", f" {text}\n", 1))
            item.setForeground(QBrush(QColor("#b00020")))
        else:
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setForeground(QBrush(QColor("#777777")))
            item.setBackground(QBrush(QColor("#eeeeee")))
            grid.setItem(w, d, item)
        item.setToolTip(tip)
    return {k: v[0] for k, v in closed.items()}


def note_given_days(grid: QTableWidget, plan: m.Plan, tid: str, days: list[str]) -> None:
    """On the working days of rep ``tid`` that lost a visit to a customer's only visit of
    the cycle (:mod:`planner.gave_way_notes`), a ⇄ after the hours and a tooltip line
    naming whose visit gave way to whom."""
    s = plan.schedule
    gone = given_up(plan, tid)
    if s is None or not gone or "date" not in s.columns:
        return
    names = customer_names(plan)
    mine = territory_rows(s, tid)
    cells = {str(d): (int(w), str(k)) for d, w, k in
             zip(mine["date"], mine["week"], mine["day"], strict=True)}
    for g in gone:
        if g.date not in cells or cells[g.date][1] not in days:
            continue
        week, day = cells[g.date]
        item = grid.item(week - 1, days.index(day))
        if item is None:
            continue
        if not item.text().endswith("⇄"):
            item.setText(item.text() + " ⇄")
        tip = item.toolTip()
        item.setToolTip((tip + "\n" if tip else "") + day_text(g, names))


def note_one_off_days(grid: QTableWidget, plan: m.Plan, tid: str, days: list[str]) -> None:
    """On the days of rep ``tid`` holding a visit moved there by hand for that day only, a ◆
    after the hours and a tooltip line naming the customer and the day it came from."""
    from planner._calendar_once import day_text, one_off_moves

    s = plan.schedule
    moves = one_off_moves(plan)
    if s is None or not moves:
        return
    names = customer_names(plan)
    mine = territory_rows(s, tid)
    mine = mine[mine["moved_from"].astype(str) != ""]
    for cid, was, week, day in zip(mine["customer_id"].astype(str), mine["moved_from"],
                                   mine["week"], mine["day"], strict=True):
        item = grid.item(int(week) - 1, days.index(day)) if day in days else None
        if (cid, str(was)) not in moves or item is None:
            continue
        if "◆" not in item.text():
            item.setText(item.text() + " ◆")
        tip = item.toolTip()
        line = tr("◆ {name}: moved here from {date} for this day only", name=names.get(cid, cid),
                  date=day_text(str(was)))
        item.setToolTip((tip + "\n" if tip else "") + line)
