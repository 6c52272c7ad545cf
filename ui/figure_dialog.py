"""A figure of a narrative: number, caption, chart type, a small table of values (or an image), alt text, source.

Edits npmassess.figures.Figure objects (the one figure model the exports draw); the store keeps them
with the node's narrative (Store.set_figures). Until the core has both, the desk hides its button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.figures import CHART_NAMES as CHART_LABELS  # the core names them
from npmassess.errors import NpmassessError
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
        self.chart.currentIndexChanged.connect(lambda _i: self._show_kind())
        # an image figure: the picture picked from disk (checked by npmassess.figure_images), its preview
        self._image = fig if fig.is_image else None  # the image fields (digest, pixel size) of the figure
        self._image_bytes: dict[str, bytes] = {}  # a newly picked image, by SHA-256, for Store.set_figures
        self.pick = QPushButton(self.tr("&Image…"))
        self.pick.setAccessibleName(self.tr("Choose a PNG or JPEG image"))
        self.pick.clicked.connect(self.choose_image)
        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Preview of the image"))
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(260, 170)
        self.preview.setFrameShape(QLabel.StyledPanel)
        self.image_note = QLabel()
        self.image_note.setWordWrap(True)
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
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.chart, 1)
        kind_row.addWidget(self.pick)
        kind_label = QLabel(self.tr("&Kind:"))
        kind_label.setBuddy(self.chart)  # a layout in the row: the label needs its buddy set by hand
        form.addRow(kind_label, kind_row)
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
        self.table_part = QWidget()
        table_lay = QVBoxLayout(self.table_part)
        table_lay.setContentsMargins(0, 0, 0, 0)
        table_lay.addWidget(values_label)
        table_lay.addWidget(self.table, 1)
        table_lay.addLayout(buttons)
        self.image_part = QWidget()
        image_lay = QVBoxLayout(self.image_part)
        image_lay.setContentsMargins(0, 0, 0, 0)
        image_lay.addWidget(self.preview, 1)
        image_lay.addWidget(self.image_note)
        lay.addWidget(self.table_part, 1)
        lay.addWidget(self.image_part, 1)
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
        self._show_image(self._image_data(fig))
        self._show_kind()

    # -- an image figure ------------------------------------------------------------------------
    def _image_data(self, fig) -> bytes | None:
        """The bytes of the figure's stored image (from the parent's session), for the preview."""
        if not fig.is_image:
            return None
        session = getattr(getattr(self.parent(), "editor", None), "session", None)
        return session.snapshot().images.get(fig.image) if session is not None else None

    def _show_kind(self) -> None:
        image = self.chart.currentData() == "image"
        self.table_part.setVisible(not image)
        self.image_part.setVisible(image)
        self.alt.setPlaceholderText(self.tr("What the image shows, for readers who cannot see it") if image else
                                    self.tr("What the figure shows, for readers who cannot see it "
                                            "(left empty: a description of the values is written)"))

    def choose_image(self) -> None:
        """Ask for a PNG or JPEG; a bad file is named in the error line and nothing changes."""
        from . import dialogs
        path = dialogs.open_file(self, self.tr("Image of the figure"), self.tr("Images (*.png *.jpg *.jpeg)"))
        if path is not None:
            self.use_image(path)

    def use_image(self, path) -> bool:
        """Take the image file at path (checked by npmassess.figure_images); False, with the message shown, if bad."""
        from npmassess.figure_images import image_figure
        try:
            fig, data = image_figure(path, self.number.text().strip(), self.caption.text().strip())
        except NpmassessError as exc:
            self.error.setText(str(exc))
            return False
        self._image, self._image_bytes = fig, data
        self.chart.setCurrentIndex(self.chart.findData("image"))
        from pathlib import Path
        if not self.caption.text().strip():
            self.caption.setText(Path(path).stem)
        self.error.setText("")
        self._show_image(data[fig.image], Path(path).name)
        return True

    def _show_image(self, data: bytes | None, name: str = "") -> None:
        fig = self._image
        if fig is None:
            self.preview.setText(self.tr("No image chosen: press Image… to pick a PNG or JPEG file."))
            self.image_note.setText("")
            return
        pix = QPixmap()
        if data and pix.loadFromData(data):
            self.preview.setPixmap(pix.scaled(360, 220, Qt.KeepAspectRatio, Qt.SmoothTransformation))
        else:
            self.preview.setText(self.tr("(image not available)"))
        size = self.tr("{w} x {h} pixels").format(w=fig.width, h=fig.height)
        self.image_note.setText(f"{name} · {size}" if name else size)

    def images(self) -> dict[str, bytes]:
        """The bytes of a newly picked image (by SHA-256), to store with the figures."""
        fig = self.result_figure() or self.figure()
        return {d: b for d, b in self._image_bytes.items() if fig.is_image and d == fig.image}

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
        from npmassess.figures_edit import parse_value
        if self.chart.currentData() == "image":
            img = self._image
            return Figure(self.number.text().strip(), self.caption.text().strip(), "image",
                          alt=self.alt.toPlainText().strip(), source=self.source.text().strip(),
                          image=img.image if img else "", width=img.width if img else 0,
                          height=img.height if img else 0)
        cols = self.table.columnCount()
        columns = [self._cell(0, c) for c in range(cols)]
        while columns and not columns[-1]:
            columns.pop()
        rows = []
        for r in range(1, self.table.rowCount()):
            cells = [self._cell(r, c) for c in range(len(columns))]
            if not any(cells):
                continue
            rows.append([cells[0]] + [parse_value(text) for text in cells[1:]])
        return Figure(self.number.text().strip(), self.caption.text().strip(), self.chart.currentData(),
                      columns, rows, self.alt.toPlainText().strip(), self.source.text().strip())

    def problem(self) -> str | None:
        from npmassess.figures_edit import problem
        fig = self.figure()
        if fig.is_image and self._image is None:
            return self.tr("Figure {n}: choose its image (Image…)").format(n=fig.number or "?")
        return problem(fig)  # the core's rules, the same as the `figure add` command's

    def accept(self) -> None:
        problem = self.problem()
        mark(self.number, problem if problem and not self.number.text().strip() else "")
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
        self.empty = QLabel(self.tr("No figure yet: Add figure… makes a chart from a small table of values "
                                    "or places an image, numbered as the award numbers figures."), self)
        self.empty.setWordWrap(True)
        self.moved = QLabel(self)  # says when the register's figures were renumbered by a change here
        self.moved.setWordWrap(True)
        self.moved.hide()
        self._moved_for = None
        row = QHBoxLayout()
        self.buttons = []
        for text, slot in ((self.tr("Add figure…"), self.add), (self.tr("Edit figure…"), self.edit),
                           (self.tr("Remove figure"), self.remove)):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons.append(b)
        self.add_btn, self.edit_btn, self.remove_btn = self.buttons
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        lay.addWidget(self.empty)
        lay.addWidget(self.moved)
        lay.addLayout(row)
        self.list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        """Edit and Remove act on the selected figure: off while there is none; the hint while the list is empty."""
        has = self.list.count() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        own = len(self.figures()) if has else 0
        for b in (self.edit_btn, self.remove_btn):  # the register's figures are edited in the register
            b.setEnabled(0 <= self.list.currentRow() < own)

    def figures(self) -> list:
        snap = self.editor.session.snapshot()
        return list(getattr(snap, "figures", {}).get(self.editor.node_id, []))

    def _register(self):
        """(node, the unit's results register) when this is a results item, else None."""
        session, node_id = self.editor.session, self.editor.node_id
        fw = session.framework
        try:
            node = fw.node(node_id)
        except KeyError:
            return None
        from npmassess.results.nodes import is_results_node
        if not is_results_node(fw, node):
            return None
        from npmassess.results.figures import results_data
        return node, results_data(session.store, session.assessment_id)

    def register_figures(self) -> list:
        """The results register's measures the export shows as this item's figures (numbered after the team's)."""
        found = self._register()
        if found is None:
            return []
        from npmassess.figure_numbers import register_figures
        return register_figures(self.editor.session.snapshot(), self.editor.session.framework, *found)

    def refresh(self) -> None:
        if self.editor.node_id != self._moved_for:  # the renumbering note belongs to the item it was made on
            self.moved.hide()
        self.list.clear()
        for f in self.figures():
            self.list.addItem(self.tr("Figure {n}: {caption}").format(n=f.number, caption=f.caption)
                              + (" " + self.tr("(image)") if f.is_image else ""))
            self.list.item(self.list.count() - 1).setData(Qt.AccessibleDescriptionRole, f.alt_text())
        for r in self.register_figures():  # listed for their numbers: they are edited in the results register
            item = QListWidgetItem(self.tr("Figure {n}: {caption} (results register: place it with "
                                           "[Figure: {n}])").format(n=r.number, caption=r.measure.name), self.list)
            item.setFlags(Qt.ItemIsEnabled)
            item.setToolTip(self.tr("Drawn from the results register; edit the measure there."))
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _save(self, figures: list, images: dict[str, bytes] | None = None) -> None:
        """Save the team's figures; on a results item the register's figures numbered after them move, and
        so do their markers and mentions in the narrative (the core does both in one undoable edit)."""
        from . import dialogs, undo
        self.editor.commit()  # what was typed is saved first, as its own step
        try:
            undo.set_figures(self.editor.session, self.editor.node_id, figures, images, on_moved=self._moved)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot save the figures"), str(exc))

    def _moved(self, saved) -> None:
        """Say which of the register's figure numbers moved (the narrative followed), and which removed
        figure the narrative still names (figures_edit.FiguresSaved)."""
        from npmassess.i18n import listing
        lines = []
        if saved.moved:
            lines.append(self.tr("The results register's figures were renumbered ({moves}); the narrative's "
                                 "markers and mentions follow.").format(
                moves=listing([f"{old} → {new}" for old, new in saved.moved.items()])))
        if saved.dangling:
            lines.append(self.tr("The narrative still names the removed figure {numbers}: change or remove that "
                                 "reference.").format(numbers=listing(saved.dangling)))
        if not lines:
            return
        self.moved.setText("\n".join(lines))
        self.moved.show()
        self._moved_for = self.editor.node_id

    def _ask(self, figure=None):
        figs = self.figures()
        from npmassess.figures_edit import next_number
        number = figure.number if figure else next_number(self.editor.node_id, figs)
        dlg = FigureDialog(figure, number, self)
        return (dlg.result_figure(), dlg.images()) if dlg.exec() else (None, {})

    def add(self) -> None:
        fig, images = self._ask()
        if fig is not None:
            self._save(self.figures() + [fig], images)

    def edit(self) -> None:
        row = self.list.currentRow()
        figs = self.figures()
        if 0 <= row < len(figs):
            fig, images = self._ask(figs[row])
            if fig is not None:
                figs[row] = fig
                self._save(figs, images)

    def remove(self) -> None:
        row = self.list.currentRow()
        figs = self.figures()
        if 0 <= row < len(figs):
            del figs[row]
            self._save(figs)
