"""Checks of the values given on the command line, made before any file is read: a wrong
one is a bad argument (:class:`~planner.errors.BadArgument`, exit status 2), while a problem
found in the data (the plan file, the customer list) stays exit status 1."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path

from planner.errors import BadArgument, PlannerError
from planner.i18n import tr


@contextlib.contextmanager
def judging_arguments() -> Iterator[None]:
    """Inside, a :class:`PlannerError` (a value read wrong) is a :class:`BadArgument`."""
    try:
        yield
    except BadArgument:
        raise
    except PlannerError as exc:
        raise BadArgument(str(exc)) from exc


def check_suffix(path: str | Path | None, suffix: str) -> None:
    """A :class:`BadArgument` unless the file name ``path`` (when given) ends with ``suffix``."""
    if path is None:
        return
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise BadArgument(
            tr("The file name {name} must end with {suffix}.", name=target.name, suffix=suffix)
        )


def add_homes_geocode(parser: argparse.ArgumentParser) -> None:
    """``--geocode`` for a HOMES.csv line given by address (``design --homes``, ``homes``)."""
    parser.add_argument(
        "--geocode",
        choices=("gsi", "nominatim", "none"),
        default="none",
        help=tr("look up the address of a HOMES.csv line without lat/lon (online; default: none)"),
    )
