"""``python -m planner``: the module starts the program only when run as the main module."""

from __future__ import annotations

import runpy

import planner.cli


def test_a_spawned_child_importing_the_main_module_does_not_start_the_program(monkeypatch):
    """A process started with ``spawn`` (the design's own process) imports the parent's main
    module as ``__mp_main__``: it must not open a second window (or run a command)."""
    started = []
    monkeypatch.setattr(planner.cli, "entry", lambda: started.append(True))
    runpy.run_module("planner.__main__", run_name="__mp_main__")
    assert started == []
    runpy.run_module("planner.__main__", run_name="__main__")
    assert started == [True]
