"""GUI entry point: QApplication, settings names, error hook, --db and --screenshots."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

ORGANISATION = "npmassess"
APPLICATION = "npmassess"


def tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def error_log_path():
    """The file unexpected errors are written to (in the user's data folder)."""
    from npmassess.paths import data_dir
    return data_dir() / "npmassess-errors.log"


class ErrorHook:
    """sys.excepthook: write the traceback to the error log and show one clear dialog; keep running."""

    def __init__(self):
        self.showing = False
        self.count = 0

    def __call__(self, exc_type, exc, tb) -> None:
        import traceback
        from datetime import datetime

        from npmassess.errors import NpmassessError
        self.count += 1
        path = error_log_path()
        try:
            with path.open("a", encoding="utf-8") as f:
                f.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                f.write("".join(traceback.format_exception(exc_type, exc, tb)))
        except OSError:
            pass
        if isinstance(exc, NpmassessError):
            text = str(exc)
        else:
            text = tr("Something went wrong ({kind}). The last change may not have been saved: check it. "
                      "Details were written to {path}.").format(kind=exc_type.__name__, path=path)
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            from . import dialogs
            dialogs.error(None, tr("Unexpected error"), text)
        finally:
            self.showing = False


def parse(argv: list[str]):
    import argparse  # imported here: every millisecond before the window shows counts
    from pathlib import Path
    p = argparse.ArgumentParser(prog="npmassess gui", description="Open the npmassess window.")
    p.add_argument("--db", type=Path, help="database file (default: the user's data folder)")
    p.add_argument("--screenshots", type=Path, metavar="DIR",
                   help="render every main view to PNG files in DIR and exit")
    p.add_argument("--demo", action="store_true", help="with --screenshots: use demo assessments in a temporary database")
    p.add_argument("--size", default="1366x768", help="with --screenshots: window size (default 1366x768)")
    return p.parse_args(argv)


def make_app(argv: list[str] | None = None) -> QApplication:
    from . import feature_scan
    feature_scan.install()  # before our modules load: PySide6 need not read their sources (~30 ms)
    app = QApplication.instance() or QApplication(argv or ["npmassess"])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion("0.1.0")
    app.setApplicationDisplayName("npmassess")
    app.setDesktopFileName("npmassess")  # matches packaging/npmassess.desktop (taskbar grouping)
    from PySide6.QtGui import QIcon

    from npmassess.paths import resource_dir
    icon = resource_dir() / "packaging" / "icons" / "npmassess.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    install_translations(app)
    return app


def install_translations(app: QApplication) -> str:
    """Load the UI language (View > Language, else the system's) from npmassess' catalogue; returns it."""
    from .translator import install, saved_language
    return install(app, saved_language())


def run(argv: list[str]) -> int:
    """Start the GUI; returns the exit code."""
    try:
        args = parse(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    app = make_app(sys.argv[:1])
    if args.screenshots:
        from .screenshots import take_screenshots
        return take_screenshots(args.screenshots, args.db, args.demo, args.size)
    # The window goes on screen first; the core (sqlite-utils, framework files) loads right after.
    from .main_window import MainWindow
    window = MainWindow(None, QSettings())
    window.show()
    stores = []

    def load() -> None:
        from npmassess import fsutil
        from npmassess.errors import StoreError
        from npmassess.store import Store
        fsutil.clean_stale_parts()  # temporary files a crashed export left behind
        try:
            stores.append(Store(args.db))
        except StoreError as exc:
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.critical(window, tr("Cannot open the database"), tr(
                "{problem}\n\nStart npmassess with --db PATH to use another file.").format(problem=exc))
            app.exit(2)
            return
        window.attach_store(stores[0])
        from .process_ui import ask_name_at_first_start
        ask_name_at_first_start(window)

    previous_hook, sys.excepthook = sys.excepthook, ErrorHook()
    QTimer.singleShot(0, load)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        window.close()
        from .tasks import shutdown
        shutdown()  # background work stops before its objects and the database go away
        for store in stores:
            store.close()
