"""The Auto-design dialog's sentences about the balance: as it is now (and the second
measure's), then after a run: before and after, how many customers change territory (of
those with a rep: how many get another, :mod:`planner._design_changes`), a tolerance not
reached, and where a leaving rep's customers went."""

from __future__ import annotations

from typing import Any

from planner import model as m
from planner._design_changes import (
    RepChanges,
    changes_text,
    locked_text,
    newly_text,
    rep_changes,
)
from planner._design_join import Joining, joined_text
from planner._design_result import (
    MEASURE_NAMES,
    DesignResult,
    above_tolerance,
    reps_over_hours,
    second_above_tolerance,
)
from planner._design_subset import handover_lines, resolve
from planner.i18n import listing, sentences, tr, trn
from planner.rep_days import rep_name
from planner.territories import capacity_hours


def before_text(before: dict[str, Any], also: str | None = None,
                also_before: dict[str, Any] | None = None) -> str:
    """The balance now ("Now: largest deviation 12.0%, CV 5.1%."), and ``also``'s, the
    second measure kept even (``also_before``: its balance now)."""
    text = tr("Now: largest deviation {dev:.1%}, CV {cv:.1%}.", dev=before["max_deviation"],
              cv=before["cv"])
    if also and also_before is not None:
        text += "\n" + tr("{measure} now: largest deviation {dev:.1%}.",
                          measure=tr(MEASURE_NAMES[also]), dev=also_before["max_deviation"])
    return text


def empty_text(plan: m.Plan, only: tuple[str, ...] | None = None) -> str:
    """The territories (of ``only``) without customers, left out of the deviation before a
    run (planner.territories): 「新エリアにはまだ顧客がいないため、偏差に含めていません。」;
    "" when every one has customers."""
    have = set(plan.customers[m.TERRITORY].astype(str))
    ids = set(resolve(plan, only)) if only else None
    empty = [t.name or t.id for t in plan.territories
             if t.id not in have and (ids is None or t.id in ids)]
    if not empty:
        return ""
    return trn("{names} has no customers yet: left out of the deviation now.",
               "{names} have no customers yet: left out of the deviation now.",
               len(empty), names=listing(empty))


def result_text(plan: m.Plan, result: DesignResult, before: dict[str, Any], tolerance: float,
                second_before: dict[str, Any] | None = None, retire: str | None = None,
                changes: RepChanges | None = None) -> str:
    """What a run of the design did to the balance of ``plan`` (``before``: its balance;
    ``second_before``: the second measure's; ``retire``: the territory whose customers were
    handed over; ``changes``: the reps it changes, when the caller has them)."""
    moves = len(result.moves)
    changes = rep_changes(plan, result) if changes is None else changes
    if changes.assigned:  # customers with a rep: how many get another, before Apply
        text = tr(
            "Before: largest deviation {b_dev:.1%}, CV {b_cv:.1%}.\n"
            "After: largest deviation {a_dev:.1%}, CV {a_cv:.1%}.",
            b_dev=before["max_deviation"], b_cv=before["cv"], a_dev=result.max_deviation,
            a_cv=result.cv,
        )
        text = "\n".join(t for t in (text, changes_text(changes), newly_text(changes),
                                      locked_text(changes)) if t)
    else:
        text = tr(
            "Before: largest deviation {b_dev:.1%}, CV {b_cv:.1%}.\n"
            "After: largest deviation {a_dev:.1%}, CV {a_cv:.1%}.\n"
            "{moves} customers change territory.",
            b_dev=before["max_deviation"],
            b_cv=before["cv"],
            a_dev=result.max_deviation,
            a_cv=result.cv,
            moves=moves,
        )
    if moves == 0 and before["max_deviation"] <= tolerance:
        text += "\n" + tr("Already within the tolerance: lower it to even the loads out further.")
    elif result.max_deviation > tolerance + 5e-4:
        text += "\n" + above_tolerance(result)
    if result.second is not None and second_before is not None:
        second = result.second
        lines = [
            tr("{measure}: largest deviation {before:.1%} before, {after:.1%} after.",
               measure=tr(MEASURE_NAMES[second["measure"]]), before=second_before["max_deviation"],
               after=second["max_deviation"])
        ]
        if second["max_deviation"] > second["tolerance"] + 5e-4:
            lines.append(second_above_tolerance(result))
        text = "\n".join([text, *lines])
    if retire is not None:  # where the leaving rep's customers went
        text = "\n".join([text, *handover_lines(plan, result, retire)])
    joined = joined_text(plan, result.plan, result.moves)  # where a new rep's came from
    # a rep leaving: the hand-over names the reps above their hours (as `design --retire`)
    over = over_hours_text(result) if retire is None else ""
    return "\n".join(t for t in (text, joined, over) if t)


