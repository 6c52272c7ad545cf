"""Reading the parts of a framework file (texts, scales, nodes, methods) with located errors."""

from __future__ import annotations

import re
from typing import Any

from npmassess.errors import FrameworkError
from npmassess.i18n import _
from npmassess.model import (COMBINES, NODE_TYPES, SCORED_TYPES, Band, Dimension, Level, Method,
                             Node, Scale, Text)

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Text a user reads must be guidance, not the authors' worklog: no links, paths or verification notes
# (those go in source_note, which only the validator and the authors read).
DEV_TEXT = re.compile(r"https?://|\bwww\.|\b(?:un)?verified\b|\bassumed\b|not yet checked|\bto verify\b"
                      r"|\bTODO\b|à vérifier|à confirmer|non vérifiée?s?"
                      r"|\b[A-Za-z]:\\|(?:^|\s)~?/[\w.-]+/|\.(?:toml|py|md|json|pdf|docx?)\b", re.IGNORECASE)
_NODE_KEYS = {"id", "title", "type", "points", "guidance", "questions", "verified", "note",
              "source_note", "children", "bonus"}
_SCALE_KEYS = {"id", "kind", "title", "description", "min", "max", "step", "bands", "levels"}
_BAND_KEYS = {"min", "max", "label", "guidance", "colour"}
_LEVEL_KEYS = {"value", "label", "guidance", "colour"}
_METHOD_KEYS = {"id", "title", "description", "dimensions", "combine", "result_scale", "evidence_required_above"}
_DIM_KEYS = {"id", "title", "applies_to", "scale", "guidance"}


