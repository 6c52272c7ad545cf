"""Editions: carry an assessment's consensus, rationale, notes and actions to a newer edition's nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

from npmassess.assessment import Action, Assessment, Note
from npmassess.assessment import new_id as make_id
from npmassess.errors import ValidationError
from npmassess.i18n import _
from npmassess.frameworks import Library
from npmassess.model import Framework


@dataclass
class Migration:
    """What moved from the old edition's nodes to the new one's, and what could not."""

    old: Framework
    new: Framework
    method: str
    ratings: int = 0
    notes: int = 0
    carried_from: dict[str, list[str]] = field(default_factory=dict)  # new node -> old nodes used
    not_carried: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (f"Moved to {self.new.title_with_edition()} from {self.old.title_with_edition()} using the "
                f"correspondence declared in the {self.new.edition} file: {self.ratings} consensus ratings and "
                f"{self.notes} consolidated notes carried.")
        return [head] + [f"Not carried: {x}" for x in self.not_carried]


def newer_editions(lib: Library, fw: Framework) -> list[Framework]:
    """Editions of the same framework that declare how they map from this one."""
    return [f for f in lib if f.id == fw.id and f.previous is not None and f.previous.edition == fw.edition]


def target_framework(lib: Library, old: Framework, edition: str) -> Framework:
    """The new edition, checked to declare a mapping from the old one."""
    new = lib.get(old.id, edition)
    if new.previous is None or new.previous.edition != old.edition:
        choices = ", ".join(f.edition for f in newer_editions(lib, old)) or _("none")
        raise ValidationError("edition", _("{framework} does not declare how its nodes map from edition {edition} "
                                           "(editions that do: {choices})").format(
            framework=new.title_with_edition(), edition=old.edition, choices=choices))
    return new


def migrate(old_fw: Framework, new_fw: Framework, old: Assessment, new: Assessment,
            note_map: dict[str, str]) -> Migration:
    """Fill `new` (an empty assessment on new_fw) from `old` across new_fw.previous; returns the record.

    note_map receives old consolidated note id -> new note id (the first copy), for the actions.
    """
    prev = new_fw.previous
    assert prev is not None
    m = Migration(old_fw, new_fw, new.method)
    old_ids = {n.id for n in old_fw.nodes()}
    old_scored = {n.id: n for n in old_fw.scored_nodes()}
    old_method, new_method = old_fw.method(old.method), new_fw.method(new.method)
    used: set[str] = set()
    for node in new_fw.scored_nodes():
        sources = [s for s in prev.sources(node.id) if s in old_ids]
        missing = [s for s in prev.map.get(node.id, ()) if s not in old_ids]  # only what the map names
        for s in missing:
            m.not_carried.append(f"{node.id} {node.title()}: the map names {s}, which edition "
                                 f"{old_fw.edition} does not have.")
        if not sources:
            m.not_carried.append(f"{node.id} {node.title()}: new in {new_fw.edition}, nothing to carry; score it afresh.")
            continue
        m.carried_from[node.id] = sources
        used.update(sources)
        first = sources[0]
        for dim in new_method.dimensions_for(node.type):
            value = old.consensus.get((first, dim.id))
            if value is None:
                continue
            problem = dim.scale.check(value)
            if problem is None and first in old_scored:
                new.consensus[(node.id, dim.id)] = value
                m.ratings += 1
            else:
                m.not_carried.append(f"{node.id} {dim.title()}: the old rating {value:g} of {first} "
                                     f"({problem or 'not a scored node'}) must be given again.")
        for text_map in (old.rationale, old.narratives):
            if first in text_map:
                (new.rationale if text_map is old.rationale else new.narratives)[node.id] = text_map[first]
        for s in sources:
            for n in old.notes_for(s, participant_id=None):
                copy = Note(make_id(), node.id, n.kind, n.text, None, len(new.notes_for(node.id)))
                new.notes.append(copy)
                note_map.setdefault(n.id, copy.id)
                m.notes += 1
        dropped_dims = {d.id for d in old_method.dimensions_for(old_scored[first].type)} - \
            {d.id for d in new_method.dimensions_for(node.type)} if first in old_scored else set()
        for d in sorted(dropped_dims):
            if (first, d) in old.consensus:
                m.not_carried.append(f"{node.id}: the old dimension '{d}' of {first} has no place in the new method.")
    for old_node in old_fw.scored_nodes():
        had = any(k[0] == old_node.id for k in old.consensus) or bool(old.notes_for(old_node.id, participant_id=None))
        if old_node.id not in used and had:
            m.not_carried.append(f"{old_node.id} {old_node.title()} (edition {old_fw.edition}): no node of edition "
                                 f"{new_fw.edition} takes it over; its score and notes stay in cycle {old.cycle}.")
    return m


def remap_action(action: Action, migration: Migration) -> list[str]:
    """New node ids for an action linked to old ones (every new node that takes one of them over)."""
    out: list[str] = []
    for old_id in action.node_ids:
        for new_node, sources in migration.carried_from.items():
            if old_id in sources and new_node not in out:
                out.append(new_node)
    return out
