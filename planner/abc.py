"""Ranks from sales (売上ABC分析): A, B and C by each customer's share of the sales.

The usual way a Japanese sales office decides who is visited how often: sort the customers
by sales, largest first; those making the first 70 % of the sales are A, the next 20 % (up
to 90 %) B, the rest C. The frequency rules by rank (A weekly, B every two weeks, C every
four) then follow. :func:`abc_ranks` finds the two sales amounts where the shares are
crossed (the customer crossing a line still belongs to the rank above it, and customers
with equal sales always share a rank); :func:`rank_by_sales` writes the ranks into the plan.
Customers without a sales figure keep the rank they have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import tr

#: The cumulative shares of the sales where A ends and B ends.
DEFAULT_SHARES = (0.70, 0.90)
RANKS = ("A", "B", "C")


@dataclass(frozen=True)
class AbcRanks:
    """The ranks of :func:`abc_ranks` and what each holds."""

    ranks: np.ndarray  # per customer "A" / "B" / "C", "" without a sales figure
    shares: tuple[float, float]  # the cumulative shares asked for
    thresholds: tuple[float, float]  # the smallest sales of an A and of a B customer
    counts: dict[str, int]
    sales_share: dict[str, float]  # each rank's share of the total sales

    def text(self) -> str:
        """``A: 183 customers (12 %), 70.2 % of sales, from ¥1,234,000; B: …; C: …``."""
        return "; ".join(self.lines())

    def lines(self) -> list[str]:
        """One line per rank (:meth:`text`'s parts)."""
        total = sum(self.counts.values())
        parts = []
        for rank, low in zip(RANKS, (*self.thresholds, None), strict=True):
            n = self.counts[rank]
            line = tr("{rank}: {n} customers ({part}), {share} of sales", rank=rank,
                      n=f"{n:,}", part=f"{n / total:.0%}" if total else "0%",
                      share=f"{self.sales_share[rank]:.1%}")
            if low is not None and n:
                # in yen, as the plan keeps sales (a list in 千円 is read as yen): a bare
                # 「2,500,000 以上」 beside a list's 売上(千円) read as thousands
                line += tr(", from ¥{amount}", amount=f"{low:,.0f}")
            parts.append(line)
        return parts


def check_shares(shares: Sequence[float]) -> tuple[float, float]:
    """Two cumulative shares 0 < a < b ≤ 1 (percentages above 1 are read as percent)."""
    if len(shares) != 2:
        raise PlannerError(tr("Give two shares of the sales for ABC ranks, e.g. 70,90."))
    a, b = (float(s) / 100.0 if float(s) > 1.0 else float(s) for s in shares)
    if not 0.0 < a < b <= 1.0:
        raise PlannerError(tr("The ABC shares must rise between 0 and 100 %, e.g. 70,90."))
    return a, b


def abc_ranks(sales: np.ndarray, shares: Sequence[float] = DEFAULT_SHARES) -> AbcRanks:
    """Rank ``sales`` A/B/C by cumulative share (customers without sales get "").

    Raises :class:`PlannerError` when no customer has a sales figure above 0.
    """
    a, b = check_shares(shares)
    values = np.asarray(sales, dtype=float)
    known = np.isfinite(values)
    positive = np.where(known, np.maximum(values, 0.0), 0.0)
    total = float(positive.sum())
    if total <= 0.0:
        raise PlannerError(tr("No customer has sales above 0: ranks by sales need a sales "
                              "column."))
    order = np.sort(positive[known])[::-1]
    before = np.concatenate([[0.0], np.cumsum(order)[:-1]]) / total  # share before each one
    # the customer crossing a line still belongs above it: the last one starting below it
    low_a = float(order[np.flatnonzero(before < a)[-1]])
    low_b = float(order[np.flatnonzero(before < b)[-1]])
    ranks = np.full(len(values), "", dtype=object)
    ranks[known] = np.where(positive[known] >= low_a, "A",
                            np.where(positive[known] >= low_b, "B", "C"))
    if low_b <= 0.0:  # the last line falls among customers without sales: none of them is B
        ranks[known & (positive <= 0.0)] = "C"
    counts = {r: int((ranks == r).sum()) for r in RANKS}
    share = {r: float(positive[ranks == r].sum()) / total for r in RANKS}
    return AbcRanks(ranks=ranks, shares=(a, b), thresholds=(low_a, low_b), counts=counts,
                    sales_share=share)


def rank_by_sales(plan: m.Plan, shares: Sequence[float] = DEFAULT_SHARES) -> tuple[m.Plan, AbcRanks]:
    """The plan with its customers' ranks set by :func:`abc_ranks` (those without a sales
    figure keep theirs), and the ranks found."""
    c = plan.customers
    found = abc_ranks(c[m.SALES].to_numpy(dtype=float), shares)
    old = c[m.RANK].fillna("").astype(str).to_numpy(dtype=object)
    new = np.where(found.ranks != "", found.ranks, old)
    if np.array_equal(new, old):
        return plan, found
    customers = c.copy()
    customers[m.RANK] = new
    return plan.replace(customers=customers), found
