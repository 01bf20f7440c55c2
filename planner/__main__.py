"""``python -m planner`` = ``territory-planner``."""

from planner.cli import entry

entry()
