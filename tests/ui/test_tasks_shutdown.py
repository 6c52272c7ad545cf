"""Closing the window while background work runs: the work is cancelled and waited for, nothing is printed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys, time, threading
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import ui.app as app_mod
    from ui import tasks
    seen = {{}}

    def slow(progress):
        for i in range(40):  # reports progress after the window is gone; stops when told to
            time.sleep(0.05)
            if progress(i, 40, "working"):
                seen["cancelled"] = i
                from npmassess.errors import Cancelled
                raise Cancelled("stopped")
        seen["ran to the end"] = True

    def start_then_close():
        app = QApplication.instance()
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
        tasks.run_task(slow, "Slow job", window, show_progress={progress})
        QTimer.singleShot(150, window.close)

    make = app_mod.make_app
    def make_app(argv):
        app = make(argv)
        QTimer.singleShot(1500, start_then_close)
        return app
    app_mod.make_app = make_app
    code = app_mod.run(["--db", sys.argv[1]])
    print("exit", code, "cancelled" in seen, flush=True)
""")


def _run(tmp_path, progress: bool):
    script = tmp_path / "close.py"
    script.write_text(SCRIPT.format(root=str(ROOT), progress=progress), encoding="utf-8")
    conf = tmp_path / "cfg" / "npmassess" / "npmassess.conf"  # a known user: no first-start question
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text("[General]\nuser_name=Tester\n", encoding="utf-8")
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, str(script), str(tmp_path / "a.db")], capture_output=True, text=True,
                          env=env, timeout=60)


def test_closing_the_window_during_a_task_prints_nothing_and_cancels_it(tmp_path):
    for progress in (True, False):
        done = _run(tmp_path, progress)
        assert "Signal source has been deleted" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        assert "exit 0 True" in done.stdout, (done.stdout, done.stderr)
