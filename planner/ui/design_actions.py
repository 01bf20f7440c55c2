"""The main window's commands that open the design dialog (whole plan, some territories, a
rep who leaves or joins) and the comparison with another plan; a part of
:class:`planner.ui.main_actions.MainActions`, kept apart for size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.errors import PlannerError
from planner.i18n import tr, trn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from planner.ui.document import PlanDocument
    from planner.ui.file_actions import FileActions


class DesignActions:
    """Design and comparison commands; the host gives ``doc``, ``window``, ``files``, ``_map``."""

    doc: PlanDocument
    window: QMainWindow
    files: FileActions
    compare_task: Any
    home_lookup: Any = None  # a joining rep's home address being looked up
    homes_task: Any = None  # a homes file being read (its addresses looked up)

    def _map(self, name: str, *args: Any) -> None:  # pragma: no cover - the host's
        raise NotImplementedError

    def _show_edit_note(self, text: str, ms: int = 15000) -> None:  # pragma: no cover - the host's
        raise NotImplementedError

    def show_design(
        self, *, keep_existing: bool, only: list[str] | None = None, count: int | None = None,
        retire: str | None = None, title: str | None = None, joining: Any = None,
    ) -> None:
        from planner.ui.design_dialog import DesignDialog

        dialog = DesignDialog(
            self.doc, self.window, keep_existing=keep_existing, only=only, count=count,
            retire=retire, title=title, joining=joining,
        )
        dialog.exec()
        if dialog.note:  # what Apply did, until the next step of the history
            self._show_edit_note(dialog.note)

    def add_rep(self, territory_id: str) -> None:
        """A rep joins: their name and home asked (:mod:`planner.ui.new_rep_dialog`; a home
        address looked up, offline at its municipality's customers), then one more territory
        carved out of this one's side away from its rep's home (and those touching it a
        little: :mod:`planner._design_join`)."""
        from PySide6.QtWidgets import QDialog

        from planner._design_join import Joining
        from planner.ui.address_lookup import look_up_customer, search_for
        from planner.ui.new_rep_dialog import NewRepDialog

        plan = self.doc.plan
        ask = NewRepDialog(plan.territory(territory_id).name, self.window)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        rep, address = ask.rep(), ask.address()
        if not address:
            self._design_joining(Joining(territory_id, rep))
            return

        def done(found: Any) -> None:
            if found is None:
                self._show_edit_note(tr("The address was not found: place the home base on the "
                                        "map."))
            self._design_joining(Joining(territory_id, rep, None if found is None else
                                         (float(found.lat), float(found.lon)), address))

        def failed(text: str) -> None:
            self._show_edit_note(text)
            self._design_joining(Joining(territory_id, rep, address=address))

        self.home_lookup = look_up_customer(
            self.window, address, known=plan.customers, settings=plan.settings,
            provider=search_for(plan.settings), done=done, failed=failed)

    def _design_joining(self, joining: Any) -> None:
        """The design dialog for a rep who joins beside ``joining.beside``."""
        from planner._design_subset import touching_territories

        plan = self.doc.plan
        tid = joining.beside
        near = set(touching_territories(plan, tid)) | {tid}
        group = [t for t in plan.territory_ids if t in near]
        self.show_design(keep_existing=True, only=group, count=len(group) + 1,
                         title=tr("Add a rep to {name}", name=plan.territory(tid).name),
                         joining=joining)

    def hand_over(self, territory_id: str) -> None:
        """A rep leaves: their customers to the territories touching theirs (the dialog)."""
        from planner._design_subset import retire_group

        try:
            group = list(retire_group(self.doc.plan, territory_id, None))
        except PlannerError as exc:
            self.files.show_error(str(exc))
            return
        self.show_design(keep_existing=True, only=group, count=len(group) - 1,
                         retire=territory_id)

    def load_homes(self) -> None:
        """Territory → Load home bases from a file…: the homes CSV chosen, then read."""
        from planner.ui import file_dialogs
        from planner.ui.file_actions import SHEET_FILTER

        path = file_dialogs.open_file_name(self.window, tr("Load home bases from a file"),
                                           self.files._folder(), tr(SHEET_FILTER))
        if path:
            self.load_homes_from(path)

    def load_homes_from(self, path: str) -> Any:
        """Read the reps' home bases (names, reps, hours) of a homes CSV or workbook, as
        ``design --homes`` does, addresses looked up online, in a worker; then set them as one
        undo step. A file that cannot be used (a customer list) says why in one sentence and
        leaves the plan as it is."""
        from pathlib import Path

        from planner._territory_edits import SetTerritories
        from planner.homes import read_homes
        from planner.ui.address_lookup import search_for
        from planner.ui.workers import run_task

        plan = self.doc.plan
        provider = search_for(plan.settings)
        name = Path(path).name

        def work(_progress: Any) -> Any:
            return read_homes(path, plan, geocode=provider, cli=False)

        def done(territories: Any) -> None:
            listed = sum(1 for t in territories if t.has_home)
            self.doc.push(SetTerritories(tuple(territories), label=tr("Load home bases")))
            self._show_edit_note(trn("Set the home base of {n} rep from {name}.",
                                     "Set the home bases of {n} reps from {name}.", listed,
                                     n=listed, name=name))

        def failed(message: str, user_error: bool) -> None:
            self.files.show_error(message, user_error)

        self.homes_task = run_task(self.window, tr("Reading the home bases…"), work,
                                   on_done=done, on_error=failed)
        return self.homes_task

    def compare_plans(self, path: str = "") -> None:
        """Put the open plan beside another plan file (asked for when ``path`` is empty)."""
        from planner.ui.compare_dialog import compare_with_file

        path = path or self.files.ask_plan_path(tr("Compare with another plan"))
        if path:
            self.compare_task = compare_with_file(
                self.doc, path, self.window, self.files.show_error,
                on_select=lambda ids: self._map("fit_customers", ids))