class Reader:
    """Walks one parsed file, collecting typed values; raises on the first problem."""

    def __init__(self, file: str):
        self.file = file
        self.languages_used: dict[str, str] = {}  # language -> first path using it

    def fail(self, path: str, problem: str) -> FrameworkError:
        return FrameworkError(self.file, path, problem)

    def keys(self, table: Any, path: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(table, dict):
            raise self.fail(path, _("must be a table"))
        for key in table:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else key,
                                _("unknown key '{key}' (allowed: {allowed})").format(
                                    key=key, allowed=", ".join(sorted(allowed))))
        for key in sorted(required):
            if key not in table:
                raise self.fail(f"{path}.{key}" if path else key, _("missing required field"))
        return table

    def text(self, value: Any, path: str, optional: bool = False, shown: bool = True) -> Text:
        """A text (plain string or table of translations); a shown text must carry no worklog."""
        if value is None and optional:
            return Text("")
        if isinstance(value, str):
            self.shown(value, path)
            return Text(value)
        if isinstance(value, dict):
            if "en" not in value:
                raise self.fail(path, _("a translated text needs an 'en' entry"))
            for lang, s in value.items():
                if not isinstance(s, str):
                    raise self.fail(f"{path}.{lang}", _("must be a string"))
                if not re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2})?", lang):
                    raise self.fail(f"{path}.{lang}", _("'{lang}' is not a language code").format(lang=lang))
                self.languages_used.setdefault(lang, f"{path}.{lang}")
                self.shown(s, f"{path}.{lang}")
            return Text(value)
        raise self.fail(path, _("must be a string or a table of translations"))

    def shown(self, value: str, path: str) -> None:
        """Refuse a shown text that carries a link, a file path or a note about verification."""
        found = DEV_TEXT.search(value)
        if found:
            raise self.fail(path, _("shown text contains '{found}': links, paths and verification notes "
                                    "belong in source_note").format(found=found.group(0).strip()))

    def source_note(self, table: dict, path: str) -> str:
        """The authors' note (source_note, or its older name note): never shown to users."""
        value = table.get("source_note", table.get("note", ""))
        if isinstance(value, dict):  # older files had translated notes; the authors read English
            value = value.get("en", "")
        if not isinstance(value, str):
            where = f"{path}.source_note" if path else "source_note"
            raise self.fail(where, _("must be a string"))
        return value

    def number(self, value: Any, path: str, positive: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, _("must be a number, not {value!r}").format(value=value))
        if positive and value <= 0:
            raise self.fail(path, _("must be greater than 0, not {value}").format(value=value))
        return float(value)

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, _("must be a non-empty string"))
        return value

    def integer(self, value: Any, path: str, minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, _("must be a whole number, not {value}").format(value=repr(value)))
        if minimum is not None and value < minimum:
            raise self.fail(path, _("must be at least {minimum}, not {value}").format(minimum=minimum, value=value))
        return value

    def array(self, value: Any, path: str, nonempty: bool = True) -> list:
        if not isinstance(value, list):
            raise self.fail(path, _("must be an array"))
        if nonempty and not value:
            raise self.fail(path, _("must not be empty"))
        return value

    def colour(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _COLOUR_RE.match(value):
            raise self.fail(path, _("must be a colour like '#1a7f37', not {value}").format(value=repr(value)))
        return value


def read_scale(r: Reader, raw: Any, path: str) -> Scale:
    t = r.keys(raw, path, _SCALE_KEYS, {"id", "kind", "title"})
    sid = r.string(t["id"], f"{path}.id")
    kind = t["kind"]
    if kind == "numeric":
        for key in ("min", "max", "step", "bands"):
            if key not in t:
                raise r.fail(f"{path}.{key}", _("missing required field for a numeric scale"))
        if "levels" in t:
            raise r.fail(f"{path}.levels", _("a numeric scale has bands, not levels"))
        lo, hi = r.integer(t["min"], f"{path}.min"), r.integer(t["max"], f"{path}.max")
        step = r.integer(t["step"], f"{path}.step", 1)
        if hi <= lo:
            raise r.fail(f"{path}.max", _("must be greater than min ({lo})").format(lo=lo))
        bands = []
        expected = lo
        for i, rb in enumerate(r.array(t["bands"], f"{path}.bands")):
            bp = f"{path}.bands[{i}]"
            b = r.keys(rb, bp, _BAND_KEYS, {"min", "max", "label", "guidance"})
            bmin, bmax = r.integer(b["min"], f"{bp}.min"), r.integer(b["max"], f"{bp}.max")
            if bmin != expected:
                what = (_("{min} overlaps the previous band: expected {expected}") if bmin < expected
                        else _("{min} leaves a gap after the previous band: expected {expected}"))
                raise r.fail(f"{bp}.min", what.format(min=bmin, expected=expected))
            if bmax < bmin:
                raise r.fail(f"{bp}.max", _("{max} is below the band's min {min}").format(max=bmax, min=bmin))
            if (bmin - lo) % step or (bmax - lo) % step:
                raise r.fail(bp, _("band limits must fall on steps of {step} from {lo}").format(step=step, lo=lo))
            colour = r.colour(b["colour"], f"{bp}.colour") if "colour" in b else ""
            bands.append(Band(bmin, bmax, r.text(b["label"], f"{bp}.label"),
                              r.text(b["guidance"], f"{bp}.guidance"), colour))
            expected = bmax + step
        if bands[-1].max != hi:
            raise r.fail(f"{path}.bands[{len(bands) - 1}].max",
                         _("the last band ends at {end}, but the scale goes to {hi}").format(end=bands[-1].max, hi=hi))
        return Scale(sid, kind, r.text(t["title"], f"{path}.title"),
                     r.text(t.get("description"), f"{path}.description", True),
                     lo, hi, step, tuple(bands))
    if kind == "ordinal":
        if "levels" not in t:
            raise r.fail(f"{path}.levels", _("missing required field for an ordinal scale"))
        for key in ("bands", "min", "max", "step"):
            if key in t:
                raise r.fail(f"{path}.{key}", _("an ordinal scale has levels only"))
        levels: list[Level] = []
        for i, rl in enumerate(r.array(t["levels"], f"{path}.levels")):
            lp = f"{path}.levels[{i}]"
            lv = r.keys(rl, lp, _LEVEL_KEYS, _LEVEL_KEYS)
            value = r.integer(lv["value"], f"{lp}.value")
            if levels and value >= levels[-1].value:
                raise r.fail(f"{lp}.value", _("levels must be listed best first with strictly decreasing values"))
            levels.append(Level(value, r.text(lv["label"], f"{lp}.label"),
                                r.text(lv["guidance"], f"{lp}.guidance"),
                                r.colour(lv["colour"], f"{lp}.colour")))
        return Scale(sid, kind, r.text(t["title"], f"{path}.title"),
                     r.text(t.get("description"), f"{path}.description", True), levels=tuple(levels))
    raise r.fail(f"{path}.kind", _("must be 'numeric' or 'ordinal', not {kind}").format(kind=repr(kind)))


MAX_DEPTH = 6  # criterion > sub-criterion > ... : real frameworks use 2 or 3 levels


def read_node(r: Reader, raw: Any, path: str, parent: str | None, depth: int, seen: set[str]) -> Node:
    if depth >= MAX_DEPTH:
        raise r.fail(path, _("is nested {depth} levels deep; at most {most} levels are allowed").format(
            depth=depth + 1, most=MAX_DEPTH))
    t = r.keys(raw, path, _NODE_KEYS, {"id", "title", "type"})
    nid = r.string(t["id"], f"{path}.id")
    if nid in seen:
        raise r.fail(f"{path}.id", _("duplicate id '{id}'").format(id=nid))
    seen.add(nid)
    ntype = t["type"]
    if ntype not in NODE_TYPES:
        raise r.fail(f"{path}.type", _("must be one of {choices}, not {value}").format(
            choices=", ".join(NODE_TYPES), value=repr(ntype)))
    points = r.integer(t["points"], f"{path}.points", 0) if "points" in t else None
    verified = t.get("verified", True)
    if not isinstance(verified, bool):
        raise r.fail(f"{path}.verified", _("must be true or false"))
    children = tuple(read_node(r, c, f"{path}.children[{i}]", nid, depth + 1, seen)
                     for i, c in enumerate(r.array(t.get("children", []), f"{path}.children", False)))
    if children and points is not None:
        pts = [c.points for c in children]
        if any(p is None for p in pts):
            i = pts.index(None)
            raise r.fail(f"{path}.children[{i}].points", _("missing: the parent has points"))
        added = sum(p for p in pts if p is not None)  # every child has points: checked above
        if added != points:
            raise r.fail(f"{path}.points", _("is {points} but its children add up to {added}").format(
                points=points, added=added))
    questions = tuple(r.text(q, f"{path}.questions[{i}]")
                      for i, q in enumerate(r.array(t.get("questions", []), f"{path}.questions", False)))
    bonus = t.get("bonus", False)
    if not isinstance(bonus, bool):
        raise r.fail(f"{path}.bonus", _("must be true or false"))
    if bonus and depth:
        raise r.fail(f"{path}.bonus", _("only a top-level criterion can carry bonus points"))
    if bonus and points is None:
        raise r.fail(f"{path}.points", _("missing: a bonus criterion needs points"))
    return Node(nid, r.text(t["title"], f"{path}.title"), ntype, points,
                r.text(t.get("guidance"), f"{path}.guidance", True), questions, verified,
                r.source_note(t, path), children, parent, depth, bonus)


def read_method(r: Reader, raw: Any, path: str, scales: dict[str, Scale]) -> Method:
    t = r.keys(raw, path, _METHOD_KEYS, {"id", "title", "dimensions"})
    dims = []
    seen: set[tuple[str, str]] = set()
    for i, rd in enumerate(r.array(t["dimensions"], f"{path}.dimensions")):
        dp = f"{path}.dimensions[{i}]"
        d = r.keys(rd, dp, _DIM_KEYS, {"id", "title", "applies_to", "scale"})
        did = r.string(d["id"], f"{dp}.id")
        applies = tuple(r.array(d["applies_to"], f"{dp}.applies_to"))
        for ntype in applies:
            if ntype not in SCORED_TYPES:
                raise r.fail(f"{dp}.applies_to", _("{type} is not a scored node type ({types})").format(
                    type=repr(ntype), types=", ".join(SCORED_TYPES)))
            if (ntype, did) in seen:
                raise r.fail(f"{dp}.id", _("duplicate dimension '{dimension}' for node type '{type}'").format(
                    dimension=did, type=ntype))
            seen.add((ntype, did))
        if d["scale"] not in scales:
            raise r.fail(f"{dp}.scale", _("unknown scale '{scale}' (defined: {scales})").format(
                scale=d["scale"], scales=", ".join(scales)))
        dims.append(Dimension(did, r.text(d["title"], f"{dp}.title"), applies, scales[d["scale"]],
                              r.text(d.get("guidance"), f"{dp}.guidance", True)))
    ordinal = any(d.scale.ordinal for d in dims)
    combine = t.get("combine", "lowest" if ordinal else "mean")
    if combine not in COMBINES:
        raise r.fail(f"{path}.combine", _("must be one of {choices}, not {value}").format(
            choices=", ".join(COMBINES), value=repr(combine)))
    if combine in ("lowest", "separate", "highest_met") and not ordinal:
        raise r.fail(f"{path}.combine", _("'{combine}' needs ordinal scales").format(combine=combine))
    if combine == "mean" and ordinal:
        raise r.fail(f"{path}.combine", _("ordinal ratings cannot be averaged; use lowest, separate or highest_met"))
    result_scale = None
    if combine == "highest_met":
        if "result_scale" not in t:
            raise r.fail(f"{path}.result_scale", _("missing: 'highest_met' needs the ordinal scale naming the level reached"))
        if t["result_scale"] not in scales or not scales[t["result_scale"]].ordinal:
            raise r.fail(f"{path}.result_scale", _("'{scale}' is not an ordinal scale of this file").format(
                scale=t["result_scale"]))
        result_scale = scales[t["result_scale"]]
        for ntype in {n for d in dims for n in d.applies_to}:
            count = sum(1 for d in dims if ntype in d.applies_to)
            have = {lv.value for lv in result_scale.levels}
            if not set(range(count + 1)) <= have:
                raise r.fail(f"{path}.result_scale", _("needs a level for every result 0..{count} ('{type}' nodes "
                                                       "have {count} levels to meet)").format(count=count, type=ntype))
    elif "result_scale" in t:
        raise r.fail(f"{path}.result_scale", _("only a method with combine = 'highest_met' has a result scale"))
    if combine == "separate":
        for ntype in {n for d in dims for n in d.applies_to}:
            if sum(1 for d in dims if ntype in d.applies_to) < 2:
                raise r.fail(f"{path}.combine", _("'separate' needs at least two dimensions for '{type}' nodes").format(
                    type=ntype))
    evidence = None
    if "evidence_required_above" in t:  # scores above it need evidence (process rule, see FORMAT.md)
        evidence = r.integer(t["evidence_required_above"], f"{path}.evidence_required_above", 0)
        top = max((max(d.scale.allowed()) for d in dims), default=0)
        if evidence >= top:
            raise r.fail(f"{path}.evidence_required_above", _("{value} leaves no score above it (the highest score is {top})").format(
                             value=evidence, top=top))
    return Method(r.string(t["id"], f"{path}.id"), r.text(t["title"], f"{path}.title"),
                  r.text(t.get("description"), f"{path}.description", True), tuple(dims),
                  combine, result_scale, evidence)
