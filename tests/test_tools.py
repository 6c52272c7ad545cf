"""The boundaries and the code are guarded by tools, run with the tests (make test, CI)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run make test (it installs the test extras)")
    return str(found)


def test_import_contracts_hold():
    """Core never imports Qt/ui, ui never imports SQLite, core layers point down, no sibling cycles."""
    out = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "BROKEN" not in out.stdout and out.stdout.count("KEPT") >= 4


def test_ruff_is_clean():
    out = subprocess.run([_tool("ruff"), "check", "npmassess", "ui", "tests", "bench", "main.py"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:]


def test_mypy_is_clean():
    """The core type-checks with the [tool.mypy] settings of pyproject.toml (files = npmassess)."""
    out = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "Success: no issues found" in out.stdout, out.stdout[-4000:]
