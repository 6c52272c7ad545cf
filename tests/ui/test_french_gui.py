"""The GUI in French: every view and dialog walked offscreen, no English left outside the users' text."""

from __future__ import annotations

import copy
import re

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from npmassess import i18n
from npmassess.demo import create_demo
from npmassess.frameworks import library
from french_walk import (english_left, english_numbers, glued_punctuation, iso_dates, kept_english, shown_texts,
                         user_strings)
from helpers_b import CASES
from ui import translator


@pytest.fixture
def french(qapp):
    translator.install(qapp, "fr")
    yield
    translator.install(qapp, "en")


def load_every_demo(db_path) -> dict[str, str]:
    """A demo of every framework (and method variant) in one file: case -> assessment id."""
    from npmassess.store import Store
    with Store(db_path) as s:
        return {case: create_demo(s, library().get(fid, edition), method)
                for case, (fid, edition, method) in CASES.items()}


@pytest.fixture(params=list(CASES))
def fr_window(request, french, make_main_window, db_path, qtbot):
    """The main window in French over a file holding a demo of every framework, on one of them."""
    aid = load_every_demo(db_path)[request.param]
    QSettings().setValue("last_assessment", aid)
    window = make_main_window(db_path)
    qtbot.waitUntil(lambda: window.session is not None)
    return window


def register_strings(framework) -> list[str]:
    """The demo results register's measures: the users' own text (names, definitions, sources)."""
    from npmassess.results.demo import demo_measures
    out = []
    for m in demo_measures(framework):
        out += [m.name, m.definition, m.source, m.owner, m.comparison_name, m.unit]
    return sorted({x for x in out if x}, key=len, reverse=True)


def framework_ids() -> list[str]:
    """Node ids of every framework ("1.2", "7.1"): not decimal numbers."""
    return sorted({n.id for fw in library() for n in fw.nodes()}, key=len, reverse=True)


_USERS_TEXT: dict[str, list[str]] = {}


def users_text(store) -> list[str]:
    """What the users wrote in every assessment of the file (other units show in the comparisons), and the
    demo registers' measures; read once per file."""
    key = str(store.path)
    if key not in _USERS_TEXT:
        out = []
        for row in store.list_assessments():
            out += user_strings(store.load(row.id))
        for fw in library():
            out += register_strings(fw)
        _USERS_TEXT.clear()
        _USERS_TEXT[key] = sorted(set(out), key=len, reverse=True)
    return _USERS_TEXT[key]


def check(widget, session, what: str, also_kept: list[str] = ()) -> None:
    """No English word outside the users' text, and no decimal point in a number."""
    from npmassess.paths import user_frameworks_dir
    texts = [(w, re.sub(r"[\w’'-]+…", "…", t)) for w, t in shown_texts(widget)]  # a word cut short by a column
    users = users_text(session.store)
    kept = users + kept_english() + [str(user_frameworks_dir()), str(session.store.path), "[Figure: ID]"] + list(also_kept)
    left = english_left(texts, kept) + english_numbers(
        [(w, t) for w, t in texts if not any(k in t for k in users)], framework_ids()) + glued_punctuation(texts, kept) \
        + iso_dates(texts, kept)
    assert not left, f"English left in {what}:\n" + "\n".join(left)


def walk_views(w, qtbot) -> list[str]:
    """Show every view (building it), each page of its own tabs and the workshop's individual notes."""
    from ui.main_window import VIEWS
    seen = []
    for key in ["scoring"] + [v[0] for v in VIEWS]:
        w.show_view(key)
        view = w.views[key]
        qtbot.wait(20)  # views fill when first shown
        for i in range(view.tabs.count() if hasattr(view, "tabs") else 0):
            view.tabs.setCurrentIndex(i)
            qtbot.wait(10)
            check(view, w.session, f"{key}[{view.tabs.tabText(i)}]")
        if key == "workshop":
            view.toggle_individual()
            check(view, w.session, "workshop+individual")
            view.toggle_individual()
        seen.append(key)
    return seen


