"""Word building blocks (python-docx): real styles, repeated table headers, pictures with alt text, sign-off."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.text.paragraph import Paragraph
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor

from npmassess.i18n import N_
from npmassess.exports.common import clean

SIGN_OFF_FIELDS = (("prepared_by", N_("Prepared by")), ("approved_by", N_("Approved by")), ("date", N_("Date")),
                   ("version", N_("Version")), ("classification", N_("Classification")))


def text(value: object) -> str:
    """User text safe for Word's XML (control characters dropped)."""
    return clean(value)


def new_document(page_size: str = "A4", font: str = "Arial", size: float = 10.5, margin_in: float | None = None,
                 lang: str = "en"):
    """A document on the page size, with the body font and the document language set on the styles."""
    doc = Document()
    sec = doc.sections[0]
    if page_size.lower() == "letter":
        sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    m = Inches(margin_in) if margin_in else Mm(18)
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = m
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), {"fr": "fr-FR"}.get(lang, "en-GB"))
    rpr.append(lang_el)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "Caption"):
        st = doc.styles[name]
        st.font.name = font
        st.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79) if name != "Caption" else RGBColor(0x1F, 0x29, 0x33)
    return doc


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _run(value: str, bold: bool) -> str:
    body = escape(text(value)).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{body}</w:t></w:r>'


def styled(doc, value: str, style: str | None, bold_prefix: str = ""):
    """A paragraph in a named style, appended as one XML element.

    python-docx looks style names up slowly and inserts each paragraph by scanning the body, which
    makes a long report quadratic; here style ids are cached and the paragraph goes straight before
    the section properties.
    """
    ids = doc.__dict__.setdefault("_npm_style_ids", {})
    if style and style not in ids:
        ids[style] = doc.styles[style].style_id
    ppr = f'<w:pPr><w:pStyle w:val="{ids[style]}"/></w:pPr>' if style else ""
    runs = (_run(bold_prefix, True) if bold_prefix else "") + (_run(value, False) if value else "")
    p = parse_xml(f"<w:p {_W}>{ppr}{runs}</w:p>")
    body = doc.element.body
    sect = doc.__dict__.get("_npm_sect")
    if sect is None:
        sect = doc._npm_sect = body.sectPr
    if sect is not None:
        sect.addprevious(p)
    else:
        body.append(p)
    return Paragraph(p, doc._body)


def heading(doc, value: str, level: int) -> None:
    styled(doc, value, f"Heading {level}")


def para(doc, value: str, style: str | None = None, bold_prefix: str = ""):
    return styled(doc, value, style, bold_prefix)


def bullet(doc, value: str) -> None:
    styled(doc, value, "List Bullet")


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")  # rows are kept whole
    tr_pr.append(cant)


def _shade(cell, hex_colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    tc_pr.append(shd)


def table(doc, head: list[str], rows: list[list], widths_mm: list[float] | None = None,
          fills: dict[tuple[int, int], tuple[str, str]] | None = None):
    """A table with a header row that repeats on every page; fills: (row, col) -> (background, text colour)."""
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    hdr = t.rows[0]
    _repeat_header(hdr)
    for i, h in enumerate(head):
        cell = hdr.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text(h))
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "1F4E79")
    for r, values in enumerate(rows, 1):
        cells = t.add_row().cells
        t.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for c, v in enumerate(values):
            cells[c].text = text(v)
            if fills and (r, c) in fills:
                bg, fg = fills[(r, c)]
                _shade(cells[c], bg)
                for run in cells[c].paragraphs[0].runs:
                    run.font.color.rgb = RGBColor.from_string(fg.lstrip("#").upper())
    if widths_mm:
        for row in t.rows:
            for c, w in enumerate(widths_mm):
                if w:
                    row.cells[c].width = Mm(w)
    doc.add_paragraph()
    return t


def picture(doc, png: bytes, alt: str, width_in: float = 6.0, title: str = "") -> None:
    """A picture with its alternative text (read aloud by screen readers)."""
    doc.add_picture(io.BytesIO(png), width=Inches(width_in))
    inline = doc.inline_shapes[-1]._inline
    inline.docPr.set("descr", text(alt)[:2000])
    if title:
        inline.docPr.set("title", text(title)[:200])


def caption(doc, value: str):
    """A figure's caption, kept on the page of the picture that follows it."""
    p = styled(doc, value, "Caption")
    p.paragraph_format.keep_with_next = True
    return p


def sign_off(doc, values: dict | None, t) -> None:
    """The sign-off block: prepared by, approved by, date, version, classification (blank lines to sign)."""
    values = values or {}
    heading(doc, t("Sign-off"), 2)
    rows = [[t(label), text(values.get(key, "")) or ("" if key != "date" else "")] for key, label in SIGN_OFF_FIELDS]
    table(doc, ["", ""], rows, [45, 110])


def properties(doc, title: str, author: str, subject: str, keywords: list[str], lang: str) -> None:
    cp = doc.core_properties
    cp.title, cp.author, cp.subject = text(title)[:250], text(author)[:200], text(subject)[:250]
    cp.keywords = ", ".join(text(k) for k in keywords)
    cp.language = {"fr": "fr-FR"}.get(lang, "en-GB")
    cp.comments = f"Written by npmassess on {date.today().isoformat()}"
