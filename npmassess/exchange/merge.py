"""Three-way merge of an incoming assessment snapshot into the stored one, with explicit conflicts.

Every piece of an assessment is flattened to ``key -> value`` (a header field, a participant, one
rating, one consensus value, a rationale, a note, an action). For each key we compare *mine* (the
store), *theirs* (the file) and, when the file carries it, *base* (the values the file started
from). Changed only in the file: a change to apply. Changed only here: kept. Changed in both places
to different values: a conflict, resolved explicitly with ``mine`` or ``theirs``. Without a base
nothing is deleted and any difference between two present values is a conflict. Figures count one
by one (node + number, npmassess.exchange.figmerge) and bring their images along.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from npmassess.assessment import NOTE_KIND_LABELS, Assessment, Note, now
from npmassess.errors import ValidationError
from npmassess.exchange import figmerge
from npmassess.i18n import N_, _, ngettext
from npmassess.model import Framework
from npmassess.store import Store

SECTIONS = ("header", "participant", "note", "action", "rating", "consensus", "rationale", "narrative",
            "figure")
HEADER_FIELDS = ("organisation", "unit", "cycle", "status")
ACTION_FIELDS = ("title", "description", "owner", "due", "impact", "effort", "status", "node_ids", "note_ids")
# the field names as the preview shows them (translated when shown)
FIELD_NAMES = (N_("organisation"), N_("unit"), N_("cycle"), N_("status"), N_("title"), N_("description"),
               N_("owner"), N_("due"), N_("impact"), N_("effort"), N_("nodes"), N_("notes"))
Key = tuple


def flatten(a: Assessment, participant: str | None = None) -> dict[Key, Any]:
    """key -> value for everything mergeable; with participant, only that person's scores and notes."""
    out: dict[Key, Any] = {}
    if participant is None:
        for f in HEADER_FIELDS:
            out[("header", f)] = getattr(a, f)
    for p in a.participants:
        if participant is None or p.id == participant:
            out[("participant", p.id)] = (p.name, p.role)
    for (pid, nid, d), v in a.ratings.items():
        if participant is None or pid == participant:
            out[("rating", pid, nid, d)] = float(v)
    for note in a.notes:
        if participant is None or note.participant_id == participant:
            out[("note", note.id)] = (note.participant_id, note.node_id, note.kind, note.text)
    if participant is None:
        for (n, d), v in a.consensus.items():
            out[("consensus", n, d)] = float(v)
        for n, t in a.rationale.items():
            if t:
                out[("rationale", n)] = t
        for n, t in a.narratives.items():
            if t:
                out[("narrative", n)] = t
        out.update(figmerge.flatten(a))
        for x in a.actions:  # the whole action (to add or remove it) and each field (to change it)
            record = (x.title, x.description, x.owner, x.due, x.impact, x.effort, x.status,
                      tuple(x.node_ids), tuple(x.note_ids))
            out[("action", x.id)] = record
            for f, fv in zip(ACTION_FIELDS, record):
                out[("action", x.id, f)] = fv
    return out


def snapshot_digest(a: Assessment) -> str:
    """A fingerprint of everything mergeable in a snapshot (ids included, timestamps excluded)."""
    items = sorted(flatten(a).items(), key=lambda kv: kv[0])
    return hashlib.sha256(json.dumps([a.id, items], ensure_ascii=False, default=list).encode()).hexdigest()


def remember_snapshot(store: Store, a: Assessment) -> None:
    """Record that this database has seen (exported or imported) this exact snapshot."""
    store.record_kit(f"{a.id}:{snapshot_digest(a)}", a.id, "", "snapshot", now())


def knows_snapshot(store: Store, a: Assessment) -> bool:
    """True when a file's base is a snapshot this database exported or imported (a common ancestor)."""
    return store.kit_record(f"{a.id}:{snapshot_digest(a)}") is not None


