"""Looking one typed address up in the background (a new customer, a rep's home base).

:func:`look_up` runs :func:`planner.geocode.locate_address` in a worker with the progress
dialog; ``done`` gets (lat, lon) or None (not found), ``failed`` one sentence (offline,
cancelled). The window then offers the map pin either way, so the manager confirms or places.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from planner import model as m
from planner.i18n import tr
from planner.ui.workers import Task, run_task

if TYPE_CHECKING:
    import pandas as pd

    from planner._geocode_one import Found

Point = tuple[float, float]


def look_up(
    parent: QWidget,
    address: str,
    *,
    settings: m.Settings,
    provider: str,
    done: Callable[[Point | None], None],
    failed: Callable[[str], None],
) -> Task:
    """Start the lookup; returns the task (keep a reference while it runs)."""

    def work(progress: Any) -> Point | None:
        from planner.geocode import locate_address

        return locate_address(address, provider=provider, settings=settings, progress=progress)

    def error(text: str, user_error: bool) -> None:
        if not user_error:  # a bug: its traceback goes to the log, the window gets a sentence
            sys.stderr.write(text)
            text = tr("The address search stopped on an unexpected error; nothing was changed.")
        failed(text)

    return run_task(parent, tr("Finding the address…"), work, on_done=done, on_error=error)


def look_up_customer(
    parent: QWidget,
    address: str,
    *,
    known: pd.DataFrame,
    settings: m.Settings,
    provider: str,
    done: Callable[[Found | None], None],
    failed: Callable[[str], None],
) -> Task:
    """:func:`look_up` for a new customer: offline, or not found, ``done`` gets a position
    at ``known``'s customers of its 丁目, town or municipality (:func:`find_address`)."""

    def work(progress: Any) -> Found | None:
        from planner._geocode_one import find_address

        return find_address(address, provider=provider, known=known, settings=settings,
                            progress=progress)

    def error(text: str, user_error: bool) -> None:
        if not user_error:
            sys.stderr.write(text)
            text = tr("The address search stopped on an unexpected error; nothing was changed.")
        failed(text)

    return run_task(parent, tr("Finding the address…"), work, on_done=done, on_error=error)


def search_for(settings: m.Settings) -> str:
    """The address search the plan's settings name, else GSI's."""
    return settings.geocoder if settings.geocoder not in ("", "none") else "gsi"
