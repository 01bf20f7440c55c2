"""Where the bundled files live, both in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources`` folder: ``planner/resources`` when installed, ``./resources`` in a checkout."""
    installed = _HERE / "resources"
    if installed.is_dir():
        return installed
    checkout = _HERE.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("The program's resources folder is missing; reinstall the program.")


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("sample", "sample_plan.gpkg")``."""
    return resources_dir().joinpath(*parts)


def sample_plan_path() -> Path:
    """The bundled sample plan that opens on first start."""
    return resource_path("sample", "sample_plan.gpkg")


def sample_sheet_path() -> Path:
    """The bundled sample customer spreadsheet."""
    return resource_path("sample", "sample_customers.xlsx")
