"""Error messages a user reads are French in French: damaged imports, refused exports, unreadable files.

Each failure is driven through the public functions with the language set to French; the message must
name the file, be French, and keep no English sentence. A scan of the converted modules keeps new
English-only f-strings out of their raise statements.
"""

from __future__ import annotations

import ast
import errno
import os
import re
import zipfile
from pathlib import Path

import pytest

from npmassess import fsutil
from npmassess.errors import ExportError, ImportFileError, OutputError, ValidationError
from npmassess.exchange import importing, interchange, packages
from npmassess.i18n import using_language
from npmassess.store import Store

from exports_helpers import demo
from test_packages import rezip

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"\b(is|the|cannot|refused|was|nothing|not|folder|file|does|empty)\b", re.I)


def french_message(exc: BaseException, *paths: Path) -> str:
    """The message, checked: it names the file, speaks French and keeps no English word."""
    text = str(exc)
    assert any(str(p) in text for p in paths), text
    for p in sorted(paths, key=lambda p: -len(str(p))):  # the test's folder names are English words
        text = text.replace(str(p), "<path>")
    left = ENGLISH.findall(text)
    assert not left, f"English left in {text!r}: {left}"
    assert "\u00a0:" in text or "\u00a0;" in text, f"no French typography in {text!r}"
    return text


@pytest.fixture
def other(tmp_path):
    s = Store(tmp_path / "other.db")
    yield s
    s.close()


def _import_refused(store: Store, path: Path) -> str:
    with using_language("fr"), pytest.raises(ImportFileError) as err:
        importing.import_file(store, path, confirm=True)
    assert store.list_assessments() == []
    return french_message(err.value, path)


