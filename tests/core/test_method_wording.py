"""The method section's sentences read right for every bundled framework's own words."""

from __future__ import annotations

import re

import pytest
from exports_helpers import demo

from npmassess.exports.common import build_context
from npmassess.exports.wording import how_scores_are_formed
from npmassess.frameworks import library

EDITIONS = [(fw.id, fw.edition) for fw in library().frameworks]


def _sentences(fid: str, edition: str, lang: str) -> str:
    a, fw = demo(fid, edition, None, unicode=False)
    return " ".join(how_scores_are_formed(build_context(a, fw, lang)))


@pytest.mark.parametrize("fid,edition", EDITIONS)
def test_english_articles_and_possessives_fit_the_frameworks_words(fid, edition):
    text = _sentences(fid, edition, "en")
    assert not re.search(r"\b[Aa] [aeioAEIO]", text), text  # 'an item', 'an element', 'an evaluation area'
    assert not re.search(r"[^s]' ", text), text  # "sub-criteria's points", not "sub-criteria' points"
    assert not re.search(r"\(0 ", text), text  # no group of nothing ('Results items (0 ...)')


def test_a_bonus_is_named_as_a_bonus_and_not_counted_in_the_total():
    fw = library().get("kr-gpe")
    text = _sentences(fw.id, fw.edition, "en")
    assert "out of 100" in text and "103" not in text
    assert "Bonus points are added on top of that total: B Proactive administration (bonus), up to 3 points." in text
    assert "Process items" not in text and "(process or results)" not in text  # Korea's areas are of one kind
    fr = _sentences(fw.id, fw.edition, "fr")
    assert "Des points de bonus s’ajoutent à ce total\u00a0: B" in fr


def test_a_points_framework_with_both_kinds_keeps_its_split():
    text = _sentences("baldrige", "2023-2024", "en")
    assert "A category's points are the sum of its items' points." in text
    assert re.search(r"Process items \(\d+ items, \d+ points\) and Results items \(\d+ items, \d+ points\)", text)
    assert "An item that is not yet rated" in text
    fr = _sentences("baldrige", "2023-2024", "fr")
    assert "Les points de chaque catégorie" in fr  # 'chaque' agrees with any gender ('d’un catégorie' did not)


def test_side_by_side_ratings_are_never_said_to_be_combined():
    text = _sentences("pma-scorecard", "2001-2008", "en")
    assert "they are never combined" in text and "lowest of them" not in text
    assert "lowest of them" in _sentences("capability-review", "2006", "en")


@pytest.mark.parametrize("fid,edition,word", [("kr-gpe", "2022", "evaluation area"), ("efqm", "2020", "criterion"),
                                              ("baldrige", "2023-2024", "category")])
def test_points_charts_are_named_in_the_frameworks_own_word(tmp_path, fid, edition, word):
    import openpyxl
    from exports_helpers import flat, pdf_text

    from npmassess.exports import export_pdf, export_xlsx
    a, fw = demo(fid, edition, None, unicode=False)
    export_pdf(a, fw, tmp_path / "r.pdf")
    assert f"Points per {word}" in flat(pdf_text(tmp_path / "r.pdf"))
    export_xlsx(a, fw, tmp_path / "r.xlsx")
    charts = openpyxl.load_workbook(tmp_path / "r.xlsx")["Summary"]._charts
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in charts if c.title is not None]
    assert f"Points per {word}" in titles, titles


def test_efqm_groups_its_criteria_as_enablers_and_results_not_as_baldrige_items():
    text = _sentences("efqm", "2020", "en")
    assert re.search(r"Enablers \(\d+ sub-criteria, 600 points\) and Results \(\d+ sub-criteria, 400 points\)", text)
    assert "Process items" not in text
