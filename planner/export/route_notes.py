"""What a route sheet says beside each stop: the customer's notes (new, a new rep or day,
an approximate position, frequency, closing and visit days, visiting hours) and the
closed-day news the rep tells at a visit (the next visit moved or left out, a visit moved
here). The workbook's route sheets, the PDF hand-outs and the phone calendars share them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_reps import RepNames
from planner._geocode_nearby import approximate_mask
from planner._schedule_off import advance_notice
from planner._schedule_told import changed_note
from planner.closed_days import closed_days_label
from planner.export.common import day_label, frequency_text
from planner.gave_way_notes import given_to, given_up, with_placed
from planner.i18n import N_, tr
from planner.visit_times import visit_time_label

#: The note on a stop whose map position is only approximate (``nearby:chome`` …).
APPROXIMATE_NOTE = N_("Approximate position: go by the address")


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


def moved_text(iso: str) -> str:
    """The note on a visit a holiday or day off moved here: ``12/29 から振替``."""
    day = dt.date.fromisoformat(iso)
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


def day_text(iso: str) -> str:
    """``12/28(月)``."""
    day = dt.date.fromisoformat(iso)
    return f"{day.month}/{day.day}({day_label(m.WEEKDAYS[day.weekday()])})"


def stop_notes(
    c: pd.DataFrame, changed: Mapping[str, object], reps: RepNames, added: set[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: new to the plan in its last update (新規), a new rep or day to announce
    (the previous rep by name, ``担当変更（旧 田中 健太）``), a position that is only
    approximate (placed at its 丁目's customers: the rep goes by the address), frequency,
    closing and visit days, visiting hours; and the same with the hours flagged 時間外 (None for customers
    without visiting hours), for a visit the calendar puts outside them. The customer's
    import problems are the office's business: the customer list shows them, not the rep's
    sheet."""
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    codes = c[m.CUSTOMER_ID].astype(str).to_numpy()
    labels = {f: frequency_text(f) for f in set(freq[np.isfinite(freq)].tolist())}
    closed = c[m.CLOSED_DAYS].to_numpy(dtype=object)
    visit = c[m.VISIT_DAYS].to_numpy(dtype=object)
    hours = c[m.VISIT_TIME].to_numpy(dtype=object)
    rough = approximate_mask(c)
    out = np.empty(len(c), dtype=object)
    outside = np.full(len(c), None, dtype=object)
    for i, f in enumerate(freq):
        # the rep tells the customer at this visit
        news = changed_note(changed.get(codes[i]), reps) if changed else ""
        fresh = tr("New customer") if codes[i] in added else ""
        where = tr(APPROXIMATE_NOTE) if rough[i] else ""
        parts = [fresh, news, where, labels.get(f, "") if np.isfinite(f) else ""]
        if closed[i]:  # the rep sees the 定休日 beside the stop
            parts.append(tr("Closed: {days}", days=closed_days_label(closed[i])))
        if visit[i]:  # and the agreed 訪問曜日
            parts.append(tr("Visit days: {days}", days=closed_days_label(visit[i])))
        label = visit_time_label(hours[i])
        at = len(parts)
        if label:  # and the 時間指定
            parts.append(tr("Visiting hours: {hours}", hours=label))
        out[i] = " / ".join(p for p in parts if p)
        if label:
            parts[at] = tr("Visiting hours: {hours} (this visit is outside them)", hours=label)
            outside[i] = " / ".join(p for p in parts if p)
    return out, outside
