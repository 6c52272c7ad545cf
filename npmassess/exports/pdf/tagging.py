"""A tagged PDF from reportlab: marked content around what platypus draws, and the structure tree written at the end.

reportlab writes no structure, so we add it ourselves, inside reportlab's own PDF objects (no second
pass over the file): every flowable a frame draws is wrapped in a marked-content sequence with an
MCID (headings H1-H4, paragraphs P, bulleted notes L > LI > LBody, captions, charts and logos as
Figure with their alternative text); table cells become TH / TD inside TR inside Table; the running
header, page numbers and the cover band are Artifacts. At the end the StructTreeRoot, the parent
tree and each page's StructParents are added and the catalog is marked (MarkInfo Marked true).
Limits: table grid lines and cell backgrounds are left unmarked (neither content nor artifact), and
a bulleted block is one list item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFPage, PDFString
from reportlab.platypus import Frame, Paragraph, Table
from reportlab.platypus.flowables import Image

if "StructParents" not in PDFPage.__NoDefault__:  # let page dictionaries carry their StructParents / Tabs
    PDFPage.__NoDefault__ = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]

HEADING_ROLES = {"h1": "H1", "h2": "H2", "ah2": "H2", "h3": "H3", "label": "H4", "caption": "Caption",
                 "toc0": "P", "toc1": "P"}


@dataclass
class Item:
    page: int  # 0-based page index
    mcid: int
    role: str
    alt: str = ""
    table: int | None = None  # id of the table the cell belongs to
    row: int = 0


@dataclass
class Tagger:
    items: list[Item] = field(default_factory=list)
    next_mcid: dict[int, int] = field(default_factory=dict)

    def bdc(self, canv, role: str, alt: str = "", table: int | None = None, row: int = 0) -> str:
        page = canv._doc.pageCounter - 1
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        self.items.append(Item(page, mcid, role, alt, table, row))
        tag = "LBody" if role == "L" else role
        return f"/{tag} <</MCID {mcid}>> BDC"


def tagger_of(canv) -> Tagger | None:
    return getattr(canv, "_npm_tagger", None)


def artifact_begin(canv) -> None:
    canv._code.append("/Artifact BMC")


def artifact_end(canv) -> None:
    canv._code.append("EMC")


def role_of(flowable) -> tuple[str, str] | None:
    """(structure type, alternative text) of a flowable, or None to leave it untagged."""
    from reportlab.graphics.shapes import Drawing
    from npmassess.exports.pdf.text import TextBlock
    alt = getattr(flowable, "alt", "") or getattr(flowable, "npm_alt", "")
    if isinstance(flowable, (Drawing, Image)) or hasattr(flowable, "figure"):
        return "Figure", alt or "Chart"
    if isinstance(flowable, Paragraph):
        return HEADING_ROLES.get(getattr(flowable.style, "name", ""), "P"), ""
    if isinstance(flowable, TextBlock):
        return ("L" if flowable.bullet and flowable.indent and (flowable.items or flowable._lines) else "P"), ""
    if alt:
        return "Figure", alt
    return "P", ""


class TaggedFrame(Frame):
    """A frame that wraps each flowable it draws in marked content (tables tag their own cells)."""

    def add(self, flowable, canv, trySplit=0):
        tagger = tagger_of(canv)
        if tagger is None or isinstance(flowable, Table):
            return Frame.add(self, flowable, canv, trySplit)
        start = len(canv._code)
        ok = Frame.add(self, flowable, canv, trySplit)
        if ok and len(canv._code) > start:
            role, alt = role_of(flowable) or ("P", "")
            canv._code.insert(start, tagger.bdc(canv, role, alt))
            canv._code.append("EMC")
        return ok

    _add = add


def draw_cell(table: Table, draw, cellval, cellstyle, pos, size) -> None:
    """Draw one table cell inside a TH or TD marked-content sequence."""
    tagger = tagger_of(table.canv)
    if tagger is None:
        return draw(cellval, cellstyle, pos, size)
    try:
        row = table._rowpositions.index(pos[1]) - 1
    except ValueError:
        row = 0
    header = row < (table.repeatRows or 0) if isinstance(table.repeatRows, int) else row == 0
    table.canv._code.append(tagger.bdc(table.canv, "TH" if header else "TD", "", id(table), row))
    draw(cellval, cellstyle, pos, size)
    table.canv._code.append("EMC")


def write_structure(canv, title: str = "") -> None:
    """Add the structure tree, parent tree, StructParents and MarkInfo to the document being saved."""
    tagger = tagger_of(canv)
    if tagger is None or not tagger.items:
        return
    doc = canv._doc
    counter = [0]

    def name() -> str:
        counter[0] += 1
        return f"NpmSE{counter[0]}"

    root_name, doc_name = "NpmStructRoot", name()
    elems: dict[str, PDFDictionary] = {}
    parent_tree: dict[int, dict[int, str]] = {}
    kids: dict[str, list] = {doc_name: []}

    def leaf(parent: str, it: Item, role: str) -> str:
        n = name()
        d = {"Type": PDFName("StructElem"), "S": PDFName(role), "P": PDFObjectReference(parent),
             "Pg": PDFObjectReference(f"Page{it.page + 1}"), "K": it.mcid}
        if it.alt:
            d["Alt"] = PDFString(it.alt[:2000])
        elems[n] = PDFDictionary(d)
        parent_tree.setdefault(it.page, {})[it.mcid] = n
        kids.setdefault(parent, []).append(PDFObjectReference(n))
        return n

    def group(parent: str, role: str) -> str:
        n = name()
        elems[n] = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(role), "P": PDFObjectReference(parent)})
        kids.setdefault(parent, []).append(PDFObjectReference(n))
        kids[n] = []
        return n

    current_table, table_elem, row_elem, current_row = None, None, None, None
    for it in tagger.items:
        if it.table is not None:
            if it.table != current_table:  # a table, or the next part of a table split over pages
                current_table, table_elem, current_row = it.table, group(doc_name, "Table"), None
            assert table_elem is not None  # set at the table's first item
            if it.row != current_row:  # always at a table's first item (current_row None, rows are ints)
                row_elem, current_row = group(table_elem, "TR"), it.row
            assert row_elem is not None
            leaf(row_elem, it, it.role)
            continue
        current_table = None
        if it.role == "L":
            lst = group(doc_name, "L")
            li = group(lst, "LI")
            leaf(li, it, "LBody")
        else:
            leaf(doc_name, it, it.role)
    elems[doc_name] = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Document"),
                                     "P": PDFObjectReference(root_name)})
    if title:
        elems[doc_name].dict["T"] = PDFString(title[:300])
    for n, d in elems.items():
        if kids.get(n):
            d.dict["K"] = PDFArray(kids[n])
        doc.Reference(d, n)
    nums = []
    for page in sorted(parent_tree):
        by_mcid = parent_tree[page]
        nums += [page, PDFArray([PDFObjectReference(by_mcid[m]) for m in sorted(by_mcid)])]
    root = PDFDictionary({"Type": PDFName("StructTreeRoot"), "K": PDFArray([PDFObjectReference(doc_name)]),
                          "ParentTree": PDFDictionary({"Nums": PDFArray(nums)}),
                          "ParentTreeNextKey": len(doc.Pages.pages)})
    doc.Reference(root, root_name)
    for i, page in enumerate(doc.Pages.pages):
        page.StructParents = i
        page.Tabs = PDFName("S")
    doc.Catalog.StructTreeRoot = PDFObjectReference(root_name)
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})
