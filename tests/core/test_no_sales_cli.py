"""A plan imported from a list without a sales column: the ``design`` and ``stats`` tables show
"—" for the sales, not 0 (as the Territories dock and the workbook do); ``stats --json`` keeps the
documented number."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

from planner.cli import main


def _sheet(path: Path, *, sales: bool) -> Path:
    rng = np.random.default_rng(3)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["顧客名", "住所", "緯度", "経度", *(["売上"] if sales else [])])
        for i in range(45):
            w.writerow([f"店{i}", f"東京都渋谷区神南{i}", 35.65 + rng.random() * 0.05,
                        139.68 + rng.random() * 0.05, *([f"{(i + 1) * 100_000}"] if sales else [])])
    return path


def _sales_column(out: str) -> list[str]:
    """The cells under the Sales (¥) heading of each territory row."""
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "Sales (¥)" in line)
    # the columns are where the rule under the heading has its dashes (the rep may be blank)
    spans = [m.span() for m in re.finditer(r"-+", lines[head + 1])]
    start, end = next(s for s in spans if "Sales (¥)" in lines[head][s[0]:s[1]])
    rows = [line for line in lines[head + 2:] if re.match(r"T\d\d ", line)]
    return [line[start:end].strip() for line in rows]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("sales", [False, True])
def test_the_tables_show_a_dash_for_a_list_without_sales(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None, sales: bool
) -> None:
    plan = str(tmp_path / "plan.gpkg")
    _run(capsys, "import", str(_sheet(tmp_path / "list.csv", sales=sales)), "-o", plan)
    designed = _sales_column(_run(capsys, "design", plan, "--territories", "3"))
    stats = _sales_column(_run(capsys, "stats", plan))
    figures = json.loads(_run(capsys, "stats", plan, "--json"))["territories"]
    assert len(designed) == len(stats) == len(figures) == 3
    if sales:  # the figures as before
        expected = [f"{t['sales']:,.0f}" for t in figures]
        assert designed == stats == expected and all(t["sales"] > 0 for t in figures)
    else:
        assert designed == stats == ["—", "—", "—"]
        assert [t["sales"] for t in figures] == [0.0, 0.0, 0.0]  # JSON: still a number
