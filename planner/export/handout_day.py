"""The rows of a day page's stop table beyond its stops (the lunch break, what to tell the
customer), and how many pages each day of the hand-outs takes: the export dialog's page
count is the PDF's, a long day's continuation pages included."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from planner import model as m
from planner.export.excel_routes import sorted_schedule
from planner.export.handout_notes import TellNotes
from planner.export.handout_table import COLUMNS, HOURS_COLUMNS, NOTE_ROW, day_layout, note_cells
from planner.export.handout_table import note_lines as note_lines
from planner.i18n import tr
from planner.routing import lunch_end
from planner.visit_times import visit_time_label


def with_lunch(
    table: list[tuple[str, ...]], rows: pd.DataFrame, minutes: float, width: int,
    *, notes: Sequence[str] = (), note_width: int = 0,
) -> list[tuple[str, ...]]:
    """``table`` with a row for the lunch break (昼休憩) before the stop it comes before,
    and rows under a stop for what to tell its customer (``notes``, "" for nothing), a long
    one over two or three rows of ``note_width`` character cells (:func:`note_lines`)."""
    lunch = rows["lunch"].to_numpy(dtype=object) if "lunch" in rows else [""] * len(rows)
    notes = notes or [""] * len(rows)
    out: list[tuple[str, ...]] = []
    name = width - 3  # the name column: third from the end (name, address, phone)
    for row, at, note in zip(table, lunch, notes, strict=True):
        if at:
            until = lunch_end(str(at), minutes)
            cells = ["", str(at), *[""] * (width - 2)]
            cells[name] = tr("Lunch break until {time}", time=until)
            out.append(tuple(cells))
        out.append(row)
        if note:
            out += [(NOTE_ROW, line) for line in (note_lines("→ " + note, note_width)
                                                  if note_width else ["→ " + note])]
    return out


def day_page_counts(
    plan: m.Plan, *, tell: TellNotes | None = None, weeks: Iterable[int] | None = None,
) -> dict[tuple[str, int, str], int]:
    """Per (territory id, week, weekday) of the calendar (``weeks``: those weeks only), the
    pages its day takes in the hand-outs: 1, more for a day whose stop table runs on
    (:func:`planner.export.handout_table.day_layout`, as the pages are drawn)."""
    schedule = sorted_schedule(plan)
    if weeks is not None:
        schedule = schedule[schedule["week"].isin(sorted({int(w) for w in weeks}))]
    if schedule.empty:
        return {}
    tell = tell or TellNotes(plan)
    c = plan.customers
    hours_of = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.VISIT_TIME].astype(str), strict=True))
    labels = {v: bool(visit_time_label(v)) for v in set(hours_of.values())}
    minutes = float(plan.settings.lunch_minutes)
    out: dict[tuple[str, int, str], int] = {}
    for (territory, week, day), rows in schedule.groupby(["territory", "week", "day"],
                                                         sort=False):
        timed = any(labels.get(hours_of.get(str(cid), ""), False) for cid in rows["customer_id"])
        columns = HOURS_COLUMNS if timed else COLUMNS
        # the table's shape is all its pages depend on: a stop row per stop, then its rows
        table = [(str(s), *[""] * (len(columns) - 1)) for s in rows["seq"]]
        table = with_lunch(table, rows, minutes, len(columns), notes=tell.for_rows(rows),
                           note_width=note_cells(columns))
        out[(str(territory), int(week), str(day))] = len(day_layout(table, total="—")[1])
    return out
