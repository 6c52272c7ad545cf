"""User text that looks like markup is shown literally in every view, never interpreted as HTML."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from npmassess.demo import build_demo
from npmassess.frameworks import library
from npmassess.store import Store

MARKUP = "<b>bold</b>"


def hostile_store(db_path):
    fw = library().get("caf")
    a = build_demo(fw)
    a.organisation = f"{MARKUP} & Co =1+1"
    a.unit = "<i>Unit</i> <img src='/etc/passwd'>"
    a.participants[0].name = f"{MARKUP} Ana"
    for n in a.notes[:40]:
        n.text = f"{MARKUP} note & <script>x</script>"
    a.rationale = {k: f"{MARKUP} rationale" for k in a.rationale}
    for x in a.actions:
        x.title = f"<h1>{x.title}</h1>"
        x.owner = MARKUP
    s = Store(db_path)
    s.write_assessment(a)
    s.close()
    return a.id


def offending_labels(window):
    bad = []
    for label in window.findChildren(QLabel):
        text = label.text()
        if ("<b>bold" in text or "<i>Unit" in text or "<h1>" in text) and label.textFormat() != Qt.PlainText:
            bad.append(text[:80])
    return bad


def test_every_view_shows_markup_literally(qtbot, make_main_window, db_path):
    aid = hostile_store(db_path)
    window = make_main_window(db_path)
    assert window.open_assessment(aid)
    bad = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(20)
        bad += offending_labels(window)
    window.show_start()
    qtbot.wait(20)
    bad += offending_labels(window)
    assert not bad, bad
