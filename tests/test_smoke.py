"""The 'smoke' self-check subcommand, run from the source tree (the bundle test runs it frozen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def smoke(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "NPMASSESS_DB"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "smoke", *args], capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_smoke_writes_and_checks_a_pdf_and_a_workbook(tmp_path):
    out = smoke("--framework", "caf", "--out", str(tmp_path / "out"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "smoke     ok: 2 files written and checked" in out.stdout
    assert (tmp_path / "out" / "caf-2020.pdf").read_bytes().startswith(b"%PDF-")
    from openpyxl import load_workbook
    assert load_workbook(tmp_path / "out" / "caf-2020.xlsx").sheetnames
    # the check never touches the user's database
    assert not (Path(os.environ["NPMASSESS_DATA_DIR"]) / "npmassess.db").exists()


def test_smoke_fails_clearly_without_frameworks(tmp_path):
    empty = tmp_path / "no-frameworks"
    empty.mkdir()
    out = smoke(env_extra={"NPMASSESS_FRAMEWORKS": str(empty)})
    assert out.returncode == 1
    assert f"smoke     FAILED: no framework files found in {empty}" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_smoke_rejects_an_unknown_framework_and_a_bad_out_folder(tmp_path):
    out = smoke("--framework", "nope")
    assert out.returncode == 1 and "--framework nope: no such framework" in out.stdout
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = smoke("--out", str(blocker / "sub"))
    assert out.returncode == 1
    assert out.stderr.startswith("error: --out ") and len(out.stderr.strip().splitlines()) == 1
