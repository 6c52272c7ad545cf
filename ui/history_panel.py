"""The history panel: the audit trail of the selected node (who, when, old → new, source, reason)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.process import audit
from npmassess.process.anonymity import shown_participants

from .session import Session

COLUMNS = (QT_TRANSLATE_NOOP("HistoryPanel", "When"), QT_TRANSLATE_NOOP("HistoryPanel", "Who"),
           QT_TRANSLATE_NOOP("HistoryPanel", "Change"), QT_TRANSLATE_NOOP("HistoryPanel", "From file"),
           QT_TRANSLATE_NOOP("HistoryPanel", "Reason"))


class HistoryPanel(QDialog):
    """A non-modal window that follows the selected node (or shows the whole assessment)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("History"))
        self.resize(900, 420)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.PlainText)
        self.whole = QCheckBox(self.tr("Whole assessment"), self)
        self.whole.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Audit trail: who changed what, when and why"))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(2, QHeaderView.Stretch)
        for c, w in ((0, 165), (1, 130), (3, 130), (4, 150)):
            self.table.setColumnWidth(c, w)
        self.check = QLabel(self)
        box = QDialogButtonBox(QDialogButtonBox.Close, self)
        box.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.whole)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.check)
        layout.addWidget(box)
        session.node_selected.connect(lambda _n: self.refresh())
        session.changed.connect(lambda _k: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        node = None if self.whole.isChecked() else s.current_node
        rows = audit.history(s.store, s.assessment_id, node)
        names = {p.id: p.name for p in shown_participants(s.snapshot())}
        dims = {d.id: d.title() for m in s.framework.methods.values() for d in m.dimensions}
        if node:
            try:
                label = f"{node} {s.framework.node(node).title()}"
            except KeyError:
                label = node
            self.title.setText(self.tr("Changes to {node}: {n}").format(node=label, n=len(rows)))
        else:
            self.title.setText(self.tr("Changes to the whole assessment: {n}").format(n=len(rows)))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(reversed(rows)):  # newest first
            for c, v in enumerate((row["at"].replace("T", " ")[:19], row["user"], audit.describe(row, names, dims),
                                   row["source"], row["reason"])):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        res = audit.verify(s.store)
        self.check.setText(self.tr("Audit trail intact ({n} rows).").format(n=res.rows) if res.ok else
                           "⚠ " + self.tr("The audit trail has been tampered with: {p}.").format(p=res.problem))
