"""The user guide shipped with the app (resources/user_guide.html), shown in a window of its
own: F1 anywhere, or Help > User guide. Readable without a network."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from bscp_monitor.common.resource_files import resource_text

GUIDE_FILE = "user_guide.html"
_WINDOW: list[UserGuideWindow] = []


class UserGuideWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("BSCP Monitor — user guide")
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # offline: only the guide's own anchors
        self.browser.setAccessibleName("User guide")
        try:
            self.browser.setHtml(resource_text(GUIDE_FILE))
        except OSError:
            self.browser.setPlainText("The user guide is missing from this installation.")
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.activated.connect(self.close)


def show_user_guide(parent: QWidget | None = None) -> UserGuideWindow:
    """Show the guide (one window, raised if already open)."""
    if not _WINDOW:
        _WINDOW.append(UserGuideWindow(parent))
    window = _WINDOW[0]
    try:
        window.show()
    except RuntimeError:  # its parent was closed and took it along
        _WINDOW.clear()
        return show_user_guide(parent)
    window.raise_()
    window.activateWindow()
    return window


def add_help_shortcut(window: QWidget) -> QShortcut:
    """F1 in ``window`` opens the guide."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_user_guide(window.window()))
    return shortcut
