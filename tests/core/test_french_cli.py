"""Every subcommand of the CLI speaks French with --lang fr, its error paths included (issue 11).

The commands run through the CLI entry (npmassess.cli.run) on neutral demos: the users' own text is
replaced by neutral words, so any English word left in what a command prints is ours. The check is the
one of the French PDF reports (English words of the catalogue, French typography, no ISO date).
"""

from __future__ import annotations

import re

import pytest

from npmassess import i18n
from npmassess.cli import run
from npmassess.comparison import copy_to_new_cycle
from npmassess.demo import build_demo
from npmassess.results.demo import ensure_demo_register
from npmassess.store import Store
from test_french_pdf_reports import ORG, UNIT, bad_typography, english_left, neutral, neutral_register

# Names of the authoring workbook's sheets: a file format, kept as they are in every language
FORMAT_WORDS = ("Framework, Tree, Scales, Methods",)


@pytest.fixture
def demo_db(tmp_path, lib):
    """A database with a neutral CAF demo in two cycles (with its register) and a neutral MAF demo."""
    db = tmp_path / "fr.db"
    with Store(db) as store:
        caf = lib.get("caf")
        a = neutral(build_demo(caf))
        for x in a.actions:
            x.due = "2027-03-04"
        store.write_assessment(a)
        ensure_demo_register(store, caf, ORG, UNIT)
        neutral_register(store)
        new_id, _lines = copy_to_new_cycle(store, a.id, "2031")
        m = neutral(build_demo(lib.get("maf", "current")))
        m.organisation, m.unit = "Zorblat Org2", "Zorblat Uni2"
        store.write_assessment(m)
        note = a.notes[0].id
    yield {"db": str(db), "caf": a.id, "caf2": new_id, "maf": m.id, "note": note, "dir": tmp_path}
    i18n.set_language("en")


def french(capsys, tmp_path, *argv: str) -> tuple[int, str]:
    """Run one command in French; (exit code, what it printed on stdout and stderr, paths taken out)."""
    code = run([*argv, "--lang", "fr"])
    got = capsys.readouterr()
    text = (got.out + got.err).replace(str(tmp_path), " ")
    return code, text


def syntax_words(lib) -> set[str]:
    """What a user types as is: command names, method and dimension ids, framework editions."""
    from npmassess.cli import COMMANDS
    out = set(COMMANDS) | {"hub", "push", "frameworks", "import", "add", "remove"}
    for f in lib:
        out |= set(f.methods) | {f.edition} | {d.id for m in f.methods.values() for d in m.dimensions}
    return out


def problems(text: str, fw, lib) -> list[str]:
    for kept in FORMAT_WORDS:
        text = text.replace(kept, " ")
    titles = sorted({n.title("fr") for n in fw.nodes()}, key=len, reverse=True)
    for t in titles:  # a node title cut short by its column: 'soutenir so'
        for cut in (56, 60):
            text = text.replace(t[:cut], " ")
    text = re.sub(r"--[a-z][\w-]*( (mine|theirs))?", " ", text)  # option names are the command's syntax
    text = re.sub(r"\S*/\S*|\b[\w-]+@[\w-]+|'[\w-]+'", " ", text)  # paths, framework keys, quoted choices
    text = re.sub(r"\b[\w-]+\.(json|csv|png|db|npma|xlsx|pdf|ttc)\b", " ", text)  # file names
    syntax = syntax_words(lib)
    text = "".join(" " if w.strip(" :()") in syntax else w for w in re.split(r"(\s+)", text))
    return english_left(text) + bad_typography(text, fw)