def test_every_view_and_the_menus_are_french(fr_window, qtbot):
    w = fr_window
    assert w.menuBar().actions()[0].text() == "&Fichier"
    from ui.main_window import VIEWS
    assert walk_views(w, qtbot) == ["scoring"] + [v[0] for v in VIEWS]
    assert not w._placeholders and len(w.views) == 1 + len(VIEWS)  # the results register included
    check(w, w.session, "the main window")
    w.show_start()
    check(w.start, w.session, "the start page")
    w.show_welcome()
    check(w.start.welcome, w.session, "the welcome")


def test_comparison_with_history_is_french(french, make_main_window, db_path, qtbot):
    """Three cycles of a unit (actions carried, done) and three units, mixed methods and frameworks."""
    from npmassess.store import Store
    from ui.screenshots import comparison_demo
    ids = load_every_demo(db_path)
    with Store(db_path) as s:
        latest = comparison_demo(s, ids["caf-fine-tuned"], ids["caf-classical"])
    QSettings().setValue("last_assessment", latest)
    w = make_main_window(db_path)
    qtbot.waitUntil(lambda: w.session is not None)
    w.show_view("comparison")
    view = w.views["comparison"]
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        qtbot.wait(20)
        check(view, w.session, f"comparison[{view.tabs.tabText(i)}]")
    texts = " ".join(t for _, t in shown_texts(view))
    assert "(reprise)" in texts and "écart" in texts  # the carried actions and spreads were walked
    assert "CAF" in view.league_warnings.text() and "'caf'" not in view.league_warnings.text()
    assert [b.text for b in view.spread_chart.bars if "," in b.text]  # "écart 22,4"


def test_help_texts_are_french(fr_window, dialog_log):
    w = fr_window
    w.show_shortcuts()
    w.show_about()
    texts = [("info", t) for t in dialog_log.texts("info")]
    assert any("Raccourcis" in t for _, t in texts)
    left = english_left(texts, [str(w.store.path)] + kept_english())
    assert not left, "\n".join(left)


def ui_dialog_classes() -> set[type]:
    """Every QDialog subclass the ui package defines."""
    import importlib
    import pkgutil

    import ui
    from PySide6.QtWidgets import QDialog
    found = set()
    for info in pkgutil.iter_modules(ui.__path__):
        module = importlib.import_module(f"ui.{info.name}")
        found |= {c for c in vars(module).values() if isinstance(c, type) and issubclass(c, QDialog)
                  and c.__module__ == module.__name__}
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_every_dialog_is_french(case, french, qtbot, db_path, tmp_path):
    """The accessibility test's dialogs (every one the ui defines), over each framework's demo, among all."""
    from npmassess.store import Store
    from test_accessibility import every_dialog
    from ui.session import Session
    load_every_demo(db_path)
    with Store(db_path) as store:
        dialogs = every_dialog(store, tmp_path, case)
        from ui.dossier_dialog import DossierDialog
        assert {type(d) for d in dialogs} | {DossierDialog} == ui_dialog_classes()  # the dossier: CAF only
        session = next(d.session for d in dialogs if isinstance(getattr(d, "session", None), Session))
        for dlg in dialogs:
            qtbot.addWidget(dlg)
            dlg.show()
            name = type(dlg).__name__
            kept = ["Export", str(tmp_path / "back.npma")] if name in ("ExportOptionsDialog", "ImportPreviewDialog") \
                else []  # the title and file the test itself gives
            check(dlg, session, name, kept)
            for i in range(dlg.tabs.count() if hasattr(dlg, "tabs") else 0):
                dlg.tabs.setCurrentIndex(i)
                check(dlg, session, f"{name}[{dlg.tabs.tabText(i)}]", kept)
            dlg.close()


