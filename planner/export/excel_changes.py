"""The workbook's "Changes to announce" sheet: customers the last calendar build gave another rep,
weekday or week, with what they had and when the first new visit is; and customers new in the
plan's last update from the company's list (新規), with their day and first visit.

Route-sales customers expect their rep on their day; when a rebuild changes either, the
office calls or writes to them. The sheet is there only when the calendar lists such
customers (``meta["schedule_changed_days"]``, :func:`planner._schedule_told.changed_days`),
one row per customer, sorted by the new rep and the first new visit, ready to print.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from openpyxl.workbook import Workbook

from planner import model as m
from planner._calendar_reps import RepNames
from planner._schedule_dates import calendar_weeks
from planner._schedule_keep import pattern_visits
from planner._schedule_told import LOST_WEEK, changed_customers, rhythm_words, visit_rhythms
from planner.compare import visit_day_texts
from planner.export.common import visit_pattern
from planner.export.excel_cells import list_sheet
from planner.export.excel_routes import day_title, rep_title
from planner.i18n import sentences, tr, trn
from planner.rep_days import days_label
from planner.unscheduled import not_visited_text, with_codes
from planner.update import last_update


def _visit_text(days: str, first_week: int, period: int = 0, cycle: int = 0) -> str:
    """The days as the "New visit day" column words them (``4週に1回(第4週) 金``, ``隔週(第2・4週)
    火``) when the rhythm ``period`` and the calendar's ``cycle`` weeks are known; else ``火`` /
    ``火・木``, with the first week when it is not week 1 (``Fri of week 4``, 第4週の金; a
    fortnightly rhythm ``Tue, from week 2``) and the rhythm in words before it (``隔週 火``)."""
    codes = [d for d in str(days).split(",") if d]
    weeks = list(range(int(first_week), cycle + 1, period)) if period > 0 and cycle > 0 else []
    if codes and weeks and int(first_week) >= 1:
        return visit_pattern(dict.fromkeys(codes, weeks), cycle_weeks=cycle)
    label = days_label(codes)
    if int(first_week) > 1:
        label = (tr("{days}, from week {week}", days=label, week=int(first_week))
                 if 1 < period < 4 else  # visited again in a later week of the cycle
                 tr("{days} of week {week}", days=label, week=int(first_week)))
    return f"{rhythm_words(period)} {label}" if period else label


def write_changes_sheet(wb: Workbook, plan: m.Plan, *, used: set[str]) -> Any:
    """Add the sheet when the calendar changed some customers' rep or day; return it (or None)."""
    changed = changed_customers(plan)
    schedule = plan.schedule
    if schedule is None or schedule.empty:
        return None
    # customers new in the last update from the company's list: told their day and first visit
    visited = set(schedule["customer_id"].astype(str))
    fresh = [cid for cid in last_update(plan)["added"] if cid in visited and cid not in changed]
    if not changed and not fresh:
        return None
    # the rep the customers knew: a territory removed (a rep who left) or a rep replaced since
    reps = RepNames.of(plan, rep_title)
    c = plan.customers.drop_duplicates(m.CUSTOMER_ID).set_index(m.CUSTOMER_ID)
    s = schedule[schedule["customer_id"].astype(str).isin([*changed, *fresh])]
    weekday = s["day"].map({d: i for i, d in enumerate(m.WEEKDAYS)})
    s = s.assign(_weekday=weekday).sort_values(["week", "_weekday", "seq"])
    first = s.drop_duplicates("customer_id")
    first.index = first["customer_id"].astype(str)
    order = {t.id: k for k, t in enumerate(plan.territories)}
    keyed: list[tuple[tuple[int, int, int], list[Any]]] = []
    days_of = s.groupby(s["customer_id"].astype(str))["day"].agg(
        lambda d: ",".join(x for x in m.WEEKDAYS if x in set(d))
    )
    entries = dict(changed)
    for cid in fresh:  # no previous rep or day: the new day, and 新規 where the old one goes
        t = str(first.at[cid, "territory"])
        entries[cid] = ["", 0, days_of[cid], int(first.at[cid, "week"]), t, t]
    # the new days in the customer's rhythm (毎週 月, 4週ごと …): "Mon" says weekly
    rhythm = dict(zip(entries, visit_day_texts(plan, np.array(list(entries), dtype=object)),
                      strict=True))
    # a previous day in the same words: its rhythm is the one it had, else the one it has now
    planned = pattern_visits(plan)
    now = visit_rhythms(planned) if planned is not None and len(planned) else {}
    cycle = calendar_weeks(plan)
    why = _left_out_words(plan)
    for cid, entry in entries.items():
        old_days, old_week, new_days, new_week, old_t, new_t = entry[:6]
        was = int(entry[6]) if len(entry) == 8 else int(now.get(cid, 0))
        if cid in c.index and not new_days:  # visited before, not now; or neither time
            keyed.append(((order.get(str(new_t), len(order)), 10**6, 0), [
                cid, str(c.at[cid, m.NAME]), str(c.at[cid, m.ADDRESS]), str(c.at[cid, m.PHONE]),
                reps.previous(old_t) if reps.changed(old_t, new_t) else "",
                reps.current(new_t),
                _visit_text(old_days, old_week, was, cycle) if old_days
                else tr("No visit in the previous calendar"),
                # its own data keeps it out (visiting hours, position …): why, and what to
                # change; for want of room the usual words (it comes first next period)
                why.get(cid) or (tr("No visits in this calendar") if old_days
                                 else tr("No visits in this calendar either")), "",
            ]))
            continue
        if cid not in c.index or cid not in first.index:
            continue
        visit = first.loc[cid]
        date = str(visit["date"]) if "date" in first.columns else ""
        when = (order.get(str(visit["territory"]), len(order)), int(visit["week"]),
                int(visit["_weekday"]))
        keyed.append((when, [
            cid,
            str(c.at[cid, m.NAME]),
            str(c.at[cid, m.ADDRESS]),
            str(c.at[cid, m.PHONE]),
            reps.previous(old_t) if reps.changed(old_t, new_t) else "",
            reps.current(visit["territory"]),
            (_visit_text(old_days, old_week, was, cycle) if old_days
             else tr("Unknown: its saved calendar row was damaged") if old_week == LOST_WEEK
             else tr("Not in the previous calendar"))
            if cid in changed else tr("New customer"),
            rhythm.get(cid) or _visit_text(new_days, new_week),
            day_title(plan, int(visit["week"]), str(visit["day"]), date=date),
        ]))
    keyed.sort(key=lambda item: item[0])  # by the new rep, then the first new visit
    rows = [row for _when, row in keyed]
    headers = [
        tr("Customer code"), tr("Name"), tr("Address"), tr("Phone"), tr("Previous rep"),
        tr("Rep"), tr("Previous visit day"), tr("New visit day"), tr("First new visit"),
    ]
    note = trn(
        "{n} customer has a new rep, visit day or week since the previous calendar.",
        "{n} customers have a new rep, visit day or week since the previous calendar.",
        len(rows) - len(fresh),
        n=f"{len(rows) - len(fresh):,}")
    if to_fix := sum(1 for row in rows if row[0] in why):
        note = sentences(note, trn(
            "{n} customer cannot be visited until its data is changed (its row says why).",
            "{n} customers cannot be visited until their data is changed (their rows say why).",
            to_fix, n=f"{to_fix:,}"))
    if fresh:
        note = sentences(note, trn("{n} new customer (新規) is told its visit day.",
                                   "{n} new customers (新規) are told their visit day.",
                                   len(fresh), n=f"{len(fresh):,}"))
    return list_sheet(wb, tr("Changes to announce"), note, headers, rows, used=used)


def _left_out_words(plan: m.Plan) -> dict[str, str]:
    """Customer id → what its row says instead of "no visits" when the calendar left it out
    for a reason of its own data (:func:`planner.unscheduled.not_visited_text`)."""
    table = with_codes(plan.unscheduled)
    if table is None or not len(table):
        return {}
    out: dict[str, str] = {}
    for cid, reason, code in zip(table["customer_id"].astype(str), table["reason"],
                                 table["reason_code"].astype(str), strict=True):
        if cid not in out and (text := not_visited_text(reason, code)):
            out[cid] = text
    return out
