"""Every PDF the `export` command writes, for every framework, reads as French with --lang fr (issue 11).

The demo's own text (organisation, people, notes, actions, measures) is replaced by neutral words before
the export, so whatever English is left in the PDF is ours: labels, statuses, sentences, typography.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from french_text import _words, english_words, kept_english
from npmassess.comparison import copy_to_new_cycle, unit_history
from npmassess.demo import build_demo
from npmassess.exports.pdf.document import export_pdf
from npmassess.i18n import using_language
from npmassess.exports.pdf.extras import export_consensus_pack, export_plan_pdf, export_summary_pdf
from npmassess.process import audit
from npmassess.results.demo import ensure_demo_register
from npmassess.results.figures import results_data

FRAMEWORKS = ["caf@2020", "baldrige@2023-2024", "maf@current", "maf@2003", "capability-review@2006", "efqm@2020",
              "kr-gpe@2022", "pma-scorecard@2001-2008", "pqa@2023-2024", "tqa@2023-2024"]
ORG, UNIT = "Zorblat Org", "Zorblat Uni"
# Our English words that may also be words of a French sentence are not in english_words(): these are
# the labels and statuses found left in French reports, checked on their own.
UI_ENGLISH = {"worksheet", "raters", "agreed", "planned", "high", "medium", "low", "done", "cancelled", "progress",
              "shortened", "higher", "lower", "better", "worse", "name", "when", "who", "trend", "target", "reached",
              "spread", "lowest", "highest", "widest", "first", "priority", "status", "owner", "due", "strengths",
              "areas", "improvement", "evidence", "enablers", "results", "overall", "chain", "verified", "entries",
              "agenda", "meeting", "pack", "summary", "executive", "score", "scores", "of", "the", "and", "is",
              "change", "level", "levels", "rating", "unit", "mean", "out", "nodes", "node", "sub", "criterion",
              "criteria", "assessor", "fill", "during", "rationale", "statuses", "follows", "baseline", "measure",
              "measures", "carried", "current", "continued", "suggests", "register", "trail", "audit"}
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")


def neutral(a):
    """The users' own text replaced by neutral words (the organisation and unit kept for the register)."""
    n = iter(range(1, 100_000))
    word = lambda: f"Zorblat {next(n)}"  # noqa: E731
    a.organisation, a.unit = ORG, UNIT
    for p in a.participants:
        p.name, p.role = word(), word()
    for x in a.notes:
        x.text = word()
    a.rationale = {k: word() for k in a.rationale}
    a.narratives = {k: word() for k in a.narratives}
    for x in a.actions:
        x.title, x.description, x.owner = word(), word(), word()
    return a


def neutral_register(store) -> None:
    """The demo register's measure names, units and sources: users' text too."""
    with store.db.conn:
        store.db.execute("update measures set name = 'Zorblat m' || coalesce(position, rowid), "
                         "definition = 'Zorblat', uom = 'zu', source = 'Zorblat', owner = 'Zorblat', "
                         "comparison_name = case when comparison_name is null then null else 'Zorblat' end")


@pytest.fixture
def made(store, lib, tmp_path, monkeypatch):
    """A neutral demo in its second cycle (so the comparison is in the report), with its register and trail.

    Three texts are written by other modules, not by the report, and are not checked here: what each audit
    entry changed (npmassess.process.audit), why the register suggests a band (npmassess.results.suggest)
    and the list of consensus values changed since the last cycle (npmassess.comparison).
    """
    import dataclasses

    from npmassess.exports.pdf import results as chapter
    real = chapter.suggest
    monkeypatch.setattr(chapter, "suggest", lambda *args: [dataclasses.replace(x, reason="Zorblat")
                                                           for x in real(*args)])

    def make(key, lang="fr"):
        fw = lib.get(*key.split("@"))
        a = neutral(build_demo(fw))
        store.write_assessment(a)
        ensure_demo_register(store, fw, ORG, UNIT)
        neutral_register(store)
        old_id, _ = copy_to_new_cycle(store, a.id, "2000")  # the previous cycle, for the comparison pages
        store.set_rating(old_id, None, fw.scored_nodes()[0].id, fw.method().dimensions_for(
            fw.scored_nodes()[0].type)[0].id, _top(fw))
        b = store.load(a.id)
        trail = audit.for_export(store, b)
        for r in trail["rows"]:  # what each change was is written by npmassess.process.audit (not a report text)
            r.update(change="Zorblat", user="Zorblat")
        b.audit_trail = trail
        with using_language(lang):  # the comparison writes its warnings in the language of the session
            history = unit_history(store, a.id, upto=True)
        history.changed = ["Zorblat"] * len(history.changed)
        return b, fw, history, results_data(store, a.id)
    return make


