"""The layering rules of DESIGN.md, proved on the source: core ↛ maps/ui/Qt, maps ↛ ui/Qt widgets."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import planner

ROOT = Path(planner.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    if rel[0] == "ui":
        return "ui"
    if rel[0] == "maps":
        return "maps"
    if rel[0] == "_cli" or rel == ("cli.py",) or rel == ("__main__.py",):
        return "cli"
    return "core"


def test_core_and_maps_never_import_qt_or_upper_layers() -> None:
    offences = []
    files = sorted(ROOT.rglob("*.py"))
    assert any(_layer(f) == "core" for f in files)
    for path in files:
        layer = _layer(path)
        for name in _imports(path):
            top = name.split(".")[0]
            if layer == "core" and (
                top == "PySide6" or name.startswith("planner.ui") or name.startswith("planner.maps")
            ):
                offences.append(f"{path.relative_to(ROOT)} imports {name}")
            if layer == "maps" and (top == "PySide6" or name.startswith("planner.ui")):
                offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = [
        "planner." + ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in sorted(ROOT.rglob("*.py"))
        if _layer(p) == "core" and p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT.parent, check=True
    )
    assert out.stdout.strip() == ""
