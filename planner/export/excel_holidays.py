"""The workbook's "Holiday changes" sheet (祝日・休みの連絡): every visit a closed day moved or
left out, with who tells the customer and when.

A public holiday, the company's closure (年末年始) or a rep's day off moves a visit to another
day or week (``moved_from``), or leaves it out (:func:`planner._schedule_off.skipped_visits`;
and ``meta["schedule_closed_out"]`` when that left a customer no visit at all).
A visit on a working day may move too, to make room for a closed day's visits (12/31 →
12/24 so that 1/1's fit on 12/31): its row says so, lest the office tell the customer that
12/31 is a holiday. The rep tells the customer at the visit before (the route sheet's
お知らせ); a customer with no visit before it in the calendar is to be called by the office.
One row per moved or left-out visit, by rep and date, ready to print; the sheet is there only
when the calendar has such visits.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.workbook import Workbook

from planner import model as m
from planner._calendar_once import one_off_moves
from planner._calendar_reps import calendar_territories
from planner._schedule_dates import calendar_weeks
from planner._schedule_off import CLOSED_OUT_KEY, advance_notice, closed_day_events
from planner.days_off import closed_cells
from planner.export.excel_cells import list_sheet
from planner.export.excel_routes import rep_title
from planner.export.tell_texts import day_text
from planner.i18n import language, tr, trn
from planner.rep_days import calendar_days


def closed_labels(plan: m.Plan) -> dict[tuple[str, str], str]:
    """(territory id, ISO date) → the label of each closed day of the calendar's reps (元日,
    休業日, 休み), as their route sheets name it."""
    weeks = calendar_weeks(plan)
    out: dict[tuple[str, str], str] = {}
    for t in calendar_territories(plan):
        days = calendar_days(plan, t.id)
        for _kind, iso, label in closed_cells(t, plan.settings, weeks, days).values():
            out[(t.id, iso)] = label
    return out


def holiday_changes(plan: m.Plan) -> pd.DataFrame:
    """The moved and left-out visits: ``customer_id``, ``territory``, ``planned`` (ISO date),
    ``new`` (ISO date, "" when left out), ``told`` (the date of the customer's visit before
    the change, "" when there is none) and ``closed`` (the planned day's closed-day label,
    元日 / 休業日 / 休み; "" for a working day's visit moved to make room for a closed day's),
    by territory and planned date."""
    columns = ["customer_id", "territory", "planned", "new", "told", "closed"]
    s = plan.schedule
    if s is None or s.empty:
        return pd.DataFrame(columns=columns)
    told = {  # (customer, planned date) → the date of the visit where the rep tells it
        (str(s.at[label, "customer_id"]), planned): str(s.at[label, "date"])
        for label, items in advance_notice(plan).items() for _kind, _new, planned in items
    }
    closed = closed_labels(plan)
    once = one_off_moves(plan)
    rows = [[cid, territory, planned, new, told.get((cid, planned), ""),
             closed.get((territory, planned), "")]
            for cid, territory, planned, new in closed_day_events(plan)
            if (cid, planned) not in once]  # a hand move for one day only: no holiday's
    order = {t.id: k for k, t in enumerate(plan.territories)}
    out = pd.DataFrame(rows, columns=columns)
    out["_t"] = out["territory"].map(order).fillna(len(order))
    return out.sort_values(["_t", "planned", "customer_id"]).drop(columns="_t").reset_index(
        drop=True)


def write_holiday_sheet(wb: Workbook, plan: m.Plan, *, used: set[str]) -> Any:
    """Add the sheet when the calendar moved or left out visits on closed days; return it."""
    changes = holiday_changes(plan)
    if changes.empty:
        return None
    reps = {t.id: rep_title(t) for t in calendar_territories(plan)}
    c = plan.customers.drop_duplicates(m.CUSTOMER_ID).set_index(m.CUSTOMER_ID)
    rows = []
    for rec in changes.itertuples(index=False):
        known = rec.customer_id in c.index
        rows.append([
            rec.customer_id,
            str(c.at[rec.customer_id, m.NAME]) if known else "",
            str(c.at[rec.customer_id, m.PHONE]) if known else "",
            reps.get(rec.territory, rec.territory),
            day_text(rec.planned),
            day_text(rec.new) if rec.new else tr("No visit"),
            # why: the closed day, or a working day's visit moved to let a closed day's in, or
            # left out for a customer's only visit of the cycle (_schedule_give_way)
            rec.closed or (tr("Made room for a closed day's visits") if rec.new
                           else tr("Gave way to a customer's only visit")),
            tr("At the visit of {date}", date=day_text(rec.told)) if rec.told
            else tr("Call the customer"),
        ])
    headers = [tr("Customer code"), tr("Name"), tr("Phone"), tr("Rep"), tr("Planned day"),
               tr("Visit instead"), tr("Reason"), tr("Who tells the customer")]
    calls = sum(1 for r in changes["told"] if not r)
    on_closed = int((changes["closed"] != "").sum())
    gave = int(((changes["closed"] == "") & (changes["new"] == "")).sum())
    room = len(rows) - on_closed - gave
    space = " " if language() != "ja" else ""
    note = trn("{n} visit falls on a holiday or day off and moves or is left out; the rep tells "
               "the customer at the visit before.",
               "{n} visits fall on holidays or days off and move or are left out; the reps tell "
               "the customers at the visit before.", on_closed, n=f"{on_closed:,}")
    if room:  # working days' visits moved to let them in: not holidays, to tell all the same
        note += space + trn(
            "{n} visit on a working day moves to make room for them (its planned day is no "
            "holiday).",
            "{n} visits on working days move to make room for them (their planned days are no "
            "holidays).", room, n=f"{room:,}")
    if gave:  # working days' visits left out for a customer's only visit of the cycle
        note += space + trn(
            "{n} visit on a working day gives way to a customer's only visit of the cycle, "
            "which no other day had room for; its customer keeps its other visits.",
            "{n} visits on working days give way to customers' only visits of the cycle, "
            "which no other day had room for; their customers keep their other visits.",
            gave, n=f"{gave:,}")
    if calls:  # customers with no visit before the change: the office phones them
        note += space + trn(
            "The office phones {n} customer who has no visit before it.",
            "The office phones {n} customers who have no visit before it.", calls,
            n=f"{calls:,}")
    gone = len((plan.meta or {}).get(CLOSED_OUT_KEY) or [])
    if gone:  # why the summary's "visits left out on holidays" counts fewer than the rows here
        note += space + trn(
            "{n} visit left out belongs to a customer whose only visit in the cycle falls on a "
            "closed day: that customer gets no visit in the cycle. The summary counts it among "
            "the customers left out of the calendar, not among the visits left out.",
            "{n} visits left out belong to customers whose only visits in the cycle fall on "
            "closed days: those customers get no visit in the cycle. The summary counts them "
            "among the customers left out of the calendar, not among the visits left out.",
            gone, n=f"{gone:,}")
    return list_sheet(wb, tr("Holiday changes"), note, headers, rows, used=used)
