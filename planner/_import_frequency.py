"""Visit frequencies of a customer list's rows: the list's own (週1, 隔週, 週2(月木), 第1・第3水曜)
where it has them, the rank's rule elsewhere; unreadable cells reported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Grid, _Problems
from planner.frequency import frequency_on_weeks, frequency_with_days, parse_frequency
from planner.i18n import tr


def by_rank(rank: np.ndarray, table: Mapping[str, float], default: float) -> np.ndarray:
    """Each row's value in ``table`` by its rank, ``default`` for a rank it lacks."""
    index, uniques = pd.factorize(rank)
    values = np.array([float(table.get(u, default)) for u in uniques] + [default])
    return values[index]  # index -1 (missing) takes the trailing default


def frequencies(
    grid: Grid,
    found: Mapping[str, int],
    rank: np.ndarray,
    settings: m.Settings,
    problems: _Problems,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Visits per 4 weeks of each row (the rank's rule where the list has none, or it cannot
    be read), the weekdays a cell like 週2(月木) or 毎週火曜 names, and the visit week a cell
    like 第1・第3水曜 names ("1"; "" elsewhere)."""
    default = by_rank(rank, settings.frequency_by_rank, settings.default_frequency)
    days = np.full(len(grid.rows), "", dtype=object)
    weeks = np.full(len(grid.rows), "", dtype=object)
    if m.FREQUENCY not in found:
        return default, days, weeks
    blank = grid.blank(found, m.FREQUENCY)
    series = pd.Series(grid.raw(found, m.FREQUENCY), dtype=object).where(~blank, None)
    table: dict[Any, float | None] = {}
    named: dict[Any, str] = {}
    on_weeks: dict[Any, str] = {}
    for v in pd.unique(series.dropna().to_numpy()):
        table[v] = parse_frequency(v)
        both = frequency_with_days(v) if table[v] is None else None
        if both is not None:
            table[v], named[v] = both
        nth = frequency_on_weeks(v) if table[v] is None else None  # 第1・第3水曜
        if nth is not None:
            table[v], named[v], on_weeks[v] = nth[0], nth[1], str(nth[2] or "")
    freq = pd.to_numeric(series.map(table), errors="coerce").to_numpy(dtype=float, copy=True)
    if on_weeks:
        weeks = series.map(on_weeks).fillna("").to_numpy(dtype=object)
    if named:
        days = series.map(named).fillna("").to_numpy(dtype=object)
        # 週2(月): more visits a week than the days it names; kept as written, and said
        short = np.array([bool(d) and f / 4.0 > len(d.split(",")) + 1e-9
                          for f, d in zip(freq, days, strict=True)], dtype=bool)
        problems.add(short, grid.header(found, m.FREQUENCY), grid.text(found, m.FREQUENCY),
                     tr("The frequency names fewer weekdays than its visits a week; the "
                        "calendar cannot place them all. Add the missing days."))
    bad = ~blank & np.isnan(freq)
    problems.add(
        bad,
        grid.header(found, m.FREQUENCY),
        grid.text(found, m.FREQUENCY),
        tr("The visit frequency is not readable; the default for the rank is used.")
        if m.RANK in found else
        tr("The visit frequency is not readable; the default frequency is used."),
    )
    return np.where(np.isnan(freq), default, freq), days, weeks
