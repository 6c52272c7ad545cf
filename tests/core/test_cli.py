"""The headless CLI as a user runs it: exit codes, one-line errors, no tracebacks."""

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args, db=None, env_extra=None):
    """The CLI in this process (fast, and its lines count for coverage): as main.py would run it."""
    import os

    from npmassess.cli import run as cli_run
    argv = [*args] + (["--db", str(db)] if db else [])
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.pop("NPMASSESS_DB", None)
    os.environ.update(env_extra or {})
    old_stdin = sys.stdin
    sys.stdin = io.StringIO("")  # no standard input, as in CI
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_run(argv)
            except SystemExit as exc:  # argparse --help
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
        os.environ.clear()
        os.environ.update(saved)
    return Ran(code, out.getvalue(), err.getvalue())


def run_process(*args, db=None):
    """The CLI as a separate process through main.py (exit codes and stderr as a user sees them)."""
    import os
    env = dict(os.environ)
    env.pop("NPMASSESS_DB", None)
    cmd = [sys.executable, str(ROOT / "main.py"), *args] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def test_main_py_runs_the_cli_in_a_real_process(tmp_path):
    ok = run_process("demo", "--framework", "maf", db=tmp_path / "p.db")
    assert ok.returncode == 0 and ok.stdout.strip(), ok.stderr
    bad = run_process("show", "nope", db=tmp_path / "p.db")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_global_options_before_the_command_name(tmp_path):
    """`main.py --db F demo` (the order people type) runs the command; options after it still work."""
    import main
    db = tmp_path / "g.db"
    made = run_process("--db", str(db), "--lang", "fr", "demo", "--framework", "maf")
    assert made.returncode == 0 and made.stdout.strip() and db.exists(), made.stderr
    listed = run_process(f"--db={db}", "list")
    assert listed.returncode == 0 and made.stdout.strip().splitlines()[-1] in listed.stdout
    assert main._command_first(["--db", "x", "gui"]) == ["gui", "--db", "x"]
    assert main._command_first(["--db", "x", "--demo"]) == ["--db", "x", "--demo"]  # the GUI's own options
    assert main._command_first(["list", "--db", "x"]) == ["list", "--db", "x"]


def test_frameworks_json():
    out = run("frameworks", "--json")
    assert out.returncode == 0, out.stderr
    rows = {f"{r['id']}@{r['edition']}": r for r in json.loads(out.stdout)["frameworks"]}
    assert rows["caf@2020"]["scored_nodes"] == 28 and rows["caf@2020"]["methods"] == ["classical", "fine-tuned"]
    assert rows["baldrige@2023-2024"]["total_points"] == 1000
    assert rows["maf@2003"]["scored_nodes"] == 10


def test_demo_list_scores_show_export_import(tmp_path):
    db = tmp_path / "cli.db"
    out = run("demo", db=db)
    assert out.returncode == 0, out.stderr
    aid = out.stdout.strip()
    listed = json.loads(run("list", "--json", db=db).stdout)
    assert [r["id"] for r in listed] == [aid] and listed[0]["participants"] == 5
    scores = json.loads(run("scores", aid[:10], "--json", db=db).stdout)
    assert len(scores["nodes"]) == 28 and scores["completeness"] == 1.0
    assert 0 <= scores["overall"] <= 100
    text = run("scores", aid, db=db).stdout
    assert "Enablers" in text and "9.2" in text
    show = run("show", aid, db=db)
    assert "Zoë Martin" in show.stdout and show.returncode == 0
    target = tmp_path / "a.json"
    assert run("export-json", aid, str(target), db=db).returncode == 0
    other = tmp_path / "other.db"
    dry = run("import", str(target), "--dry-run", db=other)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(run("list", "--json", db=other).stdout) == []
    imp = run("import", str(target), db=other)
    assert imp.returncode == 0, imp.stderr
    assert json.loads(run("scores", aid, "--json", db=other).stdout) == scores


@pytest.mark.parametrize("fw", ["baldrige", "maf", "capability-review"])
def test_every_framework_has_a_demo(tmp_path, fw):
    db = tmp_path / "d.db"
    out = run("demo", "--framework", fw, db=db)
    assert out.returncode == 0, out.stderr
    scores = json.loads(run("scores", out.stdout.strip(), "--json", db=db).stdout)
    assert scores["completeness"] == 1.0


def test_new_creates_an_empty_assessment(tmp_path):
    db = tmp_path / "n.db"
    out = run("new", "--framework", "caf", "--method", "fine-tuned", "--org", "Org & <Co>", "--unit", "=Unit",
              "--cycle", "2026", "--participant", "Ana:chair", db=db)
    assert out.returncode == 0, out.stderr
    scores = json.loads(run("scores", out.stdout.strip(), "--json", db=db).stdout)
    assert scores["completeness"] == 0 and scores["overall"] is None and len(scores["missing"]) == 28


@pytest.mark.parametrize("args,problem", [
    (("show", "nope"), "No assessment with id 'nope'"),
    (("new", "--framework", "no-such-framework", "--org", "O", "--unit", "U", "--cycle", "1"), "Unknown framework 'no-such-framework'"),
    (("new", "--framework", "caf", "--method", "quick", "--org", "O", "--unit", "U", "--cycle", "1"), "method"),
    (("new", "--framework", "caf", "--org", " ", "--unit", "U", "--cycle", "1"), "organisation: must not be empty"),
    (("scores",), "required"),
    (("frobnicate",), "invalid choice"),
    (("import", "/nonexistent/file.json"), "no such file"),
])
def test_bad_input_exits_1_with_one_line(tmp_path, args, problem):
    out = run(*args, db=tmp_path / "e.db")
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_unusable_database_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    out = run("list", db=bad)
    assert out.returncode == 1 and "bad.db" in out.stderr and "Traceback" not in out.stderr
    assert bad.read_text() == "hello"


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    out = run("demo", "--framework", "maf", env_extra={"NPMASSESS_DB": str(db)})
    assert out.returncode == 0 and db.exists()


def test_every_command_has_help():
    from npmassess.cli import COMMANDS
    assert {"export", "package", "kit", "compare", "new-cycle"} <= set(COMMANDS)
    for name in COMMANDS:
        out = run(name, "--help")
        assert out.returncode == 0 and "--db" in out.stdout, name
