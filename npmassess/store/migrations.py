"""Schema migrations for the local store: append-only, each one in a transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations


@dataclass
class _Step:
    name: str
    fn: Callable
    transactional: bool = True


class LazyMigrations:
    """sqlite-utils' Migrations, built on first use: naming the migrations imports no sqlite-utils.

    Opening an up-to-date store only compares names (the GUI shows its start page sooner);
    pending(), applied() and apply() are sqlite-utils' own.
    """

    def __init__(self, name: str):
        self.name = name
        self._migrations: list[_Step] = []
        self._built: Migrations | None = None

    def __call__(self, *, name: str | None = None, transactional: bool = True) -> Callable:
        def inner(fn: Callable) -> Callable:
            self._migrations.append(_Step(name or fn.__name__, fn, transactional))
            return fn
        return inner

    def real(self) -> Migrations:
        """The sqlite-utils Migrations holding every step registered here, in order."""
        if self._built is None:
            from sqlite_utils import Migrations
            built = Migrations(self.name)
            for step in self._migrations:
                built(name=step.name, transactional=step.transactional)(step.fn)
            self._built = built
        return self._built

    def pending(self, db: Database) -> list[Any]:
        return self.real().pending(db)

    def applied(self, db: Database) -> list[Any]:
        return self.real().applied(db)

    def apply(self, db: Database, **options: Any) -> None:
        self.real().apply(db, **options)


migrations = LazyMigrations("npmassess")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("assessments").create({
        "id": str, "organisation": str, "unit": str, "framework_id": str, "edition": str,
        "method": str, "cycle": str, "status": str, "created": str, "updated": str,
    }, pk="id", not_null={"organisation", "unit", "framework_id", "edition", "method", "cycle"})
    db.table("participants").create({
        "id": str, "assessment_id": str, "name": str, "role": str, "position": int,
    }, pk="id", foreign_keys=[("assessment_id", "assessments", "id")], not_null={"name"})
    db.table("ratings").create({
        "participant_id": str, "node_id": str, "dimension": str, "value": float,
    }, pk=("participant_id", "node_id", "dimension"),
        foreign_keys=[("participant_id", "participants", "id")])
    db.table("consensus_ratings").create({
        "assessment_id": str, "node_id": str, "dimension": str, "value": float,
    }, pk=("assessment_id", "node_id", "dimension"),
        foreign_keys=[("assessment_id", "assessments", "id")])
    db.table("consensus").create({
        "assessment_id": str, "node_id": str, "rationale": str,
    }, pk=("assessment_id", "node_id"), foreign_keys=[("assessment_id", "assessments", "id")])
    db.table("notes").create({
        "id": str, "assessment_id": str, "participant_id": str, "node_id": str, "kind": str,
        "text": str, "position": int,
    }, pk="id", foreign_keys=[("assessment_id", "assessments", "id"),
                              ("participant_id", "participants", "id")])
    db.table("actions").create({
        "id": str, "assessment_id": str, "title": str, "description": str, "owner": str,
        "due": str, "impact": int, "effort": int, "status": str, "position": int,
    }, pk="id", foreign_keys=[("assessment_id", "assessments", "id")], not_null={"title"})
    db.table("action_links").create({
        "action_id": str, "node_id": str, "note_id": str,
    }, foreign_keys=[("action_id", "actions", "id")])
    db.table("participants").create_index(["assessment_id"])
    db.table("notes").create_index(["assessment_id", "node_id"])
    db.table("actions").create_index(["assessment_id"])
    db.table("action_links").create_index(["action_id"])
    db.table("consensus_ratings").create_index(["assessment_id"])


@migrations()
def m002_narratives(db: Database) -> None:
    """Per-node narrative responses for award application documents."""
    db.table("narratives").create({
        "assessment_id": str, "node_id": str, "text": str,
    }, pk=("assessment_id", "node_id"), foreign_keys=[("assessment_id", "assessments", "id")])


@migrations()
def m003_offline(db: Database) -> None:
    """Offline field offices: the log of issued scoring kits and the last synced package."""
    db.table("kits").create({
        "id": str, "assessment_id": str, "participant_id": str, "kind": str, "issued": str,
        "returned": str, "digest": str,
    }, pk="id")
    db.table("kits").create_index(["assessment_id", "participant_id"])
    db.table("sync_bases").create({
        "assessment_id": str, "snapshot": str, "kit": str, "recorded": str,
    }, pk="assessment_id")


@migrations()
def m004_kit_secret(db: Database) -> None:
    """A secret per database that keys the seal of the scoring kits it issues (never leaves the file)."""
    db.table("secrets").create({"name": str, "value": str}, pk="name")


@migrations()
def m_i18n_001_assessment_language(db: Database) -> None:
    """The language the users write an assessment's own texts in (notes, rationale, narratives)."""
    if "language" not in db.table("assessments").columns_dict:
        db.table("assessments").add_column("language", str)


