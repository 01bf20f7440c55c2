"""Geocoding: address keys, match grading, the cache, providers against a local fake server."""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner.errors import Cancelled, PlannerError
from planner.geocode import (
    GeocodeCache,
    GeocoderConfig,
    available_providers,
    geocode_customers,
    is_online,
    match_quality,
    normalize_address,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_geocoder import (  # noqa: E402
    EMPTY,
    MALFORMED,
    SERVER_ERROR,
    FakeGeocoder,
    Reply,
    gsi_body,
    nominatim_body,
    position,
    too_many,
)

FAST = {"timeout": 0.5, "retries": 2, "backoff": 0.01}


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reach the fake server directly even where a proxy is configured."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with FakeGeocoder() as fake:
        yield fake


@pytest.fixture
def config(server: FakeGeocoder) -> GeocoderConfig:
    return GeocoderConfig(gsi_url=server.gsi_url, nominatim_url=server.nominatim_url, min_delay=0.0)


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "geocode.sqlite"


def customers(addresses: list[str], *, located: dict[int, tuple[float, float]] | None = None):
    n = len(addresses)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    for i, (la, lo) in (located or {}).items():
        lat[i], lon[i] = la, lo
    return m.make_customers(
        {
            m.CUSTOMER_ID: [f"C{i:03d}" for i in range(n)],
            m.NAME: [f"顧客{i}" for i in range(n)],
            m.ADDRESS: addresses,
            m.LAT: lat,
            m.LON: lon,
            m.SOURCE_ROW: list(range(5, 5 + n)),
        }
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- normalisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "東京都千代田区丸の内1-9-1",
        "東京都千代田区丸の内１丁目９番１号",
        "東京都千代田区丸の内一丁目9番1号",
        "東京都千代田区丸の内1丁目9-1",
        "東京都千代田区丸の内１－９－１",
        "東京都千代田区丸の内1‐9‐1",
        "東京都千代田区丸の内1ー9ー1",
        "東京都千代田区丸の内1−9−1",
        "東京都 千代田区 丸の内 1-9-1",
        "〒100-0005 東京都千代田区丸の内1-9-1",
        "東京都千代田区丸の内1-9-1 グラントウキョウノースタワー 5F",
        "東京都千代田区丸の内1-9-1グラントウキョウノースタワー5階",
    ],
)
def test_variants_of_one_address_share_one_key(variant: str) -> None:
    assert normalize_address(variant) == "東京都千代田区丸の内1-9-1"


def test_normalisation_keeps_place_names_and_distinct_addresses_apart() -> None:
    assert normalize_address("東京都千代田区一番町5番地の3") == "東京都千代田区一番町5-3"
    assert normalize_address("東京都足立区千住二十三丁目") == "東京都足立区千住23"
    assert normalize_address("港区六本木6丁目 森タワー40F") == "港区六本木6"
    assert (
        normalize_address("北海道札幌市中央区北1条西2丁目1番地1")
        == "北海道札幌市中央区北1条西2-1-1"
    )
    assert normalize_address("中央区銀座4-6-16 101号室") == "中央区銀座4-6-16"
    assert normalize_address("丸の内1-9-1") != normalize_address("丸の内1-9-2")
    assert normalize_address("センター北1-2") == "センター北1-2"  # the katakana ー stays
    assert normalize_address("   ") == ""


def test_match_quality_grades_how_much_of_the_address_matched() -> None:
    q = normalize_address("東京都千代田区丸の内1-9-1")
    assert match_quality(q, normalize_address("東京都千代田区丸の内一丁目9番1号")) == "exact"
    assert match_quality(q, normalize_address("東京都千代田区丸の内一丁目")) == "chome"
    assert match_quality(q, normalize_address("東京都千代田区丸の内")) == "town"
    assert match_quality(q, normalize_address("東京都千代田区")) == "city"
    assert match_quality(q, normalize_address("東京都千代田区大手町一丁目")) == "city"
    assert match_quality(q, normalize_address("大阪府大阪市北区梅田一丁目")) is None
    assert (
        match_quality(
            normalize_address("東京都千代田区霞ヶ関1-1-1"),
            normalize_address("東京都千代田区霞が関一丁目"),
        )
        == "chome"
    )
    assert (
        match_quality(
            normalize_address("埼玉県熊谷市石原1234"), normalize_address("埼玉県熊谷市大字石原")
        )
        == "town"
    )
    # a list without the prefecture still matches GSI's full title
    assert (
        match_quality(
            normalize_address("千代田区丸の内1-9-1"),
            normalize_address("東京都千代田区丸の内一丁目"),
        )
        == "chome"
    )


