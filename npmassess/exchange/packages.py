"""Assessment packages (.npma) and imports: detect, validate strictly, preview, then apply in one go.

A package is a zip holding ``manifest.json`` (format, format_version, framework id/edition/
fingerprint and structure, created, kind, optional kit, sha256 of every data member),
``assessment.json`` (the npmassess.interchange JSON format) and optionally ``base.json`` (same format:
the values the sender started from, used to tell a change from a conflict). Nothing is written
before :func:`apply_import`, which writes in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from npmassess.exchange import interchange
from npmassess.exchange import merge
from npmassess.assessment import Assessment, now
from npmassess import fsutil
from npmassess.errors import ImportFileError, ValidationError
from npmassess.frameworks import Library
from npmassess.i18n import _, labelled
from npmassess.model import Framework
from npmassess.store import Store

PACKAGE_FORMAT = "npmassess-package"
PACKAGE_VERSION = 1
MEMBERS = ("manifest.json", "assessment.json", "base.json")
MAX_MEMBERS = 8
MAX_MEMBER_BYTES = interchange.MAX_JSON_BYTES
MAX_TOTAL_BYTES = 2 * interchange.MAX_JSON_BYTES
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
MAX_FILE_BYTES = 256 * 1024 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def structure_fingerprint(fw: Framework, method_id: str) -> str:
    """A hash of what scores depend on: scored nodes, their dimensions and scales."""
    method = fw.method(method_id)
    parts = []
    for node in fw.scored_nodes():
        for d in method.dimensions_for(node.type):
            parts.append(f"{node.id}/{d.id}/{d.scale.kind}/{','.join(map(str, d.scale.allowed()))}")
    return sha256("\n".join(parts).encode())[:16]


# -- reading zips safely -------------------------------------------------------------------
def check_zip(path: Path, max_members: int, max_member: int, max_total: int) -> zipfile.ZipFile:
    """Open a zip after bounding its size, member count, member sizes and compression ratios."""
    size = fsutil.check_input_file(Path(path), ImportFileError)
    if size > MAX_FILE_BYTES:
        raise ImportFileError(_("{path}: {size} bytes is larger than the {limit} byte limit.").format(
            path=path, size=size, limit=MAX_FILE_BYTES))
    try:
        zf = zipfile.ZipFile(path)
    except OSError as exc:
        raise ImportFileError(_("{path}: cannot be read ({problem}).").format(
            path=path, problem=fsutil.describe_os_error(exc, reading=True))) from None
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ImportFileError(_("{path}: the file is damaged or truncated (not a readable zip archive); "
                                "nothing was imported.").format(path=path)) from None
    infos = zf.infolist()
    problem = None
    if len(infos) > max_members:
        problem = _("holds {n} members; at most {limit} are allowed").format(n=len(infos), limit=max_members)
    total = 0
    for info in infos:
        total += info.file_size
        if problem:
            break
        if info.file_size > max_member:
            problem = _("member {name} is {size} bytes; the limit is {limit}").format(
                name=info.filename, size=info.file_size, limit=max_member)
        elif info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            problem = _("member {name} expands {ratio} times (a zip bomb?)").format(
                name=info.filename, ratio=info.file_size // max(info.compress_size, 1))
        elif total > max_total:
            problem = _("expands to more than {limit} bytes").format(limit=max_total)
    if problem:
        zf.close()
        raise ImportFileError(_("{path}: refused: the archive {problem}; nothing was imported.").format(
            path=path, problem=problem))
    return zf


def _read_member(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        with zf.open(name) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise ImportFileError(_("{path}: member {name} is damaged ({problem}); nothing was imported.").format(
            path=path, name=name, problem=exc)) from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ImportFileError(_("{path}: member {name} is larger than {limit} bytes; refused.").format(
            path=path, name=name, limit=MAX_MEMBER_BYTES))
    return data


def detect(path: Path) -> str:
    """'json', 'package' or 'xlsx', from the file's content (not its name)."""
    path = Path(path)
    fsutil.check_input_file(path, ImportFileError)
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise ImportFileError(_("{path}: cannot be read ({problem}).").format(
            path=path, problem=fsutil.describe_os_error(exc, reading=True))) from None
    if head.startswith(b"PK"):
        with check_zip(path, 10_000, MAX_FILE_BYTES, MAX_FILE_BYTES * 4) as zf:
            names = set(zf.namelist())
        if "manifest.json" in names:
            return "package"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ImportFileError(_("{path}: is a zip archive but neither an npmassess package nor an Excel "
                                "workbook.").format(path=path))
    if not head:
        raise ImportFileError(_("{path}: is empty.").format(path=path))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") or path.suffix.lower() == ".json":
        return "json"  # interchange.read_json says precisely what is wrong with it
    raise ImportFileError(_("{path}: is not an npmassess file (JSON, .npma package or Excel scoring kit).").format(
        path=path))


# -- incoming data -------------------------------------------------------------------------
@dataclass
class Incoming:
    """A validated file, not yet written anywhere."""

    path: Path
    kind: str  # json | package | kit-package | xlsx-kit
    assessment: Assessment
    framework: Framework
    text: str  # the interchange JSON of the assessment (kept as the next sync base)
    base: Assessment | None = None
    kit: dict | None = None  # id, participant_id, participant_name, issued
    digest: str = ""
    warnings: list[str] = field(default_factory=list)
    mine: Assessment | None = None  # the stored assessment, when reading the file already loaded it


def _json(data: bytes, name: str, path: Path) -> Any:
    return interchange.parse_json(data, path, name)


