"""Import preview: a table of every change, a choice per conflict, then apply_import with those resolutions."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from npmassess.exchange import interchange
from npmassess.exchange import merge
from npmassess.demo import create_demo
from npmassess.exchange.importing import preview_import
from npmassess.exchange.packages import export_package, package_bytes, write_atomic
from ui.import_dialog import ChangesModel, ImportPreviewDialog


@pytest.fixture
def colleague(store, lib, tmp_path):
    """A colleague's package: three scores changed there; two of them were also changed here (conflicts)."""
    fw = lib.get("caf")
    aid = create_demo(store, fw, "classical")
    export_package(store, aid, tmp_path / "sent.npma")  # what we sent: the common starting point
    base = store.load(aid)
    keys = sorted(base.ratings)[:3]
    theirs = copy.deepcopy(base)
    for key in keys:
        theirs.ratings[key] = 11.0 if base.ratings[key] != 11.0 else 12.0
    path = tmp_path / "returned.npma"
    write_atomic(path, package_bytes(theirs, fw, interchange.dumps(base, fw)))
    store.set_rating(aid, *keys[0], 91.0)  # changed here too: conflicts
    store.set_rating(aid, *keys[1], 92.0)
    return {"aid": aid, "path": path, "keys": keys, "theirs": theirs}


def rid(key) -> str:
    return "|".join(("rating",) + tuple(key))


def test_model_lists_conflicts_first_and_only_they_are_editable(qtbot, qtmodeltester, store, colleague):
    preview = preview_import(store, colleague["path"])
    dlg = ImportPreviewDialog(preview)
    qtbot.addWidget(dlg)
    model = dlg.model
    qtmodeltester.check(model)
    assert [c.conflict for c in model.changes] == [True, True, False]
    assert {c.id for c in model.changes if c.conflict} == {rid(k) for k in colleague["keys"][:2]}
    assert model.index(0, ChangesModel.HERE).data() in ("91", "92")
    assert model.index(0, ChangesModel.CHOICE).data() == "Choose…"
    assert model.flags(model.index(0, ChangesModel.CHOICE)) & Qt.ItemIsEditable
    assert not model.flags(model.index(2, ChangesModel.CHOICE)) & Qt.ItemIsEditable
    assert model.index(2, ChangesModel.CHOICE).data() == "will be applied"
    assert not model.setData(model.index(2, ChangesModel.CHOICE), "theirs")
    assert not model.setData(model.index(0, ChangesModel.CHOICE), "both")


def test_accept_refused_until_every_conflict_has_a_choice(qtbot, store, colleague):
    preview = preview_import(store, colleague["path"])
    dlg = ImportPreviewDialog(preview)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.accept()
    assert dlg.result() == 0 and "2 conflicts still need a choice" in dlg.error.text()
    combo = dlg.table.indexWidget(dlg.model.index(0, ChangesModel.CHOICE))
    assert isinstance(combo, QComboBox)  # the drop-down is open on every conflict row
    combo.setCurrentIndex(combo.findData("theirs"))
    assert dlg.model.choices == {dlg.model.changes[0].id: "theirs"}
    dlg.accept()
    assert dlg.result() == 0 and "1 conflict still needs a choice" in dlg.error.text()
    dlg.mine_all.click()
    assert set(dlg.resolutions().values()) == {"mine"}
    assert dlg.table.indexWidget(dlg.model.index(0, ChangesModel.CHOICE)).currentData() == "mine"
    dlg.accept()
    assert dlg.result() == 1


def test_per_row_choices_are_applied(qtbot, make_main_window, db_path, store, colleague, monkeypatch, dialog_log):
    import ui.dialogs as d
    keys, theirs, aid = colleague["keys"], colleague["theirs"], colleague["aid"]
    shown = []

    def review(parent, preview):  # the user picks theirs for the first conflict, mine for the second
        dlg = ImportPreviewDialog(preview, parent)
        shown.append(dlg)
        model = dlg.model
        for row, change in enumerate(model.changes):
            if change.conflict:
                model.setData(model.index(row, ChangesModel.CHOICE),
                              "theirs" if change.id == rid(keys[0]) else "mine")
        dlg.accept()
        return dlg.resolutions() if dlg.result() else None
    monkeypatch.setattr(d, "review_import", review)
    monkeypatch.setattr(d, "open_file", lambda *a, **k: colleague["path"])
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    window.import_file()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    ratings = store.load(aid).ratings
    assert ratings[keys[0]] == theirs.ratings[keys[0]]  # theirs chosen
    assert ratings[keys[1]] == 92.0  # mine kept
    assert ratings[keys[2]] == theirs.ratings[keys[2]]  # no conflict: applied
    assert "Merged 2 changes" in window.last_message and "kept this database's value for 1 conflict" in window.last_message
    assert window.session.snapshot().ratings[keys[0]] == theirs.ratings[keys[0]]


