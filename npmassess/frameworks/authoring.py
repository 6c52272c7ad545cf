"""Authoring workbook: a framework as four sheets a quality office edits in Excel or LibreOffice.

Sheets: 'Framework' (one row per top-level setting), 'Tree' (one row per node, parents by id),
'Scales' (scales with their bands or levels, and the grades), 'Methods' (methods and their
dimensions). Texts have one column per language ('title:en', 'title:fr'); lists are written one item
per line (questions) or comma-separated (languages, applies_to, fonts, previous ids).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from npmassess.errors import NpmassessError
from npmassess.fsutil import atomic_output
from npmassess.i18n import _
from npmassess.model import Framework

SHEETS = ("Framework", "Tree", "Scales", "Methods")
# Framework sheet rows: (key, is text); dotted keys live in a sub-table of the file
FRAMEWORK_ROWS: tuple[tuple[str, bool], ...] = (
    ("format", False), ("id", False), ("edition", False), ("title", True), ("short_title", True),
    ("description", True), ("publisher", False), ("languages", False), ("source", True),
    ("note", True), ("source_note", True), ("aggregation", False), ("total_points", False), ("default_method", False),
    ("labels.criterion", True), ("labels.node", True), ("labels.grade", True),
    ("application.profile_node", False), ("application.profile_page_limit", False),
    ("application.response_page_limit", False), ("application.page_size", False), ("application.font", False),
    ("application.min_font_size", False), ("application.min_margin_in", False), ("previous.edition", False))
TREE_KEYS = ("id", "parent", "type", "points", "bonus", "verified", "previous ids")
TREE_TEXTS = ("title", "guidance", "questions", "note", "source_note")
SCALE_KEYS = ("scale", "entry", "kind", "min", "max", "step", "value", "above", "colour", "verified")
SCALE_TEXTS = ("label", "text", "source_note")
METHOD_KEYS = ("method", "entry", "dimension", "applies_to", "scale", "combine", "result_scale",
               "evidence_required_above")
METHOD_TEXTS = ("title", "text")
LIST_SEP = ", "

HEAD = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")


def text_columns(names: tuple[str, ...], languages: list[str]) -> list[str]:
    return [f"{name}:{lang}" for name in names for lang in languages]


def _texts(value: Any, name: str, languages: list[str]) -> dict[str, str]:
    """{'title:en': ..., 'title:fr': ...} from a plain string or a table of translations."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {f"{name}:en": value}
    return {f"{name}:{lang}": v for lang, v in value.items() if lang in languages}


def _questions(items: list, languages: list[str]) -> dict[str, str]:
    out: dict[str, list[str]] = {lang: [] for lang in languages}
    for q in items:
        for lang in languages:
            text = q if isinstance(q, str) else q.get(lang, "")
            out[lang].append(text if (lang == "en" or not isinstance(q, str)) else "")
    return {f"questions:{lang}": "\n".join(v) for lang, v in out.items() if any(v)}


