"""Everything Qt: the main window, document, map view, panels, dialogs and workers."""

from planner.ui import pyside_fixes as _pyside_fixes

_pyside_fixes.apply()