def over_hours_text(result: DesignResult) -> str:
    """When the design leaves reps above their weekly hours (customers raised to 週2, many
    new ones): no balance can fit them, and many customers move to share the excess — how
    many reps the plan needs is the question (as `design` says); "" when they fit."""
    designed = result.plan
    over, k = reps_over_hours(designed, result.metrics)
    if not over:
        return ""
    hours = float(result.metrics["workload_hours_per_week"].reindex(designed.territory_ids)
                  .to_numpy(dtype=float)[k])
    capacity = float(capacity_hours(designed.territories, designed.settings)[k])
    return trn("{n} of {total} rep would work more than their hours (the busiest, {name}: "
               "{hours:.1f} h a week of {capacity:g} h): the balance cannot fit them. How "
               "many reps? says how many the plan needs.",
               "{n} of {total} reps would work more than their hours (the busiest, {name}: "
               "{hours:.1f} h a week of {capacity:g} h): the balance cannot fit them. How "
               "many reps? says how many the plan needs.",
               len(designed.territories), n=len(over), total=len(designed.territories),
               name=rep_name(designed.territories[k]), hours=hours, capacity=capacity)


def group_text(plan: m.Plan, only: tuple[str, ...], retire: str | None,
               joining: Joining | None) -> str:
    """Which territories a design of some of them touches: who takes over a leaving rep's
    customers, where a joining rep's territory is made, and that the others stay."""
    names = [plan.territory(t).name for t in only]
    text = tr("Only the customers of {names} move.", names=listing(names))
    if retire is not None:  # who takes over
        takers = [plan.territory(t).name for t in only if t != retire]
        text = tr("{name}'s customers go to the territories touching it ({takers}), "
                  "re-balanced among them.",
                  name=plan.territory(retire).name, takers=listing(takers))
    elif joining is not None:  # who joins, and why one territory more than those named
        beside = plan.territory(resolve(plan, [joining.beside])[0]).name
        who = joining.rep.strip()
        lead = (tr("{rep} joins: their territory is made out of {name}.", rep=who, name=beside)
                if who else tr("A new rep joins: their territory is made out of {name}.",
                               name=beside))
        text = sentences(lead, tr("Only the customers of {names} move, shared among {n} "
                                  "territories with the new one.", names=listing(names),
                                  n=len(names) + 1))
    others = len(plan.territories) - len(only)
    stay = trn("The other territory stays as it is.",
               "The other {n} territories stay as they are.", others) if others else ""
    return sentences(text, stay)


def count_range(plan: m.Plan, only: tuple[str, ...] | None, retire: str | None,
                joining: Joining | None) -> tuple[int, int]:
    """The numbers of territories the dialog's design can make: a leaving rep's customers go
    to fewer territories than the group (its takers at most), a joining rep's to one more
    than there are at least; any number otherwise."""
    if retire is not None and only:
        return 1, max(len(only) - 1, 1)
    if joining is not None:
        have = len(resolve(plan, [*only, joining.beside])) if only else len(plan.territories)
        return have + 1, max(5000, have + 1)
    return 1, 5000


def beyond_reach_text(plan: m.Plan, need: int, lowest: int, highest: int,
                      retire: str | None) -> str:
    """Why the count shown is not the number of reps the customers need (a leaving rep's
    takers are too few; a joining rep makes more than they need); "" when it is."""
    if retire is not None and need > highest:
        name = plan.territory(resolve(plan, [retire])[0]).name
        return trn("The rep taking over {name}'s customers is not enough ({need} needed): "
                   "keep a rep for {name}, or lower visit frequencies.",
                   "The {n} reps taking over {name}'s customers are not enough ({need} "
                   "needed): keep a rep for {name}, or lower visit frequencies.",
                   highest, n=highest, name=name, need=need)
    if need < lowest:
        return tr("With the rep who joins, there are {n} territories ({need} would do for "
                  "the workload alone).", n=lowest, need=need)
    return ""


def no_homes_tip() -> str:
    """Why "grow around the home bases" is greyed out, and where the home bases are set."""
    return tr("No rep has a home base yet: Territory → Load home bases from a file…, or "
              "right-click a territory in the Territories list → Home base.")
