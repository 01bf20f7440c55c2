"""The plan model: columns, validation, points, original columns."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.errors import PlannerError
from planner.synthetic import synthetic_customers, synthetic_plan


def test_make_customers_fills_every_column_and_builds_points() -> None:
    customers = m.make_customers(
        {"customer_id": ["A1", "A2"], "name": ["山田商店", "Foo"], "lat": [35.6, None], "lon": [139.7, None]},
        originals=pd.DataFrame({"顧客名": ["山田商店", "Foo"], "売上": [1200.0, float("nan")]}),
    )
    for column in m.CUSTOMER_COLUMNS:
        assert column in customers.columns
    assert customers.geometry.iloc[0].x == pytest.approx(139.7)
    assert customers.geometry.iloc[1] is None
    assert customers["src_0"].tolist() == ["山田商店", "Foo"]
    assert customers["src_1"].tolist() == ["1200", ""]
    assert customers[m.SOURCE_ROW].tolist() == [2, 3]
    assert m.located_mask(customers).tolist() == [True, False]


def test_validate_rejects_duplicate_ids_and_unknown_territories() -> None:
    customers = m.make_customers({"customer_id": ["A", "A"], "name": ["x", "y"]})
    with pytest.raises(PlannerError, match="more than once"):
        m.new_plan(customers)
    customers = m.make_customers({"customer_id": ["A"], "name": ["x"], "territory": ["T9"]})
    with pytest.raises(PlannerError, match="unknown territories"):
        m.new_plan(customers)


def test_settings_round_trip_and_validation() -> None:
    s = m.Settings(working_days=("mon", "wed"), day_hours=7.5)
    assert m.Settings.from_dict(s.to_dict()) == s
    with pytest.raises(PlannerError):
        m.Settings(working_days=("xyz",)).validate()
    assert s.service_minutes_for("A") == 45.0
    assert s.service_minutes_for("Z") == s.default_service_minutes


def test_original_frame_restores_headers_in_order() -> None:
    originals = pd.DataFrame([["1", "a"], ["2", "b"]], columns=["コード", "名前"])
    customers = m.make_customers({"customer_id": ["1", "2"], "name": ["a", "b"]}, originals=originals)
    plan = m.new_plan(customers, original_columns=("コード", "名前"))
    frame = plan.original_frame()
    assert list(frame.columns) == ["コード", "名前"]
    assert frame.iloc[1].tolist() == ["2", "b"]


def test_next_territory_id_skips_used_ids() -> None:
    plan = synthetic_plan(50, territories=3)
    assert plan.next_territory_id() == "T04"
    plan = plan.replace(territories=plan.territories[1:])
    assert plan.next_territory_id() == "T01"


def test_synthetic_customers_are_on_land_and_in_japan() -> None:
    import shapely

    from planner.synthetic import WATER

    c = synthetic_customers(2000, seed=3)
    lat = c[m.LAT].to_numpy()
    lon = c[m.LON].to_numpy()
    assert not shapely.contains_xy(WATER, lon, lat).any()
    assert ((lat > m.JAPAN_LAT[0]) & (lat < m.JAPAN_LAT[1])).all()
    assert c[m.CUSTOMER_ID].is_unique
    assert set(c[m.RANK]) == {"A", "B", "C"}
    assert not np.isnan(c[m.FREQUENCY]).any()


def test_territory_equality_compares_boundaries() -> None:
    import shapely

    a = m.Territory("T01", "x", boundary=shapely.box(0, 0, 1, 1))
    b = m.Territory("T01", "x", boundary=shapely.box(0, 0, 1, 1))
    c = m.Territory("T01", "x", boundary=shapely.box(0, 0, 1, 2))
    assert a == b and a != c
    assert m.Territory("T01", "x") != a


def test_text_conversion_of_cells() -> None:
    assert m._text(None) == ""
    assert m._text(float("nan")) == ""
    assert m._text(12.0) == "12"
    assert m._text(12.5) == "12.5"
    assert m._text("東京") == "東京"
    assert math.isnan(float("nan"))


def test_sixty_territories_get_sixty_colours() -> None:
    """60 reps: the palette's 30 colours then colours of their own; T12 and T42, neighbours
    on a tester's map, had the same one."""
    colours = [m.palette_color(i) for i in range(120)]
    assert len(set(colours)) == 120 and colours[:30] == list(m.PALETTE)
    assert all(len(c) == 7 and c.startswith("#") for c in colours)
