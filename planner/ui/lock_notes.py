"""Lock / Unlock's sentence for the status bar, naming the territory the customers are locked
to: 「1件の顧客をテリトリーに固定しました。」 did not say which (a lock keeps a customer in
its territory, so the territory is what the manager checks)."""

from __future__ import annotations

from collections import Counter

from planner import model as m
from planner.i18n import listing, sentences, tr, trn


def _locked_to(after: m.Plan, newly: list[bool]) -> str:
    """「5件の顧客を新横浜エリアに固定しました。」, or for several territories 「…をテリトリーに
    固定しました: 新横浜エリアに3件、川越エリアに2件。」 (most first)."""
    territories = after.customers[m.TERRITORY].astype(str).to_numpy()
    counts = Counter(t for t, k in zip(territories, newly, strict=True) if k)
    names = {t.id: t.name or t.id for t in after.territories}
    n = sum(counts.values())
    if len(counts) == 1:
        territory = next(iter(counts))
        return trn("Locked {n} customer to {territory}.", "Locked {n} customers to {territory}.",
                   n, n=f"{n:,}", territory=names.get(territory, territory))
    parts = listing(tr("{n} in {territory}", n=f"{k:,}", territory=names.get(t, t))
                    for t, k in sorted(counts.items(), key=lambda tk: (-tk[1], tk[0])))
    return tr("Locked {n} customers to their territories: {parts}.", n=f"{n:,}", parts=parts)


def locked_note(before: m.Plan, after: m.Plan) -> str:
    """Lock / Unlock's sentence: "Locked 12 customers to 東京エリア."
    (「12件の顧客を東京エリアに固定しました。」), "Unlocked 3 customers."; "" when no
    customer's lock changed."""
    if len(before.customers) != len(after.customers):
        return ""
    old = before.customers[m.LOCKED].to_numpy(dtype=bool)
    new = after.customers[m.LOCKED].to_numpy(dtype=bool)
    locked, unlocked = int((new & ~old).sum()), int((old & ~new).sum())
    return sentences(
        _locked_to(after, list(new & ~old)) if locked else "",
        trn("Unlocked {n} customer.", "Unlocked {n} customers.", unlocked, n=f"{unlocked:,}")
        if unlocked else "")
