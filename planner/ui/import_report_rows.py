"""The import report's table rows, one row per reason rather than per sheet row.

A list whose 39 rows say 「第2火曜」 in the 定休日 column got the same four-line reason 39
times: the table showed six rows at a time and the one address placed roughly sat among them
out of sight. Problems alike in column, value, reason and whether the row was imported make
one table row; its reason ends with the sheet's rows it applies to, and the Row cell gives the
first of them and how many more. The CSV report keeps a line per sheet row.

A customer imported without a position is one reason whatever its address: a list without
緯度・経度 (most lists) gave 40 rows of 「座標がありません」, each with its own address as the
value, and the 合計 row left out sat under them, out of sight. They make one table row, its
value left empty (the Customers list shows each address); a table row names the first
:data:`ROWS_NAMED` sheet rows and counts the rest (the CSV report names them all): 700 rows
without coordinates made one cell of 700 numbers, taller than the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planner.i18n import listing, tr, trn
from planner.import_fields import no_address_reason, no_position_reason

#: The sheet rows a table row names at most; the rest are counted (「ほか680行」).
ROWS_NAMED = 20


def report_rows(problems: Iterable[Any], names: Mapping[int, str]) -> list[tuple[str, ...]]:
    """(row, imported, customer, column, value, reason) for each reason of ``problems``
    (:class:`planner._import_grid.Problem`), in the order of their first sheet row; ``names``
    gives the customer each imported row became."""
    yes, no = tr("yes"), tr("no")
    unplaced = {no_position_reason(), no_address_reason()}  # alike whatever the address
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for p in problems:
        # a note on how the list is read (the header row's 住所 in parts) imported no row
        imported = "" if p.note and p.row not in names else yes if p.kept else no
        value = "" if p.reason in unplaced else p.value
        groups.setdefault((imported, p.column, value, p.reason), []).append(p)
    out: list[tuple[str, ...]] = []
    for (imported, column, value, reason), alike in groups.items():
        first = alike[0]
        if len(alike) == 1:
            out.append((str(first.row), imported, names.get(first.row, "") if first.kept else "",
                        column, first.value, reason))
            continue
        rows = sorted({int(p.row) for p in alike})
        customer = trn("{n} customer", "{n} customers", len(rows), n=f"{len(rows):,}") \
            if first.kept else ""
        named = listing(rows) if len(rows) <= ROWS_NAMED + 1 else listing(rows[:ROWS_NAMED]) \
            + tr(" and {n} more rows", n=f"{len(rows) - ROWS_NAMED:,}")
        where = trn("The same on {n} row: {rows}.", "The same on {n} rows: {rows}.", len(rows),
                    n=f"{len(rows):,}", rows=named)
        out.append((tr("{first} (+{more})", first=rows[0], more=len(rows) - 1), imported,
                    customer, column, value, f"{reason}\n{where}"))
    return out
