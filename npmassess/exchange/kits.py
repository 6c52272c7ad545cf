"""Individual scoring kits: an Excel workbook (or a package) per participant, and strict reading of returns.

The workbook has a protected "Scoring" sheet (one row per scored node, one drop-down column per
scoring dimension, cells for evidence, strengths and areas for improvement: only those cells are
unlocked), a "Scale" sheet explaining the levels, and very hidden sheets with the drop-down lists and
the identifiers (kit, assessment, participant, framework key + fingerprint + structure, row map and
the base values the kit started from, sealed with a sha256).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from copy import copy
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from npmassess.exchange import interchange
from npmassess.assessment import Assessment, Note, Participant, new_id
from npmassess.errors import ImportFileError, NotFound, ValidationError, XlsxError
from npmassess.exchange.packages import Incoming, check_zip, package_bytes, sha256, structure_fingerprint, write_atomic
from npmassess.store import Store
from npmassess.exchange.xlsxread import read_sheets
from npmassess import numbers
from npmassess.i18n import N_, _, current_language
from npmassess.validation import check_field

KIT_FORMAT = "npmassess-kit"
KIT_VERSION = 1
SHEET, META, LISTS, GUIDE = N_("Scoring"), "_npmassess", "_lists", N_("Scale")  # the visible ones in the kit's language
HEADER_ROW = 6
NOTE_HEADINGS = {"evidence": N_("Evidence"), "strength": N_("Strengths"), "improvement": N_("Areas for improvement")}
MAX_ERRORS = 25
_EDITED = N_("{path}: {cell}: the kit identifiers were edited; use the kit as issued.")
_CHUNK = 30_000
_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)")
_INPUT = PatternFill("solid", fgColor="FFFFFF")
_LOCKED = PatternFill("solid", fgColor="E7E6E6")
_CRIT = PatternFill("solid", fgColor="D9E1F2")


@dataclass
class KitIssued:
    kit_id: str
    participant_id: str
    participant_added: bool
    path: Path

    def message(self, name: str) -> str:
        if self.participant_added:
            return _("Wrote scoring kit {kit} for {name} to {path} (added {name} as a participant).").format(
                kit=self.kit_id, name=name, path=self.path)
        return _("Wrote scoring kit {kit} for {name} to {path}.").format(kit=self.kit_id, name=name, path=self.path)


def _issued() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def normalise(text: str) -> str:
    """A note as one line of a kit cell."""
    return " ".join(text.split())


def issue_kit(store: Store, assessment_id: str, participant_name: str, path: Path | str,
              kind: str = "xlsx", role: str = "") -> KitIssued:
    """Write one participant's kit (kind 'xlsx' or 'package'), adding the participant if new."""
    if kind not in ("xlsx", "package"):
        raise ImportFileError(_("kit kind must be 'xlsx' or 'package', not {kind}.").format(kind=repr(kind)))
    a = store.load(assessment_id)
    person = a.participant_by_name(participant_name)
    added = person is None
    secret = store.kit_secret()
    with store.transaction():  # the participant (when new) and the kit's record commit first...
        if added:
            store.add_participant(a.id, participant_name, role)
            a = store.load(a.id)
            person = a.participant_by_name(participant_name)
        assert person is not None
        kit = {"id": new_id(), "participant_id": person.id, "participant_name": person.name, "issued": _issued()}
        store.record_kit(kit["id"], a.id, person.id, kind, kit["issued"])
    fw = store.framework_of(a)
    own = Assessment(a.id, a.organisation, a.unit, a.framework_id, a.edition, a.method, a.cycle, a.status,
                     a.created, a.updated, [Participant(person.id, person.name, person.role, 0)],
                     {k: v for k, v in a.ratings.items() if k[0] == person.id},
                     notes=[n for n in a.notes if n.participant_id == person.id])
    try:  # ...then the file: a kit on disk always has its record; a failed write removes the record
        if kind == "package":
            sealed = {**kit, "seal": kit_seal(kit, a.id, secret)}
            write_atomic(Path(path), package_bytes(own, fw, interchange.dumps(own, fw, images=False), sealed))
        else:
            from npmassess.results.registry import load_register
            register = load_register(store, a.organisation, a.unit)  # its results nodes' measured data
            write_atomic(Path(path), _workbook_bytes(own, fw, kit, secret, register))
    except BaseException:
        store.forget_kit(kit["id"])
        if added:
            store.remove_participant(person.id)
        raise
    return KitIssued(kit["id"], person.id, added, Path(path))


