"""Menus, toolbar, docks and their texts for the main window (kept out of ``main_window.py``).

``install(window)`` adds the Territories, Customers and Calendar docks, the menus and the
toolbar, the title with ``*``, close-asks-save and autosave. Every text is set in
:meth:`MainActions.retranslate`, so switching the language rewrites them at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from planner.edits import CreateTerritory, new_territory
from planner.i18n import set_language, tr
from planner.ui import settings_store, window_layout
from planner.ui.calendar_notes import route_of_day
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.customer_panel import CustomerPanel
from planner.ui.design_actions import DesignActions
from planner.ui.edit_notes import EditNotes
from planner.ui.error_report import open_log_folder
from planner.ui.file_actions import FileActions
from planner.ui.handout_printing import HandoutPrinting
from planner.ui.menu_table import (
    ACCESS_KEYS,
    ACTIONS,
    DOCK_ACCESS_KEYS,
    DOCKS,
    MENUS,
    RECENT_ACCESS_KEY,
    TOOLBAR,
    TOOLBAR_TEXTS,
    StandardKey,
    button_text,
    with_access_key,
    without_access_key,
)
from planner.ui.recent_menu import RecentMenu
from planner.ui.territory_panel import TerritoryPanel
from planner.ui.undo_steps import name_steps, step_sentence, take_step, tell_failed_step
from planner.ui.view_menu import ViewMenu
from planner.ui.welcome_banner import WelcomeBanner


def install(window: QMainWindow, *, autosave_ms: int | None = None) -> MainActions:
    """Give ``window`` (with ``document`` and ``map_view``) its docks, menus and behaviour."""
    return MainActions(window, autosave_ms=autosave_ms)


class MainActions(DesignActions, WelcomeBanner, QObject):
    """Owns the window's actions, menus, toolbar and docks; ``retranslate`` rewrites texts."""

    def __init__(self, window: QMainWindow, *, autosave_ms: int | None = None):
        super().__init__(window)
        self.window = window
        self.doc = window.document  # type: ignore[attr-defined]
        self.map_view = getattr(window, "map_view", None)
        ms = autosave_ms if autosave_ms is not None else settings_store.autosave_seconds() * 1000
        self.files = FileActions(window, self.doc, autosave_ms=ms)
        self.printing = HandoutPrinting(self)
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._docks_sized = False
        self._make_panels()
        self._make_actions()
        self._make_menus()
        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("mainToolbar")
        for key in TOOLBAR:
            self.toolbar.addSeparator() if key == "-" else self.toolbar.addAction(self.actions[key])
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.banner: QToolBar | None = None
        self.report_box: QDialog | None = None  # the last calendar build's report (ReportBox)
        self.guide_box: QMessageBox | None = None  # Help → Getting started
        # what the last edit did, while it is true: the next step of the history clears it
        self.notes = EditNotes(self.window.statusBar)
        stack = self.doc.undo_stack
        stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        stack.indexChanged.connect(self._update_undo_texts)
        self.doc.stepFailed.connect(lambda sentence: tell_failed_step(
            self.actions["undo"], self.actions["redo"], self.doc, self.files.show_error, sentence))
        self.files.modifiedChanged.connect(self._update_title)
        self.files.planOpened.connect(self._on_files_planOpened)
        self.doc.pathChanged.connect(self._update_title)
        window.installEventFilter(self)
        self.retranslate()
        self._update_undo_texts()
        self.actions["undo"].setEnabled(stack.canUndo())
        self.actions["redo"].setEnabled(stack.canRedo())
        edit = self.actions["edit_customer"]  # the details of one customer at a time
        self.doc.selectionChanged.connect(lambda ids: edit.setEnabled(len(ids) == 1))
        edit.setEnabled(len(self.doc.selection) == 1)

    # -- building ---------------------------------------------------------------------
    def _make_panels(self) -> None:
        w, doc = self.window, self.doc
        self.territory_panel = TerritoryPanel(doc, w)
        self.customer_panel = CustomerPanel(doc, w)
        w.addAction(self.customer_panel.find_action)  # Ctrl+F also with the list's dock hidden
        self.calendar_panel = CalendarPanel(doc, w)
        # The map is the dominant area; the left column holds the territory figures with the
        # calendar beneath them (both about as wide as their tables), the customer list runs
        # under the map.
        w.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.docks["territories"] = self._dock(
            "territoriesDock", self.territory_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.docks["customers"] = self._dock(
            "customersDock", self.customer_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.docks["calendar"] = self._dock(
            "calendarDock", self.calendar_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        w.splitDockWidget(
            self.docks["territories"], self.docks["calendar"], Qt.Orientation.Vertical
        )
        self.size_docks()
        self.doc.planChanged.connect(lambda *_: QTimer.singleShot(0, self._widen_territories))
        self.territory_panel.fitRequested.connect(self._fit_territory)
        self.territory_panel.placeHomeRequested.connect(
            lambda tid: self._map("place_home", tid)
        )
        self.territory_panel.rebalanceRequested.connect(
            lambda ids: self.show_design(keep_existing=True, only=ids)
        )
        self.territory_panel.splitRequested.connect(
            lambda tid: self.show_design(keep_existing=False, only=[tid], count=2)
        )
        self.territory_panel.handOverRequested.connect(self.hand_over)
        self.territory_panel.addRepRequested.connect(self.add_rep)
        self.territory_panel.message.connect(self._show_edit_note)
        if self.map_view is not None:  # what a dragged or drawn boundary did to the customers
            self.map_view.edited.connect(self._show_edit_note)
        self.calendar_panel.dayActivated.connect(self._on_calendar_dayActivated)
        self.calendar_panel.dayChanged.connect(self._on_calendar_dayChanged)
        self.calendar_panel.visitsMoved.connect(
            lambda text, warn: self._show_edit_note(text, warn=warn))
        self.doc.stepNoted.connect(  # a hand move's day lengths in the Undo tooltip
            lambda: name_steps(self.actions["undo"], self.actions["redo"], self.doc))
        self.customer_panel.showOnMapRequested.connect(self._place_customer)
        self.customer_panel.fitRequested.connect(lambda ids: self._map("fit_customers", ids))
        self.customer_panel.message.connect(self._show_edit_note)
        self.customer_panel.warned.connect(lambda text: self._show_edit_note(text, True))
        self.files.customersUpdated.connect(self._on_files_customersUpdated)
        self.map_menu: QMenu | None = None  # the last right-click menu on the map
        if self.map_view is not None:
            self.map_view.menuRequested.connect(self._on_map_view_menuRequested)

    def size_docks(self) -> None:
        """Initial dock sizes: a narrow left column, the territory table as tall as its rows;
        in a small window (853×480, a laptop at 150 %) both give way to the map: the left
        column at most 40 % of the width, the customer list 30 % of the height."""
        w = self.window
        left = min(self.territory_panel.preferred_width(), w.width() * 2 // 5)
        w.resizeDocks([self.docks["territories"]], [left], Qt.Orientation.Horizontal)
        w.resizeDocks(
            [self.docks["territories"], self.docks["calendar"]],
            [self.territory_panel.preferred_height(), 360],
            Qt.Orientation.Vertical,
        )
        w.resizeDocks([self.docks["customers"]], [min(250, w.height() * 3 // 10)],
                      Qt.Orientation.Vertical)

    def _widen_territories(self) -> None:
        window_layout.widen_dock(self.window, self.docks["territories"],
                                 self.territory_panel.preferred_width())

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        return dock

    def _make_actions(self) -> None:
        handlers: dict[str, Callable[[], Any]] = {
            "new": self.files.new_from_spreadsheet,
            "update_customers": self.files.update_from_spreadsheet,
            "open": self.files.open_dialog,
            "save": self.files.save,
            "save_as": self.files.save_as,
            "compare": self.compare_plans,
            "export_excel": self.export_excel,
            "print_handouts": self.print_handouts,
            "export_pdf": self.export_pdf,
            "export_html": self.export_html,
            "export_ics": self.export_ics,
            "quit": self.window.close,
            "undo": lambda: take_step(self.doc, undo=True),
            "redo": lambda: take_step(self.doc, undo=False),
            "select_all": self.customer_panel.select_all,
            "select_none": self.customer_panel.select_none,
            "add_customer": self.customer_panel.add_customer,
            "edit_customer": self.customer_panel.edit_customer,
            "preferences": self.show_preferences,
            "new_territory": self.new_territory,
            "load_homes": self.load_homes,
            "design": lambda: self.show_design(keep_existing=False),
            "rebalance": lambda: self.show_design(keep_existing=True),
            "lock": lambda: self.customer_panel.lock_selection(True),
            "unlock": lambda: self.customer_panel.lock_selection(False),
            "frequency": self.show_frequency,
            "schedule": self.show_schedule,
            "fit_all": self._fit_all,
            "about": self.show_about,
            "getting_started": self.show_getting_started,
            "shortcuts": self.show_shortcuts,
            "log_folder": open_log_folder,
        }
        for key, _text, shortcut in ACTIONS:
            action = QAction(self.window)
            action.setObjectName(f"action_{key}")
            if shortcut is not None:
                keys = (
                    QKeySequence.keyBindings(shortcut)
                    if isinstance(shortcut, StandardKey)
                    else [QKeySequence(shortcut)]
                )
                if key == "redo":
                    keys = [*keys, QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
                unique = list({k.toString(): k for k in keys if not k.isEmpty()}.values())
                action.setShortcuts(unique)
            action.triggered.connect(lambda _checked=False, fn=handlers[key]: fn())
            self.window.addAction(action)  # shortcuts work with the menu bar hidden too
            self.actions[key] = action
        self.actions["select_all"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _make_menus(self) -> None:
        bar = self.window.menuBar()
        for key, _title, items in MENUS:
            menu = bar.addMenu("")
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
            for item in items:
                if item == "-":
                    menu.addSeparator()
                elif item == "@recent":
                    self.menus["recent"] = menu.addMenu("")
                elif item == "@map":
                    self.view_menu = ViewMenu(menu, self.map_view, self.window)
                elif item == "@docks":
                    for dock_key, _t in DOCKS:
                        menu.addAction(self.docks[dock_key].toggleViewAction())
                else:
                    menu.addAction(self.actions[item])
        self.recent = RecentMenu(self.menus["recent"], self.files)

    # -- texts ------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every menu, action, dock and panel text in the current language."""
        for key, text, _shortcut in ACTIONS:
            self.actions[key].setText(
                with_access_key(tr(text), ACCESS_KEYS[key])
            )
            self.actions[key].setIconText(button_text(tr(TOOLBAR_TEXTS.get(key, text))))
            if key in TOOLBAR_TEXTS:
                self.actions[key].setToolTip(tr(text))
        for key, title, _items in MENUS:
            self.menus[key].setTitle(tr(title))
        self.menus["recent"].setTitle(
            with_access_key(tr("Open recent"), RECENT_ACCESS_KEY)
        )
        self.view_menu.retranslate()
        for key, title in DOCKS:
            self.docks[key].setWindowTitle(tr(title))
            self.docks[key].toggleViewAction().setText(
                with_access_key(tr(title), DOCK_ACCESS_KEYS[key])
            )
        self.toolbar.setWindowTitle(tr("Toolbar"))
        self.customer_panel.retranslate()
        for panel in (self.territory_panel, self.calendar_panel):
            retranslate = getattr(panel, "retranslate", None)
            if retranslate is not None:
                retranslate()
        self.doc.retranslate_steps()
        self._update_undo_texts()
        self._update_title()
        if self.banner is not None:
            self._retranslate_banner()

    def _update_title(self, *_args: object) -> None:
        try:
            self.window.setWindowTitle(self.files.title())
            self.window.setWindowModified(self.files.is_modified())
        except RuntimeError:  # the window is being destroyed (its stack clears itself)
            pass

    def _show_edit_note(self, text: str, warn: bool = False) -> None:
        """What an edit did (a boundary, a moved visit, a frequency), until the next undo step
        (which makes it untrue); ``warn``: in red (a day or a rep's week over its hours)."""
        self.notes.show(text, warn=warn)

    def _update_undo_texts(self, *_args: object) -> None:
        try:
            self.notes.step_taken()  # "Customers now in 練馬エリア: 7" is untrue after an undo
            if said := step_sentence(self.doc):  # 「元に戻しました: …」 until the next step
                self.notes.show(said)
            name_steps(self.actions["undo"], self.actions["redo"], self.doc)  # and tooltips
        except RuntimeError:  # the window is being destroyed
            return

    def switch_language(self, code: str) -> None:
        """Switch to ``code`` (``""`` = follow the system) now and remember it."""
        from planner.ui.qt_translation import install_qt_translator

        settings_store.set_language(code)
        set_language(code or None)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_qt_translator(app)
        self.retranslate()
        self._map("retranslate")  # the map page's own texts
        retranslate_window = getattr(self.window, "retranslate", None)
        if retranslate_window is not None:
            retranslate_window()
        self._widen_territories()  # English headings are wider: the figures stay in view

    # -- close ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Show and not self._docks_sized:
            self._docks_sized = True  # once the window has its real size (restore_layout may
            self.size_docks()  # then put back the manager's own layout)
        if obj is self.window and event.type() == QEvent.Type.Close:
            if not self.files.on_close_requested():
                event.ignore()
                return True
            self.save_layout()
        return False

    def save_layout(self) -> None:
        """Remember the window's size, docks and list columns for the next start."""
        window_layout.save_layout(self.window, self.customer_panel)

    def restore_layout(self) -> None:
        """Put the window and its docks back as the user left them (not for screenshots)."""
        window_layout.restore_layout(self.window, self.customer_panel)

    # -- map ------------------------------------------------------------------------------
    def _map(self, name: str, *args: Any) -> None:
        fn = getattr(self.map_view, name, None)
        if fn is not None:
            fn(*args)

    def _fit_territory(self, territory_id: str) -> None:
        self._map("fit_territory", territory_id)

    def _fit_all(self) -> None:
        self._map("fit_all")

    def _on_map_view_menuRequested(self, at: Any, customer_id: str) -> None:
        """The Customer list's menu of the selection, at the right click on the map; a right
        click on a customer outside the selection selects that one first."""
        if customer_id and customer_id not in self.doc.selection:
            self.doc.set_selection([customer_id])
        if self.map_menu is not None:
            self.map_menu.deleteLater()
        self.map_menu = self.customer_panel.selection_menu(self.window)
        if self.map_view is not None and not self.map_menu.isEmpty():
            self.map_menu.popup(self.map_view.mapToGlobal(at))

    def _on_files_customersUpdated(self, summary: str, added: list[str]) -> None:
        """After an update from a revised list: its summary, the new and changed customers
        listed for the manager to check, and the new ones selected (shown on the map)."""
        self._show_edit_note(summary)
        self.customer_panel.show_filter("updated")
        self.docks["customers"].raise_()
        if added:
            self.doc.set_selection(added)

    def _place_customer(self, customer_id: str) -> None:
        self._map("place_customer", customer_id)

    def _on_calendar_dayActivated(self, territory_id: str, week: int, day: str) -> None:
        stops = route_of_day(self.doc.plan, territory_id, week, day)
        self._map("show_route", stops)  # an empty day clears the route
        if stops and territory_id in self.doc.plan.territory_ids:
            self._map("fit_territory", territory_id)  # the day's stops lie in its territory

    def _on_calendar_dayChanged(self, territory_id: str, week: int, day: str) -> None:
        """The day shown was edited (or undone): its route again, the map left where it is."""
        plan = self.doc.plan
        known = plan.schedule is not None  # a former territory's day too (route_of_day)
        self._map("show_route", route_of_day(plan, territory_id, week, day) if known else [])

    # -- commands --------------------------------------------------------------------------
    def new_territory(self) -> None:
        plan = self.doc.plan
        from planner.edits import free_name

        name = free_name(plan, tr("Territory {n}", n=len(plan.territories) + 1))
        self.doc.push(CreateTerritory(new_territory(plan, name)))

    def export_excel(self) -> None:
        """The workbook of every rep, or of the reps chosen (their customers and route sheets)."""
        from planner.ui.export_choice import export_excel

        export_excel(self)

    def print_handouts(self) -> None:
        """Ask which reps and weeks, build them in a worker, then show the print preview."""
        if self.doc.plan.schedule is None or self.files.calendar_current_or_asked():
            self.printing.choose_and_start()

    def export_pdf(self) -> None:
        """Write the PDF handouts of the reps and weeks chosen to a file the manager chooses."""
        from planner.ui.export_choice import export_pdf

        export_pdf(self)

    def export_html(self) -> None:
        from planner.ui.export_choice import export_html

        export_html(self)

    def export_ics(self) -> None:
        """Write the chosen reps' visits as phone calendar files into a folder the manager
        chooses."""
        from planner.ui.export_choice import export_ics

        export_ics(self)

    def show_schedule(self, *, before_export: bool = False) -> None:
        """*Build calendar…*; ``before_export``: an export goes on after it, so the build's
        report is read and closed first (「出力に進む」), not left under the export's dialog."""
        from planner.ui.schedule_dialog import ScheduleDialog

        dialog = ScheduleDialog(self.doc, self.window)
        dialog.runCancelled.connect(self._on_schedule_runCancelled)
        dialog.exec()
        if dialog.report:
            from planner.ui.report_box import show_dialog_report

            self.report_box = show_dialog_report(dialog, self.window, wait=before_export)

    def _on_schedule_runCancelled(self) -> None:  # noqa: N802 - Qt's naming
        """Cancel during a build: nothing changed, and the window says so."""
        self.window.statusBar().showMessage(
            tr("Calendar build cancelled: the plan is unchanged."), 20000)

    def show_frequency(self) -> None:
        from planner.ui.frequency_dialog import FrequencyDialog

        dialog = FrequencyDialog(self.doc, self.window)
        dialog.exec()
        if dialog.note:  # rules that changed nobody: saved for new customers, said so
            self._show_edit_note(dialog.note)

    def show_preferences(self) -> None:
        from planner.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.doc, self.window)
        if not dialog.exec():
            self.window.statusBar().showMessage(tr("Preferences closed: nothing changed."), 8000)
            return
        steps = self.doc.undo_stack.index()
        note = dialog.apply(self)
        if self.doc.undo_stack.index() != steps:  # true until the next step (an undo)
            self._show_edit_note(note)
        else:  # the program's own settings, or nothing
            self.window.statusBar().showMessage(note, 15000)

    def show_about(self) -> None:
        from planner.ui.about_dialog import show_about

        show_about(self.window)

    def show_getting_started(self) -> None:
        from planner.ui.about_dialog import show_getting_started

        self.guide_box = show_getting_started(self.window, self.actions, self.menus)

    def show_shortcuts(self) -> None:
        from planner.ui.about_dialog import show_shortcuts

        listed = (*self.actions.values(), *self.customer_panel.keyboard_actions())
        show_shortcuts(self.window, [(without_access_key(a.text()), a.shortcut()) for a in listed])

    def push_safely(self, edit: Any) -> bool:
        """Push an edit; a refused edit shows its reason instead of raising."""
        refused = self.doc.try_push(edit)
        if refused:
            self.files.show_error(refused)
        return not refused
