"""The PDF page template of every report: cover and body pages, running header, page numbers, outline, metadata."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate

from npmassess.i18n import _
from npmassess.progress import ProgressCallback, report
from npmassess.exports.common import Context, ExportError, clean
from npmassess.exports.pdf.fonts import fonts
from npmassess.exports.pdf.tables import continued
from npmassess.exports.pdf.tagging import Tagger, TaggedFrame, artifact_begin, artifact_end, write_structure
from npmassess.exports.pdf.text import wrap_runs
from npmassess.exports.pdf.styles import ACCENT, GRID, MUTED

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
rl_config.useA85 = 0  # binary streams: ASCII85 only makes files bigger and, in pure Python, slower
rl_config.shapeChecking = 0  # skip per-attribute validation of chart shapes (our charts are fixed code)


def resolve_page_size(name: str) -> tuple[float, float]:
    size = PAGE_SIZES.get(str(name).upper())
    if size is None:
        raise ExportError(_("Page size '{name}' is not supported; use A4 or Letter.").format(name=name))
    return size


class ReportDoc(BaseDocTemplate):
    """Cover page without header; other pages with a running header, page numbers and an outline."""

    def __init__(self, filename: str, ctx_header: str, size, progress: ProgressCallback | None = None,
                 total_hint: int = 0, cover: bool = True, margin: float | None = None,
                 header_size: float = 7.5, header_font: str | None = None, **meta):
        # accessibility basics: the title (not the file name) in the window, the language declared
        meta.setdefault("displayDocTitle", True)
        meta.setdefault("lang", "en")
        meta.setdefault("initialFontName", fonts().body)  # else an unembedded Helvetica is referenced
        # margin: when given (award rules), nothing is printed outside it, not even the running header
        self.margin, self.header_size = margin, header_size
        self.header_font = header_font or fonts().body
        if margin is None:
            super().__init__(filename, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm,
                             bottomMargin=18 * mm, **meta)
            frame_top, frame_bottom = self.topMargin, self.bottomMargin
        else:
            super().__init__(filename, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin,
                             bottomMargin=margin, **meta)
            frame_top, frame_bottom = margin + 2.4 * header_size, margin + 2.2 * header_size
        self.set_header(ctx_header)
        self.progress, self.total_hint = progress, total_hint
        self.frame_height = size[1] - frame_top - frame_bottom
        frame = TaggedFrame(self.leftMargin, frame_bottom, self.width, self.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.section: tuple[str, int, str] | None = None  # the current top-level section, its first page, '(continued)'
        templates = [PageTemplate("cover", [frame], onPage=self._cover_page),
                     PageTemplate("body", [frame], onPage=self._body_page, onPageEnd=self._continued)]
        self.addPageTemplates(templates if cover else templates[::-1])  # the first one opens the document

    def set_header(self, text: str) -> None:
        """The running header of the pages that follow (each half of a bilingual report has its own)."""
        self.header_text = text
        self.header_runs = fit_runs(text, self.header_font, self.header_size, self.width)

    def beforeDocument(self) -> None:
        self.canv.showOutline()  # open with the bookmarks panel showing
        canv = self.canv
        canv._npm_tagger = Tagger()  # a tagged PDF: see tagging.py
        original, title = canv.save, getattr(self, "title", "") or ""

        def save() -> None:  # build() and multiBuild() both end here: add the structure tree first
            write_structure(canv, title)
            original()

        canv.save = save

    def _cover_page(self, canv, doc) -> None:
        artifact_begin(canv)
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, self.pagesize[1] - 12 * mm, self.pagesize[0], 12 * mm, stroke=0, fill=1)
        canv.restoreState()
        artifact_end(canv)

    def _body_page(self, canv, doc) -> None:
        w, h = self.pagesize
        size = self.header_size
        if self.margin is None:
            head_y, rule_y, foot_y = h - 12 * mm, h - 13.5 * mm, 10 * mm
        else:  # inside the margins
            head_y, rule_y, foot_y = h - self.margin - size, h - self.margin - size * 1.5, self.margin
        artifact_begin(canv)  # running header, rule and page number are not content
        canv.saveState()
        canv.setFont(self.header_font, size)
        canv.setFillColor(MUTED)
        t = canv.beginText(self.leftMargin, head_y)
        for font, text in self.header_runs:  # per-run fonts: CJK names print in the fallback font
            t.setFont(font, size)
            t.textOut(text)
        canv.drawText(t)
        canv.setFont(self.header_font, size)
        canv.drawRightString(w - self.rightMargin, foot_y, f"{doc.page}")
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        canv.line(self.leftMargin, rule_y, w - self.rightMargin, rule_y)
        canv.restoreState()
        artifact_end(canv)
        if self.progress is not None:
            report(self.progress, min(doc.page, self.total_hint), max(self.total_hint, doc.page),
                   _("Page {n}").format(n=doc.page))

    def _continued(self, canv, doc) -> None:
        """A section that runs over from an earlier page says so under the running header."""
        if self.margin is not None or self.section is None or self.section[1] >= doc.page:
            return
        artifact_begin(canv)
        canv.saveState()
        canv.setFillColor(MUTED)
        text = f"{self.section[0]} {self.section[2]}"
        runs = wrap_runs(text, fonts().body, 7.5, self.width)
        t = canv.beginText(self.leftMargin, self.pagesize[1] - 17.5 * mm)
        for font, piece in (runs[0] if runs else []):
            t.setFont(font, 7.5)
            t.textOut(piece)
        canv.drawText(t)
        canv.restoreState()
        artifact_end(canv)

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, HeaderChange):
            self.set_header(flowable.text)
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level, key = outline
            if getattr(flowable, "style", None) is not None and flowable.style.name == "h1":
                self.section = (text, self.page, getattr(flowable, "npm_continued", None) or continued())
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level >= 1)


class HeaderChange(Flowable):
    """Takes no room: the pages after it carry another running header (the next language's)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return 0, 0

    def draw(self) -> None:
        pass


def fit_runs(text: str, font: str, size: float, width: float) -> list[tuple[str, str]]:
    """One line of (font, text) runs, cut with '…' where its measured width would pass width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    runs = (wrap_runs(" ".join(text.split()), font, size, 10_000) or [[]])[0]
    if sum(stringWidth(t, f, size) for f, t in runs) <= width:
        return runs
    room = width - stringWidth("…", font, size)
    out: list[tuple[str, str]] = []
    for f, t in runs:
        keep = len(t)
        while keep and stringWidth(t[:keep], f, size) > room:
            keep -= 1
        if keep:
            out.append((f, t[:keep]))
        room -= stringWidth(t[:keep], f, size)
        if keep < len(t):
            break
    while out and not out[-1][1].rstrip(" ·"):  # no dangling separator before the ellipsis
        out.pop()
    if out:
        out[-1] = (out[-1][0], out[-1][1].rstrip(" ·"))
    return out + [(font, "…")]


def header_text(ctx: Context) -> str:
    """The running header: organisation, unit, framework and cycle (the page cuts it to its width)."""
    a = ctx.a
    text = clean(f"{a.organisation} · {a.unit} · {ctx.fw.short_title(ctx.lang)} · {a.cycle}")
    return " ".join(text.split())[:1000]


def metadata(ctx: Context, kind: str) -> dict:
    a = ctx.a
    title = ctx.t("{document}: {organisation} / {unit} ({cycle})").format(
        document=kind, organisation=a.organisation, unit=a.unit, cycle=a.cycle)
    return {"title": clean(title)[:300],
            "author": clean(a.organisation)[:200], "subject": clean(ctx.fw.title(ctx.lang))[:300],
            "creator": "npmassess", "keywords": [ctx.fw.id, ctx.fw.edition, a.method, a.cycle], "lang": ctx.lang}
