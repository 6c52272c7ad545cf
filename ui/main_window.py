"""Main window: start page or the open assessment's views, menus with shortcuts, settings."""

from __future__ import annotations


from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QSettings
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QWidget

from . import dialogs

if TYPE_CHECKING:  # the core, QtGui's menu classes and the views load after the window shows
    from pathlib import Path

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from npmassess.store import Store

    from .session import Session

# (key, module, class, tab title) of the views built when an assessment opens
# (titles are marked for lupdate here and translated with self.tr where shown)
VIEWS = (("consensus", "ui.consensus_view", "ConsensusView", QT_TRANSLATE_NOOP("MainWindow", "Consensus")),
         ("dashboard", "ui.dashboard", "DashboardView", QT_TRANSLATE_NOOP("MainWindow", "Dashboard")),
         ("plan", "ui.plan_view", "PlanView", QT_TRANSLATE_NOOP("MainWindow", "Improvement plan")),
         ("workshop", "ui.workshop_view", "WorkshopView", QT_TRANSLATE_NOOP("MainWindow", "Workshop mode")),
         ("comparison", "ui.comparison_view", "ComparisonView", QT_TRANSLATE_NOOP("MainWindow", "Comparison")),
         ("results", "ui.results_view", "ResultsView", QT_TRANSLATE_NOOP("MainWindow", "Results register")))
MIN_FONT, MAX_FONT = 7, 32


