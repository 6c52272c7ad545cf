"""Evidence rules: scores above the band need evidence; held and stale evidence; the gap report."""

import json
import subprocess

import pytest

from npmassess.errors import ApprovedError, FrameworkError, ValidationError
from npmassess.exports.pdf.evidence_gaps import export_evidence_gaps
from npmassess.frameworks.loader import parse_framework
from npmassess.process import evidence as ev
from npmassess.process import stages
from tests.core.test_cli import run as cli


@pytest.fixture
def small(store, caf):
    """Two assessors, three nodes scored; evidence only where named."""
    aid = store.create_assessment(caf, "Org", "Unit", "2025-2026", "classical",
                                  participants=[("Ann", ""), ("Bob", "")])
    a = store.load(aid)
    ann, bob = (p.id for p in a.participants)
    n1, n2, n3 = ("1.1", "1.2", "6.1")
    store.set_ratings(aid, [(ann, n1, "score", 80), (bob, n1, "score", 40), (ann, n2, "score", 51),
                            (bob, n2, "score", 50), (None, n1, "score", 60), (None, n2, "score", 50),
                            (ann, n3, "score", 90), (None, n3, "score", 70)])
    store.add_note(aid, bob, n3, "evidence", "Bob's survey report")  # not Ann's: her 90 lacks evidence
    store.add_note(aid, None, n3, "strength", "Not evidence")
    return aid, ann, bob


def test_framework_key_is_loaded_and_validated(caf, lib):
    assert caf.method("classical").evidence_required_above == 50
    assert caf.method("fine-tuned").evidence_required_above == 50
    assert lib.get("baldrige").method().evidence_required_above == 50
    assert lib.get("maf").method().evidence_required_above is None
    text = open(caf.path, encoding="utf-8").read()
    bad = text.replace("evidence_required_above = 50", "evidence_required_above = 100", 1)
    with pytest.raises(FrameworkError, match="evidence_required_above: 100 leaves no score above it"):
        parse_framework(bad.encode(), "caf-2020.toml")
    bad = text.replace("evidence_required_above = 50", 'evidence_required_above = "high"', 1)
    with pytest.raises(FrameworkError, match="must be a whole number"):
        parse_framework(bad.encode(), "caf-2020.toml")


def test_gap_report_contents(store, small):
    aid, ann, bob = small
    rep = ev.report(store.framework_of(aid), store.load(aid))
    assert rep.threshold == 50
    assert [(g.node_id, g.participant_id, g.dimensions) for g in rep.gaps] == [
        ("1.1", None, (("score", 60.0),)),            # consensus 60 on 1.1, no evidence at all
        ("1.1", ann, (("score", 80.0),)),             # Ann 80; Bob's 40 needs none
        ("1.2", ann, (("score", 51.0),)),             # 51 is above 50; Bob's 50 and the consensus 50 are not
        ("6.1", ann, (("score", 90.0),))]             # Bob's evidence does not support Ann's score
    # the consensus 70 on 6.1 counts Bob's evidence (any evidence on the node supports the consensus)
    store.add_note(aid, None, "1.1", "evidence", "Minutes of the board")
    rep = ev.report(store.framework_of(aid), store.load(aid))
    assert [(g.node_id, g.participant_id) for g in rep.gaps] == [("1.2", ann), ("6.1", ann)]


def test_held_and_stale_evidence(store, small):
    aid, ann, bob = small
    a = store.load(aid)
    note = next(n for n in a.notes if n.kind == "evidence")
    assert (note.dated, note.held) == ("", False)
    assert store.set_evidence_meta(note.id, dated="2024-12-31", held=True) == ("", False)
    a = store.load(aid)
    note = next(n for n in a.notes if n.id == note.id)
    assert (note.dated, note.held) == ("2024-12-31", True)
    rep = ev.report(store.framework_of(aid), a)
    assert rep.cycle_start == "2025-01-01" and [n.id for n in rep.stale] == [note.id]
    assert [n.id for n in rep.held] == [note.id]
    store.set_evidence_meta(note.id, dated="2025-01-01")
    assert ev.report(store.framework_of(aid), store.load(aid)).stale == []
    with pytest.raises(ValidationError, match="evidence date: '31/12/2024' is not a date"):
        store.set_evidence_meta(note.id, dated="31/12/2024")
    strength = next(n for n in a.notes if n.kind == "strength")
    with pytest.raises(ValidationError, match="only evidence notes"):
        store.set_evidence_meta(strength.id, held=True)
    stages.approve(store, aid, "Ann", "")
    with pytest.raises(ApprovedError):
        store.set_evidence_meta(note.id, held=False)


def test_cycle_start_rule():
    assert ev.cycle_start("2025-2026") == "2025-01-01"
    assert ev.cycle_start("2026") == "2025-01-01"
    assert ev.cycle_start("Spring review") is None


def test_gap_report_pdf_and_cli(store, small, tmp_path, db_path):
    aid, ann, bob = small
    export_evidence_gaps(store.load(aid), None, tmp_path / "gaps.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "gaps.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Evidence-gap report" in text and "Consensus scores above 50 without evidence: 1" in text
    assert "Individual scores above 50 without evidence: 3" in text and "Ann" in text
    store.close()
    out = cli("evidence-gaps", aid, "--json", db=db_path)
    data = json.loads(out.stdout)
    assert data["threshold"] == 50 and len(data["gaps"]) == 4
    assert data["gaps"][0] == {"node": "1.1", "scored_by": "consensus", "scores": {"score": 60.0}}
    text = cli("evidence-gaps", aid, "--pdf", str(tmp_path / "cli.pdf"), db=db_path)
    assert text.returncode == 0 and "1 consensus, 3 individual" in text.stdout and (tmp_path / "cli.pdf").exists()
    from npmassess.store import Store
    s = Store(db_path)
    note = next(n.id for n in s.load(aid).notes if n.kind == "evidence")
    s.close()
    done = cli("evidence", note, "--dated", "2020-05-01", "--held", db=db_path)
    assert done.returncode == 0 and "dated 2020-05-01, held but not attached" in done.stdout
    stale = cli("evidence-gaps", aid, db=db_path).stdout
    assert "Evidence held but not attached: 1" in stale and "before the cycle began (2025-01-01): 1" in stale
    bad = cli("evidence", note, "--dated", "yesterday", db=db_path)
    assert bad.returncode == 1 and "is not a date" in bad.stderr


def test_report_notes_evidence(store, small, tmp_path):
    from npmassess.exports import export_pdf
    aid, ann, bob = small
    export_pdf(store.load(aid), None, tmp_path / "r.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Scores above 50 need evidence" in text
    assert "Consensus scores above 50 without evidence: 1." in text
