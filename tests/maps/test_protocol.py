"""The map page protocol and data documents, without Qt."""

import json

import numpy as np
import pandas as pd
import pytest
import shapely

from planner import model as m
from planner.maps import data, protocol
from planner.maps.actions import clean_polygon, edit_for, moved_note


def small_plan() -> m.Plan:
    customers = m.make_customers(
        {
            m.CUSTOMER_ID: ["c1", "c2", "c3"],
            m.NAME: ["<b>A</b>", "B", "C"],
            m.LAT: [35.65, 35.66, None],
            m.LON: [139.65, 139.75, None],
            m.TERRITORY: ["T01", "", "T02"],
            m.LOCKED: [False, True, False],
            m.SALES: [100.0, 0.0, 50.0],
        }
    )
    square = shapely.box(139.6, 35.6, 139.7, 35.7)
    territories = [
        m.Territory(
            "T01",
            "東",
            rep="山田",
            color=m.PALETTE[0],
            boundary=square,
            home_lat=35.65,
            home_lon=139.62,
        ),
        m.Territory("T02", "西", color=m.PALETTE[1]),
    ]
    return m.new_plan(customers, territories=territories)


def test_parse_select_reshape_move_draw():
    msg = protocol.parse('{"type":"select","ids":["c1","c2"],"mode":"add"}')
    assert msg == protocol.Select(("c1", "c2"), "add")
    ring = [[139.6, 35.6], [139.7, 35.6], [139.7, 35.7], [139.6, 35.6]]
    msg = protocol.parse(
        json.dumps(
            {
                "type": "reshape",
                "territory": "T01",
                "polygon": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    )
    assert isinstance(msg, protocol.Reshape) and msg.territory == "T01"
    assert msg.polygon.geom_type == "Polygon"
    assert protocol.parse('{"type":"move","id":"c1","lat":35.1,"lon":139.2}') == protocol.Move(
        "c1", 35.1, 139.2
    )
    assert isinstance(
        protocol.parse(
            json.dumps({"type": "draw", "polygon": {"type": "Polygon", "coordinates": [ring]}})
        ),
        protocol.Draw,
    )
    assert protocol.parse('{"type":"ready"}') == protocol.Ready()
    assert protocol.parse('{"type":"drawn","version":3,"count":5}') == protocol.Drawn(3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1]",
        '{"type":"nope"}',
        '{"type":"select","ids":[1]}',
        '{"type":"select","ids":[],"mode":"xor"}',
        '{"type":"move","id":"c1","lat":"35","lon":139}',
        '{"type":"move","id":"c1","lat":135,"lon":139}',
        '{"type":"reshape","territory":"T01","polygon":{"type":"Point","coordinates":[1,2]}}',
        '{"type":"reshape","territory":"T01","polygon":{"type":"Polygon","coordinates":"x"}}',
    ],
)
def test_parse_rejects_malformed(text):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse(text)


def test_encode_is_json_with_type():
    text = protocol.selection([3, 1])
    assert json.loads(text) == {"type": "selection", "idx": [3, 1]}
    assert json.loads(protocol.route([[35.0, 139.0, "1 山田商店"]]))["stops"][0][2] == "1 山田商店"


def test_points_payload_columns():
    plan = small_plan()
    d = json.loads(data.data_document(plan))
    p = d["points"]
    assert p["n"] == 3 and p["ids"] == ["c1", "c2", "c3"]
    assert p["names"][0] == "<b>A</b>"  # text stays text: the page uses textContent
    assert p["terr"] == [0, -1, 1]
    assert p["flags"] == [0, data.FLAG_LOCKED, data.FLAG_UNLOCATED]
    assert p["lat6"] == [35_650_000, 35_660_000, 0] and p["lon6"][0] == 139_650_000
    assert p["freq100"] == [-1, -1, -1] and p["weight1000"][0] == 1000
    t = d["territories"]
    assert [x["id"] for x in t] == ["T01", "T02"]
    assert t[0]["geometry"]["type"] == "Polygon" and t[0]["home"] == [35.65, 139.62]
    assert t[1]["geometry"] is None and t[1]["label"] is None