def test_cancelled_review_writes_nothing(qtbot, make_main_window, db_path, store, colleague, monkeypatch):
    import ui.dialogs as d
    aid = colleague["aid"]
    before = store.load(aid).ratings
    monkeypatch.setattr(d, "open_file", lambda *a, **k: colleague["path"])
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    window.import_file()  # review_import answers None (Cancel) by default
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    assert store.load(aid).ratings == before and "cancelled" in window.last_message


def test_partial_resolutions_never_reach_the_store(qtbot, make_main_window, db_path, store, colleague,
                                                   monkeypatch):
    """Belt and braces: even if a dialog returned without every choice, the GUI refuses to apply."""
    import ui.dialogs as d
    aid = colleague["aid"]
    before = store.load(aid).ratings
    monkeypatch.setattr(d, "open_file", lambda *a, **k: colleague["path"])
    monkeypatch.setattr(d, "review_import", lambda parent, preview: {preview.conflicts[0].id: "theirs"})
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    window.import_file()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    assert store.load(aid).ratings == before and "a conflict has no choice" in window.last_message
    assert merge.unresolved(preview_import(store, colleague["path"]).changes, {}, None)


def test_a_members_figures_are_listed_and_merged_from_the_gui(qtbot, make_main_window, db_path, store, lib,
                                                             tmp_path, monkeypatch):
    """The facilitator imports a member's package: a new image figure and a figure both changed, by name."""
    import io
    from PIL import Image
    import ui.dialogs as d
    from npmassess.figure_images import digest_of
    from npmassess.figures import Figure
    fw = lib.get("caf")
    aid = create_demo(store, fw, "classical")
    survey = Figure("1.1-1", "Staff survey", "bar", ["Year", "%"], [["2025", 61.0]])
    store.set_figures(aid, "1.1", [survey])
    export_package(store, aid, tmp_path / "sent.npma")
    base = store.load(aid)
    theirs = copy.deepcopy(base)
    buf = io.BytesIO()
    Image.new("RGB", (90, 60), "purple").save(buf, "PNG")
    digest = digest_of(buf.getvalue())
    theirs.figures["1.1"] = [Figure("1.1-1", "Staff survey", "bar", ["Year", "%"], [["2025", 64.0]]),
                             Figure("1.1-2", "Org chart", "image", alt="Board", image=digest, width=90, height=60)]
    theirs.images = {digest: buf.getvalue()}
    path = tmp_path / "returned.npma"
    write_atomic(path, package_bytes(theirs, fw, interchange.dumps(base, fw, images=False)))
    store.set_figures(aid, "1.1", [Figure("1.1-1", "Staff survey (agreed)", "bar", ["Year", "%"], [["2025", 61.0]])])
    seen = []

    def review(parent, preview):
        dlg = ImportPreviewDialog(preview, parent)
        model = dlg.model
        seen.extend((model.index(r, ChangesModel.WHAT).data(), model.index(r, ChangesModel.THEIRS).data())
                    for r in range(model.rowCount()))
        dlg.theirs_all.click()
        dlg.accept()
        return dlg.resolutions() if dlg.result() else None
    monkeypatch.setattr(d, "review_import", review)
    monkeypatch.setattr(d, "open_file", lambda *a, **k: path)
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    window.import_file()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    assert seen == [("Conflict: figure 1.1-1 on 1.1 “Staff survey (agreed)”", "“Staff survey” (bar chart, 1 row)"),
                    ("New: figure 1.1-2 on 1.1 “Org chart”", "“Org chart” (image, 90 x 60 pixels)")]
    assert store.load(aid).figures["1.1"] == theirs.figures["1.1"]
    snap = window.session.snapshot()
    assert snap.figures["1.1"] == theirs.figures["1.1"] and snap.images == theirs.images
