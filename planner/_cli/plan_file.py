"""Reading a plan file for a command: the plan, and on stderr what the reading set aside."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from planner.errors import PlannerError
from planner.i18n import tr

if TYPE_CHECKING:
    from planner import model as m

#: What the command does with the plan: only reads it, saves it, or builds its calendar.
Use = Literal["read", "save", "build"]


def open_plan(path: str | Path, *, then: Use = "read") -> m.Plan:
    """:func:`planner.store.load_plan`, telling on stderr what was set right in a file edited
    in another program, a calendar set aside as damaged, or the damaged rows left out of it
    (the command goes on: the rest of the plan is whole); and, for a command that writes the
    plan, that a window has it open (the window asks before saving over what is written)."""
    from planner.store import load_plan  # lazily: the GeoPackage reader is heavy

    if then != "read":
        warn_if_open_in_window(path)

    try:
        plan = load_plan(path)
    except PlannerError:
        spreadsheet_instead(path)  # stats customers.xlsx: the import comes first
        raise
    for note in plan.load_notes:  # what another program's edits left, set right on reading
        print(tr("territory-planner: warning: {name}: {note}", name=str(path), note=note),
              file=sys.stderr)
    if plan.calendar_set_aside:
        print(set_aside_warning(plan.calendar_set_aside, path, then), file=sys.stderr)
    if plan.calendar_left_out:
        print(left_out_warning(plan.calendar_left_out, path, then), file=sys.stderr)
    return plan


def spreadsheet_instead(path: str | Path) -> None:
    """Raise the one line saying ``path`` is a customer list (a first command run on the
    office's list, not on a plan: 「… はプランファイルではありません」 said nothing of the
    import) and the command making a plan of it; nothing for another file."""
    from planner.file_kind import foreign_kind

    if not foreign_kind(path).startswith("."):
        return
    shown = str(path)
    raise PlannerError(tr(
        "{name} is a customer list, not a plan file: make a plan of it first "
        "(territory-planner import {path} -o PLAN.gpkg).", name=Path(path).name,
        path=f'"{shown}"' if " " in shown else shown))


def warn_if_open_in_window(path: str | Path) -> None:
    """One line on stderr when a window has the plan open (its owner marker)."""
    from planner.owner_marker import held_warning

    line = held_warning(path)
    if line:
        print(line, file=sys.stderr)


def set_aside_warning(reason: str, path: str | Path, then: Use) -> str:
    """The one line telling that the file's calendar was set aside, and what to do."""
    name = Path(path).name
    if then == "build":
        return tr("territory-planner: warning: the visit calendar saved in {name} is damaged "
                  "and was set aside ({reason}); a new calendar is built in its place.",
                  name=name, reason=reason)
    if then == "save":
        return tr("territory-planner: warning: the visit calendar saved in {name} is damaged "
                  "and was set aside ({reason}); the plan is saved without it, and "
                  "territory-planner schedule {path} builds the calendar again.",
                  name=name, reason=reason, path=str(path))
    return tr("territory-planner: warning: the visit calendar saved in {name} is damaged and "
              "was set aside ({reason}); the file is left as it is, and territory-planner "
              "schedule {path} builds the calendar again.", name=name, reason=reason,
              path=str(path))


def left_out_warning(what: str, path: str | Path, then: Use) -> str:
    """The one line telling which rows of the file's calendar were left out, and what to do."""
    name = Path(path).name
    if then == "build":
        return tr("territory-planner: warning: the visit calendar saved in {name} was read "
                  "without some visits: {what}; those customers are placed again (with "
                  "--keep-days on the day their readable rows show) and listed among the "
                  "changes to tell where their day changed or was lost.", name=name, what=what)
    if then == "save":
        return tr("territory-planner: warning: the visit calendar saved in {name} was read "
                  "without some visits: {what}; the plan is saved without them, the calendar "
                  "marked out of date, and territory-planner schedule {path} --keep-days "
                  "places those customers again.", name=name, what=what, path=str(path))
    return tr("territory-planner: warning: the visit calendar saved in {name} was read without "
              "some visits: {what}; the calendar is out of date, the file is left as it is, "
              "and territory-planner schedule {path} --keep-days places those customers "
              "again.", name=name, what=what, path=str(path))
