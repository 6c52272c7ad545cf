"""The CAF process dossier: checklist records, attachments, derived facts, the PDF read back."""

import subprocess

import pytest

from npmassess.errors import ValidationError
from npmassess.exports.pdf.dossier import export_dossier
from npmassess.process import dossier, stages
from tests.core.test_cli import run as cli


def pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_ten_steps_in_three_phases():
    assert [s[0] for s in dossier.STEPS] == list(range(1, 11))
    assert [s[1] for s in dossier.STEPS] == [1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
    assert dossier.STEPS[0][2] == "Decide how to organise and plan the self-assessment"


def test_steps_record_dates_owners_notes_and_files(store, demo_id):
    assert all(not s.complete for s in dossier.steps(store, demo_id))
    assert dossier.set_step(store, demo_id, 1, done="2026-01-15", owner="Director <General>",
                            note="Board decision & mandate") == {"done": "", "owner": "", "note": ""}
    fid = dossier.attach(store, demo_id, 1, "/shared/caf/decision.pdf", "Decision")
    dossier.attach(store, demo_id, 3, "S:\\CAF\\group.docx")
    steps = {s.number: s for s in dossier.steps(store, demo_id)}
    assert steps[1].done == "2026-01-15" and steps[1].owner == "Director <General>" and steps[1].complete
    assert [(f.label, f.path) for f in steps[1].attachments] == [("Decision", "/shared/caf/decision.pdf")]
    assert steps[3].attachments[0].path == "S:\\CAF\\group.docx"
    assert steps[3].from_assessment == "5 assessors recorded"
    assert "actions done" in steps[9].from_assessment
    # a change keeps the other fields
    dossier.set_step(store, demo_id, 1, owner="Someone else")
    assert next(s for s in dossier.steps(store, demo_id) if s.number == 1).done == "2026-01-15"
    dossier.detach(store, fid)
    assert next(s for s in dossier.steps(store, demo_id) if s.number == 1).attachments == []
    with pytest.raises(ValidationError, match="step 2 date: '15.01.2026' is not a date"):
        dossier.set_step(store, demo_id, 2, done="15.01.2026")
    with pytest.raises(ValidationError, match="from 1 to 10"):
        dossier.set_step(store, demo_id, 11, done="2026-01-01")
    # steps 7-10 follow the approval of the report: the dossier stays editable
    stages.approve(store, demo_id, "Ann", "")
    dossier.set_step(store, demo_id, 8, done="2026-06-01", note="Staff meeting")
    assert "approved by Ann" in next(s for s in dossier.steps(store, demo_id) if s.number == 6).from_assessment


def test_only_caf_has_the_dossier(store, lib):
    from npmassess.demo import create_demo
    aid = create_demo(store, lib.get("maf"))
    with pytest.raises(ValidationError, match="follows the CAF process"):
        dossier.steps(store, aid)


def test_dossier_pdf_read_back(store, demo_id, tmp_path):
    dossier.set_step(store, demo_id, 1, done="2026-01-15", owner="Director General", note="Mandate signed")
    dossier.attach(store, demo_id, 2, "/shared/caf/comms-plan.docx", "Communication plan")
    a = store.load(demo_id)
    path = tmp_path / "dossier.pdf"
    export_dossier(a, store.framework_of(a), dossier.steps(store, demo_id), path)
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert "CAF process dossier" in flat and a.organisation in flat
    assert "1 of 10 steps completed." in flat
    words = set(flat.split())  # table cells come out of pdftotext interleaved: check their words
    assert {"2026-01-15", "Director", "General", "Mandate", "signed"} <= words
    assert "/shared/caf/comms-plan.d" in flat and "Communication plan" in flat
    assert "Executive summary" in flat and "Improvement plan" in flat
    assert a.actions[0].title.split()[0] in flat
    assert "Progress of the improvement plan:" in flat
    for _, _, title, _ in dossier.STEPS:
        assert title.split()[0] in flat


def test_cli_dossier(tmp_path):
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    step = cli("dossier-step", aid, "4", "--done", "2026-02-01", "--owner", "HR", "--attach", "/x/training.pdf",
               "--label", "Slides", db=db)
    assert step.returncode == 0 and "done 2026-02-01, owner HR, 1 document" in step.stdout
    listing = cli("dossier", aid, db=db).stdout
    assert "4. [x] Organise training" in listing and "file Slides: /x/training.pdf" in listing
    pdf = tmp_path / "d.pdf"
    assert cli("dossier", aid, str(pdf), db=db).returncode == 0 and "Organise training" in pdf_text(pdf)
    bad = cli("dossier-step", aid, "12", "--done", "2026-01-01", db=db)
    assert bad.returncode == 1 and "from 1 to 10" in bad.stderr
