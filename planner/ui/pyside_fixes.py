"""Work-arounds for bugs of the installed PySide6, applied once when ``planner.ui`` is imported.

PySide6 6.12.0 releases one reference to ``None`` too many each time an invalid QVariant
comes back to Python (``QComboBox.currentData()`` on an item without data, ``QAction.data()``,
``QModelIndex.data()`` of an empty role …), and similarly loses references to ``True``/
``False`` on some paths. On Python 3.11 these objects are ordinary reference-counted objects,
so after enough such calls the count reaches zero and the interpreter aborts ("deallocating
None"), typically after a long session or at exit. From Python 3.12 on they are immortal and
nothing needs doing. We give them a reserve of references no session can use up.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40
_applied = False


def apply() -> None:
    """Add the reference reserve to None, True and False (CPython < 3.12 only; once)."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE  # ob_refcnt is the first field
    _applied = True
