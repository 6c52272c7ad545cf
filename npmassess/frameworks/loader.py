"""Load and validate framework files (TOML); every error names file, path and problem."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from npmassess.errors import FrameworkError, NotFound
from npmassess.model import (NODE_TYPES, SCORED_TYPES, Application, Band, Dimension, Framework,
                    Level, Method, Node, Scale, Text)
from npmassess.paths import frameworks_dir

FORMAT_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")

_TOP_KEYS = {"format", "id", "edition", "title", "short_title", "description", "publisher",
             "languages", "source", "note", "aggregation", "total_points", "default_method",
             "labels", "application", "scales", "methods", "criteria"}
_TOP_REQUIRED = _TOP_KEYS - {"note", "total_points", "labels", "application"}
_NODE_KEYS = {"id", "title", "type", "points", "guidance", "questions", "verified", "note",
              "children"}
_SCALE_KEYS = {"id", "kind", "title", "description", "min", "max", "step", "bands", "levels"}
_BAND_KEYS = {"min", "max", "label", "guidance", "colour"}
_LEVEL_KEYS = {"value", "label", "guidance", "colour"}
_METHOD_KEYS = {"id", "title", "description", "dimensions"}
_DIM_KEYS = {"id", "title", "applies_to", "scale", "guidance"}
_APP_KEYS = {"profile_node", "profile_page_limit", "response_page_limit"}


class _Reader:
    """Walks one parsed file, collecting typed values; raises on the first problem."""

    def __init__(self, file: str):
        self.file = file
        self.languages_used: dict[str, str] = {}  # language -> first path using it

    def fail(self, path: str, problem: str) -> FrameworkError:
        return FrameworkError(self.file, path, problem)

    def keys(self, table: Any, path: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(table, dict):
            raise self.fail(path, "must be a table")
        for key in table:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else key,
                                f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
        for key in sorted(required):
            if key not in table:
                raise self.fail(f"{path}.{key}" if path else key, "missing required field")
        return table

    def text(self, value: Any, path: str, optional: bool = False) -> Text:
        if value is None and optional:
            return Text("")
        if isinstance(value, str):
            return Text(value)
        if isinstance(value, dict):
            if "en" not in value:
                raise self.fail(path, "a translated text needs an 'en' entry")
            for lang, s in value.items():
                if not isinstance(s, str):
                    raise self.fail(f"{path}.{lang}", "must be a string")
                if not re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2})?", lang):
                    raise self.fail(f"{path}.{lang}", f"'{lang}' is not a language code")
                self.languages_used.setdefault(lang, f"{path}.{lang}")
            return Text(value)
        raise self.fail(path, "must be a string or a table of translations")

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "must be a non-empty string")
        return value

    def integer(self, value: Any, path: str, minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(path, f"must be at least {minimum}, not {value}")
        return value

    def array(self, value: Any, path: str, nonempty: bool = True) -> list:
        if not isinstance(value, list):
            raise self.fail(path, "must be an array")
        if nonempty and not value:
            raise self.fail(path, "must not be empty")
        return value

    def colour(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _COLOUR_RE.match(value):
            raise self.fail(path, f"must be a colour like '#1a7f37', not {value!r}")
        return value


def _scale(r: _Reader, raw: Any, path: str) -> Scale:
    t = r.keys(raw, path, _SCALE_KEYS, {"id", "kind", "title"})
    sid = r.string(t["id"], f"{path}.id")
    kind = t["kind"]
    if kind == "numeric":
        for key in ("min", "max", "step", "bands"):
            if key not in t:
                raise r.fail(f"{path}.{key}", "missing required field for a numeric scale")
        if "levels" in t:
            raise r.fail(f"{path}.levels", "a numeric scale has bands, not levels")
        lo, hi = r.integer(t["min"], f"{path}.min"), r.integer(t["max"], f"{path}.max")
        step = r.integer(t["step"], f"{path}.step", 1)
        if hi <= lo:
            raise r.fail(f"{path}.max", f"must be greater than min ({lo})")
        bands = []
        expected = lo
        for i, rb in enumerate(r.array(t["bands"], f"{path}.bands")):
            bp = f"{path}.bands[{i}]"
            b = r.keys(rb, bp, _BAND_KEYS, {"min", "max", "label", "guidance"})
            bmin, bmax = r.integer(b["min"], f"{bp}.min"), r.integer(b["max"], f"{bp}.max")
            if bmin != expected:
                what = "overlaps the previous band" if bmin < expected else "leaves a gap after the previous band"
                raise r.fail(f"{bp}.min", f"{bmin} {what}: expected {expected}")
            if bmax < bmin:
                raise r.fail(f"{bp}.max", f"{bmax} is below the band's min {bmin}")
            if (bmin - lo) % step or (bmax - lo) % step:
                raise r.fail(bp, f"band limits must fall on steps of {step} from {lo}")
            colour = r.colour(b["colour"], f"{bp}.colour") if "colour" in b else ""
            bands.append(Band(bmin, bmax, r.text(b["label"], f"{bp}.label"),
                              r.text(b["guidance"], f"{bp}.guidance"), colour))
            expected = bmax + step
        if bands[-1].max != hi:
            raise r.fail(f"{path}.bands[{len(bands) - 1}].max",
                         f"the last band ends at {bands[-1].max}, but the scale goes to {hi}")
        return Scale(sid, kind, r.text(t["title"], f"{path}.title"),
                     r.text(t.get("description"), f"{path}.description", True),
                     lo, hi, step, tuple(bands))
    if kind == "ordinal":
        if "levels" not in t:
            raise r.fail(f"{path}.levels", "missing required field for an ordinal scale")
        for key in ("bands", "min", "max", "step"):
            if key in t:
                raise r.fail(f"{path}.{key}", "an ordinal scale has levels only")
        levels = []
        for i, rl in enumerate(r.array(t["levels"], f"{path}.levels")):
            lp = f"{path}.levels[{i}]"
            lv = r.keys(rl, lp, _LEVEL_KEYS, _LEVEL_KEYS)
            value = r.integer(lv["value"], f"{lp}.value")
            if levels and value >= levels[-1].value:
                raise r.fail(f"{lp}.value", "levels must be listed best first with strictly decreasing values")
            levels.append(Level(value, r.text(lv["label"], f"{lp}.label"),
                                r.text(lv["guidance"], f"{lp}.guidance"),
                                r.colour(lv["colour"], f"{lp}.colour")))
        return Scale(sid, kind, r.text(t["title"], f"{path}.title"),
                     r.text(t.get("description"), f"{path}.description", True), levels=tuple(levels))
    raise r.fail(f"{path}.kind", f"must be 'numeric' or 'ordinal', not {kind!r}")


MAX_DEPTH = 6  # criterion > sub-criterion > ... : real frameworks use 2 or 3 levels


def _node(r: _Reader, raw: Any, path: str, parent: str | None, depth: int, seen: set[str]) -> Node:
    if depth >= MAX_DEPTH:
        raise r.fail(path, f"is nested {depth + 1} levels deep; at most {MAX_DEPTH} levels are allowed")
    t = r.keys(raw, path, _NODE_KEYS, {"id", "title", "type"})
    nid = r.string(t["id"], f"{path}.id")
    if nid in seen:
        raise r.fail(f"{path}.id", f"duplicate id '{nid}'")
    seen.add(nid)
    ntype = t["type"]
    if ntype not in NODE_TYPES:
        raise r.fail(f"{path}.type", f"must be one of {', '.join(NODE_TYPES)}, not {ntype!r}")
    points = r.integer(t["points"], f"{path}.points", 0) if "points" in t else None
    verified = t.get("verified", True)
    if not isinstance(verified, bool):
        raise r.fail(f"{path}.verified", "must be true or false")
    children = tuple(_node(r, c, f"{path}.children[{i}]", nid, depth + 1, seen)
                     for i, c in enumerate(r.array(t.get("children", []), f"{path}.children", False)))
    if children and points is not None:
        pts = [c.points for c in children]
        if any(p is None for p in pts):
            i = pts.index(None)
            raise r.fail(f"{path}.children[{i}].points", "missing: the parent has points")
        if sum(pts) != points:
            raise r.fail(f"{path}.points", f"is {points} but its children add up to {sum(pts)}")
    questions = tuple(r.text(q, f"{path}.questions[{i}]")
                      for i, q in enumerate(r.array(t.get("questions", []), f"{path}.questions", False)))
    return Node(nid, r.text(t["title"], f"{path}.title"), ntype, points,
                r.text(t.get("guidance"), f"{path}.guidance", True), questions, verified,
                r.text(t.get("note"), f"{path}.note", True), children, parent, depth)


def _method(r: _Reader, raw: Any, path: str, scales: dict[str, Scale]) -> Method:
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
                raise r.fail(f"{dp}.applies_to", f"{ntype!r} is not a scored node type ({', '.join(SCORED_TYPES)})")
            if (ntype, did) in seen:
                raise r.fail(f"{dp}.id", f"duplicate dimension '{did}' for node type '{ntype}'")
            seen.add((ntype, did))
        if d["scale"] not in scales:
            raise r.fail(f"{dp}.scale", f"unknown scale '{d['scale']}' (defined: {', '.join(scales)})")
        dims.append(Dimension(did, r.text(d["title"], f"{dp}.title"), applies, scales[d["scale"]],
                              r.text(d.get("guidance"), f"{dp}.guidance", True)))
    return Method(r.string(t["id"], f"{path}.id"), r.text(t["title"], f"{path}.title"),
                  r.text(t.get("description"), f"{path}.description", True), tuple(dims))


def parse_framework(data: bytes, file: str) -> Framework:
    """Parse and validate one framework file's bytes; raise FrameworkError naming the problem."""
    r = _Reader(file)
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise r.fail("", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise r.fail("", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise r.fail("", "nested too deeply to be read") from None
    t = r.keys(raw, "", _TOP_KEYS, _TOP_REQUIRED)
    if t["format"] != FORMAT_VERSION:
        raise r.fail("format", f"is {t['format']!r}; this version of npmassess reads format {FORMAT_VERSION}")
    fid = r.string(t["id"], "id")
    if not _ID_RE.match(fid):
        raise r.fail("id", f"{fid!r} must use lower-case letters, digits and '-'")
    languages = tuple(r.array(t["languages"], "languages"))
    if "en" not in languages:
        raise r.fail("languages", "must include 'en'")
    scales: dict[str, Scale] = {}
    for i, rs in enumerate(r.array(t["scales"], "scales")):
        s = _scale(r, rs, f"scales[{i}]")
        if s.id in scales:
            raise r.fail(f"scales[{i}].id", f"duplicate scale id '{s.id}'")
        scales[s.id] = s
    methods: dict[str, Method] = {}
    for i, rm in enumerate(r.array(t["methods"], "methods")):
        m = _method(r, rm, f"methods[{i}]", scales)
        if m.id in methods:
            raise r.fail(f"methods[{i}].id", f"duplicate method id '{m.id}'")
        methods[m.id] = m
    if t["default_method"] not in methods:
        raise r.fail("default_method", f"'{t['default_method']}' is not one of the methods ({', '.join(methods)})")
    seen: set[str] = set()
    criteria = tuple(_node(r, c, f"criteria[{i}]", None, 0, seen)
                     for i, c in enumerate(r.array(t["criteria"], "criteria")))
    scored_types = {n.type for c in criteria for n in c.walk() if n.scored}
    if not scored_types:
        raise r.fail("criteria", "has no scored node")
    for mi, m in enumerate(methods.values()):
        for ntype in sorted(scored_types):
            if not m.dimensions_for(ntype):
                raise r.fail(f"methods[{mi}].dimensions", f"no dimension applies to '{ntype}' nodes")
    aggregation = t["aggregation"]
    if aggregation not in ("mean", "points", "profile"):
        raise r.fail("aggregation", f"must be mean, points or profile, not {aggregation!r}")
    if aggregation == "profile" and not all(m.ordinal for m in methods.values()):
        raise r.fail("aggregation", "'profile' needs ordinal scales in every method")
    if aggregation != "profile" and any(m.ordinal for m in methods.values()):
        raise r.fail("aggregation", f"'{aggregation}' needs numeric scales; ordinal scales need 'profile'")
    total = None
    if aggregation == "points":
        if "total_points" not in t:
            raise r.fail("total_points", "missing required field for points aggregation")
        total = r.integer(t["total_points"], "total_points", 1)
        for i, c in enumerate(criteria):
            for n in c.walk():
                if n.scored and n.points is None:
                    raise r.fail(f"criteria[{i}]", f"scored node '{n.id}' has no points")
        s = sum(c.points or 0 for c in criteria)
        if s != total:
            raise r.fail("total_points", f"is {total} but the criteria add up to {s}")
    elif "total_points" in t:
        raise r.fail("total_points", "only frameworks with points aggregation declare a total")
    for lang, where in r.languages_used.items():
        if lang not in languages:
            raise r.fail(where, f"language '{lang}' is not listed in 'languages' ({', '.join(languages)})")
    labels = {}
    if "labels" in t:
        lt = r.keys(t["labels"], "labels", {"criterion", "node"}, set())
        labels = {k: r.text(v, f"labels.{k}") for k, v in lt.items()}
    application = None
    if "application" in t:
        a = r.keys(t["application"], "application", _APP_KEYS, _APP_KEYS)
        if a["profile_node"] not in seen:
            raise r.fail("application.profile_node", f"'{a['profile_node']}' is not a node id")
        application = Application(a["profile_node"],
                                  r.integer(a["profile_page_limit"], "application.profile_page_limit", 1),
                                  r.integer(a["response_page_limit"], "application.response_page_limit", 1))
    return Framework(
        id=fid, edition=r.string(str(t["edition"]), "edition"), title=r.text(t["title"], "title"),
        short_title=r.text(t["short_title"], "short_title"),
        description=r.text(t["description"], "description"),
        publisher=r.string(t["publisher"], "publisher"), languages=languages,
        source=r.string(t["source"], "source"), aggregation=aggregation,
        default_method=t["default_method"], scales=scales, methods=methods, criteria=criteria,
        total_points=total, note=r.text(t.get("note"), "note", True), labels=labels,
        application=application, path=file, fingerprint=hashlib.sha256(data).hexdigest())


def load_file(path: Path | str) -> Framework:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(str(path), "", f"cannot be read ({exc.strerror})") from None
    return parse_framework(data, str(path))


class Library:
    """All frameworks found in a folder, plus the errors of the files that were refused."""

    def __init__(self, frameworks: list[Framework], errors: list[FrameworkError]):
        self.frameworks = frameworks
        self.errors = errors

    def __iter__(self):
        return iter(self.frameworks)

    def __len__(self) -> int:
        return len(self.frameworks)

    def __repr__(self) -> str:
        return f"Library({[f.key for f in self.frameworks]}, errors={len(self.errors)})"

    def get(self, framework_id: str, edition: str | None = None) -> Framework:
        """The framework with this id (and edition; the newest edition when omitted)."""
        matches = [f for f in self.frameworks if f.id == framework_id]
        if edition is not None:
            matches = [f for f in matches if f.edition == edition]
        if not matches:
            known = ", ".join(sorted({f.key for f in self.frameworks})) or "none"
            wanted = f"{framework_id}@{edition}" if edition else framework_id
            raise NotFound(f"Unknown framework '{wanted}' (available: {known}).")
        return sorted(matches, key=lambda f: f.edition)[-1]


def load_all(folder: Path | str | None = None) -> Library:
    """Load every *.toml in the folder; invalid files are refused and reported, not fatal."""
    folder = Path(folder) if folder else frameworks_dir()
    frameworks, errors, keys = [], [], set()
    for path in sorted(folder.glob("*.toml")):
        try:
            fw = load_file(path)
        except FrameworkError as exc:
            errors.append(exc)
            continue
        if fw.key in keys:
            errors.append(FrameworkError(str(path), "id", f"duplicate framework {fw.key}"))
            continue
        keys.add(fw.key)
        frameworks.append(fw)
    return Library(frameworks, errors)


_cache: dict[str, Library] = {}


def library(folder: Path | str | None = None) -> Library:
    """Cached load_all for the app (framework files do not change while it runs)."""
    key = str(folder or frameworks_dir())
    if key not in _cache:
        _cache[key] = load_all(folder)
    return _cache[key]
