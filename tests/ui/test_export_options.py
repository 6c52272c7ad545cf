"""Export options (page size, report language) asked before the file picker; agenda threshold remembered."""

from __future__ import annotations

import inspect

from PySide6.QtCore import QSettings

from npmassess.demo import create_demo
from npmassess.exports.pdf.document import export_pdf
from npmassess.exports.xlsx.workbook import export_xlsx
from ui import file_jobs
from ui.consensus_view import ConsensusView
from ui.export_options import ExportOptionsDialog

from helpers_b import demo_session, show


def open_window(make_main_window, db_path, store, lib, fid):
    aid = create_demo(store, lib.get(fid))
    window = make_main_window(db_path, open_last=False)
    window.open_assessment(aid)
    return window


def test_the_core_exports_take_page_size_and_language():
    """The GUI offers what the export functions accept; this guards the assumption."""
    assert {"page_size", "lang"} <= set(inspect.signature(export_pdf).parameters)
    assert "lang" in inspect.signature(export_xlsx).parameters


def test_pdf_asks_page_size_and_french_for_maf(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                               monkeypatch, dialog_log):
    import ui.dialogs as d
    target = tmp_path / "maf.pdf"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window = open_window(make_main_window, db_path, store, lib, "maf")
    asked = []

    def options(parent, title, page_sizes, languages, page_size, lang):
        asked.append((page_sizes, [c for c, _ in languages], page_size, lang))
        return "Letter", "fr"
    monkeypatch.setattr(d, "export_options", options)
    window.export("pdf")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    # English, French, or both in one bilingual document (Canada)
    assert asked == [(["A4", "Letter"], ["en", "fr", "en+fr"], file_jobs.default_page_size(), "en")]
    data = target.read_bytes()
    assert b"/MediaBox [ 0 0 612 792 ]" in data or b"/MediaBox [0 0 612 792]" in data  # US Letter
    # remembered for the next export
    window.export("pdf")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert asked[-1][2:] == ("Letter", "fr")
    assert QSettings().value("export/page_size") == "Letter"


def test_cancelling_the_options_asks_no_file(qtbot, make_main_window, db_path, store, lib, monkeypatch, dialog_log):
    import ui.dialogs as d
    window = open_window(make_main_window, db_path, store, lib, "maf")
    monkeypatch.setattr(d, "export_options", lambda *a, **k: None)
    window.export("xlsx")
    assert "save_file" not in dialog_log.names() and not window.tasks


def test_workbook_asks_only_the_language(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                         monkeypatch, dialog_log):
    """A workbook has no page size and is not bilingual: English or French (CAF has both)."""
    import ui.dialogs as d
    target = tmp_path / "caf.xlsx"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window = open_window(make_main_window, db_path, store, lib, "caf")
    window.export("xlsx")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    asked = [args for name, args in dialog_log if name == "export_options"]
    assert [(sizes, [c for c, _n in langs]) for _t, sizes, langs, _p, _l in asked] == [([], ["en", "fr"])]
    assert target.exists()


def test_single_language_framework_asks_no_options(qtbot, make_main_window, db_path, store, lib, tmp_path,
                                                   monkeypatch, dialog_log):
    import dataclasses

    import ui.dialogs as d
    target = tmp_path / "caf.xlsx"
    monkeypatch.setattr(d, "save_file", lambda *a, **k: target)
    window = open_window(make_main_window, db_path, store, lib, "caf")
    monkeypatch.setattr(window.session, "framework", dataclasses.replace(window.session.framework, languages=("en",)))
    window.export("xlsx")
    qtbot.waitUntil(lambda: not window.busy(), timeout=60000)
    assert "export_options" not in dialog_log.names() and target.exists()


def test_options_dialog_shows_only_real_choices(qtbot):
    both = ExportOptionsDialog("PDF", ["A4", "Letter"], [("en", "English"), ("fr", "français")], "Letter", "fr")
    qtbot.addWidget(both)
    assert both.values() == ("Letter", "fr")
    both.page_size.setCurrentIndex(both.page_size.findData("A4"))
    assert both.values() == ("A4", "fr")
    one = ExportOptionsDialog("Workbook", [], [("en", "English"), ("fr", "français")], "A4", "en")
    qtbot.addWidget(one)
    one.show()
    assert not one.page_size.isVisible() and one.language.isVisible()


def test_agenda_threshold_is_remembered_across_sessions(qtbot, store):
    first = demo_session(store, "caf-classical")
    view = show(qtbot, ConsensusView(first))
    assert view.threshold.value() == 20
    view.set_threshold(35)
    later = demo_session(store, "caf-fine-tuned")  # another meeting, another day
    assert show(qtbot, ConsensusView(later)).threshold.value() == 35
    levels = demo_session(store, "maf")  # level scales keep their own value
    assert show(qtbot, ConsensusView(levels)).threshold.value() == 1
    QSettings().setValue("consensus/agenda_threshold_points", "nonsense")
    assert show(qtbot, ConsensusView(demo_session(store, "baldrige"))).threshold.value() == 20
