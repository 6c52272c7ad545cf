"""Anonymous individual scores: Assessor A, B, C in every export, the mapping kept in the file."""

import subprocess

import openpyxl

from npmassess.exports import export_pdf, export_xlsx
from npmassess.process import anonymity
from npmassess.store import Store
from tests.core.test_cli import run as cli


def _all_text_xlsx(path):
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_labels_run_past_z():
    assert [anonymity.label(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "Assessor A", "Assessor B", "Assessor Z", "Assessor AA", "Assessor AB", "Assessor AZ", "Assessor BA"]


def test_mapping_is_stored_and_stable(store, demo_id, db_path):
    a = store.load(demo_id)
    assert not a.anonymous
    store.set_anonymous(demo_id, True)
    a = store.load(demo_id)
    labels = [a.anonymity[p.id] for p in a.participants]
    assert labels == [f"Assessor {c}" for c in "ABCDE"]
    # reordering or removing participants does not reshuffle the mapping; newcomers get the next letter
    store.remove_participant(a.participants[0].id)
    new = store.add_participant(demo_id, "Late Joiner")
    b = store.load(demo_id)
    assert [b.anonymity[p.id] for p in b.participants] == labels[1:] + ["Assessor F"]
    store.set_anonymous(demo_id, False)
    store.close()
    again = Store(db_path)
    c = again.load(demo_id)
    assert not c.anonymous and c.anonymity[new] == "Assessor F"  # the mapping stays in the file
    again.close()


def test_anonymous_exports_contain_no_participant_name(store, demo_id, tmp_path):
    a = store.load(demo_id)
    names = [p.name for p in a.participants]
    # an action owned by a participant is shown by label too
    store.update_action(a.actions[0].id, owner=names[1])
    plain_pdf, plain_xlsx = tmp_path / "plain.pdf", tmp_path / "plain.xlsx"
    export_pdf(store.load(demo_id), None, plain_pdf)
    export_xlsx(store.load(demo_id), None, plain_xlsx)
    plain = _pdf_text(plain_pdf) + _all_text_xlsx(plain_xlsx)
    assert all(n.split()[-1] in plain for n in names)  # the check below can fail
    store.set_anonymous(demo_id, True)
    anon = store.load(demo_id)
    pdf, xlsx = tmp_path / "anon.pdf", tmp_path / "anon.xlsx"
    export_pdf(anon, None, pdf)
    export_xlsx(anon, None, xlsx)
    text = _pdf_text(pdf) + _all_text_xlsx(xlsx)
    for n in names:
        for part in n.split():
            assert part not in text, part
    for role in {p.role for p in a.participants if p.role}:
        assert role not in text
    assert "Assessor A" in text and "Assessor E" in text
    assert store.load(demo_id).participants[0].name == names[0]  # the store keeps the real names


def test_cli_anonymous_switch(tmp_path):
    db = tmp_path / "cli.db"
    aid = cli("demo", db=db).stdout.strip()
    out = cli("anonymous", aid, "on", db=db)
    assert out.returncode == 0 and "on" in out.stdout.splitlines()[0] and "Assessor A: " in out.stdout
    # anonymity is a display setting: it may change on an approved assessment
    assert cli("approve", aid, "--note", "ok", db=db).returncode == 0
    assert cli("anonymous", aid, "off", db=db).returncode == 0
