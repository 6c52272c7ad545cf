"""Start-up stays lazy: the first screens import no export library and parse only the framework they show.

Also: a reopen reads its framework from the disk cache, the hidden start page and the linked-measures
panel are built or filled when first shown, menu shortcuts act as soon as the store is attached, and
PySide6's table of module answers (ui.feature_scan) holds exactly what PySide would have found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# the same path as ui.app.run: window first, then the store, the start page and the last assessment
CHILD = """
import enum, json, sys
made = []  # every enum type PySide6 builds (it makes a class's enums when Python first meets the class)
_create = enum.EnumType._create_
def _spy(cls, name, *args, **kwargs):
    made.append(name)
    return _create(cls, name, *args, **kwargs)
enum.EnumType._create_ = _spy
from PySide6.QtCore import QSettings
from ui.app import make_app
app = make_app(["npmassess"])
from ui.main_window import MainWindow
w = MainWindow(None, QSettings(sys.argv[2], QSettings.IniFormat))
w.show(); app.processEvents()
shown = sorted(sys.modules)
from npmassess.store import Store
w.attach_store(Store(sys.argv[1]))
app.processEvents()
after = sorted(sys.modules)
from npmassess.frameworks import loader
scoring = w.views.get("scoring") if w.session is not None else None
out = {"shown": shown, "after": after, "title": w.windowTitle(),
       "rows": w.start.table.rowCount(), "view": type(w.tabs.currentWidget()).__name__,
       "parsed": sorted(k[0].rsplit("/", 1)[-1] for k in loader._parsed),
       "measures_built": getattr(scoring, "_measures", None) is not None, "enums": list(made)}
