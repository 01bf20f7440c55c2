"""What a design does to the customers' reps, said before Apply: how many customers who have
a rep now would get another one (「現在の担当から変わる顧客: 34件（全56件の61%）」), their
sales and visits, which territory hands how many to which, and — when many change with
*Keep existing assignments* off — the suggestion to tick it and what that costs in balance.

A rep knows their customers: a manager who re-designed a plan read from the office's list
(every customer with a rep) and applied it saw 34 of his 56 customers move to another rep
without a word about it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._design_result import DesignResult
from planner.i18n import sentences, tr, trn
from planner.rep_titles import territory_title
from planner.territories import visits_per_week

#: Above this share of the customers with a rep changing rep (keep-existing off), the
#: result suggests keeping the existing assignments.
SUGGEST_KEEP_FROM = 0.25
#: A design whose largest deviation is below this share of the tolerance evens the loads
#: out further than keep-existing, which stops once every load is within the tolerance.
EVENER = 0.8
#: The from → to pairs listed by name at most; the rest are counted.
FLOWS_SHOWN = 8


@dataclass(frozen=True)
class Flow:
    """Customers handed from one territory to another (``""``: no territory)."""

    source: str
    target: str
    customers: int
    sales: float


@dataclass(frozen=True)
class RepChanges:
    """The customers of the designed territories whose rep a design changes."""

    changed: int  # customers with a territory before whose territory changes (or goes)
    assigned: int  # customers of the designed territories with a territory before
    everyone: bool  # every customer of the designed territories had a territory
    newly: int  # customers in no territory before who get one
    sales: float  # the changed customers' sales (0 without figures)
    sales_total: float  # the assigned customers' sales
    visits: float  # the changed customers' visits per 4 weeks
    visits_total: float  # the assigned customers' visits per 4 weeks
    flows: tuple[Flow, ...]  # most customers first
    locked: int = 0  # locked customers of the designed territories who keep their rep

    @property
    def share(self) -> float:
        """The share of the customers with a rep who change rep."""
        return self.changed / self.assigned if self.assigned else 0.0


def rep_changes(before: m.Plan, result: DesignResult) -> RepChanges:
    """:class:`RepChanges` of ``result`` (designed from ``before``)."""
    c = before.customers
    moves = result.moves
    source = moves["from_territory"].astype(str).to_numpy()
    target = moves["to_territory"].astype(str).to_numpy()
    gone = {t.id for t in before.territories} - set(result.plan.territory_ids)
    designed = (set(result.metrics.index.astype(str)) | gone | set(source)) - {""}
    old = c[m.TERRITORY].astype(str)
    ids = c[m.CUSTOMER_ID].astype(str)
    scope = old.isin(designed).to_numpy()  # (hashed: np.isin of strings took 40 s at 100k)
    unassigned = (old == "").to_numpy()
    had = source != ""
    changed = scope & ids.isin(moves[m.CUSTOMER_ID].astype(str).to_numpy()[had]).to_numpy()
    sales = np.nan_to_num(c[m.SALES].to_numpy(dtype=float), nan=0.0)
    visits = visits_per_week(c, settings=before.settings) * 4.0
    by_id = pd.Series(sales, index=ids.to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    pairs = pd.DataFrame({"source": source[had], "target": target[had],
                          "sales": by_id.reindex(moves[m.CUSTOMER_ID].astype(str)[had]
                                                 ).fillna(0.0).to_numpy()})
    grouped = pairs.groupby(["source", "target"], sort=False)["sales"].agg(["size", "sum"])
    order = {t: i for i, t in enumerate(before.territory_ids)}
    flows = sorted(
        (Flow(str(s), str(t), int(row["size"]), float(row["sum"]))
         for (s, t), row in grouped.iterrows()),
        key=lambda f: (-f.customers, order.get(f.source, len(order)),
                       order.get(f.target, len(order))))
    return RepChanges(
        changed=int(changed.sum()),
        assigned=int(scope.sum()),
        # a design of all territories takes in the customers in none (of some, not)
        everyone=not (set(before.territory_ids) <= designed and bool(unassigned.any())),
        newly=int((source == "").sum()),
        sales=float(sales[changed].sum()),
        sales_total=float(sales[scope].sum()),
        visits=float(visits[changed].sum()),
        visits_total=float(visits[scope].sum()),
        flows=tuple(flows),
        locked=int((c[m.LOCKED].to_numpy(dtype=bool) & scope & ~unassigned & ~changed).sum()),
    )


def _percent(share: float) -> str:
    """61% — and "<1%" rather than "0%" for a few of many."""
    if 0 < share < 0.005:
        return tr("<1%")
    return f"{share:.0%}"


def _yen_millions(amount: float) -> str:
    return f"{amount / 1e6:,.1f}"


def count_text(changes: RepChanges) -> str:
    """「現在の担当から変わる顧客: 34件（全56件の61%）。」; "" when no customer had a rep."""
    if not changes.assigned:
        return ""
    if changes.everyone:
        return tr("Customers who change rep: {n} ({share} of all {total}).",
                  n=f"{changes.changed:,}", total=f"{changes.assigned:,}",
                  share=_percent(changes.share))
    return tr("Customers who change rep: {n} ({share} of the {total} with a rep).",
              n=f"{changes.changed:,}", total=f"{changes.assigned:,}",
              share=_percent(changes.share))


def share_of(changes: RepChanges) -> str:
    """The customers who change rep as a share of those with a rep: 「全1,500件の8%」,
    「担当のある1,400件の8%」 (after their number, in a sentence of its own)."""
    if changes.everyone:
        return tr("{share} of all {total}", total=f"{changes.assigned:,}",
                  share=_percent(changes.share))
    return tr("{share} of the {total} with a rep", total=f"{changes.assigned:,}",
              share=_percent(changes.share))


def changes_text(changes: RepChanges) -> str:
    """:func:`count_text` and what that is of the sales and visits; "" when no customer had
    a rep."""
    text = count_text(changes)
    if not text or not changes.changed:
        return text
    parts = []
    if changes.sales_total > 0:
        parts.append(tr("{share} of their sales (¥{amount}M)",
                        share=_percent(changes.sales / changes.sales_total),
                        amount=_yen_millions(changes.sales)))
    if changes.visits_total > 0:
        parts.append(tr("{share} of their visits ({n} every 4 weeks)",
                        share=_percent(changes.visits / changes.visits_total),
                        n=f"{changes.visits:,.0f}"))
    if len(parts) == 2:
        text += "\n" + tr("That is {sales} and {visits}.", sales=parts[0], visits=parts[1])
    elif parts:
        text += "\n" + tr("That is {part}.", part=parts[0])
    return text


def newly_text(changes: RepChanges) -> str:
    """The customers in no territory who get one (not a change of rep)."""
    if not changes.newly:
        return ""
    return trn("{n} customer in no territory gets one.", "{n} customers in no territory get one.",
               changes.newly, n=f"{changes.newly:,}")


def locked_text(changes: RepChanges) -> str:
    """「固定した顧客 3件は担当が変わりません。」: the manager who locked key accounts before an
    automatic design saw the customers who change rep counted, and nothing of the locked ones
    (kept, but said nowhere); "" when none is locked."""
    if not changes.locked:
        return ""
    return trn("The {n} locked customer keeps its rep.", "The {n} locked customers keep their rep.",
               changes.locked, n=f"{changes.locked:,}")


def keep_suggestion(changes: RepChanges, *, keep_existing: bool, tolerance: float,
                    deviation: float) -> str:
    """With keep-existing off and more than :data:`SUGGEST_KEEP_FROM` of the customers with a
    rep changing rep: tick it, and what that costs in balance; else ""."""
    if keep_existing or not changes.assigned or changes.share <= SUGGEST_KEEP_FROM:
        return ""
    advice = tr("Many customers would get a new rep. To keep them with the rep they know, tick "
                "“Keep existing assignments where possible” and run again.")
    if deviation < tolerance * EVENER:  # this design evens the loads out well beyond it
        cost = tr("Only customers along the borders move then, and only until every load is "
                  "within the tolerance, so the largest deviation can end up as high as "
                  "±{tol:.1%} instead of this design's {dev:.1%}.", tol=tolerance, dev=deviation)
    else:
        cost = tr("Only customers along the borders move then, until every load is within the "
                  "tolerance (±{tol:.1%}); this design's largest deviation, {dev:.1%}, is near "
                  "it too, so the balance hardly suffers.",
                  tol=tolerance, dev=deviation)
    return sentences(advice, cost)


def territory_label(plan: m.Plan, tid: str) -> str:
    """A territory with its rep, 上野エリア（山田 太郎）; "Unassigned" for no territory."""
    if not tid:
        return tr("Unassigned")
    try:
        t = plan.territory(tid)
    except KeyError:
        return tid
    return territory_title(t.name or t.id, t.rep)


def flow_lines(before: m.Plan, after: m.Plan, changes: RepChanges,
               shown: int = FLOWS_SHOWN) -> list[str]:
    """One line per from → to pair, most customers first (「上野エリア（山田 太郎）→ 新宿エリア
    （佐藤 花子）: 12件、売上 34.5百万円」); the pairs beyond ``shown`` counted on one line."""
    if not changes.flows:
        return []
    with_sales = changes.sales_total > 0
    lines = [tr("Who hands customers to whom:")]
    for flow in changes.flows[:shown]:
        label = (territory_label(before, flow.source) if flow.source in before.territory_ids
                 else territory_label(after, flow.source))
        target = (territory_label(after, flow.target) if flow.target in after.territory_ids
                  else territory_label(before, flow.target))
        n = flow.customers
        if with_sales:
            lines.append(trn("{source} → {target}: {n} customer, sales ¥{amount}M",
                             "{source} → {target}: {n} customers, sales ¥{amount}M", n,
                             source=label, target=target, n=f"{n:,}",
                             amount=_yen_millions(flow.sales)))
        else:
            lines.append(trn("{source} → {target}: {n} customer",
                             "{source} → {target}: {n} customers", n, source=label,
                             target=target, n=f"{n:,}"))
    rest = changes.flows[shown:]
    if rest:
        n = sum(f.customers for f in rest)
        lines.append(trn("… and {n} more customer between other territories.",
                         "… and {n} more customers between other territories.", n,
                         n=f"{n:,}"))
    return lines
