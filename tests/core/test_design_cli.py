"""``territory-planner design``: designs in place, prints the figures, refuses bad requests cleanly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner.cli import main
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers, synthetic_plan


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    save_plan(m.new_plan(synthetic_customers(400, seed=21)), path)
    return path


def test_design_writes_the_plan_and_prints_the_table(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["design", str(plan_file), "--territories", "4", "--tolerance", "0.05"]) == 0
    out = capsys.readouterr().out
    plan = load_plan(plan_file)
    assert plan.territory_ids == ["T01", "T02", "T03", "T04"]
    assert (plan.customers[m.TERRITORY] != "").all()
    for tid in plan.territory_ids:
        assert tid in out
    assert "400" in out  # customers moved (all were unassigned)
    assert "%" in out
    dev = [
        float(line.split()[-1].rstrip("%")) for line in out.splitlines() if line.startswith("T0")
    ]
    assert len(dev) == 4 and max(abs(d) for d in dev) <= 5.0
    assert plan.settings.balance == "workload"


def test_sales_balance_and_seed_option(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["design", str(plan_file), "-n", "3", "--balance", "sales", "--seed", "4"]
    assert main(args) == 0
    first = load_plan(plan_file).customers[m.TERRITORY].tolist()
    assert main(args) == 0
    assert load_plan(plan_file).customers[m.TERRITORY].tolist() == first
    assert load_plan(plan_file).settings.balance == "sales"


def test_visits_balance_prints_the_visits(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["design", str(plan_file), "-n", "3", "--balance", "visits"]) == 0
    out = capsys.readouterr().out
    assert "Visits/4 weeks" in out
    plan = load_plan(plan_file)
    assert plan.settings.balance == "visits"
    visits = plan.customers.groupby(m.TERRITORY)[m.FREQUENCY].sum()  # per 4 weeks
    assert (visits / visits.mean() - 1).abs().max() <= 0.05


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["--territories", "0"], 2),  # a value judged alone: a bad argument
        (["--territories", "abc"], 2),
        (["--territories", "401"], 1),  # more than the plan's customers: the data's
        (["--territories", "3", "--tolerance", "2"], 2),
        (["--territories", "3", "--homes", "missing.csv"], 1),
    ],
)
def test_errors_exit_1_or_2_with_one_line_and_leave_the_file(
    plan_file: Path, extra: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_file.read_bytes()
    assert main(["design", str(plan_file), *extra]) == code
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_homes_csv_in_shift_jis_names_the_territories(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    homes = tmp_path / "homes.csv"
    homes.write_bytes(
        "territory,name,rep,lat,lon\n"
        "T01,新宿エリア,山田 太郎,35.69,139.70\n"
        "T02,横浜エリア,佐藤 花子,35.46,139.62\n"
        "T03,大宮エリア,鈴木 一郎,35.90,139.62\n".encode("cp932")
    )
    assert main(["design", str(plan_file), "-n", "3", "--homes", str(homes)]) == 0
    out = capsys.readouterr().out
    plan = load_plan(plan_file)
    names = {t.id: (t.name, t.rep, t.home_lat, t.home_lon) for t in plan.territories}
    assert names["T02"] == ("横浜エリア", "佐藤 花子", 35.46, 139.62)
    assert "新宿エリア" in out
    c = plan.customers
    for t in plan.territories:
        d = (c[m.LAT] - t.home_lat) ** 2 + ((c[m.LON] - t.home_lon) * 0.81) ** 2
        assert c.loc[d.idxmin(), m.TERRITORY] == t.id


def test_bad_homes_csv_is_refused(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    homes = tmp_path / "homes.csv"
    homes.write_text("territory,name,lat\nT01,新宿,35.69\n", encoding="utf-8")
    before = plan_file.read_bytes()
    assert main(["design", str(plan_file), "-n", "2", "--homes", str(homes)]) == 1
    assert "lon" in capsys.readouterr().err
    assert plan_file.read_bytes() == before
    homes.write_text("territory,name,lat,lon\nT01,新宿,35.69,139.70\nT02,大宮,139.6,35.9\n",
                     encoding="utf-8")
    assert main(["design", str(plan_file), "-n", "2", "--homes", str(homes)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "homes.csv line 3: lat 139.6, lon 35.9 is not in Japan (are the two swapped?)" in err
    assert plan_file.read_bytes() == before


def test_keep_existing_reports_the_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = synthetic_plan(400, territories=4, seed=8)
    c = plan.customers.copy()
    freq = c[m.FREQUENCY].to_numpy(dtype=float).copy()
    freq[(c[m.TERRITORY] == "T01").to_numpy()] *= 1.5
    c[m.FREQUENCY] = freq
    path = tmp_path / "p.gpkg"
    save_plan(plan.replace(customers=c), path)
    before = load_plan(path).customers[m.TERRITORY].to_numpy()
    assert main(["design", str(path), "-n", "4", "--keep-existing", "--tolerance", "0.1"]) == 0
    after = load_plan(path).customers[m.TERRITORY].to_numpy()
    moved = int((before != after).sum())
    assert 0 < moved < len(before) // 4
    out = capsys.readouterr().out
    assert f"{moved:,}" in out.splitlines()[-1] or f"{moved:,}" in out
    assert np.isin(after, ["T01", "T02", "T03", "T04"]).all()


def test_homes_hours_and_days_give_a_part_timer_a_smaller_share(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from planner.i18n import set_language

    homes = tmp_path / "homes.csv"
    homes.write_text(
        "territory,name,lat,lon,hours,days,days_off\n"
        "T01,新宿,35.69,139.70,,,\n"
        "T02,横浜,35.46,139.62,20,,2027-01-04;2027-01-06〜2027-01-07\n"
        "T03,大宮,35.90,139.62,,月水金,\n",
        encoding="utf-8",
    )
    set_language("en")
    try:
        args = ["design", str(plan_file), "-n", "3", "--homes", str(homes), "--by-capacity"]
        assert main(args) == 0
        out = capsys.readouterr().out
        plan = load_plan(plan_file)
        assert [t.capacity_hours for t in plan.territories] == [40.0, 20.0, 40.0]
        assert [t.working_days for t in plan.territories] == [(), (), ("mon", "wed", "fri")]
        assert plan.territories[1].days_off == ("2027-01-04", "2027-01-06", "2027-01-07")
        assert plan.settings.balance_by_capacity
        assert "Share" in out.splitlines()[0]
        # shares 40 : 20 : 24 h (T03's own three days cap it at 3 × 8 h)
        assert "47.6%" in out and "23.8%" in out and "28.6%" in out
        assert main(["stats", str(plan_file)]) == 0
        text = capsys.readouterr().out
        assert "Share" in text and "23.8%" in text and "share by weekly hours" in text
        assert main(["stats", str(plan_file), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["balance"]["by_capacity"] is True
        assert data["balance"]["max_deviation"] <= 0.05
        load = {t["id"]: t["workload_hours_per_week"] for t in data["territories"]}
        assert load["T02"] / load["T01"] == pytest.approx(0.5, abs=0.06)
        assert [t["fair_share"] for t in data["territories"]] == pytest.approx(
            [40 / 84, 20 / 84, 24 / 84], abs=1e-6
        )
        # the plan remembers the choice; --no-by-capacity goes back to equal shares
        assert main(["design", str(plan_file), "-n", "3", "--no-by-capacity"]) == 0
        capsys.readouterr()
        assert not load_plan(plan_file).settings.balance_by_capacity
    finally:
        set_language(None)


@pytest.mark.parametrize(
    ("hours", "days", "says"),
    [("abc", "", "weekly hours"), ("", "毎日", "working days"), ("", "", "来週 is not a date")],
)
def test_unreadable_hours_or_days_are_refused(
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    hours: str,
    days: str,
    says: str,
) -> None:
    from planner.i18n import set_language

    homes = tmp_path / "homes.csv"
    off = "来週" if says.startswith("来週") else ""
    homes.write_text(
        f"territory,lat,lon,hours,days,days_off\nT01,35.69,139.70,{hours},{days},{off}\n",
        encoding="utf-8",
    )
    before = plan_file.read_bytes()
    set_language("en")
    try:
        assert main(["design", str(plan_file), "-n", "2", "--homes", str(homes)]) == 1
    finally:
        set_language(None)
    err = capsys.readouterr().err
    assert says in err and "line 2" in err and len(err.strip().splitlines()) == 1
    assert plan_file.read_bytes() == before


def test_home_bases_from_addresses(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A HOMES.csv line with an address and no lat/lon is looked up with --geocode."""
    from fake_geocoder import FakeGeocoder

    from planner.i18n import set_language

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    homes = tmp_path / "homes.csv"
    homes.write_text(
        "territory,name,address,lat,lon\n"
        "T01,新宿,東京都新宿区西新宿2-8-1,,\n"
        "T02,横浜,,35.46,139.62\n",
        encoding="utf-8",
    )
    before = plan_file.read_bytes()
    set_language("en")
    try:
        args = ["design", str(plan_file), "-n", "2", "--homes", str(homes)]
        assert main(args) == 1  # no --geocode: said in one line, nothing written
        err = capsys.readouterr().err
        assert "line 2: no lat/lon; add --geocode gsi" in err and plan_file.read_bytes() == before
        with FakeGeocoder() as server:
            monkeypatch.setenv("PLANNER_GSI_URL", server.gsi_url)
            assert main([*args, "--geocode", "gsi"]) == 0
            assert server.requests == 1
    finally:
        set_language(None)
    t1, t2 = load_plan(plan_file).territories
    assert t1.has_home and (t2.home_lat, t2.home_lon) == (35.46, 139.62)