def test_a_territory_in_parts_is_named_on_the_part_holding_its_customers():
    """After a design a territory may keep an island of two shops: its name goes where
    most of its customers are, not on whichever part comes first (or is largest)."""
    island = shapely.box(139.60, 35.60, 139.61, 35.61)
    wide_and_empty = shapely.box(139.80, 35.80, 140.20, 36.20)
    town = shapely.box(139.70, 35.70, 139.75, 35.75)
    ids = [f"c{i}" for i in range(12)]
    lat = [35.605, 35.606] + [35.72] * 10
    lon = [139.605, 139.606] + [139.72 + 0.001 * i for i in range(10)]
    customers = m.make_customers({m.CUSTOMER_ID: ids, m.NAME: ids, m.LAT: lat, m.LON: lon,
                                  m.TERRITORY: ["T01"] * 12})
    boundary = shapely.MultiPolygon([island, wide_and_empty, town])
    plan = m.new_plan(customers, territories=[
        m.Territory("T01", "東", color=m.PALETTE[0], boundary=boundary)])
    lat6, lon6 = data.territories_payload(plan)[0]["label"]
    assert town.contains(shapely.Point(lon6, lat6))
    # without customers: the largest part
    assert wide_and_empty.contains(data.label_point(boundary))


def test_recolor_payload_partial_and_full():
    plan = small_plan()
    assert data.recolor_payload(plan, [2, 0]) == {"idx": [2, 0], "terr": [1, 0], "flags": [2, 0]}
    full = data.recolor_payload(plan, None)
    assert full["terr"] == [0, -1, 1] and "idx" not in full


def test_recolor_payload_reads_only_the_moved_customers(monkeypatch):
    """Recolouring after an assignment works out the flags of the customers it moved, not of
    everyone (their geocode texts were read on every assignment: 0.1–0.3 s at 100,000)."""
    from planner import _geocode_nearby
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(400, territories=3, seed=2)
    read = []
    real = _geocode_nearby.approximate_mask
    monkeypatch.setattr(data, "approximate_mask",
                        lambda c: (read.append(len(c)), real(c))[1])
    full = data.recolor_payload(plan, None)
    part = data.recolor_payload(plan, [399, 5, 17])
    assert read == [400, 3]
    assert part == {"idx": [399, 5, 17], "terr": [full["terr"][i] for i in (399, 5, 17)],
                    "flags": [full["flags"][i] for i in (399, 5, 17)]}


def test_customers_patch_is_made_from_the_changed_customers_only(monkeypatch):
    """A lock or a frequency of some customers patches the map with their fields, made from
    their rows only, the same values the whole layer gives them (tooltip fields included)."""
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(300, territories=3, seed=5)
    c = plan.customers.copy()
    c.loc[c.index[7], m.VISIT_TIME] = "10:00-12:00"
    plan = plan.replace(customers=c)
    full = data.points_payload(plan)
    texts = []
    real = data._text_list
    monkeypatch.setattr(data, "_text_list", lambda v: (texts.append(len(v)), real(v))[1])
    picked = [250, 7, 3]
    patch = data.customers_patch(plan, picked)
    assert texts and set(texts) == {3}
    assert patch["idx"] == picked
    for key, values in patch.items():
        if key == "freq_words":  # the words of the patch's frequencies, as the whole gives them
            codes = {str(patch["freq100"][k]) for k in range(len(picked))} - {"-1"}
            assert values == {code: full[key][code] for code in codes}
        elif key != "idx":
            wanted = full[key] if key in full else [""] * 300
            assert values == [wanted[i] for i in picked], key


def test_customers_patch_carries_every_drawn_field():
    patch = data.customers_patch(small_plan(), [2])
    assert patch["idx"] == [2] and patch["names"] == ["C"]
    assert patch["flags"] == [data.FLAG_UNLOCATED] and patch["lat6"] == [0]
    assert len(data.customers_patch(small_plan(), None)["idx"]) == 3


