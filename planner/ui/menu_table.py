"""The main window's commands as tables: every action (key, English text, shortcut), the
menus that hold them, the toolbar and the docks. :mod:`planner.ui.main_actions` builds them
and translates the texts."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence

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
    ("preferences", "Preferences…", StandardKey.Preferences),
    ("new_territory", "New territory", "Ctrl+T"),
    ("design", "Auto-design…", "Ctrl+D"),
    ("rebalance", "Rebalance keeping assignments…", None),
    ("lock", "Lock selection", "Ctrl+L"),
    ("unlock", "Unlock selection", "Ctrl+Shift+L"),
    ("frequency", "Frequency rules…", None),
    ("schedule", "Build calendar…", "Ctrl+B"),
    ("fit_all", "Show all customers", "Ctrl+0"),
    ("about", "About Territory Planner", None),
    ("shortcuts", "Keyboard shortcuts", StandardKey.HelpContents),
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
        ("undo", "redo", "-", "select_all", "select_none", "-", "add_customer", "-", "preferences"),
    ),
    ("territory", "&Territory", ("new_territory", "design", "rebalance", "-", "lock", "unlock")),
    ("schedule", "&Schedule", ("frequency", "schedule")),
    ("view", "&View", ("fit_all", "@map", "-", "@docks")),
    ("help", "&Help", ("shortcuts", "about")),
)
TOOLBAR = ("open", "save", "-", "undo", "redo", "-", "design", "schedule", "-", "export_excel")
DOCKS = (("territories", "Territories"), ("customers", "Customer list"), ("calendar", "Calendar"))
