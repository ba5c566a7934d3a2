"""Item delegates: how one column of a table view is drawn or edited."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from qjtasks.core import ladder


class ElideLeft(QStyledItemDelegate):
    """“…〔2026〕7号”: the end of a 督办编号 is the part that tells two apart."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class RungDelegate(QStyledItemDelegate):
    """A combo box of the ladder's rungs, made only while a cell is being edited."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(list(ladder.RUNGS))
        box.activated.connect(lambda _i, b=box: self.commitData.emit(b))
        return box

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