def commands(d: dict) -> list[tuple[str, ...]]:
    """(argv...) of every subcommand, their outputs and their usual error paths."""
    db, caf, caf2, maf, out = ("--db", d["db"]), d["caf"], d["caf2"], d["maf"], d["dir"]
    bad = out / "bad.json"
    bad.write_text("garbage", encoding="utf-8")
    badm = out / "badm.csv"
    badm.write_text("a,b\n1,2\n", encoding="utf-8")
    table = out / "zorblat.csv"
    table.write_text("Zorblat,Zorblot\n2023,61\n2024,\"64,5\"\n", encoding="utf-8")
    from PIL import Image
    Image.new("RGB", (40, 20), "navy").save(out / "zorblat.png")
    return [
        ("frameworks",), ("list", *db), ("show", *db, caf), ("scores", *db, caf), ("scores", *db, maf),
        ("scores", *db, caf, "--participant", "nobody"), ("show", *db, "zzzz"), ("show", *db),
        ("export-json", *db, caf, str(out / "a.json")), ("import", *db, str(out / "a.json"), "--dry-run"),
        ("import", *db, str(out / "a.json"), "--as-copy"), ("import", *db, str(out / "missing.json")),
        ("import", *db, str(bad)), ("package", *db, caf, str(out / "p.npma")),
        ("kit", *db, caf, "--participant", "Zorblat K", "--xlsx", str(out / "k.xlsx")),
        ("new-cycle", *db, maf, "--cycle", "2040"),
        ("compare", *db, "--unit-history", caf2, "--xlsx", str(out / "c.xlsx")), ("compare", *db, "--cycle", "2026"),
        ("export", *db, caf), ("export", *db, caf, "--summary", str(out / "s.pdf"), "--consensus-pack",
                               str(out / "cp.pdf")),
        ("export", *db, caf, "--pdf", str(out / "r.pdf"), "--logo", str(out / "missing.png")),
        ("measures", *db, caf, "--node", "9.1"), ("measures", *db, caf, "--node", "99"),
        ("measures-export", *db, caf, str(out / "m.csv")), ("measures-import", *db, caf, str(out / "m.csv")),
        ("measures-import", *db, caf, str(out / "missing.csv")), ("measures-import", *db, caf, str(badm)),
        ("performance", *db, caf), ("overrule", *db, caf, "9.1", "score", "--reason", "Zorblat"),
        ("overrule", *db, caf, "9.1", "nodim", "--reason", "Zorblat"),
        ("stage", *db, caf), ("stage", *db, caf, "consensus"), ("stage", *db, caf),
        ("anonymous", *db, caf, "on"), ("agreement", *db, caf), ("evidence-gaps", *db, caf),
        ("evidence", *db, d["note"], "--dated", "2026-01-02", "--held"), ("evidence", *db, "nonote", "--held"),
        ("dossier", *db, caf), ("dossier", *db, maf), ("dossier-step", *db, caf, "3", "--done", "2026-01-02"),
        ("dossier-step", *db, caf, "11"), ("history", *db, caf, "--node", "99"), ("history", *db, caf),
        ("verify", *db), ("approve", *db, caf, "--note", "Zorblat"), ("reopen", *db, caf, "--reason", "Zorblat"),
        ("frameworks", "export-authoring", "caf", "2020", str(out / "fa.xlsx")),
        ("new", *db, "--framework", "nope", "--org", "Zorblat", "--unit", "Zorblat", "--cycle", "2026"),
        ("list", "--db", str(out / "damaged.db")), ("frobnicate",), ("hub", "push"),
        ("smoke", "--framework", "caf"),
        ("figure", "add", *db, caf, "--node", "1.1", "--data", str(table), "--chart", "line", "--caption", "Zorblat"),
        ("figure", "add", *db, caf, "--node", "1.1", "--image", str(out / "zorblat.png"), "--alt", "Zorblat"),
        ("figure", "add", *db, caf, "--node", "1.1", "--number", "1.1-1", "--data", str(table)),
        ("figure", "add", *db, caf, "--node", "99", "--data", str(table)),
        ("figure", "add", *db, caf, "--node", "1.1", "--image", str(table)),
        ("figure", "add", *db, caf, "--node", "1.1", "--data", str(badm), "--number", "1.1-9"),
        ("figure", "list", *db, caf), ("figure", "remove", *db, caf, "--node", "1.1", "--number", "1.1-7"),
        ("figure", "remove", *db, caf, "--node", "1.1", "--number", "1.1-1"), ("figure", "list", *db, maf),
    ]


