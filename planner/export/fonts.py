"""The Japanese font for PDF handouts: IPAexGothic from ``matplotlib-fontja``, embedded as TrueType."""

from __future__ import annotations

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


def pdf_rc() -> dict[str, Any]:
    """matplotlib settings for vector A4 handouts with the Japanese font embedded (Type 42)."""
    family = register_japanese_font()
    return {
        "font.family": [family],
        "pdf.fonttype": 42,
        "pdf.compression": 6,
        "axes.unicode_minus": False,
        "path.simplify": True,
    }
