"""The results register view: measures of the unit with their charts, import/export, and the
performance report by level of the production chain."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView, QTableWidget,
                               QTableWidgetItem, QTabWidget, QToolBar, QVBoxLayout, QWidget)

from npmassess.errors import NpmassessError
from npmassess.numbers import fmt, percent
from npmassess.results.figures import ResultsData, figure_of
from npmassess.i18n import current_language, labelled
from npmassess.results.model import LEVELS, level_title
from npmassess.results.performance import performance_report, unit_cycles

from . import dialogs
from .charts import Bar, BarChart
from .measure_chart import MeasureChart
from .results_edits import run_results_edit
from .results_model import COL_NAME, MeasureIdRole, MeasuresModel
from .session import Session
from .viewkit import LazyRefresh


class PerformancePanel(QWidget):
    """Target attainment per level and year, a bar chart of the latest attainment, the ratios."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = BarChart(self.tr("Latest targets met, by level of the chain"), self)
        self.table = QTableWidget(self)
        self.table.setAccessibleName(self.tr("Target attainment per level and year"))
        self.ratios = QTableWidget(self)
        self.ratios.setAccessibleName(self.tr("Efficiency and effectiveness ratios"))
        for t in (self.table, self.ratios):
            t.setEditTriggers(QTableWidget.NoEditTriggers)
            t.verticalHeader().hide()
        self.note = QLabel(self.tr("Efficiency is output per input, effectiveness outcome per output, for measures "
                                   "the register relates to each other (Edit measure > Divided by)."), self)
        self.note.setWordWrap(True)
        self.caption = QLabel(self.tr("Per level of the chain (input → activity → output → outcome → impact): the "
                                      "measures' latest targets met, and per year the share of periods with a target "
                                      "in which it was met."), self)
        self.caption.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.table, 3)
        top.addWidget(self.chart, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(self.caption)
        lay.addLayout(top, 3)
        lay.addWidget(self.note)
        lay.addWidget(self.ratios, 2)

    def show_report(self, data: ResultsData) -> None:
        rep = performance_report(data.register, data.cycles)
        self.report = rep
        heads = [self.tr("Level"), self.tr("Measures"), self.tr("Latest targets met")] + \
            [rep.year_label(y) for y in rep.years]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rep.levels))
        for i, lv in enumerate(rep.levels):
            lang = current_language()
            cells = [level_title(lv.level), str(len(lv.measures)),
                     self.tr("{met} of {n} ({share})").format(met=lv.met, n=lv.with_target,
                                                              share=percent(lv.attainment, lang))
                     if lv.with_target else self.tr("no targets")]
            cells += [percent(lv.attainment_in(y), lang) for y in rep.years]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.chart.set_bars([Bar(level_title(lv.level), (lv.attainment or 0) * 100 if lv.with_target else None, 100,
                                 QColor("#2f855a"), text=percent(lv.attainment, lang) if lv.with_target else "—")
                             for lv in rep.levels])
        heads = [self.tr("Ratio"), self.tr("Kind"), self.tr("Latest")] + [rep.year_label(y) for y in rep.years]
        self.ratios.setColumnCount(len(heads))
        self.ratios.setHorizontalHeaderLabels(heads)
        self.ratios.setRowCount(len(rep.ratios))
        for i, r in enumerate(rep.ratios):
            latest = f"{fmt(r.latest[1], 'ratio', lang)} ({r.latest[0]})" if r.latest else "—"
            for j, text in enumerate([r.label, r.kind_title, latest]
                                     + [fmt(r.by_year.get(y), "ratio", lang) for y in rep.years]):
                self.ratios.setItem(i, j, QTableWidgetItem(text))
        self.ratios.resizeColumnsToContents()
        self.ratios.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)


