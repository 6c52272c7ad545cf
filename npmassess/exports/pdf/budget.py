"""Page budget of an award application, laid out by the same engine and story as its PDF export."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.platypus import LayoutError

from npmassess.assessment import Assessment
from npmassess.exports.common import ExportError, build_context
from npmassess.exports.pdf.application import ApplicationDoc, _length, build_story
from npmassess.exports.pdf.document import header_text, metadata, resolve_page_size
from npmassess.model import Framework

WARN_SHARE = 0.9  # warn once a part uses 90 % of its page limit


@dataclass
class PageBudget:
    """Pages the application takes: per item (fractional), per category, per part and in all."""

    page_size: str
    total_pages: int
    profile_pages: int
    profile_limit: int
    response_pages: int
    response_limit: int
    items: dict[str, float] = field(default_factory=dict)
    categories: dict[str, float] = field(default_factory=dict)

    def state(self, pages: float, limit: int) -> str:
        """'over', 'near' (within 10 % of the limit) or 'ok'."""
        if pages > limit:
            return "over"
        return "near" if pages >= limit * WARN_SHARE else "ok"

    def warnings(self) -> list[str]:
        """One sentence per part that is over, or close to, its limit."""
        out = []
        for name, pages, limit in (("Organizational Profile", self.profile_pages, self.profile_limit),
                                   ("Responses", self.response_pages, self.response_limit)):
            state = self.state(pages, limit)
            if state == "over":
                out.append(f"{name}: {pages} pages, over the limit of {limit}.")
            elif state == "near":
                out.append(f"{name}: {pages} of {limit} pages, close to the limit.")
        return out


def page_budget(assessment: Assessment, framework: Framework | None = None, page_size: str = "Letter",
                lang: str = "en") -> PageBudget:
    """Lay the application out in memory (as export_application does) and measure it."""
    size = resolve_page_size(page_size)
    ctx = build_context(assessment, framework, lang)
    app = ctx.fw.application
    if app is None:
        raise ExportError(f"{ctx.fw.title(lang)} has no award application format.")
    story, profile, responses = build_story(ctx, None)
    est = app.profile_page_limit + app.response_page_limit
    doc = ApplicationDoc(io.BytesIO(), header_text(ctx), size, None, est, **metadata(ctx, "Award application"))
    try:
        doc.build(story)
    except (ValueError, LayoutError) as exc:
        raise ExportError(f"Could not lay out the application document: {str(exc)[:300]}") from exc
    pos, frame_h = doc.positions, doc.height
    items: dict[str, float] = {}
    for part, end in ((profile, "profile-end"), (responses, "responses-end")):
        keys = [f"item:{n.id}" for n in part] + [end]
        for i, node in enumerate(part):
            items[node.id] = _length(pos, keys[i], keys[i + 1], frame_h)
    categories = {c.id: sum(items.get(n.id, 0.0) for n in c.walk() if not n.children) for c in ctx.fw.criteria}
    return PageBudget(
        page_size=page_size, total_pages=pos.pages,
        profile_pages=pos.marks["responses-start"][0] - pos.marks["profile-start"][0],
        profile_limit=app.profile_page_limit,
        response_pages=pos.marks["responses-end"][0] - pos.marks["responses-start"][0] + 1,
        response_limit=app.response_page_limit, items=items, categories=categories)
