"""Which reps and weeks to hand out, chosen before anything is built.

Print handouts…, Export handouts as PDF… and Export Excel… first ask in
:class:`ExportChoiceDialog`: every rep is ticked, or the territories selected in the
Territories list, beside the calendar's weeks (the hand-outs' day pages, the workbook's
route sheets), each with its days (第2週（12/14(月)〜12/18(金)）); This week / Next week
tick that week alone. Only the chosen reps' pages (and sheets) are then built: one rep's
week takes seconds where every rep's took minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import sentences, tr, trn

if TYPE_CHECKING:
    from planner.export.print_tiles import PrintTiles

#: What the workbook of chosen reps and weeks holds (said in the dialog).
WORKBOOK_NOTE = (
    "The customer list, the visit calendar and the route sheets hold the chosen reps only, "
    "and the route sheets the chosen weeks only; the summary and the other sheets keep every "
    "rep and the whole cycle. Update the plan from a workbook of every rep: customers "
    "missing from the list would be removed."
)

#: What the phone calendars of chosen reps hold (said in the dialog).
CALENDARS_NOTE = (
    "A file per chosen rep with the visits of the whole calendar, for the phone; the "
    "folder's other files are left as they are."
)

@dataclass(frozen=True)
class ExportChoice:
    """The chosen territory ids and calendar weeks; ``None``: every one (nothing left out)."""

    reps: tuple[str, ...] | None = None
    weeks: tuple[int, ...] | None = None

    def handout_options(self) -> dict[str, Any]:
        """Keyword arguments of :func:`planner.export.handouts.export_handouts` (and of
        :func:`planner.export.excel.export_workbook`: the route sheets' reps and weeks), with
        the Google Maps links as Preferences say."""
        from planner.ui import settings_store

        return {"territories": self.reps, "weeks": self.weeks,
                "nav_links": settings_store.nav_links()}


def print_background(base_map: str | None = None) -> PrintTiles | None:
    """The street background of one hand-outs export as Preferences say (``None``: off),
    on the GSI tiles of the window's base map (``base_map``: that one instead)."""
    from planner.export.print_tiles import PrintTiles
    from planner.ui import settings_store

    if not settings_store.map_background():
        return None
    return PrintTiles(base_map or settings_store.base_map())


def handout_reps(plan: m.Plan) -> list[tuple[str, str]]:
    """``(territory id, title)`` of every rep with visits in the calendar, in plan order."""
    from planner.export.excel_routes import rep_title
    from planner.export.handouts import handout_territories

    return [(t.id, rep_title(t)) for t in handout_territories(plan)]


def plan_reps(plan: m.Plan) -> list[tuple[str, str]]:
    """``(territory id, title)`` of every territory of the plan (the workbook's choice)."""
    from planner.export.excel_routes import rep_title

    return [(t.id, rep_title(t)) for t in plan.territories]


def week_titles(plan: m.Plan) -> list[tuple[int, str]]:
    """``(week, title)`` of every week of the calendar, with its first and last working day
    when dated: ``第2週（12/14(月)〜12/18(金)）``."""
    from planner.export.excel_period import weeks_text

    if plan.schedule is None or plan.schedule.empty:
        return []
    return [(week, weeks_text(plan, [week]))
            for week in range(1, int(plan.schedule["week"].max()) + 1)]


def near_weeks(week1: dt.date | None, today: dt.date, last: int) -> dict[str, int]:
    """The calendar weeks of this week and next week (``"this"``, ``"next"``) on ``today``,
    those within weeks 1..``last`` of a calendar whose week 1 begins on Monday ``week1``."""
    if week1 is None:
        return {}
    monday = today - dt.timedelta(days=today.weekday())
    out = {}
    for key, day in (("this", monday), ("next", monday + dt.timedelta(weeks=1))):
        week = (day - week1).days // 7 + 1
        if 1 <= week <= last:
            out[key] = week
    return out


def handout_pages(
    schedule: pd.DataFrame | None, reps: list[str], weeks: list[int],
    day_pages: Mapping[tuple[str, int, str], int] | None = None,
) -> int:
    """The handouts' pages for ``reps`` and ``weeks``: an overview per rep with visits in
    those weeks and each day's pages (``day_pages``, by (territory, week, weekday):
    :func:`planner.export.handout_day.day_page_counts`; a page a day where missing)."""
    if schedule is None or schedule.empty or not reps or not weeks:
        return 0
    rows = schedule[schedule["territory"].isin(reps) & schedule["week"].isin(weeks)]
    days = rows[["territory", "week", "day"]].drop_duplicates()
    pages = day_pages or {}
    return int(rows["territory"].nunique()) + sum(
        pages.get((str(t), int(w), str(d)), 1)
        for t, w, d in days.itertuples(index=False, name=None))


class ExportChoiceDialog(QDialog):
    """Tick the reps (and the weeks) to hand out; :meth:`choice` is what was ticked."""

    def __init__(
        self,
        title: str,
        reps: list[tuple[str, str]],
        *,
        weeks: list[tuple[int, str]] | None = None,
        selected: list[str] | None = None,
        schedule: pd.DataFrame | None = None,
        day_pages: Mapping[tuple[str, int, str], int] | None = None,
        note: str = "",
        week1: dt.date | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("export_choice")
        self.setWindowTitle(title)
        self._schedule = schedule  # for the page count of the handouts
        self._day_pages = day_pages  # its long days' pages (a page a day where missing)
        ids = {rep_id for rep_id, _title in reps}
        chosen = {s for s in selected or () if s in ids} or ids  # the selection, else all
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.rep_list = self._checklist("rep_list", reps, chosen)
        grid.addWidget(QLabel(tr("Reps"), self), 0, 0)
        grid.addWidget(self.rep_list, 1, 0)
        grid.addLayout(self._all_none(self.rep_list), 2, 0)
        self.week_list: QListWidget | None = None
        if weeks is not None:
            self.week_list = self._checklist("week_list", weeks, {w for w, _t in weeks})
            grid.addWidget(QLabel(tr("Weeks"), self), 0, 1)
            grid.addWidget(self.week_list, 1, 1)
            near = near_weeks(week1, today or dt.date.today(), max((w for w, _t in weeks),
                                                                   default=0))
            row = self._all_none(self.week_list)
            # the usual choice, next week's papers, in one click (this week's on a Monday)
            for key, text, name in (("this", tr("This week"), "this_week"),
                                    ("next", tr("Next week"), "next_week")):
                button = QPushButton(text, self)
                button.setObjectName(name)
                button.setAutoDefault(False)
                week = near.get(key)
                button.setEnabled(week is not None)
                if week is not None:
                    button.setToolTip(dict(weeks).get(week, ""))
                    button.clicked.connect(lambda _c=False, w=week: self.tick_only(w))
                row.insertWidget(row.count() - 1, button)  # before the stretch
            grid.addLayout(row, 2, 1)
        layout.addLayout(grid, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("export_choice_summary")
        layout.addWidget(self.summary)
        if note:
            said = QLabel(note, self)
            said.setObjectName("export_choice_note")
            said.setWordWrap(True)
            layout.addWidget(said)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for box in (self.rep_list, self.week_list):
            if box is not None:
                box.itemChanged.connect(self._update)
        self._update()
        self.resize(max(self.sizeHint().width(), 520 if weeks is not None else 380), 460)

    def _checklist(self, name: str, items: list[tuple[Any, str]], ticked: set[Any]) -> QListWidget:
        box = QListWidget(self)
        box.setObjectName(name)
        for data, text in items:
            item = QListWidgetItem(text, box)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if data in ticked else Qt.CheckState.Unchecked)
            if data in ticked and box.currentItem() is None:  # the first ticked in sight
                box.setCurrentItem(item)
        return box

    def _all_none(self, box: QListWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, state in ((tr("Select all"), Qt.CheckState.Checked),
                            (tr("Select none"), Qt.CheckState.Unchecked)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=state: self.tick_all(box, s))
            row.addWidget(button)
        row.addStretch(1)
        return row

    def tick_all(self, box: QListWidget, state: Qt.CheckState) -> None:
        box.blockSignals(True)
        for i in range(box.count()):
            box.item(i).setCheckState(state)
        box.blockSignals(False)
        self._update()

    def tick_only(self, week: int) -> None:
        """Tick calendar week ``week`` alone (This week / Next week)."""
        box = self.week_list
        if box is None:
            return
        box.blockSignals(True)
        for i in range(box.count()):
            item = box.item(i)
            chosen = item.data(Qt.ItemDataRole.UserRole) == week
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            if chosen:  # the highlight on the week ticked, not on another
                box.setCurrentItem(item)
        box.blockSignals(False)
        self._update()

    @staticmethod
    def _ticked(box: QListWidget | None) -> list[Any]:
        if box is None:
            return []
        items = (box.item(i) for i in range(box.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() == Qt.CheckState.Checked]

    def _update(self, *_args: object) -> None:
        reps = self._ticked(self.rep_list)
        weeks = self._ticked(self.week_list)
        text = trn("{n} rep", "{n} reps", len(reps))
        ok = bool(reps)
        if self.week_list is not None:
            text += " · " + trn("{n} week", "{n} weeks", len(weeks))
            pages = handout_pages(self._schedule, [str(r) for r in reps],
                                  [int(w) for w in weeks], self._day_pages)
            if self._schedule is not None:
                text += " · " + trn("about {n} page", "about {n} pages", pages)
            ok = ok and bool(weeks) and (self._schedule is None or pages > 0)
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choice(self) -> ExportChoice:
        """What is ticked; a list with every item ticked is ``None`` (all)."""
        reps = self._ticked(self.rep_list)
        every = len(reps) == self.rep_list.count()
        out = ExportChoice(reps=None if every else tuple(str(r) for r in reps))
        if self.week_list is not None:
            weeks = self._ticked(self.week_list)
            if len(weeks) < self.week_list.count():
                out = ExportChoice(out.reps, tuple(int(w) for w in weeks))
        return out


def ask_choice(actions: Any, title: str, *, handouts: bool) -> ExportChoice | None:
    """Ask the main window's manager which reps and weeks to export (the workbook's: its
    route sheets' weeks, when it has a calendar), the Territories list's selection ticked;
    ``None`` when cancelled."""
    plan = actions.doc.plan
    selected = actions.territory_panel.selected_ids()
    if handouts:
        return actions.files.ask_export_choice(
            title, handout_reps(plan), week_titles(plan), selected, "")
    return actions.files.ask_export_choice(title, plan_reps(plan), week_titles(plan) or None,
                                           selected, tr(WORKBOOK_NOTE), count_pages=False)


def export_excel(actions: Any) -> None:
    """File → Export Excel…: the reps first, then the file, then the workbook in a worker."""
    from planner.export.excel import export_workbook
    from planner.export.handouts import skipped_text

    if not actions.files.calendar_current_or_asked():
        return
    choice = ask_choice(actions, tr("Export Excel"), handouts=False)
    if choice is not None and busy_choice(actions, choice, sheets=True):
        # a chosen rep idle in the chosen weeks beside busy ones: no route sheet, said
        actions.files.export(tr("Export Excel"), tr("Excel workbook (*.xlsx)"), ".xlsx",
                             functools.partial(export_workbook, **choice.handout_options()),
                             note=skipped_text(actions.doc.plan, choice.reps, choice.weeks,
                                               handouts=False, sheets=True),
                             long_days=choice)


def export_pdf(actions: Any) -> None:
    """File → Export handouts as PDF…: the reps and weeks first, then the file, then only
    their pages in a worker (a calendar is needed)."""
    from planner.export.handouts import check_handouts, export_handouts, skipped_text

    if not ready_to_export(actions, check_handouts):
        return
    choice = ask_choice(actions, tr("Export handouts as PDF"), handouts=True)
    if choice is not None and busy_choice(actions, choice, sheets=False):
        background = print_background()  # a failure said after the file, with the reps left out
        skipped = skipped_text(actions.doc.plan, choice.reps, choice.weeks)
        actions.files.export(tr("Export handouts as PDF"), tr("PDF (*.pdf)"), ".pdf",
                             functools.partial(export_handouts, **choice.handout_options(),
                                               background=background),
                             note=lambda: sentences(
                                 skipped, background.note() if background else ""),
                             long_days=choice)


def export_html(actions: Any) -> None:
    """The shared map of every customer, with directions links unless Preferences says not."""
    from planner.maps.share import export_share_map
    from planner.ui import settings_store

    actions.files.export(tr("Export HTML map"), tr("Web page (*.html)"), ".html",
                         functools.partial(export_share_map,
                                           nav_links=settings_store.nav_links()))


def export_ics(actions: Any) -> None:
    """File → Export reps' calendars…: the reps first (the Territories list's selection
    ticked), then the folder; only their files are written, the folder's others left alone."""
    from planner.export.ical import check_calendars, export_calendars
    from planner.ui import settings_store

    if not ready_to_export(actions, check_calendars):
        return
    title = tr("Export reps' calendars")
    choice = actions.files.ask_export_choice(
        title, handout_reps(actions.doc.plan), None, actions.territory_panel.selected_ids(),
        tr(CALENDARS_NOTE))
    if choice is not None:
        actions.files.export_to_folder(title, functools.partial(
            export_calendars, territories=choice.reps, nav_links=settings_store.nav_links()),
                                       long_days=ExportChoice(choice.reps))


def busy_choice(actions: Any, choice: ExportChoice, *, sheets: bool) -> bool:
    """Whether one chosen rep at least has visits in the chosen weeks; else the sentence
    saying nothing is written (``sheets``: the workbook's, else the hand-outs'), before the
    file is asked for."""
    from planner.export.common import check_visited

    try:
        check_visited(actions.doc.plan, choice.reps, choice.weeks, handouts=not sheets,
                      sheets=sheets)
    except PlannerError as exc:
        actions.files.show_error(str(exc))
        return False
    return True


def ready_to_export(actions: Any, check: Callable[[Any], None]) -> bool:
    """Whether the plan passes ``check`` (else its one sentence is shown) and its calendar
    is current, or the manager chose to go on with it as it is."""
    try:
        check(actions.doc.plan)
    except PlannerError as exc:
        actions.files.show_error(str(exc))
        return False
    return bool(actions.files.calendar_current_or_asked())
