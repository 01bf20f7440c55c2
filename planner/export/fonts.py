"""The Japanese font for PDF handouts: IPAexGothic from ``matplotlib-fontja``, embedded as TrueType.

IPAexGothic holds the JIS X 0208/0213 kanji, not every character a shop's name may
use: 𠮷 (𠮷野家, U+20BB7) and other characters outside the Basic Multilingual Plane are
missing. matplotlib draws each glyph from the first family of ``font.family`` that has it,
so the handouts list after IPAexGothic the Japanese fonts the computer itself has
(Windows' Yu Gothic and its Ext-B fonts, macOS's Hiragino, Noto/Source Han, the Hanazono
mincho of Linux) and last DejaVu Sans, which matplotlib ships, for symbols.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.i18n import tr


def japanese_font_path() -> Path:
    """Path of ``ipaexg.ttf`` inside the installed ``matplotlib-fontja`` package."""
    try:
        from planner.fonts import japanese_font_path as shared

        return shared()
    except (ImportError, FileNotFoundError):
        pass
    try:
        import matplotlib_fontja
    except ImportError as exc:
        raise PlannerError(
            tr("The Japanese font package (matplotlib-fontja) is missing; reinstall the program.")
        ) from exc
    path = Path(matplotlib_fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise PlannerError(
            tr("The Japanese font package (matplotlib-fontja) is missing; reinstall the program.")
        )
    return path


@cache
def register_japanese_font() -> str:
    """Register IPAexGothic with matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    path = japanese_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


#: Fonts of the computer that hold characters IPAexGothic lacks, best first: Gothic
#: (sans-serif) faces before the mincho ones that cover CJK Extension B, and DejaVu Sans
#: (shipped with matplotlib) last.
FALLBACK_FAMILIES = (
    "Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "Source Han Sans",
    "Yu Gothic", "Meiryo", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "MS Gothic",
    "IPAmjMincho", "HanaMinA", "HanaMinB", "SimSun-ExtB", "MingLiU-ExtB", "DejaVu Sans",
)


class _NoWeightNotice(logging.Filter):
    """Drops matplotlib's notice that a fallback font has no "normal" weight (the Hanazono
    fonts are registered as 500): the glyph is drawn all the same, and a user reading the
    export's output has nothing to do about it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("findfont: Failed to find font weight")


@cache
def fallback_families() -> tuple[str, ...]:
    """The families of :data:`FALLBACK_FAMILIES` installed here, in that order (naming one
    that is missing would make matplotlib warn on every text)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = tuple(name for name in FALLBACK_FAMILIES if name in installed)
    if found:
        logging.getLogger("matplotlib.font_manager").addFilter(_NoWeightNotice())
    return found


def pdf_rc() -> dict[str, Any]:
    """matplotlib settings for vector A4 handouts with the Japanese font embedded (Type 42),
    the computer's fonts behind it for characters it lacks (:func:`fallback_families`)."""
    family = register_japanese_font()
    return {
        "font.family": [family, *fallback_families()],
        "pdf.fonttype": 42,
        "pdf.compression": 6,
        "axes.unicode_minus": False,
        "path.simplify": True,
    }
