"""Helpers shared by the export tests: demo snapshots, Unicode samples, PDF text and LibreOffice runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from npmassess.assessment import Note, Participant, new_id
from npmassess.demo import build_demo
from npmassess.frameworks import library

DEMOS = [("caf", "2020", "classical"), ("caf", "2020", "fine-tuned"), ("baldrige", "2023-2024", None),
         ("maf", "current", None), ("maf", "2003", None), ("capability-review", "2006", None)]
UNICODE = {
    "latin": "Zoë Ñúñez-Łukasiewicz, Genève",
    "greek": "Δημήτρης Παπαδόπουλος",
    "cyrillic": "Наталья Иванова",
    "cjk": "田中太郎 보고서",
}


def demo(framework: str, edition: str, method: str | None = None, unicode: bool = True):
    """A demo snapshot (Assessment, Framework), with Unicode participants and notes added."""
    fw = library().get(framework, edition)
    a = build_demo(fw, method)
    if unicode:
        a.participants.append(Participant(new_id(), UNICODE["greek"], "Σύμβουλος", 5))
        a.participants.append(Participant(new_id(), UNICODE["cjk"], "主任", 6))
        first = fw.scored_nodes()[0].id
        a.notes.append(Note(new_id(), first, "strength", f"{UNICODE['latin']} — {UNICODE['cyrillic']} отчёт",
                            a.participants[-2].id, 9))
        a.notes.append(Note(new_id(), first, "improvement", "品質管理の改善が必要です (CJK note)",
                            a.participants[-1].id, 9))
    return a, fw


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (lines wrap anywhere in a PDF)."""
    return re.sub(r"\s+", " ", text)


def squeeze(text: str) -> str:
    """All whitespace removed (long words are cut across lines)."""
    return re.sub(r"\s+", "", text)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.splitlines())}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    """Convert files with LibreOffice (its own profile, so parallel runs do not clash)."""
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", fmt, "--outdir", str(outdir)] + [str(f) for f in files],
                   check=True, capture_output=True, timeout=240)
