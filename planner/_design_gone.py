"""After a design with fewer territories: which of the plan's territories are gone, and where
their customers went (to one territory, named; or shared among several)."""

from __future__ import annotations

import pandas as pd

from planner import model as m
from planner.i18n import trn


def _label(t: m.Territory) -> str:
    return f"{t.id} {t.rep or t.name}".strip()


def gone_lines(before: m.Plan, after: m.Plan) -> list[str]:
    """One line per territory of ``before`` (the plan as it was before the command, not
    after a homes file replaced its territories) that ``after`` no longer has."""
    kept = set(after.territory_ids)
    gone = [t for t in before.territories if t.id not in kept]
    if not gone:
        return []
    now = pd.Series(after.customers[m.TERRITORY].to_numpy(dtype=object),
                    index=after.customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    now = now[~now.index.duplicated()]
    labels = {t.id: _label(t) for t in after.territories}
    lines = []
    for t in gone:
        ids = before.customers[m.CUSTOMER_ID].to_numpy(dtype=object)[
            before.customers[m.TERRITORY].to_numpy(dtype=object) == t.id]
        to = now.reindex(ids).dropna()
        to = to[to.isin(list(labels))]
        where = to.value_counts()
        n = len(to)
        if not n:
            lines.append(trn("{name} is gone.", "{name} is gone.", 1, name=_label(t)))
        elif len(where) == 1:
            lines.append(trn("{name} is gone; its {n} customer went to {to}.",
                             "{name} is gone; its {n} customers went to {to}.", n,
                             n=f"{n:,}", name=_label(t), to=labels[where.index[0]]))
        else:
            lines.append(trn("{name} is gone; its {n} customers were shared among {k} "
                             "territories.",
                             "{name} is gone; its {n} customers were shared among {k} "
                             "territories.", n, n=f"{n:,}", name=_label(t), k=len(where)))
    return lines
