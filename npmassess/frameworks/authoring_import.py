"""Read an authoring workbook back into a framework file, with errors naming sheet, cell and rule."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from npmassess.errors import AuthoringError, FrameworkError
from npmassess.i18n import _, colon
from npmassess.frameworks.authoring import (FRAMEWORK_ROWS, METHOD_KEYS, METHOD_TEXTS, SCALE_KEYS, SCALE_TEXTS,
                                            SHEETS, TREE_KEYS, TREE_TEXTS)
from npmassess.frameworks.loader import library, parse_framework
from npmassess.frameworks.tomlwrite import dumps
from npmassess.fsutil import write_atomic
from npmassess.model import Framework
from npmassess.paths import user_frameworks_dir

_INTEGER_KEYS = {"format", "total_points", "points", "min", "max", "step", "value", "profile_page_limit",
                 "response_page_limit"}
_LIST_KEYS = {"languages", "applies_to", "font"}
_BOOL_KEYS = {"bonus", "verified"}
_TEXT_RE = re.compile(r"^([a-z_]+):([A-Za-z-]+)$")


class _Sheet:
    """One sheet: its header (column name -> letter) and rows as {column: value} with row numbers."""

    def __init__(self, file: str, ws, allowed_keys: tuple[str, ...], text_names: tuple[str, ...], required: tuple):
        self.file, self.name = file, ws.title
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
        self.columns: dict[str, str] = {}
        for i, name in enumerate(header, 1):
            letter = get_column_letter(i)
            if name is None or str(name).strip() == "":
                continue
            name = str(name).strip()
            m = _TEXT_RE.match(name)
            if name not in allowed_keys and not (m and m.group(1) in text_names):
                allowed = ", ".join(allowed_keys)
                if text_names:
                    allowed = _("{columns}, and {texts}").format(
                        columns=allowed, texts=", ".join(t + ":<language>" for t in text_names))
                raise self.fail(f"{letter}1", _("unknown column '{name}' (allowed: {allowed})").format(
                    name=name, allowed=allowed))
            if name in self.columns:
                raise self.fail(f"{letter}1", _("column '{name}' appears twice").format(name=name))
            self.columns[name] = letter
        for name in required:
            if name not in self.columns:
                raise self.fail("1", _("required column '{name}' is missing").format(name=name))
        self.rows: list[tuple[int, dict[str, Any]]] = []
        for r, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
            row = {}
            for i, v in enumerate(cells, 1):
                name = header[i - 1] if i - 1 < len(header) else None
                if name is None or v is None or (isinstance(v, str) and v.strip() == ""):
                    continue
                row[str(name).strip()] = v.strip() if isinstance(v, str) else v
            if row:
                self.rows.append((r, row))

    def fail(self, cell: str, problem: str) -> AuthoringError:
        return AuthoringError(self.file, self.name, cell, problem)

    def cell(self, column: str, row: int) -> str:
        return f"{self.columns.get(column, '')}{row}" if column in self.columns else str(row)


def _scalar(sheet: _Sheet, key: str, value: Any, column: str, row: int) -> Any:
    """A cell value in the type the file wants: whole numbers, lists, true/false; else as typed."""
    base = key.rpartition(".")[2]
    if isinstance(value, float) and value.is_integer() and base in _INTEGER_KEYS:
        return int(value)
    if base in _LIST_KEYS:
        return [x.strip() for x in str(value).replace("\n", ",").split(",") if x.strip()]
    if base in _BOOL_KEYS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise sheet.fail(sheet.cell(column, row), base + colon() + _("must be true or false, not {value}").format(
            value=repr(value)))
    if isinstance(value, str) and base in _INTEGER_KEYS | {"above", "min_font_size", "min_margin_in"}:
        try:
            number = float(value.replace(",", "."))
            return int(number) if number.is_integer() and base in _INTEGER_KEYS else number
        except ValueError:
            return value  # the file check names the rule ("must be a whole number")
    return value


def _texts(row: dict, name: str, languages: list[str]) -> Any:
    values = {lang: str(row[f"{name}:{lang}"]) for lang in languages if f"{name}:{lang}" in row}
    if not values:
        return None
    return values["en"] if list(values) == ["en"] else values


class _Builder:
    """Builds the file's dict and remembers where each part came from (sheet, row)."""

    def __init__(self, file: str):
        self.file = file
        self.where: dict[str, tuple[_Sheet, int]] = {}

    def framework(self, sh: _Sheet, raw: dict) -> list[str]:
        rows = {str(r.get("key", "")).strip(): (n, r) for n, r in sh.rows}
        known = {k for k, _text in FRAMEWORK_ROWS}
        for key, (n, _row) in rows.items():
            if key not in known:
                raise sh.fail(sh.cell("key", n), _("unknown setting '{key}' (allowed: {allowed})").format(
                    key=key, allowed=", ".join(sorted(known))))
        lang_row = rows.get("languages")
        languages = _scalar(sh, "languages", lang_row[1].get("value", ""), "value", lang_row[0]) if lang_row else ["en"]
        for lang in languages:
            if lang not in sh.columns:
                raise sh.fail("1", _("the language '{lang}' listed under 'languages' has no column").format(
                    lang=lang))
        for name, letter in sh.columns.items():
            if name not in ("key", "value") and name not in languages:
                raise sh.fail(f"{letter}1", _("column '{name}' is not a language listed under 'languages' "
                                                "({languages})").format(name=name, languages=", ".join(languages)))
        for key, is_text in FRAMEWORK_ROWS:
            if key not in rows:
                continue
            n, r = rows[key]
            value = None
            if is_text:
                vals = {lang: str(r[lang]) for lang in languages if lang in r}
                value = (vals["en"] if list(vals) == ["en"] else vals) if vals else None
            elif "value" in r:
                value = _scalar(sh, key, r["value"], "value", n)
            if value is None:
                continue
            head, _dot, sub = key.partition(".")
            path = key
            self.where[path] = (sh, n)
            if sub:
                raw.setdefault(head, {})[sub] = value
                self.where.setdefault(head, (sh, n))
            else:
                raw[key] = value
        return languages

    def tree(self, sh: _Sheet, raw: dict, languages: list[str]) -> None:
        nodes: dict[str, dict] = {}
        paths: dict[str, str] = {}
        criteria: list[dict] = []
        prev_map: dict[str, list[str]] = {}
        for n, r in sh.rows:
            nid = str(r.get("id", "")).strip()
            if not nid:
                raise sh.fail(sh.cell("id", n), _("every row needs an id"))
            if isinstance(r.get("id"), float) and r["id"].is_integer():
                nid = str(int(r["id"]))
            if nid in nodes:
                raise sh.fail(sh.cell("id", n), _("duplicate id '{id}'").format(id=nid))
            node: dict[str, Any] = {"id": nid}
            for key in ("title", "type", "points", "bonus", "verified", "guidance", "questions", "note", "source_note"):
                if key in TREE_TEXTS:
                    if key == "questions":
                        q = self._questions(r, languages)
                        if q:
                            node["questions"] = q
                        continue
                    value = _texts(r, key, languages)
                elif key in r:
                    value = _scalar(sh, key, r[key], key, n)
                else:
                    value = None
                if value is not None:
                    node[key] = value
            parent = r.get("parent")
            parent = str(int(parent)) if isinstance(parent, float) and parent.is_integer() else \
                (str(parent).strip() if parent is not None else "")
            if parent:
                if parent not in nodes:
                    raise sh.fail(sh.cell("parent", n), _("parent '{parent}' is not the id of a row above this one").format(
                        parent=parent))
                siblings = nodes[parent].setdefault("children", [])
                paths[nid] = f"{paths[parent]}.children[{len(siblings)}]"
                siblings.append(node)
            else:
                paths[nid] = f"criteria[{len(criteria)}]"
                criteria.append(node)
            nodes[nid] = node
            self.where[paths[nid]] = (sh, n)
            if "previous ids" in r:
                prev_map[nid] = [x.strip() for x in str(r["previous ids"]).replace("\n", ",").split(",") if x.strip()]
                self.where[f"previous.map.{nid}"] = (sh, n)
        raw["criteria"] = criteria
        if prev_map:
            raw.setdefault("previous", {})["map"] = prev_map

    @staticmethod
    def _questions(r: dict, languages: list[str]) -> list:
        per_lang = {lang: str(r[f"questions:{lang}"]).split("\n") for lang in languages if f"questions:{lang}" in r}
        if not per_lang:
            return []
        count = max(len(v) for v in per_lang.values())
        out: list = []
        for i in range(count):
            item = {lang: v[i].strip() for lang, v in per_lang.items() if i < len(v) and v[i].strip()}
            if item:
                out.append(item["en"] if list(item) == ["en"] else item)
        return out

    def scales(self, sh: _Sheet, raw: dict, languages: list[str]) -> None:
        scales: list[dict] = []
        grades: list[dict] = []
        by_id: dict[str, dict] = {}
        for n, r in sh.rows:
            entry = str(r.get("entry", "")).strip().lower()
            if entry not in ("scale", "band", "level", "grade"):
                raise sh.fail(sh.cell("entry", n), _("entry must be scale, band, level or grade, not {value}").format(
                    value=repr(r.get("entry"))))
            item: dict[str, Any] = {}
            if entry == "grade":
                for key in ("min", "above", "colour", "verified"):
                    if key in r:
                        item[key] = _scalar(sh, key, r[key], key, n)
                self._text_into(item, r, languages, ("label", "label"), ("guidance", "text"), ("source_note", "source_note"))
                self.where[f"grades[{len(grades)}]"] = (sh, n)
                grades.append(item)
                continue
            sid = str(r.get("scale", "")).strip()
            if not sid:
                raise sh.fail(sh.cell("scale", n), _("a {entry} row needs the id of its scale").format(entry=entry))
            if entry == "scale":
                if sid in by_id:
                    raise sh.fail(sh.cell("scale", n), _("duplicate scale id '{id}'").format(id=sid))
                item["id"] = sid
                for key in ("kind", "min", "max", "step"):
                    if key in r:
                        item[key] = _scalar(sh, key, r[key], key, n)
                self._text_into(item, r, languages, ("title", "label"), ("description", "text"))
                self.where[f"scales[{len(scales)}]"] = (sh, n)
                by_id[sid] = item
                scales.append(item)
                continue
            if sid not in by_id:
                raise sh.fail(sh.cell("scale", n), _("scale '{scale}' is not defined on a row above this {entry}").format(
                    scale=sid, entry=entry))
            keys = ("min", "max", "colour") if entry == "band" else ("value", "colour")
            for key in keys:
                if key in r:
                    item[key] = _scalar(sh, key, r[key], key, n)
            self._text_into(item, r, languages, ("label", "label"), ("guidance", "text"))
            parent = by_id[sid]
            table = "bands" if entry == "band" else "levels"
            self.where[f"scales[{scales.index(parent)}].{table}[{len(parent.get(table, []))}]"] = (sh, n)
            parent.setdefault(table, []).append(item)
        raw["scales"] = scales
        if grades:
            raw["grades"] = grades

    def methods(self, sh: _Sheet, raw: dict, languages: list[str]) -> None:
        methods: list[dict] = []
        by_id: dict[str, dict] = {}
        for n, r in sh.rows:
            entry = str(r.get("entry", "")).strip().lower()
            mid = str(r.get("method", "")).strip()
            if entry not in ("method", "dimension"):
                raise sh.fail(sh.cell("entry", n), _("entry must be method or dimension, not {value}").format(
                    value=repr(r.get("entry"))))
            if not mid:
                raise sh.fail(sh.cell("method", n), _("a {entry} row needs the id of its method").format(entry=entry))
            if entry == "method":
                if mid in by_id:
                    raise sh.fail(sh.cell("method", n), _("duplicate method id '{id}'").format(id=mid))
                item: dict[str, Any] = {"id": mid}
                self._text_into(item, r, languages, ("title", "title"), ("description", "text"))
                for key in ("combine", "result_scale"):
                    if key in r:
                        item[key] = str(r[key])
                if "evidence_required_above" in r:  # a whole number; the framework reader checks it
                    v = r["evidence_required_above"]
                    item["evidence_required_above"] = int(v) if isinstance(v, float) and v.is_integer() else v
                self.where[f"methods[{len(methods)}]"] = (sh, n)
                by_id[mid] = item
                methods.append(item)
                continue
            if mid not in by_id:
                raise sh.fail(sh.cell("method", n), _("method '{method}' is not defined on a row above this dimension").format(
                    method=mid))
            dim: dict[str, Any] = {}
            if "dimension" in r:
                dim["id"] = str(r["dimension"])
            self._text_into(dim, r, languages, ("title", "title"))
            if "applies_to" in r:
                dim["applies_to"] = _scalar(sh, "applies_to", r["applies_to"], "applies_to", n)
            if "scale" in r:
                dim["scale"] = str(r["scale"])
            self._text_into(dim, r, languages, ("guidance", "text"))
            parent = by_id[mid]
            self.where[f"methods[{methods.index(parent)}].dimensions[{len(parent.get('dimensions', []))}]"] = (sh, n)
            parent.setdefault("dimensions", []).append(dim)
        raw["methods"] = methods

    @staticmethod
    def _text_into(item: dict, r: dict, languages: list[str], *pairs: tuple[str, str]) -> None:
        for key, column in pairs:
            value = _texts(r, column, languages)
            if value is not None:
                item[key] = value

    def locate(self, err: FrameworkError) -> AuthoringError:
        """The sheet and cell behind a file-check error path like criteria[3].children[1].points."""
        path = err.path
        parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
        for cut in range(len(parts), 0, -1):
            prefix = "".join(p if p.startswith("[") else f".{p}" for p in parts[:cut]).lstrip(".")
            if prefix in self.where:
                sheet, row = self.where[prefix]
                rest = [p for p in parts[cut:] if not p.startswith("[")]
                field = ".".join(rest) if sheet.name != "Framework" else prefix
                problem = f"{field}{colon()}{err.problem}" if field else err.problem
                return AuthoringError(self.file, sheet.name, self._cell(sheet, prefix, rest, row), problem)
        return AuthoringError(self.file, "Framework", "", f"{path}{colon()}{err.problem}" if path else err.problem)

    @staticmethod
    def _cell(sheet: _Sheet, prefix: str, rest: list[str], row: int) -> str:
        if sheet.name == "Framework":
            lang = rest[0] if rest else "en"
            key = prefix
            text_keys = {k for k, t in FRAMEWORK_ROWS if t}
            col = lang if key in text_keys and lang in sheet.columns else "value"
            return sheet.cell(col, row)
        if not rest:
            return sheet.cell("id" if sheet.name == "Tree" else "entry", row)
        key, lang = rest[0], rest[1] if len(rest) > 1 else "en"
        aliases = {"Scales": {"title": "label", "description": "text", "guidance": "text", "id": "scale"},
                   "Methods": {"description": "text", "guidance": "text", "id": "dimension"},
                   "Tree": {"children": "parent", "map": "previous ids"}}
        key = aliases.get(sheet.name, {}).get(key, key)
        if sheet.name == "Methods" and key == "id" and prefix.count("[") == 1:
            key = "method"
        if f"{key}:{lang}" in sheet.columns:
            return sheet.cell(f"{key}:{lang}", row)
        if sheet.name == "Tree" and prefix.startswith("previous.map"):
            return sheet.cell("previous ids", row)
        return sheet.cell(key, row)