@dataclass
class Change:
    """One difference between the store and the file; conflict = changed in both places."""

    key: Key
    mine: Any
    theirs: Any
    base: Any = None
    conflict: bool = False
    label: str = ""
    order: int = 0  # notes and figures: position in the file, so new ones keep the file's order
    after: str | None = None  # a new figure: the figure before it in the file (it is put after that one)
    images: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)  # a figure's image bytes

    @property
    def id(self) -> str:
        """A stable text id, used to pass resolutions (``{change.id: "mine" | "theirs"}``)."""
        return "|".join(str(k) for k in self.key)

    @property
    def section(self) -> str:
        return self.key[0]

    def describe(self) -> str:
        mine, theirs = _short(self.mine, self.key), _short(self.theirs, self.key)
        if self.conflict:
            base = "" if self.base is None else _("; both started from {base}").format(
                base=_short(self.base, self.key))
            label = self.label
            if self.section == "figure" and self.mine is not None and self.theirs is not None:
                label += f" ({', '.join(figmerge.differences(self.mine, self.theirs))})"  # what the two differ in
            return _("CONFLICT {label}: here {mine}, in the file {theirs}{base} [{id}]").format(
                label=label, mine=mine, theirs=theirs, base=base, id=self.id)
        if self.mine is None:
            return _("new {label}: {theirs}").format(label=self.label, theirs=theirs)
        if self.theirs is None:
            return _("removed {label} (was {mine})").format(label=self.label, mine=mine)
        if self.section == "figure":
            return _("changed {label} ({fields}): {mine} → {theirs}").format(
                label=self.label, fields=", ".join(figmerge.differences(self.mine, self.theirs)), mine=mine,
                theirs=theirs)
        return _("changed {label}: {mine} → {theirs}").format(label=self.label, mine=mine, theirs=theirs)


def _short(value: Any, key: Key) -> str:
    if value is None:
        return _("(none)")
    if key[0] in ("rating", "consensus"):
        return f"{value:g}"
    if key[0] == "participant":
        return value[0] + (f" ({value[1]})" if value[1] else "")
    if key[0] == "figure":
        return figmerge.short(value)
    if key[0] == "note":
        value = value[3]
    elif key[0] == "action" and len(key) == 2:
        value = f"{value[0]} [{value[6]}]"
    elif key[0] == "action" and isinstance(value, tuple):
        value = ", ".join(value) or _("none")
    text = " ".join(str(value).split())
    return f"“{text[:70]}…”" if len(text) > 70 else f"“{text}”"


def decide(mine: Any, theirs: Any, base: Any, has_base: bool) -> str:
    """'same', 'take' (apply theirs), 'keep' (mine wins, nothing to do) or 'conflict'."""
    if mine == theirs:
        return "same"
    if has_base:
        if base == mine:
            return "take"
        if base == theirs:
            return "keep"
        return "conflict"
    if mine is None:
        return "take"
    if theirs is None:
        return "keep"
    return "conflict"


def align_participants(mine: Assessment, theirs: Assessment) -> tuple[dict[str, str], list[str]]:
    """Map the file's participant ids to ours when the same person (same name) got another id."""
    ids = {p.id for p in mine.participants}
    mapping, notes = {}, []
    for p in theirs.participants:
        if p.id in ids:
            continue
        same = mine.participant_by_name(p.name)
        if same is not None:
            mapping[p.id] = same.id
            notes.append(f"participant {p.name} matched by name to the one already here")
    return mapping, notes


def remap(a: Assessment, mapping: dict[str, str]) -> Assessment:
    """A copy of the snapshot with participant ids replaced."""
    if not mapping:
        return a
    def m(pid: str) -> str:
        return mapping.get(pid, pid)
    return replace(a, participants=[replace(p, id=m(p.id)) for p in a.participants],
                   ratings={(m(p), n, d): v for (p, n, d), v in a.ratings.items()},
                   notes=[replace(n, participant_id=m(n.participant_id) if n.participant_id else None)
                          for n in a.notes])