@migrations()
def m_results_register(db: Database) -> None:
    """The results register: measures per organisation and unit (across cycles), their links to
    framework nodes, values per period, and the reasons a team gave for overruling a suggestion."""
    db.table("measures").create({
        "id": str, "organisation": str, "unit": str, "name": str, "definition": str, "level": str,
        "uom": str, "direction": str, "source": str, "owner": str, "baseline": float,
        "baseline_period": str, "comparison_name": str, "relates_to": str, "position": int,
    }, pk="id", not_null={"organisation", "unit", "name", "level", "direction"})
    db.table("measures").create_index(["organisation", "unit"])
    db.table("measure_links").create({"measure_id": str, "link": str}, pk=("measure_id", "link"),
                               foreign_keys=[("measure_id", "measures", "id")])
    # clustered by measure and period (WITHOUT ROWID): a register of 30,000 values reads in one pass
    db.execute("""create table measure_values (
        measure_id text not null references measures(id), period text not null, period_start integer not null,
        period_length integer not null, actual real, target real, comparison real,
        primary key (measure_id, period_start, period_length)) without rowid""")
    db.table("suggestion_overrules").create({
        "assessment_id": str, "node_id": str, "dimension": str, "suggested": float, "chosen": float,
        "reason": str, "recorded": str,
    }, pk=("assessment_id", "node_id", "dimension"), foreign_keys=[("assessment_id", "assessments", "id")])


@migrations()
def m_trust_001_stages(db: Database) -> None:
    """Stages and sign-off: the assessment's stage, its approvals and reopenings, the write lock."""
    from npmassess.store.lock import LOCKED_TABLES, trigger_sql
    db.table("assessments").add_column("stage", str, not_null_default="individual")
    db.table("signoffs").create({
        "id": str, "assessment_id": str, "kind": str, "user": str, "at": str, "note": str,
    }, pk="id")  # no foreign key: the sign-off history outlives a re-import of the assessment
    db.table("signoffs").create_index(["assessment_id"])
    for sql in trigger_sql(LOCKED_TABLES):
        db.execute(sql)


@migrations()
def m_trust_002_anonymity(db: Database) -> None:
    """Anonymous individual scores: the facilitator's setting and the stable Assessor A, B, C mapping."""
    db.table("process_settings").create({"assessment_id": str, "anonymous": int}, pk="assessment_id")
    db.table("anonymity").create({"assessment_id": str, "participant_id": str, "label": str},
                           pk=("assessment_id", "participant_id"))


@migrations()
def m_trust_003_evidence(db: Database) -> None:
    """Evidence notes gain a date (when the evidence is from) and a 'held but not attached' flag."""
    from npmassess.store.lock import EXTRA_LOCKED, trigger_sql
    db.table("note_meta").create({"note_id": str, "assessment_id": str, "dated": str, "held": int}, pk="note_id")
    db.table("note_meta").create_index(["assessment_id"])
    for sql in trigger_sql({"note_meta": EXTRA_LOCKED["note_meta"]}, assessments=False):
        db.execute(sql)


@migrations()
def m_trust_004_dossier(db: Database) -> None:
    """The CAF process dossier: each step's date, owner and note, and file references as attachments."""
    db.table("dossier_steps").create({"assessment_id": str, "step": int, "done": str, "owner": str, "note": str},
                               pk=("assessment_id", "step"))
    db.table("dossier_files").create({"id": str, "assessment_id": str, "step": int, "path": str, "label": str,
                                "added": str}, pk="id")
    db.table("dossier_files").create_index(["assessment_id", "step"])


@migrations()
def m_trust_005_audit(db: Database) -> None:
    """The audit trail: append-only (triggers refuse UPDATE and DELETE), each row chained by its hash."""
    db.execute("""create table audit_trail (
        seq integer primary key, assessment_id text not null, at text not null, user text not null,
        tbl text not null, key text, node_ids text, old text, new text, source text, reason text,
        prev_hash text not null, hash text not null)""")
    db.execute("create index audit_trail_assessment on audit_trail (assessment_id)")
    for event in ("update", "delete"):
        db.execute(f"create trigger audit_trail_no_{event} before {event} on audit_trail "
                   "begin select raise(abort, 'the audit trail is append-only'); end")


@migrations()
def m_figures(db: Database) -> None:
    """Figures stored with each node's narrative (a JSON list of npmassess.figures.Figure)."""
    db.table("figures").create({
        "assessment_id": str, "node_id": str, "figures": str,
    }, pk=("assessment_id", "node_id"), foreign_keys=[("assessment_id", "assessments", "id")])
    from npmassess.store.lock import EXTRA_LOCKED, trigger_sql
    for sql in trigger_sql({"figures": EXTRA_LOCKED["figures"]}, assessments=False):
        db.execute(sql)  # an approved assessment's figures are read-only too


@migrations()
def m_store_001_updated_from_trail(db: Database) -> None:
    """The assessment's `updated` stamp follows the audit trail: each trail row stamps its assessment.

    A score click then costs no statement of its own for the stamp: the trigger runs one UPDATE by
    primary key inside the trail's INSERT (none when the stamp already holds the row's time).
    Header rows ('assessments': a whole imported snapshot keeps its own stamp; header edits stamp
    themselves) and approved assessments (read-only) are left alone.
    """
    db.execute("create trigger audit_trail_stamps_updated after insert on audit_trail"
               " when new.tbl <> 'assessments'"
               " begin update assessments set updated = new.at where id = new.assessment_id"
               " and updated is not new.at and stage is not 'approved'; end")


@migrations()
def m_figures_002_images(db: Database) -> None:
    """Images of figures (PNG or JPEG), stored once by their SHA-256; a figure names its image by that digest.

    No assessment owns a row (two figures may show the same picture) and a row never changes, so the
    approval lock needs no trigger here; deleting an assessment removes the images no figure shows any more.
    """
    db.execute("""create table figure_images (
        digest text not null primary key, kind text not null, width integer not null, height integer not null,
        data blob not null, added text)""")


SCHEMA_VERSION = len(migrations._migrations)
KNOWN = [m.name for m in migrations._migrations]
