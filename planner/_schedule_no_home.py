"""The calendar's note on reps without a home base: named as the manager knows them
(「鈴木 一郎（東京エリア）」, not the territory code T01), with where a home base is set.

A build records the territories whose routes started from their customers' centre for
want of a home base (``meta["schedule_no_home"]``, :func:`planner.schedule.build_schedule`).
"""

from __future__ import annotations

from typing import Literal

from planner import model as m
from planner.i18n import listing, sentences, tr

#: Plan meta: the ids of the territories the last build found no home base for.
NO_HOME_KEY = "schedule_no_home"


def rep_label(plan: m.Plan, tid: str) -> str:
    """A territory by its rep first, 鈴木 一郎（東京エリア）; its name (or id) without a rep,
    the rep alone where the territory is named after the rep."""
    from planner.rep_titles import rep_title

    try:
        return rep_title(plan.territory(tid))
    except KeyError:
        return tid


def no_home_text(plan: m.Plan, *, where: Literal["cli", "window"], path: str = "PLAN") -> str:
    """The note on the reps the last build found no home base for ("" when none), ending
    with how to give them one: in the window's menus, or on the command line (``homes
    PATH HOMES.csv``, which leaves the territories as they are)."""
    ids = [str(t) for t in plan.meta.get(NO_HOME_KEY) or []]
    if not ids:
        return ""
    said = tr("No home base for {reps}: their routes start from the customers' centre.",
              reps=listing(rep_label(plan, t) for t in ids))
    if where == "window":
        how = tr("Set one with Territory → Load home bases from a file…, or right-click the "
                 "territory in the Territories list → Home base (start of the routes).")
    else:
        how = tr("Set them with territory-planner homes {plan} HOMES.csv (the territories stay "
                 "as they are), or in the window: Territory → Load home bases from a file….",
                 plan=path)
    return sentences(said, how)