def diff(fw: Framework, mine: Assessment, theirs: Assessment, base: Assessment | None = None,
         participant: str | None = None) -> list[Change]:
    """Changes and conflicts from mine to theirs (participant: limit to one person's data)."""
    fm, ft = flatten(mine, participant), flatten(theirs, participant)
    fb = flatten(base, participant) if base is not None else {}
    names = {p.id: p.name for p in list(theirs.participants) + list(mine.participants)}
    titles = {x.id: x.title for x in list(theirs.actions) + list(mine.actions)}
    order = {n.id: i for i, n in enumerate(fw.nodes())}
    positions = {n.id: n.position for n in theirs.notes}
    placed = figmerge.placement(theirs)
    out = []
    for key in set(fm) | set(ft) | set(fb):
        m, t, b = fm.get(key), ft.get(key), fb.get(key)
        verdict = decide(m, t, b, base is not None)
        if key[0] == "participant" and t is None:
            continue  # a merge never removes a person (and their scores) from the assessment
        if key[0] == "action":
            both = fm.get(key[:2]) is not None and ft.get(key[:2]) is not None
            if both == (len(key) == 2):
                continue  # an action on both sides merges field by field; otherwise as a whole
        if verdict in ("take", "conflict"):
            change = Change(key, m, t, b, verdict == "conflict", _label(fw, key, m or t or b, names, titles),
                            positions.get(key[1], 0) if key[0] == "note" else 0)
            if key[0] == "figure":
                change.order, change.after = placed.get(key, (0, None))
                if t is not None:
                    change.images = _images_of(t, theirs)
            out.append(change)

    def sort_key(c: Change):
        node = {"rating": 2, "consensus": 1, "rationale": 1, "narrative": 1, "figure": 1}.get(c.section)
        n = c.key[node] if node else (c.theirs or c.mine)[1] if c.section == "note" else ""
        return (SECTIONS.index(c.section), order.get(n, -1), c.order if c.section == "figure" else 0, c.id)
    return sorted(out, key=sort_key)


def _images_of(value: str, theirs: Assessment) -> dict[str, bytes]:
    """The bytes of the image a figure of the file shows (when the file carries it)."""
    fig = figmerge.decode(value)
    return {fig.image: theirs.images[fig.image]} if fig.is_image and fig.image in theirs.images else {}


def _dimension(fw: Framework, dim_id: str) -> str:
    """A dimension's title as read ('Plan', 'Note'), its id when the framework does not know it."""
    for m in fw.methods.values():
        for d in m.dimensions:
            if d.id == dim_id:
                return d.title().lower() if d.id == "score" else d.title()
    return dim_id


def _label(fw: Framework, key: Key, value: Any, names: dict[str, str], titles: dict[str, str]) -> str:
    kind = key[0]
    if kind == "header":
        return _("assessment {field}").format(field=_(key[1]))
    if kind == "participant":
        return _("participant")
    if kind == "rating":
        return _("score of {name} on {node} {dimension}").format(name=names.get(key[1], key[1]), node=key[2],
                                                                 dimension=_dimension(fw, key[3]))
    if kind == "consensus":
        return _("consensus score on {node} {dimension}").format(node=key[1], dimension=_dimension(fw, key[2]))
    if kind == "rationale":
        return _("rationale on {node}").format(node=key[1])
    if kind == "narrative":
        return _("narrative on {node}").format(node=key[1])
    if kind == "figure":
        return figmerge.label(key, value)
    if kind == "action" and len(key) == 3:
        field_name = _(key[2].replace("_ids", "s").replace("_", " "))
        return _("{field} of action “{title}”").format(field=field_name, title=titles.get(key[1], key[1])[:50])
    if kind == "note":
        pid, node, note_kind, _text = value
        who = names.get(pid, _("consolidated")) if pid else _("consolidated")
        return _("{kind} ({who}) on {node}").format(kind=_(NOTE_KIND_LABELS.get(note_kind, note_kind)).lower(),
                                                   who=who, node=node)
    return _("improvement action")


def unresolved(changes: Iterable[Change], resolutions: dict[str, str] | None, take: str | None) -> list[Change]:
    """The conflicts that neither a per-conflict resolution nor a blanket ``take`` settles."""
    resolutions = resolutions or {}
    return [c for c in changes if c.conflict and resolutions.get(c.id) not in ("mine", "theirs")
            and take not in ("mine", "theirs")]


def chosen(changes: Iterable[Change], resolutions: dict[str, str] | None, take: str | None) -> list[Change]:
    """The changes to write: plain changes plus conflicts resolved as 'theirs'."""
    resolutions = resolutions or {}
    out = []
    for c in changes:
        if c.conflict:
            if resolutions.get(c.id, take) == "theirs":
                out.append(c)
        else:
            out.append(c)
    return out


