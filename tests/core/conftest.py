"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.i18n import set_language


@pytest.fixture
def english() -> Iterator[None]:
    """Reasons and messages are compared in English whatever the machine's locale."""
    set_language("en")
    yield
    set_language(None)