# --- cache ---------------------------------------------------------------------------


def test_cache_survives_reopening_and_keeps_not_found(cache_file: Path) -> None:
    from planner._geocode_cache import CachedAnswer

    with GeocodeCache(cache_file) as cache:
        cache.put("gsi", "東京都A1", CachedAnswer(True, 35.1, 139.2, "exact", "A"))
        cache.put("gsi", "東京都B2", CachedAnswer(False))
    with GeocodeCache(cache_file) as cache:
        got = cache.get_many("gsi", ["東京都A1", "東京都B2", "東京都C3"])
        assert got["東京都A1"].lat == 35.1 and got["東京都A1"].quality == "exact"
        assert got["東京都B2"].found is False
        assert "東京都C3" not in got
        assert cache.get("nominatim", "東京都A1") is None  # keyed by provider too
        mode = cache._conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_cache_works_from_a_worker_thread(cache_file: Path) -> None:
    from planner._geocode_cache import CachedAnswer

    cache = GeocodeCache(cache_file)
    errors: list[BaseException] = []

    def work(start: int) -> None:
        try:
            for i in range(start, start + 50):
                cache.put("gsi", f"k{i}", CachedAnswer(True, 35.0, 139.0, "exact"))
                cache.get("gsi", f"k{i}")
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k * 50,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cache.close()
    assert errors == []
    with GeocodeCache(cache_file) as again:
        assert again.count("gsi") == 150


def test_damaged_cache_file_is_set_aside_not_fatal(cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"this is not a database" * 100)
    with GeocodeCache(cache_file) as cache:
        assert cache.count() == 0
    assert any(p.name.startswith("geocode.sqlite.damaged") for p in cache_file.parent.iterdir())
    sqlite3.connect(cache_file).execute("SELECT COUNT(*) FROM geocode").fetchone()


def test_cache_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from planner._geocode_cache import default_cache_path

    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "x.sqlite"))
    assert default_cache_path() == tmp_path / "x.sqlite"


# --- batch with GSI ------------------------------------------------------------------


def test_gsi_batch_fills_positions_and_looks_up_duplicates_once(server, config, cache_file):
    addrs = [
        "東京都新宿区西新宿2-8-1",
        "東京都新宿区西新宿二丁目8番1号 都庁",
        "",
        "東京都港区芝公園4-2-8",
    ]
    table = customers(addrs + ["東京都渋谷区道玄坂1-2-3"], located={4: (35.65, 139.70)})
    result = geocode_customers(
        table, provider="gsi", settings=config, cache_path=cache_file, **FAST
    )
    out = result.customers
    assert server.requests == 2  # two distinct addresses; the located row and the blank one skipped
    lat, lon = position("東京都新宿区西新宿2-8-1")
    assert out[m.LAT].iloc[0] == lat and out[m.LON].iloc[1] == lon
    assert out.geometry.iloc[0].x == lon
    assert out[m.GEOCODE].iloc[0] == "gsi:exact"
    assert np.isnan(out[m.LAT].iloc[2]) and out.geometry.iloc[2] is None
    assert out[m.LAT].iloc[4] == 35.65  # a sheet position is never replaced
    assert len(out) == len(table)
    assert result.stats["found"] == 3 and result.stats["requests"] == 2
    assert result.problems == []
    assert np.isnan(table[m.LAT].iloc[0])  # the input is untouched


