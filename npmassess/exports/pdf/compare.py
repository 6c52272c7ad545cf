"""Comparison pages as a PDF (reportlab): unit history across cycles, or league table and heat map."""

from __future__ import annotations

from typing import Sequence
from xml.sax.saxutils import escape

from npmassess.i18n import _, current_language, ngettext
from npmassess.numbers import fmt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from npmassess import numbers
from npmassess.comparison import League, UnitHistory
from npmassess.exports.common import atomic_output, clean, short_date
from npmassess.exports.pdf.fonts import fonts, markup
from npmassess.exports.pdf.styles import Heading, text_on
from npmassess.exports.pdf.tables import ContinuedTable

WHITE = colors.white


def _styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    return {"title": ParagraphStyle("t", fontName=f.bold, fontSize=16, leading=20, spaceAfter=6),
            "h": ParagraphStyle("h", fontName=f.bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
            "body": ParagraphStyle("b", fontName=f.body, fontSize=9, leading=11.5),
            "small": ParagraphStyle("s", fontName=f.body, fontSize=7.5, leading=9.5),
            # header cells sit on the accent blue: white text (8.9:1), never black (2.4:1)
            "head": ParagraphStyle("hd", fontName=f.bold, fontSize=7.5, leading=9.5, textColor=WHITE),
            "warn": ParagraphStyle("w", fontName=f.italic, fontSize=8.5, leading=11, textColor=colors.HexColor("#9C2A00"))}


def P(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of user text: escaped (reportlab parses markup) and with font fallback."""
    return Paragraph(markup(escape(clean(text))), style)


def heat(value: float | None, low: float, high: float) -> colors.Color:
    """Red (low) to amber to green (high); grey when missing."""
    if value is None:
        return colors.HexColor("#EEEEEE")
    t = 0.5 if high <= low else max(0.0, min(1.0, (value - low) / (high - low)))
    if t < 0.5:
        return colors.Color(0.97, 0.55 + 0.8 * t * 0.5, 0.5)
    return colors.Color(0.97 - (t - 0.5) * 0.9, 0.85, 0.5 + (t - 0.5) * 0.2)


def _grid(rows: list[list], widths: list[float], fills: Sequence[tuple] = (), avail: float | None = None) -> Table:
    f = fonts()
    if avail and sum(widths) > avail:  # narrower page (portrait, inside the main report): shrink to fit
        widths = [w * avail / sum(widths) for w in widths]
    t = ContinuedTable(rows, colWidths=widths, repeatRows=1)  # cells tagged TH/TD
    style = [("FONTNAME", (0, 0), (-1, -1), f.body), ("FONTSIZE", (0, 0), (-1, -1), 8),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79")),
             ("TEXTCOLOR", (0, 0), (-1, 0), colors.white), ("FONTNAME", (0, 0), (-1, 0), f.bold),
             ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("BACKGROUND", (c, r), (c, r), fill) for c, r, fill in fills]
    style += [("TEXTCOLOR", (c, r), (c, r), text_on(fill)) for c, r, fill in fills]
    t.setStyle(TableStyle(style))
    for c, r, fill in fills:  # paragraphs carry their own colour: give each the contrasting one
        cell = rows[r][c]
        if isinstance(cell, Paragraph):
            cell.style = ParagraphStyle(f"fill{r}-{c}", cell.style, textColor=text_on(fill))
    return t


def _scale_range(values: list[float | None]) -> tuple[float, float]:
    present = [v for v in values if v is not None]
    return (min(present), max(present)) if present else (0.0, 1.0)


def history_story(h: UnitHistory, avail: float | None = None) -> list:
    s = _styles()
    story = [Heading(_("Comparison with previous cycles"), "h1", 0, "trend"),
             P(f"{h.organisation} / {h.unit}. " + ngettext("{framework}: {n} cycle compared",
                                                          "{framework}: {n} cycles compared", len(h.cycles)).format(
                 framework=h.framework.title(current_language()), n=len(h.cycles)) + ".", s["body"])]
    story += [P(w, s["warn"]) for w in h.warnings]
    story.append(P(_("Trend per criterion"), s["h"]))
    head = [P(_("Criterion"), s["head"])] + [P(c.cycle, s["head"]) for c in h.cycles] + [P(_("Trend"), s["head"])]
    rows, fills = [head], []
    low, high = _scale_range([c.criteria[k].value for c in h.cycles for k in c.criteria])
    for r, (cid, title) in enumerate(h.criteria + [("all", _("Overall"))], start=1):
        cells = [c.overall if cid == "all" else c.criteria.get(cid) for c in h.cycles]
        trend = h.trend(cid) if cid != "all" else None
        rows.append([P(f"{cid} {title}" if cid != "all" else title, s["small"])]
                    + [P(cell_text(x, h.framework, col.method), s["small"]) for x, col in zip(cells, h.cycles)]
                    + [P("" if trend is None else ("+" if trend > 0 else "") + fmt(trend, "score", current_language()),
                         s["small"])])
        if cid != "all":
            fills += [(1 + i, r, heat(x.value if x else None, low, high)) for i, x in enumerate(cells)]
    n = len(h.cycles)
    story.append(_grid(rows, [70 * mm] + [min(30, max(16, 150 / max(n, 1))) * mm] * n + [22 * mm], fills, avail))
    story.append(P(_("Last cycle's improvement actions, by criterion"), s["h"]))
    follow = [[P(x, s["head"]) for x in (_("Criterion"), _("Action"), _("Status"), _("Owner"), _("Due"))]]
    titles = dict(h.criteria)
    for cid in [c for c, _title in h.criteria] + ["all"]:
        for f in h.follow_up.get(cid, []):
            follow.append([P(f"{cid} {titles.get(cid, '')}", s["small"]), P(f.title, s["small"]),
                           P(f.status_text(), s["small"]), P(f.owner, s["small"]), P(short_date(f.due, current_language()), s["small"])])
    if len(follow) == 1:
        story.append(P(_("No actions recorded in the previous cycle."), s["body"]))
    else:
        story.append(_grid(follow, [60 * mm, 95 * mm, 30 * mm, 40 * mm, 25 * mm], avail=avail))
    if h.changed:
        story.append(P(_("Consensus values changed since the previous cycle ({n})").format(n=len(h.changed)), s["h"]))
        story.append(P("; ".join(h.changed[:200]), s["small"]))
    return story


def league_story(lg: League, avail: float | None = None) -> list:
    s = _styles()
    story = [Heading(_("Units compared, cycle {cycle}").format(cycle=lg.cycle), "h1", 0, "league"),
             P(ngettext("{framework}: {n} unit. Assessors and spread show how solid each score is: few assessors "
                        "or a wide spread make a weak comparison.",
                        "{framework}: {n} units. Assessors and spread show how solid each score is: few assessors "
                        "or a wide spread make a weak comparison.", len(lg.units)).format(
                 framework=lg.framework.title(), n=len(lg.units)), s["body"])]
    story += [P(w, s["warn"]) for w in lg.warnings]
    partial = [u for u in lg.units if u.incomplete]
    story += [P(_("{unit} is not fully rated ({rated} of {total} rated): its rank is provisional.").format(
        unit=u.label, rated=u.rated, total=u.total), s["warn"]) for u in partial]
    story.append(Heading(_("League table"), "h2", 1, "league-table"))
    rows = [[P(x, s["head"]) for x in ("#", _("Unit"), _("Overall"), _("Rated"), _("Assessors"), _("Spread"),
                                        _("Edition / method"))]]
    for u in lg.units:
        flag = " " + _("(incomplete)") if u.incomplete else ""
        rows.append([P(f"{u.rank}{'*' if u.incomplete else ''}", s["small"]), P(u.label + flag, s["small"]),
                     P(cell_text(u.overall, lg.framework, u.method), s["small"]), P(f"{u.rated}/{u.total}", s["small"]),
                     P(str(u.assessors), s["small"]),
                     P("—" if u.spread is None else fmt(u.spread, "spread", current_language()), s["small"]),
                     P(f"{_(u.edition)} / {_method_title(lg.framework, u.method)}", s["small"])])
    story.append(_grid(rows, [10 * mm, 100 * mm, 30 * mm, 16 * mm, 18 * mm, 16 * mm, 45 * mm], avail=avail))
    story.append(Heading(_("Heat map (units × criteria; assessors / spread under each value)"), "h2", 1, "heat"))
    matrix = lg.heat_map()
    low, high = _scale_range([v for row in matrix for v in row])
    head = [P(_("Unit"), s["head"])] + [P(c, s["head"]) for c, _title in lg.criteria]
    rows, fills = [head], []
    for r, u in enumerate(lg.units, start=1):
        line = [P(u.unit, s["small"])]
        for c, (cid, _title) in enumerate(lg.criteria, start=1):
            cell = u.criteria.get(cid)
            spread = "" if cell is None or cell.spread is None else fmt(cell.spread, "level", current_language())
            text = markup(escape(clean(cell_text(cell, lg.framework, u.method))))
            line.append(Paragraph(f"{text}<br/>{cell.assessors if cell else 0} / {spread or '—'}", s["small"]))
            fills.append((c, r, heat(cell.value if cell else None, low, high)))
        rows.append(line)
    width = (255 - 45) / max(len(lg.criteria), 1)
    story.append(_grid(rows, [45 * mm] + [width * mm] * len(lg.criteria), fills, avail))
    story.append(Spacer(1, 2 * mm))
    story.append(P(" · ".join(f"{c} {t}" for c, t in lg.criteria), s["small"]))
    return story


def comparison_story(data: UnitHistory | League, avail: float | None = None) -> list:
    """The comparison as reportlab flowables (its own PDF, or pages inside another export).

    avail: the frame width in points; tables wider than that are shrunk to fit."""
    return history_story(data, avail) if isinstance(data, UnitHistory) else league_story(data, avail)


def write_comparison_pdf(data: UnitHistory | League, path) -> None:
    """Write the comparison as its own PDF (landscape A4) with running header, page numbers, bookmarks, metadata."""
    from npmassess.exports.pdf.doctemplate import ReportDoc
    story = comparison_story(data)
    if isinstance(data, UnitHistory):
        title = _("Comparison with previous cycles: {organisation} / {unit}").format(
            organisation=data.organisation, unit=data.unit)
    else:
        title = _("Units compared, cycle {cycle}").format(cycle=data.cycle)
    fw = data.framework
    with atomic_output(path, ".pdf") as tmp:
        doc = ReportDoc(tmp, clean(f"{title} · {fw.short_title()}")[:120], landscape(A4),
                        title=clean(title)[:300], author=clean(getattr(data, "organisation", "") or "npmassess"),
                        subject=clean(fw.title())[:300], creator="npmassess",
                        keywords=[fw.id, fw.edition, "comparison"], cover=False, lang=current_language())
        doc.build(story + [Spacer(1, 4 * mm)])


def cell_text(x, framework, method_id: str) -> str:
    """A compared value in the current language: the comparison wrote it once, in English figures."""
    if x is None:
        return "—"
    if x.value is None:
        return x.text
    lang = current_language()
    if x.text == numbers.fmt(x.value, "score"):
        return fmt(x.value, "score", lang)
    total, sep, most = x.text.partition(" / ")
    if sep:  # points out of the maximum: '412.5 / 1000'
        try:
            return f"{fmt(float(total), 'points', lang)} / {fmt(float(most), 'max_points', lang)}"
        except ValueError:
            return x.text
    try:
        scale = framework.method(method_id).dimensions[0].scale
    except (KeyError, IndexError):
        return x.text
    return (scale.label_of(x.value, lang) or x.text) if scale.ordinal else x.text


def _method_title(framework, method_id: str) -> str:
    try:
        return framework.method(method_id).title()
    except KeyError:
        return method_id
