"""The workbook's "Ranks by rep" sheet (ランク別顧客数): each rep's customers of each rank.

A fair split gives every rep a similar share of the important customers, not only of the
hours: a rep with all the A customers of an area carries the company's largest accounts. One
row per territory: its rep, its customers of each rank (A, B, C …, those without a rank
last) with the share of its sales they bring, and a total row. The sheet is there when some
customer has a rank.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook

from planner import model as m
from planner.export.excel_cells import list_sheet
from planner.frequency import normalise_rank
from planner.i18n import tr


def rank_table(plan: m.Plan) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """(ranks in order, customers per territory × rank, sales per territory × rank); the
    territories in plan order, then the unassigned customers ("") when there are any."""
    c = plan.customers
    ranks = np.array([normalise_rank(r) for r in c[m.RANK].fillna("").astype(str)], dtype=object)
    if not (ranks != "").any():
        return [], pd.DataFrame(), pd.DataFrame()
    frame = pd.DataFrame({"t": c[m.TERRITORY].astype(str).to_numpy(dtype=object), "r": ranks,
                          "s": np.nan_to_num(c[m.SALES].to_numpy(dtype=float))})
    order = sorted(set(ranks) - {""}) + ([""] if (ranks == "").any() else [])
    rows = list(plan.territory_ids) + ([""] if (frame["t"] == "").any() else [])
    counts = frame.pivot_table(index="t", columns="r", values="s", aggfunc="size", fill_value=0)
    sales = frame.pivot_table(index="t", columns="r", values="s", aggfunc="sum", fill_value=0.0)
    return (order, counts.reindex(index=rows, columns=order, fill_value=0),
            sales.reindex(index=rows, columns=order, fill_value=0.0))


def write_ranks_sheet(wb: Workbook, plan: m.Plan, *, used: set[str]) -> Any:
    """Add the sheet when some customer has a rank; return it (or None)."""
    order, counts, sales = rank_table(plan)
    if not order:
        return None
    names = {t.id: (t.name, t.rep) for t in plan.territories}
    label = {r: r or tr("(no rank)") for r in order}
    headers = [tr("Territory"), tr("Rep")]
    headers += [tr("{rank} customers", rank=label[r]) for r in order]
    headers += [tr("{rank} share of sales", rank=label[r]) for r in order]
    rows: list[list[Any]] = []
    for tid in counts.index:
        name, rep = names.get(tid, (tr("(unassigned)"), ""))
        total = float(sales.loc[tid].sum())
        rows.append([name, rep, *(int(counts.at[tid, r]) for r in order),
                     *(float(sales.at[tid, r]) / total if total > 0 else None for r in order)])
    everything = float(sales.to_numpy().sum())
    rows.append([tr("Total"), "", *(int(counts[r].sum()) for r in order),
                 *(float(sales[r].sum()) / everything if everything > 0 else None
                   for r in order)])
    return list_sheet(
        wb, tr("Ranks by rep"),
        tr("Each rep's customers of each rank, and the share of the territory's sales they "
           "bring: a fair split gives every rep a similar share of the important customers."),
        headers, rows, used=used, widest=24.0,
        formats=[None] * (2 + len(order)) + ["0%"] * len(order),
    )
