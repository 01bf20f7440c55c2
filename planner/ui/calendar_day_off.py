"""A rep off on one day of the calendar (sick, training), from the day itself: right-click
the day in the Calendar dock → *Day off for 鈴木 一郎 (12/16)*, the same edit as Territories →
*Working time… → Days off* (one undo step), and the same sentence in the status bar; on the
rep's day off the menu gives the working day back. The visits stay until the calendar is
built again (keeping the visit days), which moves them to other days of the week.

Several days selected in the grid (shift/ctrl-click, a drag over the days, shift+arrows):
the menu sets them off together, *Day off for 伊藤 由美 on these 3 days*, as ONE undo step
and one sentence (:class:`planner.edits.SetDaysOff`); the company's days, public holidays
and days off already are left as they are and said so once. *Set days off…* opens the
from–to dialog (:mod:`planner.ui.days_off_dialog`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QTableWidget, QWidget

from planner._days_off_edits import DaysOffRange, nothing_text, plan_days_off, range_note
from planner.days_off import days_off_label
from planner.edits import UpdateTerritory
from planner.export.excel_routes import day_date
from planner.i18n import tr, trn
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


def selected_days(grid: QTableWidget, days: list[str]) -> list[tuple[int, str]]:
    """The (week, day) of the grid's selected days, in calendar order."""
    cells = {(i.row() + 1, days[i.column()]) for i in grid.selectedIndexes()
             if 0 <= i.column() < len(days)}
    return sorted(cells, key=lambda c: (c[0], days.index(c[1])))


def cell_dates(document: PlanDocument, cells: list[tuple[int, str]]) -> tuple[str, ...]:
    """The ISO dates of ``cells`` (none on an undated calendar)."""
    dates = (day_date(document.plan, week, day) for week, day in cells)
    return tuple(sorted(d.isoformat() for d in dates if d is not None))


def add_range_actions(
    menu: QMenu, document: PlanDocument, territory_id: str, cells: list[tuple[int, str]],
    *, said: Callable[[str], None],
) -> list[QAction]:
    """Add *Day off for … on these 3 days* and, when some of them are off, *Working days
    again …* for the selected ``cells`` (one edit each); none on an undated calendar or when
    every day is closed for everyone."""
    plan = document.plan
    dates = cell_dates(document, cells)
    if not dates or territory_id not in plan.territory_ids:
        return []
    values = {"rep": rep_name(plan.territory(territory_id)), "dates": days_off_label(dates)}
    out = []
    for off in (True, False):
        days = plan_days_off(plan, territory_id, dates, off=off)
        if not days.dates:
            continue
        text = (trn("Day off for {rep} on this {n} day ({dates}: sick, training…)",
                    "Day off for {rep} on these {n} days ({dates}: sick, training…)",
                    len(dates), n=len(dates), **values) if off
                else trn("Working day again for {rep} on this {n} day ({dates})",
                         "Working days again for {rep} on these {n} days ({dates})",
                         len(dates), n=len(dates), **values))
        action = menu.addAction(text)
        action.setObjectName("calendar_days_off" if off else "calendar_days_back")
        action.triggered.connect(
            lambda _c=False, days=days: _said(said, set_days_off(document, days,
                                                                  menu.parentWidget())))
        out.append(action)
    return out


def _said(said: Callable[[str], None], note: str) -> None:
    if note:
        said(note)


def set_days_off(document: PlanDocument, days: DaysOffRange, parent: QWidget | None) -> str:
    """Set ``days`` as one undo step; the status bar's sentence ("" when refused, with a
    message box saying why; nothing to change says so)."""
    if not days.dates:
        QMessageBox.information(parent, tr("Territory Planner"), nothing_text(days))
        return ""
    before = document.plan
    refused = document.try_push(days.edit())
    if refused:
        QMessageBox.warning(parent, tr("Territory Planner"), refused)
        return ""
    return range_note(before, document.plan, days)
