"""The page budget is laid out like the exported application: same page counts, per part and in all."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from npmassess.demo import create_demo
from npmassess.exports.pdf.application import export_application
from npmassess.exports.pdf.budget import page_budget
from npmassess.frameworks import library

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import narratives  # noqa: E402

PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(path: Path) -> int:
    """Pages of a reportlab PDF (its page objects are written uncompressed)."""
    return len(PAGE.findall(path.read_bytes()))


@pytest.mark.parametrize("page_size", ["Letter", "A4"])
def test_budget_equals_the_exported_application(store, tmp_path, page_size):
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    narratives.fill(store, aid, fw, paragraphs=22)
    a = store.load(aid)
    budget = page_budget(a, fw, page_size)
    out = tmp_path / f"application-{page_size}.pdf"
    warnings = export_application(a, fw, out, page_size)
    assert budget.total_pages == pdf_pages(out) >= 45  # about a real 50-page application
    assert budget.profile_limit == 5 and budget.response_limit == 50
    # the export names a part only when it is over its limit; the budget agrees on which
    assert (budget.profile_pages > 5) == any("Organizational Profile takes" in w for w in warnings)
    assert (budget.response_pages > 50) == any("responses take" in w for w in warnings)
    assert abs(sum(budget.items.values()) - (budget.profile_pages + budget.response_pages)) < 3
    leaves = [n.id for c in fw.criteria for n in c.walk() if not n.children]
    assert set(budget.items) == set(leaves) and all(budget.items[n] > 0.2 for n in leaves)
    assert budget.categories["1"] == pytest.approx(sum(v for k, v in budget.items.items() if k.startswith("1.")))


def test_budget_warns_near_and_over_the_limit(store):
    fw = library().get("baldrige")
    aid = create_demo(store, fw, None)
    narratives.fill(store, aid, fw, paragraphs=2)
    profile_leaf = next(n for n in fw.node("P").walk() if not n.children)
    store.set_narrative(aid, profile_leaf.id, "\n\n".join([narratives.narrative(0, 1)] * 50))
    budget = page_budget(store.load(aid), fw, "A4")
    assert budget.profile_pages > 5 and budget.state(budget.profile_pages, 5) == "over"
    assert any("Organizational Profile" in w and "over the limit of 5" in w for w in budget.warnings())
    assert budget.state(46, 50) == "near" and budget.state(44, 50) == "ok"
