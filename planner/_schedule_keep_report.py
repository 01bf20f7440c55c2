"""What a rebuild keeping the visit days had to change, per rep, in a few short lines.

When the kept days cannot hold every visit (a hand move onto a full day, shorter days),
the rebuild moves customers to other days with room before it leaves anyone out
(:mod:`planner._schedule_keep_repair`). :func:`keep_record` notes per territory the
customers moved and their visits, the customers set by hand moved off their hand-set day,
and the customers left out with the reason; :func:`keep_report` says it, one line per rep,
for the command line and the window's result box.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from planner import model as m
from planner._schedule_dates import dates_as_days
from planner.i18n import listing, retranslate, sentences, tr, trn
from planner.rep_days import days_label, rep_name

#: meta key: {territory: {"moved": [ids], "visits": n, "hand": [[id, was, now]], "out": [[id,
#: reason]]}}
KEEP_REPORT_KEY = "schedule_keep_report"
#: Customers a line names (the rest are counted).
NAMED = 10


def keep_record(
    schedule: pd.DataFrame, *, moved: Mapping[str, Iterable[str]],
    hand: Mapping[str, Iterable[tuple[str, str]]], out: Mapping[str, Sequence[tuple[str, str]]],
) -> dict[str, dict[str, Any]]:
    """The record of :data:`KEEP_REPORT_KEY`: per territory the customers ``moved`` to another
    day (kept ones and those set by hand), those set by hand (``hand``: id, the hand-set days
    as codes) and those left ``out`` (id, reason); ``schedule`` the new calendar, whose
    visits of the moved customers are counted and whose days say where the hand-set ones
    went."""
    ids = schedule["customer_id"].astype(str)
    record: dict[str, dict[str, Any]] = {}
    for t in sorted(set(moved) | set(hand) | set(out)):
        hand_t = [(str(c), str(was)) for c, was in hand.get(t, ())]
        gone = {str(c) for c in moved.get(t, ())} | {c for c, _was in hand_t}
        mine = schedule[ids.isin(gone).to_numpy()]
        now = mine.groupby(mine["customer_id"].astype(str))["day"].agg(lambda d: sorted(set(d)))
        entry = {
            "moved": sorted(c for c in gone if c in now.index),
            "visits": int(len(mine)),
            "hand": [[c, was, ",".join(now[c])] for c, was in hand_t if c in now.index],
            "out": [[str(c), str(r)] for c, r in out.get(t, ())],
        }
        if entry["moved"] or entry["out"]:
            record[t] = entry
    return record


def keep_report(plan: m.Plan) -> list[str]:
    """The lines saying, per rep, how many visits moved to other days and how many customers
    were left out and why (:data:`KEEP_REPORT_KEY`); none when the kept days held everyone."""
    record = (plan.meta or {}).get(KEEP_REPORT_KEY) or {}
    if not record:
        return []
    c = plan.customers
    names = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.NAME].astype(str), strict=False))

    def named(cid: str) -> str:
        return f"{cid} {names.get(cid, '')}".strip()

    lines = [tr("Keeping the visit days:")]
    any_out = False
    for t in plan.territories:
        entry = record.get(t.id)
        if not entry:
            continue
        parts = []
        if entry["moved"]:
            visits = int(entry["visits"])
            parts.append(trn("{n} visit moved to another day with room.",
                             "{n} visits moved to other days with room.", visits,
                             n=f"{visits:,}"))
        if entry["out"]:
            parts.append(trn("{n} customer left out.", "{n} customers left out.",
                             len(entry["out"]), n=f"{len(entry['out']):,}"))
        lines.append("  " + tr("{rep}: {what}", rep=rep_name(t), what=sentences(*parts)))
        for cid, was, now in entry["hand"]:
            lines.append("    " + tr(
                "{name}: its day set by hand ({was}) has no room, so it is now visited on {now}.",
                name=named(cid), was=days_label(was.split(",")), now=days_label(now.split(","))))
        by_reason: dict[str, list[str]] = {}
        for cid, reason in entry["out"]:
            # saved with ISO dates: shown as a manager writes a day, 12/30(水)
            by_reason.setdefault(dates_as_days(retranslate(reason)), []).append(named(cid))
        for reason, who in by_reason.items():
            shown = listing(who[:NAMED])
            if len(who) > NAMED:
                shown = tr("{names} and {more} more", names=shown, more=len(who) - NAMED)
            lines.append("    " + tr("Left out ({names}): {reason}", names=shown, reason=reason))
            any_out = True
    if any_out:
        lines.append("  " + tr("Building the calendar without keeping the days may make room "
                               "for them."))
    return lines
