"""The Calendar dock's list of the shown day's stops, in route order, with their marks
(※ told of a change, ◆ moved for that day only, ◇ moved off a holiday, ! outside the
visiting hours, a red arrival after the rep's day ends; greyed: given to another territory
since the build) and tooltips, and the day's title (visits, hours, km, lunch, visits given way, customers gone elsewhere):
:func:`fill_stops`."""

from __future__ import annotations

import pandas as pd
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem

from planner import model as m
from planner._calendar_once import day_text as one_off_day
from planner._calendar_once import one_off_moves
from planner._calendar_reps import RepNames
from planner._schedule_told import changed_customers, changed_note
from planner.closed_day_notes import closed_day_note
from planner.day_length import day_end, late_arrivals, long_day_note, rep_limit, too_long
from planner.i18n import tr, trn
from planner.rep_days import rep_name
from planner.routing import format_clock, lunch_end
from planner.schedule_index import customer_positions, day_rows
from planner.ui import calendar_notes
from planner.ui.calendar_grid import is_former
from planner.ui.calendar_notes import day_hours, day_km, day_title
from planner.ui.move_day_dialog import stop_hint
from planner.ui.red_mark_delegate import RED
from planner.visit_times import visit_time_label, visits_outside_hours


def fill_stops(
    day_list: QTableWidget, title_label: QLabel, plan: m.Plan,
    shown: tuple[str, int, str] | None, days_table: pd.DataFrame | None,
    warning: QLabel | None = None,
) -> list[str] | None:
    """Fill ``day_list`` with the stops of ``shown`` (territory, week, day) and
    ``title_label`` with its title; the customers listed, in order (None when no day is
    shown: the list says to click one). ``days_table``: the rep's ``day_summary``;
    ``warning``: shown, in red, on a day longer than the rep's day (a hand move's 18:05) and
    on a day off set after the build that still has visits."""
    notes: list[str] = [long_day_warning(plan, shown, days_table)]
    try:
        return _fill_stops(day_list, title_label, plan, shown, days_table, notes)
    finally:
        if warning is not None:  # the red lines above the stops, each on its own line
            warning.setText("\n".join(n for n in notes if n))
            warning.setVisible(bool(warning.text()))


