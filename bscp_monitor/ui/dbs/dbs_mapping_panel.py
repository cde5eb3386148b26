"""The column mapping of a DBS import, per sheet: each header found in the file and the
field it is read into, which the user can change before importing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bscp_monitor.dbs.columns import FIELD_LABELS, Column, Field
from bscp_monitor.dbs.importer import ImportPlan
from bscp_monitor.ui.kit.accessible import named

UNRECOGNISED_TIP = "BSCP Monitor does not know this column: choose what it holds, if anything."


def why_text(column: Column) -> str:
    """Why a column is read as it is: the words that matched, or what it holds."""
    if column.reason:
        return column.reason[0].upper() + column.reason[1:]
    if column.field is None:
        return "Not known: not imported unless you choose a field."
    return ""


class MappingPanel(QScrollArea):
    """Emits ``mapping_changed(header, Field)`` when the user picks another field."""

    mapping_changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mappingPanel")
        named(self, "Columns found", "Which column of the sheet is read as which field, and why")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.combos: dict[tuple[str, str], QComboBox] = {}  # (sheet, header) -> combo
        self.set_plan(None)

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.combos = {}
        inner = QWidget()
        inner.setObjectName("mappingInner")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        if plan is None:
            note = QLabel("The columns found in the file will be listed here.")
            note.setObjectName("noteLabel")
            note.setWordWrap(True)
            layout.addWidget(note)
        else:
            for sheet in plan.sheets:
                title = f"Sheet “{sheet.name}”" if sheet.name else "Columns"
                heading = QLabel(f"<b>{title}</b> — header on row {sheet.header_row}")
                heading.setTextFormat(Qt.TextFormat.RichText)
                layout.addWidget(heading)
                grid = QGridLayout()
                grid.setHorizontalSpacing(8)
                grid.setVerticalSpacing(4)
                grid.setColumnStretch(0, 1)
                grid.setColumnStretch(1, 1)
                for number, column in enumerate(sheet.columns):
                    row = 2 * number
                    label = QLabel(column.header)
                    label.setWordWrap(True)
                    label.setToolTip(column.header)
                    combo = QComboBox()
                    combo.setSizeAdjustPolicy(
                        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                    )
                    combo.setMinimumContentsLength(12)
                    for field, text in FIELD_LABELS.items():
                        combo.addItem(text, field)
                    field = column.field or Field.IGNORE
                    combo.setCurrentIndex(combo.findData(field))
                    if column.field is None:
                        label.setToolTip(UNRECOGNISED_TIP)
                        label.setStyleSheet("color: #6c727c; font-style: italic;")
                    combo.setAccessibleName(f"Field for the column {column.header}")
                    combo.currentIndexChanged.connect(
                        lambda _i, h=column.header, c=combo: self.mapping_changed.emit(
                            h, Field(c.currentData())
                        )
                    )
                    grid.addWidget(label, row, 0)
                    grid.addWidget(combo, row, 1)
                    why = QLabel(why_text(column))
                    why.setObjectName("mappingReason")
                    why.setWordWrap(True)
                    why.setStyleSheet("color: #6c727c; font-size: 11px;")
                    grid.addWidget(why, row + 1, 0, 1, 2)
                    self.combos[(sheet.name or "", column.header)] = combo
                layout.addLayout(grid)
        layout.addStretch(1)
        old = self.takeWidget()
        if old is not None:  # a combo of the old one may be emitting: delete it later
            old.hide()
            old.deleteLater()
        self.setWidget(inner)

    def combo_for(self, header: str, sheet: str | None = None) -> QComboBox:
        """The combo of a header (on the named sheet, or the first sheet that has it)."""
        for (sheet_name, text), combo in self.combos.items():
            if text == header and (sheet is None or sheet == sheet_name):
                return combo
        raise KeyError(header)
