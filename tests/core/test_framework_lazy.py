"""The framework library parses a file when it is first needed, and still refuses bad files clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from npmassess.errors import NotFound
from npmassess.frameworks import loader
from npmassess.paths import frameworks_dir


def _folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "fw"
    folder.mkdir()
    for name in names:
        shutil.copy(frameworks_dir() / name, folder / name)
    return folder


def _parsed_in(folder: Path) -> set[str]:
    return {Path(k[0]).name for k in loader._parsed if Path(k[0]).parent == folder}


def test_get_parses_only_the_file_asked_for(tmp_path):
    folder = _folder(tmp_path, "caf-2020.toml", "baldrige-2023-2024.toml", "maf-2003.toml")
    lib = loader.library(folder)
    assert lib.get("caf", "2020").short_title()
    assert _parsed_in(folder) == {"caf-2020.toml"}
    assert sorted(f.id for f in lib) == ["baldrige", "caf", "maf"]  # listing loads the rest
    assert _parsed_in(folder) == {"caf-2020.toml", "baldrige-2023-2024.toml", "maf-2003.toml"}


def test_a_malformed_file_is_reported_when_listed_and_when_it_is_needed(tmp_path):
    folder = _folder(tmp_path, "caf-2020.toml")
    (folder / "broken.toml").write_text('format = 1\nid = "broken"\nedition = "1"\n[[scales]\n', encoding="utf-8")
    lib = loader.library(folder)
    assert lib.get("caf").id == "caf"  # the good file is usable without touching the broken one
    with pytest.raises(NotFound, match="broken@1"):
        lib.get("broken", "1")
    assert [Path(e.file).name for e in lib.errors] == ["broken.toml"]
    assert "not valid TOML" in str(lib.errors[0])


def test_a_duplicate_id_and_edition_is_decided_by_the_full_load(tmp_path):
    folder = _folder(tmp_path, "caf-2020.toml")
    shutil.copy(folder / "caf-2020.toml", folder / "zz-copy.toml")
    lib = loader.library(folder)
    fw = lib.get("caf", "2020")
    assert Path(fw.path).name == "caf-2020.toml"  # the first file wins, as in load_all
    assert [Path(e.file).name for e in lib.errors] == ["zz-copy.toml"]


def test_a_header_that_lies_falls_back_to_the_full_load(tmp_path):
    folder = _folder(tmp_path, "maf-2003.toml")
    text = (folder / "maf-2003.toml").read_text(encoding="utf-8")
    (folder / "maf-2003.toml").write_text(text.replace('edition = "2003"', 'edition = "2003"\nedition = "x"', 1),
                                          encoding="utf-8")
    lib = loader.library(folder)
    with pytest.raises(NotFound):
        lib.get("maf", "2003")
    assert lib.errors and "maf-2003.toml" in str(lib.errors[0])


def test_a_changed_file_is_parsed_again(tmp_path):
    folder = _folder(tmp_path, "maf-2003.toml")
    assert loader.library(folder).get("maf").edition == "2003"
    path = folder / "maf-2003.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('edition = "2003"', 'edition = "2004"', 1),
                    encoding="utf-8")
    loader._cache.pop(str(folder))
    assert loader.library(folder).get("maf").edition == "2004"