def _fill_stops(
    day_list: QTableWidget, title_label: QLabel, plan: m.Plan,
    shown: tuple[str, int, str] | None, days_table: pd.DataFrame | None, notes: list[str],
) -> list[str] | None:
    """:func:`fill_stops` without the red lines; appends to ``notes`` the day off's."""
    s = plan.schedule
    headers = [tr("No."), tr("Arrival"), tr("Name"), tr("Address")]
    day_list.clear()
    day_list.setColumnCount(len(headers))
    day_list.setHorizontalHeaderLabels(headers)
    ids: list[str] = []
    if s is None or shown is None:
        day_list.setRowCount(0)
        title_label.setText(tr("Click a day to see its visits and route."))
        title_label.setToolTip("")
        return None
    _t, week, day = shown
    rows = day_rows(s, shown[0], week, day).sort_values("seq")  # the rep's rows, grouped once
    at = customer_positions(plan.customers, rows["customer_id"].to_numpy(dtype=object))
    # the day's customers' fields by code (a lookup of each cell in a frame took 50 ms)
    c = plan.customers.iloc[at[at >= 0]]
    known = {str(k): r for r, k in enumerate(c[m.CUSTOMER_ID].to_numpy(dtype=object))}
    names_of, addresses, visit_times, territories = (
        c[col].to_numpy(dtype=object) for col in (m.NAME, m.ADDRESS, m.VISIT_TIME, m.TERRITORY))
    # ※ marks a customer the last build gave another rep, day or week (tell them)
    changed = changed_customers(plan)
    reps = RepNames.of(plan, rep_name)
    # a visit outside its customer's visiting hours (a hand move put it there) shows "!"
    outside = visits_outside_hours(plan.customers, rows)
    given, given_tips = calendar_notes.given_up_notes(plan, shown[0], rows)
    # a stop reached after the rep's day ends (a hand move's 18:05): its arrival in red
    end = day_end(plan, shown[0])
    late = late_arrivals(rows["arrival"].astype(str), end)
    one_off = one_off_moves(plan)  # moved by hand for one day only
    former = is_former(plan, shown[0])
    hint = "" if former else "\n" + stop_hint()  # how to move it
    # a customer given to another territory since the build is still this rep's visit until
    # the calendar is built again: greyed, and its tooltip says whose it is now
    names = {t.id: t.name or t.id for t in plan.territories}
    elsewhere = 0
    day_list.setRowCount(len(rows))
    for r, rec in enumerate(rows.itertuples(index=False)):
        cid = str(rec.customer_id)
        ids.append(cid)
        k = known.get(cid)
        name = str(names_of[k]) if k is not None else cid
        address = str(addresses[k]) if k is not None else ""
        news = changed_note(changed.get(cid), reps) if changed else ""
        hours = visit_time_label(visit_times[k]) if k is not None else ""
        arrival = str(rec.arrival) + (" !" if outside[r] else "")
        # ◇ a visit a holiday or day off moved here from the day it was planned on; ◆ one
        # the manager moved here for this day only
        was = str(getattr(rec, "moved_from", "") or "")
        once = (cid, was) in one_off
        marks = ("※" if news else "") + ("◆" if once else "◇" if was else "")
        values = (str(int(rec.seq)), arrival, marks + name, address)
        tip = f"{cid} {name}\n{address}" + (f"\n{news}" if news else "")
        if once:
            tip += "\n" + tr("Moved here from {date} for this day only; the usual day "
                             "stays.", date=one_off_day(was))
        elif was:
            tip += "\n" + tr("Moved here from {date} (a holiday or day off).",
                             date=one_off_day(was))
        if cid in given_tips:  # in another's place, or gave up a visit of another day
            tip += "\n" + given_tips[cid]
        if hours:
            tip += "\n" + tr("Visiting hours: {hours}", hours=hours)
        if outside[r]:
            tip += "\n" + tr("This visit is outside the customer's visiting hours.")
        if late[r]:
            tip += "\n" + tr("Arrives after the rep's day ends ({end}).", end=format_clock(end))
        now = str(territories[k]) if k is not None else shown[0]
        gone = not former and now != shown[0]
        if gone:
            elsewhere += 1
            tip += "\n" + tr("Now in {territory}: build the calendar again to give this visit "
                             "to its rep.", territory=names.get(now, now) or tr("Unassigned"))
        tip += hint
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if outside[r] or (late[r] and col == 1):  # the arrival of a late stop
                item.setForeground(QBrush(RED))  # (kept red when picked: RedMarkDelegate)
            elif gone:
                item.setForeground(QBrush(QColor("#8a8a8a")))
            day_list.setItem(r, col, item)
    day_list.resizeColumnsToContents()
    hours = day_hours(days_table, week, day)
    km = day_km(days_table, week, day)  # the drive home when the calendar has it
    title = trn("{day}: {visits} visit, {hours:.1f} h, {km:.0f} km",
                "{day}: {visits} visits, {hours:.1f} h, {km:.0f} km", len(rows),
                day=day_title(week, day, plan, heading=True), visits=len(rows), hours=hours,
                km=km)
    lunch = [str(v) for v in rows.get("lunch", pd.Series(dtype=object)) if v]
    if lunch:  # the lunch break, before the stop it comes before
        until = lunch_end(lunch[0], plan.settings.lunch_minutes)
        title += " · " + tr("lunch {start}–{end}", start=lunch[0], end=until)
    # the visits this day gave up: counted under the title, said in its tooltip (a
    # sentence each took the stop list's room, and clipped the title on a busy day)
    closed = closed_day_note(plan, shown[0], week, day) if len(rows) else ""
    # the rep's day off set after the build: its visits wait for a rebuild (said in red)
    notes.append(closed)
    if given:
        title += "\n" + trn(
            "⇄ {n} visit of this day gave way to another customer (hover for whose)",
            "⇄ {n} visits of this day gave way to other customers (hover for whose)",
            len(given), n=len(given))
    if elsewhere:
        title += "\n" + trn(
            "{n} of these customers has moved to another territory since (grey).",
            "{n} of these customers have moved to other territories since (grey).",
            elsewhere, n=elsewhere)
    title_label.setText(title)
    title_label.setToolTip("\n".join(given))
    return ids


def long_day_warning(plan: m.Plan, shown: tuple[str, int, str] | None,
                     days_table: pd.DataFrame | None) -> str:
    """The sentence on ``shown`` when it is longer than its rep's day (the grid's red cell:
    how long, how far past, what to do), "" otherwise: once a move's status message is gone
    the day's stops still say why the last ones arrive after hours."""
    if shown is None or days_table is None:
        return ""
    tid, week, day = shown
    hours = day_hours(days_table, week, day)
    limit = plan.settings.day_hours if is_former(plan, tid) else rep_limit(plan, tid)
    if not too_long(hours, limit):
        return ""
    known = tid in plan.territory_ids
    return long_day_note(hours, limit, rep=rep_name(plan.territory(tid)) if known else tid)