def test_second_run_comes_from_the_cache(server, config, cache_file):
    table = customers(["東京都港区芝公園4-2-8", "埼玉県川口市本町1-1-1"])
    geocode_customers(table, provider="gsi", settings=config, cache_path=cache_file, **FAST)
    before = server.requests
    again = geocode_customers(table, provider="gsi", settings=config, cache_path=cache_file, **FAST)
    assert server.requests == before
    assert again.stats["cached"] == 2 and again.stats["found"] == 2


def test_low_quality_and_not_found_are_problems_kept(server, config, cache_file):
    town_only = "東京都千代田区丸の内1-9-1"
    missing = "東京都架空区どこにも町9-9-9"
    server.script(town_only, Reply(body=gsi_body("東京都千代田区丸の内", 35.68, 139.76)))
    server.script(missing, EMPTY)
    table = customers([town_only, missing, "東京都港区芝公園4-2-8"])
    result = geocode_customers(
        table, provider="gsi", settings=config, cache_path=cache_file, **FAST
    )
    rows = {p["row"]: p for p in result.problems}
    assert set(rows) == {5, 6}
    assert all(p["kept"] and p["column"] == "住所" for p in result.problems)
    assert rows[6]["value"] == missing
    assert result.customers[m.GEOCODE].iloc[0] == "gsi:town"
    assert result.customers[m.LAT].iloc[0] == 35.68
    assert result.stats["low_quality"] == 1 and result.stats["failed"] == 1
    assert rows[5]["reason"] in result.customers[m.PROBLEMS].iloc[0]
    # "not found" is remembered: a second run sends nothing
    before = server.requests
    geocode_customers(table, provider="gsi", settings=config, cache_path=cache_file, **FAST)
    assert server.requests == before


@pytest.mark.parametrize("provider", ["gsi", "nominatim"])
def test_429_then_success_is_retried_after_the_servers_delay(
    provider, server, config, cache_file, monkeypatch
):
    import planner.geocode as geocode

    waits: list[float] = []
    monkeypatch.setattr(
        geocode, "_sleep", lambda seconds, progress, fraction: waits.append(seconds)
    )
    address = "東京都品川区大井1-1-1"
    server.script(
        address,
        too_many("7"),
        Reply() if provider == "gsi" else Reply(body=nominatim_body(address, 35.6, 139.7)),
    )
    result = geocode_customers(
        customers([address]), provider=provider, settings=config, cache_path=cache_file, **FAST
    )
    assert server.queries[address] == 2
    assert waits == [7.0]  # Retry-After honoured instead of the short back-off
    assert result.stats["found"] == 1 and result.problems == []


def test_back_off_grows_exponentially(server, config, cache_file, monkeypatch):
    import planner.geocode as geocode

    waits: list[float] = []
    monkeypatch.setattr(
        geocode, "_sleep", lambda seconds, progress, fraction: waits.append(seconds)
    )
    address = "東京都品川区大井7-7-7"
    server.script(address, SERVER_ERROR)
    geocode_customers(
        customers([address]),
        provider="gsi",
        settings=config,
        cache_path=cache_file,
        timeout=0.5,
        retries=3,
        backoff=1.0,
    )
    assert len(waits) == 3 and server.queries[address] == 4
    for attempt, wait in enumerate(waits):
        assert 0.5 * 2**attempt <= wait <= 1.5 * 2**attempt  # base·2^n with ±50 % jitter


def test_500_and_malformed_json_are_retried_then_reported_and_not_cached(
    server, config, cache_file
):
    broken, garbled = "東京都品川区大井2-2-2", "東京都品川区大井3-3-3"
    server.script(broken, SERVER_ERROR)
    server.script(garbled, MALFORMED)
    table = customers([broken, garbled, "東京都品川区大井4-4-4"])
    result = geocode_customers(
        table,
        provider="gsi",
        settings=config,
        cache_path=cache_file,
        timeout=0.5,
        retries=2,
        backoff=0.01,
    )
    assert server.queries[broken] == 3 and server.queries[garbled] == 3
    assert [p["row"] for p in result.problems] == [5, 6]
    assert result.stats["found"] == 1 and result.stats["failed"] == 2
    with GeocodeCache(cache_file) as cache:
        assert cache.get("gsi", broken) is None  # errors are never cached
    server.script(broken, Reply())
    again = geocode_customers(table, provider="gsi", settings=config, cache_path=cache_file, **FAST)
    assert again.customers[m.LAT].notna().sum() == 2


