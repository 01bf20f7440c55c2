"""Setting the rank of several customers at once (the quarterly A → B review), one undo step.

A customer whose visit frequency follows the plan's rules takes the new rank's frequency:
not set by hand (``meta["frequency_overrides"]``), not the customer list's own choice
(:func:`planner.frequency.listed_ids`), and as often as the rules give its old rank (the rank
rules ``settings.frequency_by_rank``, and the sales bands last applied,
``meta["frequency_sales_bands"]``: the more frequent wins, as Frequency rules… does). A
frequency left unset follows the rank by itself. The others keep theirs, and
:func:`rank_text` says which. As Edit customer… does, the list's own rank cell takes the new
rank and the plan remembers what the list said (:mod:`planner._customer_corrections`), so
that next month's list does not undo the review. Import :class:`SetRank` from ``edits``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from planner import model as m
from planner._customer_corrections import Entry, corrected, entry_of, with_entry
from planner._customer_details import _calendar_facts, list_cells, typed_rank
from planner._edit_base import Changes, Edit, _rows, _set_columns, applies, mark_stale
from planner.frequency import (
    SALES_BANDS_KEY,
    frequency_words,
    listed_ids,
    normalise_rank,
    overridden_ids,
)
from planner.i18n import clauses, sentences, tr, trn

#: How a new rank treats a customer's frequency (:func:`rank_frequencies`).
RULE, UNSET, HAND_SET, OWN, NO_RULE = "rule", "unset", "hand_set", "own", "no_rule"


def rule_frequency(plan: m.Plan, rank: str, sales: float) -> float:
    """The visits per 4 weeks the plan's rules give a customer of ``rank`` and ``sales``
    (NaN when no rule covers it)."""
    rules = {normalise_rank(k): float(v) for k, v in plan.settings.frequency_by_rank.items()}
    by_rank = rules.get(normalise_rank(rank), np.nan)
    by_sales = np.nan
    if np.isfinite(sales):
        for low, freq in sorted((float(a), float(b)) for a, b in
                                plan.meta.get(SALES_BANDS_KEY) or ()):
            if sales >= low:
                by_sales = freq
    return float(np.fmax(by_rank, by_sales))


def rank_frequencies(
    plan: m.Plan, customer_ids: tuple[str, ...], rank: str
) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Each customer's frequency once given ``rank``, and why (:data:`RULE`: the rules give
    it, :data:`UNSET`: none set, the rank's rule applies by itself, :data:`HAND_SET`,
    :data:`OWN`: the list's own or another than the old rank's rule, :data:`NO_RULE`: no
    rule for the new rank)."""
    c = plan.customers.iloc[_rows(plan, customer_ids)]
    hand, own = overridden_ids(plan), listed_ids(plan)
    freqs: list[float] = []
    kinds: list[str] = []
    for cid, old_rank, sales, now in zip(
        c[m.CUSTOMER_ID].astype(str), c[m.RANK].astype(str), c[m.SALES].to_numpy(dtype=float),
        c[m.FREQUENCY].to_numpy(dtype=float), strict=True,
    ):
        new = rule_frequency(plan, rank, sales)
        if not np.isfinite(now):
            kind = UNSET
        elif cid in hand:
            kind = HAND_SET
        elif cid in own or not np.isclose(now, rule_frequency(plan, old_rank, sales)):
            kind = OWN
        elif not np.isfinite(new):
            kind = NO_RULE
        else:
            kind = RULE
        freqs.append(new if kind == RULE else now)
        kinds.append(kind)
    return tuple(freqs), tuple(kinds)


@dataclass(frozen=True)
class SetRank(Edit):
    """Give customers the rank ``rank`` (typed: ``ｂ`` is ``B``); those whose frequency
    follows the rules take the new rank's (module docstring)."""

    customer_ids: tuple[str, ...]
    rank: str = ""
    schedule_stale: bool | None = None  # set by inverses: the flag to restore
    #: set by inverses: each column as it was (rank, frequency, the list's rank cell)
    stored: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    #: set by inverses: each customer's remembered corrections as they were
    listed: tuple[Entry, ...] = ()

    def describe(self) -> str:
        return trn("Set rank of {n} customer", "Set rank of {n} customers",
                   len(self.customer_ids))

    def without_no_ops(self, plan: m.Plan) -> SetRank:
        """Only the customers of another rank (an undo keeps them all)."""
        if self.stored:
            return self
        now = plan.customers[m.RANK].astype(str).to_numpy(dtype=object)[
            _rows(plan, self.customer_ids)]
        rank = typed_rank(self.rank)
        keep = [cid for cid, r in zip(self.customer_ids, now, strict=True) if r != rank]
        return self if len(keep) == len(self.customer_ids) else replace(
            self, customer_ids=tuple(keep))


