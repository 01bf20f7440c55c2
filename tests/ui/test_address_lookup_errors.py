"""An address look-up that stops on a bug says one sentence, not a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner import model as m
from planner.ui.address_lookup import look_up


def test_a_bug_in_the_lookup_is_one_sentence_not_a_traceback(qtbot, monkeypatch, capsys):
    import planner.geocode

    def broken(*_args, **_kwargs):
        raise KeyError("lat")  # a provider's answer the code did not expect

    monkeypatch.setattr(planner.geocode, "locate_address", broken)
    parent = QWidget()
    qtbot.addWidget(parent)
    said: list[str] = []
    task = look_up(parent, "東京都新宿区西新宿2-8-1", settings=m.Settings(), provider="gsi",
                   done=lambda _point: said.append("done"), failed=said.append)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert task.done
    assert said == ["The address search stopped on an unexpected error; nothing was changed."]
    assert "KeyError" in capsys.readouterr().err  # the details stay for a bug report