def test_timeout_is_retried_then_reported(server, config, cache_file):
    slow = "東京都品川区大井5-5-5"
    server.script(slow, Reply(delay=2.0))
    table = customers([slow, "東京都品川区大井6-6-6"])
    result = geocode_customers(
        table,
        provider="gsi",
        settings=config,
        cache_path=cache_file,
        timeout=0.6,
        retries=1,
        backoff=0.01,
    )
    assert server.queries[slow] == 2
    assert [p["row"] for p in result.problems] == [5]
    assert result.stats["found"] == 1


@pytest.mark.parametrize("provider", ["gsi", "nominatim"])
def test_unreachable_geocoder_stops_early_without_hammering(provider, cache_file):
    url = f"http://127.0.0.1:{closed_port()}"
    dead = GeocoderConfig(gsi_url=f"{url}/search", nominatim_url=url, min_delay=0.0)
    addrs = [f"東京都港区芝{i}-1-1" for i in range(1, 21)]
    result = geocode_customers(
        customers(addrs), provider=provider, settings=dead, cache_path=cache_file, **FAST
    )
    assert result.unreachable
    assert result.stats["requests"] == 3
    assert len(result.problems) == 20 and result.stats["failed"] == 20
    assert all("cannot be reached" in p["reason"] for p in result.problems)
    assert result.customers[m.LAT].isna().all()


def test_cancel_half_way_then_resume_from_cache(server, config, cache_file):
    addrs = [f"東京都大田区蒲田{i}-2-3" for i in range(1, 11)]
    table = customers(addrs)
    calls = []

    def stop_half_way(fraction: float, message: str) -> bool:
        calls.append(fraction)
        return fraction < 0.5

    with pytest.raises(Cancelled):
        geocode_customers(
            table,
            provider="gsi",
            settings=config,
            cache_path=cache_file,
            progress=stop_half_way,
            **FAST,
        )
    first = server.requests
    assert 0 < first < 10
    result = geocode_customers(
        table, provider="gsi", settings=config, cache_path=cache_file, **FAST
    )
    assert server.requests == 10  # only the undone half was asked
    assert result.stats["cached"] == first
    assert result.customers[m.LAT].notna().all()


def test_nominatim_sends_user_agent_and_grades_rank(server, config, cache_file):
    house, area = "東京都中央区銀座4-6-16", "東京都中央区銀座9-9-9"
    server.script(area, Reply(body=nominatim_body("銀座", 35.67, 139.76, place_rank=20)))
    result = geocode_customers(
        customers([house, area]),
        provider="nominatim",
        settings=config,
        cache_path=cache_file,
        **FAST,
    )
    assert all(ua == "TerritoryPlanner/0.1" for ua in server.user_agents)
    assert "/search" in server.paths
    assert list(result.customers[m.GEOCODE]) == ["nominatim:exact", "nominatim:town"]
    assert [p["row"] for p in result.problems] == [6]


def test_nominatim_keeps_one_request_per_second_on_the_public_server():
    from planner._geocode_providers import nominatim_provider

    public = nominatim_provider(GeocoderConfig(min_delay=0.0))
    local = nominatim_provider(GeocoderConfig(nominatim_url="http://127.0.0.1:1", min_delay=0.0))
    assert public._geocode.min_delay_seconds == 1.0
    assert local._geocode.min_delay_seconds == 0.0


