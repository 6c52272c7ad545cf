"""Builds the PyInstaller bundle into a temporary folder and drives the built executable headless."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXE_NAME = "npmassess.exe" if os.name == "nt" else "npmassess"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("NPMASSESS_RUN_SLOW") != "1",
                       reason="builds the bundle (about a minute): set NPMASSESS_RUN_SLOW=1 (.ci/run does)"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Path of the built executable (dist and work folders are temporary, never the developer's)."""
    base = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, NPMASSESS_DATA_DIR=str(base / "build-data"), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), "--distpath", str(base / "dist"),
                          "--workpath", str(base / "work"), "--no-smoke"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    exe = base / "dist" / "npmassess" / EXE_NAME
    assert exe.is_file(), f"no executable at {exe}"
    return exe


def run(exe: Path, *args: str, data: Path, extra: dict | None = None, prefix: tuple[str, ...] = (),
        timeout: int = 180) -> subprocess.CompletedProcess:
    """Run the bundled executable headless with its data directory set to `data`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NPMASSESS_")}
    env.update(NPMASSESS_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    env.update(extra or {})
    return subprocess.run([*prefix, str(exe), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=data.parent)


def test_frameworks_json_lists_every_bundled_framework(bundle, tmp_path, lib):
    out = run(bundle, "frameworks", "--json", data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    assert listed["errors"] == []
    assert {(f["id"], f["edition"]) for f in listed["frameworks"]} == {(f.id, f.edition) for f in lib}
    caf = next(f for f in listed["frameworks"] if f["id"] == "caf")
    assert caf["criteria"] == 9 and caf["methods"] == ["classical", "fine-tuned"]


def test_demo_goes_to_the_per_user_data_directory(bundle, tmp_path):
    out = run(bundle, "demo", data=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert re.fullmatch(r"[0-9a-f]{32}\n", out.stdout)
    assert (tmp_path / "data" / "npmassess.db").is_file()
    # without any override the bundle follows XDG: $XDG_DATA_HOME/npmassess, not the program folder
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    plain_env = {k: v for k, v in os.environ.items() if not k.startswith("NPMASSESS_")}
    plain_env.update(env, QT_QPA_PLATFORM="offscreen")
    plain = subprocess.run([str(bundle), "demo", "--framework", "baldrige"], env=plain_env,
                           capture_output=True, text=True, timeout=180)
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "xdg" / "npmassess" / "npmassess.db").is_file()
    assert not list(bundle.parent.rglob("*.db"))


def test_export_of_the_demo_to_pdf_and_excel(bundle, tmp_path):
    data = tmp_path / "data"
    if " export " not in run(bundle, "--help", data=data).stdout:
        pytest.skip("this build has no 'export' subcommand yet")
    aid = run(bundle, "demo", data=data).stdout.strip()
    org = json.loads(run(bundle, "list", "--json", data=data).stdout)[0]["organisation"]
    pdf, xlsx = tmp_path / "review.pdf", tmp_path / "book.xlsx"
    out = run(bundle, "export", aid, "--pdf", str(pdf), "--xlsx", str(xlsx), data=data)
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert org in " ".join(text.split())
    from openpyxl import load_workbook
    wb = load_workbook(xlsx)
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any(org in c for c in cells), f"{org!r} not found in {xlsx.name}"


def test_unusable_data_file_gives_one_clear_line_and_exit_1(bundle, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is a shopping list, not a database\n", encoding="utf-8")
    out = run(bundle, "list", data=tmp_path / "data", extra={"NPMASSESS_DB": str(bad)})
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and str(bad) in lines[0], out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert bad.read_text(encoding="utf-8") == "this is a shopping list, not a database\n"


def test_smoke_check_passes_without_any_network(bundle, tmp_path):
    # a fresh network namespace has no interfaces at all: any connection attempt would fail
    prefix = ("unshare", "-rn") if shutil.which("unshare") and subprocess.run(
        ["unshare", "-rn", "true"], capture_output=True).returncode == 0 else ()
    out = run(bundle, "smoke", data=tmp_path / "data", prefix=prefix)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "smoke     ok:" in out.stdout
    assert "bundle" in out.stdout.splitlines()[0]
    assert "WARNING" not in out.stdout  # fonts for PDFs were found (bundled or system)


def test_gui_renders_its_views_from_the_bundle(bundle, tmp_path):
    data = tmp_path / "data"
    if "--screenshots" not in run(bundle, "gui", "--help", data=data).stdout:
        pytest.skip("this build's GUI has no --screenshots option")
    shots = tmp_path / "shots"
    out = run(bundle, "gui", "--screenshots", str(shots), "--demo", data=data, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    pngs = sorted(shots.glob("*.png"))
    assert pngs, "no screenshots written"
    assert all(p.read_bytes().startswith(b"\x89PNG") and p.stat().st_size > 5000 for p in pngs)


def test_gui_with_an_unusable_data_file_opens_a_clear_dialog(bundle, tmp_path):
    if not (shutil.which("Xvfb") and shutil.which("xwininfo")):
        pytest.skip("needs Xvfb and xwininfo to see the dialog")
    import time
    bad = tmp_path / "bad.db"
    bad.write_text("not a database\n", encoding="utf-8")
    display = next(f":{n}" for n in range(131, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app = None
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NPMASSESS_", "QT_QPA"))}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", NPMASSESS_DATA_DIR=str(tmp_path / "data"))
        deadline = time.monotonic() + 60
        titles = ""
        while time.monotonic() < deadline:
            if app is None and subprocess.run(["xwininfo", "-root", "-display", display],
                                              capture_output=True).returncode == 0:
                app = subprocess.Popen([str(bundle), "gui", "--db", str(bad)], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if app is not None:
                titles = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                                        capture_output=True, text=True).stdout
                if "Cannot open the database" in titles or app.poll() is not None:
                    break
            time.sleep(0.1)
        assert app is not None and app.poll() is None, "the GUI exited instead of explaining the problem"
        assert "Cannot open the database" in titles
    finally:
        for proc in (app, xvfb):
            if proc is not None:
                proc.terminate()
                proc.wait(10)
    assert bad.read_text(encoding="utf-8") == "not a database\n"


def test_runs_as_an_unprivileged_user_from_a_read_only_folder(bundle):
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to switch to an unprivileged user")
    import tempfile
    base = Path(tempfile.mkdtemp(prefix="npmassess-ro-"))  # pytest's tmp folders are private to root
    try:
        base.chmod(0o755)
        ro = base / "npmassess"
        shutil.copytree(bundle.parent, ro, symlinks=True)
        for path in [ro, *ro.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode & ~0o222)
        home = base / "home"
        home.mkdir()
        os.chown(home, 65534, 65534)
        env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                              str(ro / EXE_NAME), "demo"], env=env, capture_output=True, text=True,
                             timeout=180, cwd=home)
        assert out.returncode == 0, out.stderr
        assert (home / ".local" / "share" / "npmassess" / "npmassess.db").is_file()
    finally:
        for path in [base, *base.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base)


def test_bundle_speaks_french_from_its_catalogue(bundle, tmp_path):
    """The .po catalogue travels in the bundle: CLI messages and a French report."""
    data = tmp_path / "data"
    aid = run(bundle, "demo", data=data).stdout.strip()
    pdf = tmp_path / "rapport.pdf"
    out = run(bundle, "export", aid, "--lang", "fr", "--pdf", str(pdf), data=data)
    assert out.returncode == 0, out.stderr
    assert "écrit" in out.stdout  # "… écrit": the message came from the bundled catalogue
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Synthèse" in text and "Méthode et échelle" in text
