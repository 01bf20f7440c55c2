"""``territory-planner frequency PLAN.gpkg --rule A=4 …``: set visit frequencies by rule, in place.

``--rule RANK=VISITS`` (visits per 4 weeks, or words such as ``週1``/``隔週``/``monthly``),
``--sales-band MIN_SALES=VISITS`` (a customer takes the highest band its sales reach;
with rank rules too, the more frequent one wins), ``--ignore-overrides`` (also
change customers whose frequency was set by hand). The file is rewritten atomically.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import listing, sentences, tr, trn


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (rewritten in place)"))
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RANK=VISITS",
        help=tr("visits per 4 weeks for a rank, e.g. A=4 (weekly), B=2, C=1 (repeatable)"),
    )
    parser.add_argument(
        "--sales-band",
        action="append",
        default=[],
        metavar="MIN_SALES=VISITS",
        help=tr("visits per 4 weeks from this sales amount up, e.g. 10000000=4 (repeatable)"),
    )
    parser.add_argument(
        "--abc",
        nargs="?",
        const="70,90",
        metavar="A,B",
        help=tr("rank customers by their share of the sales first (ABC analysis): A makes the "
        "first 70 %% of the sales, B up to 90 %%, C the rest (default 70,90); the rank rules "
        "(--rule, else the plan's) then set the frequencies"),
    )
    parser.add_argument(
        "--ignore-overrides",
        action="store_true",
        help=tr("also change customers whose frequency was set by hand"),
    )
    parser.add_argument(
        "--keep-listed",
        action="store_true",
        help=tr("leave alone customers whose frequency the customer list gives other than "
                "their rank's rule (週2 for one A customer), as the window's Frequency rules "
                "do by default"),
    )


def _pairs(items: list[str], what: str) -> list[tuple[str, str]]:
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise PlannerError(tr("Write each {what} as KEY=VISITS, e.g. A=4.", what=what))
        out.append((key.strip(), value.strip()))
    return out


def run(args: argparse.Namespace) -> int:
    """Apply the rules and save the plan; returns the exit status."""
    from planner._cli.arguments import judging_arguments
    from planner._cli.plan_file import open_plan
    from planner.abc import check_shares
    from planner.frequency import (
        apply_frequency_rules,
        checked_frequency,
        listed_ids,
        overridden_ids,
        uncovered_ranks,
        unmatched_ranks,
    )
    from planner.store import save_plan  # lazily: the GeoPackage code is heavy

    with judging_arguments():  # the values alone are judged before the plan is read: exit 2
        rules: dict[str, float | str] = dict(_pairs(args.rule, "--rule"))
        bands: list[tuple[float, float | str]] = []
        for low, value in _pairs(args.sales_band, "--sales-band"):
            try:
                amount = float(low.replace(",", "").replace("_", ""))
            except ValueError as exc:
                raise PlannerError(tr("Unreadable sales amount: {value}.", value=low)) from exc
            bands.append((amount, value))
        if not rules and not bands and args.abc is None:
            raise PlannerError(tr("Give at least one frequency rule (by rank or by sales)."))
        for given in [*rules.values(), *(visits for _low, visits in bands)]:
            checked_frequency(given)
        numbers: list[float] = []
        if args.abc is not None:
            shares = [part for part in args.abc.replace("%", "").split(",") if part.strip()]
            try:
                numbers = [float(part) for part in shares]
            except ValueError as exc:
                raise PlannerError(tr("Give two shares of the sales for ABC ranks, e.g. "
                                      "70,90.")) from exc
            check_shares(numbers)
    plan = open_plan(args.plan, then="save")
    ranked = plan
    if args.abc is not None:  # ranks from the sales first; the rank rules then apply
        from planner.abc import rank_by_sales

        ranked, found = rank_by_sales(plan, numbers)
        print(tr("Ranks by share of sales: {ranks}", ranks=found.text()))
        moved = int((plan.customers[m.RANK].astype(str).to_numpy()
                     != ranked.customers[m.RANK].astype(str).to_numpy()).sum())
        print(trn(
            "{n} customer changed rank.",
            "{n} customers changed rank.",
            moved, n=f"{moved:,}"))
        defaults: dict[str, float | str] = {
            r: ranked.settings.frequency_by_rank.get(r, ranked.settings.default_frequency)
            for r in ("A", "B", "C")
        }
        rules = defaults | rules
    new = apply_frequency_rules(
        ranked,
        by_rank=rules or None,
        sales_bands=bands or None,
        keep_overrides=not args.ignore_overrides,
        keep_listed=args.keep_listed,
    )
    save_plan(new, args.plan)
    for rank in unmatched_ranks(ranked, rules):
        print(
            tr(
                "territory-planner: warning: no customer has rank {rank}; "
                "the rule for it changed nothing.",
                rank=rank,
            ),
            file=sys.stderr,
        )
    uncovered = uncovered_ranks(ranked, rules) if rules else []
    if uncovered:  # Aランク or D: a rank no rule names, its customers left as they are
        print(tr("No rule covers rank {ranks}.", ranks=listing(
            trn("{rank} ({n} customer)", "{rank} ({n} customers)", n, rank=r, n=f"{n:,}")
            for r, n in uncovered)))
    old_f = plan.customers[m.FREQUENCY].to_numpy(dtype=float)
    new_f = new.customers[m.FREQUENCY].to_numpy(dtype=float)
    changed = int((~np.isclose(old_f, new_f, equal_nan=True)).sum())
    print(
        tr(
            "{changed} of {total} customers changed frequency.",
            changed=f"{changed:,}",
            total=f"{len(new_f):,}",
        )
    )
    if not args.keep_listed:  # the list's own 週2 or 隔月 replaced by the rank's rule
        listed = listed_ids(plan)
        ids = new.customers[m.CUSTOMER_ID].astype(str).to_numpy()
        moved_listed = int(sum(1 for cid, o, n in zip(ids, old_f, new_f, strict=True)
                               if cid in listed and not np.isclose(o, n, equal_nan=True)))
        if moved_listed:
            print(trn(
                "{n} of them had a frequency of its own in the customer list; "
                "--keep-listed keeps it.",
                "{n} of them had a frequency of their own in the customer list; "
                "--keep-listed keeps those.",
                moved_listed, n=f"{moved_listed:,}"))
    kept = len(overridden_ids(plan)) if not args.ignore_overrides else 0
    if kept:
        print(tr("{count} hand-set frequencies kept.", count=f"{kept:,}"))
    counts = new.customers[m.FREQUENCY].round(3).value_counts(dropna=False).sort_index()
    from planner._schedule_zones import pattern_for

    for freq, count in counts.items():
        line = count_line(float(freq), int(count))
        p = pattern_for(float(freq), len(new.settings.working_days)) if freq > 0 else None
        if p is not None and p.rounded:  # 3 a month: no weekly rhythm holds it
            line = sentences(line, tr(
                "(no calendar rhythm: the calendar visits them {near:.3g} times)",
                near=p.per_4_weeks))
        print(line)
    if new.territories:  # what it does to the reps' weeks
        from planner.frequency_impact import frequency_impact, impact_text

        print("\n".join(impact_text(frequency_impact(plan, new)).splitlines()[1:]))
    if new.schedule is not None and new.meta.get("schedule_stale"):
        print(tr("The calendar is out of date: run the schedule command again."), file=sys.stderr)
    return 0


def count_line(freq: float, count: int) -> str:
    """``  weekly: 3 customers`` (``  毎週: 3件``): the frequency in the words of the window's
    menus (:func:`planner.frequency.frequency_words`), then how many customers have it."""
    from planner.frequency import frequency_words

    words = frequency_words(freq) or tr("frequency not set")
    return "  " + words + ": " + trn("{n} customer", "{n} customers", count, n=f"{count:,}")