def apply(store: Store, assessment_id: str, changes: list[Change], resolutions: dict[str, str] | None = None,
          take: str | None = None, participant: str | None = None) -> int:
    """Write the chosen changes in ONE transaction; returns how many were written.

    Refuses when a conflict is unresolved or when the stored values moved since the preview.
    """
    if take not in (None, "mine", "theirs"):
        raise ValidationError("take", f"must be 'mine' or 'theirs', not {take!r}")
    for cid, how in (resolutions or {}).items():
        if how not in ("mine", "theirs"):
            raise ValidationError(f"resolution of {cid}", f"must be 'mine' or 'theirs', not {how!r}")
    open_conflicts = unresolved(changes, resolutions, take)
    if open_conflicts:
        n = len(open_conflicts)
        raise ValidationError("conflicts", ngettext(
            "{n} conflict is not resolved; choose 'mine' or 'theirs' for it (CLI: --take mine|theirs)",
            "{n} conflicts are not resolved; choose 'mine' or 'theirs' for each (CLI: --take mine|theirs)",
            n).format(n=n))
    todo = chosen(changes, resolutions, take)
    with store.transaction():
        snapshot = store.load_participant(assessment_id, participant) if participant else store.load(assessment_id)
        current = flatten(snapshot, participant)
        moved = [c for c in todo if current.get(c.key) != c.mine]
        if moved:
            raise ValidationError("assessment", _("changed since the preview ({change}); preview the import again").format(
                change=moved[0].label))
        todo.sort(key=lambda c: (_apply_order(c), c.order))
        new_notes = [c for c in todo if c.section == "note" and c.mine is None]
        scores = [c for c in todo if c.section in ("rating", "consensus")]
        batched = {id(c) for c in new_notes}
        figures = [c for c in todo if c.section == "figure"]
        for c in todo:
            if c.section in ("rating", "consensus", "figure"):
                continue
            if c is (new_notes[0] if new_notes else None):  # new notes go in one batch, before actions
                store.add_notes(assessment_id, [Note(x.key[1], x.theirs[1], x.theirs[2], x.theirs[3], x.theirs[0])
                                                for x in new_notes])
            if id(c) in batched:
                continue
            _write(store, assessment_id, c)
        if figures:  # each node's figures written once, with the images the file brings
            figmerge.write(store, assessment_id, snapshot, figures)
        if scores:
            store.set_ratings(assessment_id, [(c.key[1] if c.section == "rating" else None, c.key[-2], c.key[-1],
                                               c.theirs) for c in scores])
    return len(todo)


def _apply_order(c: Change) -> int:
    # participants first, then notes (actions link to them), actions, values; removals last
    rank = {"header": 0, "participant": 1, "note": 2, "action": 3}.get(c.section, 4)
    return rank + (10 if c.theirs is None else 0)


def _write(store: Store, aid: str, c: Change) -> None:
    kind, t = c.section, c.theirs
    if kind == "header":
        store.update_assessment(aid, **{c.key[1]: t})
    elif kind == "participant":
        if c.mine is None:
            store.add_participant(aid, t[0], t[1], participant_id=c.key[1])
        elif t is not None:
            store.update_participant(c.key[1], name=t[0], role=t[1])
        else:
            store.remove_participant(c.key[1])
    elif kind == "rating":
        store.set_rating(aid, c.key[1], c.key[2], c.key[3], t)
    elif kind == "consensus":
        store.set_rating(aid, None, c.key[1], c.key[2], t)
    elif kind == "rationale":
        store.set_rationale(aid, c.key[1], t or "")
    elif kind == "narrative":
        store.set_narrative(aid, c.key[1], t or "")
    elif kind == "note":
        if t is None:
            store.delete_note(c.key[1])
        elif c.mine is None:
            store.add_note(aid, t[0], t[1], t[2], t[3], note_id=c.key[1])
        else:
            store.update_note(c.key[1], t[3])
    elif kind == "action":
        if t is None:
            store.delete_action(c.key[1])
            return
        existing = {n.id for n in store.load(aid).notes} if "note_ids" in c.key or len(c.key) == 2 else set()
        if len(c.key) == 3:
            value = list(t) if c.key[2] == "node_ids" else [n for n in t if n in existing] \
                if c.key[2] == "note_ids" else t
            store.update_action(c.key[1], **{c.key[2]: value})
            return
        fields = dict(zip(ACTION_FIELDS, t))
        fields["node_ids"] = list(fields["node_ids"])
        fields["note_ids"] = [n for n in fields["note_ids"] if n in existing]
        if c.mine is None:
            title = fields.pop("title")
            store.add_action(aid, title, fields.pop("node_ids"), fields.pop("note_ids"), c.key[1], **fields)
        else:
            store.update_action(c.key[1], **fields)
