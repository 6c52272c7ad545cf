"""Append French translations to the catalogue: po_fill.py MODULE.py (FR list in --check order, or a TR dict)."""
import re
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import i18n_catalogue as tool  # noqa: E402

PO = ROOT / "npmassess/locale/fr/LC_MESSAGES/npmassess.po"


def typo(s: str) -> str:
    """French typography: non-breaking space before : ; ! ? % and inside « »."""
    s = re.sub(r" ([:;!?%»])", "\u00a0\\1", s)
    return s.replace("« ", "«\u00a0")


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def main(mod: str) -> None:
    ns = runpy.run_path(mod)
    missing = tool.untranslated()
    if "FR" in ns:
        assert len(ns["FR"]) == len(missing), (len(ns["FR"]), len(missing))
        tr = {m: (where, fr) for (m, where), fr in zip(missing, ns["FR"])}
    else:
        where = dict(missing)
        tr = {m: (where.get(m, ""), fr) for m, fr in ns["TR"].items() if m in where}
    text = PO.read_text(encoding="utf-8")
    blank = {m for m in tr if f"msgid {quote(m)}\nmsgstr \"\"\n" in text}
    for m in blank:  # an empty entry already there: fill it in place
        text = text.replace(f"msgid {quote(m)}\nmsgstr \"\"\n", f"msgid {quote(m)}\nmsgstr {quote(typo(tr[m][1]))}\n", 1)
    add = [f"#: {w}\nmsgid {quote(m)}\nmsgstr {quote(typo(fr))}\n" for m, (w, fr) in tr.items() if m not in blank]
    PO.write_text(text.rstrip("\n") + "\n\n" + "\n".join(add), encoding="utf-8")
    print(len(tr), "written")


if __name__ == "__main__":
    main(sys.argv[1])
