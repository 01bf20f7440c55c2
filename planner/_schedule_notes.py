"""The calendar's notes on what it made of the visit frequencies: a cycle grown longer to fit
customers seen every 8 or 12 weeks, frequencies without a weekly rhythm visited at the
nearest one, and customers seen on every day their closing or visit days leave."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from planner.i18n import tr, trn


def words_or(numbers: Sequence[int]) -> str:
    """``8`` / ``8 or 12`` / ``2, 8 or 12``."""
    texts = [str(n) for n in numbers]
    return texts[0] if len(texts) == 1 else tr("{some} or {last}", some=", ".join(texts[:-1]),
                                                last=texts[-1])


def rhythm_notes(
    weeks: int, horizon: int, periods: Sequence[int], freq: np.ndarray, patterns: dict[int, Any]
) -> list[str]:
    """Sentences on what the calendar made of the frequencies: a cycle grown longer, and
    frequencies without a weekly rhythm (3 visits per 4 weeks) visited at the nearest one."""
    out = []
    if horizon != weeks:
        out.append(tr("The calendar runs {horizon} weeks: the {weeks}-week cycle repeated until "
                      "the customers seen every {periods} weeks fit.", horizon=horizon,
                      weeks=weeks, periods=words_or(periods)))
    rounded: dict[float, tuple[float, int]] = {}
    for i, p in patterns.items():
        if p.rounded:
            given = float(freq[i])
            near = p.per_4_weeks
            rounded[given] = (near, rounded.get(given, (near, 0))[1] + 1)
    if rounded:
        pairs = ", ".join(
            f"{given:.3g} → {near:.3g}" for given, (near, _n) in sorted(rounded.items())
        )
        out.append(tr("{n} customers have a visit frequency the calendar has no rhythm for and "
                      "are visited at the nearest one (visits per 4 weeks: {pairs}).",
                      n=f"{sum(n for _near, n in rounded.values()):,}", pairs=pairs))
    return out


def fewer_note(freq: np.ndarray, patterns: dict[int, Any]) -> str:
    """The calendar's note on customers seen more often a week than their closing days or
    visit days leave days: visited on each of those days."""
    pairs = sorted({(float(freq[i]), p.per_4_weeks) for i, p in patterns.items()})
    return trn(
        "{n} customer is to be visited more often a week than its closing days or visit days "
        "leave days, and is visited on each of them (visits per 4 weeks: {pairs}).",
        "{n} customers are to be visited more often a week than their closing days or visit "
        "days leave days, and are visited on each of them (visits per 4 weeks: {pairs}).",
        len(patterns), n=f"{len(patterns):,}",
        pairs=", ".join(f"{a:.3g} → {b:.3g}" for a, b in pairs))
