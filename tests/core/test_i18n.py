"""The translation catalogue: every string a user can see has French, placeholders intact, one mechanism."""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path

import pytest

from npmassess import i18n

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_catalogue", ROOT / "scripts" / "i18n_catalogue.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def extracted():
    return _tool().extract(ROOT)


def test_every_extracted_string_has_a_french_translation(extracted):
    cat = i18n.load_catalogue("fr")
    missing = [f"{e['locations'][0][0]}:{e['locations'][0][1]}: {msgid!r}"
               for msgid, e in extracted.items() if msgid not in cat]
    # an ngettext string needs a msgid_plural entry with both French forms, not a plain msgstr
    missing += [f"{e['locations'][0][0]}:{e['locations'][0][1]}: {msgid!r} (plural forms)"
                for msgid, e in extracted.items() if e["plural"] and len(cat.plurals.get(msgid, [])) < 2]
    assert len(extracted) > 300  # the extractor really ran over npmassess/ and ui/
    assert not missing, (f"{len(missing)} strings have no French; run scripts/i18n_catalogue.py and "
                         "translate them in npmassess/locale/fr/LC_MESSAGES/npmassess.po:\n" + "\n".join(missing))


def test_translations_keep_every_placeholder(extracted):
    cat = i18n.load_catalogue("fr")
    field = re.compile(r"\{[^{}]*\}|%[sdn]")
    bad = []
    for msgid in extracted:
        if msgid in cat.messages:
            if sorted(field.findall(msgid)) != sorted(field.findall(cat.messages[msgid])):
                bad.append(f"{msgid!r} -> {cat.messages[msgid]!r}")
        plural = extracted[msgid]["plural"]
        for i, form in enumerate(cat.plurals.get(msgid, []) if plural else []):
            # the plural forms keep the English plural's placeholders; the singular may leave out {n} as
            # the English singular does ('Its figure was added')
            allowed = [sorted(field.findall(plural))] + ([sorted(field.findall(msgid))] if i == 0 else [])
            if sorted(field.findall(form)) not in allowed:
                bad.append(f"{msgid!r} -> {form!r}")
    assert not bad, "placeholders differ:\n" + "\n".join(bad)


def test_no_fstring_or_concatenation_inside_a_translated_call():
    """tr(f'...') or _(f'...') can never be translated: the extractor skips it."""
    pattern = re.compile(r"\b(?:tr|_|translate\([^,()]*,)\s*\(?\s*f[\"']")
    offenders = [f"{p.relative_to(ROOT)}:{i}" for folder in ("npmassess", "ui") for p in (ROOT / folder).rglob("*.py")
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not offenders, offenders


def test_catalogue_reads_the_same_as_babel():
    from babel.messages.pofile import read_po
    with i18n.catalogue_path("fr").open("rb") as f:
        babel_cat = read_po(f, locale="fr")
    ours = i18n.load_catalogue("fr")
    for m in babel_cat:
        if not m.id or m.fuzzy:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        key = f"{m.context}\x04{key}" if m.context else key
        want = m.string[0] if isinstance(m.string, tuple) else m.string
        if want:
            assert ours.messages.get(key) == want, key


def test_po_parser_handles_escapes_plurals_context_and_fuzzy(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr "Language: fr\\n"\n\n'
                  '#: a.py:1\nmsgid "Say \\"hi\\"\\n"\nmsgstr "Dis \\"salut\\"\\n"\n\n'
                  'msgid "one"\n"-two"\nmsgstr "un"\n"-deux"\n\n'
                  '#, fuzzy\nmsgid "Guess"\nmsgstr "Devine"\n\n'
                  'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n\n'
                  'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} fichier"\nmsgstr[1] "{n} fichiers"\n'
                  '#~ msgid "Old"\n#~ msgstr "Vieux"\n', encoding="utf-8")
    cat = i18n.load_catalogue("fr", po)
    assert cat.gettext('Say "hi"\n') == 'Dis "salut"\n'
    assert cat.gettext("one-two") == "un-deux"
    assert cat.gettext("Guess") == "Guess"  # fuzzy entries are not used
    assert cat.gettext("Open", "menu") == "Ouvrir" and cat.gettext("Open") == "Open"
    assert [cat.ngettext("{n} file", "{n} files", k) for k in (0, 1, 2)] == ["{n} fichier", "{n} fichier", "{n} fichiers"]
    assert "Old" not in cat
    po.write_text('msgid "x"\nmsgstr "y"\nbogus "z"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        i18n.load_catalogue("fr", po)


def test_language_override_is_local_to_the_block_and_the_thread():
    assert i18n.current_language() == "en"
    seen = []
    with i18n.using_language("fr"):
        assert i18n._("Strengths") == "Points forts"
        t = threading.Thread(target=lambda: seen.append(i18n._("Strengths")))
        t.start()
        t.join()
    assert seen == ["Strengths"]  # another thread (the GUI's) keeps its own language
    assert i18n._("Strengths") == "Strengths"
    assert i18n.translate_to("fr", "Strengths") == "Points forts"
    assert i18n.normalise("fr_CA") == "fr" and i18n.normalise("de_DE") == "en" and i18n.normalise(None) == "en"
