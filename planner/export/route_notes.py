"""What a route sheet says beside each stop: the customer's notes (new, a new rep or day,
an approximate position, frequency, closing and visit days, visiting hours). The closed-day
news the rep tells at a visit (the next visit moved or left out, a visit moved here) are
:mod:`planner.export.tell_texts`'."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_reps import RepNames
from planner._geocode_nearby import approximate_mask
from planner._schedule_told import changed_note
from planner.calendar_rhythm import frequencies_beside
from planner.closed_days import closed_days_label
from planner.i18n import N_, tr
from planner.visit_times import visit_time_label

#: The note on a stop whose map position is only approximate (``nearby:chome`` …).
APPROXIMATE_NOTE = N_("Approximate position: go by the address")


def stop_notes(
    c: pd.DataFrame, changed: Mapping[str, object], reps: RepNames, added: set[str],
    rates: dict[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: new to the plan in its last update (新規), a new rep or day to announce
    (the previous rep by name, ``担当変更（旧 田中 健太）``), a position that is only
    approximate (placed at its 丁目's customers: the rep goes by the address), frequency,
    closing and visit days, visiting hours; and the same with the hours flagged 時間外 (None for customers
    without visiting hours), for a visit the calendar puts outside them. The customer's
    import problems are the office's business: the customer list shows them, not the rep's
    sheet. ``rates``: the calendar's visits per 4 weeks by customer code
    (:func:`planner.calendar_rhythm.calendar_rates`)."""
    codes = c[m.CUSTOMER_ID].astype(str).to_numpy()
    # the frequency, with the calendar's rhythm where it differs (6週に1回（カレンダーでは8週に1回）)
    words = frequencies_beside(c, rates or {})
    closed = c[m.CLOSED_DAYS].to_numpy(dtype=object)
    visit = c[m.VISIT_DAYS].to_numpy(dtype=object)
    hours = c[m.VISIT_TIME].to_numpy(dtype=object)
    rough = approximate_mask(c)
    out = np.empty(len(c), dtype=object)
    outside = np.full(len(c), None, dtype=object)
    for i in range(len(c)):
        # the rep tells the customer at this visit
        news = changed_note(changed.get(codes[i]), reps) if changed else ""
        fresh = tr("New customer") if codes[i] in added else ""
        where = tr(APPROXIMATE_NOTE) if rough[i] else ""
        parts = [fresh, news, where, words[i]]
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
