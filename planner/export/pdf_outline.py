"""Bookmarks (the PDF outline) for the handouts: a rep, their weeks, each day's first page.

matplotlib writes no outline, so it is added afterwards as an incremental update (pypdf
appends the outline objects and a new catalogue; the pages already written are not
rewritten, so a 2,000-page handout costs a fraction of a second more).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner import model as m
from planner.export.excel_routes import day_extras, day_title


@dataclass
class Week:
    """A week's bookmark: its title, first page and its days' (title, first page)."""

    title: str
    page: int
    days: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Rep:
    """A rep's bookmark: the overview page, then their weeks."""

    title: str
    page: int
    weeks: list[Week] = field(default_factory=list)

    def add_day(self, week_title: str, day_title: str, page: int) -> None:
        """Note a day starting on ``page`` (0-based), under its week."""
        if not self.weeks or self.weeks[-1].title != week_title:
            self.weeks.append(Week(week_title, page))
        self.weeks[-1].days.append((day_title, page))


def add_outline(path: Path, reps: list[Rep]) -> None:
    """Append ``reps`` as the outline of the PDF at ``path`` (a temporary file of ours),
    and have a viewer open it with the bookmarks shown."""
    if not reps:
        return
    from pypdf import PdfWriter

    size = path.stat().st_size
    writer = PdfWriter(path, incremental=True)
    for rep in reps:
        parent = writer.add_outline_item(title=rep.title, page_number=rep.page, is_open=False)
        for week in rep.weeks:
            node = writer.add_outline_item(title=week.title, page_number=week.page,
                                           parent=parent, is_open=False)
            for title, page in week.days:
                writer.add_outline_item(title=title, page_number=page, parent=node)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    data = out.getbuffer()
    with open(path, "ab") as fh:  # the incremental update follows the file as written
        fh.write(data[size:])


def day_mark(plan: m.Plan, rows: pd.DataFrame) -> str:
    """A day's bookmark under its week: ``12月1日(火)``."""
    date, holiday, _km, _min = day_extras(rows)
    return day_title(plan, int(rows["week"].iloc[0]), str(rows["day"].iloc[0]), date=date,
                     holiday=holiday, week_too=False)
