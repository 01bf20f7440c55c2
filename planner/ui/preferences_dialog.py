"""Preferences: the plan's settings (undoable, through ``edits.UpdateSettings``) and the program's.

Program settings (language, base map, autosave interval) live in QSettings; a language
change takes effect at once (the window rewrites its texts).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import UpdateSettings
from planner.errors import PlannerError
from planner.export.common import calendar_is_stale
from planner.i18n import tr
from planner.ui import settings_store
from planner.ui.document import PlanDocument
from planner.ui.preferences_note import (
    affects_figures,
    preferences_note,
    program_change,
    setting_changes,
)
from planner.ui.schedule_dialog import DayChecks
from planner.ui.view_menu import BASE_MAPS
from planner.ui.wide_input import accept_wide_digits

LANGUAGES = (("", "Follow the system"), ("ja", "日本語"), ("en", "English"))
RANKS = ("A", "B", "C")


def _spin(
    lo: float, hi: float, value: float, step: float, parent: QWidget, suffix: str = ""
) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setDecimals(2 if step < 0.1 else (1 if step < 1 else 0))
    spin.setRange(lo, hi)
    spin.setSingleStep(step)
    spin.setValue(value)
    if suffix:
        spin.setSuffix(suffix)
    return spin


class PreferencesDialog(QDialog):
    """Plan settings on the left, program settings on the right."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = document
        s = document.plan.settings
        self.setWindowTitle(tr("Preferences"))
        plan_box = QGroupBox(tr("This plan"), self)
        form = QFormLayout(plan_box)
        self.days = DayChecks(s.working_days, plan_box)
        self.day_hours = _spin(1, 16, s.day_hours, 0.5, plan_box, tr(" h"))
        self.day_start = QTimeEdit(QTime.fromString(s.day_start, "HH:mm"), plan_box)
        self.day_start.setDisplayFormat("HH:mm")
        # the lunch break: from (the first free moment after) this time, this long; 0 = none
        self.lunch_start = QTimeEdit(QTime.fromString(s.lunch_start, "HH:mm"), plan_box)
        self.lunch_start.setDisplayFormat("HH:mm")
        self.lunch_minutes = QSpinBox(plan_box)
        self.lunch_minutes.setRange(0, 180)
        self.lunch_minutes.setSingleStep(15)
        self.lunch_minutes.setSuffix(tr(" min"))
        self.lunch_minutes.setSpecialValueText(tr("No break"))
        self.lunch_minutes.setValue(int(round(s.lunch_minutes)))
        lunch_row = QHBoxLayout()
        lunch_row.addWidget(self.lunch_start)
        lunch_row.addWidget(self.lunch_minutes)
        lunch_row.addStretch(1)
        self.cycle_weeks = QSpinBox(plan_box)
        self.cycle_weeks.setRange(1, 52)
        self.cycle_weeks.setValue(s.cycle_weeks)
        self.speed = _spin(5, 120, s.speed_kmh, 1, plan_box, tr(" km/h"))
        self.detour = _spin(1.0, 3.0, s.detour_factor, 0.05, plan_box)
        self.service: dict[str, QDoubleSpinBox] = {}
        service_row = QHBoxLayout()
        for rank in RANKS:
            spin = _spin(0, 480, s.service_minutes_for(rank), 5, plan_box, tr(" min"))
            spin.setPrefix(f"{rank}: ")
            self.service[rank] = spin
            service_row.addWidget(spin)
        self.routing_url = QLineEdit(s.routing_url, plan_box)
        self.routing_url.setPlaceholderText(tr("(straight lines × detour factor)"))
        self.geocoder = QComboBox(plan_box)
        self.geocoder.addItem(tr("None"), "none")
        from planner.ui.import_dialog import geocoder_choices

        for name, label, _ok in geocoder_choices(s):
            self.geocoder.addItem(label, name)
            self.geocoder.setItemData(self.geocoder.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        # a provider's reason ("not installed: …") is long: the list shows it, the box stays narrow
        self.geocoder.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.geocoder.setMinimumContentsLength(24)
        self.geocoder.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.geocoder.setCurrentIndex(max(0, self.geocoder.findData(s.geocoder)))
        form.addRow(tr("Working days"), self.days)
        form.addRow(tr("Working hours per day"), self.day_hours)
        form.addRow(tr("Day starts at"), self.day_start)
        form.addRow(tr("Lunch break from"), lunch_row)
        form.addRow(tr("Cycle (weeks)"), self.cycle_weeks)
        form.addRow(tr("Average speed"), self.speed)
        form.addRow(tr("Detour factor"), self.detour)
        form.addRow(tr("Visit minutes by rank"), service_row)
        form.addRow(tr("Routing server URL"), self.routing_url)
        form.addRow(tr("Geocoder"), self.geocoder)

        app_box = QGroupBox(tr("Program"), self)
        app_form = QFormLayout(app_box)
        self.language = QComboBox(app_box)
        for code, title in LANGUAGES:
            self.language.addItem(tr(title), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings_store.language())))
        self.base_map = QComboBox(app_box)
        for key, title in BASE_MAPS:
            self.base_map.addItem(tr(title), key)
        self.base_map.setCurrentIndex(max(0, self.base_map.findData(settings_store.base_map())))
        self.autosave = QSpinBox(app_box)
        self.autosave.setRange(1, 60)
        self.autosave.setSuffix(tr(" min"))
        self.autosave.setValue(max(1, settings_store.autosave_seconds() // 60))
        app_form.addRow(tr("Language"), self.language)
        app_form.addRow(tr("Base map"), self.base_map)
        app_form.addRow(tr("Autosave every"), self.autosave)
        # a company that forbids Google: no links in what the reps are handed
        self.nav_links = QCheckBox(tr("in route sheets, hand-outs, map and phone calendars"),
                                   app_box)
        self.nav_links.setToolTip(tr("Each stop's address, each day's route and each visit in "
                                     "the phone calendar open Google Maps navigation on the "
                                     "rep's phone."))
        self.nav_links.setChecked(settings_store.nav_links())
        app_form.addRow(tr("Google Maps links"), self.nav_links)
        # the street map (地理院タイル) under the hand-outs' maps, fetched online
        self.map_background = QCheckBox(tr("street map under the hand-outs' maps"), app_box)
        self.map_background.setToolTip(tr("Fetched online from GSI (地理院タイル) and kept in "
                                          "the cache; offline the maps print without it."))
        self.map_background.setChecked(settings_store.map_background())
        app_form.addRow(tr("Map background in print"), self.map_background)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        boxes = QHBoxLayout()
        boxes.addWidget(plan_box, 1)  # the program box keeps its natural width
        boxes.addWidget(app_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addWidget(buttons)
        accept_wide_digits(self)  # １２ typed in a number box

    def plan_settings(self) -> m.Settings:
        s = self.doc.plan.settings
        by_rank = dict(s.service_minutes_by_rank)
        by_rank.update({rank: spin.value() for rank, spin in self.service.items()})
        values: dict[str, Any] = {
            **s.to_dict(),
            "working_days": self.days.days(),
            "day_hours": self.day_hours.value(),
            "day_start": self.day_start.time().toString("HH:mm"),
            "lunch_start": self.lunch_start.time().toString("HH:mm"),
            "lunch_minutes": float(self.lunch_minutes.value()),
            "cycle_weeks": self.cycle_weeks.value(),
            "speed_kmh": self.speed.value(),
            "detour_factor": self.detour.value(),
            "service_minutes_by_rank": by_rank,
            "routing_url": self.routing_url.text().strip(),
            "geocoder": str(self.geocoder.currentData() or "none"),
        }
        return m.Settings.from_dict(values)

    def _on_ok(self) -> None:
        try:
            self.plan_settings().validate()
        except PlannerError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.accept()

    def apply(self, actions: Any) -> str:
        """Push the plan settings (one undo step) and apply the program settings; the
        sentence saying what changed and what that did (:mod:`planner.ui.preferences_note`)."""
        before = self.doc.plan
        settings = self.plan_settings()
        if settings != before.settings:
            self.doc.push(UpdateSettings(settings))
        program: list[tuple[str, Any, Any]] = []  # (label, before, after), named once applied
        old_map, new_map = settings_store.base_map(), str(self.base_map.currentData())
        if new_map != old_map:
            program.append(("Base map", old_map, new_map))
        settings_store.set_base_map(new_map)
        view_menu = getattr(actions, "view_menu", None)
        if view_menu is not None:
            view_menu.set_base_map(new_map)
        seconds = self.autosave.value() * 60
        if seconds != settings_store.autosave_seconds():
            program.append(("Autosave every", settings_store.autosave_seconds() // 60,
                            self.autosave.value()))
            settings_store.set_autosave_seconds(seconds)
            actions.files.autosaver.set_interval(seconds * 1000)
        if self.nav_links.isChecked() != settings_store.nav_links():
            program.append(("Google Maps links", settings_store.nav_links(), self.nav_links.isChecked()))
            settings_store.set_nav_links(self.nav_links.isChecked())
        if self.map_background.isChecked() != settings_store.map_background():
            program.append(("Map background in print", settings_store.map_background(),
                            self.map_background.isChecked()))
            settings_store.set_map_background(self.map_background.isChecked())
        code = str(self.language.currentData() or "")
        if code != settings_store.language():
            program.append(("Language", settings_store.language(), code))
            actions.switch_language(code)
        return self._note(before, program)

    def _note(self, before: m.Plan, program: list[tuple[str, Any, Any]]) -> str:
        """What changed, in the language now chosen, and what it did."""
        after = self.doc.plan
        geocoders = {str(self.geocoder.itemData(i)): self.geocoder.itemText(i)
                     for i in range(self.geocoder.count())}
        changes = setting_changes(before.settings, after.settings, geocoders=geocoders)
        titles = {"Base map": dict(BASE_MAPS), "Language": dict(LANGUAGES)}
        for label, old, new in program:
            if label in titles:
                old, new = tr(titles[label].get(old, old)), tr(titles[label].get(new, new))
            elif isinstance(new, bool):  # Google Maps links included → left out: 「入れる → 入れない」
                old, new = (tr("included") if v else tr("left out") for v in (old, new))
            else:
                old, new = f"{old}{tr(' min')}", f"{new}{tr(' min')}"
            changes.append(program_change(label, old, new))
        return preferences_note(
            changes, figures=affects_figures(before.settings, after.settings),
            calendar=calendar_is_stale(after) and not calendar_is_stale(before))
