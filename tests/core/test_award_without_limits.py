"""An award whose file sets no page limit nor layout rule (PQA, TQA): the application is written, nothing is claimed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from npmassess.demo import create_demo
from npmassess.exports.docx.application import export_application_docx
from npmassess.exports.pdf.application import export_application
from npmassess.exports.pdf.budget import page_budget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import narratives  # noqa: E402
from core.test_framework_extensions import APP, parse, refused  # noqa: E402
from core.test_page_budget import pdf_pages  # noqa: E402


@pytest.mark.parametrize("key", ["pqa", "tqa"])
def test_the_application_is_written_without_limits_and_checks_only_what_the_file_sets(store, lib, tmp_path, key):
    fw = lib.get(key)
    app = fw.application
    assert app is not None and app.profile_node == "P"
    assert (app.profile_page_limit, app.response_page_limit, app.page_size, app.font) == (None, None, None, ())
    aid = create_demo(store, fw, None)
    narratives.fill(store, aid, fw, paragraphs=40)  # longer than Baldrige's 50 pages would allow
    a = store.load(aid)
    budget = page_budget(a, fw, "A4")
    out = tmp_path / "application.pdf"
    result = export_application(a, fw, out, "A4")
    assert budget.total_pages == pdf_pages(out) and budget.response_pages > 50
    assert budget.profile_limit is None and budget.response_limit is None and budget.warnings() == []
    assert budget.state(budget.response_pages, budget.response_limit) == "ok"
    rules = [c.rule for c in result.checks]
    assert not {"Page size", "Font", "Smallest text", "Margins", "Item responses length"} & set(rules)
    assert not any("length" in r for r in rules) and not any("allows" in w for w in result)
    assert all(c.met for c in result.checks), [c.line() for c in result.checks if not c.met]
    export_application_docx(a, fw, tmp_path / "application.docx")
    import docx
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "application.docx")).paragraphs)
    assert "Prepared " in text and "Page limits" not in text


def test_the_limits_are_optional_but_checked_when_given():
    app = parse(APP.replace("profile_page_limit = 5, response_page_limit = 50, ", "")).application
    assert (app.profile_page_limit, app.response_page_limit) == (None, None)
    assert parse(APP.replace("profile_page_limit = 5, ", "")).application.response_page_limit == 50
    refused(APP.replace("response_page_limit = 50", "response_page_limit = 0"), "application.response_page_limit",
            "at least 1")
    refused(APP.replace("profile_page_limit = 5", 'profile_page_limit = "five"'), "application.profile_page_limit",
            "whole number")
