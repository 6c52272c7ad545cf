"""The one atomic-write helper: fsync + rename, nothing left on failure, crash leftovers cleaned."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from npmassess import fsutil
from npmassess.errors import OutputError

ROOT = Path(__file__).resolve().parents[2]


def test_write_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("good")
    with pytest.raises(RuntimeError):
        with fsutil.atomic_output(target) as tmp:
            Path(tmp).write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["out.json"]
    fsutil.write_atomic(target, "new ü")
    assert target.read_text(encoding="utf-8") == "new ü"


def test_disk_full_is_one_clear_message_and_leaves_no_part(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="disk is full") as err:
        fsutil.write_atomic(target, b"x" * 100)
    assert str(target) in str(err.value)
    assert [p for p in tmp_path.iterdir() if p.name != "data"] == []


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(OutputError, match="folder does not exist"):
        fsutil.write_atomic(tmp_path / "nope" / "x.txt", "a")


def test_a_crash_mid_write_leaves_a_part_that_the_next_start_removes(tmp_path):
    env = {**os.environ, "NPMASSESS_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "data").mkdir()
    target = tmp_path / "report.pdf"
    code = ("import os, sys\nfrom npmassess import fsutil\n"
            f"with fsutil.atomic_output({str(target)!r}) as tmp:\n"
            "    open(tmp, 'w').write('half')\n    os._exit(9)\n")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env).returncode == 9
    parts = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(parts) == 1 and parts[0].name.startswith(".report.pdf.")
    # the next start (any CLI command) removes it
    out = subprocess.run([sys.executable, "main.py", "frameworks", "--db", str(tmp_path / "s.db")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert not parts[0].exists()
    assert not target.exists()
