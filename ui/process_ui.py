"""The Process menu and the sign-off banner: stages, approve/reopen, read-only views, your name."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QWidget

from npmassess.errors import NpmassessError

from . import dialogs

# npmassess.process.stages and .write_jobs (the writer, the store, the frameworks), the identity
# helpers (getpass) and the editing widget classes (their Qt enums) are imported where used: this
# module loads with the menus, before the start page shows

# widgets of the views that only navigate or filter: they stay usable on an approved assessment
NAVIGATION = {"scoring": ("participant",), "consensus": ("threshold",),
              "plan": ("search", "status_filter", "priority_filter", "owner_filter")}
NAV_PROPERTY = "npmassess_navigation"
RO_PROPERTY = "npmassess_read_only"


def _editing_classes() -> tuple[tuple, tuple]:
    """(controls that edit, text boxes): what set_read_only disables or makes read-only."""
    from PySide6.QtWidgets import (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit,
                                   QPlainTextEdit, QTextEdit)
    return (QAbstractButton, QAbstractSpinBox, QAbstractSlider, QComboBox), (QLineEdit, QTextEdit, QPlainTextEdit)


def user_name(settings: QSettings) -> str:
    """The local user name: chosen once (QSettings 'user_name'), the OS login until then."""
    from npmassess.process.identity import default_user
    name = settings.value("user_name", "", type=str).strip()
    if not name:
        name = default_user()
        settings.setValue("user_name", name)
    return name


def ask_name_at_first_start(window) -> None:
    """At the first start, ask the name recorded in sign-offs and the history (the OS login if cancelled)."""
    settings = window.settings
    if settings.value("user_name", "", type=str).strip():
        return
    from npmassess.process.identity import check_user, default_user
    name = dialogs.ask_text(window, window.tr("Welcome to npmassess"), window.tr(
        "Your name, as recorded when you score, approve or reopen an assessment (you can change it later "
        "under Process > Your name):"), default_user())
    try:
        settings.setValue("user_name", check_user(name) if name else default_user())
    except NpmassessError:
        settings.setValue("user_name", default_user())
    if window.session is not None:  # the last assessment may already be open
        from npmassess.process import audit
        window.session.user = user_name(settings)
        audit.set_user(window.session.store, window.session.user)


def set_read_only(root: QWidget, on: bool) -> None:
    """Disable (or re-enable) every editing control under root; navigation widgets are left alone."""
    from PySide6.QtWidgets import QScrollBar
    editing, texts = _editing_classes()
    for w in root.findChildren(QWidget):
        if w.property(NAV_PROPERTY) or isinstance(w, QScrollBar) or _inside_navigation(w, root):
            continue
        if isinstance(w, texts):
            if on:
                if not w.property(RO_PROPERTY):
                    w.setProperty(RO_PROPERTY, "was-ro" if w.isReadOnly() else "ro")
                w.setReadOnly(True)  # again: a view may have made it editable
            elif not on and w.property(RO_PROPERTY):
                w.setReadOnly(w.property(RO_PROPERTY) == "was-ro")
                w.setProperty(RO_PROPERTY, None)
        elif isinstance(w, editing):
            if on:
                if not w.property(RO_PROPERTY):
                    w.setProperty(RO_PROPERTY, "was-off" if not w.isEnabled() else "off")
                w.setEnabled(False)  # again: a view may have re-enabled it
            elif not on and w.property(RO_PROPERTY):
                w.setEnabled(w.property(RO_PROPERTY) != "was-off")
                w.setProperty(RO_PROPERTY, None)


def _inside_navigation(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if p.property(NAV_PROPERTY):
            return True
        p = p.parentWidget()
    return False


class ProcessController(QObject):
    """Owns the Process menu, the approval banner and the read-only state of the open assessment."""

    def __init__(self, window):  # the MainWindow (not imported: it imports this module)
        super().__init__(window)
        self.window = window
        self.session = None
        self.banner: QToolBar | None = None  # built when an assessment first opens (after the start page shows)
        self._build_menu()
        self._pending = False

    # -- building ---------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.window
        bar = w.menuBar()
        help_action = bar.actions()[-1] if bar.actions() else None
        from PySide6.QtWidgets import QMenu
        self.menu = QMenu(self.tr("P&rocess"), w)
        bar.insertMenu(help_action, self.menu) if help_action else bar.addMenu(self.menu)
        act = w._action
        self.act_consensus = act(self.menu, self.tr("Move to &consensus stage"),
                                 lambda: self.move_to("consensus"))
        self.act_individual = act(self.menu, self.tr("Back to &individual scoring"),
                                  lambda: self.move_to("individual"))
        self.act_approve = act(self.menu, self.tr("&Approve (sign off)…"), self.approve,
                               tip=self.tr("Record who approved, when and a note; the assessment becomes read-only"))
        self.act_reopen = act(self.menu, self.tr("&Reopen…"), self.reopen,
                              tip=self.tr("Allow changes again; the reason is kept"))
        self.menu.addSeparator()
        self.act_anonymous = act(self.menu, self.tr("A&nonymous individual scores"), self.toggle_anonymous,
                                 tip=self.tr("Show individual scores as Assessor A, B, C in the consensus view, "
                                             "workshop mode and every export"))
        self.act_anonymous.setCheckable(True)
        self.act_gaps = act(self.menu, self.tr("&Evidence-gap report…"), self.evidence_gaps,
                            tip=self.tr("Before the consensus meeting: high scores without evidence, evidence held "
                                        "but not attached, evidence older than the cycle (PDF)"))
        self.act_dossier = act(self.menu, self.tr("CAF process &dossier…"), self.open_dossier,
                               tip=self.tr("The ten steps of the CAF process with dates, owners and documents; "
                                           "the dossier PDF for the external feedback"))
        self.act_history = act(self.menu, self.tr("&History of this node…"), self.show_history, "Ctrl+H",
                               self.tr("Who changed what and when, with old and new values (audit trail)"))
        self.act_audit_pdf = act(self.menu, self.tr("A&udit appendix in PDF reports"), self.toggle_audit_pdf,
                                 tip=self.tr("Add the audit trail as an appendix to exported PDF reports"))
        self.act_audit_pdf.setCheckable(True)
        self.act_audit_pdf.setChecked(self.window.settings.value("export/audit", False, type=bool))
        self.menu.addSeparator()
        self.act_name = act(self.menu, self.tr("Your &name…"), self.change_name,
                            tip=self.tr("The name recorded when you approve, reopen or change scores"))
        self.session_actions = [self.act_consensus, self.act_individual, self.act_approve, self.act_reopen,
                                self.act_anonymous, self.act_gaps, self.act_dossier, self.act_history]
        self._update_actions()

    def _build_banner(self) -> None:
        from PySide6.QtCore import Qt  # here: Qt's namespace costs ~20 ms before the start page shows
        self.banner = QToolBar(self.tr("Sign-off"), self.window)
        self.banner.setObjectName("signoff_banner")
        self.banner.setMovable(False)
        self.banner.setFloatable(False)
        self.banner.setContextMenuPolicy(Qt.PreventContextMenu)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setTextFormat(Qt.PlainText)
        self.banner_label.setWordWrap(True)
        self.banner_label.setContentsMargins(8, 4, 8, 4)
        from PySide6.QtWidgets import QSizePolicy
        self.banner_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.banner.setStyleSheet("QToolBar#signoff_banner { background: #fff4ce; border-bottom: 1px solid #d8b600; }"
                                  " QLabel { color: #3b2f00; }")
        self.banner.addWidget(self.banner_label)
        self.banner_reopen = QPushButton(self.tr("Reopen…"), self.banner)
        self.banner_reopen.clicked.connect(self.reopen)
        self.banner.addWidget(self.banner_reopen)
        self.window.addToolBar(Qt.TopToolBarArea, self.banner)
        self.banner.hide()

    # -- session ----------------------------------------------------------------------------
    def session_opened(self, session) -> None:
        self.session = session
        if self.banner is None:
            self._build_banner()
        session.user = user_name(self.window.settings)
        from npmassess.process import audit
        audit.set_user(session.store, session.user)
        for key in NAVIGATION:
            view = self._built(key)
            if view is not None:
                self._mark_navigation(key, view)
        session.changed.connect(self._later)
        session.node_selected.connect(self._later)
        session.participant_selected.connect(self._later)
        self.refresh()

    def _built(self, key: str):
        views = self.window.views
        try:
            return dict.get(views, key) if isinstance(views, dict) else None  # never builds a lazy view
        except TypeError:
            return None

    def _mark_navigation(self, key: str, view) -> None:
        for name in NAVIGATION.get(key, ()):
            widget = getattr(view, name, None)
            if isinstance(widget, QWidget):
                widget.setProperty(NAV_PROPERTY, True)

    def view_built(self, key: str, view) -> None:
        """A lazily built view: mark its navigation widgets, make it read-only when approved."""
        self._mark_navigation(key, view)
        if self.session is not None and self.session.snapshot().stage == "approved":
            set_read_only(view, True)
            self._later()

    def session_closed(self) -> None:
        self.session = None
        panel = getattr(self, "history_panel", None)
        if panel is not None:
            panel.close()
            panel.deleteLater()
            self.history_panel = None
        if self.banner is not None:
            self.banner.hide()
        self._update_actions()

    def _later(self, *_args) -> None:
        """Re-apply after the views rebuilt their editors for the new node or data."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        self._pending = False
        if self.session is None:
            return
        snap = self.session.snapshot()
        ro = snap.stage == "approved"
        if ro and snap.signoff:
            s = snap.signoff
            note = f": “{s['note']}”" if s["note"] else ""
            self.banner_label.setText(self.tr("Approved by {who} on {day}{note}. This assessment is read-only "
                                              "until it is reopened with a reason.").format(
                who=s["approved_by"], day=s["approved_on"], note=note))
        self.banner.setVisible(ro)
        if ro or getattr(self, "_ro_applied", False):  # walk the widgets only when it matters
            views = self.window.views
            built = list(dict.values(views)) if isinstance(views, dict) else list(views.values())
            for view in built:
                set_read_only(view, ro)
            self._ro_applied = ro
        for act in (getattr(self.window, "act_participants", None), getattr(self.window, "act_details", None)):
            if act is not None:
                act.setEnabled(not ro)
        self._update_actions()

    def _update_actions(self) -> None:
        stage = self.session.snapshot().stage if self.session is not None else None
        for a in self.session_actions:
            a.setEnabled(self.session is not None)
        if stage is not None:
            self.act_anonymous.setChecked(self.session.snapshot().anonymous)
            from npmassess.process import dossier_applies
            self.act_dossier.setEnabled(dossier_applies(self.session.framework))
            self.act_consensus.setEnabled(stage == "individual")
            self.act_individual.setEnabled(stage == "consensus")
            self.act_approve.setEnabled(stage != "approved")
            self.act_reopen.setEnabled(stage == "approved")

    # -- commands ---------------------------------------------------------------------------
    def _run(self, fn, then=None) -> bool:
        """fn(store) on the writer thread (one transaction); the views hear of it after the commit.

        True when it committed at once; while it waits for another program's lock the stage
        actions are disabled and the window shows "Saving…".
        """
        session = self.session

        def done(_result) -> None:
            session.notify("assessment")
            if then is not None:
                then()
            self.refresh()

        def failed(exc: BaseException) -> None:
            from npmassess.errors import StoreLocked

            from .write_jobs import message as write_message
            if not isinstance(exc, StoreLocked):  # a lock was already said, with Retry
                dialogs.error(self.window, self.tr("Not done"), write_message(exc))
            self.refresh()

        job = self.window.run_write(self.tr("Not done"), fn, done, on_failed=failed, widgets=self.stage_actions())
        return job.finished and job.error is None

    def stage_actions(self) -> list:
        """The Process actions that write (disabled while one of them waits to commit)."""
        return [a for a in (getattr(self, n, None) for n in ("act_consensus", "act_individual", "act_approve",
                                                           "act_reopen", "act_anonymous")) if a is not None]

    def move_to(self, stage: str) -> None:
        from npmassess.process import stages
        if self.session is not None:
            aid, user = self.session.assessment_id, self.session.user
            self._run(lambda st: stages.set_stage(st, aid, stage, user))

    def approve(self) -> bool:
        if self.session is None:
            return False
        note = dialogs.ask_multiline(self.window, self.tr("Approve the assessment"), self.tr(
            "Approving signs the assessment off as {name}; it becomes read-only until reopened.\n"
            "Note (for example the meeting or decision that approved it):").format(name=self.session.user))
        if note is None:
            return False
        from npmassess.process import stages
        session, aid, user = self.session, self.session.assessment_id, self.session.user
        # earlier edits cannot be undone on a signed-off assessment
        return self._run(lambda st: stages.approve(st, aid, user, note), then=session.undo_stack.clear)

    def reopen(self) -> bool:
        if self.session is None:
            return False
        reason = dialogs.ask_multiline(self.window, self.tr("Reopen the assessment"),
                                       self.tr("Why is the approved assessment reopened? (kept in its history)"))
        if reason is None:
            return False
        from npmassess.process import stages
        aid, user = self.session.assessment_id, self.session.user
        return self._run(lambda st: stages.reopen(st, aid, user, reason))

    def toggle_anonymous(self) -> None:
        if self.session is None:
            return
        session, aid = self.session, self.session.assessment_id
        on = not session.snapshot().anonymous
        self._run(lambda st: st.set_anonymous(aid, on), then=lambda: session.notify("participants"))

    def evidence_gaps(self) -> str | None:
        """Count the gaps, then offer the PDF report; returns the summary shown."""
        if self.session is None:
            return None
        from npmassess.process import evidence as ev
        snap, fw = self.session.snapshot(), self.session.framework
        rep = ev.report(fw, snap)
        if rep.threshold is None:
            summary = self.tr("{fw} sets no evidence rule for this scoring method.").format(fw=fw.short_title())
        else:
            summary = self.tr("Scores above {limit} without evidence: {c} consensus, {i} individual.\n"
                              "Evidence held but not attached: {h}. Evidence older than the cycle: {s}.").format(
                limit=rep.threshold, c=len(rep.consensus_gaps), i=len(rep.individual_gaps), h=len(rep.held),
                s=len(rep.stale))
        path = dialogs.save_file(self.window, self.tr("Save the evidence-gap report"), self.tr("PDF (*.pdf)"),
                                 "evidence-gaps.pdf")
        if path is not None:
            from npmassess.exports.pdf.evidence_gaps import export_evidence_gaps
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            try:
                export_evidence_gaps(snap, fw, path)
                summary += "\n" + self.tr("Saved {path}.").format(path=path)
            except NpmassessError as exc:
                dialogs.error(self.window, self.tr("Evidence-gap report not saved"), str(exc))
                return summary
        dialogs.info(self.window, self.tr("Evidence-gap report"), summary)
        return summary

    def open_dossier(self):
        from .dossier_dialog import DossierDialog
        if self.session is None:
            return None
        self.dossier_dialog = DossierDialog(self.session, self.window)
        self.dossier_dialog.open()
        return self.dossier_dialog

    def show_history(self):
        from .history_panel import HistoryPanel
        if self.session is None:
            return None
        panel = getattr(self, "history_panel", None)
        if panel is None or panel.session is not self.session:
            self.history_panel = panel = HistoryPanel(self.session, self.window)
        panel.show()
        panel.raise_()
        panel.refresh()
        return panel

    def toggle_audit_pdf(self) -> None:
        self.window.settings.setValue("export/audit", self.act_audit_pdf.isChecked())

    def change_name(self) -> None:
        from npmassess.process.identity import check_user
        current = user_name(self.window.settings)
        name = dialogs.ask_text(self.window, self.tr("Your name"),
                                self.tr("Your name, as recorded in sign-offs and the history:"), current)
        if name is None:
            return
        try:
            name = check_user(name)
        except NpmassessError as exc:
            dialogs.error(self.window, self.tr("Name not changed"), str(exc))
            return
        self.window.settings.setValue("user_name", name)
        if self.session is not None:
            self.session.user = name
            from npmassess.process import audit
            audit.set_user(self.session.store, name)