def test_import_review_dialog_is_french(french, qtbot, store, lib, tmp_path):
    from npmassess.exchange import interchange
    from npmassess.exchange.importing import preview_import
    from npmassess.exchange.packages import export_package, package_bytes, write_atomic
    from ui.import_dialog import ImportPreviewDialog
    fw = lib.get("caf")
    aid = create_demo(store, fw, "classical")
    export_package(store, aid, tmp_path / "sent.npma")
    base = store.load(aid)
    theirs = copy.deepcopy(base)
    key = sorted(base.ratings)[0]
    theirs.ratings[key] = 11.0 if base.ratings[key] != 11.0 else 12.0
    write_atomic(tmp_path / "back.npma", package_bytes(theirs, fw, interchange.dumps(base, fw)))
    store.set_rating(aid, *key, 91.0)
    dlg = ImportPreviewDialog(preview_import(store, tmp_path / "back.npma"))
    qtbot.addWidget(dlg)
    dlg.show()
    left = english_left(shown_texts(dlg), user_strings(store.load(aid)) + [str(tmp_path / "back.npma")])
    assert not left, "\n".join(left)


def test_language_menu_switches_rebuilds_and_is_remembered(make_main_window, db_path, lib, qtbot):
    from npmassess.store import Store
    with Store(db_path) as s:
        aid = create_demo(s, lib.get("caf"))
    QSettings().setValue("last_assessment", aid)
    w = make_main_window(db_path)
    assert i18n.current_language() == "en" and w.menuBar().actions()[0].text() == "&File"
    w.language_actions["fr"].trigger()
    new = w.successor
    qtbot.addWidget(new)
    assert i18n.current_language() == "fr"
    assert new.menuBar().actions()[0].text() == "&Fichier"
    assert new.session is not None and new.session.assessment_id == aid  # same assessment reopened
    assert QSettings().value(translator.SETTING) == "fr"
    assert translator.saved_language(QSettings()) == "fr"  # what the next start uses
    assert QLocale().language() == QLocale.French
    new.language_actions["en"].trigger()
    assert i18n.current_language() == "en" and new.successor.menuBar().actions()[0].text() == "&File"
    qtbot.addWidget(new.successor)


def test_first_start_follows_the_system_locale(monkeypatch):
    QSettings().remove(translator.SETTING)
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("fr_CA")))
    assert translator.saved_language(QSettings()) == "fr"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert translator.saved_language(QSettings()) == "en"  # no German: English
    QSettings().setValue(translator.SETTING, "fr")
    assert translator.saved_language(QSettings()) == "fr"  # the user's choice wins
    assert QApplication.instance() is not None


def test_undo_entries_are_french(fr_window, qtbot):
    from ui import undo
    w = fr_window
    undo.update_assessment(w.session, status="completed")
    qtbot.waitUntil(lambda: "Modifier les détails de l’évaluation" in w.act_undo.text(), timeout=10000)
    note_kind = undo._kind("improvement")
    assert note_kind == "axe d’amélioration"


def test_narrative_desk_is_french(french, qtbot, store):
    """The award writer's desk in full-window mode: the page budget in French number style ("0,2 pages")."""
    from ui.scoring_view import ScoringView
    from ui.session import Session
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    store.set_narrative(aid, "1.1", "Senior leaders set the **vision and values** in a yearly retreat.\n\n"
                        "- Approach: a documented leadership system")
    session = Session(store, aid)
    session.select_node("1.1")
    view = ScoringView(session)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.focus_notes(view.narrative)
    view.toggle_desk()
    editor = view.narrative
    editor.update_budget()
    qtbot.waitUntil(lambda: editor.budget is not None and editor._budget_job is None, timeout=60000)
    editor._show_pages()
    text = editor.pages.text()
    assert re.search(r"Cet item\u00a0: \d+,\d pages", text), text
    assert re.search(r"Catégorie 1\u00a0: \d+,\d pages", text), text
    check(view, session, "the narrative desk")
    editor._budget_timer.stop()  # no budget laid out after the test closed the file
    view.close()