def test_visiting_hours_travel_as_shown_text_and_patches_carry_them():
    """The tooltip's 訪問時間帯: sent as shown ("10:00–12:00") only when any customer has
    hours; a patch always carries them, so hours just set or cleared reach the page."""
    plan = small_plan()
    assert "hours" not in data.points_payload(plan)
    assert data.customers_patch(plan, [1])["hours"] == [""]
    c = plan.customers.copy()
    c[m.VISIT_TIME] = ["10:00-12:00", "", "14:00-"]
    c[m.VISIT_WEEK] = ["", "3", ""]
    plan = plan.replace(customers=c)
    p = json.loads(data.data_document(plan))["points"]
    assert p["hours"] == ["10:00–12:00", "", "from 14:00"]
    patch = data.customers_patch(plan, [2, 1])
    assert patch["hours"] == ["from 14:00", ""] and patch["week"] == ["", "3"]
    assert patch["closed"] == ["", ""] and patch["visit"] == ["", ""]


def test_bounds():
    plan = small_plan()
    assert data.plan_bounds(plan) == [[35.65, 139.62], [35.66, 139.75]]
    assert data.territory_bounds(plan, "T01") == [[35.6, 139.6], [35.7, 139.7]]
    # some customers (no home bases): those with a map position only
    assert data.customer_bounds(plan, ["c1", "c2", "c3"]) == [[35.65, 139.65], [35.66, 139.75]]
    assert data.customer_bounds(plan, ["c3"]) is None


def test_clean_polygon_repairs_bow_tie():
    bow = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    fixed = clean_polygon(bow)
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon"
    assert np.isclose(fixed.area, 0.5)


def test_move_message_becomes_move_edit():
    from planner import edits

    edit = edit_for(small_plan(), protocol.Move("c3", 35.7, 139.7))
    assert edit == edits.MoveCustomer("c3", 35.7, 139.7)


def test_view_messages_for_the_page():
    assert json.loads(protocol.base("osm")) == {"type": "base", "name": "osm"}
    with pytest.raises(ValueError):
        protocol.base("satellite")
    assert json.loads(protocol.style("rank")) == {"type": "style", "sizeBy": "rank"}
    assert json.loads(protocol.style(color_by="rank")) == {"type": "style", "colorBy": "rank"}
    words = {"short_lasso": "投げ縄"}
    assert json.loads(protocol.strings(words)) == {"type": "strings", "strings": words}
    assert json.loads(protocol.place("c1", "A", (35.5, 139.5)))["at"] == [35.5, 139.5]
    assert json.loads(protocol.place("c1", "A"))["at"] is None


def test_a_right_click_message():
    assert protocol.parse('{"type": "menu", "x": 10, "y": 20.5, "id": "c1"}') == protocol.Menu(
        10.0, 20.5, "c1"
    )
    assert protocol.parse('{"type": "menu", "x": 1, "y": 2, "id": null}').id == ""
    with pytest.raises(protocol.ProtocolError):
        protocol.parse('{"type": "menu", "x": "left", "y": 2}')


def test_visit_day_groups_colour_each_customer_by_its_calendar_weekday():
    plan = small_plan()
    assert data.visit_day_groups(plan).tolist() == [-1, -1, -1]  # no calendar yet
    calendar = pd.DataFrame(
        {
            "customer_id": ["c1", "c1", "c2", "c2", "c3", "c3"],
            "week": [1, 2, 1, 1, 1, 3],
            "day": ["tue", "tue", "mon", "thu", "fri", "thu"],  # week 1 begins on 12/14
            "date": ["2026-12-15", "2026-12-22", "2026-12-14", "2026-12-17", "2026-12-18",
                     "2026-12-31"],
            # c3's week-3 visit was moved off Tuesday 2026-12-29 (a company holiday) onto a
            # Thursday: it counts on the Tuesday it was planned on, beside its Friday
            "moved_from": ["", "", "", "", "", "2026-12-29"],
        }
    )
    groups = data.visit_day_groups(plan.replace(schedule=calendar))
    tue, mon = m.WEEKDAYS.index("tue"), m.WEEKDAYS.index("mon")
    assert groups.tolist() == [tue, data.SEVERAL_DAYS, data.SEVERAL_DAYS]
    same_day = calendar.assign(moved_from=["", "", "", "", "", "2026-12-25"])  # a Friday
    assert data.visit_day_groups(plan.replace(schedule=same_day)).tolist()[2] == (
        m.WEEKDAYS.index("fri")
    )
    assert data.visit_day_groups(plan.replace(schedule=calendar.iloc[2:3])).tolist() == [
        -1, mon, -1
    ]
    assert json.loads(protocol.visit_days([1, -1], 7)) == {
        "type": "days", "days": [1, -1], "version": 7
    }
    assert json.loads(protocol.style(color_by="weekday")) == {
        "type": "style", "colorBy": "weekday"
    }


