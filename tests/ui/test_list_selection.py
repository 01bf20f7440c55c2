"""The customer list mirrors the document's selection quickly, however large either is."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.customer_model import COLUMNS
from planner.ui.document import PlanDocument


def column(key):
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_a_new_selection_while_a_large_one_stands_is_not_compared_range_by_range(qtbot):
    """Edit → Select all while a lasso's thousands of scattered rows stand, a lasso while all
    are selected, one lasso after another: the list shows exactly the new selection, and Qt
    is not left to work out what changed between the two selections (seconds on 100,000
    rows: it asked the model its size 8–10 times a range, now 2–4 times)."""
    import cProfile
    import pstats

    from PySide6.QtWidgets import QApplication

    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(synthetic_plan(6_000, territories=4, seed=1))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.sortByColumn(column(m.NAME), Qt.SortOrder.AscendingOrder)
    every = tuple(doc.plan.customers[m.CUSTOMER_ID])
    lasso, other = every[::3], every[::2]  # scattered in the list sorted by name

    def reselect(ids: tuple[str, ...]) -> int:
        """Select ``ids`` while a selection stands; the model's size questions it took."""
        before = len(panel.view.selectionModel().selection())
        profile = cProfile.Profile()
        profile.enable()
        doc.set_selection(ids)
        QApplication.processEvents()
        profile.disable()
        ranges = max(before, len(panel.view.selectionModel().selection()), 1)
        assert set(panel.model.customer_ids(panel.selected_view_rows())) == set(ids)
        calls = {f[2]: n for f, (n, *_r) in pstats.Stats(profile).stats.items()}  # type: ignore[attr-defined]
        return calls.get("rowCount", 0) // ranges

    doc.set_selection(lasso)
    assert len(panel.view.selectionModel().selection()) > 500
    assert reselect(every) < 6  # Edit → Select all while the lasso stands (8 before)
    assert reselect(lasso) < 6  # a lasso while everyone is selected (10 before)
    reselect(other)  # another lasso while the first stands, overlapping it
    reselect(())
