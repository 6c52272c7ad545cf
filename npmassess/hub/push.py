"""Pushing packages and JSON files to the hub: validated as local imports, idempotent, one transaction each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from npmassess.errors import ImportFileError, NpmassessError
from npmassess import counts
from npmassess.fsutil import describe_os_error
from npmassess.i18n import _, current_language, labelled, listing, ngettext
from npmassess.numbers import short_date
from npmassess.exchange import interchange, packages
from npmassess.exchange.packages import Incoming
from npmassess.frameworks import Library
from npmassess.hub import records
from npmassess.hub.connection import HubError
from npmassess.schema import shared_tables

RESULTS = ("new", "unchanged", "replaced", "conflict", "refused")
PATTERNS = ("*.npma", "*.json")


@dataclass
class PushResult:
    """What one file did on the hub: new, unchanged, replaced, conflict (nothing written) or refused."""

    file: Path
    result: str
    message: str
    assessment_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.result in ("new", "unchanged", "replaced")

    def line(self) -> str:
        return f"{_(self.result):<9} {labelled(self.file.name, self.message)}"


def content_digest(a, fw) -> str:
    """sha256 of the assessment's content in a canonical form (the order notes and links come back in
    from either store does not matter; any edit changes `updated` and so the digest)."""
    doc = interchange.to_dict(a, fw, images=False)  # the figures name their images by SHA-256 already
    doc["framework"].pop("fingerprint", None)
    doc["notes"].sort(key=lambda n: n["id"])
    for x in doc["actions"]:
        x["nodes"], x["notes"] = sorted(x["nodes"]), sorted(x["notes"])
    return packages.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def read_file(path: Path, frameworks: Library) -> Incoming:
    """Read and validate a file exactly as a local import does (same readers, same messages)."""
    kind = packages.detect(path)
    if kind == "json":
        a, fw = interchange.read_json(path, frameworks)
        text = path.read_text(encoding="utf-8")
        return Incoming(path, "json", a, fw, text, digest=packages.sha256(text.encode("utf-8")))
    if kind == "xlsx":
        raise ImportFileError(labelled(str(path), _("is a returned Excel scoring kit; kits go back to their "
                                                    "facilitator. Import it there, then push the assessment package.")))
    inc = packages.read_package(path, frameworks)
    if inc.kit:
        raise ImportFileError(labelled(str(path), _("is one participant’s scoring kit, not a whole assessment; import "
                                                    "it into the facilitator’s database, then push the assessment "
                                                    "package.")))
    return inc


def _digest(inc: Incoming) -> str:
    return content_digest(inc.assessment, inc.framework)


def files_in(folder: Path) -> list[Path]:
    """The .npma and .json files of a folder (not its sub-folders), in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise HubError(labelled(str(folder), _("no such folder.")))
    return sorted({p for pattern in PATTERNS for p in folder.glob(pattern) if p.is_file()})


def _log(conn, file: Path, checksum: str, inc: Incoming | None, result: str, detail: str) -> None:
    a = inc.assessment if inc else None
    conn.execute("insert into hub_pushes (file, file_checksum, assessment_id, organisation, unit, cycle, result,"
                 " detail) values (%s, %s, %s, %s, %s, %s, %s, %s)",
                 [file.name, checksum, a.id if a else None, a.organisation if a else None,
                  a.unit if a else None, a.cycle if a else None, result, detail])


def _write(cur, inc: Incoming, checksum: str) -> None:
    data = records.rows(inc.assessment)
    images = records.image_rows(inc.assessment)  # before any write: a figure without its image is refused
    for t in shared_tables():
        if data[t.name]:
            cur.execute(records.insert_sql(t.name), records.columns_of(data[t.name]))
    _write_images(cur, images)
    cur.execute("insert into hub_packages (assessment_id, digest, file_checksum, pushed_by, pushed_at)"
                " values (%s, %s, %s, current_user, now())", [inc.assessment.id, inc.digest, checksum])


def _write_images(cur, images: list[tuple]) -> None:
    """The figures' images, one row per image (the same transaction as the figures)."""
    if images:
        cur.execute(records.insert_sql("hub_figure_images"), records.columns_of(images))


def _fill_figures(cur, a) -> int:
    """The figures of an assessment pushed before the hub kept figures (schema 4), added now; how many."""
    if not a.figures:
        return 0
    cur.execute("select count(*) from figures where assessment_id = %s", [a.id])
    if cur.fetchone()[0]:
        return 0
    images = records.image_rows(a)
    rows = records.rows(a)["figures"]
    cur.execute(records.insert_sql("figures"), records.columns_of(rows))
    cur.execute("delete from hub_figure_images where assessment_id = %s", [a.id])
    _write_images(cur, images)
    return sum(len(figs) for figs in a.figures.values())


def _clash(cur, a) -> str | None:
    """Another assessment of the same unit, framework and cycle already on the hub."""
    cur.execute("select id from assessments where unit_key(organisation, unit) = unit_key(%s, %s)"
                " and framework_id = %s and btrim(cycle) = btrim(%s) and id <> %s limit 1",
                [a.organisation, a.unit, a.framework_id, a.cycle, a.id])
    row = cur.fetchone()
    return row[0] if row else None


@dataclass
class Prepared:
    """A file read and validated (no database involved yet), or the reason it was refused."""

    path: Path
    checksum: str
    inc: Incoming | None = None
    refused: str = ""


