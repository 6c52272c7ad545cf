"""A refused command leaves no database behind when it was the one to create it; data is always kept."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from npmassess.cli import run
from npmassess.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _quiet(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return run(args)


def test_unknown_framework_creates_no_database_nor_folder(tmp_path):
    db = tmp_path / "work" / "new.db"
    assert _quiet(["demo", "--db", str(db), "--framework", "nosuch"]) != 0
    assert not db.exists() and not (tmp_path / "work").exists()  # nor the folder it would have made


def test_unknown_framework_from_main_py_prints_one_line_and_creates_nothing(tmp_path):
    db = tmp_path / "new.db"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db), "--framework", "nosuch"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode != 0 and "nosuch" in done.stderr and "Traceback" not in done.stderr
    assert not [p for p in tmp_path.rglob("new.db*")]


def test_a_refused_command_keeps_an_existing_database(tmp_path):
    db = tmp_path / "old.db"
    Store(db).close()  # an empty store made earlier: not this command's to remove
    assert _quiet(["demo", "--db", str(db), "--framework", "nosuch"]) != 0
    assert db.exists()
    with Store(db) as store:
        assert store.list_assessments() == []


def test_an_error_after_a_write_keeps_the_new_database(tmp_path, caf):
    from npmassess.demo import create_demo
    db = tmp_path / "new.db"
    with pytest.raises(RuntimeError):
        with Store(db) as store:
            aid = create_demo(store, caf)
            raise RuntimeError("later failure")
    with Store(db) as store:
        assert store.find(aid) == aid


def test_a_database_in_a_new_folder_is_created_with_its_folder(tmp_path):
    db = tmp_path / "new" / "deeper" / "a.db"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["demo", "--db", str(db), "--framework", "caf"]) == 0
    with Store(db) as store:
        assert store.find(out.getvalue().strip())


@pytest.mark.parametrize("before", [["--db", "{db}"], ["--db={db}", "--lang", "fr"]])
def test_common_options_before_the_command_run_that_command(tmp_path, before):
    db = tmp_path / "n.db"
    args = [a.format(db=db) for a in before]
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "demo", "--framework", "nosuch"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "nosuch" in done.stderr and "usage: npmassess gui" not in done.stderr
    assert not db.exists()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "demo", "--framework", "maf"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        assert store.find(done.stdout.strip())