def read_package(path: Path, frameworks: Library) -> Incoming:
    """Read and fully validate a package; raise ImportFileError naming the file and the problem."""
    path = Path(path)
    with check_zip(path, MAX_MEMBERS, MAX_MEMBER_BYTES, MAX_TOTAL_BYTES) as zf:
        names = zf.namelist()
        extra = [n for n in names if n not in MEMBERS]
        if extra:
            raise ImportFileError(_("{path}: unexpected member {name} in the package; refused.").format(
                path=path, name=repr(extra[0])))
        if len(set(names)) != len(names):
            raise ImportFileError(_("{path}: a member appears twice in the package; refused.").format(path=path))
        for required in ("manifest.json", "assessment.json"):
            if required not in names:
                raise ImportFileError(_("{path}: {name} is missing; this is not a complete package.").format(
                    path=path, name=required))
        data = {n: _read_member(zf, n, path) for n in names}
    man = _json(data["manifest.json"], "manifest.json", path)
    if not isinstance(man, dict) or man.get("format") != PACKAGE_FORMAT:
        raise ImportFileError(_("{path}: manifest.json is not an npmassess package manifest.").format(path=path))
    version = man.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PACKAGE_VERSION:
        raise ImportFileError(_("{path}: was made by a newer npmassess (package format {version}; this version "
                                "reads {supported}). Update npmassess to import it.").format(
            path=path, version=version, supported=PACKAGE_VERSION))
    if version != PACKAGE_VERSION:
        raise ImportFileError(_("{path}: manifest.json format_version {version} is not supported.").format(
            path=path, version=repr(version)))
    sums = (man.get("checksum") or {}).get("sha256") if isinstance(man.get("checksum"), dict) else None
    if not isinstance(sums, dict):
        raise ImportFileError(_("{path}: manifest.json has no checksum; refused.").format(path=path))
    for name in names:
        if name == "manifest.json":
            continue
        if sums.get(name) != sha256(data[name]):
            raise ImportFileError(_("{path}: checksum mismatch for {name}: the package was altered or damaged; "
                                    "nothing was imported.").format(path=path, name=name))
    try:
        a, fw = interchange.from_dict(_json(data["assessment.json"], "assessment.json", path), frameworks)
        base = None
        if "base.json" in data:
            base, _fw = interchange.from_dict(_json(data["base.json"], "base.json", path), frameworks, need_images=False)
    except ValidationError as exc:
        raise ImportFileError(labelled(str(path), exc)) from None
    if base is not None and (base.id != a.id or base.framework_id != a.framework_id or base.method != a.method):
        raise ImportFileError(_("{path}: base.json is not the same assessment as assessment.json; refused.").format(
            path=path))
    inc = Incoming(path, "package", a, fw, data["assessment.json"].decode("utf-8"), base,
                   digest=sha256(data["assessment.json"]))
    f = fm if isinstance(fm := man.get("framework"), dict) else {}
    if (f.get("id"), f.get("edition")) != (fw.id, fw.edition):
        raise ImportFileError(_("{path}: the manifest names framework {named} but the data is for {framework}; "
                                "refused.").format(path=path, named=f"{f.get('id')}@{f.get('edition')}",
                                                   framework=fw.key))
    if f.get("structure") and f.get("structure") != structure_fingerprint(fw, a.method):
        raise ImportFileError(_("{path}: was made with a different structure of {framework} (nodes or scales "
                                "differ from the framework installed here); refused.").format(
            path=path, framework=fw.key))
    if f.get("fingerprint") and f.get("fingerprint") != fw.fingerprint:
        inc.warnings.append(_("the framework file {framework} differs from the one that made the package (same "
                              "structure); every score was checked against the local framework.").format(
            framework=fw.key))
    kit = man.get("kit")
    if kit:
        if not isinstance(kit, dict) or not all(isinstance(kit.get(k), str) for k in ("id", "participant_id")):
            raise ImportFileError(_("{path}: manifest.json kit is malformed.").format(path=path))
        if kit["participant_id"] not in {p.id for p in a.participants}:
            raise ImportFileError(_("{path}: the kit's participant is not in the package.").format(path=path))
        inc.kind, inc.kit = "kit-package", kit
    return inc


def package_bytes(a: Assessment, fw: Framework, base_text: str | None = None, kit: dict | None = None) -> bytes:
    """The bytes of a package file."""
    members = {"assessment.json": interchange.dumps(a, fw).encode("utf-8")}
    if base_text:
        members["base.json"] = base_text.encode("utf-8")
    manifest = {"format": PACKAGE_FORMAT, "format_version": PACKAGE_VERSION,
                "framework": {"id": fw.id, "edition": fw.edition, "fingerprint": fw.fingerprint,
                              "structure": structure_fingerprint(fw, a.method)},
                "created": now(), "kind": "kit" if kit else "assessment",
                "checksum": {"sha256": {k: sha256(v) for k, v in members.items()}}}
    if kit:
        manifest["kit"] = kit
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write a package or kit file atomically; a failure raises ImportFileError naming the file."""
    fsutil.write_atomic(path, data, ImportFileError)


def export_package(store: Store, assessment_id: str, path: Path | str) -> str:
    """Write one assessment as a package (with the last synced base, if any); returns a sentence."""
    a = store.load(assessment_id)
    fw = store.framework_of(a)
    synced = store.sync_base(a.id)
    kit = json.loads(synced[1]) if synced and synced[1] else None
    write_atomic(Path(path), package_bytes(a, fw, synced[0] if synced else None, kit))
    merge.remember_snapshot(store, a)  # a file coming back with this as its base can be trusted
    from npmassess import counts
    from npmassess.i18n import _, labelled, listing
    return labelled(_("Wrote {path}").format(path=path), _("{label}, {framework}, {counts}.").format(
        label=a.label, framework=fw.key,
        counts=listing([counts.participants(len(a.participants)), counts.individual_scores(len(a.ratings))])))
