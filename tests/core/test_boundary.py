"""The core never imports Qt: every npmassess module imports without PySide6."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_no_qt():
    code = (
        "import pkgutil, importlib, sys, npmassess\n"
        "for m in pkgutil.walk_packages(npmassess.__path__, 'npmassess.'):\n"
        "    importlib.import_module(m.name)\n"
        "import npmassess.cli; npmassess.cli.build_parser()\n"
        "bad = sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_qt_import_statement_in_core_sources():
    for path in (ROOT / "npmassess").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PySide6" not in text and "from ui" not in text and "import ui" not in text, path
