"""Framework texts users can trust: guidance, not worklog; French where the file says it has French."""

from __future__ import annotations

import re

import pytest

from npmassess.errors import FrameworkError
from npmassess.frameworks import library
from npmassess.frameworks.loader import parse_framework

WORKLOG = re.compile(r"verified|unverified|assumed|not yet checked|to verify|à vérifier|http|www\.|"
                     r"\.toml\b|\.md\b|/work/|[A-Za-z]:\\", re.IGNORECASE)


def shown_texts(fw):
    """(where, Text) for every text of a framework that the GUI, a report or a workbook shows."""
    out = [("title", fw.title), ("short_title", fw.short_title), ("description", fw.description),
           ("source", fw.source)] + [(f"labels.{k}", v) for k, v in fw.labels.items()]
    for s in fw.scales.values():
        out += [(f"scale {s.id}", s.title), (f"scale {s.id} description", s.description)]
        for item in list(s.bands) + list(s.levels):
            out += [(f"scale {s.id} band", item.label), (f"scale {s.id} band guidance", item.guidance)]
    for m in fw.methods.values():
        out += [(f"method {m.id}", m.title), (f"method {m.id} description", m.description)]
        for d in m.dimensions:
            out += [(f"dimension {d.id}", d.title), (f"dimension {d.id} guidance", d.guidance)]
    for g in getattr(fw, "grades", ()):
        out += [("grade", g.label), ("grade guidance", g.guidance)]
    for n in fw.nodes():
        out += [(f"node {n.id} title", n.title), (f"node {n.id} guidance", n.guidance)]
        out += [(f"node {n.id} question", q) for q in n.questions]
    return out


FRAMEWORKS = list(library())


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=lambda f: f.key)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_worklog_in_any_shown_text(fw, lang):
    bad = [f"{where}: {text(lang)[:100]!r}" for where, text in shown_texts(fw) if WORKLOG.search(text(lang))]
    assert not bad, "\n".join(bad)


# no official French edition: the official titles stay English (Korea's also Korean), the rest is French
ENGLISH_TITLES = ("baldrige", "capability-review", "efqm", "kr-gpe", "pma-scorecard", "pqa", "tqa")
FRENCH = [f for f in FRAMEWORKS if f.id in ("caf", "maf") + ENGLISH_TITLES]  # others: a notice on the cover


def test_the_translated_frameworks_are_all_there():
    assert {f.key for f in FRENCH} == {"caf@2020", "maf@2003", "maf@current", "baldrige@2023-2024",
                                       "capability-review@2006", "pqa@2023-2024", "tqa@2023-2024",
                                       "efqm@2020", "kr-gpe@2022", "pma-scorecard@2001-2008"}


@pytest.mark.parametrize("fw", FRENCH, ids=lambda f: f.key)
def test_french_is_complete_except_the_official_english_titles(fw):
    assert "fr" in fw.languages
    english_titles = fw.id in ENGLISH_TITLES
    missing = []
    for where, text in shown_texts(fw):
        if not text("en"):
            continue
        if english_titles and (where.endswith(" title") or where in ("title", "short_title", "grade")):
            continue  # the official English titles are kept, and the description says so
        if not text.has("fr"):
            missing.append(f"{where}: {text('en')[:80]!r}")
    assert not missing, "\n".join(missing)
    if english_titles:
        assert "anglais" in fw.description("fr") or "anglais" in fw.source("fr")


def test_every_file_names_its_source_publication():
    for fw in FRAMEWORKS:
        for lang in fw.languages:
            assert len(fw.source(lang)) > 40 and fw.edition.split("-")[0] in fw.source(lang) + fw.title(lang) \
                or fw.edition == "current", fw.key
        assert fw.source_note, f"{fw.key}: the authors' source_note (links, doubts) is there"


