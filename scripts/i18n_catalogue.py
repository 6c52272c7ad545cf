"""Extract every translatable string (npmassess/ and ui/) with Babel and update the .po catalogues.

    python scripts/i18n_catalogue.py            # add new strings (untranslated), drop obsolete ones
    python scripts/i18n_catalogue.py --check    # list strings with no translation; exit 1 if any

Keywords: _ / gettext / N_ / pgettext / ngettext (npmassess.i18n), tr and QCoreApplication.translate's
second argument (Qt), t (exports' Context.t). Babel is a development dependency only: the app reads
the .po files with npmassess.i18n.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("npmassess", "ui")
KEYWORDS = {"_": None, "gettext": None, "N_": None, "tr": None, "_tr": None, "translate_to": (2,), "translate": (2,),
            "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "QT_TRANSLATE_NOOP": (2,), "QT_TR_NOOP": None}
EXPORT_KEYWORDS = dict(KEYWORDS, t=None)  # the exports' Context.t(text), only there


def extract(root: Path = ROOT) -> dict[str, dict]:
    """msgid -> {'plural': str|None, 'context': str|None, 'locations': [(file, line)]} for the tree."""
    from babel.messages.extract import extract_from_dir
    out: dict[str, dict] = {}
    for src in SOURCES:
        folder = root / src
        for filename, lineno, message, _comments, context in extract_from_dir(
                str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(),
                strip_comment_tags=True, callback=None):
            if filename.startswith("exports"):
                continue
            if isinstance(message, tuple):
                msgid, plural = message[0], message[1]
            else:
                msgid, plural = message, None
            if not msgid:
                continue
            entry = out.setdefault(msgid, {"plural": plural, "context": context, "locations": []})
            entry["locations"].append((f"{src}/{filename}", lineno))
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(root / "npmassess" / "exports"), method_map=[("**.py", "python")],
            keywords=EXPORT_KEYWORDS, comment_tags=()):
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        if msgid:
            entry = out.setdefault(msgid, {"plural": plural, "context": context, "locations": []})
            entry["locations"].append((f"npmassess/exports/{filename}", lineno))
    for msgid, filename, lineno in _inside_fstrings(root):
        entry = out.setdefault(msgid, {"plural": None, "context": None, "locations": []})
        entry["locations"].append((filename, lineno))
    return out


def _inside_fstrings(root: Path) -> list[tuple[str, str, int]]:
    """(msgid, file, line) of tr()/_() calls written inside an f-string's braces.

    Python 3.11's tokenizer hands Babel an f-string as one token, so a call in its braces
    (f"<b>{self.tr('Questions')}</b>") is invisible to Babel's extractor; the AST sees it.
    """
    import ast
    found = []
    for src in SOURCES:
        for path in sorted((root / src).rglob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except SyntaxError:
                continue
            for f in ast.walk(tree):
                if not isinstance(f, ast.JoinedStr):
                    continue
                for call in ast.walk(f):
                    if not isinstance(call, ast.Call):
                        continue
                    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
                    spec = (EXPORT_KEYWORDS if "exports" in path.parts else KEYWORDS).get(name, False)
                    if spec is False:
                        continue
                    index = (spec[0] - 1) if isinstance(spec, tuple) and isinstance(spec[0], int) else 0
                    if len(call.args) > index and isinstance(call.args[index], ast.Constant) \
                            and isinstance(call.args[index].value, str):
                        found.append((call.args[index].value, str(path.relative_to(root)), call.lineno))
    return found


def update(lang: str = "fr", root: Path = ROOT) -> tuple[int, int]:
    """Merge the extracted strings into the language's .po; returns (strings, untranslated)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po
    path = root / "npmassess" / "locale" / lang / "LC_MESSAGES" / "npmassess.po"
    old = Catalog(locale=lang)
    if path.is_file():
        with path.open("rb") as f:
            old = read_po(f, locale=lang)
    new = Catalog(locale=lang, project="npmassess", domain="npmassess", charset="utf-8",
                  version="0.1", language_team="npmassess", last_translator="npmassess")
    if lang == "fr":  # gettext's classic French rule (0 and 1 singular), as npmassess.i18n applies it
        new._num_plurals, new._plural_expr = 2, "(n > 1)"
    found = extract(root)
    for msgid, e in sorted(found.items(), key=lambda kv: kv[1]["locations"][0]):
        key = (msgid, e["plural"]) if e["plural"] else msgid
        prev = old.get(msgid)
        string = prev.string if prev is not None else ("", "") if e["plural"] else ""
        if e["plural"] and isinstance(string, str):
            string = (string, "")
        if not e["plural"] and isinstance(string, (tuple, list)):
            string = string[0]
        new.add(key, string, locations=e["locations"][:3])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, new, width=100, omit_header=False, sort_output=False)
    missing = sum(1 for m in new if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string))
    return len(found), missing


def untranslated(lang: str = "fr", root: Path = ROOT) -> list[tuple[str, str]]:
    """(msgid, first location) of every extracted string without a translation in the catalogue."""
    sys.path.insert(0, str(root))
    from npmassess.i18n import catalogue_path, load_catalogue
    cat = load_catalogue(lang, catalogue_path(lang) if root == ROOT else
                         root / "npmassess" / "locale" / lang / "LC_MESSAGES" / "npmassess.po")
    return [(msgid, "{}:{}".format(*e["locations"][0])) for msgid, e in extract(root).items()
            if msgid not in cat or (e["plural"] and len(cat.plurals.get(msgid, [])) < 2)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        missing = untranslated()
        for msgid, where in missing:
            print(f"{where}: {msgid!r}")
        print(f"{len(missing)} untranslated")
        return 1 if missing else 0
    total, missing = update()
    print(f"{total} strings, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
