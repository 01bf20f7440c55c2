"""What the closed days did to a customer's visits, in a few words for the Customers list's
Problems column while it lists the customers *moved or left out for holidays*: the column
stood beside the name empty, and the manager learned the dates only from the workbook.

Each visit a public holiday, the company's closure or the rep's day off moved reads
「12/29(火)（休業日）→ 12/28(月)に振替」, one moved off a working day to make room for a
closed day's 「12/31(木) → 12/24(木)に移動（休みの日の訪問を入れるため）」, and one left out
its reason as the calendar saved it, its ISO dates written as a manager writes a day (the
plans of earlier versions saved the same texts, read the same way). A customer whose only
visits fell on closed days is not said here: the reason it is not in the calendar says so.
"""

from __future__ import annotations

from typing import Any

from planner import model as m
from planner._calendar_once import day_text, one_off_moves
from planner._schedule_dates import dates_as_days
from planner._schedule_off import SKIPPED_KEY, skipped_visits
from planner.i18n import JOINER, language, retranslate, tr


def holiday_notes(plan: m.Plan) -> dict[str, str]:
    """Customer id → its visits moved or left out by closed days, one clause each, by date
    (customers without any are left out)."""
    from planner.export.excel_holidays import closed_labels

    s = plan.schedule
    if s is None or s.empty:
        return {}
    said: dict[str, list[tuple[str, str]]] = {}
    if "moved_from" in s.columns and "date" in s.columns:
        once = one_off_moves(plan)  # moved by hand for one day only: not a holiday's
        closed = closed_labels(plan)
        moved = s[s["moved_from"].astype(str) != ""]
        for cid, territory, was, now in zip(
                moved["customer_id"].astype(str), moved["territory"].astype(str),
                moved["moved_from"].astype(str), moved["date"].astype(str), strict=True):
            if (cid, was) in once:
                continue
            label = closed.get((territory, was), "")
            text = (tr("{date} ({closed}) → moved to {new}", date=day_text(was), closed=label,
                       new=day_text(now)) if label else
                    tr("{date} → moved to {new} (making room for a closed day's visits)",
                       date=day_text(was), new=day_text(now)))
            said.setdefault(cid, []).append((was, text))
    left = skipped_visits(plan)
    for cid, date, reason in zip(left["customer_id"].astype(str), left["date"].astype(str),
                                 left["reason"], strict=True):
        words = dates_as_days(retranslate(str(reason or "")))
        said.setdefault(cid, []).append((date, words or tr("{date}: no visit",
                                                           date=day_text(date))))
    return {cid: JOINER.join(text for _d, text in sorted(items)) for cid, items in said.items()}


class HolidayNotes:
    """:func:`holiday_notes` of the plan shown, worked out again only when its calendar, the
    visits it left out or the language change (the list asks for each cell drawn)."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] = ()
        self._notes: dict[str, str] = {}

    def text(self, plan: m.Plan, customer_id: str) -> str:
        """What the closed days did to ``customer_id``'s visits ("" when nothing)."""
        key = (plan.schedule, (plan.meta or {}).get(SKIPPED_KEY), language())
        if len(self._key) != len(key) or any(a is not b for a, b in zip(
                self._key[:2], key[:2], strict=True)) or self._key[2] != key[2]:
            self._key, self._notes = key, holiday_notes(plan)
        return self._notes.get(customer_id, "")
