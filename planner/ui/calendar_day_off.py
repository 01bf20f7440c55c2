"""A rep off on one day of the calendar (sick, training), from the day itself: right-click
the day in the Calendar dock → *Day off for 鈴木 一郎 (12/16)*, the same edit as Territories →
*Working time… → Days off* (one undo step), and the same sentence in the status bar; on the
rep's day off the menu gives the working day back. The visits stay until the calendar is
built again (keeping the visit days), which moves them to other days of the week."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from planner.edits import UpdateTerritory
from planner.export.excel_routes import day_date
from planner.i18n import tr
from planner.rep_days import rep_name
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import days_off_note


def add_day_off_action(
    menu: QMenu, document: PlanDocument, territory_id: str, week: int, day: str, closed: str,
    *, said: Callable[[str], None],
) -> QAction | None:
    """Add the day's *Day off for …* (or *Working day again …*) to ``menu``; ``closed`` the
    label of a day without work ("" for a working day). None when the day has no date (an
    undated calendar), belongs to no territory of the plan or is closed for everyone (a
    public holiday, the company's day off). ``said`` takes the status bar's sentence."""
    plan = document.plan
    on = day_date(plan, week, day)
    if on is None or territory_id not in plan.territory_ids:
        return None
    territory = plan.territory(territory_id)
    iso = on.isoformat()
    off = iso in territory.days_off
    if closed and not off:  # a holiday or the company's day: no one works
        return None
    values = {"rep": rep_name(territory), "date": f"{on.month}/{on.day}"}
    text = (tr("Working day again for {rep} ({date})", **values) if off
            else tr("Day off for {rep} ({date}: sick, training…)", **values))
    action = menu.addAction(text)
    action.setObjectName("calendar_day_off")

    def toggle() -> None:
        note = set_day_off(document, territory_id, iso, not off, menu.parentWidget())
        if note:
            said(note)

    action.triggered.connect(toggle)
    return action


def set_day_off(
    document: PlanDocument, territory_id: str, date: str, off: bool, parent: QWidget | None
) -> str:
    """Make ``date`` (ISO) a day off of the rep of ``territory_id`` (``off``) or a working
    day again, as one undo step; the status bar's sentence ("" when refused)."""
    before = document.plan
    days = set(before.territory(territory_id).days_off)
    days = days | {date} if off else days - {date}
    refused = document.try_push(UpdateTerritory.of(territory_id, days_off=tuple(sorted(days))))
    if refused:
        QMessageBox.warning(parent, tr("Territory Planner"), refused)
        return ""
    return days_off_note(before, document.plan, territory_id)
