"""A figure of a narrative: number, caption, chart type, a small table of values, alt text, source.

Edits npmassess.figures.Figure objects (the one figure model the exports draw); the store keeps them
with the node's narrative (Store.set_figures). Until the core has both, the desk hides its button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.figures import CHART_NAMES as CHART_LABELS  # the core names them
from npmassess.i18n import _

from . import colours
from .form_check import mark


def figures_available(store) -> bool:
    """True when the core has the figure model and the store keeps figures."""
    try:
        import npmassess.figures  # noqa: F401
    except ImportError:
        return False
    return hasattr(store, "set_figures")


class FigureDialog(QDialog):
    """Edits one figure; figure() gives the result after OK (check() problems are shown inline)."""

    def __init__(self, figure=None, number: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        from npmassess.figures import CHARTS, Figure
        self.setWindowTitle(self.tr("Figure"))
        fig = figure or Figure(number, "", "line", [self.tr("Year"), self.tr("Value")], [["2023", None], ["2024", None], ["2025", None]])
        self.number = QLineEdit(fig.number)
        self.number.setAccessibleName(self.tr("Figure number"))
        self.number.setPlaceholderText(self.tr("as the award numbers it, e.g. 7.1-1"))
        self.caption = QLineEdit(fig.caption)
        self.caption.setAccessibleName(self.tr("Caption"))
        self.chart = QComboBox()
        self.chart.setAccessibleName(self.tr("Kind of figure"))
        for key in CHARTS:
            self.chart.addItem(_(CHART_LABELS.get(key, key)), key)
        self.chart.setCurrentIndex(max(0, self.chart.findData(fig.chart)))
        self.table = QTableWidget(0, 0)
        self.table.setAccessibleName(self.tr("Values: first column the category, then one column per series"))
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self._fill(fig.columns, fig.rows)
        self.alt = QPlainTextEdit(fig.alt)
        self.alt.setAccessibleName(self.tr("Alternative text"))
        self.alt.setPlaceholderText(self.tr("What the figure shows, for readers who cannot see it "
                                            "(left empty: a description of the values is written)"))
        self.alt.setTabChangesFocus(True)
        self.alt.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.source = QLineEdit(fig.source)
        self.source.setAccessibleName(self.tr("Source of the data"))
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add row"), lambda: self.table.insertRow(self.table.rowCount())),
                           (self.tr("Add column"), self._add_column),
                           (self.tr("Remove row"), lambda: self.table.removeRow(self.table.currentRow())),
                           (self.tr("Remove column"), lambda: self.table.removeColumn(self.table.currentColumn()))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Number:"), self.number)
        form.addRow(self.tr("&Caption:"), self.caption)
        form.addRow(self.tr("&Kind:"), self.chart)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colours.error_colour(self)}; font-weight: bold;")
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        values_label = QLabel(self.tr("&Values (first row: column names)"))
        values_label.setBuddy(self.table)  # Alt+V reaches the table; the & is not shown as text
        lay.addWidget(values_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        alt_label = QLabel(self.tr("&Alternative text:"))
        alt_label.setBuddy(self.alt)
        lay.addWidget(alt_label)
        lay.addWidget(self.alt)
        src = QFormLayout()
        src.addRow(self.tr("&Source:"), self.source)
        lay.addLayout(src)
        lay.addWidget(self.error)
        lay.addWidget(box)
        self.resize(640, 560)
        self._result = None

    def _fill(self, columns: list[str], rows: list[list]) -> None:
        width = max([len(columns)] + [len(r) for r in rows] + [2])
        self.table.setColumnCount(width)
        self.table.setRowCount(1 + len(rows))
        for c in range(width):
            self.table.setItem(0, c, QTableWidgetItem(columns[c] if c < len(columns) else ""))
        for r, row in enumerate(rows, 1):
            for c in range(width):
                value = row[c] if c < len(row) else None
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else f"{value}"))
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()

    def _add_column(self) -> None:
        self.table.insertColumn(self.table.columnCount())

    def _cell(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item is not None else ""

    def figure(self):
        """The figure as typed (numbers read with a point or a comma)."""
        from npmassess.figures import Figure
        cols = self.table.columnCount()
        columns = [self._cell(0, c) for c in range(cols)]
        while columns and not columns[-1]:
            columns.pop()
        rows = []
        for r in range(1, self.table.rowCount()):
            cells = [self._cell(r, c) for c in range(len(columns))]
            if not any(cells):
                continue
            values: list = [cells[0]]
            for text in cells[1:]:
                try:
                    values.append(float(text.replace(",", ".")) if text else None)
                except ValueError:
                    values.append(text)
            rows.append(values)
        return Figure(self.number.text().strip(), self.caption.text().strip(), self.chart.currentData(),
                      columns, rows, self.alt.toPlainText().strip(), self.source.text().strip())

    def problem(self) -> str | None:
        from npmassess.figures import check
        fig = self.figure()
        bad = [f"{fig.columns[c] or c + 1} {r[c]!r}" for r in fig.rows for c in range(1, len(r))
               if isinstance(r[c], str)]
        if bad and fig.chart in ("bar", "line"):
            return self.tr("Figure {n}: these values are not numbers: {bad}").format(n=fig.number or "?",
                                                                                   bad=", ".join(bad[:5]))
        return check(fig)

    def accept(self) -> None:
        problem = self.problem()
        mark(self.number, problem if problem and "number" in problem.lower() else "")
        if problem:
            self.error.setText(problem)
            return
        self._result = self.figure()
        super().accept()

    def result_figure(self):
        return self._result


class FigureList(QWidget):
    """The figures of the node under its narrative: add, edit, remove (each change undoable)."""

    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Figures of this item"))
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.list.itemActivated.connect(lambda _i: self.edit())
        row = QHBoxLayout()
        for text, slot in ((self.tr("Add figure…"), self.add), (self.tr("Edit figure…"), self.edit),
                           (self.tr("Remove figure"), self.remove)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addLayout(row)

    def figures(self) -> list:
        snap = self.editor.session.snapshot()
        return list(getattr(snap, "figures", {}).get(self.editor.node_id, []))

    def refresh(self) -> None:
        self.list.clear()
        for f in self.figures():
            self.list.addItem(f"Figure {f.number}: {f.caption}")
            self.list.item(self.list.count() - 1).setData(Qt.AccessibleDescriptionRole, f.alt_text())

    def _save(self, figures: list) -> None:
        from npmassess.errors import NpmassessError

        from . import dialogs, undo
        try:
            undo.set_figures(self.editor.session, self.editor.node_id, figures)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot save the figures"), str(exc))

    def _ask(self, figure=None):
        figs = self.figures()
        number = figure.number if figure else f"{self.editor.node_id}-{len(figs) + 1}"
        dlg = FigureDialog(figure, number, self)
        return dlg.result_figure() if dlg.exec() else None

    def add(self) -> None:
        fig = self._ask()
        if fig is not None:
            self._save(self.figures() + [fig])

    def edit(self) -> None:
        row = self.list.currentRow()
        figs = self.figures()
        if 0 <= row < len(figs):
            fig = self._ask(figs[row])
            if fig is not None:
                figs[row] = fig
                self._save(figs)

    def remove(self) -> None:
        row = self.list.currentRow()
        figs = self.figures()
        if 0 <= row < len(figs):
            del figs[row]
            self._save(figs)