def _top(fw):
    dim = fw.method().dimensions_for(fw.scored_nodes()[0].type)[0]
    return max(lv.value for lv in dim.scale.levels) if dim.scale.levels else 90


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def english_left(text: str) -> list[str]:
    words = english_words() | UI_ENGLISH
    kept = set().union(*[_words(s) for s in kept_english()])
    out = []
    for line in text.splitlines():
        line = re.sub(r"\b[0-9a-f]{16,}\b", " ", line)  # the audit chain's hash
        found = sorted(w for w in _words(line) if w in words and w not in kept)
        if found:
            out.append(f"{line.strip()[:110]!r} {found}")
    return out


def bad_typography(text: str, fw) -> list[str]:
    """A colon, semicolon, '?' or '!' glued to the word before; a decimal point; an ISO date.

    Official English titles kept as they are ('Thailand Quality Award: Criteria for…') keep their colon."""
    ids = {n.id for n in fw.nodes()}
    heads = sorted({k.split(":")[0] + ":" for k in kept_english() if ":" in k}, key=len, reverse=True)
    out = []
    for line in text.splitlines():
        for h in heads:
            line = line.replace(h, " ")
        if re.search(r"[\w\)\]»][:;?!](\s|$)", line) and "://" not in line:
            out.append(f"punctuation: {line.strip()[:110]!r}")
        for m in re.finditer(r"(?<![\w.])\d+\.\d+(?![\w.])", line):
            if m.group(0) not in ids:
                out.append(f"decimal point {m.group(0)}: {line.strip()[:110]!r}")
        if re.search(r"\b\d{4}-\d{2}-\d{2}\b", line):
            out.append(f"ISO date: {line.strip()[:110]!r}")
    return out


def check(text: str, fw, what: str) -> None:
    problems = english_left(text) + bad_typography(text, fw)
    assert not problems, f"In the French {what}:\n" + "\n".join(problems)


@needs_pdftotext
@pytest.mark.parametrize("key", FRAMEWORKS)
def test_french_report_pack_plan_and_summary_have_no_english(made, key, tmp_path):
    a, fw, history, results = made(key)
    assert len(history.cycles) == 2
    files = {"report": tmp_path / "r.pdf", "pack": tmp_path / "pack.pdf", "plan": tmp_path / "plan.pdf",
             "summary": tmp_path / "sum.pdf"}
    export_pdf(a, fw, files["report"], lang="fr", history=history, results=results,
               sign_off={"prepared_by": "Zorblat", "version": "1"})
    export_consensus_pack(a, fw, files["pack"], lang="fr", threshold=0)
    export_plan_pdf(a, fw, files["plan"], lang="fr")
    assert export_summary_pdf(a, fw, files["summary"], history=history, lang="fr") == 1
    texts = {k: pdf_text(p) for k, p in files.items()}
    assert "Synthèse" in texts["report"] and "Plan d’amélioration" in texts["plan"]
    problems = [f"{what}: {p}" for what, text in texts.items() for p in english_left(text) + bad_typography(text, fw)]
    assert not problems, f"In the French {key} PDFs:\n" + "\n".join(problems)