class LazyViews(dict):
    """The open assessment's views by key; a view not built yet is built when asked for."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, key: str):
        view = self[key] = self._build(key)
        return view


class MainWindow(QMainWindow):
    """One window; the start page until an assessment is open, then its views as tabs."""

    def __init__(self, store: Store | None, settings: QSettings | None = None, open_last: bool = True,
                 parent: QWidget | None = None):
        """With store None the window shows at once and attach_store() fills it in later."""
        super().__init__(parent)
        self.store: Store | None = None
        self._start = None  # the start page: built when first shown or used (reopening shows the scoring view)
        self.settings = settings if settings is not None else QSettings()
        self.session: Session | None = None
        self.views: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self.tasks: list = []
        self.last_message = ""
        self._writer = None  # the window's own writer thread, for writes while no assessment is open
        self.writes_pending = 0  # GUI actions that write and have not committed yet
        self.tabs = None
        # no Qt.* enum here: touching the Qt namespace costs ~15 ms before the window can show
        self.loading = QLabel(self.tr("Opening the database…"), self)
        self.loading.setIndent(24)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.loading)
        # a banner over every page: network share, read-only file
        from PySide6.QtWidgets import QVBoxLayout
        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.banner = QLabel(central)
        self.banner.setWordWrap(True)
        self.banner.setMargin(8)
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400;")
        self.banner.hide()
        box.addWidget(self.banner)
        box.addWidget(self.stack)
        self.setCentralWidget(central)
        self.saving = QLabel("", self)  # "Saving…" while an edit waits for the file's lock
        self.setWindowTitle("npmassess")
        self._restore_geometry()
        if store is not None:
            self.attach_store(store, open_last)

    def _finish_ui(self) -> None:
        """Menus, undo group and view tabs: built once the window is already on screen."""
        from PySide6.QtGui import QFont, QUndoGroup
        from PySide6.QtWidgets import QTabWidget
        self.undo_group = QUndoGroup(self)
        self._base_font = QFont(QApplication.font())
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Views of the assessment"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack.addWidget(self.tabs)
        self._build_menus()
        from .process_ui import ProcessController
        self.process = ProcessController(self)
        self.menus = [a.menu() for a in self.menuBar().actions()]
        # shown now: the layout would show the new menu bar only on the next pass of the event loop,
        # and the menus' shortcuts match only once it is visible (a key typed at once was lost)
        self.menuBar().show()
        self._restore_font()
        from . import themes
        theme = themes.apply(self.settings.value("theme", "standard", type=str))
        self.act_contrast.setChecked(theme == "high-contrast")
        self._update_title()
        self._update_actions()

    def attach_store(self, store: Store, open_last: bool = True) -> None:
        """Show the start page over an open store, or reopen the last assessment."""
        if self.tabs is None:
            self._finish_ui()
        self.store = store
        self._show_store_warnings(store)
        last = self.settings.value("last_assessment", "", type=str) if open_last else ""
        reopen = bool(last) and store.exists(last)
        if not reopen:
            self.stack.setCurrentWidget(self._build_start(fill=True))
        self._update_actions()
        if reopen and not self.open_assessment(last):  # its message shows over "Opening the database…"
            self.show_start()
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()

    @property
    def start(self):
        """The start page (None before a store is attached), built the first time it is asked for.

        Reopening the last assessment shows the scoring view at once: the start page, its table and
        its module are not built until the user goes there (View > Start page) or a job refreshes it."""
        if self._start is None and self.store is not None:
            self._build_start(fill=False)  # filled by refresh() when it is shown (show_start)
        return self._start

    def _build_start(self, fill: bool):
        from .start_view import StartView
        start = StartView(self.store, not self.settings.value("welcome_seen", False, type=bool), self, fill=fill)
        start.open_requested.connect(self.open_assessment)
        start.new_requested.connect(self.new_assessment)
        start.import_requested.connect(self.import_file)
        start.demo_requested.connect(self.open_demo)
        start.welcome_dismissed.connect(lambda: self.settings.setValue("welcome_seen", True))
        self.stack.insertWidget(0, start)
        self._start = start
        return start

    def _show_store_warnings(self, store: Store) -> None:
        """The banner: a file on a network share, or a file open read-only."""
        lines = []
        if store.warning:
            lines.append(store.warning)
        if store.read_only:
            lines.append(self.tr("{path} is read-only: you can read and export, but changes cannot be saved.")
                         .format(path=store.path))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def _pending_changed(self, count: int) -> None:
        count += self.writes_pending
        text = self.tr("Saving… (waiting for another program to finish writing)") if count else ""
        self.saving.setText(text)
        if count and self.saving.parent() is self:
            self.statusBar().addPermanentWidget(self.saving)
        if count:
            self.statusBar().show()
            self.saving.show()

    def db_writer(self):
        """The writer thread for GUI actions that write: the open session's, else the window's own."""
        if self.session is not None:
            return self.session.writer
        if self._writer is None:
            import weakref

            from .writer import Writer
            self._writer = Writer(self.store.path, self.store.frameworks)
            weakref.finalize(self, self._writer.stop)
        self._writer.user = self.settings.value("user_name", "", type=str).strip()
        return self._writer

    def write_pending(self, on: bool) -> None:
        """A GUI action that writes started (True) or reported back (False): 'Saving…' meanwhile."""
        self.writes_pending = max(0, self.writes_pending + (1 if on else -1))
        self._pending_changed(len(self.session.pending) if self.session is not None else 0)

    def run_write(self, title: str, fn, on_done, widgets=(), **options):
        """Run fn(store) on the writer (one transaction); on_done(result) after the commit (ui.write_jobs)."""
        from . import write_jobs
        return write_jobs.run_write(self, self.db_writer(), title, fn, on_done, widgets=widgets,
                                    on_pending=self.write_pending, **options)

    def _reloaded(self, message: str) -> None:
        if message:
            self.last_message = message
            self.statusBar().showMessage(message, 10000)

    def _focus_window_changed(self, window) -> None:
        """Coming back to the window: look whether another program changed the file.

        A signal, not a changeEvent() override: an override hands every event of the window to Python,
        and the first one builds QEvent's enum types before the window can show (about 3 ms)."""
        if window is not None and self.session is not None and self.isActiveWindow():
            self.session.check_external()

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence
        act = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        return act

    def show_frameworks(self) -> None:
        """File > Frameworks: list, export and import authoring workbooks; new imports are usable at once."""
        from npmassess.frameworks import library
        from .frameworks_dialog import FrameworksDialog
        dlg = FrameworksDialog(self)
        dlg.exec()
        if dlg.imported:
            self.store.frameworks = library()  # a new assessment can use the imported framework

    def _build_menus(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence
        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        self.act_new = self._action(m, self.tr("&New assessment…"), self.new_assessment, "Ctrl+N")
        self.act_open = self._action(m, self.tr("&Open…"), self.show_start, "Ctrl+O",
                                     self.tr("Choose an assessment on the start page"))
        self.recent_menu = m.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_import = self._action(m, self.tr("&Import a file…"), self.import_file, "Ctrl+I")
        m.addSeparator()
        self.act_pdf = self._action(m, self.tr("Export &PDF report…"), lambda: self.export("pdf"), "Ctrl+E")
        self.act_xlsx = self._action(m, self.tr("Export &Excel workbook…"), lambda: self.export("xlsx"),
                                     "Ctrl+Shift+E")
        self.act_docx = self._action(m, self.tr("Export editable &Word report…"), lambda: self.export("docx"))
        self.act_application = self._action(m, self.tr("Export award &application…"),
                                            lambda: self.export("application"))
        self.act_application_docx = self._action(m, self.tr("Export award application as W&ord…"),
                                                 lambda: self.export("application_docx"))
        self.act_plan = self._action(m, self.tr("Export the improvement p&lan…"), lambda: self.export("plan"),
                                     tip=self.tr("PDF, Word or Excel, by the file name's suffix"))
        self.act_pack = self._action(m, self.tr("Export the consensus-&meeting pack…"),
                                     lambda: self.export("consensus_pack"))
        self.act_summary = self._action(m, self.tr("Export the one-page s&ummary…"), lambda: self.export("summary"))
        self.act_package = self._action(m, self.tr("S&hare as package…"), lambda: self.export("package"),
                                        tip=self.tr("One .npma file a colleague can import or merge"))
        self.act_publish = self._action(m, self.tr("P&ublish to hub…"), self.publish_to_hub,
                                        tip=self.tr("Send this assessment to the organisation's hub (when reachable)"))
        self._action(m, self.tr("Hub se&ttings…"), self.hub_settings)
        m.addSeparator()
        self.act_kits = self._action(m, self.tr("Issue scoring &kits…"), self.issue_kits, "Ctrl+Shift+K",
                                     self.tr("One Excel workbook or package per participant, for offline scoring"))
        self.act_next_cycle = self._action(m, self.tr("Start ne&xt cycle…"), self.start_next_cycle,
                                           tip=self.tr("A new assessment of this unit, starting from this one"))
        m.addSeparator()
        self.act_frameworks = self._action(m, self.tr("&Frameworks…"), self.show_frameworks,
                                           tip=self.tr("List the frameworks; export or import an authoring workbook"))
        m.addSeparator()
        self.act_close = self._action(m, self.tr("&Close assessment"), self.close_assessment, "Ctrl+W")
        self._action(m, self.tr("&Quit"), self.close, "Ctrl+Q")

        m = bar.addMenu(self.tr("&Edit"))
        self.act_undo = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        # the list overload: setShortcut(QKeySequence) makes PySide build Qt's ~90 enums first (~20 ms)
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m.addSeparator()
        self.act_participants = self._action(m, self.tr("&Participants…"), self.edit_participants, "Ctrl+Shift+P")
        self.act_details = self._action(m, self.tr("Assessment &details…"), self.edit_details)

        m = bar.addMenu(self.tr("&View"))
        self.act_start = self._action(m, self.tr("&Start page"), self.show_start, "Alt+Home")
        self.view_actions = {"scoring": self._action(m, self.tr("S&coring"), lambda: self.show_view("scoring"),
                                                     "Ctrl+1")}
        for i, (key, _mod, _cls, title) in enumerate(VIEWS, 2):
            self.view_actions[key] = self._action(m, self.tr(title), lambda k=key: self.show_view(k), f"Ctrl+{i}")
        m.addSeparator()
        self._action(m, self.tr("&Larger text"), lambda: self.change_font(1), ["Ctrl++", "Ctrl+="])
        self._action(m, self.tr("S&maller text"), lambda: self.change_font(-1), "Ctrl+-")
        self._action(m, self.tr("&Normal text size"), lambda: self.change_font(0), "Ctrl+0")
        self._action(m, self.tr("&Full screen"), self.toggle_full_screen, "F11")
        from .translator import add_language_menu
        add_language_menu(self, m)
        m.addSeparator()
        self.act_contrast = self._action(m, self.tr("&High-contrast theme"), self.toggle_contrast, "Ctrl+Shift+H",
                                         self.tr("White on black with a yellow focus frame"))
        self.act_contrast.setCheckable(True)

        m = bar.addMenu(self.tr("&Go"))
        self.act_next = self._action(m, self.tr("&Next node"), lambda: self.step_node(1), ["Ctrl+Down", "Alt+Right"])
        self.act_prev = self._action(m, self.tr("&Previous node"), lambda: self.step_node(-1), ["Ctrl+Up", "Alt+Left"])
        self.act_next_p = self._action(m, self.tr("Next p&articipant"), lambda: self.step_participant(1), "Ctrl+PgDown")
        self.act_prev_p = self._action(m, self.tr("Previous pa&rticipant"), lambda: self.step_participant(-1),
                                       "Ctrl+PgUp")
        hint = QAction(self.tr("Number keys 1–6 (Alt+1–6 while typing): choose a band (level value on level scales)"), self)
        hint.setEnabled(False)
        m.addAction(hint)

        m = bar.addMenu(self.tr("&Help"))
        self._action(m, self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        self._action(m, self.tr("&Welcome"), self.show_welcome)
        self._action(m, self.tr("&About npmassess"), self.show_about)
        self.menus = [a.menu() for a in bar.actions()]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for s in self.store.list_assessments()[:10]:
            act = self.recent_menu.addAction(f"{s.organisation} / {s.unit} ({s.cycle}) – {s.framework_id}")
            act.triggered.connect(lambda _c=False, aid=s.id: self.open_assessment(aid))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(no assessment yet)")).setEnabled(False)

    def _update_actions(self) -> None:
        is_open = self.session is not None
        for act in (self.act_new, self.act_open, self.act_import, self.act_start):
            act.setEnabled(self.store is not None)
        for act in (self.act_pdf, self.act_xlsx, self.act_docx, self.act_plan, self.act_pack, self.act_summary,
                    self.act_package, self.act_publish, self.act_close, self.act_participants,
                    self.act_kits, self.act_next_cycle,
                    self.act_details,
                    self.act_next, self.act_prev, self.act_next_p, self.act_prev_p, *self.view_actions.values()):
            act.setEnabled(is_open)
        self.act_application.setEnabled(is_open and self.session.framework.application is not None)
        self.act_application_docx.setEnabled(is_open and self.session.framework.application is not None)

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("npmassess")
            return
        a = self.session.snapshot()
        self.setWindowTitle(f"{a.organisation} – {a.unit} ({a.cycle}) · {self.session.framework.short_title()} – npmassess")

    # -- assessments -------------------------------------------------------------------------
    def open_assessment(self, assessment_id: str) -> bool:
        from npmassess.errors import NpmassessError

        from .scoring_view import ScoringView
        from .session import Session
        try:
            session = Session(self.store, assessment_id, self)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Cannot open the assessment"), str(exc))
            return False
        self._close_session()
        self.session = session
        if not self._watching_focus:  # from the first assessment on (the start page has no file to check)
            QApplication.instance().focusWindowChanged.connect(self._focus_window_changed)
            self._watching_focus = True
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.changed.connect(self._session_changed)
        session.pending_changed.connect(self._pending_changed)
        session.reloaded.connect(self._reloaded)
        self.views = LazyViews(self._build_view)
        self.views["scoring"] = ScoringView(session, self.tabs)
        self.tabs.addTab(self.views["scoring"], self.tr("Scoring"))
        self._placeholders = {}
        for key, _module, _cls, title in VIEWS:  # built when first shown (or asked for)
            holder = QWidget(self.tabs)
            holder.setAccessibleName(self.tr(title))
            self._placeholders[key] = holder
            self.tabs.addTab(holder, self.tr(title))
        self.settings.setValue("last_assessment", assessment_id)
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(0)
        self._update_title()
        self._update_actions()
        self.process.session_opened(session)
        return True

    def _build_view(self, key: str) -> QWidget:
        """Build a view in place of its placeholder tab (first time it is shown or asked for)."""
        holder = self._placeholders.pop(key, None) if self.session is not None else None
        if holder is None:
            raise KeyError(key)
        _key, module, cls, title = next(v for v in VIEWS if v[0] == key)
        view = self._make_view(module, cls, self.session)
        index = self.tabs.indexOf(holder)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, view, self.tr(title))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        holder.deleteLater()
        if hasattr(view, "leave_requested"):  # Esc leaves workshop mode for the view shown before
            view.leave_requested.connect(self.leave_workshop)
        if hasattr(view, "font_changed"):
            view.font_changed()
        self.process.view_built(key, view)  # read-only when approved, navigation widgets marked
        return view

    def _make_view(self, module: str, cls: str, session: Session) -> QWidget:
        try:
            import importlib
            view_cls = getattr(importlib.import_module(module), cls)
            return view_cls(session, self.tabs)
        except ModuleNotFoundError:
            text = self.tr("This view is not available in this build.")
        except Exception:  # a broken view must not stop the others
            import logging
            logging.getLogger(__name__).exception("cannot build %s.%s", module, cls)
            text = self.tr("This view could not be shown; details were written to the error log.")
        label = QLabel(text, self.tabs)
        from PySide6.QtCore import Qt
        label.setAlignment(Qt.AlignCenter)
        return label

    def _close_session(self) -> None:
        if self.session is None:
            return
        self.undo_group.removeStack(self.session.undo_stack)
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        self.views = {}
        self._placeholders = {}
        self.session.close()
        self.saving.setText("")
        self.session.deleteLater()
        self.session = None
        self.process.session_closed()

    def close_assessment(self) -> None:
        self._close_session()
        self.settings.setValue("last_assessment", "")
        self.show_start()
        self._update_title()
        self._update_actions()

    def _session_changed(self, kind: str) -> None:
        if kind in ("assessment", "all"):
            self._update_title()

    def new_assessment(self) -> None:
        """File > New assessment: the dialog creates it on the writer thread, then it opens."""
        from .new_assessment import NewAssessmentDialog
        if self.store is None:
            return
        dlg = NewAssessmentDialog(self.store, parent=self, writer=self.db_writer)
        dlg.on_pending = self.write_pending
        self.new_dialog = dlg
        if dlg.exec() and dlg.created_id:
            self.start.refresh()
            self.open_assessment(dlg.created_id)

    def open_demo(self) -> None:
        """Load the demo: written on the writer thread (one transaction), opened once it committed."""
        from npmassess.demo import create_demo
        if self.store is None or (self.demo_job is not None and self.demo_job.pending()):
            return
        fw = self.store.frameworks.get("caf")

        def created(aid: str) -> None:
            self.start.refresh()
            self.open_assessment(aid)

        widgets = [self.act_new, self.act_import, self.start.demo_btn, self.start.new_btn, self.start.import_btn]
        self.demo_job = self.run_write(self.tr("Cannot create the demo"),
                                       lambda st: create_demo(st, fw, "fine-tuned"), created, widgets=widgets)

    demo_job = None
    _watching_focus = False

    def show_start(self) -> None:
        if self.start is None:
            return
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)

    def show_view(self, key: str) -> None:
        if self.session is not None and key in self.views.keys() | set(self._placeholders):
            self.stack.setCurrentWidget(self.tabs)
            self.tabs.setCurrentWidget(self.views[key])
            self.views[key].setFocus()

    def _tab_changed(self, index: int) -> None:
        holder = next((k for k, h in getattr(self, "_placeholders", {}).items()
                       if h is self.tabs.widget(index)), None)
        if holder is not None:
            self.views[holder]  # builds it in place of the placeholder
        w = self.tabs.currentWidget()
        if w is not None and w is not self.views.get("workshop"):
            self._before_workshop = index
        if w is not None:
            w.setFocus()

    def leave_workshop(self) -> None:
        """Esc in workshop mode: back to the view shown before it (the consensus view at first)."""
        index = getattr(self, "_before_workshop", None)
        target = self.tabs.widget(index) if index is not None else None
        if target is None or target is self.views.get("workshop"):
            target = self.views["consensus"] if "consensus" in self.views or "consensus" in self._placeholders \
                else None
        if target is not None:
            self.tabs.setCurrentWidget(target)

    def step_node(self, offset: int) -> None:
        if self.session is not None:
            self.session.step_node(offset)

    def step_participant(self, offset: int) -> None:
        view = self.views.get("scoring")
        if hasattr(view, "step_participant"):
            view.step_participant(offset)

    def edit_participants(self) -> None:
        from .participants_dialog import ParticipantsDialog
        if self.session is not None:
            ParticipantsDialog(self.session, self).exec()

    def edit_details(self) -> None:
        from .participants_dialog import DetailsDialog
        if self.session is not None:
            DetailsDialog(self.session, self).exec()

    def issue_kits(self) -> None:
        """File > Issue scoring kits: a window-modal dialog that runs the kits off the GUI thread."""
        from .kits_dialog import KitsDialog
        if self.session is None:
            return
        self.kits_dialog = KitsDialog(self.session, self.settings, self)
        self.kits_dialog.open()

    def start_next_cycle(self) -> None:
        """File > Start next cycle: ask the label, copy, show what was carried over, open the new one."""
        from .next_cycle import NextCycleDialog
        if self.session is None:
            return
        self.next_cycle_dialog = NextCycleDialog(self.session, self)
        self.next_cycle_dialog.created.connect(self._next_cycle_created)
        self.next_cycle_dialog.open()

    def _next_cycle_created(self, new_id: str, lines: list) -> None:
        self.start.refresh()
        if self.open_assessment(new_id):
            self.last_message = "\n".join(lines)
            self.statusBar().showMessage(lines[0] if lines else "", 10000)
            dialogs.info(self, self.tr("New cycle started"), self.last_message)

    # -- import / export ---------------------------------------------------------------------
    @staticmethod
    def _running(job) -> bool:
        from . import file_jobs
        task = job.task if isinstance(job, file_jobs.ImportJob) else job
        return task is not None and not task.finished_flag

    def busy(self) -> bool:
        """True while an export or import runs in the background."""
        return any(self._running(t) for t in self.tasks)

    def export(self, kind: str) -> None:
        from . import file_jobs
        if self.session is None:
            return
        if kind == "package":
            task = file_jobs.start_package_export(self, self.session, self._export_finished)
        else:
            task = file_jobs.start_export(self, self.session, kind, self._export_finished)
        if task is not None:
            self.tasks.append(task)
            for act in (self.act_pdf, self.act_xlsx, self.act_docx, self.act_application, self.act_application_docx,
                        self.act_plan, self.act_pack, self.act_summary, self.act_package):
                act.setEnabled(False)

    def _export_finished(self, kind: str, path: Path | None, exc: BaseException | None) -> None:
        from . import file_jobs
        self.tasks = [t for t in self.tasks if self._running(t)]
        self._update_actions()
        ok, message = file_jobs.export_message(kind, path, exc)
        self.last_message = message
        self.statusBar().showMessage(message, 10000)
        if not ok:
            dialogs.error(self, self.tr("Export failed"), message)

    def import_file(self, path: Path | None = None) -> None:
        from . import file_jobs
        if self.store is None:
            return
        job = file_jobs.start_import(self, self.store, self._import_finished, path)
        if job is not None:
            self.tasks.append(job)
            self.act_import.setEnabled(False)

    def _import_finished(self, message: str | None, exc: BaseException | None, aid: str | None) -> None:
        from npmassess.errors import Cancelled, NpmassessError
        self.tasks = [t for t in self.tasks if self._running(t)]
        self.act_import.setEnabled(True)
        self.start.refresh()
        if exc is None:
            self.last_message = message or ""
            self.statusBar().showMessage(self.last_message.splitlines()[-1] if self.last_message else "", 10000)
            if aid and self.session is not None and self.session.assessment_id == aid:
                self.session.undo_stack.clear()  # the import changed the data under the undo history
                self.session.notify("all")
            elif aid and self.session is None:
                self.open_assessment(aid)
            dialogs.info(self, self.tr("Import"), self.last_message)
        elif isinstance(exc, Cancelled):
            self.last_message = str(exc)
            self.statusBar().showMessage(self.last_message, 10000)
        elif isinstance(exc, NpmassessError):
            self.last_message = str(exc)
            dialogs.error(self, self.tr("Import failed"), self.last_message)
        else:
            self.last_message = self.tr("The import failed unexpectedly; details were written to the error log.")
            dialogs.error(self, self.tr("Import failed"), self.last_message)

    def publish_to_hub(self) -> None:
        from . import hub_ui
        task = hub_ui.publish(self)
        if task is not None:
            self.tasks.append(task)

    def hub_settings(self) -> None:
        from . import hub_ui
        hub_ui.edit_settings(self, self.settings)

    # -- settings ----------------------------------------------------------------------------
    def font_size(self) -> float:
        return QApplication.instance().font().pointSizeF()

    def change_font(self, step: int) -> None:
        """Larger (+1), smaller (-1) or normal (0) text for the whole app (projection)."""
        base = self._base_font.pointSizeF()
        size = base if step == 0 else min(MAX_FONT, max(MIN_FONT, self.font_size() + step))
        self.apply_font_size(size)
        self.settings.setValue("font_size", 0 if step == 0 else size)

    def apply_font_size(self, size: float) -> None:
        from PySide6.QtGui import QFont
        font = QFont(self._base_font)
        font.setPointSizeF(size)
        QApplication.instance().setFont(font)
        for view in self.views.values():  # views that measured the old font resize themselves
            if hasattr(view, "font_changed"):
                view.font_changed()

    def toggle_contrast(self) -> str:
        """View > High-contrast theme (on/off); remembered for the next start."""
        from . import themes
        theme = themes.apply("standard" if self.settings.value("theme", "standard", type=str) == "high-contrast"
                             else "high-contrast")
        self.settings.setValue("theme", theme)
        self.act_contrast.setChecked(theme == "high-contrast")
        return theme

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def _restore_font(self) -> None:
        size = self.settings.value("font_size", 0, type=float)
        if size and MIN_FONT <= size <= MAX_FONT:
            self.apply_font_size(size)

    def closeEvent(self, event) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self.session is not None:
            scoring = self.views.get("scoring")
            if getattr(scoring, "narrative", None) is not None:
                scoring.narrative.commit()
            self.session.close()  # queued edits commit before the window goes
        self.settings.sync()
        super().closeEvent(event)

    # -- help --------------------------------------------------------------------------------
    def shortcut_lines(self) -> list[tuple[str, str]]:
        """(action, keys) for every menu action with a shortcut."""
        from PySide6.QtGui import QKeySequence
        out = []
        for menu in self.menus:
            for act in menu.actions():
                keys = ", ".join(k.toString(QKeySequence.NativeText) for k in act.shortcuts())
                if keys:
                    out.append((act.text().replace("&", "").rstrip("…"), keys))
        out.append((self.tr("Choose a band / level"), self.tr("1–6 (Alt+1–6 while typing)")))
        out.append((self.tr("Go to evidence / strengths / areas for improvement / narrative"),
                    self.tr("Alt+D, Alt+S, Alt+I, Alt+N")))
        out.append((self.tr("Add a note / line break / edit / remove / move"),
                    self.tr("Enter, Shift+Enter, F2, Delete, Alt+Up/Down")))
        out.append((self.tr("Workshop mode: next section / action from an AFI / individual notes / leave"),
                    self.tr("F6, Ctrl+Enter, F7, Esc")))
        return out

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td>{a}</td><td><b>{k}</b></td></tr>" for a, k in self.shortcut_lines())
        dialogs.info(self, self.tr("Keyboard shortcuts"), f"<table cellspacing='6'>{rows}</table>")

    def show_welcome(self) -> None:
        if self.start is None:
            return
        self.start.welcome.show()
        self.show_start()

    def show_about(self) -> None:
        from npmassess import __version__
        from npmassess.i18n import labelled
        sources = "\n".join("• " + labelled(fw.title_with_edition(), fw.source()) for fw in self.store.frameworks)
        dialogs.info(self, self.tr("About npmassess"), self.tr(
            "npmassess {v}: self-assessments against public-sector excellence frameworks.\n"
            "Database: {db}").format(v=__version__, db=self.store.path)
            + "\n\n" + self.tr("Frameworks and their sources:") + "\n" + sources)
