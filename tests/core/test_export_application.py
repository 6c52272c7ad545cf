"""Award application document: narratives read back, page limits checked, unsupported frameworks refused."""

from __future__ import annotations

import random

import pytest
from exports_helpers import demo, flat, pdf_text, pdfinfo

from npmassess.exports import ExportError, export_application

WORDS = ("our department serves residents through clinics outreach partners and measures results every "
         "quarter with data from surveys and audits").split()


def _narratives(a, fw, sizes: dict[str, int], default: int = 800, seed: int = 3) -> None:
    rng = random.Random(seed)
    for n in fw.nodes():
        if not n.children:
            words = sizes.get(n.id, default)
            paras = [" ".join(rng.choice(WORDS) for _ in range(100)) for _ in range(max(1, words // 100))]
            a.narratives[n.id] = f"Response to {n.id}.\n\n" + "\n\n".join(paras)


def test_profile_and_items_with_their_narratives(tmp_path):
    a, fw = demo("baldrige", "2023-2024")
    _narratives(a, fw, {}, default=150)
    a.narratives["P.1"] = "We are a county health department.\n\nΗ ομάδα · Команда · 田中チーム & <b>partners</b>"
    out = tmp_path / "app.pdf"
    warnings = export_application(a, fw, out)
    assert warnings == []
    text = flat(pdf_text(out))
    assert "Organizational Profile" in text and "P.1 Organizational Description" in text
    assert "P.2 Organizational Situation" in text
    assert "Η ομάδα · Команда · 田中チーム & <b>partners</b>" in text
    for n in fw.nodes():
        if not n.children and n.id != "P.1":
            assert f"Response to {n.id}." in text
        assert n.title() in text
    for n in fw.scored_nodes():
        assert f"{n.id} {n.title()} ({n.points} points)" in text
    # results items carry their evidence as numbered figures
    assert "Figure 7.1-1" in text
    info = pdfinfo(out)
    assert "Award application" in info["Title"]


def test_over_the_limits_warns_and_names_the_longest_items(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    _narratives(a, fw, {"P.1": 4500, "6.1": 9000, "3.2": 5000}, default=1700)
    out = tmp_path / "long.pdf"
    warnings = export_application(a, fw, out)
    assert len(warnings) == 2, warnings
    prof, resp = warnings
    assert "Organizational Profile takes" in prof and "allows 5" in prof
    assert prof.index("P.1 Organizational Description") < prof.index("P.2")
    assert "responses take" in resp and "allows 50" in resp
    assert resp.index("6.1 Work Processes") < resp.index("3.2 Customer Engagement")
    pages = int(pdfinfo(out)["Pages"])
    assert pages > 56


def test_missing_narratives_are_listed(tmp_path):
    a, fw = demo("baldrige", "2023-2024", unicode=False)
    a.narratives = {"P.1": "Profile text."}
    out = tmp_path / "partial.pdf"
    warnings = export_application(a, fw, out)
    assert len(warnings) == 1 and "18 of 19 items have no narrative response yet" in warnings[0]
    assert "P.2, 1.1" in warnings[0]
    assert "[No response written yet]" in pdf_text(out)


@pytest.mark.parametrize("framework,edition", [("caf", "2020"), ("maf", "current"), ("capability-review", "2006")])
def test_frameworks_without_an_application_format_are_refused(tmp_path, framework, edition):
    a, fw = demo(framework, edition, unicode=False)
    with pytest.raises(ExportError, match="no award application format"):
        export_application(a, fw, tmp_path / "x.pdf")
    assert [p for p in tmp_path.iterdir() if p.name != "data"] == []


def test_narratives_round_trip_through_the_store(tmp_path, store, lib):
    from npmassess.demo import create_demo
    from npmassess.exports import snapshot
    fw = lib.get("baldrige", "2023-2024")
    aid = create_demo(store, fw)
    store.set_narrative(aid, "1.1", "Senior leaders set direction through a yearly planning retreat.")
    a, fw = snapshot(store, aid)
    out = tmp_path / "s.pdf"
    export_application(a, fw, out, page_size="Letter")
    assert "Senior leaders set direction through a yearly planning retreat." in flat(pdf_text(out))
    assert pdfinfo(out)["Page size"].startswith("612 x 792")
