"""Dashboard: criterion radar, enablers/results or points or level profiles, heat map, completeness."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from npmassess import scoring
from npmassess.i18n import labelled
from npmassess.model import RESULT_TYPES

from . import viewkit
from .charts import CURRENT, PREVIOUS, Bar, BarChart, HeatMap, ProfileChart, RadarChart, Series
from .session import Session

REFRESH_KINDS = frozenset({"ratings", "consensus", "participants", "assessment", "all"})


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class DashboardView(viewkit.LazyRefresh, QWidget):
    """Charts of the open assessment, with the same unit's previous cycle overlaid where one exists."""

    REFRESH_KINDS = REFRESH_KINDS

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        fw = session.framework
        self.ordinal = fw.aggregation == "profile"
        self.points = fw.aggregation == "points"
        self.separate = session.method.separate  # e.g. PMA status and progress: two charts, never merged

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.PlainText)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.summary.setFont(font)
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Scores shown"))
        self.source.setToolTip(self.tr("Show the agreed (consensus) scores or one participant's"))
        self.source.currentIndexChanged.connect(self._source_changed)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel(self.tr("Scores of:")))
        top.addWidget(self.source)

        self.radar = RadarChart(self.tr("Criteria (% of maximum)") if self.points else self.tr("Criteria"))
        self.bars = BarChart(self.tr("Points per {label} against the maximum").format(
            label=fw.label("criterion").lower()) if self.points
                             else self.tr("Enablers, results and criteria"))
        self.profile = ProfileChart(self.tr("Level profile by area"))
        self.dim_profiles = {d_id: ProfileChart(self.tr("{dim} by area").format(dim=title))
                             for d_id, title in self._dimensions()} if self.separate else {}
        self.completeness = BarChart(self.tr("Completeness"))
        self.heatmap = HeatMap(self.tr("Scores by participant and node"))
        for chart in (self.radar, self.bars, self.profile, self.completeness, self.heatmap,
                      *self.dim_profiles.values()):
            chart.setAccessibleName(chart.title)

        content = QWidget()
        grid = QGridLayout(content)
        grid.addLayout(top, 0, 0, 1, 3)
        if self.separate:  # one profile per dimension, side by side
            for i, chart in enumerate(self.dim_profiles.values()):
                grid.addWidget(chart, 1, i, Qt.AlignTop)
            for chart in (self.radar, self.bars, self.profile):
                chart.hide()
        elif self.ordinal:
            grid.addWidget(self.profile, 1, 0, 1, 2, Qt.AlignTop)
            self.radar.hide()
            self.bars.hide()
        else:
            grid.addWidget(self.radar, 1, 0)
            grid.addWidget(self.bars, 1, 1)
            self.profile.hide()
        grid.addWidget(self.completeness, 1, max(2, len(self.dim_profiles)))
        grid.addWidget(self.heatmap, 2, 0, 1, 3)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 3)
        grid.setRowStretch(1, 0 if self.ordinal else 3)
        grid.setRowStretch(2, 2)
        grid.setRowMinimumHeight(1, 200 if self.ordinal else 330)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        session.changed.connect(self._on_changed)
        self.refresh()

    def view_actions(self) -> list:
        return []

    # refreshing ---------------------------------------------------------------------------

    def _source_changed(self) -> None:
        if not self._filling:
            self.refresh()

    _filling = False

    def _fill_sources(self) -> None:
        current = self.source.currentData() if self.source.count() else ""
        self._filling = True
        self.source.clear()
        self.source.addItem(self.tr("Consensus"), "")  # "" not None: see consensus_view.NOT_AGREED
        for p in self.session.snapshot().participants:
            self.source.addItem(p.name, p.id)
        self.source.setCurrentIndex(max(0, self.source.findData(current)))
        self._filling = False

    def shown_participant(self) -> str | None:
        """The participant whose scores are shown, None for the consensus."""
        return self.source.currentData() or None

    def refresh(self) -> None:
        self._dirty = False
        self._fill_sources()
        session = self.session
        pid = self.shown_participant()
        report = session.report(None) if pid is None else viewkit.participant_report(session, pid)
        previous = viewkit.previous_cycle(session)
        prev_report = previous[2] if previous else None
        self.summary.setText(self._summary(report, previous))
        if self.separate:
            self._fill_dim_profiles(report, prev_report)
        elif self.ordinal:
            self._fill_profile(report, prev_report)
        else:
            self._fill_radar(report, prev_report, previous[0].cycle if previous else "")
            self._fill_bars(report, prev_report, previous[0].cycle if previous else "")
        self._fill_completeness()
        self._fill_heatmap()

    # pieces -------------------------------------------------------------------------------
    def _summary(self, report, previous) -> str:
        snap = self.session.snapshot()
        fmt = lambda v: viewkit.value_text(None, v)
        who = self.tr("consensus") if report.participant_id is None else \
            snap.participant(report.participant_id).name
        head = f"{snap.organisation} / {snap.unit} — {snap.cycle} ({who})"
        if self.separate:
            body = " · ".join(self.tr("lowest {dim}: {low}").format(
                dim=title, low=report.lowest_by_dim[d].label() if report.lowest_by_dim.get(d) else "—")
                for d, title in self._dimensions())
            body = body[:1].upper() + body[1:] + self.tr(" (reported side by side, never combined)")
        elif self.ordinal:
            counts = ", ".join(f"{n} × {self._level_name(v)}" for v, n in report.profile.items() if n)
            body = self.tr("Lowest rating: {low}. {counts}").format(
                low=report.lowest.label() if report.lowest else "—", counts=counts or self.tr("nothing rated yet"))
        elif self.points:
            if any(n.type in RESULT_TYPES for n in self.session.framework.scored_nodes()):
                body = self.tr("Total {t} of {m} points · process items {e} · results items {r}").format(
                    t=fmt(report.total_points), m=report.max_points, e=fmt(report.enablers), r=fmt(report.results))
            else:
                body = self.tr("Total {t} of {m} points").format(t=fmt(report.total_points), m=report.max_points)
        else:
            body = self.tr("Overall {o} · enablers {e} · results {r}").format(
                o=fmt(report.overall), e=fmt(report.enablers), r=fmt(report.results))
        body += self.tr(" · {c} % complete").format(c=round(report.completeness * 100))
        if self.points and report.max_bonus:
            body += self.tr(" · bonus {b} of {m} (total with bonus {t})").format(
                b=fmt(report.bonus_points), m=report.max_bonus, t=fmt(report.total_with_bonus))
        if self.points and self.session.framework.grades:
            g = report.grade or report.grade_so_far
            body += "\n" + self.tr("{what}: {grade}").format(
                what=self.session.framework.label("grade"),
                grade=(g.label() if g else self.tr("none reached")) +
                ("" if report.grade or not report.missing else self.tr(" (so far; not every item is rated)")))
        if previous and self.separate:
            body += "\n" + self.tr("Previous cycle {cycle} shown in orange").format(cycle=previous[0].cycle)
        elif previous:
            prev, _, prev_report = previous
            value = fmt(prev_report.total_points) if self.points else (
                prev_report.lowest.label() if self.ordinal and prev_report.lowest else fmt(prev_report.overall))
            body += "\n" + self.tr("Previous cycle {cycle}: {value} (shown in orange)").format(cycle=prev.cycle, value=value)
        return head + "\n" + body

    def _dimensions(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((d.id, d.title()) for d in self.session.method.dimensions))

    def _fill_dim_profiles(self, report, prev_report) -> None:
        crits = self.session.framework.scored_criteria()
        for d_id, chart in self.dim_profiles.items():
            dim = next(d for d in self.session.method.dimensions if d.id == d_id)
            levels = [(lv.value, lv.label(), QColor(lv.colour)) for lv in dim.scale.levels]
            rows = [(_short(f"{c.id} {c.title()}", 30), report.criteria[c.id].profiles.get(d_id, {}),
                     prev_report.criteria[c.id].profiles.get(d_id) if prev_report and c.id in prev_report.criteria
                     else None) for c in crits]
            rows.append((self.tr("All"), report.profiles.get(d_id, {}),
                         prev_report.profiles.get(d_id) if prev_report else None))
            chart.set_data(levels, rows)

    def _level_name(self, value: int) -> str:
        for dim in self.session.method.dimensions:
            level = dim.scale.level_of(value)
            if level:
                return level.label()
        return str(value)

    def _fill_radar(self, report, prev_report, prev_cycle: str) -> None:
        crits = self.session.framework.scored_criteria()
        axes = [_short(f"{c.id} {c.title()}", 44) for c in crits]
        series = [Series(self.tr("This cycle") if report.participant_id is None else self.source.currentText(),
                         [report.criteria[c.id].value for c in crits], CURRENT)]
        if prev_report is not None:
            series.append(Series(self.tr("Previous cycle {c}").format(c=prev_cycle),
                                 [prev_report.criteria[c.id].value if c.id in prev_report.criteria else None
                                  for c in crits], PREVIOUS, dashed=True, filled=False))
        self.radar.set_data(axes, series, 100.0, [f"{c.id} {c.title()}" for c in crits])

    def _fill_bars(self, report, prev_report, prev_cycle: str) -> None:
        fw = self.session.framework
        legend = [(self.tr("previous cycle {c}").format(c=prev_cycle), PREVIOUS, False)] if prev_report else []
        fmt = lambda v: viewkit.value_text(None, v)
        if self.points:
            bars = []
            for c in fw.scored_criteria():
                g = report.criteria[c.id]
                prev = prev_report.criteria.get(c.id).points if prev_report and c.id in prev_report.criteria else None
                bars.append(Bar(_short(f"{c.id} {c.title()}", 26), g.points, g.max_points or 0, CURRENT, prev,
                                f"{fmt(g.points)} / {g.max_points}", f"{c.id} {c.title()}"))
            bars.append(Bar(self.tr("Total"), report.total_points, report.max_points or 0, QColor("#053061"),
                            prev_report.total_points if prev_report else None,
                            f"{fmt(report.total_points)} / {report.max_points}"))
        else:
            nodes = fw.scored_nodes()
            enabler = next((n for n in nodes if n.type not in RESULT_TYPES), None)
            result = next((n for n in nodes if n.type in RESULT_TYPES), None)
            scale_of = lambda n: viewkit.node_scale(self.session, n) if n else None
            rows = [(self.tr("Enablers"), report.enablers, prev_report.enablers if prev_report else None, enabler),
                    (self.tr("Results"), report.results, prev_report.results if prev_report else None, result),
                    (self.tr("Overall"), report.overall, prev_report.overall if prev_report else None, enabler)]
            bars = [Bar(label, value, 100, viewkit.value_colour(scale_of(node), value) or CURRENT, prev,
                        viewkit.value_text(scale_of(node), value, True) if value is not None else "—")
                    for label, value, prev, node in rows]
            for c in fw.scored_criteria():  # the radar's criteria again, with exact values
                g = report.criteria[c.id]
                prev = prev_report.criteria[c.id].value if prev_report and c.id in prev_report.criteria else None
                scale = scale_of(c.leaves()[0])
                bars.append(Bar(_short(f"{c.id} {c.title()}", 24), g.value, 100,
                                viewkit.value_colour(scale, g.value) or CURRENT, prev, fmt(g.value),
                                f"{c.id} {c.title()}"))
        self.bars.set_bars(bars, legend)

    def _fill_profile(self, report, prev_report) -> None:
        # what a node's result is read on: its dimensions' levels, or the result scale (highest level met)
        found = scoring.result_levels(self.session.method)
        levels = [(v, found[v].label(), QColor(found[v].colour)) for v in sorted(found, reverse=True)]
        rows = [(_short(f"{c.id} {c.title()}", 34), report.criteria[c.id].profile,
                 prev_report.criteria[c.id].profile if prev_report and c.id in prev_report.criteria else None)
                for c in self.session.framework.scored_criteria()]
        rows.append((self.tr("All areas"), report.profile, prev_report.profile if prev_report else None))
        self.profile.set_data(levels, rows)

    def _fill_completeness(self) -> None:
        session = self.session
        bars = [Bar(self.tr("Consensus"), session.report(None).completeness * 100, 100, QColor("#053061"),
                    text=f"{round(session.report(None).completeness * 100)} %")]
        for p in session.snapshot().participants:
            c = viewkit.participant_report(session, p.id).completeness * 100
            bars.append(Bar(p.name, c, 100, CURRENT, text=f"{round(c)} %"))
        self.completeness.set_bars(bars)
        self.completeness.setMinimumHeight(60 + 26 * len(bars))

    def _fill_heatmap(self) -> None:
        session = self.session
        nodes = session.framework.scored_nodes()
        scales = [viewkit.node_scale(session, n) for n in nodes]
        participants = session.snapshot().participants
        rows = [p.name for p in participants] + ["★ " + self.tr("Consensus")]
        reports = [viewkit.participant_report(session, p.id) for p in participants] + [session.report(None)]
        if self.separate:  # a column per node and dimension: the lights stay apart
            cols = [(n, d) for n in nodes for d in session.method.dimensions_for(n.type)]
            values = [[r.nodes[n.id].dims.get(d.id) for n, d in cols] for r in reports]
            first = cols[0][1].scale if cols else None
            legend = [(lv.label(), QColor(lv.colour)) for lv in first.levels] if first else []
            self.heatmap.set_data(rows, [f"{n.id} {d.title()[:1]}" for n, d in cols], values,
                                  lambda j, v: QColor(cols[j][1].scale.level_of(v).colour)
                                  if v is not None and cols[j][1].scale.level_of(v) else None,
                                  lambda v: "" if v is None or not first.level_of(v) else first.level_of(v).label(),
                                  [labelled(f"{n.id} {n.title()}", d.title()) for n, d in cols], legend)
            return
        values = [[r.nodes[n.id].value for n in nodes] for r in reports]
        first = scales[0] if scales else None
        if first is None:
            legend = []
        elif first.ordinal:
            legend = [(f"{lv.value} {lv.label()}", QColor(lv.colour)) for lv in first.levels]
        else:
            legend = [(f"{b.min}-{b.max}", QColor(b.colour)) for b in first.bands if b.colour]
        self.heatmap.set_data(rows, [n.id for n in nodes], values,
                              lambda j, v: viewkit.value_colour(scales[j], v),
                              lambda v: "" if v is None else f"{v:.0f}",
                              [f"{n.id} {n.title()}" for n in nodes], legend)
