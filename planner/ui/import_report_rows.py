"""The import report's table rows, one row per reason rather than per sheet row.

A list whose 39 rows say 「第2火曜」 in the 定休日 column got the same four-line reason 39
times: the table showed six rows at a time and the one address placed roughly sat among them
out of sight. Problems alike in column, value, reason and whether the row was imported make
one table row; its reason ends with the sheet's rows it applies to, and the Row cell gives the
first of them and how many more. The CSV report keeps a line per sheet row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planner.i18n import listing, tr, trn


def report_rows(problems: Iterable[Any], names: Mapping[int, str]) -> list[tuple[str, ...]]:
    """(row, imported, customer, column, value, reason) for each reason of ``problems``
    (:class:`planner._import_grid.Problem`), in the order of their first sheet row; ``names``
    gives the customer each imported row became."""
    yes, no = tr("yes"), tr("no")
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for p in problems:
        # a note on how the list is read (the header row's 住所 in parts) imported no row
        imported = "" if p.note and p.row not in names else yes if p.kept else no
        groups.setdefault((imported, p.column, p.value, p.reason), []).append(p)
    out: list[tuple[str, ...]] = []
    for (imported, column, value, reason), alike in groups.items():
        first = alike[0]
        if len(alike) == 1:
            out.append((str(first.row), imported, names.get(first.row, "") if first.kept else "",
                        column, value, reason))
            continue
        rows = sorted({int(p.row) for p in alike})
        customer = trn("{n} customer", "{n} customers", len(rows), n=f"{len(rows):,}") \
            if first.kept else ""
        where = trn("The same on {n} row: {rows}.", "The same on {n} rows: {rows}.", len(rows),
                    n=f"{len(rows):,}", rows=listing(rows))
        out.append((tr("{first} (+{more})", first=rows[0], more=len(rows) - 1), imported,
                    customer, column, value, f"{reason}\n{where}"))
    return out
