"""The words Leaflet writes in English on its own controls, in the current language.

Both map pages (the window's, :mod:`planner.maps.page`; the shared HTML file,
:mod:`planner.maps.share`) hand them to ``static/tp_leaflet_words.js``, which puts
them on Leaflet's buttons: one list of words, one script.
"""

from __future__ import annotations

from pathlib import Path

from planner.i18n import tr

#: Key → English text (the catalogue's key) of each Leaflet control word.
LEAFLET_WORDS = {"zoom_in": "Zoom in", "zoom_out": "Zoom out", "layers": "Layers"}

#: The script that names Leaflet's buttons (served to the window, inlined in the shared file).
SCRIPT = "tp_leaflet_words.js"
SCRIPT_PATH = Path(__file__).parent / "static" / SCRIPT


def leaflet_words() -> dict[str, str]:
    """Leaflet's control words in the current language."""
    return {key: tr(text) for key, text in LEAFLET_WORDS.items()}
