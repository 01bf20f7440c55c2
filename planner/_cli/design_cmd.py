"""``territory-planner design PLAN.gpkg --territories N``: design balanced territories in place.

Options: ``--balance workload|visits|sales|customers``, ``--tolerance 0.05``,
``--keep-existing`` (re-balance moving few customers), ``--homes HOMES.csv``
(columns territory or id, name, rep, lat, lon — or address, looked up with ``--geocode gsi``
—, and optionally hours — the rep's weekly
hours —, days — the rep's own working days, e.g. 月水金 —, days_off — dates off, e.g.
12/24;12/28〜1/4 — and day_hours — the rep's longest
day; UTF-8 or cp932),
``--by-capacity`` (each rep's share in proportion to their weekly hours), ``--seed 0``,
``--only T01,T02`` (design just those territories among themselves; ``--territories``
then defaults to their number), ``--also sales:0.10`` (a second measure kept even),
``--whole municipality|town`` (areas of the addresses kept in one territory),
``--territories auto`` (as many reps as the workload needs), ``--retire T04`` (a rep leaves:
the territory's customers go to the territories touching it, or to ``--only``'s, re-balanced
among them with as few moves as possible), ``--join T01 [--rep NAME] [--home …]`` (a rep joins:
one more territory carved from T01's side away from its rep's home, or around ``--home``;
:mod:`planner._design_join`). The plan file is rewritten atomically, and only when the design succeeded.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING, Literal

from planner import model as m
from planner._cli.arguments import add_homes_geocode
from planner.errors import PlannerError
from planner.frequency import visits_text
from planner.homes import read_homes
from planner.i18n import sentences, tr, trn
from planner.shared_reps import shared_rep_notes

if TYPE_CHECKING:
    from planner._design_join import Joining
    from planner.design import DesignResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (rewritten in place)"))
    parser.add_argument(
        "--territories",
        "-n",
        metavar="N",
        help=tr("number of territories (with --only: as many as chosen, unless given); auto: as "
        "many reps as the customers' workload needs (see --utilisation)"),
    )
    parser.add_argument(
        "--utilisation",
        type=float,
        default=0.85,
        help=tr("with --territories auto: plan each rep to this share of a full week "
        "(the plan's working days × day hours; default 0.85)"),
    )
    parser.add_argument(
        "--only",
        metavar="T1,T2",
        help=tr("design only these territories (ids or names, comma-separated) among themselves; "
        "the others stay as they are"),
    )
    parser.add_argument(
        "--retire",
        metavar="TERRITORY",
        help=tr("a rep leaves: hand this territory's customers (id or name) to the territories "
        "touching it (or to --only's) and re-balance among them, moving as few others as "
        "possible; --territories then defaults to one fewer"),
    )
    parser.add_argument(
        "--join",
        metavar="TERRITORY",
        help=tr("a rep joins beside this territory (id or name): their territory is carved from "
        "its side away from its rep's home (or around --home), its neighbours shifting a "
        "little; --territories then defaults to one more"),
    )
    parser.add_argument("--rep", metavar="NAME", default="",
                        help=tr("with --join: the new rep's name"))
    parser.add_argument(
        "--home",
        metavar="LAT,LON|ADDRESS",
        help=tr("with --join: the new rep's home base, as lat,lon or an address (looked up "
        "with --geocode, else at the plan's customers of its town or municipality)"),
    )
    parser.add_argument(
        "--balance",
        choices=list(m.BALANCE_MEASURES),
        default="workload",
        help=tr("what to balance (default: workload = visit time + travel)"),
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.05,
        help=tr("allowed deviation from the average (default 0.05 = 5%%)"),
    )
    parser.add_argument(
        "--keep-existing",
        action="store_true",
        help=tr("re-balance the present territories, moving as few customers as possible"),
    )
    parser.add_argument(
        "--homes",
        metavar="HOMES.csv",
        help=tr("rep home bases: columns territory (or id), name, rep, lat, lon (or address, with "
        "--geocode); optional hours "
        "(weekly hours), days (own working days, e.g. 月水金), days_off (dates off, e.g. "
        "12/24;12/28–1/4), day_start (e.g. 10:00) and day_hours (longest day)"),
    )
    parser.add_argument(
        "--ignore-homes",
        action="store_true",
        help=tr("let the program choose the territories' centres even where the plan has the "
        "reps' home bases (by default territories grow around them, as in the window)"),
    )
    parser.add_argument(
        "--by-capacity",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=tr("give each rep a share in proportion to their weekly hours (part-timers get less); "
        "--no-by-capacity: equal shares; default: as the plan was last designed"),
    )
    add_homes_geocode(parser)
    parser.add_argument(
        "--also",
        metavar="MEASURE[:TOL]",
        help=tr("then keep a second measure (sales, customers, visits or workload) within TOL of "
        "the average where the boundaries allow, without taking the first out of its "
        "tolerance (e.g. sales:0.10; default tolerance 0.10)"),
    )
    parser.add_argument(
        "--whole",
        choices=("municipality", "town"),
        help=tr("keep each municipality (市区町村) or town (町名) of the addresses in one territory"),
    )
    parser.add_argument("--seed", type=_seed, default=0,
                        help=tr("random seed, 0 or more (same seed, same result)"))


def _seed(text: str) -> int:
    """``--seed``: a whole number, 0 or more (numpy's generators take no negative seed)."""
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if seed < 0:
        raise argparse.ArgumentTypeError(tr("The seed must be a whole number, 0 or more."))
    return seed


def _count(text: str | None) -> int | Literal["auto"] | None:
    """``--territories``: a whole number, ``auto`` or nothing."""
    if text is None:
        return None
    if text.strip().lower() == "auto":
        return "auto"
    try:
        count = int(text)
    except ValueError:
        raise PlannerError(
            tr("The number of territories must be a whole number or auto, not {text}.",
               text=text)
        ) from None
    if count < 1:
        raise PlannerError(tr("The number of territories must be at least 1."))
    return count


def _check_values(args: argparse.Namespace, wanted: int | str | None) -> None:
    """The numbers of the options judged alone (their range), before the plan is read."""
    tolerance = tr("The tolerance must be more than 0 and less than 1 (for example 0.05 = 5%).")
    if not 0 < args.tolerance < 1:
        raise PlannerError(tolerance)
    if args.also and not 0 < parse_also(args.also)[1] < 1:
        raise PlannerError(tolerance)
    if wanted == "auto" and not 0 < args.utilisation <= 1:
        raise PlannerError(tr("The share of a rep's hours to plan must be between 0 and 1."))


def _chosen(plan: m.Plan, only: list[str]) -> m.Plan:
    """The plan of ``only``'s territories and their customers (to size them alone)."""
    from planner._design_subset import resolve, sub_plan

    return sub_plan(plan, resolve(plan, only))


def parse_also(text: str | None) -> tuple[str | None, float]:
    """``sales``, ``sales:0.1`` or ``sales:10%`` as (measure, tolerance)."""
    if not text:
        return None, 0.10
    name, _, tol = text.partition(":")
    name = name.strip().lower()
    if name not in m.BALANCE_MEASURES:
        raise PlannerError(
            tr("Unknown balance measure {name}: use workload, visits, sales or customers.", name=name)
        )
    if not tol.strip():
        return name, 0.10
    try:
        value = float(tol.strip().rstrip("%"))
    except ValueError:
        raise PlannerError(
            tr("The tolerance must be more than 0 and less than 1 (for example 0.05 = 5%).")
        ) from None
    return name, value / 100 if tol.strip().endswith("%") else value


def format_result(result: DesignResult) -> str:
    """The per-territory figures and the balance summary as text."""
    from planner._cli.stats_cmd import format_table
    from planner._design_result import MEASURE_NAMES, second_above_tolerance
    from planner.model import NO_FIGURE, has_sales
    from planner.territories import deviation_text

    metrics = result.metrics
    sales = has_sales(result.plan.customers)  # a list without sales: "—", not 0
    header = [
        tr("ID"),
        tr("Territory name"),  # "Name" is the customer's name in Japanese (顧客名)
        tr("Rep"),
        tr("Customers"),
        tr("Hours/week"),
        tr("Sales (¥)"),
        tr("Deviation"),
    ]
    rows = []
    designed = [t for t in result.plan.territories if t.id in metrics.index]
    for t in designed:
        r = metrics.loc[t.id]
        rows.append(
            [
                t.id,
                t.name,
                t.rep,
                f"{int(r['customers']):,}",
                f"{r['workload_hours_per_week']:,.1f}",
                f"{r['sales']:,.0f}" if sales else NO_FIGURE,
                deviation_text(r['deviation']),
            ]
        )
    right = [False, False, False, True, True, True, True]
    if result.plan.settings.balance_by_capacity:  # each rep's share of the total
        header.insert(-1, tr("Share"))
        right.append(True)
        for row, t in zip(rows, designed, strict=True):
            row.insert(-1, f"{metrics.loc[t.id, 'fair_share']:.1%}")
    measures = {result.plan.settings.balance, (result.second or {}).get("measure")}
    if "visits" in measures:  # balanced on visits: show them beside the customers
        header.insert(4, tr("Visits/4 weeks"))
        right.insert(4, True)
        for row, t in zip(rows, designed, strict=True):
            row.insert(4, visits_text(float(metrics.loc[t.id, 'visits_per_4_weeks'])))
    second = result.second
    if second is not None:  # the second measure's deviation, after the first's
        header.append(tr("{measure} dev.", measure=tr(MEASURE_NAMES[second["measure"]])))
        right.append(True)
        for row, t in zip(rows, designed, strict=True):
            row.append(deviation_text(second['deviation'][t.id]))
    text = format_table(header, rows, right)
    lines = [
        text.rstrip("\n"),
        tr(
            "Largest deviation {max_deviation}, variation (CV) {cv}, compactness {km} km, "
            "customers moved {moved}",
            max_deviation=f"{result.max_deviation:.1%}",
            cv=f"{result.cv:.1%}",
            km=f"{result.compactness:.2f}",
            moved=f"{len(result.moves):,}",
        ),
    ]
    if second is not None:
        name = tr(MEASURE_NAMES[second["measure"]])
        lines.append(
            tr("{measure}: largest deviation {dev}, variation (CV) {cv}", measure=name,
               dev=f"{second['max_deviation']:.1%}", cv=f"{second['cv']:.1%}")
        )
        if second["max_deviation"] > second["tolerance"] + 5e-4:
            lines.append(second_above_tolerance(result))
    others = len(result.plan.territories) - len(designed)
    if others and len(designed) == 1:  # one territory designed alone (its rep's home read)
        lines.append(trn("Designed as one territory; the remaining {n} territory is unchanged.",
                         "Designed as one territory; the remaining {n} territories are "
                         "unchanged.", others))
    elif others:
        lines.append(
            trn("Balanced among these {n} territories; the remaining {others} territory is "
                "unchanged.",
                "Balanced among these {n} territories; the remaining {others} territories are "
                "unchanged.", others, n=len(designed), others=others)
        )
    if result.max_deviation > result.plan.settings.tolerance + 5e-4:
        from planner._design_result import above_tolerance


        lines.append(above_tolerance(result))
    if not result.contiguous:
        from planner._design_result import split_warnings

        lines.extend(split_warnings(result) or [
            tr("Warning: a territory is split into separate pieces.")])
    return "\n".join(lines) + "\n"


def _over_hours(plan: m.Plan) -> list[str]:
    """A balanced design can still give every rep more work than their hours: say so, as
    ``frequency`` and ``update`` do, with what helps."""
    from planner import territories as tmod
    from planner._design_result import reps_over_hours
    from planner.rep_days import rep_name

    if not plan.territories:
        return []
    metrics = tmod.territory_metrics(plan)
    hours = metrics["workload_hours_per_week"].to_numpy(dtype=float)
    capacity = tmod.capacity_hours(plan.territories, plan.settings)
    over, k = reps_over_hours(plan, metrics)
    lines = []
    if over:
        lines.append(tr(
            "{n} of {total} reps would work more than their hours (the busiest, {name}: "
            "{hours:.1f} h a week of {capacity:g} h). Add reps (--territories auto) or visit "
            "less often.", n=len(over), total=len(plan.territories),
            name=rep_name(plan.territories[k]), hours=hours[k], capacity=capacity[k]))
    if not plan.settings.balance_by_capacity and len({round(float(c), 1) for c in capacity}) > 1:
        lines.append(tr("Some reps work fewer hours than others: --by-capacity gives each a "
                        "share in proportion to their hours."))
    return lines


def _joining(plan: m.Plan, args: argparse.Namespace) -> Joining:
    """The rep of ``--join``: ``--rep`` and ``--home`` (lat,lon, else an address looked up
    with ``--geocode``, else placed at the plan's customers of its town or municipality)."""
    from planner._design_join import Joining
    from planner._geocode_one import find_address

    home = None
    address = ""
    text = (args.home or "").strip()
    if text:
        numbers = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[,、，]\s*(-?\d+(?:\.\d+)?)\s*", text)
        if numbers:
            home = (float(numbers.group(1)), float(numbers.group(2)))
        else:
            address = text
            found = find_address(text, provider=args.geocode, known=plan.customers,
                                 settings=plan.settings)
            if found is None:
                raise PlannerError(tr("The home base address {address} was not found; give "
                                      "it as lat,lon.", address=text))
            home = (float(found.lat), float(found.lon))
    return Joining(args.join, args.rep, home, address)


def _count_now(path: str) -> str:
    """The sentence on the plan's territories now, for a design asked without a number
    (「プランには今テリトリーが4個あります…」: the manager rebalancing the reps' territories
    had to look the count up); "" when the plan has none or cannot be read."""
    from planner.store import load_plan

    try:
        n = len(load_plan(path).territories)
    except PlannerError:
        return ""  # said when the plan is read
    if not n:
        return ""
    return trn("The plan has {n} territory now: --territories {n} designs it again.",
               "The plan has {n} territories now: --territories {n} designs them again.",
               n, n=str(n))


def run(args: argparse.Namespace) -> int:
    """Design the territories, save the plan and print the figures; returns the exit status."""
    from planner._cli.arguments import judging_arguments
    from planner._cli.plan_file import open_plan
    from planner._design_subset import resolve
    from planner.design import design_territories
    from planner.store import save_plan  # lazily: the GeoPackage reader is heavy

    only = (  # --only "" (an empty variable in a script) is a choice of none, not of all
        [x for x in re.split(r"[,、，]", args.only) if x.strip()] if args.only is not None else None
    )
    with judging_arguments():  # the values alone, before the plan is read: exit 2
        if args.join is not None and args.retire is not None:
            raise PlannerError(tr("Give --join or --retire, not both."))
        if args.join is None and (args.rep or args.home):
            raise PlannerError(tr("--rep and --home go with --join."))
        wanted = _count(args.territories)
        if wanted is None and only is None and args.retire is None and args.join is None:
            raise PlannerError(sentences(
                tr("Give the number of territories (--territories N)."), _count_now(args.plan)))
        also, also_tolerance = parse_also(args.also)
        _check_values(args, wanted)
    plan = open_plan(args.plan, then="save")
    keep = args.keep_existing
    joining = None
    if args.join is not None:  # a rep joins: the territory and those touching it, one more
        from planner._design_subset import touching_territories

        joining = _joining(plan, args)
        tid = resolve(plan, [args.join])[0]
        near = set(touching_territories(plan, tid)) | {tid}
        only = [t for t in plan.territory_ids if t in near] if only is None else only
        keep = True
        if wanted is None:
            wanted = len(resolve(plan, only)) + 1
    if args.retire is not None:  # a rep leaves: their territory and those touching it
        from planner._design_subset import retire_group

        only = list(retire_group(plan, args.retire, only))
        keep = True  # the other customers stay with their reps where the balance allows
        if wanted is None:
            wanted = len(only) - 1
    count = wanted if not isinstance(wanted, str) else None
    if isinstance(wanted, str):  # auto
        from planner.sizing import reps_needed, sizing_text

        sizing = reps_needed(plan if only is None else _chosen(plan, only),
                             utilisation=args.utilisation)
        sys.stdout.write(sizing_text(sizing) + "\n\n")
        count = sizing.suggested
    if (args.retire is None and only is not None and not args.homes and count in (None, 1)
            and len(resolve(plan, only)) == 1):  # one territory among itself: nothing moves
        print(tr("Nothing to rebalance: one territory."))
        return 0
    before = plan  # as it was, before a homes file replaces its territories
    seeds: Literal["homes"] | None = None
    if args.homes:
        plan = plan.replace(territories=read_homes(args.homes, plan, geocode=args.geocode))
        seeds = "homes"
        for line in shared_rep_notes(plan.territories):  # a rep listed for two territories
            print(line)
    elif not args.ignore_homes and any(t.has_home for t in plan.territories):
        seeds = "homes"  # the window's Auto-design does the same by default
        print(tr("Territories grow around the reps' home bases in the plan "
                 "(--ignore-homes to let the program choose their centres)."))
    result = design_territories(
        plan,
        also=also,
        also_tolerance=also_tolerance,
        whole=args.whole,
        count=len(resolve(plan, only or [])) if count is None else count,
        only=only,
        balance=args.balance,
        tolerance=args.tolerance,
        seeds=seeds,
        keep_existing=keep,
        by_capacity=args.by_capacity,
        seed=args.seed,
        retire=args.retire,
        joining=joining,
    )
    save_plan(result.plan, args.plan)
    sys.stdout.write(format_result(result))
    if args.retire is None:  # fewer territories than the plan had: whose, and where to
        from planner._design_gone import gone_lines

        for line in gone_lines(before, result.plan):
            print(line)
    for line in _over_hours(result.plan) if args.retire is None else ():
        print(line)  # (a rep leaving: the hand-over names the reps above their hours)
    if joining is not None:
        from planner._design_join import joined_text

        print(joined_text(before, result.plan, result.moves))
    if args.retire is not None:
        from planner._design_subset import handover_lines

        sys.stdout.write("\n".join(handover_lines(plan, result, args.retire)) + "\n")
    return 0
