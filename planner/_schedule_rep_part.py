"""The part of a calendar build's record that is some reps': a rebuild of one rep's calendar
(「伊藤のカレンダーだけ作り直す」) reports that rep's customers left out and visits lost to
holidays, not the whole plan's (19 customers, 295 holiday visits, mostly other reps')."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from planner import model as m
from planner._schedule_from import FROM_KEY
from planner._schedule_off import CLOSED_OUT_KEY, GAVE_WAY_KEY, SKIPPED_KEY
from planner._schedule_told import CHANGED_KEY
from planner.build_figures import ASKED_KEY

#: Plan meta: ``{territory: n}``, the customers each rep's calendar kept on their days.
KEPT_BY_KEY = "schedule_kept_by_territory"
#: The meta lists whose rows are ``[customer_id, territory, …]``.
_ROW_KEYS = (SKIPPED_KEY, CLOSED_OUT_KEY, GAVE_WAY_KEY)


def rebuilt_reps(plan: m.Plan) -> list[str]:
    """The territories the last build made again when it left the other reps' calendars as
    they were (a partial rebuild of some reps); [] after a build of every rep."""
    record = (plan.meta or {}).get(FROM_KEY) or {}
    chosen = [str(t) for t in record.get("territories") or []]
    return chosen if chosen and not set(chosen) >= set(plan.territory_ids) else []


def reps_part(plan: m.Plan, territories: Collection[str]) -> m.Plan:
    """``plan`` with its calendar, customers left out and the build's records cut to the
    ``territories``' (its customers and territories themselves unchanged, for names)."""
    chosen = {str(t) for t in territories}
    meta = dict(plan.meta or {})
    for key in _ROW_KEYS:
        meta[key] = [r for r in meta.get(key) or [] if str(r[1]) in chosen]
    if isinstance(meta.get(ASKED_KEY), dict):
        meta[ASKED_KEY] = {t: v for t, v in meta[ASKED_KEY].items() if str(t) in chosen}
    c = plan.customers
    mine = set(c.loc[c[m.TERRITORY].astype(str).isin(chosen), m.CUSTOMER_ID].astype(str))
    meta[CHANGED_KEY] = {k: v for k, v in (meta.get(CHANGED_KEY) or {}).items() if k in mine}
    kept = meta.get(KEPT_BY_KEY)
    if isinstance(kept, dict):  # the customers kept on their days: the rebuilt reps' too
        meta["schedule_kept"] = sum(int(n) for t, n in kept.items() if str(t) in chosen)
    s, u = plan.schedule, plan.unscheduled
    return plan.replace(
        schedule=None if s is None else s[s["territory"].astype(str).isin(chosen)],
        unscheduled=None if u is None else u[u["territory"].astype(str).isin(chosen)],
        meta=meta)


def kept_by_territory(kept: Collection[str], schedule: pd.DataFrame) -> dict[str, int]:
    """How many of the customers ``kept`` on their days each territory's calendar visits
    (a one-rep rebuild's report counts that rep's alone)."""
    rows = schedule.drop_duplicates("customer_id")
    mine = rows[rows["customer_id"].astype(str).isin(set(kept))]
    return {str(t): int(n) for t, n in mine["territory"].astype(str).value_counts().items()}