import shibokensupport.feature as feature  # what PySide6 recorded for our modules (ui.feature_scan)
ours = [m for m in after if m.split(".")[0] in ("npmassess", "ui")]
out["feature"] = {m: feature.pyside_feature_dict.get(m) for m in ours}
out["pyside_answer"] = {m: 0 if feature._mod_uses_pyside(sys.modules[m]) else -1 for m in ours}
out["selected"] = max(v for v in feature.pyside_feature_dict.values() if isinstance(v, int))
std = [m for m in after if m.split(".")[0] in sys.stdlib_module_names and m in sys.modules]
out["stdlib_naming_pyside"] = [m for m in std if feature._mod_uses_pyside(sys.modules[m])]
out["stdlib_recorded_otherwise"] = [m for m in std if feature.pyside_feature_dict.get(m, -1) != -1]
w.show_start()  # the start page, once shown, lists the assessments
app.processEvents()
out["rows_when_shown"] = w.start.table.rowCount()
import PySide6.QtWidgets as widgets  # PySide6 makes a Qt class's Python type (and its enums) when first used
out["widget_types"] = sorted(k for k in vars(widgets) if k.startswith("Q"))
print(json.dumps(out))
w.close()
"""
HEAVY = ("reportlab", "openpyxl", "docx", "babel", "PIL", "pypdf", "pikepdf", "psycopg", "hypothesis")


def _run(db: Path, ini: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), str(ini)], cwd=ROOT, env=env, check=True,
                         text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120).stdout
    return json.loads(out.splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(HEAVY))


def test_the_window_shows_before_the_core_loads_and_no_export_library_is_imported(tmp_path):
    from npmassess.store import Store
    db = tmp_path / "empty.db"
    Store(db).close()
    r = _run(db, tmp_path / "a.ini")
    assert not [m for m in r["shown"] if m.startswith(("npmassess.store", "sqlite_utils", "npmassess.frameworks"))]
    assert _heavy(r["after"]) == []
    assert r["rows"] == 0 and r["parsed"] == []  # an empty list needs no framework file


def test_reopening_the_last_assessment_parses_only_its_framework(tmp_path):
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from npmassess.paths import cache_dir
    from npmassess.store import Store
    db = tmp_path / "demo.db"
    with Store(db) as store:
        aid = create_demo(store, library().get("caf"), "fine-tuned")
    ini = tmp_path / "b.ini"
    ini.write_text(f"[General]\nlast_assessment={aid}\nwelcome_seen=true\n", encoding="utf-8")
    _run(db, ini)  # a first start (the framework cache filled, as on a user's first start)
    r = _run(db, ini)
    assert r["view"] == "ScoringView" and "CAF" in r["title"]
    assert r["rows"] == 0 and r["rows_when_shown"] == 1  # the hidden start page is filled when shown
    assert r["parsed"] == ["caf-2020.toml"]
    assert _heavy(r["after"]) == []
    for view in ("ui.consensus_view", "ui.dashboard", "ui.plan_view", "ui.workshop_view", "ui.comparison_view",
                 "ui.results_view", "ui.file_jobs", "ui.narrative_desk", "npmassess.exports",
                 "ui.linked_measures", "ui.measure_chart", "npmassess.comparison", "ui.write_jobs",
                 "ui.start_view", "npmassess.process.dossier"):
        assert view not in r["after"], f"{view} imported before it is shown or used"
    assert not r["measures_built"]  # CAF 1.1 is no results node: the linked-measures panel waits
    # the theme's palette comes from the application, not from QApplication.style(): handing the style to
    # Python builds QStyle's dozen enum types (10-20 ms) that nothing on the first screens uses
    assert "PixelMetric" not in r["enums"] and "StandardPixmap" not in r["enums"]
    # the first start parsed caf-2020.toml and cached it: this one read the cached copy
    for module in ("tomllib", "npmassess.frameworks.reader", "npmassess.frameworks.rules"):
        assert module not in r["after"], f"{module} imported although the framework was cached"
    shutil.rmtree(cache_dir() / "frameworks")
    cold = _run(db, ini)  # without the cache the file is parsed, with the same result on screen
    assert "tomllib" in cold["after"] and cold["title"] == r["title"] and cold["parsed"] == ["caf-2020.toml"]


def test_the_empty_start_page_loads_no_framework_module_no_writer_and_no_ssl(tmp_path):
    from npmassess.store import Store
    db = tmp_path / "empty.db"
    Store(db).close()
    r = _run(db, tmp_path / "a.ini")
    assert r["rows"] == 0 and r["rows_when_shown"] == 0
    # nor Qt's namespace: its ~90 enum types cost 15-20 ms, and PySide builds them all at the first use of
    # any (Qt.AlignLeft, or an overload taking one, such as QPalette(other) or QApplication.palette())
    assert "AlignmentFlag" not in r["enums"] and "Key" not in r["enums"]
    for module in ("npmassess.frameworks.loader", "npmassess.process.stages", "ui.write_jobs", "ui.writer",
                   "_hashlib", "ctypes", "uuid", "npmassess.comparison", "getpass"):
        assert module not in r["after"], f"{module} imported for an empty start page"


def test_the_linked_measures_panel_is_built_at_the_first_results_node_and_sits_beside_the_guidance(qtbot, store):
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from ui.scoring_view import ScoringView
    from ui.session import Session
    session = Session(store, create_demo(store, library().get("baldrige")))
    view = ScoringView(session)
    qtbot.addWidget(view)
    view.resize(1366, 800)
    view.show()
    qtbot.waitExposed(view)
    session.select_node("1.1")  # a process item without linked measures
    assert view._measures is None and view.details_split.count() == 1
    session.select_node("7.1")  # a results item: the panel is built, right of the guidance
    qtbot.waitUntil(lambda: view._measures is not None and view._measures.isVisible())
    assert view.details_split.count() == 2 and view.details_split.widget(1) is view.measures
    assert view.measures.cards and view.details_split.sizes()[1] > view.details_split.sizes()[0]
    session.select_node("1.1")
    qtbot.waitUntil(lambda: not view.measures.isVisible())


def test_shortcuts_work_as_soon_as_the_window_shows_the_store(qtbot, store, tmp_path):
    """The app's own order (window first, then the store): the menu shortcuts act at once."""
    from PySide6.QtCore import QSettings, Qt

    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from ui.main_window import MainWindow
    aid = create_demo(store, library().get("caf"), "fine-tuned")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    settings.setValue("last_assessment", aid)
    settings.setValue("welcome_seen", True)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.attach_store(store)  # no event processed in between: the first keys come right after
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)  # View > Consensus
    assert window.tabs.currentWidget() is window.views["consensus"]
    qtbot.keyClick(window, Qt.Key_Home, Qt.AltModifier)  # View > Start page: filled as it shows
    assert window.stack.currentWidget() is window.start and window.start.table.rowCount() == 1
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)  # back to Scoring
    assert window.stack.currentWidget() is window.tabs
    assert window.tabs.currentWidget() is window.views["scoring"]


def test_a_last_assessment_that_cannot_open_leaves_the_filled_start_page(qtbot, store, tmp_path, monkeypatch,
                                                                        dialog_log):
    from PySide6.QtCore import QSettings

    import ui.session
    from npmassess.demo import create_demo
    from npmassess.errors import NpmassessError
    from npmassess.frameworks import library
    from ui.main_window import MainWindow
    aid = create_demo(store, library().get("caf"), "fine-tuned")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    settings.setValue("last_assessment", aid)

    def broken(*_args, **_kwargs):
        raise NpmassessError("The framework of this assessment is missing.")
    monkeypatch.setattr(ui.session, "Session", broken)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.show()
    window.attach_store(store)
    assert [name for name, _args in dialog_log] == ["error"]
    assert window.session is None and window.stack.currentWidget() is window.start
    assert window.start.table.rowCount() == 1 and window.start.open_btn.isEnabled()
    assert window.stack.indexOf(window.loading) == -1


