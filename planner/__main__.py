"""``python -m planner`` = ``territory-planner``."""

from planner.cli import entry

if __name__ == "__main__":  # not when a spawned child process imports this module
    entry()
