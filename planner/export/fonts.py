"""The Japanese font for PDF handouts: IPAexGothic from ``matplotlib-fontja``, embedded as TrueType.

IPAexGothic holds the JIS X 0208/0213 kanji, not every character a shop's name may
use: 𠮷 (𠮷野家, U+20BB7) and other characters outside the Basic Multilingual Plane are
missing. matplotlib draws each glyph from the first family of ``font.family`` that has it,
so the handouts list after IPAexGothic the Japanese fonts the computer itself has
(Windows' Yu Gothic and its Ext-B fonts, macOS's Hiragino, Noto/Source Han, the Hanazono
mincho of Linux) and last DejaVu Sans, which matplotlib ships, for symbols (☕, ★, ☎).

A character none of those fonts has would print as an empty box; :func:`printable` leaves
out a pictograph (🍜, 🌸, and the joiners and modifiers an emoji is built of) and writes
〓, the typesetter's mark for a missing character, for a letter (a rare kanji).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import PlannerError
from planner.i18n import tr

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


#: What a letter no font has prints as: 〓 (geta), the typesetter's mark for a missing kanji.
MISSING_LETTER = "\u3013"
_GONE = "\x00"  # where a character was left out
#: A left-out pictograph's space: one of the two around it, or the one after it at the start.
_GONE_SPACE = re.compile(r"(?<=[ \u3000])\x00+[ \u3000]|^\x00+[ \u3000]*|[ \u3000]*\x00+$")


@cache
def _drawable() -> frozenset[int]:
    """The characters the handouts' fonts can draw: IPAexGothic and its fallbacks together."""
    from matplotlib import font_manager

    paths = [str(japanese_font_path())]
    for name in fallback_families():
        try:
            prop = font_manager.FontProperties(family=name)
            paths.append(font_manager.findfont(prop, fallback_to_default=False))
        except ValueError:  # registered under that name but not found: nothing it adds
            continue
    codes: set[int] = set()
    for path in paths:
        codes.update(font_manager.get_font(path).get_charmap())
    return frozenset(codes)


def _emoji_part(char: str) -> bool:
    """A character that only shapes the emoji beside it and prints nothing by itself: the
    zero-width joiner of 👨‍👩‍👧 (and other format characters), a variation selector (the
    colour form of ❤️), a skin-tone modifier."""
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF)


def _substitute(char: str) -> str:
    """What a character no font has is printed as: 〓 for a letter or digit, nothing (marked
    :data:`_GONE`) for a pictograph."""
    kind = unicodedata.category(char)
    return MISSING_LETTER if kind[0] in "LN" else _GONE


@lru_cache(maxsize=4096)
def printable(text: str) -> str:
    """``text`` with every character the handouts' fonts cannot draw left out (🍜, 🌸,
    👨‍👩‍👧) or, for a letter, written 〓, so no empty box prints: "🍜ラーメン太郎" prints
    "ラーメン太郎", "カフェ☕ 本店" keeps its ☕ (DejaVu Sans has it). The space a left-out
    pictograph stood between is not doubled ("花屋 🌸 さくら" prints "花屋 さくら")."""
    if text.isascii():
        return text
    drawable = _drawable()
    out = "".join(
        _GONE if _emoji_part(c) else c if ord(c) in drawable or c in "\n\t" else _substitute(c)
        for c in text)
    if out == text:
        return text
    return _GONE_SPACE.sub("", out).replace(_GONE, "") or MISSING_LETTER


def make_printable(fig: Figure) -> None:
    """Every text of ``fig`` through :func:`printable`, just before the page is saved."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        fixed = printable(text)
        if fixed != text:
            artist.set_text(fixed)