def _write(ws, headers: list[str], rows: list[dict[str, Any]], widths: dict[str, int]) -> None:
    for c, name in enumerate(headers, 1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font, cell.fill = HEAD, HEAD_FILL
        ws.column_dimensions[get_column_letter(c)].width = widths.get(name.split(":")[0], 14)
    for r, row in enumerate(rows, 2):
        for c, name in enumerate(headers, 1):
            value = row.get(name)
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with '=' stays text, never a formula
                cell.alignment = WRAP
    ws.freeze_panes = "B2"


def _tree_rows(nodes: list[dict], parent: str, languages: list[str], prev_map: dict) -> list[dict]:
    rows = []
    for n in nodes:
        row: dict[str, Any] = {"id": n["id"], "parent": parent, "type": n["type"], "points": n.get("points"),
                               "bonus": n.get("bonus"), "verified": n.get("verified")}
        if n["id"] in prev_map:
            row["previous ids"] = LIST_SEP.join(prev_map[n["id"]])
        row.update(_texts(n.get("title"), "title", languages))
        row.update(_texts(n.get("guidance"), "guidance", languages))
        row.update(_texts(n.get("note"), "note", languages))
        row.update(_texts(n.get("source_note"), "source_note", languages))
        row.update(_questions(n.get("questions", []), languages))
        rows.append(row)
        rows += _tree_rows(n.get("children", []), n["id"], languages, prev_map)
    return rows


def _framework_rows(raw: dict, languages: list[str]) -> list[dict]:
    rows = []
    for key, is_text in FRAMEWORK_ROWS:
        head, _dot, sub = key.partition(".")
        value = raw.get(head)
        value = value.get(sub) if sub and isinstance(value, dict) else (None if sub else value)
        row: dict[str, Any] = {"key": key}
        if is_text:
            row.update({k.split(":")[1]: v for k, v in _texts(value, "x", languages).items()})
        elif isinstance(value, list):
            row["value"] = LIST_SEP.join(str(v) for v in value)
        elif value is not None:
            row["value"] = value
        rows.append(row)
    return rows


def _scale_rows(raw: dict, languages: list[str]) -> list[dict]:
    rows = []
    for s in raw.get("scales", []):
        row = {"scale": s["id"], "entry": "scale", "kind": s.get("kind"), "min": s.get("min"), "max": s.get("max"),
               "step": s.get("step")}
        row.update(_texts(s.get("title"), "label", languages))
        row.update(_texts(s.get("description"), "text", languages))
        rows.append(row)
        for b in s.get("bands", []):
            rows.append({"scale": s["id"], "entry": "band", "min": b.get("min"), "max": b.get("max"),
                         "colour": b.get("colour"), **_texts(b.get("label"), "label", languages),
                         **_texts(b.get("guidance"), "text", languages)})
        for lv in s.get("levels", []):
            rows.append({"scale": s["id"], "entry": "level", "value": lv.get("value"), "colour": lv.get("colour"),
                         **_texts(lv.get("label"), "label", languages), **_texts(lv.get("guidance"), "text", languages)})
    for g in raw.get("grades", []):
        rows.append({"entry": "grade", "min": g.get("min"), "above": g.get("above"), "colour": g.get("colour"),
                     "verified": g.get("verified"), **_texts(g.get("label"), "label", languages),
                     **_texts(g.get("guidance"), "text", languages),
                     **_texts(g.get("source_note"), "source_note", languages)})
    return rows


def _method_rows(raw: dict, languages: list[str]) -> list[dict]:
    rows = []
    for m in raw.get("methods", []):
        rows.append({"method": m["id"], "entry": "method", "combine": m.get("combine"),
                     "result_scale": m.get("result_scale"), "evidence_required_above": m.get("evidence_required_above"),
                     **_texts(m.get("title"), "title", languages),
                     **_texts(m.get("description"), "text", languages)})
        for d in m.get("dimensions", []):
            rows.append({"method": m["id"], "entry": "dimension", "dimension": d.get("id"),
                         "applies_to": LIST_SEP.join(d.get("applies_to", [])), "scale": d.get("scale"),
                         **_texts(d.get("title"), "title", languages), **_texts(d.get("guidance"), "text", languages)})
    return rows


def raw_of(fw: Framework) -> dict:
    """The framework's file as parsed TOML (everything an author can edit)."""
    try:
        return tomllib.loads(Path(fw.path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NpmassessError(_("Cannot read the framework file {file}: {problem}").format(
            file=fw.path, problem=exc)) from None


def export_authoring(fw: Framework, path: os.PathLike | str) -> None:
    """Write the authoring workbook of a framework (atomically)."""
    raw = raw_of(fw)
    languages = list(raw.get("languages", ["en"]))
    prev_map = (raw.get("previous") or {}).get("map", {})
    wb = Workbook()
    ws = wb.active
    ws.title = "Framework"
    _write(ws, ["key", "value"] + languages, _framework_rows(raw, languages), {"key": 30, "value": 30})
    for lang in languages:
        ws.column_dimensions[get_column_letter(3 + languages.index(lang))].width = 60
    _write(wb.create_sheet("Tree"), list(TREE_KEYS) + text_columns(TREE_TEXTS, languages),
           _tree_rows(raw.get("criteria", []), "", languages, prev_map),
           {"id": 8, "parent": 8, "type": 10, "title": 45, "guidance": 60, "questions": 60, "source_note": 40})
    _write(wb.create_sheet("Scales"), list(SCALE_KEYS) + text_columns(SCALE_TEXTS, languages),
           _scale_rows(raw, languages), {"scale": 12, "entry": 8, "label": 35, "text": 60, "source_note": 40})
    _write(wb.create_sheet("Methods"), list(METHOD_KEYS) + text_columns(METHOD_TEXTS, languages),
           _method_rows(raw, languages), {"method": 12, "entry": 10, "title": 35, "text": 60, "applies_to": 20})
    target = Path(path)
    if str(path).strip() == "" or target.is_dir():
        raise NpmassessError(_("Cannot write '{path}': give a file name ending in .xlsx.").format(path=path))
    with atomic_output(target, NpmassessError) as tmp:
        wb.save(tmp)
