"""The offline fallback of the address look-up: a shop whose address the search cannot reach
(or find) is placed at the known customers of its 丁目, else town, else municipality."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner._geocode_nearby import approximate_text, is_approximate
from planner._geocode_one import find_address
from planner.errors import PlannerError
from planner.geocode import GeocoderConfig, geocode_customers
from planner.i18n import in_language

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_geocoder import EMPTY, FakeGeocoder  # noqa: E402

FAST = {"timeout": 0.5, "retries": 0, "backoff": 0.01}

#: The plan's customers: (address, lat, lon, geocode).
KNOWN = [
    ("東京都杉並区阿佐谷南1丁目2-3", 35.7010, 139.6350, "sheet"),
    ("東京都杉並区阿佐谷南１丁目８番１号", 35.7020, 139.6360, "sheet"),
    ("杉並区阿佐谷南一丁目30-1", 35.7030, 139.6370, "gsi:exact"),  # no prefecture written
    ("東京都杉並区阿佐谷南3丁目1-1", 35.6990, 139.6390, "manual"),
    ("東京都杉並区高円寺北2丁目5-5", 35.7060, 139.6500, "sheet"),
    ("東京都杉並区阿佐谷南1丁目40-1", 35.9000, 139.9000, "nearby:town"),  # approximate itself
    ("東京都杉並区阿佐谷南1丁目41-1", 35.9000, 139.9000, "gsi:city"),  # only the city's centre
    ("東京都府中市府中1丁目1-1", 35.6700, 139.4800, "sheet"),
]


def known() -> pd.DataFrame:
    return m.make_customers(pd.DataFrame({
        m.CUSTOMER_ID: [f"K{i}" for i in range(len(KNOWN))],
        m.NAME: [f"既存{i}" for i in range(len(KNOWN))],
        m.ADDRESS: [a for a, *_ in KNOWN],
        m.LAT: [la for _a, la, _lo, _g in KNOWN],
        m.LON: [lo for _a, _la, lo, _g in KNOWN],
        m.GEOCODE: [g for *_, g in KNOWN],
    }))


def new_shops(addresses: list[str]) -> pd.DataFrame:
    return m.make_customers(pd.DataFrame({
        m.CUSTOMER_ID: [f"N{i}" for i in range(len(addresses))],
        m.NAME: [f"新規{i}" for i in range(len(addresses))],
        m.ADDRESS: addresses,
    }))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def offline() -> GeocoderConfig:
    """An address search nobody answers (as on a machine without internet)."""
    url = f"http://127.0.0.1:{closed_port()}"
    return GeocoderConfig(gsi_url=f"{url}/search", nominatim_url=url, min_delay=0.0)


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def locate(addresses: list[str], offline: GeocoderConfig, tmp_path: Path,
           provider: str = "gsi"):
    return geocode_customers(new_shops(addresses), provider=provider, settings=offline,
                             cache_path=tmp_path / "cache.sqlite", known=known(), **FAST)


def test_a_shop_sits_at_the_customers_of_its_chome_however_the_address_is_written(
    offline: GeocoderConfig, tmp_path: Path
) -> None:
    """1丁目5-3, １丁目５－３ and 一丁目12番地4号 (a building after it) are all 阿佐谷南1丁目: the
    middle of the three trusted customers there, not of the approximate or city-level ones."""
    result = locate(["東京都杉並区阿佐谷南1丁目5-3", "東京都杉並区阿佐谷南１－５－９",
                     "杉並区阿佐谷南一丁目12番地4号 サンビル3F"], offline, tmp_path)
    c = result.customers
    assert result.unreachable
    assert list(c[m.GEOCODE]) == ["nearby:chome"] * 3
    assert np.allclose(c[m.LAT], 35.7020) and np.allclose(c[m.LON], 139.6360)
    assert result.stats["approximate"] == 3 and result.stats["found"] == 0
    assert [p["reason"] for p in result.problems] == [
        "Placed approximately at the customers of the same chōme; check the position on the "
        "map."] * 3


def test_a_chome_without_customers_falls_back_to_its_town_then_its_municipality(
    offline: GeocoderConfig, tmp_path: Path
) -> None:
    result = locate(["東京都杉並区阿佐谷南9丁目1-1", "東京都杉並区天沼3-1-1"], offline, tmp_path)
    c = result.customers
    assert list(c[m.GEOCODE]) == ["nearby:town", "nearby:city"]
    # 阿佐谷南: its 1丁目 three and its 3丁目 one; 杉並区: those and 高円寺北
    assert c[m.LAT].iloc[0] == pytest.approx(np.median([35.7010, 35.7020, 35.7030, 35.6990]))
    assert (c[m.LAT].iloc[1], c[m.LON].iloc[1]) == pytest.approx((35.7020, 139.6370))
    with in_language("ja"):
        assert approximate_text(c) == (
            "正確な位置がまだ分からないため、1件は同じ町のお客様の位置、1件は同じ市区町村の"
            "お客様の位置に仮置きしました。地図で位置を確認してください（ピンをドラッグすると"
            "直せます）。")


def test_nothing_known_nearby_stays_unlocated_with_a_plain_sentence(
    offline: GeocoderConfig, tmp_path: Path
) -> None:
    """Another prefecture's 府中市, or a city the plan has no customer in: no position, and
    the note says why in words a manager knows (no "geocoder")."""
    result = locate(["広島県府中市府中1丁目2-2", "北海道札幌市中央区北1条西2丁目1"], offline,
                    tmp_path)
    c = result.customers
    assert c[m.LAT].isna().all() and not any(is_approximate(g) for g in c[m.GEOCODE])
    assert result.stats["approximate"] == 0 and approximate_text(c) == ""
    with in_language("ja"):
        again = locate(["北海道札幌市中央区北1条西2丁目1"], offline, tmp_path)
    assert again.problems[0]["reason"].startswith("住所検索に接続できないため、位置を決められませんでした")


def test_without_an_address_search_the_shops_are_still_placed(tmp_path: Path) -> None:
    """``none`` (the update's default): no search at all, yet the plan's customers place the
    new shops; one placed nowhere gets no extra note."""
    result = geocode_customers(new_shops(["東京都杉並区阿佐谷南1丁目5-3", "沖縄県那覇市泉崎1-1-1"]),
                               provider="none", known=known())
    assert list(result.customers[m.GEOCODE]) == ["nearby:chome", ""]
    assert [p["value"] for p in result.problems] == ["東京都杉並区阿佐谷南1丁目5-3"]
    assert result.stats["requests"] == 0


def test_the_search_finds_what_it_can_and_the_rest_is_placed_nearby(tmp_path: Path) -> None:
    """Online: the search's answer wins; an address it does not find is placed nearby."""
    with FakeGeocoder() as server:
        config = GeocoderConfig(gsi_url=server.gsi_url, min_delay=0.0)
        server.script("東京都杉並区阿佐谷南1-7-7", EMPTY)
        result = geocode_customers(
            new_shops(["東京都杉並区阿佐谷南1丁目5-3", "東京都杉並区阿佐谷南1丁目7-7"]),
            provider="gsi", settings=config, cache_path=tmp_path / "c.sqlite", known=known(),
            **FAST)
    assert result.customers[m.GEOCODE].iloc[0].startswith("gsi:")
    assert result.customers[m.GEOCODE].iloc[1] == "nearby:chome"


def test_a_typed_address_offline_is_placed_nearby_or_refused_in_one_sentence(
    offline: GeocoderConfig,
) -> None:
    """Add customer… offline: at the customers of its 丁目 (marked approximate), and when
    none is near, the sentence that the search cannot be reached, as before."""
    found = find_address("東京都杉並区阿佐谷南1丁目5-3", provider="gsi", settings=offline,
                         known=known(), timeout=0.5, retries=0)
    assert found is not None and found.offline and found.geocode == "nearby:chome"
    assert (found.lat, found.lon) == pytest.approx((35.7020, 139.6360))
    assert "same chōme" in found.note
    with pytest.raises(PlannerError, match="cannot be reached"):
        find_address("北海道札幌市中央区北1条西2丁目1", provider="gsi", settings=offline,
                     known=known(), timeout=0.5, retries=0)


def test_with_no_search_the_progress_says_addresses_are_placed_not_searched(
    offline: GeocoderConfig, tmp_path: Path
) -> None:
    """「住所から位置を検索しています…」 showed with the online search switched off."""
    said: list[str] = []
    result = geocode_customers(
        new_shops(["東京都杉並区阿佐谷南1丁目5-3"]), provider="none", settings=offline,
        cache_path=tmp_path / "cache.sqlite", known=known(),
        progress=lambda _f, text="": said.append(text), **FAST)
    assert is_approximate(result.customers[m.GEOCODE].iat[0])  # placed at its 丁目 all the same
    assert said and not any("Locating addresses" in s for s in said), said
    assert "Placing addresses at the customers of the same 丁目 or town (no online search)…" in said
    assert said[-1] == "Addresses placed at the customers of their 丁目 or town."  # not "located"
    searched: list[str] = []
    geocode_customers(new_shops(["東京都杉並区阿佐谷南1丁目5-3"]), provider="gsi",
                      settings=offline, cache_path=tmp_path / "cache.sqlite", known=known(),
                      progress=lambda _f, text="": searched.append(text), **FAST)
    assert "Locating addresses…" in searched and searched[-1] == "Addresses located."
