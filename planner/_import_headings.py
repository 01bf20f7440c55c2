"""Heading and note lines inside a customer list (【練馬区】, ■ 北エリア, ※ 以下は休眠顧客):
a row whose only filled cell is one is no customer; it is left out and reported."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from planner._import_grid import Grid

#: A heading in brackets (【練馬区】, ［杉並区］, <新宿>), after a mark (■ 北エリア, ◆新規), or a
#: note (※ 以下は休眠顧客). △ and ▲ are left out: they are minus signs of figures.
_HEADING = re.compile(r"^(?:[【\[〔〈《<「『].+[】\]〕〉》>」』]|[■□◆◇●○◎★☆▼▽▶▷►・].*|※.*)$",
                      re.DOTALL)


def is_heading(text: object) -> bool:
    """True for a heading or note written in a list's cell: 【練馬区】, ■北エリア, ※ 注意."""
    if not isinstance(text, str):
        return False
    return bool(_HEADING.match(unicodedata.normalize("NFKC", text).strip()))


def heading_rows(grid: Grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(which rows are heading or note lines, the column of each, its text): rows whose only
    filled cell holds a heading or a note."""
    n = len(grid.rows)
    lines = np.zeros(n, dtype=bool)
    column = np.zeros(n, dtype=np.int64)
    words = np.full(n, "", dtype=object)
    if not grid.texts or not n:
        return lines, column, words
    filled = [np.array([bool(str(t).strip()) for t in texts], dtype=bool)
              for texts in grid.texts]
    count = np.sum(filled, axis=0)
    for i in np.flatnonzero(count == 1):
        j = next(k for k, f in enumerate(filled) if f[i])
        text = str(grid.texts[j][i])
        if is_heading(text):
            lines[i], column[i], words[i] = True, j, text.strip()
    return lines, column, words


#: A heading over stopped accounts: ※ 以下は休眠顧客, 【閉店・廃業】 (not 閉店予定: still open).
_STOPPED_HEADING = re.compile(r"(?:休眠|閉店|廃業|取引停止|取引中止|解約)(?!予定)")


def under_stopped_heading(
    heading: np.ndarray, words: np.ndarray, kept: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(which kept rows stand under a heading or note naming stopped accounts, the index of
    that heading): the rows after ※ 以下は休眠顧客, up to the next heading, are not visited."""
    out = np.zeros(len(kept), dtype=bool)
    source = np.full(len(kept), -1, dtype=np.int64)
    current = -1
    for i in range(len(kept)):
        if heading[i]:
            text = unicodedata.normalize("NFKC", str(words[i]))
            current = i if _STOPPED_HEADING.search(text) else -1
        elif current >= 0 and kept[i]:
            out[i], source[i] = True, current
    return out, source
