"""Fonts for PDF exports: a Unicode body font plus a CJK fallback, switched per run of text.

reportlab does no font fallback of its own: every string is drawn with one font, and glyphs that
font lacks print as boxes. So we register two TrueType fonts and switch fonts per run of characters:

* body font ``NpmSans`` (+ ``NpmSans-Bold``): DejaVu Sans, which covers Latin (with accents), Greek
  and Cyrillic;
* fallback ``NpmCJK``: WenQuanYi Micro Hei (``wqy-microhei.ttc``, subfont 0), which covers Chinese
  (simplified and traditional), Japanese kana and Korean Hangul. :func:`markup` wraps every run of
  characters the body font lacks but the fallback has in ``<font name="NpmCJK">``. The fallback is
  only parsed when some text needs it (parsing a 5 MB TTC costs about 0.3 s).

Search order, first hit wins: folders first — the ``fonts/`` folder of the bundle
(``npmassess.paths.resource_dir() / "fonts"``), then ``$NPMASSESS_FONTS_DIR``, then the usual
system folders (Debian/Ubuntu ``/usr/share/fonts/truetype/...``, Fedora ``/usr/share/fonts/...``,
macOS ``/Library/Fonts`` and ``/System/Library/Fonts/Supplemental``, Windows ``C:/Windows/Fonts``)
— and in each folder the file names in order: body DejaVuSans.ttf, then Arial (arial.ttf, which
also has Greek and Cyrillic); fallback wqy-microhei.ttc, wqy-zenhei.ttc, Microsoft YaHei
(msyh.ttc), Arial Unicode. DejaVu (Bitstream Vera licence) and WenQuanYi Micro Hei (Apache 2.0 /
GPLv3) are freely redistributable: ship them in the bundle's ``fonts/`` folder for Windows and macOS.

Fallbacks: without a body font the CJK font becomes the body font too (it has Latin, Greek and
Cyrillic glyphs, less elegantly); without either, reportlab's built-in Helvetica is used, which
prints Western European text only (other scripts come out as boxes); ``fonts().warning`` says so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from npmassess.paths import resource_dir

BODY_FILES = {"": ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf"),
              "-Bold": ("DejaVuSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf")}
CJK_FILES = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "msyh.ttc", "Arial Unicode.ttf")
SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/wqy", "/usr/share/fonts/dejavu",
               "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/wqy-microhei",
               "/usr/share/fonts/truetype", "/usr/local/share/fonts", "/Library/Fonts",
               "/System/Library/Fonts/Supplemental",
               os.path.expanduser("~/.fonts"), os.path.expanduser("~/Library/Fonts"), "C:/Windows/Fonts")


def search_dirs() -> list[Path]:
    """Folders searched for font files, in order."""
    dirs = [resource_dir() / "fonts"]
    if os.environ.get("NPMASSESS_FONTS_DIR"):
        dirs.append(Path(os.environ["NPMASSESS_FONTS_DIR"]))
    return dirs + [Path(d) for d in SYSTEM_DIRS]


def find_font(names: tuple[str, ...]) -> Path | None:
    for d in search_dirs():
        for name in names:
            p = d / name
            if p.is_file():
                return p
    return None


@dataclass
class FontSet:
    body: str
    bold: str
    italic: str
    cjk_path: Path | None
    warning: str = ""


def _register(name: str, path: Path, subfont: int = 0) -> bool:
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont))
        return True
    except Exception:  # a damaged or CFF font file: fall back rather than fail the export
        return False


def _map_family(name: str, bold: str) -> None:
    from reportlab.lib.fonts import addMapping
    # no italic face is registered (we never print italics): parsing fonts is the slow part
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, bold)
    addMapping(name, 0, 1, name)
    addMapping(name, 1, 1, bold)


@lru_cache(maxsize=1)
def fonts() -> FontSet:
    """Register the body fonts once and say which names to use (the CJK font loads on first need)."""
    cjk_path = find_font(CJK_FILES)
    body_path = find_font(BODY_FILES[""])
    if body_path and _register("NpmSans", body_path):
        bold_path = find_font(BODY_FILES["-Bold"])
        if not (bold_path and _register("NpmSans-Bold", bold_path)):
            _register("NpmSans-Bold", body_path)
        _map_family("NpmSans", "NpmSans-Bold")
        return FontSet("NpmSans", "NpmSans-Bold", "NpmSans", cjk_path)
    if cjk_path and _register("NpmCJK", cjk_path):
        _map_family("NpmCJK", "NpmCJK")
        return FontSet("NpmCJK", "NpmCJK", "NpmCJK", None,
                       "DejaVu Sans not found: using WenQuanYi Micro Hei for all text.")
    return FontSet("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", None,
                   "No Unicode font found (DejaVu Sans, WenQuanYi Micro Hei): text outside Western "
                   "European scripts will print as boxes. Install fonts-dejavu-core and fonts-wqy-microhei.")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Name of the registered fallback font, registering it on first use (None if unavailable)."""
    path = fonts().cjk_path
    if path and _register("NpmCJK", path):
        _map_family("NpmCJK", "NpmCJK")
        return "NpmCJK"
    return None


