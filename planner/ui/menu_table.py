"""The main window's commands as tables: every action (key, English text, shortcut), the
menus that hold them, the toolbar and the docks. :mod:`planner.ui.main_actions` builds them
and translates the texts."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtGui import QKeySequence

from planner.i18n import language

StandardKey = QKeySequence.StandardKey

# (key, English text, shortcut)
ACTIONS: tuple[tuple[str, str, Any], ...] = (
    ("new", "New plan from spreadsheet…", StandardKey.New),
    ("update_customers", "Update customers from spreadsheet…", "Ctrl+U"),
    ("open", "Open…", StandardKey.Open),
    ("save", "Save", StandardKey.Save),
    ("save_as", "Save As…", StandardKey.SaveAs),
    ("compare", "Compare with another plan…", None),
    ("export_excel", "Export Excel…", "Ctrl+E"),
    ("print_handouts", "Print handouts…", StandardKey.Print),
    ("export_pdf", "Export handouts as PDF…", None),
    ("export_html", "Export HTML map…", None),
    ("export_ics", "Export reps' calendars (.ics)…", None),
    ("quit", "Quit", StandardKey.Quit),
    ("undo", "Undo", StandardKey.Undo),
    ("redo", "Redo", StandardKey.Redo),
    ("select_all", "Select all", StandardKey.SelectAll),
    ("select_none", "Select none", "Ctrl+Shift+A"),
    ("add_customer", "Add customer…", None),
    ("edit_customer", "Edit customer…", None),
    ("preferences", "Preferences…", StandardKey.Preferences),
    ("new_territory", "New territory", "Ctrl+T"),
    ("load_homes", "Load home bases from a file…", None),
    ("design", "Auto-design…", "Ctrl+D"),
    ("rebalance", "Rebalance keeping assignments…", None),
    ("lock", "Lock selection", "Ctrl+L"),
    ("unlock", "Unlock selection", "Ctrl+Shift+L"),
    ("frequency", "Frequency rules…", None),
    ("schedule", "Build calendar…", "Ctrl+B"),
    ("fit_all", "Show all customers", "Ctrl+0"),
    ("about", "About Territory Planner", None),
    ("getting_started", "Getting started", None),
    ("shortcuts", "Keyboard shortcuts", StandardKey.HelpContents),
    ("log_folder", "Open log folder", None),
)

MENUS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "file",
        "&File",
        (
            "new",
            "update_customers",
            "open",
            "@recent",
            "-",
            "save",
            "save_as",
            "compare",
            "-",
            "export_excel",
            "print_handouts",
            "export_pdf",
            "export_html",
            "export_ics",
            "-",
            "quit",
        ),
    ),
    (
        "edit",
        "&Edit",
        (
            "undo", "redo", "-", "select_all", "select_none", "-", "add_customer",
            "edit_customer", "-", "preferences",
        ),
    ),
    ("territory", "&Territory", ("new_territory", "load_homes", "design", "rebalance", "-", "lock", "unlock")),
    ("schedule", "&Schedule", ("frequency", "schedule")),
    ("view", "&View", ("fit_all", "@map", "-", "@docks")),
    ("help", "&Help", ("getting_started", "shortcuts", "-", "log_folder", "-", "about")),
)
# The underlined letter of each command in its menu (Alt+F, then this key): unique within a
# menu. English underlines it in the text, Japanese appends it in brackets (開く(&O)…).
ACCESS_KEYS = {
    "new": "N",
    "update_customers": "U",
    "open": "O",
    "save": "S",
    "save_as": "A",
    "compare": "C",
    "export_excel": "E",
    "print_handouts": "P",
    "export_pdf": "D",
    "export_html": "H",
    "export_ics": "I",
    "quit": "Q",
    "undo": "U",
    "redo": "R",
    "select_all": "A",
    "select_none": "N",
    "add_customer": "C",
    "edit_customer": "E",
    "preferences": "P",
    "new_territory": "N",
    "load_homes": "H",
    "design": "D",
    "rebalance": "R",
    "lock": "L",
    "unlock": "U",
    "frequency": "F",
    "schedule": "B",
    "fit_all": "S",
    "getting_started": "G",
    "shortcuts": "K",
    "about": "A",
    "log_folder": "L",
}
RECENT_ACCESS_KEY = "R"
DOCK_ACCESS_KEYS = {"territories": "T", "customers": "U", "calendar": "A"}  # in the View menu


def with_access_key(text: str, key: str) -> str:
    """``text`` with ``key`` as its menu access key in the current language: "&Open…",
    "&1 OpenStreetMap" (one of a list), "開く(&O)…". An ``&`` already in the text (a
    customer's name in an undo step) is shown as it is."""
    text = text.replace("&", "&&")
    if language() != "ja":
        if key.isdigit():
            return f"&{key} {text}"
        lowered, k = text.lower(), key.lower()
        at = next((i for i, c in enumerate(lowered)  # a word's first letter, else any
                   if c == k and (i == 0 or not text[i - 1].isalnum())), lowered.find(k))
        if at >= 0:
            return f"{text[:at]}&{text[at:]}"
    body = text.removesuffix("…")
    return f"{body}(&{key}){text[len(body):]}"


def without_access_key(text: str) -> str:
    """The text a menu item shows: "開く(&O)…" → "開く…", "Save &As…" → "Save As…"."""
    return re.sub(r"&(.)", r"\1", re.sub(r"\(&[^&]\)", "", text))


def button_text(text: str) -> str:
    """A toolbar button's text: the command without its trailing "…" (as Qt shows it)."""
    return text.removesuffix("…").removesuffix("...")


# the first step of a new user (their own list) first: the toolbar had none, the welcome
# line named a menu path
TOOLBAR = ("new", "open", "save", "-", "undo", "redo", "-", "design", "schedule", "-",
           "export_excel")
#: A toolbar button's own, shorter text where the menu's would be long (the menu's is its
#: tooltip): 「顧客リスト（Excel・CSV）から新規プラン」 → 「顧客リストを取り込む」.
TOOLBAR_TEXTS = {"new": "Import customer list"}
DOCKS = (("territories", "Territories"), ("customers", "Customer list"), ("calendar", "Calendar"))
