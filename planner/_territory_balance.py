"""Balance between territories: each rep's weekly hours, fair shares of the balance measure,
the deviation from them, and the plan's largest deviation and coefficient of variation.

Re-exported by :mod:`planner.territories`, where the figures they judge are computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import tr

MEASURES = {
    "workload": "workload_hours_per_week",
    "visits": "visits_per_4_weeks",
    "sales": "sales",
    "customers": "customers",
}


def capacity_hours(territories: Sequence[m.Territory], settings: m.Settings) -> np.ndarray:
    """Each rep's weekly hours: the territory's capacity, at most its working days × its day
    hours when the rep has own days or own day hours."""
    def hours(t: m.Territory) -> float:
        if not (t.working_days or t.day_hours):
            return float(t.capacity_hours)
        days = len(t.working_days or settings.working_days)
        return min(float(t.capacity_hours), float(t.day_hours or settings.day_hours) * days)

    return np.array([hours(t) for t in territories], dtype=float)


def fair_shares(territories: Sequence[m.Territory], settings: m.Settings) -> np.ndarray:
    """Each territory's share (summing to 1) of the balance measure's total.

    Equal shares, unless ``settings.balance_by_capacity``: then in proportion to each
    rep's weekly hours (:func:`capacity_hours`), so that a rep working three days carries
    three fifths of a full-timer's load.
    """
    n = len(territories)
    if n == 0:
        return np.zeros(0)
    if settings.balance_by_capacity:
        cap = np.maximum(np.nan_to_num(capacity_hours(territories, settings)), 0.0)
        if cap.sum() > 0 and (cap > 0).all():
            return cap / cap.sum()
    return np.full(n, 1.0 / n)


def _deviation(values: np.ndarray, shares: np.ndarray, staffed: np.ndarray) -> np.ndarray:
    """(value − fair share of the total) / fair share; with equal shares, from the mean.

    Only territories with customers (``staffed``) count: an empty one (new, still to be
    filled) has no deviation (NaN, shown as 「顧客なし」), and the others' fair shares are of
    their own total (an empty one at −100 % pulled the mean down and made the others look
    over it).
    """
    out = np.full(len(values), np.nan)
    if not staffed.any():
        return out
    share = shares[staffed]
    target = float(values[staffed].sum()) * share / share.sum()
    out[staffed] = (values[staffed] - target) / target if (target > 0).all() else 0.0
    return out


def shown_deviation(value: float) -> float:
    """A deviation as tables and the workbook show it: one that rounds to ``0.0%`` is 0, never
    ``-0.0%`` (a rep a hair under the mean is not "below" it)."""
    value = float(value)
    return 0.0 if f"{abs(value):.1%}" == "0.0%" else value


def deviation_text(value: float) -> str:
    """A deviation as the tables show it: ``+3.2%``, ``0.0%`` (:func:`shown_deviation`);
    a territory without customers (NaN) 「顧客なし」."""
    if not np.isfinite(value):
        return tr("no customers")
    shown = shown_deviation(value)
    return f"{shown:+.1%}" if shown else "0.0%"


def balance_summary(metrics: pd.DataFrame, measure: str) -> dict[str, Any]:
    """``{"measure", "max_deviation", "cv"}`` of ``measure`` over the territories with
    customers (an empty one has no deviation: :func:`_deviation`)."""
    if measure not in MEASURES:
        raise PlannerError(tr("Balance must be workload, visits, sales or customers."))
    values = metrics[MEASURES[measure]].to_numpy(dtype=float) if len(metrics) else np.zeros(0)
    n = len(values)
    shares = (
        metrics["fair_share"].to_numpy(dtype=float)
        if "fair_share" in metrics and n
        else np.full(n, 1.0 / max(n, 1))
    )
    if "customers" in metrics and n:
        staffed = (metrics["customers"].to_numpy(dtype=float) > 0) | (values > 0)
        values, shares = values[staffed], shares[staffed]
        n = len(values)
        shares = shares / shares.sum() if n else shares
    target = float(values.sum()) * shares
    if n == 0 or not (target > 0).all():
        return {"measure": measure, "max_deviation": 0.0, "cv": 0.0}
    # each value against its fair share; with equal shares this is (value / mean), whose
    # spread is the coefficient of variation of the values
    ratio = values / target
    return {
        "measure": measure,
        "max_deviation": round(float((np.abs(values - target) / target).max()), 6),
        "cv": round(float(ratio.std(ddof=0) / ratio.mean()), 6),
    }
