"""Translation of every user-visible string (English source text, Japanese catalogue).

One mechanism for the core and the UI: ``tr("Save")`` returns the text in the
current language. The Japanese catalogue is ``resources/i18n/ja.json`` (English
source text → Japanese). The language follows ``LC_ALL``/``LC_MESSAGES``/``LANG``
(``ja…`` → Japanese, anything else → English) until :func:`set_language` is called.
"""

from __future__ import annotations

import json
import os
from functools import cache

from planner.resources import resource_path

LANGUAGES = ("en", "ja")
_language: str | None = None


def system_language() -> str:
    """``"ja"`` when the environment's locale is Japanese, else ``"en"``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def language() -> str:
    """The current language code."""
    return _language or system_language()


def set_language(code: str | None) -> None:
    """Switch the language (``None`` or ``""`` = follow the system)."""
    global _language
    if code and code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    _language = code or None


@cache
def catalogue(code: str) -> dict[str, str]:
    """The message catalogue of ``code`` (empty for English, the source language)."""
    if code == "en":
        return {}
    path = resource_path("i18n", f"{code}.json")
    with open(path, encoding="utf-8") as fh:
        data: dict[str, str] = json.load(fh)
    return data


def tr(text: str, /, **values: object) -> str:
    """``text`` in the current language, with ``{name}`` fields filled from ``values``."""
    translated = catalogue(language()).get(text, text)
    return translated.format(**values) if values else translated