def test_what_a_boundary_edit_did_says_from_where_to_where_in_japanese():
    """The status bar said 「顧客の移動先: 東 1件。」: where they went, not where from (the
    manager did not pick them; the line did)."""
    from planner.i18n import set_language

    plan = small_plan()
    after = plan.replace(customers=plan.customers.assign(**{m.TERRITORY: ["T01", "T01", "T02"]}))
    set_language("ja")
    try:
        assert moved_note(plan, after) == "1件の顧客が未割当から東に移りました。"
    finally:
        set_language(None)
    set_language("en")
    try:
        assert moved_note(plan, after) == "1 customer moved from Unassigned to 東."
    finally:
        set_language(None)


def test_an_approximate_position_is_flagged_for_the_map():
    """A customer placed at its 丁目's customers (offline) is drawn with a dashed ring and
    its tooltip says to check it: the page needs the flag."""
    plan = small_plan()
    c = plan.customers.copy()
    c[m.GEOCODE] = ["nearby:chome", "sheet", "nearby:town"]  # the third has no position
    p = json.loads(data.data_document(plan.replace(customers=c)))["points"]
    assert p["flags"] == [data.FLAG_APPROXIMATE, data.FLAG_LOCKED, data.FLAG_UNLOCATED]


def test_a_territory_named_after_its_rep_is_named_once_in_the_windows_map():
    """A list's 担当 column names each territory after its rep: the window's legend read
    「佐藤 健一 佐藤 健一 18」 and the tooltips 「佐藤 健一（佐藤 健一）」 (the page shows a
    territory's rep beside its name when it has one)."""
    customers = m.make_customers({m.CUSTOMER_ID: ["c1", "c2"], m.NAME: ["A", "B"],
                                  m.LAT: [35.6, 35.7], m.LON: [139.6, 139.7],
                                  m.TERRITORY: ["T01", "T02"]})
    plan = m.new_plan(customers, territories=[
        m.Territory("T01", "佐藤 健一", rep="佐藤 健一", color=m.PALETTE[0]),
        m.Territory("T02", "東京エリア", rep="鈴木 一郎", color=m.PALETTE[1])])
    payload = data.territories_payload(plan)
    assert [(t["name"], t["rep"]) for t in payload] == [("佐藤 健一", ""),
                                                        ("東京エリア", "鈴木 一郎")]


def test_a_territorys_name_goes_where_it_has_most_room_not_on_a_narrow_neck():
    """Two wards joined by a narrow strip: GEOS's representative point lay on the strip (the
    box's middle line), where the page had to shrink the name. The name's point is now the
    one farthest from the edges, inside one of the wide halves."""
    west = shapely.box(139.60, 35.60, 139.70, 35.70)
    east = shapely.box(139.74, 35.60, 139.84, 35.70)
    neck = shapely.box(139.70, 35.648, 139.74, 35.652)
    dumbbell = shapely.union_all([west, east, neck])
    assert neck.contains(dumbbell.representative_point())  # what it was
    point = data.label_point(dumbbell)
    assert west.contains(point) or east.contains(point)
    assert dumbbell.exterior.distance(point) > 0.03  # well inside a half (0.05 at most)
