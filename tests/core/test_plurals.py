"""Counted texts use real plurals chosen by the count, never 'participant(s)', in English and French."""

from __future__ import annotations

import re

import pytest

from npmassess import i18n
from npmassess.i18n import ngettext, using_language

from test_i18n import _tool

LAZY = re.compile(r"\w\((?:s|x|e|es|aux)\)")  # participant(s), niveau(x), signal(aux), évalué(e)


def test_no_lazy_plural_in_the_catalogue():
    text = i18n.catalogue_path("fr").read_text(encoding="utf-8")
    bad = []
    for e in i18n.parse_po(text):
        for s in [e.get("msgid", ""), e.get("msgid_plural", ""), e.get("msgstr", "")] + list(e.get("plural", {}).values()):
            if LAZY.search(s):
                bad.append(s)
    assert not bad, "\n".join(map(repr, bad))


def test_no_lazy_plural_in_the_sources_translatable_strings():
    extracted = _tool().extract()
    bad = [f"{e['locations'][0][0]}:{e['locations'][0][1]}: {s!r}" for msgid, e in extracted.items()
           for s in (msgid, e["plural"] or "") if LAZY.search(s)]
    assert not bad, "\n".join(bad)


SCORED = ("{n} participant scored this node; lowest {low}, highest {high}, spread {spread}.",
          "{n} participants scored this node; lowest {low}, highest {high}, spread {spread}.")


@pytest.mark.parametrize("lang, n, want", [
    ("en", 1, "1 participant scored this node; lowest 2, highest 2, spread 0."),
    ("en", 3, "3 participants scored this node; lowest 2, highest 4, spread 2."),
    ("fr", 1, "1 participant a noté cet élément\u00a0; note la plus basse 2, la plus haute 2, écart 0."),
    ("fr", 3, "3 participants ont noté cet élément\u00a0; note la plus basse 2, la plus haute 4, écart 2."),
])
def test_consensus_sentence_agrees_with_the_count(lang, n, want):
    high, spread = (2, 0) if n == 1 else (4, 2)
    assert ngettext(*SCORED, n, lang).format(n=n, low=2, high=high, spread=spread) == want


@pytest.mark.parametrize("lang, n, want", [
    ("en", 1, "1 note merged"), ("en", 3, "3 notes merged"), ("en", 0, "0 notes merged"),
    ("fr", 1, "1 remarque reprise"), ("fr", 3, "3 remarques reprises"), ("fr", 0, "0 remarque reprise"),
])
def test_notes_merged(lang, n, want):
    assert ngettext("{n} note merged", "{n} notes merged", n, lang).format(n=n) == want


@pytest.mark.parametrize("lang, n, want", [
    ("en", 1, "1 new measure, 1 updated, 1 period value written"),
    ("en", 3, "3 new measures, 3 updated, 3 period values written"),
    ("fr", 1, "1 nouvelle mesure, 1 mise à jour, 1 valeur de période écrite"),
    ("fr", 3, "3 nouvelles mesures, 3 mises à jour, 3 valeurs de période écrites"),
])
def test_register_import_summary_counts_each_on_its_own(lang, n, want):
    from npmassess.results.io import ImportSummary
    summary = ImportSummary(new_measures=[f"m{i}" for i in range(n)], updated_measures=[f"u{i}" for i in range(n)],
                            values=n)
    with using_language(lang):
        assert summary.text() == want


@pytest.mark.parametrize("lang, n, want", [
    ("en", 1, "1 participant, 1 individual score, 1 consensus score, 1 note, 1 action"),
    ("en", 3, "3 participants, 3 individual scores, 3 consensus scores, 3 notes, 3 actions"),
    ("fr", 1, "1 participant, 1 note individuelle, 1 note de consensus, 1 remarque, 1 action"),
    ("fr", 3, "3 participants, 3 notes individuelles, 3 notes de consensus, 3 remarques, 3 actions"),
])
def test_counted_pieces_joined_as_a_list(lang, n, want):
    from npmassess import counts
    with using_language(lang):
        assert i18n.listing([counts.participants(n), counts.individual_scores(n), counts.consensus_scores(n),
                             counts.notes(n), counts.actions(n)]) == want


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_import_preview_of_a_new_assessment_counts_each_part(store, lib, tmp_path, lang):
    """The CLI's and the import dialog's summary: several counts, each with its own plural."""
    from npmassess.demo import create_demo
    from npmassess.exchange.importing import preview_import
    from npmassess.exchange.packages import export_package
    from npmassess.store import Store
    fw = lib.get("caf")
    aid = create_demo(store, fw)
    a = store.load(aid)
    with using_language(lang):
        wrote = export_package(store, aid, tmp_path / "a.npma")
        other = Store(tmp_path / "other.db")
        try:
            summary = preview_import(other, tmp_path / "a.npma", False).summary()
        finally:
            other.close()
    people = len(a.participants)
    assert people >= 3 and not LAZY.search(wrote) and not LAZY.search(summary)
    if lang == "en":
        assert f", {people} participants, {len(a.ratings)} individual scores." in wrote
        assert summary.endswith(f"as a new assessment: {people} participants, {len(a.ratings)} individual scores, "
                                f"{len(a.consensus)} consensus scores, {len(a.notes)} notes, {len(a.actions)} actions.")
    else:
        assert f", {people} participants, {len(a.ratings)} notes individuelles." in wrote
        assert f"comme nouvelle évaluation\u00a0: {people} participants, {len(a.ratings)} notes individuelles, " in summary


@pytest.mark.parametrize("lang, problems, want", [
    ("en", 2, "(and 1 more problem)"), ("en", 4, "(and 3 more problems)"),
    ("fr", 2, "(et 1 autre problème)"), ("fr", 4, "(et 3 autres problèmes)"),
])
def test_register_problems_counted(lang, problems, want):
    from npmassess.errors import RegisterImportError
    with using_language(lang):
        assert want in str(RegisterImportError("r.xlsx", [f"p{i}" for i in range(problems)]))
