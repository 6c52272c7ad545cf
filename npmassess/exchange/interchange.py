"""JSON interchange for one assessment: documented format, strict validation, exact round trip.

Format (``format_version`` 1)::

    {"format": "npmassess-assessment", "format_version": 1,
     "framework": {"id": "caf", "edition": "2020", "fingerprint": "<sha256 of the file>"},
     "assessment": {"id", "organisation", "unit", "method", "cycle", "status", "created", "updated"},
     "participants": [{"id", "name", "role"}],
     "ratings": [{"participant", "node", "dimension", "value"}],
     "consensus": [{"node", "dimension", "value"}],
     "rationale": {"<node>": "text"}, "narratives": {"<node>": "text"},
     "figures": {"<node>": [{"number", "caption", "chart", "columns", "rows", "alt", "source",
                             and for chart "image": "image" (SHA-256), "width", "height" (pixels)}]},
     "images": {"<SHA-256>": "<base64 of the PNG or JPEG>"} (the images the figures show),
     "notes": [{"id", "participant" (null = consolidated), "node", "kind", "text", "position"}],
     "actions": [{"id", "title", "description", "owner", "due", "impact", "effort", "status",
                  "nodes": [...], "notes": [...]}]}
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from npmassess.assessment import (ACTION_STATUSES, ASSESSMENT_STATUSES, LEVEL_RANGE, NOTE_KINDS, Action,
                         Assessment, Note, Participant, new_id)
from npmassess import fsutil
from npmassess.errors import ImportFileError, NotFound, ValidationError
from npmassess.i18n import _, labelled
from npmassess.figures import check as check_figure
from npmassess.figures import as_dict, from_json, image_digests
from npmassess.figure_images import check_bytes, info_of
from npmassess.frameworks import Library
from npmassess.model import Framework
from npmassess.validation import check_date, check_field, check_rating, check_text

FORMAT = "npmassess-assessment"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 64 * 1024 * 1024
_ID_RE = re.compile(r"^[0-9a-zA-Z_-]{1,64}$")


def to_dict(a: Assessment, framework: Framework, images: bool = True) -> dict:
    """The JSON-ready form of an assessment (images: with the bytes of its figures' images, in base64)."""
    used = sorted(image_digests(a.figures) & set(a.images)) if images else []
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "framework": {"id": framework.id, "edition": framework.edition, "fingerprint": framework.fingerprint},
        "assessment": {"id": a.id, "organisation": a.organisation, "unit": a.unit, "method": a.method,
                       "cycle": a.cycle, "status": a.status, "created": a.created, "updated": a.updated,
                       **({"language": a.language} if getattr(a, "language", "") else {})},
        "participants": [{"id": p.id, "name": p.name, "role": p.role} for p in a.participants],
        "ratings": [{"participant": p, "node": n, "dimension": d, "value": v}
                    for (p, n, d), v in sorted(a.ratings.items())],
        "consensus": [{"node": n, "dimension": d, "value": v} for (n, d), v in sorted(a.consensus.items())],
        "rationale": dict(sorted(a.rationale.items())),
        "narratives": dict(sorted(a.narratives.items())),
        "figures": {n: [as_dict(f) for f in figs] for n, figs in sorted(a.figures.items()) if figs},
        "notes": [{"id": n.id, "participant": n.participant_id, "node": n.node_id, "kind": n.kind,
                   "text": n.text, "position": n.position} for n in a.notes],
        "actions": [{"id": x.id, "title": x.title, "description": x.description, "owner": x.owner,
                     "due": x.due, "impact": x.impact, "effort": x.effort, "status": x.status,
                     "nodes": list(x.node_ids), "notes": list(x.note_ids)} for x in a.actions],
        **({"images": {d: base64.b64encode(a.images[d]).decode("ascii") for d in used}} if used else {}),
    }


def dumps(a: Assessment, framework: Framework, images: bool = True) -> str:
    """The interchange JSON text; images=False leaves the images' bytes out (a merge base needs only digests)."""
    return json.dumps(to_dict(a, framework, images), ensure_ascii=False, indent=1)


