"""Hostile import files: each refused in one line naming the file, nothing written, no hang."""

import json
import os
import threading

import pytest

from npmassess.cli import run
from npmassess.demo import create_demo
from npmassess.errors import ImportFileError
from npmassess.exchange import importing, interchange
from npmassess.store import Store


@pytest.fixture
def exported(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as store:
        aid = create_demo(store, store.frameworks.get("caf"))
        a = store.load(aid)
        data = interchange.to_dict(a, store.framework_of(a))
    return db, aid, data


def _import_refused(db, path, capsys, *words):
    with Store(db) as store:
        before = store.list_assessments()
    assert run(["import", str(path), "--db", str(db), "--yes"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err
    with Store(db) as store:
        assert [(s.id, s.updated) for s in store.list_assessments()] == [(s.id, s.updated) for s in before]
    return err


def test_lone_surrogate_in_a_field_is_named(exported, tmp_path, capsys):
    db, _, data = exported
    data["assessment"]["id"] = "new-one"
    data["assessment"]["unit"] = "Unit \ud800 broken"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))  # ensure_ascii: the surrogate travels as \\ud800
    _import_refused(db, path, capsys, "assessment.unit", "surrogate")


def test_deeply_nested_json_is_refused(exported, tmp_path, capsys):
    db, _, _ = exported
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    _import_refused(db, path, capsys, "nested")
    path.write_text('{"a": ' * 100 + "1" + "}" * 100)
    _import_refused(db, path, capsys, "nested more than")


def test_integer_too_large_is_refused(exported, tmp_path, capsys):
    db, _, data = exported
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data).replace('"format_version": 1', '"format_version": ' + "9" * 5000, 1))
    err = _import_refused(db, path, capsys, "5000 digits", "far too large")
    assert "set_int_max_str_digits" not in err  # Python's own advice is not for users
    data["assessment"]["id"] = "other"
    data["consensus"] = [{"node": "1.1", "dimension": "score", "value": 10 ** 400}]
    path.write_text(json.dumps(data))
    _import_refused(db, path, capsys, "too large")


def test_fifo_and_device_are_refused_without_waiting(exported, tmp_path, capsys):
    db, _, _ = exported
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    done = threading.Event()

    def attempt():
        with pytest.raises(ImportFileError, match="named pipe"):
            with Store(db) as store:
                importing.preview_import(store, fifo)
        done.set()

    t = threading.Thread(target=attempt, daemon=True)
    t.start()
    t.join(10)
    assert done.is_set(), "reading a FIFO must not wait for a writer"
    _import_refused(db, fifo, capsys, "named pipe")
    _import_refused(db, "/dev/zero", capsys, "device")
    _import_refused(db, tmp_path, capsys, "folder")
