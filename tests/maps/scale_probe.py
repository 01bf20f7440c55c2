"""Run a page probe at device pixel ratios 1 and 2, each in its own process, both at once.

Qt takes its scale factor (``QT_SCALE_FACTOR``) when the application starts, so a page at
another ratio needs another process. The probe script writes its pictures into the folder it
is given and prints its findings as one JSON line last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def probe_at_scales(script: Path, tmp_path: Path, *, timeout: float) -> dict[int, dict]:
    """``{ratio: the probe's JSON}`` for ratios 1 and 2 of ``script`` (a path in the repo)."""
    runs = {}
    for scale in (1, 2):
        out = tmp_path / f"x{scale}"
        out.mkdir()
        env = dict(os.environ, QT_SCALE_FACTOR=str(scale), QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=str(ROOT))
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
        runs[scale] = subprocess.Popen(
            [sys.executable, str(script), str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    found = {}
    for scale, run in runs.items():
        stdout, stderr = run.communicate(timeout=timeout)
        assert run.returncode == 0, stderr[:3000]
        found[scale] = json.loads(stdout.strip().splitlines()[-1])
    return found