@needs_pdftotext
@pytest.mark.parametrize("key", ["caf@2020", "maf@current"])
def test_anonymous_and_filtered_french_outputs(made, key, tmp_path):
    a, fw, history, results = made(key)
    export_pdf(a, fw, tmp_path / "r.pdf", lang="fr", anonymous=True)
    export_consensus_pack(a, fw, tmp_path / "p.pdf", lang="fr", anonymous=True)
    export_plan_pdf(a, fw, tmp_path / "plan.pdf", statuses=["planned", "done"], lang="fr")
    for name in ("r", "p", "plan"):
        check(pdf_text(tmp_path / f"{name}.pdf"), fw, f"{key} {name}")
    plan = pdf_text(tmp_path / "plan.pdf")
    assert "prévue" in plan and "planned" not in plan


@needs_pdftotext
def test_each_half_of_the_bilingual_report_in_its_language(made, tmp_path):
    a, fw, history, results = made("maf@current")
    export_pdf(a, fw, tmp_path / "bi.pdf", lang="en+fr", history=history, results=results)
    export_pdf(a, fw, tmp_path / "en.pdf", lang="en", history=history, results=results)
    text = pdf_text(tmp_path / "bi.pdf")
    english = pdf_text(tmp_path / "en.pdf")
    cut = text.index("Pré-évaluation du CRG")
    check(text[cut:], fw, "French half of the bilingual report")
    assert not re.search(r"\bSynthèse\b|\bPlan d’amélioration\b", text[:cut])
    assert "Executive summary" in text[:cut] and "Executive summary" in english


@needs_pdftotext
def test_english_outputs_keep_their_english(made, tmp_path):
    a, fw, history, _ = made("caf@2020", "en")
    export_consensus_pack(a, fw, tmp_path / "p.pdf", lang="en", threshold=0)
    export_plan_pdf(a, fw, tmp_path / "plan.pdf", lang="en")
    export_summary_pdf(a, fw, tmp_path / "s.pdf", history=history, lang="en")
    pack, plan, summary = (pdf_text(tmp_path / f"{n}.pdf") for n in ("p", "plan", "s"))
    assert "Consensus meeting pack" in pack and "Worksheet" in pack and "Agreed score" in pack and "Raters" in pack
    assert "planned" in plan and re.search(r"High \(\d/\d\)", plan) and "highest priority first" in plan
    assert re.search(r"Overall: \d+\.\d; Enablers: \d+\.\d", summary) and "planned: " in summary


@needs_pdftotext
def test_french_evidence_gaps_dossier_performance_and_comparison_pdfs(made, store, tmp_path):
    from npmassess import comparison
    from npmassess.exports.pdf.compare import write_comparison_pdf
    from npmassess.exports.pdf.dossier import export_dossier
    from npmassess.exports.pdf.evidence_gaps import export_evidence_gaps
    from npmassess.exports.pdf.performance import export_performance_pdf
    from npmassess.process import dossier
    a, fw, history, results = made("caf@2020")
    dossier.set_step(store, a.id, 1, done="2026-01-15", owner="Zorblat", note="Zorblat")
    steps = dossier.steps(store, a.id)
    export_evidence_gaps(a, fw, tmp_path / "gaps.pdf", lang="fr")
    export_dossier(a, fw, steps, tmp_path / "dossier.pdf", lang="fr")
    with using_language("fr"):  # the session's language, as the GUI and the CLI set it
        export_performance_pdf(results, tmp_path / "perf.pdf")
        write_comparison_pdf(history, tmp_path / "trend.pdf")
        write_comparison_pdf(comparison.unit_league(store, a.cycle), tmp_path / "league.pdf")
    problems = []
    for name in ("gaps", "dossier", "perf", "trend", "league"):
        text = pdf_text(tmp_path / f"{name}.pdf")
        problems += [f"{name}: {p}" for p in english_left(text) + bad_typography(text, fw)]
    assert not problems, "\n".join(problems)
    dossier_text = pdf_text(tmp_path / "dossier.pdf")
    assert "Les dix étapes du processus CAF" in dossier_text and "15/01/2026" in dossier_text
