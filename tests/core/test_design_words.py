"""``design``'s words about what it did: territories gone (compared with the plan before the
command) and where their customers went; nothing to do with one territory alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import model as m
from planner.cli import main
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers


@pytest.fixture()
def designed(tmp_path: Path) -> Path:
    """A plan of 400 customers in three designed territories."""
    path = tmp_path / "plan.gpkg"
    save_plan(m.new_plan(synthetic_customers(400, seed=21)), path)
    assert main(["design", str(path), "-n", "3"]) == 0
    return path


def _homes(plan: m.Plan, path: Path, extra: str = "") -> Path:
    """A homes file placing each territory's rep at the middle of its customers."""
    lines = ["id,name,rep,lat,lon"]
    for t in plan.territories:
        c = plan.customers[plan.customers[m.TERRITORY] == t.id]
        lines.append(f"{t.id},{t.name},{t.rep or t.id},{c[m.LAT].mean():.5f},{c[m.LON].mean():.5f}")
    path.write_text("\n".join([*lines, *([extra] if extra else [])]) + "\n", encoding="utf-8")
    return path


def test_a_homes_row_the_plan_never_had_is_not_called_gone(
    designed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], english
) -> None:
    plan = load_plan(designed)
    homes = _homes(plan, tmp_path / "homes.csv", "T09,新エリア,新人 一,35.6,139.5")
    capsys.readouterr()
    assert main(["design", str(designed), "-n", "3", "--homes", str(homes)]) == 0
    out = capsys.readouterr().out
    assert "gone" not in out and "T09" not in out


def test_two_territories_made_one_name_where_the_customers_went(
    designed: Path, capsys: pytest.CaptureFixture[str], english
) -> None:
    plan = load_plan(designed)
    n = int((plan.customers[m.TERRITORY] == "T02").sum())
    capsys.readouterr()
    assert main(["design", str(designed), "--only", "T01,T02", "-n", "1"]) == 0
    out = capsys.readouterr().out
    assert f"T02 Territory 2 is gone; its {n:,} customers went to T01 Territory 1." in out
    assert "shared among the others" not in out
    assert "Designed as one territory; the remaining 1 territory is unchanged." in out
    assert "these 1 territories" not in out


def test_one_territory_alone_has_nothing_to_rebalance(
    designed: Path, capsys: pytest.CaptureFixture[str], english
) -> None:
    before = designed.read_bytes()
    for args in (["--only", "T01", "-n", "1"], ["--only", "T01"]):
        capsys.readouterr()
        assert main(["design", str(designed), *args]) == 0
        assert capsys.readouterr().out == "Nothing to rebalance: one territory.\n"
        assert designed.read_bytes() == before


def test_gone_lines_name_one_new_territory_or_count_several(designed: Path, english) -> None:
    import dataclasses

    from planner._design_gone import gone_lines

    plan = load_plan(designed)
    n = int((plan.customers[m.TERRITORY] == "T02").sum())
    # T02's rep replaced by a new one (a homes file's T99): all its customers went there
    new = dataclasses.replace(plan.territories[1], id="T99", rep="小林 誠")
    customers = plan.customers.copy()
    customers[m.TERRITORY] = customers[m.TERRITORY].replace({"T02": "T99"})
    after = plan.replace(customers=customers,
                         territories=(plan.territories[0], new, plan.territories[2]))
    assert gone_lines(plan, after) == [
        f"T02 Territory 2 is gone; its {n:,} customers went to T99 小林 誠."]
    # T02's customers shared between T01 and T03
    rows = (plan.customers[m.TERRITORY] == "T02").to_numpy().nonzero()[0]
    spread = plan.customers.copy()
    values = spread[m.TERRITORY].to_numpy(dtype=object, copy=True)
    values[rows[::2]], values[rows[1::2]] = "T01", "T03"
    spread[m.TERRITORY] = values
    after = plan.replace(customers=spread,
                         territories=(plan.territories[0], plan.territories[2]))
    assert gone_lines(plan, after) == [
        f"T02 Territory 2 is gone; its {n:,} customers were shared among 2 territories."]


def test_too_few_located_customers_are_counted_with_a_thousands_separator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], english
) -> None:
    path = tmp_path / "big.gpkg"
    save_plan(m.new_plan(synthetic_customers(1_200, seed=3)), path)
    assert main(["design", str(path), "-n", "1500"]) == 1
    err = capsys.readouterr().err
    assert "Only 1,200 customers have a map position, fewer than the 1,500 territories" in err


def test_a_homes_files_line_is_written_alike_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], japanese
) -> None:
    """「homes.csv の3行目」: the file name, の, then the line without a space, as every such
    message of the homes file says it."""
    path = tmp_path / "plan.gpkg"
    save_plan(m.new_plan(synthetic_customers(50, seed=3)), path)
    homes = tmp_path / "homes.csv"
    for body in ("T01,新宿,35.69,139.70\nT02,大宮,139.6,35.9\n",  # not in Japan
                 "T01,新宿,35.69,139.70\nT02,大宮,35.9,139.6,abc\n"):  # unreadable hours
        header = "territory,name,lat,lon" + (",hours" if body.endswith("abc\n") else "")
        homes.write_text(f"{header}\n{body}", encoding="utf-8")
        assert main(["design", str(path), "-n", "2", "--homes", str(homes)]) == 1
        err = capsys.readouterr().err
        assert "homes.csv の3行目" in err, err