def test_endpoints_from_environment(monkeypatch, server, cache_file):
    monkeypatch.setenv("PLANNER_GSI_URL", server.gsi_url)
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    result = geocode_customers(
        customers(["東京都港区芝公園4-2-8"]), provider="gsi", cache_path=cache_file, **FAST
    )
    assert server.requests == 1 and result.stats["found"] == 1


def test_none_provider_and_bad_options(cache_file):
    table = customers(["東京都港区芝公園4-2-8"])
    result = geocode_customers(table, provider="none", cache_path=cache_file)
    assert result.customers[m.LAT].isna().all() and result.problems == []
    with pytest.raises(PlannerError):
        geocode_customers(table, provider="gsi", cache_path=cache_file, timeout=0)
    with pytest.raises(PlannerError):
        geocode_customers(table, provider="no-such-geocoder", cache_path=cache_file)
    with pytest.raises(PlannerError):
        geocode_customers(table.drop(columns=[m.ADDRESS]), provider="gsi", cache_path=cache_file)


def test_keyed_geocoder_without_key_is_a_user_error(cache_file):
    table = customers(["東京都港区芝公園4-2-8"])
    with pytest.raises(PlannerError, match="API key"):
        geocode_customers(
            table, provider="google", settings=GeocoderConfig(), cache_path=cache_file
        )


def test_available_providers_report_missing_options():
    names = {name: (ok, reason) for name, ok, reason in available_providers(GeocoderConfig())}
    assert names["gsi"][0] and names["nominatim"][0]
    assert names["google"] == (False, names["google"][1]) and names["google"][1]
    ok, reason = names["jageocoder"]
    assert ok or reason  # either usable or says why not
    with_key = dict((n, ok) for n, ok, _ in available_providers(GeocoderConfig(api_key="k")))
    assert with_key["google"]


def test_is_online(server, config):
    assert is_online("gsi", config, timeout=0.5)
    assert is_online("nominatim", config, timeout=0.5)
    dead = GeocoderConfig(gsi_url=f"http://127.0.0.1:{closed_port()}/x")
    assert not is_online("gsi", dead, timeout=0.5)
    assert not is_online("none", config)


def test_plan_settings_carry_the_endpoint(server, cache_file, monkeypatch):
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    settings = m.Settings(geocoder="gsi", gsi_url=server.gsi_url)
    result = geocode_customers(
        customers(["東京都港区芝公園4-2-8"]),
        provider=settings.geocoder,
        settings=settings,
        cache_path=cache_file,
        **FAST,
    )
    assert server.requests == 1 and result.stats["found"] == 1


def test_problems_read_in_japanese(server, config, cache_file):
    from planner.i18n import set_language

    server.script("東京都架空区なし町1-1-1", EMPTY)
    set_language("ja")
    try:
        result = geocode_customers(
            customers(["東京都架空区なし町1-1-1"]),
            provider="gsi",
            settings=config,
            cache_path=cache_file,
            **FAST,
        )
    finally:
        set_language(None)
    assert "住所が見つかりませんでした" in result.problems[0]["reason"]


def test_network_dropping_mid_batch_keeps_the_done_part(cache_file):
    from planner.geocode import DROPPED_LIMIT

    server = FakeGeocoder().__enter__()
    addrs = [f"東京都目黒区中目黒{i}-1-1" for i in range(1, 41)]

    def drop_at_quarter(fraction: float, message: str) -> None:
        if fraction >= 0.25 and server.server.socket.fileno() != -1:
            server.__exit__()

    dropped = GeocoderConfig(gsi_url=server.gsi_url, min_delay=0.0)
    result = geocode_customers(
        customers(addrs),
        provider="gsi",
        settings=dropped,
        cache_path=cache_file,
        progress=drop_at_quarter,
        **FAST,
    )
    assert result.stats["found"] == 10
    assert result.stats["requests"] == 10 + DROPPED_LIMIT
    assert result.unreachable and len(result.problems) == 30
    assert result.customers[m.LAT].notna().sum() == 10