@lru_cache(maxsize=1)
def _body_map() -> set[int] | None:
    name = fonts().body
    if name.startswith("Helvetica"):
        return None
    return set(pdfmetrics.getFont(name).face.charToGlyph)


def in_body(ch: str) -> bool:
    """True if the body font has a glyph for the character (always True for Helvetica)."""
    cmap = _body_map()
    return cmap is None or ord(ch) in cmap


@lru_cache(maxsize=1)
def _cjk_map() -> set[int] | frozenset:
    name = cjk_font()
    return set(pdfmetrics.getFont(name).face.charToGlyph) if name else frozenset()


_NON_LATIN = re.compile(r"[^\x00-\u024f]+")


def markup(escaped: str) -> str:
    """Wrap runs the body font cannot draw (but the fallback can) in a fallback <font> tag.

    The input is already XML-escaped; entities are ASCII so they never fall in a wrapped run.
    """
    if escaped.isascii() or fonts().cjk_path is None:
        return escaped
    if all(in_body(ch) for ch in escaped if not ch.isascii()):
        return escaped
    cjk, name = _cjk_map(), cjk_font()

    def swap(m: re.Match) -> str:
        out, run = [], []
        for ch in m.group(0):
            if not in_body(ch) and ord(ch) in cjk:
                run.append(ch)
                continue
            if run:
                out.append(f'<font name="{name}">{"".join(run)}</font>')
                run = []
            out.append(ch)
        if run:
            out.append(f'<font name="{name}">{"".join(run)}</font>')
        return "".join(out)

    return _NON_LATIN.sub(swap, escaped)


# Metric-compatible free stand-ins for the fonts award rules name (same widths, so the same page count).
AWARD_FONTS = {
    "times new roman": ("Liberation Serif", ("LiberationSerif-Regular.ttf", "times.ttf", "Times New Roman.ttf"),
                        ("LiberationSerif-Bold.ttf", "timesbd.ttf", "Times New Roman Bold.ttf")),
    "arial": ("Liberation Sans", ("LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf"),
              ("LiberationSans-Bold.ttf", "arialbd.ttf", "Arial Bold.ttf")),
}
# the italic faces, registered only when a narrative first sets a word in italics
AWARD_ITALICS = {
    "Liberation Serif": (("LiberationSerif-Italic.ttf", "timesi.ttf", "Times New Roman Italic.ttf"),
                         ("LiberationSerif-BoldItalic.ttf", "timesbi.ttf", "Times New Roman Bold Italic.ttf")),
    "Liberation Sans": (("LiberationSans-Italic.ttf", "ariali.ttf", "Arial Italic.ttf"),
                        ("LiberationSans-BoldItalic.ttf", "arialbi.ttf", "Arial Bold Italic.ttf")),
}
_ITALIC_DIRS: dict[str, tuple[str, list[Path]]] = {}
_NO_ITALIC: set[str] = set()  # italic faces looked for and not found  # registered award font -> (label, folders to look in)
AWARD_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/liberation",
              "/usr/share/fonts/liberation-serif", "/usr/share/fonts/liberation-sans")


@dataclass
class AwardFont:
    required: str  # the font the rule names ("Times New Roman")
    used: str  # what we print with ("Liberation Serif"), or "" when none was found
    body: str  # registered reportlab names
    bold: str


@lru_cache(maxsize=8)
def award_font(rule: str) -> AwardFont:
    """Register the font an award rule asks for ('Times New Roman or Arial': the first one found)."""
    for choice in [c.strip() for c in re.split(r",|\bor\b|/", rule or "") if c.strip()] or ["Times New Roman"]:
        spec = AWARD_FONTS.get(choice.lower())
        if spec is None:
            continue
        label, regular, bold = spec
        dirs = [Path(d) for d in AWARD_DIRS] + search_dirs()
        reg = next((d / n for d in dirs for n in regular if (d / n).is_file()), None)
        bld = next((d / n for d in dirs for n in bold if (d / n).is_file()), None)
        name = "NpmAward" + label.replace(" ", "")
        if reg and _register(name, reg):
            if not (bld and _register(name + "-Bold", bld)):
                _register(name + "-Bold", reg)
            _map_family(name, name + "-Bold")
            _ITALIC_DIRS[name] = (label, dirs)
            return AwardFont(choice, label if "Liberation" in reg.name else choice, name, name + "-Bold")
    f = fonts()
    return AwardFont(rule, "", f.body, f.bold)


def face(family: tuple[str, str], bold: bool, italic: bool) -> str:
    """The font for a run of narrative text: the family's bold, its italic (registered at first use) or regular.

    A family without an italic face (the house fonts, a CJK fallback) prints italics upright."""
    body, heavy = family
    if not italic:
        return heavy if bold else body
    name = f"{body}-{'BoldItalic' if bold else 'Italic'}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if name in _NO_ITALIC:
        return heavy if bold else body
    label, dirs = _ITALIC_DIRS.get(body, ("", []))
    files = AWARD_ITALICS.get(label, ((), ()))[1 if bold else 0]
    path = next((d / n for d in dirs for n in files if (d / n).is_file()), None)
    if path and _register(name, path):
        return name
    _NO_ITALIC.add(name)
    return heavy if bold else body
