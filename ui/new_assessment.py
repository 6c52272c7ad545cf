"""New assessment dialog: framework, edition, scoring method, organisation, cycle, participants."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from npmassess.errors import ValidationError
from npmassess.frameworks import Library
from npmassess.store import Store
from npmassess.validation import check_cycle

from . import colours
from .form_check import RoleDelegate, Touched, mark

LIMITS = {"organisation": 300, "unit": 300, "cycle": 50}


class ParticipantsTable(QWidget):
    """An editable list of (name, role) with add, remove and reorder; names are edited in place."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role")])
        self.table.setAccessibleName(self.tr("Participants"))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.table.setItemDelegateForColumn(1, RoleDelegate(self.table))  # Facilitator, Member, Observer
        self.add_btn = QPushButton(self.tr("&Add participant"), self)
        self.remove_btn = QPushButton(self.tr("&Remove"), self)
        self.up_btn = QPushButton(self.tr("Up"), self)
        self.down_btn = QPushButton(self.tr("Down"), self)
        self.add_btn.setAccessibleName(self.tr("Add a participant"))
        self.remove_btn.setAccessibleName(self.tr("Remove the selected participant"))
        self.add_btn.clicked.connect(lambda: self.add())
        self.remove_btn.clicked.connect(self.remove)
        self.up_btn.clicked.connect(lambda: self.move(-1))
        self.down_btn.clicked.connect(lambda: self.move(1))
        row = QHBoxLayout()
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)

    def add(self, name: str = "", role: str | None = None) -> None:
        if role is None:
            from npmassess.assessment import value_label
            role = value_label("Member")
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        self.table.setItem(r, 1, QTableWidgetItem(role))
        self.table.setCurrentCell(r, 0)
        if not name:
            self.table.editItem(self.table.item(r, 0))

    def remove(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def move(self, offset: int) -> None:
        r = self.table.currentRow()
        j = r + offset
        if r < 0 or not 0 <= j < self.table.rowCount():
            return
        a, b = self.rows()[r], self.rows()[j]
        for row, (name, role) in ((r, b), (j, a)):
            self.table.item(row, 0).setText(name)
            self.table.item(row, 1).setText(role)
        self.table.setCurrentCell(j, 0)

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            name = self.table.item(r, 0).text() if self.table.item(r, 0) else ""
            role = self.table.item(r, 1).text() if self.table.item(r, 1) else ""
            out.append((name, role))
        return out


class NewAssessmentDialog(QDialog):
    """Collects everything an assessment needs and creates it in the store on OK."""

    def __init__(self, store: Store, library: Library | None = None, parent=None, writer=None):
        """writer: a callable giving the Writer to create on (the window's); else the dialog opens its own."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("New assessment"))
        self.store = store
        self._writer_for = writer
        self._own_writer = None
        self.job = None  # the pending creation (ui.write_jobs.WriteJob)
        self.on_pending = None  # told True/False while the creation waits for the file's lock
        self.library = library or store.frameworks
        self.created_id: str | None = None
        self.frameworks = sorted(self.library, key=lambda f: (str(f.title), f.edition))

        self.framework = QComboBox(self)
        self.framework.setAccessibleName(self.tr("Framework and edition"))
        for fw in self.frameworks:
            self.framework.addItem(fw.title_with_edition(), fw.key)
        self.fw_description = QLabel(self)
        self.fw_description.setWordWrap(True)
        self.fw_description.setTextFormat(Qt.PlainText)
        self.method = QComboBox(self)
        self.method.setAccessibleName(self.tr("Scoring method"))
        self.method_description = QLabel(self)
        self.method_description.setWordWrap(True)
        self.organisation = QLineEdit(self)
        self.organisation.setPlaceholderText(self.tr("e.g. City of Valmora, Department of Social Services"))
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText(self.tr("e.g. Family Benefits Unit, or Whole organisation"))
        self.cycle = QLineEdit(str(date.today().year), self)
        self.cycle.setPlaceholderText(self.tr("a year or a span, e.g. 2026 or 2026/27"))
        self.touched = Touched(self)
        for w, key, name in ((self.organisation, "organisation", self.tr("Organisation")),
                             (self.unit, "unit", self.tr("Unit")), (self.cycle, "cycle", self.tr("Cycle"))):
            w.setAccessibleName(name)
            w.textChanged.connect(lambda _t, k=key: (self.touched.touch(k), self.validate()))
            w.editingFinished.connect(lambda k=key: (self.touched.touch(k), self.validate()))
        self.organisation.setMaxLength(LIMITS["organisation"])
        self.unit.setMaxLength(LIMITS["unit"])
        self.cycle.setMaxLength(LIMITS["cycle"])

        fw_box = QGroupBox(self.tr("Framework"), self)
        form = QFormLayout(fw_box)
        form.addRow(self.tr("&Framework:"), self.framework)
        form.addRow(self.fw_description)
        self.method_label = QLabel(self.tr("Scoring &method:"), self)
        self.method_label.setBuddy(self.method)
        form.addRow(self.method_label, self.method)
        form.addRow(self.method_description)
        org_box = QGroupBox(self.tr("Who is assessed"), self)
        form2 = QFormLayout(org_box)
        form2.addRow(self.tr("&Organisation:"), self.organisation)
        form2.addRow(self.tr("&Unit:"), self.unit)
        form2.addRow(self.tr("&Cycle:"), self.cycle)
        people_box = QGroupBox(self.tr("Self-assessment group"), self)
        self.participants = ParticipantsTable(people_box)
        self.participants.table.itemChanged.connect(lambda _i: self._people_touched())
        self.participants.table.model().rowsRemoved.connect(lambda *_: self._people_touched())
        QVBoxLayout(people_box).addWidget(self.participants)

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problems to fix"))
        self.error.setStyleSheet(f"color: {colours.error_colour(self)}; font-weight: bold;")
        self.hint = QLabel(self)  # why Create is not yet possible, before any field shows an error
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Still needed"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(fw_box)
        left.addWidget(org_box)
        left.addStretch(1)
        cols = QHBoxLayout()
        cols.addLayout(left, 3)
        cols.addWidget(people_box, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(cols, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.hint)
        lay.addWidget(self.buttons)
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.method.currentIndexChanged.connect(self._method_changed)
        default = next((i for i, f in enumerate(self.frameworks) if f.id == "caf"), 0)
        self.framework.setCurrentIndex(default)
        self._framework_changed(default)
        self.resize(1000, 600)
        self.validate()

    # -- framework and method -------------------------------------------------------------
    def selected_framework(self):
        i = self.framework.currentIndex()
        return self.frameworks[i] if 0 <= i < len(self.frameworks) else None

    def _framework_changed(self, _index: int) -> None:
        fw = self.selected_framework()
        if fw is None:
            return
        text = fw.description()
        extra = [self.tr("Publisher: {p}").format(p=fw.publisher),
                 self.tr("Edition: {e}").format(e=fw.edition_label()),
                 self.tr("Nodes to score: {n}").format(n=len(fw.scored_nodes()))]
        self.fw_description.setText(f"{text}\n{' · '.join(extra)}")
        self.method.blockSignals(True)
        self.method.clear()
        for m in fw.methods.values():
            self.method.addItem(m.title(), m.id)
        self.method.setCurrentIndex(max(0, self.method.findData(fw.default_method)))
        self.method.blockSignals(False)
        several = len(fw.methods) > 1
        self.method.setEnabled(several)
        self._method_changed(self.method.currentIndex())

    def _method_changed(self, _index: int) -> None:
        fw = self.selected_framework()
        mid = self.method.currentData()
        if fw is not None and mid in fw.methods:
            self.method_description.setText(fw.methods[mid].description())

    # -- validation -----------------------------------------------------------------------
    def _people_touched(self) -> None:
        self.touched.touch("participants")
        self.validate()

    def field_problems(self) -> dict[str, list[str]]:
        """Reasons the form cannot be created yet, per field ('framework', 'organisation', …)."""
        out: dict[str, list[str]] = {}
        if self.selected_framework() is None:
            out.setdefault("framework", []).append(self.tr("Choose a framework."))
        for w, key, name in ((self.organisation, "organisation", self.tr("Organisation")),
                             (self.unit, "unit", self.tr("Unit")), (self.cycle, "cycle", self.tr("Cycle"))):
            if not w.text().strip():
                out.setdefault(key, []).append(self.tr("{field} must not be empty.").format(field=name))
        if self.cycle.text().strip() and "cycle" not in out:
            try:
                check_cycle("cycle", self.cycle.text())
            except ValidationError:
                out["cycle"] = [self.tr("Cycle: '{text}' is not a year or a span of years such as 2026 or "
                                        "2026/27.").format(text=self.cycle.text().strip())]
        rows = self.participants.rows()
        people = out.setdefault("participants", [])
        if not rows:
            people.append(self.tr("Add at least one participant."))
        seen: set[str] = set()
        for i, (name, _role) in enumerate(rows, 1):
            key = name.strip().casefold()
            if not key:
                people.append(self.tr("Participant {n} has no name.").format(n=i))
            elif key in seen:
                people.append(self.tr("'{name}' appears twice among the participants.").format(name=name.strip()))
            seen.add(key)
        return {k: v for k, v in out.items() if v}

    def problems(self) -> list[str]:
        """Every reason the form cannot be created yet, as sentences naming the field."""
        return [p for problems in self.field_problems().values() for p in problems]

    def validate(self) -> bool:
        """Enable Create when all is well; show (and mark) the problems of fields already touched."""
        problems = self.field_problems()
        shown = [p for key, ps in problems.items() if key in self.touched for p in ps]
        self.error.setText(" ".join(shown))
        for key, widget in (("organisation", self.organisation), ("unit", self.unit), ("cycle", self.cycle),
                            ("participants", self.participants.table)):
            mark(widget, " ".join(problems.get(key, [])) if key in self.touched else "")
        names = {"framework": self.tr("a framework"), "organisation": self.tr("the organisation"),
                 "unit": self.tr("the unit"), "cycle": self.tr("the cycle"), "participants": self.tr("the participants")}
        waiting = [names[k] for k in problems if k not in self.touched]
        self.hint.setText(self.tr("Still needed before Create: {fields}.").format(fields=", ".join(waiting))
                          if waiting else "")
        self.ok.setEnabled(not problems)
        return not problems

    def writer(self):
        """The writer thread the assessment is created on (never the GUI thread's connection)."""
        if self._writer_for is not None:
            return self._writer_for()
        if self._own_writer is None:
            from .writer import Writer
            self._own_writer = Writer(self.store.path, self.store.frameworks)
            self.finished.connect(lambda _r: self._own_writer.stop())
        return self._own_writer

    def accept(self) -> None:
        """Create on the writer thread; the dialog closes once the assessment has committed."""
        from .write_jobs import WriteJob, message
        if self.job is not None and self.job.pending():
            return
        self.touched.all()
        if not self.validate():
            return
        fw = self.selected_framework()
        args = (fw, self.organisation.text().strip(), self.unit.text().strip(), self.cycle.text().strip(),
                self.method.currentData())
        people = [(n.strip(), r.strip()) for n, r in self.participants.rows()]

        def created(aid: str) -> None:
            self.created_id = aid
            QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            self.error.setText(message(exc))

        self.error.setText("")
        self.job = WriteJob(self, self.writer(), self.tr("New assessment"),
                            lambda st: st.create_assessment(*args, participants=people), created,
                            on_failed=failed, widgets=[self.buttons], on_pending=self._pending)
        self.job.start()

    def _pending(self, on: bool) -> None:
        from .write_jobs import saving_text
        self.hint.setText(saving_text() if on else "")
        if self.on_pending is not None:
            self.on_pending(on)

    def reject(self) -> None:
        if self.job is not None and self.job.pending():
            return  # the creation is queued: it commits or fails first (nothing half-done)
        super().reject()
