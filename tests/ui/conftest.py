"""GUI test fixtures: isolated QSettings, recorded dialogs, a main-window factory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from npmassess.store import Store


@pytest.fixture(autouse=True)
def _edits_commit_before_the_test_looks(monkeypatch):
    """On a loaded test machine the writer may need more than the GUI's 50 ms grace: tests that do not
    hold the lock elsewhere wait for the commit, so they can check it at once (the lock tests set it back)."""
    from ui.session import Session
    monkeypatch.setattr(Session, "GRACE", 5.0)


@pytest.fixture(autouse=True)
def _isolated_settings(qapp, tmp_path):
    """QSettings go to an INI file under tmp_path; the app font is restored afterwards."""
    QCoreApplication.setOrganizationName("npmassess-tests")
    QCoreApplication.setApplicationName("npmassess-tests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    font = QApplication.font()
    app = QApplication.instance()
    palette, style_sheet = app.palette(), app.styleSheet()
    yield
    QApplication.setFont(font)
    app.setPalette(palette)  # a test may switch the theme
    app.setStyleSheet(style_sheet)
    from npmassess import i18n
    if i18n.current_language() != "en":  # a test that switched to French leaves English behind
        from ui.translator import install
        install(qapp, "en")


class DialogLog(list):
    """Every ui.dialogs call made during a test, as (function, args)."""

    def names(self) -> list[str]:
        return [name for name, _ in self]

    def texts(self, name: str) -> list[str]:
        return [" ".join(str(a) for a in args) for n, args in self if n == name]


@pytest.fixture(autouse=True)
def _patient_commits(monkeypatch, request):
    """On a loaded machine a commit can take longer than the GUI's 50 ms grace; tests that are not
    about pending edits wait up to 3 s, so what they assert right after an edit has committed.
    Tests about pending edits mark themselves with @pytest.mark.pending_grace."""
    if request.node.get_closest_marker("pending_grace") is None:
        from ui.session import Session
        monkeypatch.setattr(Session, "GRACE", 3.0)


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch) -> DialogLog:
    """No modal dialog may block a test: ui.dialogs answers 'cancel' unless a test patches it."""
    import ui.dialogs as d
    log = DialogLog()

    def recorder(name, result):
        def fn(*args, **kwargs):
            log.append((name, args[1:]))
            return result
        return fn

    for name, result in (("open_file", None), ("save_file", None), ("choose_folder", None), ("confirm", False), ("error", None),
                         ("info", None), ("ask_text", None), ("ask_multiline", None), ("choose", None),
                         ("review_import", None)):
        monkeypatch.setattr(d, name, recorder(name, result))

    def export_options(parent, title, page_sizes, languages, page_size, lang):
        log.append(("export_options", (title, page_sizes, languages, page_size, lang)))
        return page_size, lang  # the defaults, as if OK was pressed
    monkeypatch.setattr(d, "export_options", export_options)
    return log


@pytest.fixture
def make_main_window(qtbot):
    """Factory: make_main_window(db_path, open_last=True) -> a shown MainWindow over its own Store."""
    from ui.main_window import MainWindow
    stores = []

    def make(db_path, open_last: bool = True, show: bool = True):
        store = Store(db_path)
        stores.append(store)
        window = MainWindow(store, QSettings(), open_last=open_last)
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for store in stores:
        store.close()
