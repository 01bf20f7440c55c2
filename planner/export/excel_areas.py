"""The workbook's "Areas" sheet (担当エリア一覧): which rep covers each municipality.

The office takes a call from a shop in 練馬区 and needs to know whose it is. One row per
municipality read from the addresses (:mod:`planner.areas`), in prefecture and name order:
the reps who have customers there, most first, with their counts, and the municipality's
customers in all. The sheet is there when at least one address names a municipality.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook

from planner import model as m
from planner.areas import municipality
from planner.export.excel_cells import list_sheet
from planner.i18n import listing, tr


def area_reps(plan: m.Plan) -> pd.DataFrame:
    """``prefecture``, ``municipality``, ``reps`` (``鈴木 一郎 45、田中 健太 3``: each
    territory's rep, else its name; unassigned customers as 未割当) and ``customers`` per
    municipality, in prefecture and name order."""
    c = plan.customers
    keys = [municipality(a) for a in c[m.ADDRESS].to_numpy(dtype=object)]
    frame = pd.DataFrame({
        "prefecture": [p for p, _n in keys],
        "municipality": [n for _p, n in keys],
        "territory": c[m.TERRITORY].to_numpy(dtype=object),
    })
    frame = frame[frame["municipality"] != ""]
    titles = {t.id: t.rep or t.name for t in plan.territories}  # short: one line per area
    position = {t.id: k for k, t in enumerate(plan.territories)}
    rows = []
    for (pref, name), group in frame.groupby(["prefecture", "municipality"], sort=True):
        counts = group["territory"].value_counts()
        # most customers first; among equals the plan's order, the unassigned last
        place = np.array([position.get(t, len(position)) for t in counts.index])
        order = np.lexsort((place, -counts.to_numpy()))
        reps = listing(
            f"{titles.get(t, tr('(unassigned)')) if t else tr('(unassigned)')} {int(counts[t])}"
            for t in counts.index[order]
        )
        rows.append([pref, name, reps, len(group)])
    return pd.DataFrame(rows, columns=["prefecture", "municipality", "reps", "customers"])


def write_areas_sheet(wb: Workbook, plan: m.Plan, *, used: set[str]) -> Any:
    """Add the sheet when some address names a municipality; return it (or None)."""
    table = area_reps(plan)
    if table.empty:
        return None
    headers = [tr("Prefecture"), tr("Municipality"), tr("Reps (customers)"), tr("Customers")]
    return list_sheet(
        wb,
        tr("Areas by municipality"),
        tr("Which rep covers each municipality of the customers' addresses."),
        headers,
        table.to_numpy(dtype=object).tolist(),
        used=used,
        widest=80.0,
    )
