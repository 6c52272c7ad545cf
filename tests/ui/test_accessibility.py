"""Everyone can use it: every control of every view and dialog reachable by keyboard and named for
screen readers, text contrast at least 4.5:1 in every palette, no rating shown by colour alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
                               QLineEdit, QPlainTextEdit, QTabBar, QTextEdit, QWidget)

from npmassess.frameworks import library
from ui import themes
from ui.a11y import MIN_CONTRAST, contrast, text_on

from helpers_b import demo_session

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit,
            QPlainTextEdit, QTextEdit, QTabBar)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Name) if iface is not None else ""


def controls(root: QWidget):
    """Visible interactive widgets under root (combo-box line edits and scroll bars are parts of others)."""
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not isinstance(w, CONTROLS) and w.focusPolicy() == Qt.NoFocus:
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue
        if w.metaObject().className() in ("QScrollBar", "QHeaderView"):
            continue  # parts of a scroll area or table, driven by its keys
        if w.objectName().startswith("qt_") or w.metaObject().className() in ("QWidget", "QScrollArea",
                                                                                 "QStackedWidget", "QSplitter"):
            continue
        yield w


def check_tree(root: QWidget, where: str) -> list[str]:
    problems = []
    for w in controls(root):
        label = f"{where}: {w.metaObject().className()} '{accessible_name(w) or w.objectName()}'"
        if not w.focusPolicy() & Qt.TabFocus and not isinstance(w, QTabBar):
            problems.append(f"{label} cannot be reached with Tab")
        if not accessible_name(w).strip():
            problems.append(f"{label} has no accessible name")
    return problems


def all_views(qtbot, make_main_window, db_path, case):
    window = make_main_window(db_path)
    session = demo_session(window.store, case)
    window.open_assessment(session.assessment_id)
    return window


@pytest.mark.parametrize("case", ["caf-fine-tuned", "baldrige", "capability-review"])
def test_every_view_is_keyboard_reachable_and_named(qtbot, make_main_window, db_path, case):
    window = all_views(qtbot, make_main_window, db_path, case)
    problems = []
    from ui.main_window import VIEWS
    for key in ["scoring"] + [v[0] for v in VIEWS]:
        window.show_view(key)  # views are built when first shown
        view = window.views[key]
        qtbot.waitExposed(view)
        if hasattr(view, "tabs"):  # every page of a view's own tabs
            for i in range(view.tabs.count()):
                view.tabs.setCurrentIndex(i)
                problems += check_tree(view, f"{key}[{view.tabs.tabText(i)}]")
        problems += check_tree(view, key)
        if key == "workshop":
            view.toggle_individual()
            problems += check_tree(view, "workshop+individual")
    assert len(window.views) == 7 == 1 + len(VIEWS) and not window._placeholders  # the results register is the 7th
    assert sorted(set(problems)) == [], '\n'.join(sorted(set(problems)))


def every_dialog(store, tmp_path, case: str = "caf-classical"):
    """One instance of every QDialog the ui package defines, over a demo (CAF unless told) and a returned package."""
    import copy

    from PySide6.QtCore import QSettings

    from npmassess.exchange import interchange
    from npmassess.exchange.importing import preview_import
    from npmassess.exchange.packages import export_package, package_bytes, write_atomic
    from ui.action_dialog import ActionDialog
    from ui.dossier_dialog import DossierDialog
    from ui.export_options import ExportOptionsDialog
    from ui.figure_dialog import FigureDialog
    from ui.frameworks_dialog import FrameworksDialog
    from ui.history_panel import HistoryPanel
    from ui.hub_ui import HubSettingsDialog
    from ui.import_dialog import ImportPreviewDialog
    from ui.kits_dialog import KitsDialog
    from ui.measure_dialog import MeasureDialog
    from ui.new_assessment import NewAssessmentDialog
    from ui.next_cycle import NextCycleDialog
    from ui.participants_dialog import DetailsDialog, ParticipantsDialog
    session = demo_session(store, case)
    fw, base = session.framework, store.load(session.assessment_id)
    export_package(store, session.assessment_id, tmp_path / "sent.npma")
    theirs = copy.deepcopy(base)
    key = sorted(base.ratings)[0]
    values = sorted({v for k, v in base.ratings.items() if k[2] == key[2]} - {base.ratings[key]})  # valid on its scale
    theirs.ratings[key] = values[0]
    write_atomic(tmp_path / "back.npma", package_bytes(theirs, fw, interchange.dumps(base, fw)))
    store.set_rating(session.assessment_id, *key, values[-1] if len(values) > 1 else base.ratings[key])  # a conflict
    register = session.results_register()
    from npmassess.errors import ValidationError
    try:
        dossier = [DossierDialog(session)]
    except ValidationError:  # the process dossier follows the CAF process: other frameworks have none
        dossier = []
    return [NewAssessmentDialog(store), ParticipantsDialog(session), DetailsDialog(session),
            NextCycleDialog(session), ActionDialog(session, node_id=session.current_node), KitsDialog(session),
            ExportOptionsDialog("Export", ["A4", "Letter"], [("en", "English")], "A4", "en"),
            FigureDialog(number="7.1-1"), FrameworksDialog(), HistoryPanel(session), *dossier,
            HubSettingsDialog(QSettings()), ImportPreviewDialog(preview_import(store, tmp_path / "back.npma")),
            MeasureDialog(session, register, register.measures[0] if register.measures else None, fw.id)]


def test_every_dialog_is_keyboard_reachable_and_named(qtbot, store, tmp_path):
    import importlib
    import pkgutil

    import ui
    from PySide6.QtWidgets import QDialog
    dialogs = every_dialog(store, tmp_path)
    defined = set()
    for info in pkgutil.iter_modules(ui.__path__):
        module = importlib.import_module(f"ui.{info.name}")
        defined |= {c for c in vars(module).values() if isinstance(c, type) and issubclass(c, QDialog)
                    and c.__module__ == module.__name__}
    assert defined == {type(d) for d in dialogs}, "every dialog of the ui package is walked"
    problems = []
    for dlg in dialogs:
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        problems += check_tree(dlg, type(dlg).__name__)
        if hasattr(dlg, "tabs"):
            for i in range(dlg.tabs.count()):
                dlg.tabs.setCurrentIndex(i)
                problems += check_tree(dlg, f"{type(dlg).__name__}[{dlg.tabs.tabText(i)}]")
    assert sorted(set(problems)) == [], '\n'.join(sorted(set(problems)))


@pytest.mark.parametrize("name", ["standard", "high-contrast", "workshop"])
def test_every_palette_has_readable_text(qtbot, name):
    from PySide6.QtGui import QPalette
    from ui.workshop_view import projector_palette
    pal = projector_palette() if name == "workshop" else themes.palette(name)
    for group in (QPalette.Active, QPalette.Inactive):
        assert themes.contrast_failures(pal, group) == [], name


def test_colours_that_carry_text_are_readable():
    from ui import colours
    from ui.plan_matrix import PRIORITY_COLOURS
    for fw in library():
        for scale in fw.scales.values():
            for item in (*scale.bands, *scale.levels):
                if item.colour:
                    colour = QColor(item.colour)
                    assert contrast(colour, text_on(colour)) >= MIN_CONTRAST, (fw.key, item.colour)
    for colour in PRIORITY_COLOURS.values():
        assert contrast(colour, QColor("#000000")) >= MIN_CONTRAST
    light, dark = QWidget(), QWidget()
    dark.setPalette(themes.high_contrast_palette())
    for w in (light, dark):
        assert contrast(QColor(colours.error_colour(w)), w.palette().window().color()) >= MIN_CONTRAST


def test_high_contrast_theme_from_the_view_menu(qtbot, make_main_window, db_path):
    from PySide6.QtWidgets import QApplication
    window = make_main_window(db_path)
    roles = [role for pair in themes.TEXT_PAIRS for role in pair]
    before = [QApplication.palette().color(role).name() for role in roles]
    assert window.toggle_contrast() == "high-contrast" and window.act_contrast.isChecked()
    assert QApplication.palette().color(themes.QPalette.Window) == QColor("#000000")
    assert "focus" in QApplication.instance().styleSheet()
    assert window.toggle_contrast() == "standard"
    assert QApplication.palette().color(themes.QPalette.Highlight) == QColor("#1f5fa8")
    # back to the very colours it started with, not the high-contrast ones it was built over
    assert [QApplication.palette().color(role).name() for role in roles] == before
    assert window.toggle_contrast() == "high-contrast" and window.toggle_contrast() == "standard"
    assert [QApplication.palette().color(role).name() for role in roles] == before


@pytest.mark.parametrize("case", ["caf-classical", "capability-review", "maf"])
def test_no_rating_by_colour_alone_in_navigator_and_consensus(qtbot, store, case):
    from ui.consensus_model import ConsensusGridModel
    from ui.criteria_model import COL_SCORE, CriteriaModel
    session = demo_session(store, case)
    pid = session.snapshot().participants[0].id
    model = CriteriaModel(session.framework, session.report(pid))
    checked = 0
    for node in session.framework.walk() if hasattr(session.framework, "walk") else \
            [n for c in session.framework.criteria for n in c.walk()]:
        index = model.index_of(node.id).siblingAtColumn(COL_SCORE)
        if index.data(Qt.DecorationRole) is not None:
            assert index.data(Qt.DisplayRole).strip() not in ("", "—"), node.id
            checked += 1
    assert checked > 3
    grid = ConsensusGridModel()
    grid.set_data(session, 20)
    for r in range(grid.rowCount()):
        for c in range(grid.columnCount()):
            i = grid.index(r, c)
            if i.data(Qt.BackgroundRole) is not None and c > 0:
                assert str(i.data(Qt.DisplayRole) or "").strip(), (r, c)


def test_heat_map_cells_too_narrow_for_digits_get_the_bands_pattern(qtbot):
    from ui.charts import HeatMap
    fw = library().get("caf")
    scale = fw.method("classical").dimensions_for(fw.scored_nodes()[0].type)[0].scale
    colours = [QColor(b.colour) for b in scale.bands]
    legend = [(b.label(), QColor(b.colour)) for b in scale.bands]
    values = [[5.0, 95.0] * 60]
    chart = HeatMap()
    qtbot.addWidget(chart)
    chart.set_data(["Ann"], [str(i) for i in range(120)], values,
                   lambda j, v: colours[0] if v < 10 else colours[-1], legend=legend)
    chart.resize(700, 120)
    image: QImage = chart.grab().toImage()
    # the highest band's cells are hatched in its text colour: more than the solid fill alone
    hatch = text_on(colours[-1])
    found = sum(1 for x in range(250, 690) for y in range(40, 60) if image.pixelColor(x, y) == hatch)
    assert found > 50


def test_custom_painted_controls_show_their_focus(qtbot, store):
    from ui.plan_matrix import PriorityMatrix
    from ui.scoring_panel import BandButton
    matrix = PriorityMatrix()
    button = BandButton("Strong evidence", "51-70", "#d9ead3")
    for w in (matrix, button):
        qtbot.addWidget(w)
        w.resize(300, 200) if w is matrix else w.resize(120, 80)
        w.show()
        qtbot.waitExposed(w)
        w.clearFocus()
        before = w.grab().toImage()
        w.setFocus()
        qtbot.waitUntil(w.hasFocus)
        assert w.grab().toImage() != before, type(w).__name__


def test_level_profile_segments_too_narrow_for_a_name_show_the_level_number(qtbot, monkeypatch):
    """The dashboard's level profile: a narrow segment says which level it is (number, as in the legend)."""
    from PySide6.QtGui import QPainter

    from ui import charts
    drawn = []

    class Recording(QPainter):
        def drawText(self, *args):  # noqa: N802 - Qt's name
            if len(args) == 3:
                drawn.append(args[2])
            return super().drawText(*args)
    monkeypatch.setattr(charts, "QPainter", Recording)
    chart = charts.ProfileChart("Level profile")
    qtbot.addWidget(chart)
    levels = [(5, "Strong", QColor("#1a9850")), (4, "Well placed", QColor("#a6d96a")),
              (3, "Development area", QColor("#fdae61"))]
    chart.set_data(levels, [("All areas", {4: 1, 3: 30}, None)])
    chart.resize(700, 160)
    chart.grab()
    assert "30 × Development area" in drawn
    assert any(t in ("1 × 4", "1×4", "4") for t in drawn)  # the level, not only the count "1"
    assert "4 Well placed" in drawn and "5 Strong" in drawn  # the legend gives each number its level