def test_an_empty_file(other, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert "est vide" in _import_refused(other, empty)


def test_a_text_file_that_is_not_an_npmassess_file(other, tmp_path):
    text = tmp_path / "letter.txt"
    text.write_text("Dear colleague, here are the minutes of the meeting.\n", encoding="utf-8")
    assert "ce n’est pas un fichier npmassess" in _import_refused(other, text)


def test_a_zip_that_is_not_a_package(other, tmp_path):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("holiday.txt", "the beach")
    assert "ni un paquet npmassess ni un classeur Excel" in _import_refused(other, archive)


def test_a_truncated_package(store, demo_id, other, tmp_path):
    whole = tmp_path / "unit.npma"
    packages.export_package(store, demo_id, whole)
    cut = tmp_path / "cut.npma"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "endommagé ou tronqué" in _import_refused(other, cut)


def test_a_package_with_a_checksum_mismatch(store, demo_id, other, tmp_path):
    whole = tmp_path / "unit.npma"
    packages.export_package(store, demo_id, whole)

    def change(name, data):
        return data.replace(b'"Family Benefits Unit"', b'"Family Benefit Unit"') if name == "assessment.json" else data
    text = _import_refused(other, rezip(whole, tmp_path / "altered.npma", change))
    assert "somme de contrôle incorrecte pour assessment.json" in text


def test_a_validation_problem_reads_french(lib):
    with using_language("fr"), pytest.raises(ValidationError) as err:
        interchange.from_dict({"format": "npmassess-assessment", "format_version": 99,
                               "framework": {"id": "caf", "edition": "2020"}, "assessment": {}}, lib)
    assert str(err.value) == "format_version\u00a0: vaut 99\u00a0; cette version lit 1 (le fichier provient " \
                             "d’une version plus récente de npmassess)"


def test_a_named_pipe(other, tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "tube nommé (FIFO)" in _import_refused(other, fifo)


def test_export_to_a_folder_that_does_not_exist(tmp_path):
    from npmassess.exports import export_pdf
    a, fw = demo("maf", "current", unicode=False)
    target = tmp_path / "missing" / "report.pdf"
    with using_language("fr"), pytest.raises(ExportError) as err:
        export_pdf(a, fw, target, lang="fr")
    assert "n’existe pas" in french_message(err.value, target, target.parent)
    assert not target.parent.exists()


def test_export_to_a_path_that_is_a_folder(tmp_path):
    from npmassess.exports import export_xlsx
    a, fw = demo("maf", "current", unicode=False)
    with using_language("fr"), pytest.raises(ExportError) as err:
        export_xlsx(a, fw, tmp_path, lang="fr")
    assert "c’est un dossier" in french_message(err.value, tmp_path)


def test_an_atomic_write_into_a_missing_folder(tmp_path):
    target = tmp_path / "gone" / "out.json"
    with using_language("fr"), pytest.raises(OutputError) as err:
        fsutil.write_atomic(target, "{}")
    assert "le dossier n’existe pas" in french_message(err.value, target)


def test_reading_a_file_without_permission(other, tmp_path):
    locked = tmp_path / "locked.json"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0)
    try:
        try:
            locked.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("running as root (or without permission checks): a mode-000 file can still be read")
        assert "permission refusée" in _import_refused(other, locked)
    finally:
        locked.chmod(0o600)


def test_a_refused_read_as_the_system_reports_it(other, tmp_path, monkeypatch):
    """The same refusal even as root: open() fails with EACCES as it does for a mode-000 file."""
    locked = tmp_path / "locked.json"
    locked.write_text("{}", encoding="utf-8")

    def refuse(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    monkeypatch.setattr(packages, "open", refuse, raising=False)
    text = _import_refused(other, locked)
    assert "illisible (permission refusée)" in text


@pytest.mark.parametrize("code, reading, french", [
    (errno.ENOENT, True, "fichier introuvable"),
    (errno.EISDIR, True, "c’est un dossier"),
    (errno.EACCES, True, "permission refusée"),
    (errno.ENOENT, False, "le dossier n’existe pas"),
    (errno.EACCES, False, "permission refusée (le dossier ou le fichier n’est pas accessible en écriture)"),
    (errno.ENOSPC, False, "le disque est plein (plus d’espace libre sur le périphérique)"),
    (errno.ENOSPC, True, "le disque est plein (plus d’espace libre sur le périphérique)"),
    (errno.EROFS, True, "le disque est en lecture seule"),
])
def test_describe_os_error_in_french(code, reading, french):
    with using_language("fr"):
        assert fsutil.describe_os_error(OSError(code, os.strerror(code)), reading=reading) == french


def test_describe_os_error_keeps_the_english_and_the_system_text():
    assert fsutil.describe_os_error(OSError(errno.ENOENT, "x"), reading=True) == "no such file"
    assert fsutil.describe_os_error(OSError(errno.ENOENT, "x")) == "the folder does not exist"
    assert fsutil.describe_os_error(OSError(errno.EACCES, "x"), reading=True) == "permission denied"
    assert fsutil.describe_os_error(OSError(errno.EMFILE, "Too many open files")) == "Too many open files"


# -- no English-only message left in the converted modules --------------------------------------------
CONVERTED = ("npmassess/fsutil.py", "npmassess/exchange/interchange.py", "npmassess/exchange/packages.py",
             "npmassess/exchange/xlsxread.py", "npmassess/exchange/importing.py", "npmassess/exchange/merge.py",
             "npmassess/results/registry.py", "npmassess/results/io.py", "npmassess/results/periods.py",
             "npmassess/exports/common.py", "npmassess/exports/plan.py", "npmassess/exports/selection.py",
             "npmassess/exports/pdf/document.py", "npmassess/exports/pdf/doctemplate.py",
             "npmassess/validation.py", "npmassess/store/database.py", "npmassess/store/records.py",
             "npmassess/store/scores.py", "npmassess/store/bulk.py", "npmassess/store/trust.py",
             "npmassess/store/rows.py", "npmassess/process/stages.py", "npmassess/comparison.py",
             "npmassess/editions.py", "npmassess/hub/queries.py", "npmassess/hub/push.py")
# Messages for developers only: no user input reaches them (a wrong argument from code, an internal table)
DEVELOPER_ONLY = {
    ("npmassess/store/rows.py", "unknown change table "),
    ("npmassess/store/rows.py", "only header fields can be changed"),
    ("npmassess/exchange/merge.py", "must be 'mine' or 'theirs', not "),
}


def _literal_text(node: ast.AST) -> str:
    """The English written in a message expression: f-string parts, string constants, concatenations."""
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def untranslated_raises(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every raise whose message is a literal sentence not passed through _()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
        # ValidationError(field, problem): the field is the file's or the form's own name, the problem is prose
        args = node.exc.args[1:] if name == "ValidationError" else node.exc.args
        for arg in args:
            text = _literal_text(arg)
            if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text):
                found.append((node.lineno, text))
    return found


def test_the_sentence_scan_finds_an_english_fstring(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('def f(path):\n    raise ImportFileError(f"{path}: is empty.")\n'
                     'def g(path):\n    raise ImportFileError(_("{path}: is empty.").format(path=path))\n'
                     'def h(v):\n    raise ValidationError(f"notes[{v}].kind", "must be a list")\n', encoding="utf-8")
    assert [line for line, _ in untranslated_raises(probe)] == [2, 6]


@pytest.mark.parametrize("rel", CONVERTED)
def test_no_english_only_message_is_raised(rel):
    left = [f"{rel}:{line}: {text!r}" for line, text in untranslated_raises(ROOT / rel)
            if not any(rel == f and text.startswith(t) for f, t in DEVELOPER_ONLY)]
    assert not left, "wrap these messages in _() with named placeholders:\n" + "\n".join(left)
