"""Start page: first-run welcome, recent assessments, and the ways in (new, open, import, demo)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.store import Store, Summary
from npmassess.i18n import current_language
from npmassess.numbers import short_date

# Qt.UserRole + 1, spelled as its value: importing Qt's namespace creates its ~90 enums (about 28 ms)
# before the start page can show, and nothing else on this page needs it
IdRole = 0x0100 + 1


def completeness(store: Store, s: Summary) -> tuple[float | None, float | None]:
    """Share of individual scores and of consensus scores entered (None if unknown)."""
    try:
        fw = store.frameworks.get(s.framework_id, s.edition)
        method = fw.method(s.method)
    except (NpmassessError, KeyError):
        return None, None
    dims = sum(len(method.dimensions_for(n.type)) for n in fw.scored_nodes())
    if not dims:
        return None, None
    ratings = getattr(s, "rating_values", None)  # not every store version counts them (cheap list)
    individual = None if ratings is None else (ratings / (dims * s.participants) if s.participants else 0.0)
    return individual, s.consensus_values / dims


class StartView(QWidget):
    """What the user sees before an assessment is open."""

    open_requested = Signal(str)
    new_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()
    welcome_dismissed = Signal()

    def __init__(self, store: Store, show_welcome: bool = False, parent=None, fill: bool = True):
        """fill False leaves the list empty until the page is first shown (or refresh() is called)."""
        super().__init__(parent)
        self.store = store
        self._filled = False
        self.welcome = self._build_welcome()
        self.welcome.setVisible(show_welcome)

        heading = QLabel(self.tr("Recent assessments"), self)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Organisation"), self.tr("Unit"), self.tr("Framework"), self.tr("Cycle"),
            self.tr("Status"), self.tr("Completeness"), self.tr("Last change")])
        self.table.setAccessibleName(self.tr("Recent assessments"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeToContents)
        hh.setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.empty = QLabel(self.tr("No assessment yet. Start a new one, import a file from a colleague, "
                                    "or open the demo to look around."), self)
        self.empty.setWordWrap(True)

        self.new_btn = QPushButton(self.tr("&New assessment…"), self)
        self.open_btn = QPushButton(self.tr("&Open selected"), self)
        self.import_btn = QPushButton(self.tr("&Import a file…"), self)
        self.demo_btn = QPushButton(self.tr("Open the &demo"), self)
        self.new_btn.setToolTip(self.tr("Create an assessment: framework, organisation, participants (Ctrl+N)"))
        self.import_btn.setToolTip(self.tr("Open an assessment file (.json or package) from a colleague (Ctrl+I)"))
        self.demo_btn.setToolTip(self.tr("Create a sample CAF assessment with five participants to explore"))
        self.new_btn.clicked.connect(self.new_requested)
        self.open_btn.clicked.connect(self.open_selected)
        self.import_btn.clicked.connect(self.import_requested)
        self.demo_btn.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        for b in (self.new_btn, self.open_btn, self.import_btn, self.demo_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 18, 24, 18)
        lay.addWidget(self.welcome)
        lay.addWidget(heading)
        lay.addLayout(buttons)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addStretch(0)  # takes the room below an empty list, so the empty state stays at the top
        self._layout = lay
        if fill:
            self.refresh()

    def _build_welcome(self) -> QFrame:
        box = QFrame(self)
        box.setFrameShape(QFrame.StyledPanel)
        box.setAccessibleName(self.tr("Welcome"))
        text = QLabel(box)
        text.setWordWrap(True)
        # the default text format shows this as rich text (it starts with a tag); see IdRole for Qt.*
        text.setText(self.tr(
            "<h2>Welcome to npmassess</h2>"
            "<p>A self-assessment against an excellence framework (CAF, EFQM, Baldrige and the quality awards "
            "built on it, MAF, Capability Review and more) "
            "runs in four steps, and this tool follows them:</p>"
            "<ol>"
            "<li><b>Individual scoring</b> – each member of the self-assessment group scores every "
            "sub-criterion on their own and notes evidence, strengths and areas for improvement.</li>"
            "<li><b>Consensus</b> – the group meets; the nodes where scores differ most come first, "
            "and the agreed score and its rationale are recorded.</li>"
            "<li><b>Improvement plan</b> – areas for improvement become actions with an owner, a due "
            "date, impact and effort.</li>"
            "<li><b>Report</b> – export a PDF capability review and an Excel workbook.</li>"
            "</ol>"
            "<p>Every change is saved at once; Ctrl+Z undoes it. Nothing leaves this computer unless you "
            "export it.</p>"))
        ok = QPushButton(self.tr("Got it"), box)
        ok.setAccessibleName(self.tr("Close the welcome"))
        ok.clicked.connect(self._dismiss)
        lay = QVBoxLayout(box)
        lay.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(ok)
        lay.addLayout(row)
        return box

    def _dismiss(self) -> None:
        self.welcome.hide()
        self.welcome_dismissed.emit()

    def refresh(self) -> None:
        """Reload the list of assessments from the store."""
        self._filled = True
        rows = self.store.list_assessments()
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            try:
                fw = self.store.frameworks.get(s.framework_id, s.edition)
                fw_text = fw.short_title()
                # "CAF 2020" already names its edition; "MAF (current)" names an undated one
                if fw.edition not in fw_text and any(ch.isdigit() for ch in fw.edition):
                    fw_text += f" {fw.edition}"
                if len(fw.methods) > 1:  # a dot, not brackets: method titles may hold their own ('(five levels)')
                    fw_text += f" · {fw.method(s.method).title()}"
            except (NpmassessError, KeyError):
                fw_text = f"{s.framework_id} {s.edition}"
            ind, cons = completeness(self.store, s)
            if cons is None:
                done = "—"
            elif ind is None:
                done = self.tr("consensus {cons:.0f} % · {n} participants").format(cons=cons * 100, n=s.participants)
            else:
                done = self.tr("{ind:.0f} % · consensus {cons:.0f} %").format(ind=ind * 100, cons=cons * 100)
            cells = [s.organisation, s.unit, fw_text, s.cycle, self.tr(s.status), done, short_date(s.updated[:16], current_language())]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(IdRole, s.id)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._layout.setStretch(self._layout.count() - 1, 0 if rows else 1)
        self.open_btn.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def selected_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(IdRole) if item is not None else None

    def open_selected(self) -> None:
        aid = self.selected_id()
        if aid:
            self.open_requested.emit(aid)
