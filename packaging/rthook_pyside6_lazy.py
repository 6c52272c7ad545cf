"""PyInstaller runtime hook: PyInstaller's PySide6 setup, but without loading Qt at start-up.

PyInstaller's own hook (pyi_rth_pyside6) imports PySide6.QtCore before main.py runs, only to
register an embedded qt.conf. That loads QtCore and ICU (about 0.1 s) even for headless commands
such as `npmassess frameworks`. This hook sets the same environment variables at once and
registers qt.conf right after the first `import PySide6.QtCore`, so only the GUI pays for Qt.
The spec removes pyi_rth_pyside6 and adds this file instead.
"""

import importlib.abc
import os
import sys


def _setup() -> None:
    base = sys._MEIPASS  # noqa: SLF001 - set by the PyInstaller bootloader
    qt_dir = os.path.join(base, "PySide6") if sys.platform == "win32" else os.path.join(base, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_dir, "qml")
    if sys.platform == "win32":
        os.environ["PATH"] = base + os.pathsep + os.environ.get("PATH", "")

    class _AfterQtCore(importlib.abc.MetaPathFinder):
        """Runs PyInstaller's qt.conf helper once PySide6.QtCore has been loaded."""

        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            import importlib.util
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            real_exec = spec.loader.exec_module

            def exec_module(module, _real=real_exec):
                _real(module)
                sys.modules[name] = module
                try:
                    from _pyi_rth_utils import qt as qt_rth_utils
                    qt_rth_utils.create_embedded_qt_conf("PySide6", qt_dir)
                except Exception:  # same outcome as PyInstaller's hook: Qt then uses its defaults
                    pass

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, _AfterQtCore())


_setup()
del _setup