@applies(SetRank)
def _set_rank(plan: m.Plan, edit: SetRank) -> tuple[m.Plan, Edit, Changes]:
    edit = edit.without_no_ops(plan)
    ids = edit.customer_ids
    if not ids:
        return plan, edit, Changes()  # all of that rank already: nothing changes
    rows = _rows(plan, ids)
    remembered = tuple(entry_of(plan, cid) for cid in ids)
    if edit.stored:  # an undo: every column and memo as it was
        columns = {k: v for k, v in edit.stored}
        memos: tuple[Entry | dict[str, Any], ...] = edit.listed
    else:
        rank = typed_rank(edit.rank)
        freqs, _kinds = rank_frequencies(plan, ids, rank)
        columns = {m.RANK: (rank,) * len(ids), m.FREQUENCY: freqs}
        columns |= {k: (v,) * len(ids) for k, v in list_cells(plan, {m.RANK: rank}).items()}
        memos = tuple(corrected(plan, int(p), {m.RANK: rank}) for p in rows)
    new, old = _set_columns(plan, rows, columns)
    for cid, memo in zip(ids, memos, strict=True):
        new = with_entry(new, cid, memo)  # what the list said: the next update keeps the rank
    # more or fewer visits (a frequency left unset follows the rank), or longer ones
    visits_change = any(not np.allclose(_calendar_facts(plan, int(p)), _calendar_facts(new, int(p)),
                                        equal_nan=True) for p in rows)
    flag: bool | None = None
    stale = Changes()
    if edit.schedule_stale is not None:
        new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    elif visits_change:
        new, flag, stale = mark_stale(plan, new)
    inverse = SetRank(ids, "", flag, tuple((k, tuple(v)) for k, v in old.items()), remembered)
    changes = Changes(customers=True, frequencies=visits_change, customer_ids=ids)
    return new, inverse, changes | stale


def rank_text(before: m.Plan, customer_ids: tuple[str, ...], rank: str) -> str:
    """What setting ``rank`` did, from the plan ``before`` it: 「ランクをBに変更しました（5件）。
    訪問頻度は規則により隔週になります。」, and which frequencies stayed, and why."""
    rank = typed_rank(rank)
    c = before.customers
    now = c[m.RANK].astype(str).to_numpy(dtype=object)[_rows(before, customer_ids)]
    ids = tuple(cid for cid, r in zip(customer_ids, now, strict=True) if r != rank)
    if not ids:
        return trn("The customer is rank {rank} already.", "The customers are rank {rank} "
                   "already.", len(customer_ids), rank=rank or "—")
    freqs, kinds = rank_frequencies(before, ids, rank)
    old = c[m.FREQUENCY].to_numpy(dtype=float)[_rows(before, ids)]
    parts = [trn("Changed the rank to {rank} ({n} customer).",
                 "Changed the rank to {rank} ({n} customers).", len(ids), rank=rank or "—")]
    ruled = Counter(frequency_words(f) for f, k, o in zip(freqs, kinds, old, strict=True)
                    if k == RULE and not np.isclose(f, o))
    if len(ruled) == 1 and sum(ruled.values()) == len(ids):
        parts.append(tr("By the frequency rules, they are now visited {freq}.",
                        freq=next(iter(ruled))))
    elif ruled:
        parts.append(tr("By the frequency rules, the visits change: {counts}.", counts=clauses(
            *(trn("{freq} {n} customer", "{freq} {n} customers", n, freq=f)
              for f, n in ruled.most_common()))))
    count = Counter(kinds)
    if count[UNSET]:
        s = before.settings  # as the calendar reads an unset frequency
        rule = s.frequency_by_rank.get(rank)
        if rule is not None:
            parts.append(trn(
                "{n} customer has no frequency of its own and follows the rank's rule ({freq}).",
                "{n} customers have no frequency of their own and follow the rank's rule "
                "({freq}).", count[UNSET], freq=frequency_words(float(rule))))
        else:
            parts.append(trn(
                "{n} customer has no frequency of its own and is visited as often as the plan's "
                "default ({freq}).",
                "{n} customers have no frequency of their own and are visited as often as the "
                "plan's default ({freq}).", count[UNSET],
                freq=frequency_words(float(s.default_frequency))))
    if count[HAND_SET]:
        parts.append(trn(
            "{n} customer keeps the visit frequency set by hand.",
            "{n} customers keep the visit frequency set by hand.", count[HAND_SET]))
    if count[OWN]:
        parts.append(trn(
            "{n} customer keeps its visit frequency, which is not its old rank's rule.",
            "{n} customers keep their visit frequency, which is not their old rank's rule.",
            count[OWN]))
    if count[NO_RULE]:
        parts.append(tr("Rank {rank} has no frequency rule: the visit frequency stays.",
                        rank=rank or "—"))
    return sentences(*parts)