def test_every_subcommand_prints_french(demo_db, capsys, lib):
    (demo_db["dir"] / "damaged.db").write_bytes(b"this is no database" * 100)
    fw = lib.get("caf")
    bad, ran = [], set()
    for argv in commands(demo_db):
        code, text = french(capsys, demo_db["dir"], *argv)
        ran.add(argv[0])
        assert text.strip(), f"{argv} printed nothing"
        assert "Traceback" not in text, text
        bad += [f"{' '.join(argv[:2])}: {p}" for p in problems(text, fw, lib)]
    from npmassess.cli import COMMANDS
    assert not set(COMMANDS) - ran - {"import", "hub"} - {"demo"}, set(COMMANDS) - ran  # every subcommand walked
    assert not bad, "English or English typography left in the French CLI:\n" + "\n".join(bad)


def test_the_errors_are_french_and_name_the_value(demo_db, capsys):
    code, text = french(capsys, demo_db["dir"], "show", "--db", demo_db["db"], "zzzz")
    assert code == 1 and text.startswith("erreur\u00a0: ") and "«\u00a0zzzz\u00a0»" in text
    code, text = french(capsys, demo_db["dir"], "measures-import", "--db", demo_db["db"], demo_db["caf"],
                        str(demo_db["dir"] / "none.csv"))
    assert code == 1 and "Impossible de lire" in text and "fichier introuvable" in text
    code, text = french(capsys, demo_db["dir"], "show", "--db", demo_db["db"])
    assert code == 1 and "les arguments suivants sont requis\u00a0: id (voir --help)" in text


def test_dates_and_numbers_follow_the_french_style(demo_db, capsys):
    code, text = french(capsys, demo_db["dir"], "show", "--db", demo_db["db"], demo_db["caf"])
    assert code == 0 and "échéance 04/03/2027" in text and "2027-03-04" not in text
    code, text = french(capsys, demo_db["dir"], "agreement", "--db", demo_db["db"], demo_db["caf"])
    assert re.search(r"\d,\d\d", text) and not re.search(r"\b\d\.\d\d\b", text)


def test_the_comparison_workbook_writes_french_dates(demo_db, capsys):
    from openpyxl import load_workbook
    path = demo_db["dir"] / "c.xlsx"
    code, _text = french(capsys, demo_db["dir"], "compare", "--db", demo_db["db"], "--unit-history",
                         demo_db["caf2"], "--xlsx", str(path))
    assert code == 0
    wb = load_workbook(path)
    dues = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            and re.fullmatch(r"[\d/-]{10}", c.value)]
    assert "04/03/2027" in dues and "2027-03-04" not in dues


def test_english_stays_english(demo_db, capsys):
    """The same commands without --lang speak English (the catalogue is not leaking)."""
    i18n.set_language("en")
    assert run(["show", "--db", demo_db["db"], "zzzz"]) == 1
    assert "No assessment with id 'zzzz'" in capsys.readouterr().err


def test_every_help_is_french(capsys, lib, tmp_path):
    """`--help` of the program and of every subcommand, in French (argparse's own words included)."""
    from npmassess.cli import COMMANDS
    from npmassess.cli.hub import SUB
    FIGURE_SUB = ("add", "list", "remove")
    bad = []
    for argv in [(), *[(c,) for c in COMMANDS], *[("hub", s) for s in SUB], *[("figure", s) for s in FIGURE_SUB],
                 ("frameworks", "export-authoring"), ("frameworks", "import-authoring")]:
        with pytest.raises(SystemExit):
            run([*argv, "--help", "--lang", "fr"])
        text = capsys.readouterr().out.replace(str(tmp_path), " ")
        assert "utilisation\u00a0: npmassess" in text and "afficher cette aide et quitter" in text, argv
        text = re.sub(r"--[a-z][\w-]*", " ", text)  # option names are the command's syntax
        text = re.sub(r"\$?\b[A-ZÀ-Ý][A-ZÀ-Ý_=]{1,}\b|\{[^}]*\}|\[[^\]]*\]", " ", text)  # metavars, choices, usage
        text = re.sub(r"\b(export|import)-authoring\b", " ", text)  # sub-commands
        text = re.sub(r"\b(prepared_by|approved_by|classification|version|efqm|caf|rating|trends|targets|score|"
                      r"mine|theirs|unit|analyst|admin|on|off|individual|consensus|json)\b", " ", text)
        bad += [f"{' '.join(argv) or 'npmassess'} --help: {p}" for p in problems(text, lib.get("caf"), lib)]
    i18n.set_language("en")
    assert not bad, "English left in the French --help:\n" + "\n".join(bad)
