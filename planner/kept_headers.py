"""Headers of the list's own columns a workbook keeps beside the plan's columns of the same
meaning: 「担当（元のファイル）」 / 'Rep (original file)' — and, read back, every form this
program ever wrote for them (older workbooks wrote 元_担当 / orig_担当)."""

from __future__ import annotations

from functools import cache

from planner.i18n import LANGUAGES, catalogue, tr

#: How the workbook names a kept column now.
KEPT = "{header} (original file)"
#: How older workbooks named it (a prefix), still recognised when read back.
OLD_PREFIX = "orig_"


def kept_header(header: str) -> str:
    """The workbook's header for the list's column ``header`` kept beside the plan's own."""
    return tr(KEPT, header=header)


@cache
def _shapes() -> tuple[tuple[str, str], ...]:
    """(text before, text after) the list's header in every form of every language."""
    out: set[tuple[str, str]] = set()
    for code in LANGUAGES:
        words = catalogue(code)
        out.add((words.get(OLD_PREFIX, OLD_PREFIX), ""))
        before, _field, after = words.get(KEPT, KEPT).partition("{header}")
        out.add((before, after))
    return tuple(sorted(out))


def kept_base(header: object) -> str | None:
    """The list's own header of a kept column (担当（元のファイル） or 元_担当 → 担当), else None."""
    text = str(header)
    for before, after in _shapes():
        if (len(text) > len(before) + len(after) and text.startswith(before)
                and text.endswith(after)):
            return text[len(before):len(text) - len(after)]
    return None


def kept_forms(header: str) -> list[str]:
    """Every header a workbook may have written for the list's ``header`` kept aside."""
    return [f"{before}{header}{after}" for before, after in _shapes()]
