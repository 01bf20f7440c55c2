"""A ``.gpkg`` opened that is not a Territory Planner plan (another program's GeoPackage, a
spreadsheet renamed): one sentence saying what it is, and where its customers can come in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.file_kind import GEOPACKAGE, GEOPACKAGE_ROWS, foreign_kind
from planner.i18n import tr
from planner.ui.menu_table import without_access_key


def not_a_plan_texts(path: str) -> tuple[str, str] | None:
    """The box's sentence and its suggestion for ``path``, when it is another kind of file;
    None when it may be a plan (its own reason for not opening is then the one to tell)."""
    kind = foreign_kind(path)
    if not kind:
        return None
    name = Path(path).name
    # the toolbar's button and the menu's command, as the window names them
    command = tr("“{button}” on the toolbar (or {menu} → {item})", button=tr("Import customer list"),
                 menu=without_access_key(tr("&File")), item=tr("New plan from spreadsheet…"))
    if kind in (GEOPACKAGE, GEOPACKAGE_ROWS):
        text = tr("{name} is a GeoPackage made by another program, not a Territory Planner "
                  "plan.", name=name)
        if kind == GEOPACKAGE:  # areas or lines only: no customers to bring in
            return text, tr("Territory Planner opens the plans it saved itself.")
        return text, tr("If it holds your customers, save them from that program as an Excel "
                        "or CSV file and bring them in with {command}.", command=command)
    return (tr("{name} is a spreadsheet renamed to .gpkg, not a Territory Planner plan.",
               name=name),
            tr("If it holds your customers, give it back its {suffix} name and bring them in "
               "with {command}.", suffix=kind, command=command))


def tell_not_a_plan(parent: QWidget, path: str) -> bool:
    """Say what ``path`` is, if it is another kind of file; True when said."""
    texts = not_a_plan_texts(path)
    if texts is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Territory Planner"), texts[0], parent=parent)
    box.setObjectName("notAPlan")
    box.setInformativeText(texts[1])
    box.exec()
    box.deleteLater()
    return True
