"""The disk cache of parsed framework files: used on the next start, never stale, never hiding an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from npmassess.errors import FrameworkError
from npmassess.frameworks import cache, library, loader
from npmassess.paths import cache_dir, frameworks_dir


@pytest.fixture
def folder(tmp_path) -> Path:
    """A framework folder of its own with the bundled CAF and Capability Review files."""
    out = tmp_path / "fw"
    out.mkdir()
    for name in ("caf-2020.toml", "capability-review-2006.toml"):
        shutil.copy(frameworks_dir() / name, out / name)
    return out


def _new_process() -> None:
    """Forget what this process parsed, as a fresh start would."""
    loader._parsed.clear()
    loader._cache.clear()


def _entries() -> list[Path]:
    return sorted((cache_dir() / "frameworks").glob("*.pickle"))


def test_the_next_start_reads_the_cached_framework_instead_of_parsing(folder, monkeypatch):
    first = library(folder).get("caf")
    assert len(_entries()) == 1  # only the file that was asked for was parsed, and cached
    _new_process()

    def no_parse(data, file):
        raise AssertionError(f"{file} parsed again")
    monkeypatch.setattr(loader, "parse_framework", no_parse)
    again = library(folder).get("caf")
    assert again == first and again is not first
    assert again.path == str(folder / "caf-2020.toml") and again.fingerprint == first.fingerprint
    assert [n.id for n in again.scored_nodes()] == [n.id for n in first.scored_nodes()]


def test_an_edit_that_keeps_size_and_change_time_is_still_seen(folder):
    path = folder / "caf-2020.toml"
    library(folder).get("caf")
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    old = 'title = { en = "Leadership"'
    assert old in text
    path.write_text(text.replace(old, 'title = { en = "Leadershiq"', 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same change time
    assert path.stat().st_size == st.st_size
    _new_process()
    assert library(folder).get("caf").node("1").title("en") == "Leadershiq"


def test_a_damaged_or_foreign_entry_is_only_a_miss_and_is_rewritten(folder):
    library(folder).get("caf")
    [entry] = _entries()
    good = entry.read_bytes()
    for bad in (b"", b"garbage", good[:len(good) // 2], cache.MAGIC + b"0" * 64 + b"\n" + good[-100:]):
        entry.write_bytes(bad)
        _new_process()
        assert library(folder).get("caf").node("1").title("en") == "Leadership"
        assert entry.read_bytes() == good


def test_a_changed_parser_does_not_use_entries_made_by_the_old_one(folder, monkeypatch):
    library(folder).get("caf")
    _new_process()
    calls = []
    real = loader.parse_framework
    monkeypatch.setattr(loader, "parse_framework", lambda data, file: calls.append(file) or real(data, file))
    monkeypatch.setattr(cache, "_code", ["another version of the parser"])
    library(folder).get("caf")
    assert calls == [str(folder / "caf-2020.toml")]


def test_a_refused_file_is_never_cached_and_keeps_its_message(folder):
    path = folder / "caf-2020.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("format = 1", "format = 99", 1), encoding="utf-8")
    lib = library(folder)
    messages = [str(e) for e in lib.errors]
    assert len(messages) == 1 and "format" in messages[0] and "caf-2020.toml" in messages[0]
    assert len(_entries()) == 1  # only the valid Capability Review file
    _new_process()
    assert [str(e) for e in library(folder).errors] == messages
    with pytest.raises(FrameworkError):
        loader.load_file(path)


def test_an_unwritable_cache_folder_changes_nothing(folder, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocked)
    assert library(folder).get("caf").node("1").title("en") == "Leadership"
    assert list(tmp_path.glob("not-a-folder*")) == [blocked]  # no stray temporary file


def test_without_readable_parser_sources_the_cache_is_off(folder, monkeypatch):
    monkeypatch.setattr(cache, "_code", [None])
    library(folder).get("caf")
    assert _entries() == []