def issue_kits(store: Store, assessment_id: str, folder: Path | str, kind: str = "xlsx",
               names: list[str] | None = None) -> list[KitIssued]:
    """One kit per participant (or per given name) in a folder, named after the people."""
    a = store.load(assessment_id)
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportFileError(_("{folder}: no such folder.").format(folder=folder))
    suffix = ".xlsx" if kind == "xlsx" else ".npma"
    out, used = [], set()
    for name in names if names is not None else [p.name for p in a.participants]:
        stem = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.")[:60] or "participant"
        while stem.casefold() in used:
            stem += "-2"
        used.add(stem.casefold())
        out.append(issue_kit(store, a.id, name, folder / f"kit-{stem}{suffix}", kind))
    return out


# -- writing the workbook ------------------------------------------------------------------
def _columns(fw, method) -> list[tuple[str, str]]:
    dims, seen = [], set()
    for d in method.dimensions:
        if d.id not in seen:
            seen.add(d.id)
            dims.append((d.id, d.title()))
    return dims


def _list_items(scale) -> list:
    if scale.ordinal:
        return [f"{lv.value} – {lv.label()}" for lv in scale.levels]
    return scale.allowed()


def _text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # user text is never a formula


def _workbook_bytes(a: Assessment, fw, kit: dict, secret: bytes, register=None) -> bytes:
    import io
    method = fw.method(a.method)
    dims = _columns(fw, method)
    wb = Workbook()
    ws = wb.active
    ws.title = _(SHEET)[:31]
    lists = wb.create_sheet(LISTS)
    scales: dict[str, tuple[str, int]] = {}
    dvs: dict[str, DataValidation] = {}
    for d in method.dimensions:
        if d.scale.id in scales:
            continue
        col = get_column_letter(len(scales) + 1)
        items = _list_items(d.scale)
        for i, item in enumerate(items, start=1):
            lists[f"{col}{i}"] = item
        scales[d.scale.id] = (col, len(items))
        dv = DataValidation(type="list", formula1=f"'{LISTS}'!${col}$1:${col}${len(items)}", allow_blank=True,
                            showErrorMessage=True, errorTitle=_("Not on the scale"),
                            error=_("Choose a value of the scale “{scale}” from the list.").format(scale=d.scale.title()))
        ws.add_data_validation(dv)
        dvs[d.scale.id] = dv
    person = a.participants[0]
    _text(ws["A1"], _("Scoring kit — {name}").format(name=person.name))
    ws["A1"].font = Font(bold=True, size=14)
    _text(ws["A2"], f"{a.organisation} / {a.unit} · {fw.title_with_edition()} · " + _(
        "method {method} · cycle {cycle}").format(method=method.title(), cycle=a.cycle))
    _text(ws["A3"], _("Choose a score from the drop-down in each white cell. Write evidence, strengths and areas for "
                      "improvement one per line (Alt+Enter starts a new line). Do not move, insert or delete rows."))
    _text(ws["A4"], _("Kit {kit} issued {date}. Return this file to the facilitator; see the ‘{sheet}’ sheet for what "
                      "each value means.").format(kit=kit["id"], date=numbers.date_text(kit["issued"][:10], current_language()),
                                                  sheet=_(GUIDE)))
    heads = [_("Ref"), fw.label("node")] + [t for _d, t in dims] + [_(h) for h in NOTE_HEADINGS.values()]
    for c, head in enumerate(heads, start=1):
        cell = ws.cell(HEADER_ROW, c, head)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    dim_col = {d: 3 + i for i, (d, _t) in enumerate(dims)}
    note_col = {k: 3 + len(dims) + i for i, k in enumerate(NOTE_HEADINGS)}
    rows, base_notes = [], []
    r = HEADER_ROW
    styled = _Styles()
    mine = a.ratings
    for crit in fw.scored_criteria():
        for node in crit.walk():
            if node.type == "context" and node is not crit:
                continue
            r += 1
            _text(ws.cell(r, 1), node.id)
            _text(ws.cell(r, 2), node.title())
            if not node.scored:
                rows.append([r, node.id, "group"])
                for c in range(1, len(heads) + 1):
                    styled(ws.cell(r, c), "group")
                continue
            styled(ws.cell(r, 1), "ref")
            styled(ws.cell(r, 2), "title")
            rows.append([r, node.id, "node"])
            ws.row_dimensions[r].height = 15 * max(2, -(-len(node.title()) // 44))
            applicable = {d.id: d for d in method.dimensions_for(node.type)}
            for d_id, c in dim_col.items():
                cell = ws.cell(r, c)
                if d_id in applicable:
                    scale = applicable[d_id].scale
                    value = mine.get((person.id, node.id, d_id))
                    if value is not None:
                        cell.value = _list_items(scale)[scale.allowed().index(int(value))] if scale.ordinal \
                            else (int(value) if float(value).is_integer() else value)
                    styled(cell, "input")
                    dvs[scale.id].add(cell.coordinate)
                else:
                    styled(cell, "locked")
            for kind, c in note_col.items():
                own = sorted((n for n in a.notes if n.node_id == node.id and n.kind == kind), key=lambda n: n.position)
                base_notes += [{"id": n.id, "node": n.node_id, "kind": n.kind, "text": n.text} for n in own]
                cell = ws.cell(r, c)
                if own:
                    _text(cell, "\n".join(normalise(n.text) for n in own))
                styled(cell, "text")
    widths = [8, 48] + [14] * len(dims) + [40, 40, 40]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _protect(ws)
    _guide(wb, fw, method)
    lists.sheet_state = "veryHidden"
    meta = {"format": KIT_FORMAT, "format_version": KIT_VERSION, "kit": kit, "assessment_id": a.id,
            "assessment_label": a.label,
            "framework": {"id": fw.id, "edition": fw.edition, "fingerprint": fw.fingerprint,
                          "structure": structure_fingerprint(fw, a.method)},
            "method": a.method, "sheet": ws.title, "header_row": HEADER_ROW, "columns": heads,
            "dimensions": [d for d, _t in dims], "rows": rows,
            "base": {"role": person.role,
                     "ratings": [[n, d, v] for (_p, n, d), v in sorted(mine.items())], "notes": base_notes}}
    if register is not None and register.measures:
        from npmassess.results.kitsheet import kit_sheet
        kit_sheet(wb.create_sheet(_("Measured results")[:31], 2), fw, a.method, register)
    _write_meta(wb.create_sheet(META), meta, secret)
    wb.security.lockStructure = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _Styles:
    """Cell styles by name, built once per workbook then copied (openpyxl's style setters are slow)."""

    LOOKS = {"ref": {"alignment": Alignment(vertical="top")},
             "title": {"alignment": Alignment(wrap_text=True, vertical="top")},
             "group": {"fill": _CRIT, "font": Font(bold=True)},
             "input": {"protection": Protection(locked=False), "fill": _INPUT},
             "locked": {"fill": _LOCKED},
             "text": {"protection": Protection(locked=False), "alignment": Alignment(wrap_text=True, vertical="top")}}

    def __init__(self):
        self.done: dict[str, object] = {}

    def __call__(self, cell, name: str) -> None:
        if name in self.done:
            cell._style = copy(self.done[name])
            return
        for attr, value in self.LOOKS[name].items():
            setattr(cell, attr, value)
        self.done[name] = copy(cell._style)


def _protect(ws) -> None:
    ws.protection.sheet = True
    ws.protection.password = "npmassess"
    ws.protection.formatColumns = False  # allowed: people may widen columns and rows
    ws.protection.formatRows = False


def _guide(wb: Workbook, fw, method) -> None:
    ws = wb.create_sheet(_(GUIDE)[:31])
    r = 1
    seen = set()
    for d in method.dimensions:
        if d.scale.id in seen:
            continue
        seen.add(d.scale.id)
        _text(ws.cell(r, 1), f"{d.scale.title()} ({', '.join(x.title() for x in method.dimensions if x.scale.id == d.scale.id)})")
        ws.cell(r, 1).font = Font(bold=True)
        r += 1
        items = [(f"{lv.value}", lv.label(), lv.guidance()) for lv in d.scale.levels] or \
                [(f"{b.min}–{b.max}", b.label(), b.guidance()) for b in d.scale.bands]
        for value, label, guidance in items:
            for c, text in enumerate((value, label, guidance), start=1):
                _text(ws.cell(r, c), text)
                ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        r += 1
    for col, w in (("A", 14), ("B", 30), ("C", 90)):
        ws.column_dimensions[col].width = w
    _protect(ws)


def _seal(meta: dict, secret: bytes) -> str:
    """HMAC-SHA256 of the kit's identifiers, keyed with the issuing database's secret.

    A plain hash could be recomputed by anyone who edits the hidden sheet; the key never leaves
    the database that issued the kit, so only that database can check (and accept) a return.
    """
    return hmac.new(secret, json.dumps(meta, sort_keys=True, ensure_ascii=False).encode(), hashlib.sha256).hexdigest()


def kit_seal(kit: dict, assessment_id: str, secret: bytes) -> str:
    """The seal carried by a package kit's manifest (its identifying fields, keyed)."""
    return _seal({"id": kit["id"], "participant_id": kit["participant_id"], "assessment_id": assessment_id,
                  "issued": kit.get("issued", "")}, secret)


def _write_meta(ws, meta: dict, secret: bytes) -> None:
    blob = json.dumps({"meta": meta, "seal": _seal(meta, secret)}, ensure_ascii=False)
    _text(ws["A1"], KIT_FORMAT)
    for i in range(0, len(blob), _CHUNK):
        _text(ws.cell(2 + i // _CHUNK, 1), blob[i:i + _CHUNK])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True



# -- reading returned workbooks ------------------------------------------------------------
class _Errors(list):
    def add(self, where: str, problem: str) -> None:
        self.append(f"{where}: {problem}")


def _read_meta(cells: list, path: Path, store: Store) -> dict:
    if not cells or cells[0] != KIT_FORMAT:
        raise ImportFileError(_(_EDITED).format(path=path, cell=f"{META}!A1"))
    try:
        blob = json.loads("".join(c for c in cells[1:] if isinstance(c, str)))
        meta, seal = blob["meta"], blob["seal"]
    except (ValueError, KeyError, TypeError):
        raise ImportFileError(_("{path}: {cell}: the kit identifiers are damaged; use the kit as issued.").format(
            path=path, cell=f"{META}!A2")) from None
    version = meta.get("format_version") if isinstance(meta, dict) else None
    if isinstance(version, int) and version > KIT_VERSION:
        raise ImportFileError(_("{path}: was made by a newer npmassess (kit format {version}; this version reads "
                                "{supported}). Update npmassess to import it.").format(
            path=path, version=version, supported=KIT_VERSION))
    if version != KIT_VERSION or not isinstance(meta.get("kit"), dict) or not isinstance(seal, str):
        raise ImportFileError(_(_EDITED).format(path=path, cell=f"{META}!A2"))
    rec = store.kit_record(str(meta["kit"].get("id")))
    if rec is None:
        raise ImportFileError(_("{path}: this kit was not issued from {db} (no record of kit {kit}); import it "
                                "into the database that issued it. Nothing was imported.").format(
            path=path, db=store.path, kit=meta["kit"].get("id")))
    if not hmac.compare_digest(_seal(meta, store.kit_secret()), seal):
        raise ImportFileError(_(_EDITED).format(path=path, cell=f"{META}!A2"))
    if rec["assessment_id"] != meta.get("assessment_id") or rec["participant_id"] != meta["kit"].get("participant_id"):
        raise ImportFileError(_("{path}: the kit does not match the kit issued under its id (assessment or "
                                "participant differ); refused.").format(path=path))
    return meta


def _value(raw, scale, where: str, errors: _Errors) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        errors.add(where, _("{value} is not a score").format(value=repr(raw)))
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        m = _NUMBER.match(str(raw))
        if not m:
            errors.add(where, _("‘{value}’ is not a value of the scale {scale}").format(value=str(raw)[:40],
                                                                                       scale=scale.title()))
            return None
        value = float(m.group(1).replace(",", "."))
    problem = scale.check(value)
    if problem:
        errors.add(where, _("{problem} (scale {scale})").format(problem=problem, scale=scale.title()))
        return None
    return value


def read_kit(store: Store, path: Path) -> Incoming:
    """Validate a returned workbook strictly; every problem names the sheet and the cell."""
    path = Path(path)
    try:
        with check_zip(path, 64, 20 * 1024 * 1024, 60 * 1024 * 1024) as zf:
            sheets = read_sheets(zf, {META})
            if META in sheets:  # the scoring sheet is named in the language the kit was written in
                meta = _read_meta([row[0] if row else None for row in sheets[META][1]], path, store)
                sheets.update(read_sheets(zf, {str(meta.get("sheet") or SHEET)}))
    except XlsxError as exc:
        raise ImportFileError(_("{path}: cannot be read as an Excel workbook ({problem}); nothing was imported.").format(
            path=path, problem=exc)) from None
    if META not in sheets:
        raise ImportFileError(_("{path}: is an Excel workbook but not an npmassess scoring kit (its hidden "
                                "identifiers are missing).").format(path=path))
    name = str(meta.get("sheet") or SHEET)
    if name not in sheets:
        raise ImportFileError(_("{path}: the sheet {sheet} is missing; use the kit as issued.").format(
            path=path, sheet=name))
    try:
        return _incoming(store, path, meta, sheets[name][1])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ImportFileError(_("{path}: {cell}: the kit identifiers are malformed ({problem}); use the kit as "
                                "issued.").format(path=path, cell=f"{META}!A2", problem=type(exc).__name__)) from None


def _incoming(store: Store, path: Path, meta: dict, grid: list[list]) -> Incoming:
    aid, kit = meta["assessment_id"], meta["kit"]
    try:
        mine = store.load_participant(aid, kit["participant_id"])  # only this person's data is merged
    except NotFound:
        raise ImportFileError(_("{path}: wrong assessment: this kit belongs to {label} ({id}), which is not in "
                                "this database. Nothing was imported.").format(
            path=path, label=meta.get("assessment_label"), id=aid)) from None
    f = meta["framework"]
    if (f["id"], f["edition"]) != (mine.framework_id, mine.edition) or meta["method"] != mine.method:
        raise ImportFileError(_("{path}: wrong framework: the kit is for {kit} but the assessment uses "
                                "{assessment}.").format(path=path, kit=f"{f['id']}@{f['edition']} ({meta['method']})",
                                                        assessment=f"{mine.framework_id}@{mine.edition} ({mine.method})"))
    fw = store.framework_of(mine)
    if f["structure"] != structure_fingerprint(fw, mine.method):
        raise ImportFileError(_("{path}: the kit was made for another structure of {framework} (nodes or scales "
                                "differ from the framework installed here); issue a new kit.").format(
            path=path, framework=fw.key))
    method = fw.method(mine.method)
    errors = _Errors()

    def cell(r: int, c: int):
        row = grid[r - 1] if r - 1 < len(grid) else []
        return row[c - 1] if c - 1 < len(row) else None

    def ref(r: int, c: int) -> str:
        return f"{meta.get('sheet') or SHEET}!{get_column_letter(c)}{r}"

    for c, head in enumerate(meta["columns"], start=1):
        if cell(meta["header_row"], c) != head:
            errors.add(ref(meta["header_row"], c), _("expected the heading ‘{expected}’ but found ‘{found}’ "
                                                     "(columns were moved, inserted or deleted)").format(
                expected=head, found=cell(meta["header_row"], c)))
    dims = meta["dimensions"]
    nodes = {n.id: n for n in fw.nodes()}
    pid = kit["participant_id"]
    ratings: dict[tuple[str, str, str], float] = {}
    lines: dict[tuple[str, str], list[str]] = {}
    for r, node_id, kind in meta["rows"]:
        if str(cell(r, 1) or "").strip() != node_id:
            errors.add(ref(r, 1), _("expected node {node} but found ‘{found}’ (rows were moved, inserted or "
                                    "deleted, or the reference was edited)").format(node=node_id, found=cell(r, 1) or ""))
            continue
        if kind != "node":
            continue
        node = nodes.get(node_id)
        if node is None or not node.scored:
            errors.add(ref(r, 1), _("{node} is not a scored node of {framework}").format(node=node_id, framework=fw.key))
            continue
        applicable = {d.id: d for d in method.dimensions_for(node.type)}
        for i, d_id in enumerate(dims):
            raw = cell(r, 3 + i)
            if d_id not in applicable:
                if raw not in (None, ""):
                    errors.add(ref(r, 3 + i), _("must stay empty: {dimension} does not apply to {node}").format(
                        dimension=d_id, node=node_id))
                continue
            value = _value(raw, applicable[d_id].scale, ref(r, 3 + i), errors)
            if value is not None:
                ratings[(pid, node_id, d_id)] = value
        for j, note_kind in enumerate(NOTE_HEADINGS):
            raw = cell(r, 3 + len(dims) + j)
            if raw is None:
                continue
            try:
                text = check_field("note", str(raw), ref(r, 3 + len(dims) + j)) if str(raw).strip() else ""
            except ValidationError as exc:
                errors.add(ref(r, 3 + len(dims) + j), exc.problem)
                continue
            found = [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]
            if found:
                lines[(node_id, note_kind)] = found
    last = max(r for r, _n, _k in meta["rows"])
    for r in range(last + 1, len(grid) + 1):
        if any(v not in (None, "") for v in grid[r - 1][:2]):
            errors.add(ref(r, 1), _("unexpected row below the last node (rows were added)"))
            break
    if errors:
        more = " " + _("(and {n} more)").format(n=len(errors) - MAX_ERRORS) if len(errors) > MAX_ERRORS else ""
        raise ImportFileError(_("{path}: the kit cannot be merged; nothing was imported:").format(path=path)
                              + "\n  " + "\n  ".join(errors[:MAX_ERRORS]) + more)
    return _snapshots(path, meta, mine, fw, ratings, lines)


def _snapshots(path: Path, meta: dict, mine: Assessment, fw, ratings: dict, lines: dict) -> Incoming:
    kit, pid = meta["kit"], meta["kit"]["participant_id"]
    try:
        person = mine.participant(pid)
        people = [Participant(pid, person.name, person.role, 0)]
    except KeyError:
        people = [Participant(pid, kit["participant_name"], meta["base"].get("role", ""), 0)]
    base_notes = [Note(n["id"], n["node"], n["kind"], n["text"], pid, 0) for n in meta["base"]["notes"]]
    notes = []
    for (node_id, kind), found in lines.items():
        pool = [n for n in base_notes if n.node_id == node_id and n.kind == kind]
        for i, line in enumerate(found):
            match = next((n for n in pool if normalise(n.text) == line), None)
            if match is not None:
                pool.remove(match)
                notes.append(Note(match.id, node_id, kind, match.text, pid, i))
            else:
                nid = hashlib.sha256(f"{kit['id']}|{node_id}|{kind}|{i}|{line}".encode()).hexdigest()[:32]
                notes.append(Note(nid, node_id, kind, line, pid, i))

    def snap(r, n) -> Assessment:
        return Assessment(mine.id, mine.organisation, mine.unit, mine.framework_id, mine.edition, mine.method,
                          mine.cycle, mine.status, mine.created, mine.updated, list(people), r, notes=n)
    theirs = snap(ratings, notes)
    base = snap({(pid, n, d): float(v) for n, d, v in meta["base"]["ratings"]}, base_notes)
    digest = sha256(json.dumps([sorted((f"{k[1]}|{k[2]}", v) for k, v in ratings.items()),
                                sorted((n.node_id, n.kind, n.text) for n in notes)]).encode())
    inc = Incoming(path, "xlsx-kit", theirs, fw, "", base, dict(kit), digest)  # a kit never creates an assessment
    inc.mine = mine
    if meta["framework"]["fingerprint"] != fw.fingerprint:
        inc.warnings.append(_("the framework file {framework} changed since the kit was issued (same "
                              "structure).").format(framework=fw.key))
    return inc