def write_json(a: Assessment, framework: Framework, path: Path | str) -> None:
    """Write atomically: a half-written file never replaces a good one."""
    fsutil.write_atomic(Path(path), dumps(a, framework))


class _V:
    """Typed field access that names the offending field."""

    def obj(self, value: Any, field: str, keys: set[str], required: set[str]) -> dict:
        if not isinstance(value, dict):
            raise ValidationError(field, _("must be an object"))
        extra = set(value) - keys
        if extra:
            raise ValidationError(f"{field}.{sorted(extra)[0]}", _("is not a known field"))
        for key in sorted(required):
            if key not in value:
                raise ValidationError(f"{field}.{key}", _("is missing"))
        return value

    def text(self, value: Any, field: str, required: bool = False, limit: int = 200_000) -> str:
        return check_text(field, value, required, limit)

    def field(self, value: Any, field: str, kind: str) -> str:
        """Text of a field kind, with the required flag and limit of validation.LIMITS."""
        return check_field(kind, value, field)

    def ident(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _ID_RE.match(value):
            raise ValidationError(field, _("{value} is not a valid id").format(value=repr(value)))
        return value

    def array(self, value: Any, field: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(field, _("must be a list"))
        return value

    def integer(self, value: Any, field: str, allowed: range) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            raise ValidationError(field, _("must be a whole number from {low} to {high}, not {value}").format(
                low=allowed.start, high=allowed.stop - 1, value=repr(value)))
        return value


def validate(a: Assessment, fw: Framework) -> None:
    """Check a snapshot against its framework; raise ValidationError naming the first problem."""
    if a.method not in fw.methods:
        raise ValidationError("assessment.method", _("'{method}' is not a method of {framework} ({methods})").format(
            method=a.method, framework=fw.key, methods=", ".join(fw.methods)))
    if a.status not in ASSESSMENT_STATUSES:
        raise ValidationError("assessment.status", _("must be one of {values}").format(
            values=", ".join(ASSESSMENT_STATUSES)))
    nodes = {n.id: n for n in fw.nodes()}
    pids = [p.id for p in a.participants]
    if len(set(pids)) != len(pids):
        raise ValidationError("participants", _("contain a duplicate id"))
    names = [p.name.strip().casefold() for p in a.participants]
    if len(set(names)) != len(names):
        raise ValidationError("participants", _("contain a duplicate name"))

    def check(where: str, node_id: str, dim: str, value: Any) -> None:
        try:
            check_rating(fw, a.method, node_id, dim, value, f"{where}.value")
        except ValidationError as exc:
            if exc.field == "node":
                raise ValidationError(f"{where}.node", _("'{node}' is not a scored node of {framework}").format(
                    node=node_id, framework=fw.key)) from None
            if exc.field == "dimension":
                raise ValidationError(f"{where}.dimension", exc.problem) from None
            raise

    for (p, n, d), v in a.ratings.items():
        if p not in pids:
            raise ValidationError(f"ratings[{n}/{d}].participant", _("'{id}' is not a participant").format(id=p))
        check(f"ratings[{n}/{d}]", n, d, v)
    for (n, d), v in a.consensus.items():
        check(f"consensus[{n}/{d}]", n, d, v)
    for label, texts in (("rationale", a.rationale), ("narratives", a.narratives), ("figures", a.figures)):
        for n in texts:
            if n not in nodes:
                raise ValidationError(f"{label}.{n}", _("'{node}' is not a node of {framework}").format(
                    node=n, framework=fw.key))
    note_ids = set()
    for i, note in enumerate(a.notes):
        if note.node_id not in nodes:
            raise ValidationError(f"notes[{i}].node", _("'{node}' is not a node of {framework}").format(
                node=note.node_id, framework=fw.key))
        if note.kind not in NOTE_KINDS:
            raise ValidationError(f"notes[{i}].kind", _("must be one of {values}").format(values=", ".join(NOTE_KINDS)))
        if note.participant_id is not None and note.participant_id not in pids:
            raise ValidationError(f"notes[{i}].participant", _("'{id}' is not a participant").format(
                id=note.participant_id))
        if note.id in note_ids:
            raise ValidationError(f"notes[{i}].id", _("is a duplicate"))
        note_ids.add(note.id)
    action_ids = set()
    for i, x in enumerate(a.actions):
        if x.id in action_ids:
            raise ValidationError(f"actions[{i}].id", _("is a duplicate"))
        action_ids.add(x.id)
        if x.status not in ACTION_STATUSES:
            raise ValidationError(f"actions[{i}].status", _("must be one of {values}").format(
                values=", ".join(ACTION_STATUSES)))
        check_date(f"actions[{i}].due", x.due)
        for n in x.node_ids:
            if n not in nodes:
                raise ValidationError(f"actions[{i}].nodes", _("'{node}' is not a node of {framework}").format(
                    node=n, framework=fw.key))
        for n in x.note_ids:
            if n not in note_ids:
                raise ValidationError(f"actions[{i}].notes", _("'{id}' is not a note of this assessment").format(id=n))


def _images(value: Any, a: Assessment, need: bool) -> None:
    """The images of the file's figures: base64 of a PNG or JPEG under its SHA-256, each checked once."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ValidationError("images", _("must be an object of SHA-256 -> base64 image"))
    used = image_digests(a.figures)
    for digest, text in value.items():
        if not isinstance(text, str):
            raise ValidationError(f"images.{digest}", _("must be base64 text"))
        try:
            data = base64.b64decode(text, validate=True)
        except ValueError:
            raise ValidationError(f"images.{digest}", _("is not valid base64")) from None
        info = check_bytes(data, f"images.{digest[:16]}")
        if info.digest != digest:
            raise ValidationError(f"images.{digest[:16]}", _("does not match its SHA-256 (altered or damaged)"))
        if digest in used:
            a.images[digest] = data
    for node_id, figs in a.figures.items():
        for fig in figs:
            if fig.is_image and fig.image in a.images:
                kind, w, h = info_of(a.images[fig.image])
                if (w, h) != (fig.width, fig.height):
                    raise ValidationError(f"figures.{node_id}", _("figure {number}: its size is not its image's").format(
                        number=fig.number))
            elif fig.is_image and need:
                raise ValidationError(f"figures.{node_id}", _("figure {number}: its image is not in the file").format(
                    number=fig.number))


def from_dict(data: Any, frameworks: Library, need_images: bool = True) -> tuple[Assessment, Framework]:
    """Parse and fully validate the JSON form; raise ValidationError naming the field.

    need_images=False accepts image figures whose image bytes the file leaves out (merge bases).
    """
    v = _V()
    top = v.obj(data, "file", {"format", "format_version", "framework", "assessment", "participants",
                               "ratings", "consensus", "rationale", "narratives", "figures", "images", "notes",
                               "actions"},
                {"format", "format_version", "framework", "assessment"})
    if top["format"] != FORMAT:
        raise ValidationError("format", _("is {value}, not an npmassess assessment").format(value=repr(top["format"])))
    if top["format_version"] != FORMAT_VERSION:
        newer = isinstance(top["format_version"], int) and top["format_version"] > FORMAT_VERSION
        text = (_("is {value}; this version reads {supported} (the file comes from a newer npmassess)") if newer
                else _("is {value}; this version reads {supported}"))
        raise ValidationError("format_version", text.format(value=repr(top["format_version"]),
                                                            supported=FORMAT_VERSION))
    f = v.obj(top["framework"], "framework", {"id", "edition", "fingerprint"}, {"id", "edition"})
    try:
        fw = frameworks.get(v.text(f["id"], "framework.id", True), v.text(f["edition"], "framework.edition", True))
    except NotFound as exc:
        raise ValidationError("framework", str(exc)) from None
    h = v.obj(top["assessment"], "assessment",
              {"id", "organisation", "unit", "method", "cycle", "status", "created", "updated", "language"},
              {"id", "organisation", "unit", "method", "cycle"})
    a = Assessment(v.ident(h["id"], "assessment.id"), v.field(h["organisation"], "assessment.organisation", "organisation"),
                   v.field(h["unit"], "assessment.unit", "unit"), fw.id, fw.edition,
                   v.text(h["method"], "assessment.method", True), v.field(h["cycle"], "assessment.cycle", "cycle"),
                   v.text(h.get("status", "in progress"), "assessment.status", True),
                   v.text(h.get("created"), "assessment.created"), v.text(h.get("updated"), "assessment.updated"))
    a.language = v.text(h.get("language"), "assessment.language", False, 8)
    for i, p in enumerate(v.array(top.get("participants"), "participants")):
        p = v.obj(p, f"participants[{i}]", {"id", "name", "role"}, {"id", "name"})
        a.participants.append(Participant(v.ident(p["id"], f"participants[{i}].id"),
                                          v.field(p["name"], f"participants[{i}].name", "participant name").strip(),
                                          v.field(p.get("role"), f"participants[{i}].role", "participant role"), i))
    for i, r in enumerate(v.array(top.get("ratings"), "ratings")):
        r = v.obj(r, f"ratings[{i}]", {"participant", "node", "dimension", "value"}, {"participant", "node", "dimension", "value"})
        key = (v.text(r["participant"], f"ratings[{i}].participant", True),
               v.text(r["node"], f"ratings[{i}].node", True), v.text(r["dimension"], f"ratings[{i}].dimension", True))
        if key in a.ratings:
            raise ValidationError(f"ratings[{i}]", _("repeats an earlier rating"))
        a.ratings[key] = r["value"]
    for i, r in enumerate(v.array(top.get("consensus"), "consensus")):
        r = v.obj(r, f"consensus[{i}]", {"node", "dimension", "value"}, {"node", "dimension", "value"})
        ckey = (v.text(r["node"], f"consensus[{i}].node", True), v.text(r["dimension"], f"consensus[{i}].dimension", True))
        if ckey in a.consensus:
            raise ValidationError(f"consensus[{i}]", _("repeats an earlier rating"))
        a.consensus[ckey] = r["value"]
    for name in ("rationale", "narratives"):
        texts = top.get(name) or {}
        if not isinstance(texts, dict):
            raise ValidationError(name, _("must be an object of node -> text"))
        setattr(a, name, {k: v.text(t, f"{name}.{k}") for k, t in texts.items()})
    figures = top.get("figures") or {}
    if not isinstance(figures, dict):
        raise ValidationError("figures", _("must be an object of node -> list of figures"))
    for node_id, items in figures.items():
        if not isinstance(items, list):
            raise ValidationError(f"figures.{node_id}", _("must be a list of figures"))
        figs = from_json(json.dumps(items))
        if len(figs) != len(items):
            raise ValidationError(f"figures.{node_id}", _("every figure needs at least a number"))
        for fig in figs:
            msg = check_figure(fig)
            if msg:
                raise ValidationError(f"figures.{node_id}", msg)
        if figs:
            a.figures[v.text(node_id, f"figures.{node_id}", True)] = figs
    _images(top.get("images"), a, need_images)
    for i, n in enumerate(v.array(top.get("notes"), "notes")):
        n = v.obj(n, f"notes[{i}]", {"id", "participant", "node", "kind", "text", "position"}, {"id", "node", "kind", "text"})
        pos = n.get("position", i)
        if isinstance(pos, bool) or not isinstance(pos, int):
            raise ValidationError(f"notes[{i}].position", _("must be a whole number"))
        a.notes.append(Note(v.ident(n["id"], f"notes[{i}].id"), v.text(n["node"], f"notes[{i}].node", True),
                            v.text(n["kind"], f"notes[{i}].kind", True), v.field(n["text"], f"notes[{i}].text", "note"),
                            n.get("participant"), pos))
    for i, x in enumerate(v.array(top.get("actions"), "actions")):
        x = v.obj(x, f"actions[{i}]", {"id", "title", "description", "owner", "due", "impact", "effort", "status",
                                       "nodes", "notes"}, {"id", "title"})
        a.actions.append(Action(
            v.ident(x["id"], f"actions[{i}].id"), v.field(x["title"], f"actions[{i}].title", "action title"),
            v.field(x.get("description"), f"actions[{i}].description", "action description"),
            v.field(x.get("owner"), f"actions[{i}].owner", "action owner"), v.text(x.get("due"), f"actions[{i}].due"),
            v.integer(x.get("impact", 3), f"actions[{i}].impact", LEVEL_RANGE),
            v.integer(x.get("effort", 3), f"actions[{i}].effort", LEVEL_RANGE),
            v.text(x.get("status", "planned"), f"actions[{i}].status", True),
            [v.text(n, f"actions[{i}].nodes", True) for n in v.array(x.get("nodes"), f"actions[{i}].nodes")],
            [v.text(n, f"actions[{i}].notes", True) for n in v.array(x.get("notes"), f"actions[{i}].notes")], i))
    validate(a, fw)
    return a, fw


MAX_JSON_DEPTH = 32  # an assessment file nests 4 levels; anything far deeper is not ours


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (the input may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


MAX_INT_DIGITS = 30  # no field of an npmassess file holds a whole number anywhere near this long


class _HugeInteger(ValueError):
    def __init__(self, digits: int):
        super().__init__(digits)
        self.digits = digits


def _parse_int(text: str) -> int:
    """A JSON integer, refused before conversion when it is absurdly long (int() is slow on those)."""
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _HugeInteger(digits)
    return int(text)


def parse_json(data: bytes, path: Path | str, member: str = "") -> Any:
    """JSON from bytes, refusing what is not ours in one line naming the file (and the member)."""
    from npmassess.i18n import colon
    where = f"{path}{colon()}{member}" if member else f"{path}{colon().rstrip()}"
    try:
        value = json.loads(data.decode("utf-8"), parse_int=_parse_int)
    except UnicodeDecodeError:
        raise ImportFileError(_("{where} is not UTF-8 text; is it an npmassess file?").format(where=where)) from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(_("{where} is not valid JSON (line {line}, column {column}: {problem}).").format(
            where=where, line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    except RecursionError:
        raise ImportFileError(_("{where} is nested too deeply to be an npmassess file; nothing was imported.").format(
            where=where)) from None
    except _HugeInteger as exc:
        raise ImportFileError(_("{where} holds a whole number of {digits} digits, far too large for any "
                                "npmassess field; nothing was imported.").format(where=where, digits=exc.digits)) from None
    except ValueError as exc:
        raise ImportFileError(_("{where} holds a value that cannot be read ({problem}); nothing was imported.").format(
            where=where, problem=exc)) from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise ImportFileError(_("{where} is nested more than {limit} levels deep; it is not an npmassess file. "
                                "Nothing was imported.").format(where=where, limit=MAX_JSON_DEPTH))
    return value


def read_json(path: Path | str, frameworks: Library) -> tuple[Assessment, Framework]:
    """Read and validate an exported assessment file; errors name the file and the field."""
    path = Path(path)
    size = fsutil.check_input_file(path, ImportFileError)
    if size > MAX_JSON_BYTES:
        raise ImportFileError(_("{path}: {size} bytes is larger than the {limit} byte limit.").format(
            path=path, size=size, limit=MAX_JSON_BYTES))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("{path}: cannot be read ({problem}).").format(
            path=path, problem=fsutil.describe_os_error(exc, reading=True))) from None
    data = parse_json(raw, path)
    try:
        return from_dict(data, frameworks)
    except ValidationError as exc:
        raise ImportFileError(labelled(str(path), exc)) from None


def with_new_ids(a: Assessment) -> Assessment:
    """A copy of the assessment in which every id is new (to import a second copy)."""
    pmap = {p.id: new_id() for p in a.participants}
    nmap = {n.id: new_id() for n in a.notes}
    return replace(
        a, id=new_id(),
        participants=[replace(p, id=pmap[p.id]) for p in a.participants],
        ratings={(pmap[p], n, d): v for (p, n, d), v in a.ratings.items()},
        notes=[replace(n, id=nmap[n.id], participant_id=pmap.get(n.participant_id) if n.participant_id is not None else None) for n in a.notes],
        actions=[replace(x, id=new_id(), note_ids=[nmap[i] for i in x.note_ids]) for x in a.actions],
        consensus=dict(a.consensus), rationale=dict(a.rationale), narratives=dict(a.narratives))
