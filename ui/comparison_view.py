"""Comparison: the open unit across cycles (trend, changes, follow-up of actions) and the units of a cycle."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QPushButton,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from npmassess.i18n import labelled, ngettext
from npmassess.validation import cycle_key
from npmassess import comparison
from npmassess.errors import NpmassessError

from . import dialogs, viewkit
from .charts import Bar, BarChart, HeatMap, Series
from .comparison_models import WEAK_ASSESSORS, HistoryModel, LeagueModel, scale_of
from .session import Session
from .trend_chart import SERIES_COLOURS, TrendChart

def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _num(value: float, decimals: int | None = None) -> str:
    """A number in the UI language (numbers.fmt): trimmed, or with a fixed number of decimals."""
    from npmassess.i18n import current_language
    from npmassess.numbers import fmt
    return fmt(value, "score", current_language(), decimals=decimals, trim=decimals is None)


REFRESH_KINDS = frozenset({"ratings", "consensus", "actions", "participants", "assessment", "all"})
WARNING_STYLE = ("QLabel { background: #fff3cd; color: #533f03; border: 1px solid #e0b100; "
                 "border-radius: 3px; padding: 6px; font-weight: bold; }")


class ComparisonView(viewkit.LazyRefresh, QWidget):
    """Two comparisons of the open assessment, each exportable as PDF or Excel."""

    REFRESH_KINDS = REFRESH_KINDS

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self.history: comparison.UnitHistory | None = None
        self.league: comparison.League | None = None
        self.tasks: list = []
        self.last_message = ""

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.heading.setFont(font)
        self.pdf_button = QPushButton(self.tr("Export as &PDF…"))
        self.xlsx_button = QPushButton(self.tr("Export as E&xcel…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        for b in (self.pdf_button, self.xlsx_button):
            b.setToolTip(self.tr("Write the comparison shown (this tab) to a file"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Comparison views"))
        self.tabs.addTab(self._history_page(), self.tr("This unit across cycles"))
        self.tabs.addTab(self._league_page(), self.tr("Units in one cycle"))
        self.tabs.currentChanged.connect(lambda _i: self._update_heading())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        session.changed.connect(self._on_changed)

    # -- pages ---------------------------------------------------------------------------------
    def _warning_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.PlainText)
        label.setStyleSheet(WARNING_STYLE)
        label.setAccessibleName(self.tr("Comparison warnings"))
        label.hide()
        return label

    def _history_page(self) -> QWidget:
        page = QWidget()
        self.history_warnings = self._warning_label()
        self.trend = TrendChart(self.tr("Trend per criterion"))
        self.trend.setAccessibleName(self.trend.title)
        self.changes = QListWidget()
        self.changes.setAccessibleName(self.tr("What changed since the previous cycle"))
        self.changes.setWordWrap(True)  # a change and its reason read whole in the narrow list, not cut
        self.changes.setResizeMode(QListWidget.Adjust)
        self.changes.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.changes_label = QLabel(self.tr("Changed since the previous cycle"))
        self.changes_label.setBuddy(self.changes)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.changes_label)
        side.addWidget(self.changes, 1)
        side_w = QWidget()
        side_w.setLayout(side)
        upper = QSplitter(Qt.Horizontal)
        upper.addWidget(self.trend)
        upper.addWidget(side_w)
        upper.setStretchFactor(0, 2)  # the list of changes wide enough to read a change in a line or two
        upper.setStretchFactor(1, 1)
        self.history_model = HistoryModel(self)
        self.history_table = QTableView()
        self.history_table.setModel(self.history_model)
        self.history_table.setAccessibleName(self.tr("Scores by cycle"))
        self.history_table.setSelectionBehavior(QTableView.SelectRows)
        self.history_table.setSelectionMode(QTableView.SingleSelection)
        self.history_table.setWordWrap(False)
        self.history_table.verticalHeader().hide()
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.selectionModel().currentRowChanged.connect(self._history_row)
        split = QSplitter(Qt.Vertical)
        split.addWidget(upper)
        split.addWidget(self.history_table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.history_warnings)
        layout.addWidget(split, 1)
        return page

    def _league_page(self) -> QWidget:
        page = QWidget()
        self.cycle = QComboBox()
        self.cycle.setAccessibleName(self.tr("Cycle compared"))
        self.cycle.currentIndexChanged.connect(self._cycle_changed)
        row = QHBoxLayout()
        label = QLabel(self.tr("&Cycle:"))
        label.setBuddy(self.cycle)
        row.addWidget(label)
        row.addWidget(self.cycle)
        from .hub_ui import SourceSelector
        self.source = SourceSelector(parent=page)
        self.source.combo.currentIndexChanged.connect(self._source_changed)
        row.addWidget(self.source)
        self.league_summary = QLabel()
        row.addWidget(self.league_summary, 1)
        self.league_warnings = self._warning_label()
        self.league_model = LeagueModel(self)
        self.league_table = QTableView()
        self.league_table.setModel(self.league_model)
        self.league_table.setAccessibleName(self.tr("League table"))
        self.league_table.setSelectionBehavior(QTableView.SelectRows)
        self.league_table.verticalHeader().hide()
        self.league_table.setSortingEnabled(False)
        header = self.league_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.heatmap = HeatMap(self.tr("Units × criteria (n = assessors; ⚠ fewer than two)"))
        self.heatmap.setAccessibleName(self.heatmap.title)
        self.spread_chart = BarChart(self.tr("How far the assessors disagreed (mean spread; ⚠: fewer than two "
                                             "assessors)"))
        self.spread_chart.setAccessibleName(self.tr("Spread and assessors by unit"))
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.league_table)
        split.addWidget(self.heatmap)
        split.addWidget(self.spread_chart)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.league_warnings)
        layout.addWidget(split, 1)
        return page

    def view_actions(self) -> list:
        return []

    def font_changed(self) -> None:
        """View > Larger/Smaller text: columns follow the new size (once the font reached the tables)."""
        from PySide6.QtCore import QTimer
        self._dirty = True
        QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        for table in (self.history_table, self.league_table):
            table.resizeRowsToContents()
        if self.isVisible():
            self.refresh()

    # -- refreshing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._dirty = False
        store, aid = self.session.store, self.session.assessment_id
        try:
            self.history = comparison.unit_history(store, aid, cache=self.session.comparisons())
        except NpmassessError as exc:
            self.history = None
            self._show_warnings(self.history_warnings, [str(exc)])
        self._fill_history()
        self._fill_cycles()
        self._fill_league()
        self._update_heading()

    def _show_warnings(self, label: QLabel, warnings: list[str]) -> None:
        label.setText("\n".join("⚠ " + w[:1].upper() + w[1:] for w in warnings))
        label.setVisible(bool(warnings))

    def _fill_history(self) -> None:
        h = self.history
        self.history_model.set_history(h)
        if h is None:
            self.trend.set_data([], [])
            self.changes.clear()
            return
        self._show_warnings(self.history_warnings, h.warnings)
        scale = scale_of(h.framework, h.cycles[-1].method)
        ordinal = bool(scale and scale.ordinal)
        series = [Series(f"{cid} {title}", [c.criteria[cid].value if cid in c.criteria else None for c in h.cycles],
                         QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
                  for i, (cid, title) in enumerate(h.criteria)]
        if ordinal and scale.levels:
            values = [lv.value for lv in scale.levels]
            ticks = [(lv.value, _short(f"{lv.value} {lv.label()}", 30)) for lv in scale.levels]
            self.trend.separate = 2.5  # many criteria share a level: keep every line visible
            self.trend.set_data([c.cycle for c in h.cycles], series, min(values), max(values), ticks)
        else:
            self.trend.separate = 0.0
            self.trend.set_data([c.cycle for c in h.cycles], series, 0.0, 100.0)
        self.changes.clear()
        if len(h.cycles) < 2:
            self.changes_label.setText(self.tr("Changed since the previous cycle"))
            self.changes.addItem(self.tr("No earlier cycle of this unit yet. File > Start next cycle… copies "
                                         "this one as the starting point of the next."))
        else:
            self.changes_label.setText(self.tr("Changed since {cycle}").format(cycle=h.cycles[-2].cycle))
            self.changes.addItems(h.changed or [self.tr("No consensus score changed.")])
            for i in range(self.changes.count()):  # the list is narrow: the whole line on hover
                self.changes.item(i).setToolTip(self.changes.item(i).text())
        table = self.history_table
        table.resizeColumnsToContents()
        table.setColumnWidth(0, min(table.columnWidth(0), 280))

    def _history_row(self, current: QModelIndex, _previous=None) -> None:
        row = current.row() if current.isValid() else -1
        self.trend.set_highlight(row if 0 <= row < len(self.trend.series) else None)

    def _fill_cycles(self) -> None:
        snap = self.session.snapshot()
        current = self.cycle.currentData() or snap.cycle
        try:
            listed = self._cached_list()
        except NpmassessError as exc:
            listed = []
            self._show_warnings(self.league_warnings, [str(exc)])
        cycles = sorted({s.cycle.strip() for s in listed
                         if s.framework_id == snap.framework_id},
                        key=cycle_key)
        self.cycle.blockSignals(True)
        self.cycle.clear()
        for c in cycles:
            self.cycle.addItem(c, c)
        self.cycle.setCurrentIndex(max(0, self.cycle.findData(current)))
        self.cycle.blockSignals(False)

    def _cached_list(self) -> list:
        """The assessments of the source shown: this computer's from the session's cache, the hub's read."""
        src = self.source.source(self.session.store)
        return self.session.comparisons().summaries(src) if src is self.session.store else src.list_assessments()

    def _source_changed(self, _index: int) -> None:
        """This computer or the hub: the same comparison functions over the other store."""
        self._show_warnings(self.league_warnings, [])
        self._fill_cycles()
        self._fill_league()
        self._update_heading()

    def _cycle_changed(self, _index: int) -> None:
        self._fill_league()
        self._update_heading()

    def _fill_league(self) -> None:
        cycle = self.cycle.currentData()
        try:
            src = self.source.source(self.session.store)
            self.league = comparison.unit_league(src, cycle, self.session.snapshot().framework_id,
                                                 cache=self.session.comparisons() if src is self.session.store
                                                 else None) if cycle else None
        except NpmassessError as exc:
            self.league = None
            self._show_warnings(self.league_warnings, [str(exc)])
        lg = self.league
        self.league_model.current_id = self.session.assessment_id
        self.league_model.set_league(lg)
        if lg is None:
            self.heatmap.set_data([], [], [], lambda j, v: None)
            self.spread_chart.set_bars([])
            self.league_summary.setText("")
            return
        self._show_warnings(self.league_warnings, lg.warnings)
        self.league_summary.setText(ngettext("{n} unit assessed with {fw}", "{n} units assessed with {fw}",
                                             len(lg.units)).format(
            n=len(lg.units), fw=lg.framework.short_title()))
        scales = [scale_of(lg.framework, u.method) for u in lg.units]
        rows = [("⚠ " if u.assessors < WEAK_ASSESSORS else "") + self.tr("{rank}. {unit} (n={n})").format(
            rank=u.rank, unit=u.unit, n=u.assessors) for u in lg.units]
        legend = []
        first = scales[0] if scales else None
        if first is not None and first.ordinal:
            legend = [(f"{lv.value} {lv.label()}", QColor(lv.colour)) for lv in first.levels if lv.colour]
        elif first is not None:
            legend = [(f"{_num(b.min)}-{_num(b.max)}", QColor(b.colour)) for b in first.bands if b.colour]
        self.heatmap.set_data(rows, [c for c, _ in lg.criteria], lg.heat_map(),
                              lambda j, v, s=first: viewkit.value_colour(s, v),
                              lambda v: "" if v is None else _num(v, 0),
                              [f"{c} {t}" for c, t in lg.criteria], legend)
        self._fill_spread(lg, first)
        table = self.league_table  # no empty space under a short league: the heat map gets it
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + 4
        height += sum(table.rowHeight(r) for r in range(self.league_model.rowCount()))
        table.setMaximumHeight(max(height, 90) if len(lg.units) < 12 else 16777215)

    def _fill_spread(self, lg: comparison.League, scale) -> None:
        """One bar per unit: the mean spread against the widest possible, with the number of assessors."""
        widest = 100.0
        if scale is not None and scale.ordinal and scale.levels:
            values = [lv.value for lv in scale.levels]
            widest = float(max(values) - min(values)) or 1.0
        bars = []
        for u in lg.units:
            weak = u.assessors < WEAK_ASSESSORS
            spread = None if weak else u.spread
            text = ngettext("⚠ {n} assessor: no spread, weak basis", "⚠ {n} assessors: no spread, weak basis",
                            u.assessors).format(n=u.assessors) if spread is None else \
                self.tr("spread {s} · {n} assessors").format(s=_num(spread, 1), n=u.assessors)
            bars.append(Bar(_short(u.unit, 28), spread, widest, QColor("#c62828") if weak else QColor("#6a51a3"),
                            text=text, tooltip=labelled(u.label, text)))
        self.spread_chart.set_bars(bars)
        self.spread_chart.setMinimumHeight(min(300, 50 + 30 * len(bars)))

    def _update_heading(self) -> None:
        snap = self.session.snapshot()
        if self.tabs.currentIndex() == 0:
            n = len(self.history.cycles) if self.history else 0
            self.heading.setText(ngettext("{org} / {unit}: {n} cycle", "{org} / {unit}: {n} cycles", n).format(
                org=snap.organisation, unit=snap.unit, n=n))
        else:
            self.heading.setText(self.tr("Cycle {cycle}: units compared").format(
                cycle=self.cycle.currentData() or snap.cycle))

    # -- export --------------------------------------------------------------------------------
    def current_data(self):
        """The comparison shown on the current tab (UnitHistory or League), or None."""
        return self.history if self.tabs.currentIndex() == 0 else self.league

    def busy(self) -> bool:
        return any(not t.finished_flag for t in self.tasks)

    def export(self, kind: str) -> None:
        """Ask for a file, then write the comparison off the GUI thread."""
        from .file_jobs import export_message
        from .tasks import run_task
        data = self.current_data()
        title = self.tr("Export comparison")
        if data is None:
            dialogs.error(self, title, self.tr("There is no comparison to export on this tab."))
            return
        suffix, filters = (".pdf", self.tr("PDF (*.pdf)")) if kind == "pdf" else \
            (".xlsx", self.tr("Excel workbook (*.xlsx)"))
        stem = (f"{data.organisation} {data.unit} cycles" if data.kind == "history" else f"units {data.cycle}")
        stem = re.sub(r"[^\w.-]+", "-", "comparison " + stem).strip("-")[:120]
        path = dialogs.save_file(self, title, filters, stem + suffix)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if kind == "pdf":
            from npmassess.exports.pdf.compare import write_comparison_pdf as write
        else:
            from npmassess.exports.xlsx.compare import write_comparison_xlsx as write

        def work(progress):
            progress(0, 1, self.tr("Writing {name}").format(name=path.name))
            write(data, path)
            return path

        def finished(exc):
            self.tasks = [t for t in self.tasks if not t.finished_flag]
            for b in (self.pdf_button, self.xlsx_button):
                b.setEnabled(True)
            ok, message = export_message(kind, path, exc)
            self.last_message = message
            if not ok:
                dialogs.error(self, self.tr("Export failed"), message)
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(message, 10000)

        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(False)
        self.tasks.append(run_task(work, title, self, on_done=lambda _p: finished(None), on_error=finished))
