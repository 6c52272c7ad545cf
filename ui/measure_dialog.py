"""Dialog to add or edit a measure of the results register (its values come from an import)."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from npmassess.errors import NpmassessError
from npmassess.results.model import DIRECTIONS, LEVELS, Measure, Register, level_title
from npmassess.results.registry import check_measure, save_measures

from . import dialogs
from .results_edits import run_results_edit


class MeasureDialog(QDialog):
    """Name, level, unit, direction, definition, source, owner, links and the measure it is divided by."""

    def __init__(self, session, register: Register, measure: Measure | None, framework_id: str, parent=None):
        super().__init__(parent)
        self.session, self.register = session, register
        self.measure = copy.deepcopy(measure) if measure else Measure("", "", "output")
        self.saved_id: str | None = None
        m = self.measure
        self.setWindowTitle(self.tr("Edit measure") if measure else self.tr("New measure"))
        self.name = QLineEdit(m.name, self)
        self.level = QComboBox(self)
        for lv in LEVELS:
            self.level.addItem(level_title(lv), lv)
        self.level.setCurrentIndex(LEVELS.index(m.level))
        self.unit = QLineEdit(m.unit, self)
        self.direction = QComboBox(self)
        self.direction.addItem(self.tr("Higher is better"), "higher")
        self.direction.addItem(self.tr("Lower is better"), "lower")
        self.direction.setCurrentIndex(DIRECTIONS.index(m.direction))
        self.definition = QPlainTextEdit(m.definition, self)
        self.definition.setMaximumHeight(70)
        self.source = QLineEdit(m.source, self)
        self.owner = QLineEdit(m.owner, self)
        self.comparison_name = QLineEdit(m.comparison_name, self)
        self.links = QLineEdit(" ".join(m.links), self)
        self.links.setPlaceholderText(f"{framework_id}:6.2 {framework_id}:9.1")
        self.relates = QComboBox(self)
        self.relates.addItem(self.tr("(none)"), "")
        for other in register.measures:
            if other.id != m.id:
                self.relates.addItem(other.name, other.id)
        self.relates.setCurrentIndex(max(0, self.relates.findData(m.relates_to)))
        form = QFormLayout()
        for label, w in ((self.tr("&Name:"), self.name), (self.tr("&Level of the chain:"), self.level),
                         (self.tr("&Unit:"), self.unit), (self.tr("&Direction:"), self.direction),
                         (self.tr("De&finition:"), self.definition), (self.tr("&Source:"), self.source),
                         (self.tr("&Owner:"), self.owner), (self.tr("&Comparison with:"), self.comparison_name),
                         (self.tr("Lin&ked nodes:"), self.links), (self.tr("&Divided by (ratios):"), self.relates)):
            form.addRow(label, w)
        hint = QLabel(self.tr("Linked nodes: framework:node, separated by spaces (e.g. caf:6.2 baldrige:7.1). "
                              "Values and targets per period come from File import (CSV or Excel)."), self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addWidget(buttons)

    def save(self) -> None:
        m = self.measure
        m.name, m.level, m.unit = self.name.text(), self.level.currentData(), self.unit.text()
        m.direction, m.definition = self.direction.currentData(), self.definition.toPlainText()
        m.source, m.owner, m.comparison_name = self.source.text(), self.owner.text(), self.comparison_name.text()
        m.links = self.links.text().split()
        m.relates_to = self.relates.currentData() or ""
        org, unit = self.register.organisation, self.register.unit
        try:
            check_measure(copy.deepcopy(m))  # refuse at once, before the writer sees it
            run_results_edit(self.session, self.tr("Save measure {name}").format(name=m.name),
                             lambda st: save_measures(st, org, unit, [m]),
                             lambda ids: setattr(self, "saved_id", ids[0]))
        except NpmassessError as exc:
            dialogs.error(self, self.windowTitle(), str(exc))
            return
        self.accept()
