"""The geocode cache keeps each endpoint's answers apart, and the tests never use the real one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import platformdirs
import pytest

from planner import geocode
from planner import model as m
from planner._geocode_cache import CachedAnswer, GeocodeCache, default_cache_path
from planner._geocode_types import GSI_URL, NOMINATIM_URL, GeocoderConfig, LookupFailure
from planner.geocode import geocode_customers
from tests.core.fake_geocoder import FakeGeocoder, position

ADDRESS = "東京都港区芝公園4-2-8"
FAST = {"timeout": 2.0, "retries": 0, "backoff": 0.0}


def _one(address: str) -> pd.DataFrame:
    return m.make_customers(pd.DataFrame([{m.NAME: "A", m.ADDRESS: address}]))


class _Offline:
    """The public address search as seen from a machine without internet: every lookup fails."""

    name = "gsi"

    def __init__(self) -> None:
        self.requests = 0
        self.asked: list[str] = []

    def lookup(self, query: str, *, timeout: float) -> None:
        self.requests += 1
        self.asked.append(query)
        raise LookupFailure("unreachable", "no network")


def test_an_answer_from_a_test_server_is_not_served_for_the_public_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file = tmp_path / "geocode.sqlite"
    with FakeGeocoder() as server:
        test_server = GeocoderConfig(gsi_url=server.gsi_url, min_delay=0.0)
        found = geocode_customers(_one(ADDRESS), provider="gsi", settings=test_server,
                                  cache_path=cache_file, **FAST)
        assert found.customers[m.LAT].iloc[0] == position(ADDRESS)[0]
    offline = _Offline()
    monkeypatch.setattr(geocode, "make_provider", lambda name, config: offline)
    public = geocode_customers(_one(ADDRESS), provider="gsi", settings=GeocoderConfig(),
                               cache_path=cache_file, **FAST)
    assert offline.asked == [ADDRESS]  # asked the public search, not answered from the cache
    assert public.stats["cached"] == 0 and public.unreachable
    assert np.isnan(public.customers[m.LAT].iloc[0])
    with GeocodeCache(cache_file) as cache:
        assert cache.get("gsi", ADDRESS) is None
        assert cache.get(test_server.cache_name("gsi"), ADDRESS) is not None


def test_answers_cached_for_the_public_endpoint_still_count(tmp_path: Path) -> None:
    """Entries stored before endpoints were told apart (under "gsi") are still served."""
    cache_file = tmp_path / "geocode.sqlite"
    with GeocodeCache(cache_file) as cache:
        cache.put("gsi", ADDRESS, CachedAnswer(True, 35.6586, 139.7454, "exact", ADDRESS))
    for url in (GSI_URL, GSI_URL + "/", GSI_URL.replace("https://msearch", "HTTPS://MSEARCH")):
        config = GeocoderConfig(gsi_url=url, min_delay=0.0)
        result = geocode_customers(_one(ADDRESS), provider="gsi", settings=config,
                                   cache_path=cache_file, **FAST)
        assert result.stats["cached"] == 1 and result.stats["requests"] == 0
        assert result.customers[m.LAT].iloc[0] == 35.6586
    assert GeocoderConfig(nominatim_url=NOMINATIM_URL).cache_name("nominatim") == "nominatim"
    assert GeocoderConfig(nominatim_url="nominatim.openstreetmap.org").cache_name(
        "nominatim") == "nominatim"


def test_a_public_answer_is_not_served_for_a_test_server(tmp_path: Path) -> None:
    cache_file = tmp_path / "geocode.sqlite"
    with GeocodeCache(cache_file) as cache:
        cache.put("gsi", ADDRESS, CachedAnswer(True, 1.0, 2.0, "exact", ADDRESS))
    with FakeGeocoder() as server:
        config = GeocoderConfig(gsi_url=server.gsi_url, min_delay=0.0)
        result = geocode_customers(_one(ADDRESS), provider="gsi", settings=config,
                                   cache_path=cache_file, **FAST)
        assert server.requests == 1
    assert result.stats["cached"] == 0
    assert np.isclose(result.customers[m.LAT].iloc[0], position(ADDRESS)[0])


def test_the_test_session_cache_and_data_folder_are_under_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path_factory.getbasetemp().resolve()
    real = Path(platformdirs.user_data_dir("TerritoryPlanner")).resolve()
    path = default_cache_path().resolve()
    assert path.is_relative_to(base) and not path.is_relative_to(real)
    from planner._store_recovery import data_dir

    assert data_dir().resolve().is_relative_to(base)
    # the data folder alone (no cache override) also keeps the cache out of the real folder
    monkeypatch.delenv("PLANNER_GEOCODE_CACHE")
    assert default_cache_path() == data_dir() / "geocode_cache.sqlite"
