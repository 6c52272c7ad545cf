"""Reading the framework-wide rules of a file: application document rules, grades, previous edition."""

from __future__ import annotations

from typing import Any

from npmassess.frameworks.reader import Reader
from npmassess.i18n import _
from npmassess.model import Application, Grade, Node, Previous

_APP_REQUIRED = {"profile_node"}
_APP_KEYS = _APP_REQUIRED | {"profile_page_limit", "response_page_limit", "page_size", "font", "min_font_size", "min_margin_in"}
_PAGE_SIZES = ("letter", "a4")
_GRADE_KEYS = {"label", "min", "above", "guidance", "colour", "verified", "source_note"}


def read_application(r: Reader, raw: Any, node_ids: set[str]) -> Application:
    """The `application` table: profile node, page limits and document rules."""
    a = r.keys(raw, "application", _APP_KEYS, _APP_REQUIRED)
    if a["profile_node"] not in node_ids:
        raise r.fail("application.profile_node", _("'{id}' is not a node id").format(id=a["profile_node"]))
    page_size = None
    if "page_size" in a:
        page_size = a["page_size"]
        if page_size not in _PAGE_SIZES:
            raise r.fail("application.page_size", _("must be \"letter\" or \"a4\", not {value}").format(
                value=repr(page_size)))
    fonts: tuple[str, ...] = ()
    if "font" in a:
        raw_font = a["font"]
        items = [raw_font] if isinstance(raw_font, str) else r.array(raw_font, "application.font")
        fonts = tuple(r.string(f, f"application.font[{i}]").strip() for i, f in enumerate(items))
    size = r.number(a["min_font_size"], "application.min_font_size", True) if "min_font_size" in a else None
    margin = r.number(a["min_margin_in"], "application.min_margin_in", True) if "min_margin_in" in a else None
    limits = {k: r.integer(a[k], f"application.{k}", 1) if k in a else None
              for k in ("profile_page_limit", "response_page_limit")}
    return Application(a["profile_node"], limits["profile_page_limit"], limits["response_page_limit"],
                       page_size, fonts, size, margin)


def read_grades(r: Reader, raw: Any, aggregation: str, ceiling: float) -> tuple[Grade, ...]:
    """`[[grades]]`, best first, each with exactly one threshold (min or above) in points."""
    if aggregation != "points":
        raise r.fail("grades", _("grades are read from a total in points: they need points aggregation"))
    grades: list[Grade] = []
    for i, rg in enumerate(r.array(raw, "grades")):
        gp = f"grades[{i}]"
        g = r.keys(rg, gp, _GRADE_KEYS, {"label"})
        if ("min" in g) == ("above" in g):
            raise r.fail(gp, _("give exactly one threshold: min (at least) or above (more than)"))
        key = "min" if "min" in g else "above"
        value = r.number(g[key], f"{gp}.{key}")
        if not 0 <= value <= ceiling:
            raise r.fail(f"{gp}.{key}", _("{value} is outside 0-{ceiling} points").format(
                value=f"{value:g}", ceiling=f"{ceiling:g}"))
        if grades and value >= grades[-1].threshold:
            raise r.fail(f"{gp}.{key}", _("grades must be listed best first, with decreasing thresholds"))
        verified = g.get("verified", True)
        if not isinstance(verified, bool):
            raise r.fail(f"{gp}.verified", _("must be true or false"))
        grades.append(Grade(r.text(g["label"], f"{gp}.label"),
                            value if key == "min" else None, value if key == "above" else None,
                            r.text(g.get("guidance"), f"{gp}.guidance", True),
                            r.colour(g["colour"], f"{gp}.colour") if "colour" in g else "",
                            verified, r.source_note(g, gp)))
    return tuple(grades)


def read_previous(r: Reader, raw: Any, edition: str, scored: list[Node]) -> Previous:
    """`previous = { edition = "...", map = { new_id = [old_id, ...] } }`."""
    t = r.keys(raw, "previous", {"edition", "map"}, {"edition"})
    old = r.string(str(t["edition"]), "previous.edition")
    if old == edition:
        raise r.fail("previous.edition", _("'{edition}' is this file's own edition").format(edition=old))
    ids = {n.id for n in scored}
    mapping: dict[str, tuple[str, ...]] = {}
    m = r.keys(t.get("map", {}), "previous.map", set(t.get("map", {})) if isinstance(t.get("map"), dict) else set(), set())
    for new_id, olds in m.items():
        path = f"previous.map.{new_id}"
        if new_id not in ids:
            raise r.fail(path, _("'{id}' is not a scored node of this file").format(id=new_id))
        items = r.array(olds, path, nonempty=False)
        mapping[new_id] = tuple(r.string(o, f"{path}[{i}]") for i, o in enumerate(items))
    return Previous(old, mapping)
