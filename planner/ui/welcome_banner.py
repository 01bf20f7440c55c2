"""The yellow welcome line over the sample plan on the first start (a mixin of the main
window's :class:`planner.ui.main_actions.MainActions`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QWidget

from planner.i18n import tr
from planner.ui import settings_store


class WelcomeBanner:
    """Shows, translates and dismisses the banner; expects ``window`` and ``banner``."""

    window: Any
    banner: QToolBar | None

    def show_banner(self) -> None:
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy

        bar = QToolBar(self.window)
        bar.setObjectName("firstStartBanner")
        bar.setMovable(False)
        bar.setStyleSheet("QToolBar { background: #fff6d5; border: 1px solid #e0c060; }")
        box = QWidget(bar)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._banner_label = QLabel(box)
        self._banner_label.setWordWrap(True)
        self._banner_button = QPushButton(box)
        self._banner_button.clicked.connect(self.dismiss_banner)
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self._banner_label, 1)
        row.addWidget(self._banner_button)
        bar.addWidget(box)
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.banner = bar
        self._retranslate_banner()

    def _retranslate_banner(self) -> None:
        self._banner_label.setText(
            tr(
                "Welcome! This is a sample plan. Try: select customers on the map or in the "
                "Customers list and assign them (right-click); Territory → Auto-design…; "
                "Schedule → Build calendar…, then click a day in the Calendar. "
                "Import customer list (toolbar, or File → New plan from spreadsheet…) loads "
                "your own customers; Help → Getting started shows the steps."
            )
        )
        self._banner_button.setText(tr("Dismiss"))

    def _on_files_planOpened(self, _path: str) -> None:
        if self.banner is not None and not self.banner.isHidden():  # the sample's welcome
            self.dismiss_banner()

    def dismiss_banner(self) -> None:
        if self.banner is not None:
            self.banner.hide()
        settings_store.set_first_start_done()