def read_authoring(path: os.PathLike | str) -> tuple[Framework, str]:
    """The framework described by an authoring workbook and its TOML text; raises AuthoringError."""
    fw, text, _ = _read(path)
    return fw, text


def _read(path: os.PathLike | str) -> tuple[Framework, str, _Builder]:
    file = str(path)
    try:
        wb = load_workbook(file, read_only=False, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = _("no such file") if isinstance(exc, FileNotFoundError) else str(exc)
        raise AuthoringError(file, "-", "", _("cannot be read as an Excel workbook ({problem})").format(
            problem=reason)) from None
    for name in SHEETS:
        if name not in wb.sheetnames:
            raise AuthoringError(file, name, "", _("the sheet is missing (the workbook needs {sheets})").format(
                sheets=", ".join(SHEETS)))
    b = _Builder(file)
    raw: dict[str, Any] = {}
    languages = b.framework(_Sheet(file, wb["Framework"], ("key", "value") + tuple(
        c for c in (str(x.value).strip() for x in wb["Framework"][1] if x.value) if c not in ("key", "value")),
        (), ("key", "value")), raw)
    b.scales(_Sheet(file, wb["Scales"], SCALE_KEYS, SCALE_TEXTS, ("scale", "entry")), raw, languages)
    b.methods(_Sheet(file, wb["Methods"], METHOD_KEYS, METHOD_TEXTS, ("method", "entry")), raw, languages)
    b.tree(_Sheet(file, wb["Tree"], TREE_KEYS, TREE_TEXTS, ("id", "parent", "type")), raw, languages)
    order = ["format", "id", "edition", "title", "short_title", "description", "publisher", "languages", "source",
             "note", "source_note", "aggregation", "total_points", "default_method", "labels", "application", "previous",
             "grades", "scales", "methods", "criteria"]
    raw = {k: raw[k] for k in order if k in raw}
    text = dumps(raw, f"Written by npmassess from the authoring workbook {Path(file).name}.")
    try:
        fw = parse_framework(text.encode("utf-8"), file)
    except FrameworkError as exc:
        raise b.locate(exc) from None
    return fw, text, b


def file_name(fw: Framework) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{fw.id}-{fw.edition}").strip("-.")
    return f"{safe or 'framework'}.toml"


def import_authoring(path: os.PathLike | str, folder: os.PathLike | str | None = None) -> tuple[Framework, Path]:
    """Validate an authoring workbook and write it as a framework file in the user's folder.

    Nothing is written when any rule is broken; a bundled framework's id and edition are refused.
    Returns the framework (as loaded from the written file) and the file's path.
    """
    fw, text, builder = _read(path)
    bundled = {f.key for f in library() if not f.user}
    if fw.key in bundled:
        raise AuthoringError(str(path), "Framework", builder.locate(FrameworkError(str(path), "edition", "")).cell,
                             _("{framework} is a bundled framework; give the edition (or the id) a new value so "
                               "the copy is its own framework").format(framework=fw.key))
    target_dir = Path(folder) if folder else user_frameworks_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / file_name(fw)
    write_atomic(target, text, lambda msg: AuthoringError(str(path), "-", "", msg))
    return parse_framework(text.encode("utf-8"), str(target)), target
