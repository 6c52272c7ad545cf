"""Tagged PDF read back with pypdf: structure tree, every text inside marked content, figures with alt text."""

from __future__ import annotations

import re

import pypdf
import pytest
from exports_helpers import DEMOS, demo

from npmassess.exports import export_application, export_pdf
from npmassess.exports.pdf.extras import export_consensus_pack


def _walk(e, out):
    e = e.get_object()
    if not hasattr(e, "get"):
        return
    out.append(e)
    k = e.get("/K")
    if isinstance(k, (list, pypdf.generic.ArrayObject)):
        for c in k:
            _walk(c, out)


def check_tagged(path) -> dict[str, int]:
    r = pypdf.PdfReader(path)
    root = r.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] in ("en", "fr")
    elems: list = []
    _walk(root["/StructTreeRoot"], elems)
    roles: dict[str, int] = {}
    for e in elems:
        roles[e.get("/S")] = roles.get(e.get("/S"), 0) + 1
        if e.get("/S") == "/Figure":
            assert len(str(e.get("/Alt", ""))) > 10, "a figure without alt text"
    mcids_in_tree = {}
    for e in elems:
        if isinstance(e.get("/K"), int):
            page = r.get_page_number(e["/Pg"].get_object()) if "/Pg" in e else None
            mcids_in_tree.setdefault(page, set()).add(e["/K"])
    for i, page in enumerate(r.pages):
        assert page["/StructParents"] == i
        content = page.get_contents().get_data().decode("latin1")
        depth, seen = 0, set()
        for m in re.finditer(r"/(\w+) <</MCID (\d+)>> BDC|/Artifact BMC|\bEMC\b|\bTj\b|\bTJ\b|'", content):
            tok = m.group(0)
            if tok.endswith("BDC"):
                depth += 1
                seen.add(int(m.group(2)))
            elif tok.endswith("BMC"):
                depth += 1
            elif tok == "EMC":
                depth -= 1
                assert depth >= 0
            elif tok in ("Tj", "TJ"):
                assert depth > 0, f"page {i + 1}: text outside the structure and not an artifact"
        assert depth == 0
        assert seen == mcids_in_tree.get(i, set()), f"page {i + 1}: marked content not in the structure tree"
    return roles


@pytest.mark.parametrize("spec", DEMOS)
def test_every_report_is_tagged(tmp_path, spec):
    a, fw = demo(*spec)
    out = tmp_path / "r.pdf"
    export_pdf(a, fw, out)
    roles = check_tagged(out)
    for role in ("/Document", "/H1", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure", "/L", "/LI"):
        assert roles.get(role), role
    if any(c.children for c in fw.criteria):
        assert roles.get("/H2")  # one heading level per node level


def test_application_and_pack_are_tagged(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    export_application(a, fw, tmp_path / "app.pdf")
    roles = check_tagged(tmp_path / "app.pdf")
    assert roles["/Figure"] >= 8  # the organisation chart and seven results figures, each with alt text
    a, fw = demo("caf", "2020", "classical", unicode=False)
    export_consensus_pack(a, fw, tmp_path / "pack.pdf")
    check_tagged(tmp_path / "pack.pdf")


def test_every_framework_in_the_library_exports_tagged_pdfs(tmp_path):
    from npmassess.demo import build_demo
    from npmassess.frameworks import library
    for fw in library():
        a = build_demo(fw)
        out = tmp_path / f"{fw.id}-{fw.edition}.pdf"
        export_pdf(a, fw, out)
        check_tagged(out)