class ResultsView(LazyRefresh, QWidget):
    """View > Results register: the unit's measures, their charts and the performance report."""

    REFRESH_KINDS = frozenset({"results", "all", "assessment"})

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        fw = session.framework
        self.level = QComboBox(self)
        self.level.setAccessibleName(self.tr("Level of the chain shown"))
        self.level.addItem(self.tr("All levels"), "")
        for lv in LEVELS:
            self.level.addItem(level_title(lv), lv)
        self.level.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("All measures"), "")
        self.scope.addItem(self.tr("Linked to {fw}").format(fw=fw.short_title()), "linked")
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        # a tool bar, not a row of buttons: it folds what does not fit into its » menu
        self.bar = QToolBar(self)
        self.bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.bar.addWidget(self.level)
        self.bar.addWidget(self.scope)
        self.bar.addSeparator()
        acts = []
        for text, slot, tip in ((self.tr("&New measure…"), self.new_measure, ""),
                                (self.tr("&Edit…"), self.edit_measure, ""),
                                (self.tr("&Delete"), self.delete_measure, ""),
                                (self.tr("&Import…"), self.import_file, self.tr("CSV or Excel: measure, period, actual, "
                                                                               "target, comparison, …")),
                                (self.tr("E&xport…"), self.export_file, self.tr("The register as CSV or Excel")),
                                (self.tr("Export &performance report…"), self.export_report, "")):
            act = self.bar.addAction(text)
            act.setToolTip(tip or text.replace("&", "").rstrip("…"))
            act.triggered.connect(lambda _c=False, slot=slot: slot())
            self.bar.widgetForAction(act).setFocusPolicy(Qt.StrongFocus)  # reachable with Tab
            acts.append(act)
        self.act_new, self.act_edit, self.act_delete, self.act_import, self.act_export, self.act_report = acts
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.PlainText)

        self.model = MeasuresModel(fw.id, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Measures of the results register"))
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show_measure(cur.row()))
        self.table.doubleClicked.connect(lambda _i: self.edit_measure())
        self.chart = MeasureChart(self)
        self.chart.setAccessibleName(self.tr("Charts of the selected measure"))
        self.statement = QLabel(self)
        self.statement.setWordWrap(True)
        self.statement.setTextFormat(Qt.PlainText)
        self.statement.setAccessibleName(self.tr("Statement of the selected measure"))
        self.statement.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.statement.setFocusPolicy(Qt.StrongFocus)  # a screen reader user can Tab to the trend statement
        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.statement)
        dl.addWidget(self.chart, 1)
        split = QSplitter(Qt.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([300, 380])
        self.performance = PerformancePanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Measures and performance report"))
        self.tabs.addTab(split, self.tr("Measures"))
        self.tabs.addTab(self.performance, self.tr("Performance report"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.bar)
        lay.addWidget(self.tabs, 1)
        session.changed.connect(self._on_changed)

    # -- display -----------------------------------------------------------------------------
    def data(self) -> ResultsData:
        reg = self.session.results_register()
        return ResultsData(reg, {}, unit_cycles(self.session.store, reg.organisation, reg.unit))

    def refresh(self) -> None:
        self._dirty = False
        data = self.data()
        reg = data.register
        fw = self.session.framework
        current = self._current_id()
        measures = [m for m in reg.measures if (not self.level.currentData() or m.level == self.level.currentData())
                    and (not self.scope.currentData() or m.nodes_of(fw.id))]
        self.model.set_rows(measures)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.Stretch)
        self.title.setText(self.tr("Results register of {org} / {unit}: {n} measures (it carries across cycles)")
                           .format(org=reg.organisation, unit=reg.unit, n=len(reg.measures)))
        ids = [m.id for m in measures]
        row = ids.index(current) if current in ids else (0 if ids else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0),
                                                        QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self._show_measure(row)
        self.performance.show_report(data)
        for act in (self.act_edit, self.act_delete):
            act.setEnabled(bool(ids))

    def _current_id(self) -> str | None:
        idx = self.table.currentIndex()
        return idx.data(MeasureIdRole) if idx.isValid() else None

    def _show_measure(self, row: int) -> None:
        m = self.model.measure_at(row)
        if m is None:
            self.chart.set_figure(None)
            self.statement.setText(self.tr("No measures yet. Import a CSV or Excel file with the columns measure, "
                                           "level, period, actual, target (and more: see the README)."))
            return
        fig = figure_of(m)
        r = fig.reading
        lang = current_language()
        parts = [labelled(m.name, r.statement()) + ".", r.reason[:1].upper() + r.reason[1:] + "."]
        if r.chart.upper is not None:
            parts.append(self.tr("Mean {mean}, natural process limits {lo} to {hi}.").format(
                mean=fmt(r.chart.mean, "measure", lang), lo=fmt(r.chart.lower, "measure", lang),
                hi=fmt(r.chart.upper, "measure", lang)))
        if m.definition:
            parts.append(m.definition)
        self.statement.setText(" ".join(parts))
        self.chart.set_figure(fig)

    # -- edits -------------------------------------------------------------------------------
    def new_measure(self) -> None:
        from .measure_dialog import MeasureDialog
        dlg = MeasureDialog(self.session, self.session.results_register(), None, self.session.framework.id, self)
        dlg.exec()

    def edit_measure(self) -> None:
        from .measure_dialog import MeasureDialog
        mid = self._current_id()
        if mid is None:
            return
        reg = self.session.results_register()
        dlg = MeasureDialog(self.session, reg, reg.measure(mid), self.session.framework.id, self)
        dlg.exec()

    def delete_measure(self) -> None:
        from npmassess.results.registry import delete_measure
        mid = self._current_id()
        if mid is None:
            return
        m = self.session.results_register().measure(mid)
        if not dialogs.confirm(self, self.tr("Delete measure"), self.tr(
                "Delete '{name}' with its {n} period values from the register of this unit? Every cycle "
                "of the unit uses the register.").format(name=m.name, n=len(m.observations))):
            return
        try:
            run_results_edit(self.session, self.tr("Delete measure {name}").format(name=m.name),
                             lambda st: delete_measure(st, mid))
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Delete measure"), str(exc))

    def import_file(self) -> None:
        from npmassess.results.io import RegisterImportError, check_file, import_file
        path = dialogs.open_file(self, self.tr("Import measures"), self.tr("CSV or Excel (*.csv *.xlsx)"))
        if path is None:
            return
        reg = self.session.results_register()
        org, unit = reg.organisation, reg.unit

        def done(summary) -> None:
            dialogs.info(self, self.tr("Import"), self.tr("Imported {file}: {what}.").format(
                file=path.name, what=summary.text()))
        try:
            check_file(reg, path, self.session.store.frameworks)  # every problem, named by row and column, before anything is queued
            run_results_edit(self.session, self.tr("Import {file}").format(file=path.name),
                             lambda st: import_file(st, org, unit, path), done)
        except RegisterImportError as exc:
            dialogs.error(self, self.tr("Import failed"), f"{path.name}:\n" + "\n".join(exc.problems[:25]) + "\n\n"
                          + self.tr("Nothing was imported."))
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Import failed"), str(exc))

    def export_file(self) -> None:
        from npmassess.results.io import export_file
        path = dialogs.save_file(self, self.tr("Export the register"), self.tr("CSV (*.csv);;Excel (*.xlsx)"),
                                 "results-register.csv")
        if path is None:
            return
        try:
            export_file(self.session.results_register(), path)
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Export failed"), str(exc))

    def export_report(self) -> None:
        path = dialogs.save_file(self, self.tr("Export the performance report"),
                                 self.tr("PDF (*.pdf);;Excel (*.xlsx)"), "performance-report.pdf")
        if path is None:
            return
        try:
            if path.suffix.lower() == ".xlsx":
                from npmassess.exports.xlsx.results import export_performance_xlsx
                export_performance_xlsx(self.data(), path, self.session.framework.id)
            else:
                from npmassess.exports.pdf.performance import export_performance_pdf
                export_performance_pdf(self.data(), path if path.suffix else path.with_suffix(".pdf"))
        except NpmassessError as exc:
            dialogs.error(self, self.tr("Export failed"), str(exc))
