"""``territory-planner [FILE] --screenshot OUT.png``: the command docs and checks rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from planner.store import save_plan
from planner.synthetic import synthetic_plan


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu",
        PLANNER_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        LANG="en_US.UTF-8",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
    )


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull()
    step = 7
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


def test_screenshot_of_a_plan_file_shows_the_drawn_window(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(300, territories=4, seed=5), plan_path)
    out = tmp_path / "shot.png"
    result = _run(str(plan_path), "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(out))
    # the documentation's size, whatever the offscreen screen measures (800×800)
    assert (image.width(), image.height()) == (1400, 860)
    # a drawn window (map, docks, coloured territories) has many colours; a blank grab has few
    assert _distinct_colours(out) > 50


def test_screenshot_of_a_missing_plan_fails_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = _run(str(tmp_path / "nope.gpkg"), "--screenshot", str(out), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("territory-planner:")]
    assert len(lines) == 1 and "nope.gpkg" in lines[0]
    assert not out.exists()
