"""The reps' home bases (the start of their routes) set from a homes file without designing
the territories again: ``territory-planner homes PLAN.gpkg HOMES.csv``.

The file is the one ``design --homes`` and the window's Territory → Load home bases from a
file… read (:mod:`planner.homes`); its lines find their territory as there (by id, else by
rep, else by territory name). Only the home bases change: the territories' customers, names,
reps and hours stay as they are, and a built calendar is marked out of date.
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
    (by the rep, territory name or id they give)."""

    plan: m.Plan
    matched: tuple[tuple[str, bool], ...]
    unmatched: tuple[str, ...]


def set_homes_from_file(plan: m.Plan, path: str | Path, *, geocode: str = "none") -> HomesSet:
    """``plan`` with the home bases of ``path`` set on the territories its lines name; a
    :class:`PlannerError` (the plan untouched) for a file that is no homes file or names none
    of the plan's reps."""
    from planner._schedule_no_home import rep_label
    from planner.edits import SetTerritories, apply_edit
    from planner.homes import read_home_lines

    listed = read_home_lines(path, plan, geocode=geocode, cli=False)
    existing = {t.id: t for t in plan.territories}
    homes: dict[str, tuple[float | None, float | None]] = {}
    matched: list[tuple[str, bool]] = []
    unmatched: list[str] = []
    for i, t in enumerate(listed):
        if t.id in existing:
            old = existing[t.id]
            homes[t.id] = (t.home_lat, t.home_lon)
            matched.append((t.id, (old.home_lat, old.home_lon) != (t.home_lat, t.home_lon)))
        else:
            named = t.name if t.name != tr("Territory {n}", n=i + 1) else ""  # the file's own
            unmatched.append(t.rep or named or t.id)
    if not matched:
        raise PlannerError(tr(
            "{name} names none of the plan's reps ({unknown}); the plan's reps are {reps}.",
            name=Path(path).name, unknown=listing(unmatched),
            reps=listing(rep_label(plan, t.id) for t in plan.territories)))
    territories = tuple(
        t.replace(home_lat=homes[t.id][0], home_lon=homes[t.id][1]) if t.id in homes else t
        for t in plan.territories)
    new, _inverse, _changes = apply_edit(plan, SetTerritories(territories, label=tr(
        "Load home bases")))
    return HomesSet(new, tuple(matched), tuple(unmatched))

