"""A plan goes to a design's process in pieces (planner._process_pieces): its customer table
in short chunks, each a short hold of the GIL in the window, and comes back equal."""

from __future__ import annotations

import functools
import pickle
from typing import Any

import geopandas as gpd

from planner._process_pieces import PieceReader, send_pieces
from planner.design import design_territories
from planner.synthetic import synthetic_plan


class _Pipe:
    """Records what is sent, each message pickled on its own as a pipe's ``send`` does."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.messages: list[Any] = []

    def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.sizes.append(len(data))
        self.messages.append(pickle.loads(data))


def test_a_large_plan_goes_in_short_pieces_and_comes_back_equal() -> None:
    plan = synthetic_plan(20_000, territories=6, seed=2)
    work = functools.partial(design_territories, plan, count=7)
    pipe = _Pipe()
    send_pieces(pipe, "work", work)  # type: ignore[arg-type]
    whole = len(pickle.dumps(work, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(pipe.messages) >= 4 and max(pipe.sizes) < whole / 3  # no piece near the whole
    reader = PieceReader()
    read = [reader.read(message) for message in pipe.messages]
    assert read[:-1] == [None] * (len(read) - 1)  # chunks until the work itself
    kind, back = read[-1]
    assert kind == "work" and back.func is design_territories and back.keywords == {"count": 7}
    sent = back.args[0]
    assert isinstance(sent.customers, gpd.GeoDataFrame) and sent.customers.crs == plan.customers.crs
    assert sent.customers.equals(plan.customers)
    assert sent.customers.dtypes.equals(plan.customers.dtypes)
    assert sent.territories == plan.territories and sent.settings == plan.settings


def test_ordinary_messages_pass_as_they_are() -> None:
    reader = PieceReader()
    for message in (("progress", 0.5, "pieces"), ("failed", "No.", True), ("sending",)):
        assert reader.read(message) == message
    pipe = _Pipe()
    send_pieces(pipe, "done", {"small": 1})  # type: ignore[arg-type]
    assert [reader.read(m) for m in pipe.messages] == [("done", {"small": 1})]
