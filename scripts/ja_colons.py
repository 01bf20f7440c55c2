"""Count the two colons of "label: value" in the Japanese catalogue, and make the outliers
follow the majority.

``python scripts/ja_colons.py`` prints how many values of resources/i18n/ja.json use the
ASCII colon (``担当者: {rep}``) and how many the full-width one (``担当者：{rep}``), and lists
the values of the smaller side; ``--fix`` rewrites those to the majority's colon (ASCII:
``: `` with one space, ``:`` at the end of a label). A colon inside a time (``09:00``), a
ratio or a URL is not a label's colon and is not counted.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "resources" / "i18n" / "ja.json"
#: an ASCII colon ending a label: not between digits (09:00) nor before // (a URL)
ASCII = re.compile(r"(?<!\d):(?!\d|//)")
FULL = re.compile("：")


def counts(values: list[str]) -> tuple[list[str], list[str]]:
    """The values with a label's ASCII colon, and those with a full-width one."""
    return ([v for v in values if ASCII.search(v)], [v for v in values if FULL.search(v)])


def to_ascii(value: str) -> str:
    """``週の稼働時間：{hours}`` → ``週の稼働時間: {hours}``; ``担当者：`` → ``担当者:``."""
    return re.sub(r"：\s*(?=.)", ": ", value).replace("：", ":")


def to_full(value: str) -> str:
    return ASCII.sub("：", value).replace("： ", "：")


def main(argv: list[str]) -> int:
    text = CATALOGUE.read_text(encoding="utf-8")
    catalogue: dict[str, str] = json.loads(text)
    ascii_, full = counts(list(catalogue.values()))
    print(f"ASCII colon (: ): {len(ascii_)} values; full-width colon (：): {len(full)} values")
    outliers, fix = (full, to_ascii) if len(ascii_) >= len(full) else (ascii_, to_full)
    for value in dict.fromkeys(outliers):
        print(f"  {value}")
    if "--fix" in argv:
        for value in dict.fromkeys(outliers):  # the value's JSON text, as written in the file
            old = json.dumps(value, ensure_ascii=False)
            text = text.replace(f": {old}", f": {json.dumps(fix(value), ensure_ascii=False)}")
        json.loads(text)  # still a catalogue
        CATALOGUE.write_text(text, encoding="utf-8")
        print(f"rewrote {len(set(outliers))} values")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
