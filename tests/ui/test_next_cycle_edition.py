"""Start next cycle on a newer edition from the GUI: the choice appears only where a map is declared."""

import importlib.util
from pathlib import Path

from npmassess.assessment import Assessment, new_id
from npmassess.frameworks import load_all
from npmassess.store import Store
from ui.next_cycle import NextCycleDialog
from ui.session import Session

_spec = importlib.util.spec_from_file_location("test_editions_data", Path(__file__).parents[1] / "core" / "test_editions.py")
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)


def test_the_dialog_offers_the_newer_edition_and_carries_across_it(qtbot, tmp_path):
    folder = tmp_path / "fw"
    folder.mkdir()
    (folder / "tiny-1.toml").write_text(_mod.TINY, encoding="utf-8")
    (folder / "tiny-2.toml").write_text(_mod.TINY_2, encoding="utf-8")
    store = Store(tmp_path / "g.db", frameworks=load_all(folder))
    a = Assessment(new_id(), "Org", "Unit", "tiny", "1", "standard", "2025")
    a.consensus = {("1.1", "score"): 70.0}
    store.write_assessment(a)
    dlg = NextCycleDialog(Session(store, a.id))
    qtbot.addWidget(dlg)
    assert dlg.edition.count() == 2 and dlg.edition.itemData(1) == "2"
    dlg.edition.setCurrentIndex(1)
    dlg.cycle.setText("2026")
    with qtbot.waitSignal(dlg.created) as sig:
        dlg.accept()
    new = store.load(sig.args[0])
    assert new.edition == "2" and new.consensus == {("1.1", "score"): 70.0, ("1.3", "score"): 70.0}
    assert any(line.startswith("Not carried: 2.3") for line in sig.args[1])
    # the new edition offers nothing newer, so the choice is hidden there
    later = NextCycleDialog(Session(store, new.id))
    qtbot.addWidget(later)
    assert later.edition.count() == 1 and not later.edition.isVisibleTo(later)
    store.close()
