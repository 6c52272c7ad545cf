"""Figures in a merge: one key per figure (node + number), its value a canonical JSON text, images carried along.

A node's figures are an ordered list in the store; a merge compares them one by one so that a
figure added in the file, one changed here and one removed there each count for themselves, and
writes every node's resulting list back once (Store.set_figures), with the images the file brings,
inside the merge's one transaction.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from npmassess.assessment import Assessment
from npmassess.figures import Figure, as_dict
from npmassess.i18n import N_, _

Key = tuple
# the fields of a figure as a change names them (translated when shown)
FIELD_NAMES = {"number": N_("number"), "caption": N_("caption"), "chart": N_("kind of figure"),
               "columns": N_("column names"), "rows": N_("values"), "alt": N_("alternative text"),
               "source": N_("source"), "image": N_("image"), "width": N_("image"), "height": N_("image")}


def _canonical(value: Any) -> Any:
    """Numbers as floats (3 and 3.0 are the same value), lists and dicts kept: one text per content."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) if k not in ("width", "height") else v for k, v in value.items()}
    return value


def encode(fig: Figure) -> str:
    """The figure as one comparable text (canonical JSON of its exchanged form)."""
    return json.dumps(_canonical(as_dict(fig)), ensure_ascii=False, sort_keys=True)


def decode(text: str) -> Figure:
    """A figure back from encode()'s text."""
    from npmassess.figures import from_json
    figs = from_json("[" + text + "]")
    return figs[0] if figs else Figure("?", "")


def idents(figures: Iterable[Figure]) -> list[str]:
    """The merge identity of each figure of a node: its number; a repeated number gets '#2', '#3'..."""
    seen: dict[str, int] = {}
    out = []
    for f in figures:
        seen[f.number] = seen.get(f.number, 0) + 1
        out.append(f.number if seen[f.number] == 1 else f"{f.number}#{seen[f.number]}")
    return out


def flatten(a: Assessment) -> dict[Key, str]:
    """('figure', node, number) -> the figure's canonical text, for every figure of the snapshot."""
    out: dict[Key, str] = {}
    for node, figs in a.figures.items():
        for ident, f in zip(idents(figs), figs):
            out[("figure", node, ident)] = encode(f)
    return out


def placement(a: Assessment) -> dict[Key, tuple[int, str | None]]:
    """key -> (index in its node's list, the figure before it or None): where a new figure goes."""
    out: dict[Key, tuple[int, str | None]] = {}
    for node, figs in a.figures.items():
        ids = idents(figs)
        for i, ident in enumerate(ids):
            out[("figure", node, ident)] = (i, ids[i - 1] if i else None)
    return out


def label(key: Key, value: str | None) -> str:
    """'figure 7.1-1 on 7.1 “Staff engagement”': node, number and caption, as the preview names it."""
    fig = decode(value) if value else None
    number = fig.number if fig else key[2].split("#")[0]
    caption = " ".join((fig.caption if fig else "").split())
    caption = caption if len(caption) <= 50 else caption[:50] + "…"
    if caption:
        return _("figure {number} on {node} “{caption}”").format(number=number, node=key[1], caption=caption)
    return _("figure {number} on {node}").format(number=number, node=key[1])


def short(value: str) -> str:
    """What a figure is, in a few words: its caption and kind ('“Engagement” (line chart, 4 rows)')."""
    from npmassess.figures_edit import summary
    return summary(decode(value))


def differences(mine: str, theirs: str) -> list[str]:
    """The names of the fields two versions of a figure differ in (translated, each once)."""
    a, b = json.loads(mine), json.loads(theirs)
    out: list[str] = []
    for key in ("number", "caption", "chart", "columns", "rows", "alt", "source", "image", "width", "height"):
        if a.get(key) != b.get(key):
            name = _(FIELD_NAMES[key])
            if name not in out:
                out.append(name)
    return out


def write(store, assessment_id: str, current: Assessment, changes: list) -> None:
    """Write the chosen figure changes: each node's list rebuilt once, in place (inside a transaction).

    Changed figures keep their place, removed ones leave, new ones go after the figure that precedes
    them in the file (first when none does); the images the file brings are stored with them.
    """
    by_node: dict[str, list] = {}
    for c in changes:
        by_node.setdefault(c.key[1], []).append(c)
    for node, todo in by_node.items():
        figs = list(current.figures.get(node, []))
        keyed = dict(zip(idents(figs), figs))
        order = list(keyed)
        images: dict[str, bytes] = {}
        for c in todo:
            ident = c.key[2]
            images.update(c.images)
            if c.theirs is None:
                keyed.pop(ident, None)
                if ident in order:
                    order.remove(ident)
            elif ident in keyed:
                keyed[ident] = decode(c.theirs)
        for c in sorted((c for c in todo if c.theirs is not None and c.key[2] not in order), key=lambda c: c.order):
            ident = c.key[2]
            keyed[ident] = decode(c.theirs)
            after = c.after
            order.insert(order.index(after) + 1 if after in order else min(c.order, len(order)), ident)
        store.set_figures(assessment_id, node, [keyed[i] for i in order], images)
