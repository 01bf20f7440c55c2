"""Automatic territory design: balanced, compact, contiguous, respecting locks and home bases.

Location–allocation (Hess & Samuels 1971, "Experiences with a sales districting
model"): alternate between (a) placing each territory's centre (its rep's home
when seeded, else the visit-weighted centroid; first centres by k-means++) and
(b) a balanced assignment of customers (micro-clusters when there are many) to
centres, solved as a min-cost flow with each territory's load held within the
tolerance of its fair share (equal shares, or in proportion to each rep's weekly hours
with ``by_capacity``: :func:`planner.territories.fair_shares`). Then repair: detached
pieces join the neighbour they touch most and boundary customers move along the
Delaunay neighbour graph until every load is within the tolerance, never splitting a
territory. Workload depends on travel,
which depends on each territory's spread, so each customer's marginal weight
(service hours + a travel share) is re-calibrated against the true estimate
(:mod:`planner.territories`) every round.

Re-balancing an existing plan (``keep_existing``) skips the location–allocation:
boundary customers are handed to neighbouring territories one at a time, the move
that shrinks the loads' excess beyond the tolerance most first (heavy customers,
heavy-to-light territories), stopping as soon as every load is within the tolerance
(:func:`planner._design_repair.rebalance_few_moves`; stuck, it routes the excess over a
chain of borders at once: :mod:`planner._design_route`). The flow with a move penalty is
kept for new, empty territories and a re-balance spreading far (:mod:`planner._design_choose`).

Last, a customer reaching into another territory (its neighbours nearly all that one's) is
handed to it while the loads allow (:mod:`planner._design_tidy`).

Territories grown around the reps' homes hold only customers their rep can reach in a day
(:mod:`planner._design_reach`): every step above hands a customer only to such a rep.

A second measure (``also``, e.g. sales) is evened afterwards by boundary moves and exchanges
that keep the first within its tolerance (:mod:`planner._design_second`). ``only`` designs some
territories among themselves and leaves the others as they are (:mod:`planner._design_subset`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from planner import model as m
from planner import territories as tmod
from planner._design_areas import (
    LEVELS,
    area_graph,
    area_model_of,
    area_of,
    heaviest_area,
    unplaced_with_area,
    whole_areas,
)
from planner._design_carve import carve_new_territories, hand_over
from planner._design_choose import AGAIN_PROGRESS, choose, fewer_moves, spreads_far
from planner._design_flow import (
    centroids,
    distance_cost,
    flow_round,
    initial_centres,
    make_units,
    neighbour_pairs,
    sq_dist,
)
from planner._design_graph import (
    graph_of_pairs,
    induced_pairs,
    is_contiguous,
    neighbour_graph,
    project_km,
    repair_islands,
)
from planner._design_join import Joining, join_setup, named_joined, with_joining
from planner._design_problem import (
    Seeds,
    design_territories_records,
    free_unassigned,
    problem,
    second_values,
    validate,
    validate_also,
)
from planner._design_reach import group_reach, nearest_allowed, reach_classes, reach_fix
from planner._design_repair import (
    INSIDE,
    SwapModel,
    boundary_swaps,
    fill_empty,
    rebalance_few_moves,
    swap_model,
)
from planner._design_result import (
    DesignResult,
    design_result,
    outside_tolerance,
    split_territories,
)
from planner._design_second import even_second
from planner._design_subset import check_touching, design_only, resolve, retire_group
from planner._design_tidy import near_moves, tidy_enclaves
from planner._design_weights import Values
from planner._territory_colours import contrasting
from planner.areas import area_key
from planner.errors import PlannerError
from planner.i18n import tr
from planner.progress import Progress, report, scaled

#: ``plan.meta`` key: the areas the last design kept whole ("municipality" or "town").
WHOLE_KEY = "design_whole"
#: Share of the tolerance the flow's bounds allow (the rest is slack for the repair step).
FLOW_BAND = 0.5
#: Location–allocation rounds of a fresh design.
ROUNDS = 15
#: Stop the location–allocation rounds when the spread improves by less than this share.
SETTLED = 0.001
#: Re-balancing into new territories: share of the tolerance the flow's bounds allow, rounds.
KEEP_BAND = 0.8
KEEP_ROUNDS = 1
#: Re-balancing: share of a customer's average travel that moving it changes (see swap_model);
#: 0.5 (the BHH square-root marginal) measured worse than 1.0 on the benchmark with the
#: convex-hull estimate (a boundary customer also shrank its territory's hull and line-haul);
#: with the density-aware one 0.5, 0.75 and 1.0 move the same customers (47 at 10k, ~1,130 at
#: 100k before the routing: the estimate follows each customer's own spacing, as the proxy does).
MARGINAL = 1.0
#: Re-balancing: moving a customer costs this many times a typical customer's compactness cost.
MOVE_PENALTY = 20.0


def design_territories(
    plan: m.Plan,
    *,
    count: int,
    balance: str = "workload",
    tolerance: float = 0.05,
    seeds: Seeds = None,
    keep_existing: bool = False,
    by_capacity: bool | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    only: Sequence[str] | None = None,
    also: str | None = None,
    also_tolerance: float = 0.10,
    whole: str | None = None,
    retire: str | None = None,
    joining: Joining | None = None,
) -> DesignResult:
    """Design ``count`` territories balanced on ``balance`` within ``tolerance`` (module docstring).

    ``seeds``: rep home bases as ``(lat, lon)`` per territory, or ``"homes"`` for the
    plan's territory homes; territories grow around them. ``keep_existing``
    re-balances the present assignment moving as few customers as it can.
    ``by_capacity`` (default: the plan's ``balance_by_capacity`` setting) gives each
    territory a share of the total in proportion to its rep's weekly hours
    (:func:`planner.territories.fair_shares`) instead of an equal one; the result's plan
    keeps the choice, so its figures measure each territory against that share.
    ``also`` (another measure: ``"sales"`` …) is then kept within ``also_tolerance`` where the
    boundaries allow, without taking ``balance`` out of ``tolerance``
    (:mod:`planner._design_second`). ``whole`` (``"municipality"`` or ``"town"``) keeps each
    such area of the addresses in one territory (:mod:`planner._design_areas`). ``only``
    (territory ids or names) designs just those territories' customers among
    themselves into ``count`` territories; every other territory stays as it is, and the
    result's figures measure the balance among the designed ones
    (:mod:`planner._design_subset`). ``retire`` (a territory whose rep leaves) hands its
    customers to the territories touching it (or to ``only``'s): they are designed together
    into ``count`` territories, fewer than before, and ``retire`` is the one that goes.
    ``joining`` (a rep who joins beside a territory, :mod:`planner._design_join`) adds their
    territory to the plan (and to ``only``), carved from that territory's far side or around
    the given home. The plan is never modified; the result holds a new one.
    """
    plan = free_unassigned(plan)  # a lock without a territory holds nothing
    options: dict[str, Any] = {
        "count": count, "balance": balance, "tolerance": tolerance, "seeds": seeds,
        "keep_existing": keep_existing, "by_capacity": by_capacity, "seed": seed,
        "progress": progress, "also": also, "also_tolerance": also_tolerance, "whole": whole,
        "beside": None,
    }
    new_id = None
    if joining is not None:
        plan, only, options["beside"], new_id = with_joining(plan, joining, only, count)
    if retire is not None:
        only = retire_group(plan, retire, only)
        if count >= len(only):
            name = plan.territory(resolve(plan, [retire])[0]).name
            raise PlannerError(tr("{name}'s customers go to the {n} territories touching it: "
                                  "ask for {n} territories or fewer.", name=name,
                                  n=len(only) - 1))
        result = design_only(_design, plan, only, retire=retire, **options)
    elif only is not None:
        result = design_only(_design, plan, only, **options)
    else:
        result = _design(plan, **options)
        if not keep_existing:  # territories drawn anew: neighbours get colours told apart
            result = dataclasses.replace(result, plan=contrasting(result.plan))
    if joining is not None and new_id is not None:  # named as the manager names the others
        result = dataclasses.replace(result, plan=named_joined(result.plan, new_id, joining))
    # remembered for the monthly update: new customers join the territory holding their area
    meta = dict(result.plan.meta)
    if whole is not None:
        meta[WHOLE_KEY] = whole
    elif only is None:
        meta.pop(WHOLE_KEY, None)
    report(progress, 1.0, tr("Design finished."))  # after the colours (seconds at 100k)
    return dataclasses.replace(result, plan=result.plan.replace(meta=meta))


def _design(plan: m.Plan, **options: Any) -> DesignResult:
    """:func:`_design_once`; a kept plan that gains territories is designed both ways — the
    new ones carved whole out of those around them, or grown by the flow — and one is kept:
    within the tolerance, its new territories not far-flung, fewer customers moved
    (:mod:`planner._design_choose`; each way wins on some maps). A re-balance of a kept plan
    that spreads far (:func:`~planner._design_choose.spreads_far`) is done again by the flow,
    and the one moving fewer customers kept."""
    if not options.get("keep_existing"):
        return _design_once(plan, **options)
    if options.get("beside") is not None:  # a rep joins beside a territory: carved there
        return _design_once(plan, **options, grow_new=True)
    have = set(plan.customers[m.TERRITORY].astype(str)) - {""}
    progress = options.pop("progress", None)
    if int(options["count"]) <= len(have):
        few = _design_once(plan, **options, progress=scaled(progress, 0.0, AGAIN_PROGRESS))
        if not spreads_far(few, len(plan.customers)):
            return few
        flow = _design_once(plan, **options, progress=scaled(progress, AGAIN_PROGRESS, 1.0),
                            by_flow=True)
        return fewer_moves((few, flow), tolerance=float(options["tolerance"]))
    flow = _design_once(plan, **options, progress=scaled(progress, 0.0, 0.5))
    carved = _design_once(plan, **options, progress=scaled(progress, 0.5, 1.0), grow_new=True)
    new = {t.id for t in flow.plan.territories} - have
    return choose((flow, carved), tolerance=float(options["tolerance"]), new=new)


def _design_once(
    plan: m.Plan,
    *,
    count: int,
    balance: str,
    tolerance: float,
    seeds: Seeds,
    keep_existing: bool,
    by_capacity: bool | None,
    seed: int,
    progress: Progress | None,
    also: str | None = None,
    also_tolerance: float = 0.10,
    whole: str | None = None,
    outside: tuple[np.ndarray, np.ndarray] | None = None,
    grow_new: bool = False,
    beside: str | None = None,
    by_flow: bool = False,
) -> DesignResult:
    """:func:`design_territories` of all of ``plan``; ``outside`` (lat, lon) are customers of
    other territories, which the territories must not reach across. ``grow_new`` (kept
    plans): an empty territory is first carved whole out of those around it; ``beside`` (a
    territory id) the one a joining rep relieves (:mod:`planner._design_join`); ``by_flow``
    (kept plans) the flow with a move penalty instead of the few-moves hand-over."""
    validate(plan, count, balance, tolerance, seeds)
    if also is not None:
        validate_also(plan, balance, also, also_tolerance)
    if whole is not None and whole not in LEVELS:
        raise PlannerError(
            tr("Unknown area {name}: use municipality or town.", name=whole)
        )
    if whole is not None and not any(area_key(a) for a in plan.customers[m.ADDRESS]):
        raise PlannerError(
            tr("No customer's address names a municipality (市区町村), so areas cannot be "
               "kept whole.")
        )
    count = int(count)
    if by_capacity is not None and by_capacity != plan.settings.balance_by_capacity:
        plan = plan.replace(
            settings=dataclasses.replace(plan.settings, balance_by_capacity=bool(by_capacity))
        )
    report(progress, 0.0, tr("Preparing the design…"))
    terrs = design_territories_records(plan, count, seeds)
    if seeds == "homes" and not any(t.has_home for t in terrs):
        seeds = None
    keep = keep_existing and bool((plan.customers[m.TERRITORY] != "").any())
    prob = problem(plan, terrs, balance, seeds, keep, scaled(progress, 0.0, 0.05))
    v = prob.values
    k = prob.k
    if balance == "sales" and not (np.nan_to_num(v.sales) > 0).any():
        raise PlannerError(tr("No customer has sales figures, so sales cannot be balanced."))
    if balance == "workload" and not (v.service > 0).any():
        raise PlannerError(tr("No customer has visits planned, so workload cannot be balanced."))
    rng = np.random.default_rng(seed)
    report(progress, 0.05, tr("Finding each customer's neighbours…"))  # seconds at 100k
    if outside is not None:  # some territories designed among themselves (only=)
        lat0 = float(np.nanmean(v.lat))
        pairs = induced_pairs(v.xy, project_km(*outside, lat0=lat0))
        check_touching(*pairs, prob.present, [t.name for t in terrs])
        graph = graph_of_pairs(v.xy, *pairs)
    else:
        graph = neighbour_graph(v.xy)
    adj = graph.adjacency_lists()
    report(progress, 0.1, tr("Grouping customers…"))
    key = (prob.fixed + 1) * (k + 2) + (prob.current + 1)
    reach = prob.reach
    if reach is not None:  # a unit's customers are reachable by the same reps
        classes = reach_classes(reach)
        key = key * (int(classes.max()) + 1) + classes
    units = make_units(v.xy, key)
    ureach = None if reach is None else group_reach(reach, units.of, units.n)
    unit_w = np.bincount(units.of, weights=v.vpw + 1e-6, minlength=units.n)
    centres = initial_centres(
        k,
        v.xy,
        v.vpw + 1e-9,
        anchors=prob.anchors,
        homes=v.homes,
        known_labels=(prob.fixed, prob.present),
        rebalancing=bool((prob.current >= 0).any()),
        units=units,
        unit_w=unit_w,
        rng=rng,
    )
    anchored = np.zeros(k, bool)
    anchored[list(prob.anchors)] = True
    near = sq_dist(v.xy, centres)
    if keep:
        labels = np.where(prob.current >= 0, prob.current, -1)
        missing = labels < 0
        labels[missing] = nearest_allowed(near[missing], None if reach is None else reach[missing])
    else:
        labels = nearest_allowed(near, reach)
    labels[prob.fixed >= 0] = prob.fixed[prob.fixed >= 0]
    locked_arr = prob.fixed >= 0
    at = None  # a rep joins beside this territory: where their territory starts, homes held
    if keep and beside is not None:
        centres, held, at = join_setup(v, labels, [t.id for t in terrs], beside, centres)
        locked_arr = locked_arr | held
    # a kept customer its rep cannot reach in a day goes to a neighbour's rep who can
    labels = reach_fix(adj, labels, reach, locked=locked_arr, d2=near)
    start = labels.copy()
    band = tolerance * (KEEP_BAND if keep else FLOW_BAND)
    move_penalty = 0.0
    if keep:
        own = distance_cost(v.xy, centres)[np.arange(len(labels)), labels]
        move_penalty = float(np.mean(v.vpw) * np.mean(own)) * MOVE_PENALTY
    rounds = KEEP_ROUNDS if keep else ROUNDS
    discs = None
    if keep and grow_new and not (np.bincount(labels, minlength=k) > 0).all():
        # a rep added to a kept plan: a compact area carved out of those around it (then evened)
        weight = v.calibrated_weight(labels, k)
        labels, discs = carve_new_territories(
            adj, labels, locked=locked_arr, xy=v.xy, centres=centres, weight=weight,
            target=float(weight.sum()) * prob.shares, reach=reach, beside=at,
            homes=None if at is None else v.homes)
        labels = repair_islands(graph, labels, weight, locked_arr, reach=reach)
    if keep and not by_flow and (np.bincount(labels, minlength=k) > 0).all():
        # every territory has customers: hand over boundary customers, fewest first
        report(progress, 0.3, tr("Balancing territories…"))
        run = partial(rebalance_few_moves, graph, adj,
                      model_of=lambda lab: swap_model(v, lab, k, marginal=MARGINAL),
                      locked=locked_arr, xy=v.xy, mass=v.vpw + 1e-6, centres=centres,
                      tolerance=tolerance, shares=prob.shares, reach=reach,
                      left_from=None if at is None else np.where(labels != start, start, -1))
        labels = hand_over(run, labels, discs, xy=v.xy, mass=v.vpw + 1e-6, centres=centres,
                           beside=at is not None)
        rounds = 0
    iterations = 0
    previous_spread = np.inf
    for it in range(rounds):
        report(progress, 0.15 + 0.5 * it / rounds, tr("Balancing territories…"))
        model = swap_model(v, labels, k, marginal=MARGINAL if keep else 1.0)
        allowed = neighbour_pairs(graph, units, labels) if keep else None
        new = flow_round(prob, units, model, labels, centres, band, move_penalty, allowed,
                          ureach)
        if keep:
            new = repair_islands(graph, new, model.weight_in(labels), locked_arr, reach=reach)
        changed = int((new != labels).sum())
        labels = new
        iterations = it + 1
        moved_c = centroids(v.xy, v.vpw + 1e-9, labels, k, centres)
        moved_c[anchored] = centres[anchored]
        centres = moved_c
        spread = float((v.vpw * np.hypot(*(v.xy - centres[labels]).T)).sum())
        settled = spread > previous_spread * (1 - SETTLED)
        previous_spread = min(previous_spread, spread)
        if not keep and (changed <= max(1, len(labels) // 1000) or settled) and it >= 3:
            break
    report(progress, 0.7, tr("Making territories contiguous…"))
    weight = v.calibrated_weight(labels, k)
    labels = repair_islands(graph, labels, weight, locked_arr, reach=reach)
    aim = tolerance * (0.9 if keep else 0.6)
    for rnd in range(8):
        report(progress, 0.75 + 0.2 * rnd / 8, tr("Fine-tuning boundaries…"))
        loads = v.loads(labels, k)
        target = float(loads.sum()) * prob.shares
        if (target > 0).all() and np.abs(loads / target - 1).max() <= tolerance * (
            INSIDE if keep else 0.8
        ):
            break
        model = swap_model(v, labels, k, marginal=MARGINAL if keep else 1.0)
        before = labels
        labels = boundary_swaps(
            graph,
            adj,
            labels,
            model,
            locked=locked_arr,
            xy=v.xy,
            mass=v.vpw + 1e-6,
            centres=centres,
            tolerance=aim,
            aim=aim * 0.8,
            stay=start if keep else None,
            shares=prob.shares,
            reach=reach,
        )
        labels = repair_islands(graph, labels, v.calibrated_weight(labels, k), locked_arr,
                                reach=reach)
        iterations += 1
        if (labels == before).all():  # the next round would do the same (held by locks)
            break
    marginal = MARGINAL if keep else 1.0

    def model_of(lab: np.ndarray, values: Values = v) -> SwapModel:
        return swap_model(values, lab, k, marginal=marginal)

    report(progress, 0.88, tr("Tidying up the boundaries…"))  # kept plan: the enclaves it made
    labels = tidy_enclaves(graph, adj, labels, model_of, locked=locked_arr, xy=v.xy,
                           mass=v.vpw + 1e-6, centres=centres, tolerance=tolerance,
                           limit=tolerance * (INSIDE if keep else 0.8), shares=prob.shares,
                           reach=reach, scope=near_moves(adj, labels != start) if keep else None,
                           kept=start if keep else None)

    areas = None
    if whole is not None:
        report(progress, 0.9, tr("Keeping areas whole…"))
        addresses = plan.customers[m.ADDRESS].to_numpy(dtype=object)[prob.rows]
        areas = area_graph(graph, area_of(addresses, prob.fixed, whole), v.xy, v.vpw + 1e-6,
                           prob.fixed, reach)
        labels, area_labels = whole_areas(
            areas,
            labels,
            model_of,
            centres=centres,
            tolerance=tolerance,
            shares=prob.shares,
        )
    if also is not None:
        report(progress, 0.93, tr("Evening out the second measure…"))
        second = second_values(plan, terrs, prob, also)
        def second_of(lab: np.ndarray) -> SwapModel:
            return model_of(lab, second)

        common: dict[str, Any] = {
            "centres": centres, "tolerance": tolerance, "second_tolerance": also_tolerance,
            "shares": prob.shares,
            "cancelled": lambda: report(progress, 0.93, tr("Evening out the second measure…")),
        }
        if areas is not None:  # whole areas: the exchanges hand over areas, not customers
            area_labels = even_second(
                areas.graph, areas.graph.adjacency_lists(), area_labels,
                area_model_of(areas, model_of), area_model_of(areas, second_of),
                locked=areas.locked_to >= 0, xy=areas.xy, mass=areas.mass + 1e-6,
                reach=areas.reach, **common,
            )
            labels = area_labels[areas.area]
        else:
            labels = even_second(graph, adj, labels, model_of, second_of, locked=locked_arr,
                                 xy=v.xy, mass=v.vpw + 1e-6, reach=reach, **common)
    if areas is None:
        labels = fill_empty(adj, labels, locked=locked_arr, xy=v.xy, centres=centres,
                            reach=reach)
    report(progress, 0.97, tr("Collecting the results…"))
    settings = dataclasses.replace(plan.settings, balance=balance, tolerance=float(tolerance))
    follow = None
    if areas is not None:  # customers without a map position go with their area
        follow = unplaced_with_area(plan, prob.rows, prob.fixed, labels, whole or "")
    result = design_result(plan.replace(settings=settings), terrs, prob, labels, graph, balance,
                           iterations, follow, progress)
    final = model_of(labels)  # which territories stay outside the tolerance, and why
    weights = final.weight_in(labels)
    mine = labels >= 0
    loads = np.bincount(labels[mine], weights=weights[mine], minlength=k) + final.offset
    held = np.bincount(labels[mine & locked_arr], weights=weights[mine & locked_arr],
                       minlength=k)
    result = dataclasses.replace(result, outside=outside_tolerance(
        [t.id for t in terrs], loads, held, prob.shares, tolerance))
    if areas is not None:  # whole areas: judged on the areas' graph
        result = dataclasses.replace(
            result,
            split=split_territories(areas.graph, area_labels, [t.id for t in terrs],
                                    locked=areas.locked_to >= 0, why="areas"),
            contiguous=is_contiguous(areas.graph, area_labels),
            largest_area=heaviest_area(areas, area_labels, area_model_of(areas, model_of),
                                       prob.shares, plan.customers[m.ADDRESS].to_numpy(
                                           dtype=object)[prob.rows], whole or ""),
        )
    if also is not None:
        measured = tmod.territory_metrics(result.plan, balance=also)
        result = dataclasses.replace(
            result,
            second=tmod.balance_summary(measured, also)
            | {"tolerance": float(also_tolerance), "deviation": measured["deviation"].to_dict()},
        )
    return result