def test_homes_with_their_own_ids_find_the_plans_territories_by_rep(tmp_path: Path) -> None:
    """The list's 担当者 column made T01 (山田太郎) and T02 (佐藤 花子); homes.csv names them
    T1 and T2: the homes go to those territories, not to two new ones beside them."""
    from planner.homes import read_homes

    plan = synthetic_plan(60, territories=2, seed=3)
    t1, t2 = plan.territories
    plan = plan.replace(territories=(t1.replace(rep="山田太郎"), t2.replace(rep="佐藤 花子")))
    homes = tmp_path / "homes.csv"
    homes.write_text("territory,name,rep,lat,lon\n"
                     "T2,横浜エリア,佐藤　花子,35.46,139.62\n"
                     "T1,新宿エリア,山田 太郎,35.69,139.70\n", encoding="utf-8")
    got = {t.id: (t.name, t.home_lat) for t in read_homes(homes, plan)}
    assert got == {"T01": ("新宿エリア", 35.69), "T02": ("横浜エリア", 35.46)}


def test_design_says_when_the_balanced_reps_have_more_work_than_hours(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Balanced is not enough: two reps for 400 customers each get more than 40 hours, and
    the command says so, as frequency and update do."""
    from planner import territories as tmod

    assert main(["design", str(plan_file), "--territories", "2"]) == 0
    out = capsys.readouterr().out
    plan = load_plan(plan_file)
    load = tmod.territory_metrics(plan)["workload_hours_per_week"]
    assert (load > 40).all()
    assert "2 of 2 reps would work more than their hours" in out
    assert main(["design", str(plan_file), "--territories", "12"]) == 0
    assert "more than their hours" not in capsys.readouterr().out


def test_design_grows_the_territories_around_the_homes_in_the_plan_as_the_window_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --homes the command ignored the reps' home bases the plan has (15 of 60 homes
    inside their own territory); the window's Auto-design uses them."""
    plan = synthetic_plan(1200, territories=10, seed=5)
    c = plan.customers
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)

    def homes_inside(path: Path) -> int:
        designed = load_plan(path)
        terr = designed.customers[m.TERRITORY].to_numpy(dtype=object)
        inside = 0
        for t in designed.territories:
            nearest = int(np.argmin((lat - t.home_lat) ** 2 + (lon - t.home_lon) ** 2))
            inside += terr[nearest] == t.id
        return inside

    runs = {}
    for flags in ((), ("--ignore-homes",)):
        path = tmp_path / f"plan{len(flags)}.gpkg"
        save_plan(plan, path)
        assert main(["design", str(path), "--territories", "10", *flags]) == 0
        out = capsys.readouterr().out
        assert ("grow around the reps' home bases in the plan" in out) == (not flags)
        runs[flags] = homes_inside(path)
    assert runs[()] == 10 > runs[("--ignore-homes",)]


