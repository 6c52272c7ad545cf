"""Page budget of an award application, laid out by the same engine and story as its PDF export."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field

from npmassess.assessment import Assessment
from npmassess.i18n import current_language, translate_to, using_language
from npmassess.exports.pdf.application import _length, lay_out, prepare
from npmassess.exports.placement import figure_warnings
from npmassess.model import Framework

WARN_SHARE = 0.9  # warn once a part uses 90 % of its page limit


@dataclass
class PageBudget:
    """Pages the application takes: per item (fractional), per category, per part and in all."""

    page_size: str
    total_pages: int
    profile_pages: int
    profile_limit: int | None  # None: the award sets no limit
    response_pages: int
    response_limit: int | None
    items: dict[str, float] = field(default_factory=dict)
    categories: dict[str, float] = field(default_factory=dict)
    profile_title: str = "Organizational Profile"  # the framework's name of its profile part
    lang: str = "en"
    figure_notes: list[str] = field(default_factory=list)  # markers naming a figure an item does not have

    def state(self, pages: float, limit: int | None) -> str:
        """'over', 'near' (within 10 % of the limit) or 'ok' (also when there is no limit)."""
        if limit is None:
            return "ok"
        if pages > limit:
            return "over"
        return "near" if pages >= limit * WARN_SHARE else "ok"

    def warnings(self) -> list[str]:
        """One sentence per part that is over, or close to, its limit."""
        t = (lambda text: translate_to(self.lang, text))  # noqa: E731
        out = []
        for name, pages, limit in ((self.profile_title, self.profile_pages, self.profile_limit),
                                   (t("Responses"), self.response_pages, self.response_limit)):
            state = self.state(pages, limit)
            if state == "over":
                out.append(t("{name}: {n} pages, over the limit of {limit}.").format(name=name, n=pages, limit=limit))
            elif state == "near":
                out.append(t("{name}: {n} of {limit} pages, close to the limit.").format(name=name, n=pages,
                                                                                        limit=limit))
        return out + list(self.figure_notes)


def page_budget(assessment: Assessment, framework: Framework | None = None, page_size: str | None = "Letter",
                lang: str | None = None, results=None) -> PageBudget:
    """Lay the application out in memory by the export's own engine (application.lay_out) and measure it.

    lang: the application's language (None: the session's, as the GUI's narrative desk shows it)."""
    # the images' bytes are not drawn: each image figure takes its size from its pixel size, as in the export
    assessment = dataclasses.replace(assessment, images={})
    ctx, rules, size, font = prepare(assessment, framework, page_size, lang or current_language())
    with using_language(ctx.lang):
        layout = lay_out(ctx, rules, font, size, io.BytesIO(), None, results)
        notes = figure_warnings(ctx, [n.id for n in layout.profile + layout.responses], results)
    pos, frame_h = layout.doc.positions, layout.doc.frame_height
    items: dict[str, float] = {}
    for part, end in ((layout.profile, "profile-end"), (layout.responses, "responses-end")):
        keys = [f"item:{n.id}" for n in part] + [end]
        for i, node in enumerate(part):
            items[node.id] = _length(pos, keys[i], keys[i + 1], frame_h)
    categories = {c.id: sum(items.get(n.id, 0.0) for n in c.walk() if not n.children) for c in ctx.fw.criteria}
    return PageBudget(
        page_size=page_size or rules.page_size.capitalize(), total_pages=pos.pages,
        profile_pages=pos.marks["responses-start"][0] - pos.marks["profile-start"][0],
        profile_limit=rules.profile_page_limit,
        response_pages=pos.marks["responses-end"][0] - pos.marks["responses-start"][0] + 1,
        response_limit=rules.response_page_limit, items=items, categories=categories,
        profile_title=ctx.title(ctx.fw.node(ctx.fw.application.profile_node)) if ctx.fw.application else "",
        lang=ctx.lang, figure_notes=notes)
