"""The reps' home bases (the start of their routes) set from a homes file without designing
the territories again: ``territory-planner homes PLAN.gpkg HOMES.csv``.

The file is the one ``design --homes`` and the window's Territory → Load home bases from a
file… read (:mod:`planner.homes`); its lines find their territory as there (by id, else by
rep, else by territory name). Only the home bases change, and the reps' days off when the
file has a ``days_off`` column (as ``design --homes`` reads it: one rep off on 1/15 without
designing again): the territories' customers, names, reps and hours stay as they are, and a
built calendar is marked out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import listing, tr


@dataclass(frozen=True)
class HomesSet:
    """What :func:`set_homes_from_file` did: the plan after, the territories whose line gave a
    home base (in the file's order, with whether it moved), and the lines that matched no rep
    (by the rep, territory name or id they give); ``unused``: the file's headings of what only
    the window's Load home bases from a file… and ``design --homes`` take (hours, working
    days, start, days off; names and reps other than the plan's)."""

    plan: m.Plan
    matched: tuple[tuple[str, bool], ...]
    unmatched: tuple[str, ...]
    unused: tuple[str, ...] = ()
    #: the territories whose days off the file's ``days_off`` column changed (in file order)
    days_off: tuple[str, ...] = ()


#: The homes file's columns of a rep's time (:data:`planner.homes.HOME_COLUMNS`).
TIME_COLUMNS = ("hours", "capacity", "day_hours", "days", "day_start", "start", "days_off")


def _written(text: str) -> str:
    """A name as compared: 山田太郎 = 山田 太郎 (NFKC, no spaces)."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def set_homes_from_file(plan: m.Plan, path: str | Path, *, geocode: str = "none") -> HomesSet:
    """``plan`` with the home bases of ``path`` set on the territories its lines name; a
    :class:`PlannerError` (the plan untouched) for a file that is no homes file or names none
    of the plan's reps."""
    from planner._schedule_no_home import rep_label
    from planner._territory_edits import _days_off_in_calendar
    from planner.edits import SetTerritories, apply_edit
    from planner.homes import filled_columns, read_home_lines

    listed = read_home_lines(path, plan, geocode=geocode, cli=False)
    columns = filled_columns(path)
    existing = {t.id: t for t in plan.territories}
    homes: dict[str, tuple[float | None, float | None]] = {}
    off: dict[str, tuple[str, ...]] = {}  # the days off a line gives, as design --homes reads them
    matched: list[tuple[str, bool]] = []
    unmatched: list[str] = []
    for i, t in enumerate(listed):
        if t.id in existing:
            old = existing[t.id]
            homes[t.id] = (t.home_lat, t.home_lon)
            matched.append((t.id, (old.home_lat, old.home_lon) != (t.home_lat, t.home_lon)))
            if "days_off" in columns and tuple(t.days_off) != tuple(old.days_off):
                off[t.id] = tuple(t.days_off)
        else:
            named = t.name if t.name != tr("Territory {n}", n=i + 1) else ""  # the file's own
            unmatched.append(t.rep or named or t.id)
    if not matched:
        raise PlannerError(tr(
            "{name} names none of the plan's reps ({unknown}); the plan's reps are {reps}.",
            name=Path(path).name, unknown=listing(unmatched),
            reps=listing(rep_label(plan, t.id) for t in plan.territories)))
    territories = tuple(
        t.replace(home_lat=homes[t.id][0], home_lon=homes[t.id][1],
                  days_off=off.get(t.id, t.days_off)) if t.id in homes else t
        for t in plan.territories)
    # days off inside the calendar make it out of date, as the window's Days off do
    changed = {d for tid, dates in off.items() for d in set(dates) ^ set(existing[tid].days_off)}
    stale = True if changed and _days_off_in_calendar(plan, changed) else None
    new, _inverse, _changes = apply_edit(plan, SetTerritories(territories, label=tr(
        "Load home bases"), schedule_stale=stale))
    renamed = {field for field in ("name", "rep") for t in listed if t.id in existing
               and _written(getattr(t, field)) != _written(getattr(existing[t.id], field))}
    unused = tuple(str(heading) for key, heading in columns.items()
                   if (key in TIME_COLUMNS and key != "days_off") or key in renamed)
    return HomesSet(new, tuple(matched), tuple(unmatched), unused, tuple(off))

