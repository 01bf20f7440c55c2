"""Customers a list may give twice under different codes: ㈱みどり and 株式会社みどり at one
address, typed in by two people. Both are imported as listed (the office knows which is
right); the import report names their codes in a note.

A row repeating an earlier row's code, name and address (a phone number or the frequency's
wording aside) is the same shop entered twice: it is left out, and said so row by row and in
one line; when it differs in a fact the plan uses (rep, rank, frequency …) it is imported as a
customer of its own as before, and the report says why."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from planner._geocode_address import normalize_address
from planner._import_grid import Problem, _Problems, rows_named
from planner.cells import text_key
from planner.i18n import day_list, language, listing, tr, trn

#: A legal form's short spellings (after NFKC: ㈱ and （株） are "(株)") and the word itself.
_LEGAL_SHORT = {"(株)": "株式会社", "(有)": "有限会社", "(同)": "合同会社", "(資)": "合資会社",
                "(名)": "合名会社"}
_LEGAL = re.compile("|".join(re.escape(k) for k in _LEGAL_SHORT))


def name_key(name: str) -> str:
    """A customer's name as compared for a possible duplicate: full and half width, spaces,
    case and variant kanji folded (:func:`planner.cells.text_key`), and ㈱, (株) and （株）
    read as 株式会社 (有限会社 and the others alike), where they stand."""
    return _LEGAL.sub(lambda m: _LEGAL_SHORT[m.group(0)], text_key(name))


def address_key(address: str) -> str:
    """An address as compared for a possible duplicate: the geocoder's key (numbers and
    丁目 forms as 3-2-1, no postal code or building: :func:`normalize_address`), folded as
    :func:`planner.cells.text_key` folds names; the text itself when it has no key."""
    return text_key(normalize_address(address) or address)


def possible_duplicates(
    codes: np.ndarray, listed: np.ndarray, names: np.ndarray, addresses: np.ndarray,
    kept: np.ndarray, header: str,
) -> list[tuple[int, str, str, str]]:
    """A note (row index, column, value, reason) on the first of each group of imported
    rows with the same name (:func:`name_key`) at the same address (:func:`address_key`)
    under different codes (``listed``: the codes as the list gives them, "" where it gives
    none; ``codes``: as imported). A code given twice is reported as such, not here."""
    rows = np.flatnonzero(kept & (names != "") & (addresses != ""))
    if len(rows) < 2:
        return []
    keys = pd.Series([name_key(str(names[i])) + "\x00" + address_key(str(addresses[i]))
                      for i in rows], dtype=object)
    twice = keys.duplicated(keep=False).to_numpy()
    notes = []
    for _key, group in pd.Series(rows[twice]).groupby(keys[twice].to_numpy(), sort=False):
        at = group.to_numpy()
        if len({str(listed[i]) or str(codes[i]) for i in at}) < 2:
            continue  # one code given twice: said so already
        first = int(at[0])
        notes.append((first, header, str(names[first]), tr(
            "{customers} have the same name and address ({address}): perhaps one customer "
            "listed more than once. All are imported as listed.",
            customers=listing(f"{codes[i]} {names[i]}" for i in at),
            address=str(addresses[first]))))
    return sorted(notes)


def same_customer_rows(
    listed: np.ndarray, names: np.ndarray, addresses: np.ndarray, kept: np.ndarray,
    facts: dict[str, np.ndarray],
) -> tuple[dict[int, int], dict[int, tuple[int, list[str]]]]:
    """Rows repeating an earlier kept row's code (``listed``: as the list gives it, "" for
    none), name (:func:`name_key`) and address (:func:`address_key`): a shop entered twice
    whose copies differ in a phone number or the frequency's wording (毎週, 週1回).

    Returns ({row: its first row} of the copies that differ in none of ``facts`` (the label
    of a fact → each row's value as the plan reads it: rep, rank, frequency …), the rows
    not to be imported; {row: (its first row, the labels of the facts that differ)} of the
    others, imported as separate customers as before, and told why)."""
    rows = np.flatnonzero(kept & (listed != "") & (names != "") & (addresses != ""))
    # only a code given twice can be a copy: the names and addresses of those rows compared
    rows = rows[pd.Series(listed[rows], dtype=object).duplicated(keep=False).to_numpy()]
    same: dict[int, int] = {}
    differ: dict[int, tuple[int, list[str]]] = {}
    if len(rows) < 2:
        return same, differ
    keys = pd.Series([str(listed[i]) + "\x00" + name_key(str(names[i])) + "\x00"
                      + address_key(str(addresses[i])) for i in rows], dtype=object)
    twice = keys.duplicated(keep=False).to_numpy()
    for _key, group in pd.Series(rows[twice]).groupby(keys[twice].to_numpy(), sort=False):
        first, *rest = (int(i) for i in group.to_numpy())
        for i in rest:
            labels = [label for label, values in facts.items()
                      if not _same_value(values[first], values[i])]
            if labels:
                differ[i] = (first, labels)
            else:
                same[i] = first
    return same, differ


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (np.isnan(a) and np.isnan(b)) or abs(a - b) < 1e-9
    return str(a) == str(b)


def same_customer_reason(row: int) -> str:
    """The report's reason for a row left out as a copy of row ``row``."""
    return tr("The customer code, name and address are the same as row {row} (a duplicate); "
              "it is not imported.", row=row)


def differing_copy_reason(row: int, facts: list[str]) -> str:
    """The report's reason for a row with row ``row``'s code, name and address but other
    facts: imported as a customer of its own."""
    return tr("The customer code, name and address are the same as row {row}, but the {facts} "
              "differ, so it is imported as a separate customer; if it is the same shop, "
              "delete one of the rows in the list.", row=row, facts=day_list(
                  facts if language() == "ja" else [f.lower() for f in facts]))


def same_customer_note(rows: list[int], header: str) -> Problem | None:
    """One line on the rows left out as duplicates (:func:`same_customer_rows`), at the
    first of them."""
    if not rows:
        return None
    return Problem(rows[0], header, "", trn(
        "{n} row repeats the customer code, name and address of an earlier row and is left "
        "out as a duplicate (row {rows}{more}).",
        "{n} rows repeat the customer code, name and address of an earlier row and are left "
        "out as duplicates (rows {rows}{more}).",
        len(rows), n=f"{len(rows):,}", **rows_named(rows)), True, note=True)


def drop_same_customers(
    problems: _Problems, listed: np.ndarray, names: np.ndarray, addresses: np.ndarray,
    kept: np.ndarray, facts: dict[str, np.ndarray], header: str,
) -> tuple[np.ndarray, list[Problem]]:
    """``kept`` without the rows repeating an earlier row's code, name and address and no
    fact of ``facts`` (:func:`same_customer_rows`): each such row's reports replaced by one
    saying so (it is not imported); a row differing in some fact is told why it is imported
    as a customer of its own. Also the one-line note on the rows left out."""
    same, differ = same_customer_rows(listed, names, addresses, kept, facts)
    for i, (first, labels) in differ.items():
        problems.items.append((i, header, str(names[i]),
                               differing_copy_reason(int(problems.rows[first]), labels)))
    if not same:
        return kept, []
    problems.items[:] = [item for item in problems.items if item[0] not in same]
    for i, first in same.items():
        reason = same_customer_reason(int(problems.rows[first]))
        problems.items.append((i, header, str(names[i]), reason))
        problems.groups[reason] = tr("The customer code, name and address are the same as an "
                                     "earlier row (a duplicate); it is not imported.")
    out = kept.copy()
    out[list(same)] = False
    note = same_customer_note(sorted(int(problems.rows[i]) for i in same), header)
    return out, [note] if note else []
