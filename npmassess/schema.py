"""One schema definition for the local SQLite store and the PostgreSQL hub: tables, columns, keys.

The local store's migrations must produce exactly the ``local`` and ``both`` tables below (a test
reads the migrated SQLite file and compares); the hub's DDL is generated from the ``both`` and
``hub`` tables. A field added to one store is therefore either added here, which puts it in the
hub too, or the test fails. Tables one side keeps alone say so with ``scope`` and a ``reason``.

``since`` is the hub schema version that introduced a table or column: the hub's migration N
creates what has ``since == N``, so add new things with the next number, never edit old ones.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = {"text": ("TEXT", "text"), "integer": ("INTEGER", "integer"), "real": ("REAL", "double precision"),
         "blob": ("BLOB", "bytea"),
         "serial": (None, "bigserial"), "timestamp": (None, "timestamptz")}  # name -> (SQLite, PostgreSQL)
INFRASTRUCTURE = {"_sqlite_migrations": "sqlite-utils' own record of applied local migrations",
                  "hub_migrations": "the hub's own record of applied hub migrations"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    not_null: bool = False
    references: str | None = None  # "table.column"; the hub deletes children with their parent
    default: str | None = None  # hub-side SQL default (hub tables only)
    free_text: bool = False  # written by people: never in a benchlearning export
    since: int = 1


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...] = ()  # () = no primary key (SQLite rowid)
    scope: str = "both"  # both | local | hub
    reason: str = ""  # why a table lives in one store only
    owner: tuple[str, str] | None = None  # (column, parent table) linking a row to its assessment
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()  # hub-side unique constraints besides the key
    since: int = 1

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _t(name: str, *cols: Column, **kw) -> Table:
    return Table(name, tuple(cols), **kw)


C = Column
_A = ("assessment_id", "assessments")
TABLES: tuple[Table, ...] = (
    _t("assessments", C("id"), C("organisation", not_null=True), C("unit", not_null=True),
       C("framework_id", not_null=True), C("edition", not_null=True), C("method", not_null=True),
       C("cycle", not_null=True), C("status"), C("created"), C("updated"),
       C("language", since=2),  # local migration m_i18n_001: the language of the assessment's own texts
       C("stage", not_null=True, default="'individual'", since=3),  # local migration m_trust_001: individual -> consensus -> approved
       pk=("id",),
       indexes=(("cycle",),)),
    _t("participants", C("id"), C("assessment_id", references="assessments.id"),
       C("name", not_null=True, free_text=True), C("role", free_text=True), C("position", "integer"),
       pk=("id",), owner=_A, indexes=(("assessment_id",),)),
    _t("ratings", C("participant_id", references="participants.id"), C("node_id"), C("dimension"),
       C("value", "real"), pk=("participant_id", "node_id", "dimension"),
       owner=("participant_id", "participants")),
    _t("consensus_ratings", C("assessment_id", references="assessments.id"), C("node_id"), C("dimension"),
       C("value", "real"), pk=("assessment_id", "node_id", "dimension"), owner=_A),
    _t("consensus", C("assessment_id", references="assessments.id"), C("node_id"),
       C("rationale", free_text=True), pk=("assessment_id", "node_id"), owner=_A),
    _t("notes", C("id"), C("assessment_id", references="assessments.id"),
       C("participant_id", references="participants.id"), C("node_id"), C("kind"),
       C("text", free_text=True), C("position", "integer"), pk=("id",), owner=_A,
       indexes=(("assessment_id",),)),
    _t("actions", C("id"), C("assessment_id", references="assessments.id"),
       C("title", not_null=True, free_text=True), C("description", free_text=True),
       C("owner", free_text=True), C("due"), C("impact", "integer"), C("effort", "integer"), C("status"),
       C("position", "integer"), pk=("id",), owner=_A, indexes=(("assessment_id",),)),
    _t("action_links", C("action_id", references="actions.id"), C("node_id"), C("note_id"),
       owner=("action_id", "actions"), indexes=(("action_id",),)),
    _t("narratives", C("assessment_id", references="assessments.id"), C("node_id"),
       C("text", free_text=True), pk=("assessment_id", "node_id"), owner=_A),
    _t("figures", C("assessment_id", references="assessments.id"), C("node_id"), C("figures", free_text=True),
       pk=("assessment_id", "node_id"), owner=_A, since=4),  # a node's figures as JSON (npmassess.figures)
    _t("figure_images", C("digest", not_null=True), C("kind", not_null=True), C("width", "integer", not_null=True),
       C("height", "integer", not_null=True), C("data", "blob", not_null=True), C("added"), pk=("digest",),
       scope="local", reason="the images of award figures (PNG or JPEG), each kept once by its SHA-256; the hub "
                             "keeps them per assessment instead (hub_figure_images), so row security and a "
                             "replaced push follow the assessment"),
    _t("kits", C("id"), C("assessment_id"), C("participant_id"), C("kind"), C("issued"), C("returned"),
       C("digest"), pk=("id",), scope="local",
       reason="the log of scoring kits a facilitator issued from one laptop; the hub logs pushes instead"),
    _t("sync_bases", C("assessment_id"), C("snapshot"), C("kit"), C("recorded"), pk=("assessment_id",),
       scope="local", reason="the last package synced with one laptop (merge bases); meaningless centrally"),
    _t("secrets", C("name"), C("value"), pk=("name",), scope="local",
       reason="the per-database key that seals the kits one laptop issues; it must never leave the file"),
    # -- the results register (issue 12): per organisation and unit, across cycles -------------
    _t("measures", C("id"), C("organisation", not_null=True), C("unit", not_null=True),
       C("name", not_null=True, free_text=True), C("definition", free_text=True), C("level", not_null=True),
       C("uom"), C("direction", not_null=True), C("source", free_text=True), C("owner", free_text=True),
       C("baseline", "real"), C("baseline_period"), C("comparison_name", free_text=True), C("relates_to"),
       C("position", "integer"), pk=("id",), scope="local", indexes=(("organisation", "unit"),),
       reason="the results register of a unit lives on the laptop that keeps it; packages and the hub "
              "do not carry it yet"),
    _t("measure_links", C("measure_id", references="measures.id"), C("link"), pk=("measure_id", "link"),
       scope="local", reason="links of the local results register's measures to framework nodes"),
    _t("measure_values", C("measure_id", not_null=True, references="measures.id"), C("period", not_null=True),
       C("period_start", "integer", not_null=True), C("period_length", "integer", not_null=True),
       C("actual", "real"), C("target", "real"), C("comparison", "real"),
       pk=("measure_id", "period_start", "period_length"), scope="local",
       reason="values per period of the local results register's measures"),
    _t("suggestion_overrules", C("assessment_id", references="assessments.id"), C("node_id"), C("dimension"),
       C("suggested", "real"), C("chosen", "real"), C("reason", free_text=True), C("recorded"),
       pk=("assessment_id", "node_id", "dimension"), scope="local", owner=_A,
       reason="why a team scored a results node away from the register's suggestion; local like the register"),
    # -- the assessment process (npmassess.process); local until the hub carries the process ------
    _t("signoffs", C("id"), C("assessment_id"), C("kind"), C("user"), C("at"), C("note", free_text=True), pk=("id",),
       scope="local", reason="who approved or reopened an assessment and why; the hub does not carry sign-offs yet"),
    _t("process_settings", C("assessment_id"), C("anonymous", "integer"), pk=("assessment_id",), scope="local",
       reason="the facilitator's display setting (anonymous individual scores) for one laptop's workshop"),
    _t("anonymity", C("assessment_id"), C("participant_id"), C("label"), pk=("assessment_id", "participant_id"),
       scope="local", reason="the Assessor A, B, C mapping stays in the facilitator's file, never on the hub"),
    _t("note_meta", C("note_id"), C("assessment_id"), C("dated"), C("held", "integer"), pk=("note_id",),
       scope="local", reason="evidence dates and the held-but-not-attached flag; the hub does not carry them yet"),
    _t("dossier_steps", C("assessment_id"), C("step", "integer"), C("done"), C("owner", free_text=True),
       C("note", free_text=True), pk=("assessment_id", "step"), scope="local",
       reason="the CAF process dossier checklist of one organisation's self-assessment; not pushed yet"),
    _t("dossier_files", C("id"), C("assessment_id"), C("step", "integer"), C("path", free_text=True),
       C("label", free_text=True), C("added"), pk=("id",), scope="local",
       reason="references to files on the organisation's own drives: meaningless on the hub"),
    _t("audit_trail", C("seq", "integer"), C("assessment_id", not_null=True), C("at", not_null=True),
       C("user", not_null=True), C("tbl", not_null=True), C("key"), C("node_ids"), C("old", free_text=True),
       C("new", free_text=True), C("source"), C("reason", free_text=True), C("prev_hash", not_null=True),
       C("hash", not_null=True), pk=("seq",), scope="local",
       reason="the hash-chained trail of one database's edits; a chain is only checkable in the file that wrote it"),
    # -- the hub's own tables ------------------------------------------------------------------
    _t("hub_packages", C("assessment_id", not_null=True, references="assessments.id"),
       C("digest", not_null=True), C("file_checksum", not_null=True), C("pushed_by", not_null=True),
       C("pushed_at", "timestamp", not_null=True), pk=("assessment_id",), scope="hub", owner=_A,
       reason="which content each assessment on the hub holds (idempotent pushes)"),
    _t("hub_figure_images", C("assessment_id", not_null=True, references="assessments.id"),
       C("digest", not_null=True), C("kind", not_null=True), C("width", "integer", not_null=True),
       C("height", "integer", not_null=True), C("data", "blob", not_null=True),
       pk=("assessment_id", "digest"), scope="hub", owner=_A, since=4,
       reason="the images (PNG or JPEG) the figures of each assessment on the hub show, stored with that "
              "assessment: a unit reads only its own, and replacing a push replaces them"),
    _t("hub_pushes", C("id", "serial", not_null=True),
       C("pushed_by", not_null=True, default="current_user"),
       C("pushed_at", "timestamp", not_null=True, default="now()"), C("file", not_null=True),
       C("file_checksum", not_null=True), C("assessment_id"), C("organisation"), C("unit"), C("cycle"),
       C("result", not_null=True), C("detail"), pk=("id",), scope="hub",
       reason="every push attempt: who, when, which file (audit log, append-only)"),
    _t("hub_members", C("login", not_null=True), C("organisation", not_null=True), C("unit", not_null=True),
       pk=("login", "organisation", "unit"), scope="hub",
       reason="which units a login role of npmassess_unit may push and read"),
    _t("hub_units", C("code", "serial", not_null=True), C("unit_key", not_null=True),
       pk=("code",), scope="hub", unique=(("unit_key",),),
       reason="the stable anonymous code of each unit in benchlearning exports"),
)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def local_tables() -> list[Table]:
    """Tables the local SQLite store holds after all its migrations."""
    return [t for t in TABLES if t.scope in ("both", "local")]


def hub_tables() -> list[Table]:
    """Tables the hub holds, parents before children."""
    return [t for t in TABLES if t.scope in ("both", "hub")]


def shared_tables() -> list[Table]:
    """Assessment data both stores hold, column for column."""
    return [t for t in TABLES if t.scope == "both"]


HUB_VERSION = max([t.since for t in TABLES] + [c.since for t in TABLES for c in t.columns])
