"""Every hand-out the print preview builds follows Preferences' switches: the Google Maps
links and the street background, for the first build and for a rep or week chosen in it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import settings_store
from tests.ui.test_printing import window_for

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module")
def plan():
    return build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1,
                          route_seconds=0.01)


def _links(path: str) -> int:
    """The Google Maps links (URI annotations) of every page of ``path``."""
    count = 0
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots", []) or []:
            a = ref.get_object()
            count += "/URI" in a.get("/A", {})
    return count


@pytest.mark.parametrize("links", [False, True])
def test_a_rep_chosen_in_the_preview_follows_the_links_switch(qtbot, plan, links):
    settings_store.set_nav_links(links)
    settings_store.set_map_background(False)  # (offline tests: no street tiles asked for)
    window = window_for(qtbot, plan)
    printing = window.actions_ui.printing
    rep = plan.territories[1].id
    seen: dict[str, int] = {}

    def preview(pdf_path: str) -> None:  # instead of the modal preview
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        seen["all"] = _links(pdf_path)
        dialog.rep_combo.setCurrentIndex(dialog.rep_combo.findData(rep))  # built alone
        task = printing.rep_task
        assert task is not None
        with qtbot.waitSignal(task.finished, timeout=120_000):
            pass
        seen["rep"] = _links(printing._rep_pdfs[(rep, 0)])
        dialog.close()

    printing.show_preview = preview
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        printing.start()
    assert (seen["all"] > 0) is links
    assert (seen["rep"] > 0) is links