def prepare(path: Path, frameworks: Library) -> Prepared:
    """Read, validate and digest one file; safe to run in another thread."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Prepared(path, "", refused=_("cannot be read ({reason}).").format(
            reason=describe_os_error(exc, reading=True)))
    prep = Prepared(path, packages.sha256(raw))
    try:
        prep.inc = read_file(path, frameworks)
        prep.inc.digest = _digest(prep.inc)
    except NpmassessError as exc:
        prep.inc, prep.refused = None, _strip(str(exc), path)
    return prep


def push_file(conn: Any, path: Path, frameworks: Library, replace: bool = False) -> PushResult:
    """Push one file in one transaction; every attempt is written to the push log."""
    return push_prepared(conn, prepare(path, frameworks), replace)


def push_prepared(conn: Any, prep: Prepared, replace: bool = False) -> PushResult:
    """Write a prepared file in one transaction (or report why not); every attempt is logged."""
    import psycopg
    path, checksum, inc = prep.path, prep.checksum, prep.inc
    if inc is None:
        result = PushResult(path, "refused", prep.refused)
        if not checksum:
            return result  # an unreadable file: nothing to log a checksum of
    else:
        try:
            return _transaction(conn, prep, replace)
        except _Conflict as exc:
            result = PushResult(path, "conflict", str(exc), inc.assessment.id)
        except NpmassessError as exc:
            result = PushResult(path, "refused", _strip(str(exc), path), inc.assessment.id)
        except psycopg.errors.UniqueViolation:
            result = PushResult(path, "conflict", labelled(inc.assessment.label, _(
                "an assessment with id {id} is already on the hub under a unit you cannot see; nothing was "
                "written.").format(id=inc.assessment.id)), inc.assessment.id)
        except psycopg.errors.InsufficientPrivilege as exc:
            a = inc.assessment
            detail = (_("{org} / {unit} is not one of your units on the hub").format(org=a.organisation, unit=a.unit)
                      if "row-level security" in str(exc) else str(exc).splitlines()[0])
            result = PushResult(path, "refused", _("not allowed: {detail}; nothing was written.").format(
                detail=detail), a.id)
    try:
        with conn.transaction():
            _log(conn, path, checksum, inc, result.result, result.message)
    except psycopg.Error:
        pass  # a role that may not even log pushes learns why from the result itself
    return result


def _transaction(conn: Any, prep: Prepared, replace: bool) -> PushResult:
    path, inc = prep.path, prep.inc
    assert inc is not None
    a = inc.assessment
    with conn.transaction():
        cur = conn.cursor()
        cur.execute("select digest, pushed_by, pushed_at from hub_packages where assessment_id = %s", [a.id])
        held = cur.fetchone()
        if held and held[0] == inc.digest:
            message = _("{label} is already on the hub with this content.").format(label=a.label)
            filled = _fill_figures(cur, a)
            if filled:
                message += " " + ngettext("Its figure was added (the hub did not keep figures before).",
                                          "Its {n} figures were added (the hub did not keep figures before).",
                                          filled).format(n=filled)
            result = PushResult(path, "unchanged", message, a.id)
        else:
            other = _clash(cur, a)
            if other:
                raise _Conflict(labelled(a.label, _("the hub already holds assessment {other} for this unit, "
                                                    "framework and cycle; nothing was written.").format(other=other)))
            if held and not replace:
                raise _Conflict(_("{label} ({id}) is on the hub with other content (pushed by {user} on {when}); "
                                  "nothing was written. Push with --replace to replace it.").format(
                    label=a.label, id=a.id, user=held[1], when=short_date(f"{held[2]:%Y-%m-%d %H:%M}", current_language())))
            if held:
                cur.execute("delete from assessments where id = %s", [a.id])
            _write(cur, inc, prep.checksum)
            result = PushResult(path, "replaced" if held else "new",
                                labelled(a.label, listing([
                                    counts.participants(len(a.participants)), counts.individual_scores(len(a.ratings)),
                                    counts.consensus_scores(len(a.consensus)), counts.actions(len(a.actions))]) + "."),
                                a.id)
        _log(conn, path, prep.checksum, inc, result.result, result.message)
    return result


class _Conflict(Exception):
    pass


def _strip(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def push_files(conn: Any, paths: Iterable[Path], frameworks: Library, replace: bool = False,
               progress: Callable[[int, int, PushResult], None] | None = None) -> list[PushResult]:
    """Push files one by one (each its own transaction); a bad file never stops the others.

    The next file is read and validated in a helper thread while the hub writes the current one.
    """
    from concurrent.futures import ThreadPoolExecutor
    paths = list(paths)
    out: list[PushResult] = []
    if not paths:
        return out
    with ThreadPoolExecutor(1, thread_name_prefix="hub-read") as pool:
        coming = pool.submit(prepare, paths[0], frameworks)
        for i in range(len(paths)):
            prep = coming.result()
            if i + 1 < len(paths):
                coming = pool.submit(prepare, paths[i + 1], frameworks)
            out.append(push_prepared(conn, prep, replace))
            if progress:
                progress(i + 1, len(paths), out[-1])
    return out


def push_assessment(conn: Any, a, fw, frameworks: Library, name: str = "desktop",
                    replace: bool = False) -> PushResult:
    """Push an in-memory assessment as its package (the desktop's File > Publish to hub)."""
    import tempfile
    data = packages.package_bytes(a, fw)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.npma"
        path.write_bytes(data)
        return push_file(conn, path, frameworks, replace)