def test_jageocoder_is_used_when_installed_with_a_dictionary(monkeypatch, cache_file):
    import importlib.machinery
    import types

    import planner._geocode_providers as providers

    fake = types.ModuleType("jageocoder")
    fake.__spec__ = importlib.machinery.ModuleSpec("jageocoder", None)
    searched: list[str] = []

    def search(query: str) -> dict:
        searched.append(query)
        if "なし" in query:
            return {"matched": "", "candidates": []}
        return {
            "matched": "東京都新宿区西新宿2-8-",
            "candidates": [
                {
                    "x": 139.691778,
                    "y": 35.689627,
                    "level": 7,
                    "fullname": ["東京都", "新宿区", "西新宿", "二丁目", "8番"],
                }
            ],
        }

    fake.init = lambda **kw: None  # type: ignore[attr-defined]
    fake.search = search  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jageocoder", fake)
    monkeypatch.setattr(providers, "_JAGEO_READY", None)
    providers.make_provider.cache_clear()
    assert ("jageocoder", True, "") in available_providers(GeocoderConfig())
    table = customers(["東京都新宿区西新宿2-8-1", "東京都新宿区なし町1-1"])
    result = geocode_customers(table, provider="jageocoder", cache_path=cache_file)
    providers.make_provider.cache_clear()
    assert searched == ["東京都新宿区西新宿2-8-1", "東京都新宿区なし町1-1"]
    assert result.customers[m.LAT].iloc[0] == 35.689627
    assert result.customers[m.GEOCODE].iloc[0] == "jageocoder:chome"
    assert [p["row"] for p in result.problems] == [6]


def test_jageocoder_without_dictionary_is_reported_not_crashing(monkeypatch):
    import importlib.machinery
    import types

    import planner._geocode_providers as providers

    fake = types.ModuleType("jageocoder")
    fake.__spec__ = importlib.machinery.ModuleSpec("jageocoder", None)

    def init(**kw: object) -> None:
        raise RuntimeError("no dictionary")

    fake.init = init  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jageocoder", fake)
    monkeypatch.setattr(providers, "_JAGEO_READY", None)
    status = {n: (ok, why) for n, ok, why in available_providers(GeocoderConfig())}
    assert status["jageocoder"][0] is False and "dictionary" in status["jageocoder"][1]
    with pytest.raises(PlannerError, match="dictionary"):
        providers.JageocoderProvider()


def test_refused_access_stops_at_once_and_says_why(server, config, cache_file):
    addrs = [f"東京都文京区本郷{i}-1-1" for i in range(1, 4)]
    for address in addrs:
        server.script(address, Reply(status=403, body="forbidden"))
    result = geocode_customers(
        customers(addrs), provider="gsi", settings=config, cache_path=cache_file, **FAST
    )
    assert server.requests == 1
    assert len(result.problems) == 3
    assert all("API key" in p["reason"] for p in result.problems)


@pytest.mark.parametrize("provider", ["gsi", "nominatim"])
def test_one_address_typed_in_offline_says_the_search_cannot_be_reached(
        provider, tmp_path, monkeypatch):
    """Edit customer… with a new address (or a rep's office) on a laptop without a network:
    one sentence that the search cannot be reached, not "the address was not found", which
    sent the manager checking an address that was right; an answer without a match is still
    None."""
    from planner.geocode import locate_address

    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    url = f"http://127.0.0.1:{closed_port()}"
    dead = GeocoderConfig(gsi_url=f"{url}/search", nominatim_url=url, min_delay=0.0)
    with pytest.raises(PlannerError, match="cannot be reached"):
        locate_address("東京都大田区蒲田5-13-14", provider=provider, settings=dead,
                       timeout=0.5, retries=0)
    with FakeGeocoder() as server:
        server.script("東京都架空区なし町1-1-1", EMPTY)
        config = GeocoderConfig(gsi_url=server.gsi_url, nominatim_url=server.nominatim_url,
                                min_delay=0.0)
        assert locate_address("東京都架空区なし町1-1-1", provider=provider, settings=config,
                              timeout=2, retries=0) is None
