"""Fixtures for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The program's data folder (autosaves) and its geocode cache live under the session's
    tmp folder: no test reads or fills the user's real cache, even through a command run in
    a subprocess (it inherits the environment). A test may still point them elsewhere."""
    data = tmp_path_factory.mktemp("user-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_DATA_DIR", str(data))
        patch.setenv("PLANNER_GEOCODE_CACHE", str(data / "geocode_cache.sqlite"))
        yield


@pytest.fixture(autouse=True, scope="module")
def language_of_the_machine() -> Iterator[None]:
    """Each test module starts in the machine's language, whatever the module before chose
    (a module-scoped fixture built a calendar in the Japanese a previous module left set,
    and its English reasons failed only when the modules ran in that order)."""
    from planner.i18n import set_language

    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def japanese() -> Iterator[None]:
    """Texts compared in Japanese."""
    from planner.i18n import set_language

    set_language("ja")
    yield
    set_language(None)