def test_a_negative_seed_is_a_bad_argument_not_a_traceback(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plan_file.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["design", str(plan_file), "--territories", "3", "--seed", "-1"])
    assert exit_.value.code == 2
    assert "The seed must be a whole number, 0 or more." in capsys.readouterr().err
    assert plan_file.read_bytes() == before


def test_a_territory_left_in_pieces_is_named_with_its_reason(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["design", str(plan_file), "-n", "2", "--lang", "en"]) == 0
    plan = load_plan(plan_file)
    c = plan.customers.copy()
    lat = c[m.LAT].to_numpy(dtype=float)
    lon = c[m.LON].to_numpy(dtype=float)
    t02 = np.flatnonzero((c[m.TERRITORY] == "T02").to_numpy())
    centre = np.array([lat[t02].mean(), lon[t02].mean()])
    inside = t02[np.argmin(np.hypot(lat[t02] - centre[0], lon[t02] - centre[1]))]
    c.loc[c.index[inside], m.TERRITORY] = "T01"  # a locked shop of T01 in the middle of T02
    c.loc[c.index[inside], m.LOCKED] = True
    save_plan(plan.replace(customers=c), plan_file)
    capsys.readouterr()
    assert main(["design", str(plan_file), "-n", "2", "--keep-existing", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    name = load_plan(plan_file).territory("T01").name
    said = [line for line in out.splitlines() if "separate pieces" in line]
    assert len(said) == 1 and name in said[0] and "locked customer" in said[0]


def test_a_design_without_a_number_names_the_plans_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``design plan.gpkg --keep-existing`` over four reps' territories: "give the number"
    alone sent the manager to look the count up; the line names it. A plan without
    territories (or none at all) gets the line as before."""
    path = tmp_path / "four.gpkg"
    save_plan(synthetic_plan(120, territories=4, seed=3), path)
    assert main(["design", str(path), "--keep-existing"]) == 2
    assert capsys.readouterr().err == (
        "territory-planner: Give the number of territories (--territories N). The plan has 4 "
        "territories now: --territories 4 designs them again.\n")
    bare = tmp_path / "bare.gpkg"
    save_plan(m.new_plan(synthetic_customers(50, seed=2)), bare)
    for plan in (bare, tmp_path / "none.gpkg"):
        assert main(["design", str(plan)]) == 2
        assert capsys.readouterr().err == (
            "territory-planner: Give the number of territories (--territories N).\n")