def test_caf_and_maf_titles_are_the_official_french_ones():
    """CAF: the French CAF 2020 guideline, 'Cadre d'auto-évaluation de la fonction publique - Le modèle européen
    pour l'amélioration des organisations publiques via l'auto-évaluation' (EUPAN, 2020, file
    20-06-24-CAF2020FINALFR), table of contents; the sub-criterion titles are ours (see the file's source_note)."""
    lib = library()
    caf = lib.get("caf", "2020")
    assert caf.title("fr").startswith("Cadre d’auto-évaluation de la fonction publique")
    assert [c.title("fr") for c in caf.criteria] == [
        "Leadership", "Stratégie et planification", "Personnel", "Partenariats et ressources", "Processus",
        "Résultats axés sur le client/citoyen", "Résultats du personnel",
        "Résultats de la responsabilité sociétale", "Résultats des performances clés"]
    maf = lib.get("maf", "current")
    assert maf.title_with_edition("fr") == "Cadre de responsabilisation de gestion (domaines de gestion actuels)"
    assert "(current)" not in maf.title_with_edition("en") + maf.title_with_edition("fr")


@pytest.mark.parametrize("fw", [f for f in FRAMEWORKS if "fr" in f.languages], ids=lambda f: f.key)
def test_french_texts_use_french_typography(fw):
    """A no-break space before ; : ? ! (as the catalogue writes them), so no line starts with a stray sign."""
    bad = [f"{where}: {text('fr')[:90]!r}" for where, text in shown_texts(fw) if text.has("fr")
           and re.search(r"[ \t][;:?!]|[^\s\u00a0\u202f][;?!](\s|$)|« | »", text("fr"))]
    assert not bad, "\n".join(bad)



@pytest.mark.parametrize("fw", [f for f in FRAMEWORKS if "fr" in f.languages], ids=lambda f: f.key)
def test_french_texts_use_the_typographic_apostrophe(fw):
    """One apostrophe in French, ’ (U+2019), as the GUI's catalogue writes it: "d’amélioration", never "d'amélioration"."""
    bad = [f"{where}: {text('fr')[:90]!r}" for where, text in shown_texts(fw) if text.has("fr") and "'" in text("fr")]
    assert not bad, "\n".join(bad)


MINIMAL = """format = 1
id = "x"
edition = "1"
title = "X"
short_title = "X"
description = "D"
publisher = "P"
languages = ["en"]
source = "The X book, first edition."
aggregation = "mean"
default_method = "m"
[[scales]]
id = "s"
kind = "numeric"
title = "S"
min = 0
max = 10
step = 1
[[scales.bands]]
min = 0
max = 10
label = "All"
guidance = "G"
[[methods]]
id = "m"
title = "M"
description = "D"
[[methods.dimensions]]
id = "score"
title = "Score"
applies_to = ["enabler"]
scale = "s"
[[criteria]]
id = "1"
title = "One"
type = "enabler"
"""


@pytest.mark.parametrize("line, where", [
    ('guidance = "Wording not yet checked against the official text."', "criteria[0].guidance"),
    ('guidance = "See https://example.org for details."', "criteria[0].guidance"),
    ('guidance = { en = "Fine.", fr = "Titre supposé, à vérifier." }', "criteria[0].guidance.fr"),
])
def test_loader_refuses_worklog_in_shown_text_and_names_the_field(line, where):
    with pytest.raises(FrameworkError) as err:
        parse_framework((MINIMAL + line + "\n").encode(), "x.toml")
    assert where in str(err.value) and "source_note" in str(err.value)


def test_source_note_is_read_but_never_part_of_a_shown_text():
    fw = parse_framework((MINIMAL + 'verified = false\nsource_note = "Title assumed; see https://x.org"\n').encode(),
                         "x.toml")
    node = fw.node("1")
    assert node.source_note.startswith("Title assumed") and not node.verified
    assert all("assumed" not in t("en") for _, t in shown_texts(fw))
    old = parse_framework((MINIMAL + 'note = "older name, still read"\n').encode(), "x.toml")
    assert old.node("1").source_note == "older name, still read"  # read as source_note, never shown