def test_pyside_is_told_in_advance_what_it_would_have_found_in_our_sources(tmp_path):
    """ui.feature_scan: PySide6 does not read our modules' sources, and its table holds its own answers."""
    sources = [p for pkg in ("npmassess", "ui") for p in (ROOT / pkg).rglob("*.py")]
    assert len(sources) > 150
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "__feature__" not in text or path.name == "feature_scan.py", f"{path} selects a PySide feature"
        if path.is_relative_to(ROOT / "npmassess"):
            assert "PySide6" not in text, f"{path} mentions PySide6: PySide would record 0, not -1"
    from npmassess.store import Store
    db = tmp_path / "empty.db"
    Store(db).close()
    r = _run(db, tmp_path / "a.ini")
    assert r["selected"] <= 0  # no feature selected anywhere: 0 and -1 behave alike
    assert r["stdlib_naming_pyside"] == [] and r["stdlib_recorded_otherwise"] == []  # -1: PySide's own answer
    recorded = {name: value for name, value in r["feature"].items() if value is not None}
    assert len(recorded) > 30  # the modules an empty start page loads (not those PySide never looked at)
    for name, value in recorded.items():
        assert value == (-1 if name.startswith("npmassess") else 0), name
        # PySide's own answer: the same, except a ui module that never names PySide6 (-1, alike while no
        # feature is selected)
        assert r["pyside_answer"][name] == value or (name.startswith("ui") and r["pyside_answer"][name] == -1)


def test_our_modules_are_registered_as_they_load_and_never_over_a_selected_feature(monkeypatch):
    import sys

    import shibokensupport.feature as feature

    from ui import feature_scan
    table = {"ui.start_view": -1}  # already recorded by PySide: left as it is
    finder = feature_scan.RecordAnswers(table)
    for name in ("npmassess.store.database", "ui.scoring_view", "ui.start_view", "json.decoder", "uiextra.x",
                 "sqlite_utils"):
        assert finder.find_spec(name) is None  # it never loads anything itself
    # ours and the standard library's (never naming PySide6); another package's is PySide's to read
    assert table == {"ui.start_view": -1, "npmassess.store.database": -1, "ui.scoring_view": 0, "json.decoder": -1}
    assert feature_scan.install()  # (make_app does it) first on sys.meta_path, and only once
    assert len([f for f in sys.meta_path if isinstance(f, feature_scan.RecordAnswers)]) == 1
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not isinstance(f, feature_scan.RecordAnswers)])
    monkeypatch.setattr(feature, "pyside_feature_dict", {"somebody.elses": 0x01})  # snake_case selected
    assert not feature_scan.install()
    assert not any(isinstance(f, feature_scan.RecordAnswers) for f in sys.meta_path)


# made lazy for start-up: the register model and statistics (a non-results node asks only
# npmassess.results.nodes), the html package (its entity table), OpenSSL, and the Qt classes no first screen
# shows (asking a QPlainTextEdit for its viewport() made PySide build every QWidget subclass first)
LAZY_AT_START = ("npmassess.results.model", "npmassess.results.stats", "npmassess.results.suggest",
                 "npmassess.results.registry", "npmassess.results.periods", "html", "html.entities",
                 "_hashlib")  # the framework cache's SHA-256 needs no OpenSSL on CPython
UNSHOWN_QT_CLASSES = ("QWizard", "QMdiArea", "QFontDialog", "QColorDialog", "QGraphicsView", "QCalendarWidget")


def test_the_start_page_and_a_reopen_load_no_results_statistics_no_html_and_no_unshown_qt_class(tmp_path):
    from npmassess.demo import create_demo
    from npmassess.frameworks import library
    from npmassess.store import Store
    empty, demo = tmp_path / "empty.db", tmp_path / "demo.db"
    Store(empty).close()
    with Store(demo) as store:
        aid = create_demo(store, library().get("caf"), "fine-tuned")
    ini = tmp_path / "b.ini"
    ini.write_text(f"[General]\nlast_assessment={aid}\nwelcome_seen=true\n", encoding="utf-8")
    start = _run(empty, tmp_path / "a.ini")
    reopen = _run(demo, ini)
    assert start["rows_when_shown"] == 0 and reopen["view"] == "ScoringView"
    for name, r in (("start page", start), ("reopen at CAF 1.1", reopen)):
        for module in LAZY_AT_START:
            assert module not in r["after"], f"{module} imported for the {name}"
        made = sorted(set(UNSHOWN_QT_CLASSES) & set(r["widget_types"]))
        assert made == [], f"PySide6 built {made} for the {name}"
    assert "npmassess.results.nodes" in reopen["after"]  # the scoring view did ask about the node
    assert "npmassess.process.audit" not in start["after"]  # the trail's hook loads it at the first commit
    # (json too, but this child imports it itself to report)
    for module in ("npmassess.figure_images", "decimal"):  # a figure's image checks, the first number rounded
        assert module not in start["after"], f"{module} imported for the empty start page"


def test_the_results_package_gives_its_names_when_asked():
    code = ("import sys, npmassess.results as r; before = sorted(m for m in sys.modules if m.startswith('npmassess.results')); "
            "from npmassess.results import LEVELS, Register, Suggestion, is_results_node, load_register, read, xmr; "
            "from npmassess.results.suggest import suggest, is_results_node as again; "
            "from npmassess.results.registry import links_of; import npmassess.results.nodes as nodes; "
            "print(before, again is is_results_node is nodes.is_results_node, links_of is nodes.links_of, "
            "callable(suggest), 'npmassess.results.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, text=True, stdout=subprocess.PIPE,
                         timeout=60).stdout.split()
    assert out == ["['npmassess.results']", "True", "True", "True", "True"]
