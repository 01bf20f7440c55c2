"""A customer's frequency beside the calendar's rhythm where the two differ: the calendar
knows every 1, 2, 4, 8 and 12 weeks (``planner._schedule_zones.PERIODS``), so a customer
seen every 6 weeks is planned every 8; where both are shown the frequency says so,
「6週に1回（カレンダーでは8週に1回）」, and the manager and the rep are not left guessing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner import model as m
from planner.frequency import frequency_words
from planner.i18n import tr

#: Visits per 4 weeks closer than this are the same rhythm.
_SAME = 1e-3


def calendar_rates(plan: m.Plan) -> dict[str, float]:
    """Visits per 4 weeks the calendar plans for each customer it visits: its visits on the
    customer's own rhythm (a holiday's move or a closed day's skip not counted off) over the
    calendar's weeks. Empty without a calendar."""
    from planner._schedule_dates import calendar_weeks
    from planner._schedule_keep import pattern_visits

    visits = pattern_visits(plan)
    if visits is None or visits.empty:
        return {}
    weeks = calendar_weeks(plan)
    if weeks <= 0:
        return {}
    ids = visits.drop_duplicates(["customer_id", "week", "day"])["customer_id"]
    index, codes = pd.factorize(ids.to_numpy(dtype=object))  # no sort: 0.3 s at 100,000
    counts = np.bincount(index, minlength=len(codes))
    return dict(zip([str(c) for c in codes], (4.0 * counts / weeks).tolist(), strict=True))


def frequency_beside_calendar(freq: float, rate: float | None, *, exact: bool = False) -> str:
    """``freq`` in words, with the calendar's rhythm ``rate`` (visits per 4 weeks, None when
    the calendar does not visit the customer) where it differs: 6週に1回（カレンダーでは8週に1回）."""
    words = frequency_words(freq, exact=exact)
    if not words or rate is None or not np.isfinite(freq) or abs(rate - freq) < _SAME:
        return words
    return tr("{frequency} (in the calendar: {calendar})", frequency=words,
              calendar=frequency_words(rate))


def frequencies_beside_calendar(plan: m.Plan, *, exact: bool = False) -> list[str]:
    """:func:`frequency_beside_calendar` of every customer of ``plan``, in its order."""
    return frequencies_beside(plan.customers, calendar_rates(plan), exact=exact)


def frequencies_beside(customers: pd.DataFrame, rates: dict[str, float], *,
                       exact: bool = False) -> list[str]:
    """:func:`frequency_beside_calendar` of each of ``customers`` with the calendar's
    ``rates`` (:func:`calendar_rates`), worded once per frequency and rhythm."""
    ids = customers[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)
    freq = customers[m.FREQUENCY].to_numpy(dtype=float)
    said: dict[tuple[float, float | None], str] = {}
    out = []
    for cid, f in zip(ids, freq, strict=True):
        key = (float(f), rates.get(cid))
        if key not in said:
            said[key] = frequency_beside_calendar(key[0], key[1], exact=exact)
        out.append(said[key])
    return out
