"""One rep with two territories: found by the rep's name (山田太郎 = 山田 太郎), and said.

The calendar is planned territory by territory, so a rep who works two of them can be
booked in both at the same hour; the window asks before giving a rep a second territory,
and the calendar's build, ``schedule`` and the Calendar dock say so once.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner import model as m
from planner.cells import text_key
from planner.i18n import listing, tr


def _label(territory: m.Territory) -> str:
    return territory.name or territory.id


def territories_of_rep(
    territories: Iterable[m.Territory], rep: str, *, besides: str = ""
) -> list[m.Territory]:
    """The territories ``rep`` works (but ``besides``, a territory id); none for no name."""
    key = text_key(rep)
    if not key:
        return []
    return [t for t in territories if t.id != besides and text_key(t.rep) == key]


def shared_reps(territories: Iterable[m.Territory]) -> list[tuple[str, list[m.Territory]]]:
    """Each rep who works two or more territories, with them, in the territories' order."""
    groups: dict[str, list[m.Territory]] = {}
    for t in territories:
        if text_key(t.rep):
            groups.setdefault(text_key(t.rep), []).append(t)
    return [(group[0].rep.strip(), group) for group in groups.values() if len(group) > 1]


def shared_rep_question(rep: str, others: list[m.Territory]) -> str:
    """The window's question before ``rep``, who works ``others``, gets one more territory."""
    return tr("{rep} already has territory {names}. Give {rep} this one as well?",
              rep=rep.strip(), names=listing(_label(t) for t in others))


def shared_rep_notes(territories: Iterable[m.Territory]) -> list[str]:
    """One sentence per rep with two or more territories: their calendars may overlap."""
    return [
        tr("{rep} has {n} territories ({names}): their calendars are planned separately and "
           "may book {rep} in two places at the same time.",
           rep=rep, n=len(group), names=listing(_label(t) for t in group))
        for rep, group in shared_reps(territories)
    ]


def shared_rep_remark(territories: Iterable[m.Territory], territory_id: str) -> str:
    """The Calendar dock's short word on a territory whose rep also works others ("" when
    the rep has just this one)."""
    every = tuple(territories)
    mine = next((t for t in every if t.id == territory_id), None)
    if mine is None:
        return ""
    others = territories_of_rep(every, mine.rep, besides=territory_id)
    if not others:
        return ""
    return tr("{rep} also has territory {names}: planned separately, the visits may overlap",
              rep=mine.rep.strip(), names=listing(_label(t) for t in others))
