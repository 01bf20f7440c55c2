"""Where the placing pin starts and how close the map zooms (planner/maps/pin.py), and a pin
confirmed where it stood (planner/maps/actions.unmoved). No Qt."""

import json
import math

import pytest

from planner import model as m
from planner.edits import EditCustomer, apply_edit
from planner.maps import protocol
from planner.maps.actions import HOME_PIN, unmoved
from planner.maps.pin import CITY_ZOOM, STREET_ZOOM, customer_pin_start, home_pin_start
from planner.synthetic import synthetic_plan

#: 練馬1丁目's customers, around (35.7374, 139.6584); one of 練馬3丁目 a kilometre off.
NERIMA = [
    ("東京都練馬区練馬1丁目5-13", 35.7370, 139.6580),
    ("東京都練馬区練馬1丁目12-18", 35.7374, 139.6584),
    ("東京都練馬区練馬1丁目20-14", 35.7378, 139.6590),
    ("東京都練馬区練馬3丁目1-1", 35.7450, 139.6500),
]


def plan_with_nerima() -> m.Plan:
    plan = synthetic_plan(12, territories=2, seed=3)
    c = plan.customers.copy()
    for i, (address, lat, lon) in enumerate(NERIMA):
        c.loc[c.index[i], [m.ADDRESS, m.LAT, m.LON]] = [address, lat, lon]
    c.loc[c.index[10], m.ADDRESS] = "東京都豊島区池袋2丁目1-1"  # (synthetic: 練馬2丁目)
    return plan.replace(customers=m.set_points(c))


def customer(plan, i):
    return str(plan.customers[m.CUSTOMER_ID].iloc[i])


def test_a_customer_at_a_trusted_position_starts_there_at_street_level():
    plan = plan_with_nerima()
    start = customer_pin_start(plan, customer(plan, 3))  # a "sheet" position of 練馬3丁目
    assert (start.at, start.zoom, start.source) == ((35.7450, 139.6500), STREET_ZOOM, "own")


def test_an_address_corrected_offline_starts_at_its_new_chomes_customers():
    """The tester's case: a shop of 千代田区 given a 練馬1丁目 address, not looked up, keeps its
    old position (geocode previous_address); the pin starts amid 練馬1丁目's customers."""
    plan = plan_with_nerima()
    cid = customer(plan, 8)
    old = tuple(plan.customers.set_index(m.CUSTOMER_ID).loc[cid, [m.LAT, m.LON]])
    plan = apply_edit(plan, EditCustomer.of(cid, address="東京都練馬区練馬1丁目8-8"))[0]
    row = plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    assert row[m.GEOCODE] == "previous_address" and (row[m.LAT], row[m.LON]) == old
    start = customer_pin_start(plan, cid)
    assert start.source == "chome" and start.zoom == STREET_ZOOM
    assert start.at == (35.7374, 139.6584)  # the median of the three of 練馬1丁目


def test_a_town_when_its_chome_has_no_customer_else_its_own_position():
    plan = plan_with_nerima()
    cid = customer(plan, 8)
    town = apply_edit(plan, EditCustomer.of(cid, address="東京都練馬区練馬4丁目1-1"))[0]
    start = customer_pin_start(town, cid)
    assert start.source == "town" and start.zoom == STREET_ZOOM
    # the median of 練馬1丁目's three and 3丁目's one
    assert start.at == pytest.approx((35.7376, 139.6582), abs=1e-9)
    elsewhere = apply_edit(plan, EditCustomer.of(cid, address="北海道札幌市中央区北1条西2丁目"))[0]
    start = customer_pin_start(elsewhere, cid)
    row = plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    assert (start.at, start.source) == ((row[m.LAT], row[m.LON]), "position")


def test_an_unplaced_customer_starts_at_its_chome_or_its_city_or_nowhere():
    plan = plan_with_nerima()
    c = plan.customers.copy()
    c.loc[c.index[9], [m.ADDRESS, m.LAT, m.LON, m.GEOCODE]] = [
        "東京都練馬区練馬1丁目30-1", math.nan, math.nan, ""]
    c.loc[c.index[10], [m.ADDRESS, m.LAT, m.LON, m.GEOCODE]] = [
        "東京都練馬区豊玉北5丁目1-1", math.nan, math.nan, ""]
    c.loc[c.index[11], [m.ADDRESS, m.LAT, m.LON, m.GEOCODE]] = ["", math.nan, math.nan, ""]
    plan = plan.replace(customers=m.set_points(c))
    assert customer_pin_start(plan, customer(plan, 9)).source == "chome"
    city = customer_pin_start(plan, customer(plan, 10))  # no customer of 豊玉北: 練馬区's
    assert (city.source, city.zoom) == ("city", CITY_ZOOM)
    assert customer_pin_start(plan, customer(plan, 11)) is None  # the map's centre
    assert customer_pin_start(plan, "no such") is None


def test_a_home_base_pin_starts_at_the_home_at_street_level():
    plan = synthetic_plan(12, territories=2, seed=3)
    t = plan.territories[0]
    assert home_pin_start(plan, t.id).at == (t.home_lat, t.home_lon)
    assert home_pin_start(plan, t.id).zoom == STREET_ZOOM
    no_home = plan.replace(territories=(t.replace(home_lat=None, home_lon=None),
                                        *plan.territories[1:]))
    assert home_pin_start(no_home, t.id) is None


def test_a_pin_confirmed_where_it_stood_changes_nothing_only_on_a_trusted_position():
    plan = plan_with_nerima()
    cid = customer(plan, 3)
    assert unmoved(plan, protocol.Move(cid, 35.7450, 139.6500))
    assert not unmoved(plan, protocol.Move(cid, 35.7451, 139.6500))
    moved = apply_edit(plan, EditCustomer.of(cid, address="東京都練馬区練馬1丁目8-8"))[0]
    assert not unmoved(moved, protocol.Move(cid, 35.7450, 139.6500))  # confirms the old place
    t = plan.territories[0]
    assert unmoved(plan, protocol.Move(HOME_PIN + t.id, t.home_lat, t.home_lon))
    assert not unmoved(plan, protocol.Move(HOME_PIN + t.id, t.home_lat, t.home_lon + 0.01))


def test_placing_messages():
    sent = json.loads(protocol.place("c1", "A", (35.5, 139.5), 16))
    assert sent == {"type": "place", "id": "c1", "label": "A", "at": [35.5, 139.5], "zoom": 16}
    assert json.loads(protocol.unplace()) == {"type": "unplace"}
    assert protocol.parse('{"type": "unplaced", "id": "c1"}') == protocol.Unplaced("c1")
    with pytest.raises(protocol.ProtocolError):
        protocol.parse('{"type": "unplaced", "id": 3}')
