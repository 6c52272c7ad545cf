"""Change capture for the audit trail: the store's one hook, inside every write transaction.

Per-connection TEMP triggers note every changed row of the assessment tables (table, assessment,
key, old and new values as JSON) in a temp table; when the outermost write transaction is about to
commit, the pending rows become change records and go to every callback in commit_hooks, inside
the transaction, so a change and what the hooks write (the audit trail) commit together.

This is the minimal hook; it is used only while the store does not produce change records itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

# table -> (assessment id, key, row value) SQL over R (NEW or OLD)
_P = "(select assessment_id from participants where id = R.participant_id)"
_A = "(select assessment_id from actions where id = R.action_id)"
CAPTURED: dict[str, tuple[str, str, str]] = {
    "ratings": (_P, "json_array(R.participant_id, R.node_id, R.dimension)", "R.value"),
    "consensus_ratings": ("R.assessment_id", "json_array(R.node_id, R.dimension)", "R.value"),
    "consensus": ("R.assessment_id", "json_quote(R.node_id)", "json_quote(R.rationale)"),
    "narratives": ("R.assessment_id", "json_quote(R.node_id)", "json_quote(R.text)"),
    "notes": ("R.assessment_id", "json_quote(R.id)",
              "json_object('node_id', R.node_id, 'kind', R.kind, 'text', R.text, 'participant_id', R.participant_id,"
              " 'position', R.position)"),
    "actions": ("R.assessment_id", "json_quote(R.id)",
                "json_object('title', R.title, 'description', R.description, 'owner', R.owner, 'due', R.due,"
                " 'impact', R.impact, 'effort', R.effort, 'status', R.status, 'position', R.position)"),
    "action_links": (_A, "json_quote(R.action_id)", "json_object('node_id', R.node_id, 'note_id', R.note_id)"),
    "participants": ("R.assessment_id", "json_quote(R.id)",
                     "json_object('name', R.name, 'role', R.role, 'position', R.position)"),
}
HEADER = ("organisation", "unit", "cycle", "status", "method")


@dataclass(frozen=True)
class Captured:
    """One changed row, shaped like the store's change records (table, assessment, key, old, new)."""

    table: str
    assessment_id: str
    key: Any
    old: Any
    new: Any

    @property
    def node_id(self) -> str | None:
        if self.table == "ratings":
            return self.key[1]
        if self.table == "consensus_ratings":
            return self.key[0]
        if self.table in ("consensus", "narratives"):
            return self.key
        if self.table == "notes":
            return (self.new or self.old or {}).get("node_id")
        if self.table == "action_links":
            return (self.new or self.old or {}).get("node_id")
        return None


def install(conn) -> None:
    """Create the temp table and triggers on this connection (tables that do not exist are skipped)."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    conn.execute("pragma recursive_triggers = on")  # INSERT OR REPLACE then fires the delete triggers too
    conn.execute("create temp table if not exists audit_pending (tbl text, assessment_id text, key text,"
                 " old text, new text)")
    for table, (aid, key, value) in CAPTURED.items():
        if table not in tables:
            continue
        for event, old, new in (("insert", None, "NEW"), ("update", "OLD", "NEW"), ("delete", "OLD", None)):
            row = new or old
            sub = lambda expr, r=row: expr.replace("R.", f"{r}.")  # noqa: E731
            old_v = value.replace("R.", "OLD.") if old else "null"
            new_v = value.replace("R.", "NEW.") if new else "null"
            when = f" when {old_v} is not {new_v}" if event == "update" else ""
            conn.execute(f"create temp trigger if not exists cap_{table}_{event} after {event} on main.{table}{when} "
                         f"begin insert into audit_pending values ('{table}', {sub(aid)}, {sub(key)}, {old_v}, "
                         f"{new_v}); end")
    if "assessments" in tables:
        obj = lambda r: "json_object(" + ", ".join(f"'{c}', {r}.{c}" for c in HEADER) + ")"  # noqa: E731
        conn.execute("create temp trigger if not exists cap_assessments_update after update on main.assessments"
                     f" when {obj('OLD')} is not {obj('NEW')} begin insert into audit_pending values"
                     f" ('assessments', NEW.id, json_quote(NEW.id), {obj('OLD')}, {obj('NEW')}); end")


def take(conn) -> list[Captured]:
    """The pending change records, oldest first (and clear them)."""
    rows = conn.execute("select tbl, assessment_id, key, old, new from audit_pending order by rowid").fetchall()
    if not rows:
        return []
    conn.execute("delete from audit_pending")
    out: list[Captured] = []
    for tbl, aid, key, old, new in rows:
        k = json.loads(key)
        c = Captured(tbl, aid, tuple(k) if isinstance(k, list) else k,
                     json.loads(old) if old is not None else None, json.loads(new) if new is not None else None)
        prev = out[-1] if out else None
        if prev is not None and prev.new is None and c.old is None and (prev.table, prev.key) == (c.table, c.key):
            out[-1] = Captured(c.table, c.assessment_id, c.key, prev.old, c.new)  # a REPLACE: one change
            if prev.old == c.new:
                out.pop()
            continue
        out.append(c)
    return out


def run_hooks(conn, hooks: list[Callable[[list[Captured]], None]]) -> None:
    """Pass the pending records to every hook (inside the open transaction)."""
    changes = take(conn)
    if changes:
        for hook in hooks:
            hook(changes)
