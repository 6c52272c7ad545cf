"""The desktop and a real hub: publish (new, unchanged, conflict -> replace), unreachable hub, settings, source."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

import ui.dialogs as d
from npmassess.demo import create_demo
from npmassess.hub import HubSource, connect, push_file
from tests.hub.helpers import unit_packages
from ui.hub_ui import URL_KEY, HubSettingsDialog


def _window(make_main_window, tmp_path, lib, url):
    store_path = tmp_path / "desk.db"
    from npmassess.store import Store
    with Store(store_path) as st:
        aid = create_demo(st, lib.get("caf", "2020"))
    QSettings().setValue(URL_KEY, url)
    window = make_main_window(store_path)
    window.open_assessment(aid)
    return window, aid


def _publish(qtbot, window, dialog_log) -> str:
    n = len(dialog_log)
    window.publish_to_hub()
    qtbot.waitUntil(lambda: any(name in ("info", "error") for name, _ in dialog_log[n:]), timeout=20000)
    return window.last_message


def test_publish_new_unchanged_then_conflict_replaced(qtbot, make_main_window, dialog_log, hub_url, tmp_path,
                                                       lib, monkeypatch):
    window, aid = _window(make_main_window, tmp_path, lib, hub_url())
    assert "5 participants" in _publish(qtbot, window, dialog_log)
    assert dialog_log.names()[-1] == "info"
    assert "already on the hub" in _publish(qtbot, window, dialog_log)
    session = window.session
    key = next(iter(session.snapshot().consensus))
    session.store.set_rating(aid, None, key[0], key[1], 0.0 if session.snapshot().consensus[key] else 100.0)
    session.notify("consensus")
    # a changed assessment is a conflict: the user is asked, "no" sends nothing
    message = _publish(qtbot, window, dialog_log)
    assert "other content" in message and dialog_log.names()[-2:] == ["confirm", "error"]
    with HubSource(hub_url(), lib) as hub:
        assert hub.load(aid).consensus[key] != session.store.load(aid).consensus[key]
    monkeypatch.setattr(d, "confirm", lambda *a: True)
    n = len(dialog_log)
    window.publish_to_hub()
    qtbot.waitUntil(lambda: any(name == "info" for name, _ in dialog_log[n:]), timeout=20000)
    assert "replaced" in dialog_log.texts("info")[-1]
    with HubSource(hub_url(), lib) as hub:
        assert hub.load(aid).consensus[key] == session.store.load(aid).consensus[key]


def test_unreachable_hub_says_so_and_changes_nothing(qtbot, make_main_window, dialog_log, tmp_path, lib):
    window, aid = _window(make_main_window, tmp_path, lib, "postgresql://nobody@127.0.0.1:1/none")
    before = window.session.store.load(aid)
    message = _publish(qtbot, window, dialog_log)
    assert "not reachable" in message and "saved on this computer" in message
    assert dialog_log.names()[-1] == "error"
    assert window.session.store.load(aid) == before


def test_settings_keep_the_url_and_refuse_a_password_in_it(qtbot, tmp_path):
    settings = QSettings()
    dialog = HubSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql://ann:s3cret@hub.example.org/npmassess")
    dialog.accept()
    assert "contains a password" in dialog.status.text() and dialog.result() == 0
    assert settings.value(URL_KEY, "") in ("", None)
    dialog.url.setText("postgresql://ann@hub.example.org/npmassess")
    dialog.accept()
    settings.sync()
    assert settings.value(URL_KEY) == "postgresql://ann@hub.example.org/npmassess"
    ini = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "s3cret" not in ini


def test_comparison_view_reads_units_from_the_hub(qtbot, make_main_window, dialog_log, hub_url, tmp_path, lib):
    conn = connect(hub_url())
    (tmp_path / "pk").mkdir()
    for p in unit_packages(tmp_path / "pk", lib.get("caf", "2020")).values():
        assert push_file(conn, p, lib).result == "new"
    conn.close()
    window, aid = _window(make_main_window, tmp_path, lib, hub_url())
    window.show_view("comparison")
    view = window.views["comparison"]
    view.tabs.setCurrentIndex(1)
    local_units = view.league_model.rowCount()
    view.source.combo.setCurrentIndex(view.source.combo.findData("hub"))
    cycles = [view.cycle.itemData(i) for i in range(view.cycle.count())]
    assert cycles == ["2025", "2026"]
    view.cycle.setCurrentIndex(cycles.index("2026"))
    assert view.league is not None and {u.unit for u in view.league.units} == {
        "North Office", "South Office", "Pensions"}
    assert view.league_model.rowCount() == 3 != local_units
    view.source.combo.setCurrentIndex(view.source.combo.findData("local"))
    assert view.league_model.rowCount() == local_units
