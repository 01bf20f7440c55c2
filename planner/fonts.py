"""The bundled Japanese font (IPAexGothic from the ``matplotlib-fontja`` package)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_FAMILY = "IPAexGothic"


@cache
def japanese_font_path() -> Path:
    """Path of IPAexGothic (``ipaexg.ttf``) shipped by ``matplotlib-fontja``."""
    import matplotlib_fontja

    path = Path(matplotlib_fontja.__file__).resolve().parent / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"Japanese font missing: {path}")
    return path
