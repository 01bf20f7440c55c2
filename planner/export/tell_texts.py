"""What the rep tells a customer, as the route sheets and hand-outs word it: a visit moved
here (by a holiday, or by hand for this day only) and the news of a later visit moved or
left out."""

from __future__ import annotations

import datetime as dt

from planner import model as m
from planner._calendar_once import day_text as day_text  # 12/28(月): one way to write a day
from planner._schedule_off import advance_notice
from planner.gave_way_notes import given_to, given_up, with_placed
from planner.i18n import tr


def notice_texts(plan: m.Plan) -> dict[object, str]:
    """Per schedule row label, the closed-day news the rep tells at that visit
    (:func:`planner._schedule_off.advance_notice`), as the route sheet words it; a visit
    that gave way to another's only visit says so, as does the visit placed in its stead
    (:mod:`planner.gave_way_notes`)."""
    s, gone = plan.schedule, given_up(plan)
    to = given_to(plan, gone)  # (customer, date) → the customer its visit gave way to
    out = {label: "; ".join(notice_text(*news, to.get((str(s.at[label, "customer_id"]), news[2])))
                            for news in items) if s is not None else ""
           for label, items in advance_notice(plan).items()}
    return with_placed(plan, gone, out)


def moved_text(iso: str, *, once: bool = False) -> str:
    """The note on a visit a holiday or day off moved here: ``12/29 から振替``; ``once``: moved
    by hand for this day only, ``12/15(火)から変更（この日のみ）``."""
    day = dt.date.fromisoformat(iso)
    if once:
        return tr("Changed from {date} (this day only)", date=day_text(iso))
    return tr("Moved from {date}", date=f"{day.month}/{day.day}")


def notice_text(kind: str, new: str, planned: str, placed: str | None = None) -> str:
    """One closed-day news (:func:`planner._schedule_off.advance_notice`) for the route sheet:
    the next visit moved, or left out (``placed``: given up for that customer's only visit)."""
    if placed is not None and kind != "moved":  # said to the customer: no other's name
        return tr("Tell: no visit on {date} (the holiday schedule)", date=day_text(planned))
    if kind == "moved":
        return tr("Tell: next visit on {date} instead of {was}", date=day_text(new),
                  was=day_text(planned))
    return tr("Tell: no visit on {date}", date=day_text(planned))
