"""The audit trail: every committed change recorded (who, when, old, new, source, reason), hash-chained.

Built on the store's change records: Store.commit_hooks calls record() with the records of each
edit inside its write transaction, so a change and its trail row commit together or not at all.
The trail table is append-only (triggers refuse UPDATE and DELETE) and each row carries
hash = sha256(previous row's hash + canonical JSON of the row), so editing, removing or inserting
a row anywhere in the chain is detected by verify(). Cutting rows off the end cannot be seen from
the chain alone: the PDF appendix prints the chain head (row count and last hash) as an anchor.
"""

from __future__ import annotations

import functools
import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from npmassess.assessment import now
from npmassess.i18n import N_, Deferred, _, current_language, labelled

GENESIS = "0" * 64
FIELDS = ("seq", "assessment_id", "at", "user", "table", "key", "node_ids", "old", "new", "source", "reason")
KIND_LABELS = {"ratings": N_("Individual score"), "consensus_ratings": N_("Consensus score"),
               "consensus": N_("Rationale"), "narratives": N_("Narrative"), "figures": N_("Figures"),
               "notes": N_("Note"), "actions": N_("Action"), "participants": N_("Participant"),
               "assessments": N_("Assessment details"), "signoffs": N_("Sign-off"),
               "note_meta": N_("Evidence date/flag")}


def plain(value: Any) -> Any:
    """A change value as JSON data: rows (tuples of (field, value) pairs) become objects."""
    if isinstance(value, tuple) and value and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                                                  for p in value):
        return {k: plain(v) for k, v in value}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def canonical(row: dict) -> str:
    """The row's canonical JSON (sorted keys, no spaces, UTF-8 text), without its hash fields."""
    body = {k: row[k] for k in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev: str, row: dict) -> str:
    import hashlib  # here: OpenSSL loads only when a change is recorded, not before the start page
    return hashlib.sha256((prev + canonical(row)).encode("utf-8")).hexdigest()


# -- who, from where, why (set around edits by the GUI, the CLI and imports) -------------------
def context(store) -> dict:
    ctx = getattr(store, "_audit", None)
    if ctx is None:
        from npmassess.process.identity import default_user
        ctx = store._audit = {"user": default_user(), "source": "", "reason": ""}
    return ctx


def set_user(store, user: str) -> None:
    """The local user name recorded with every change made through this store."""
    from npmassess.process.identity import check_user
    context(store)["user"] = check_user(user)


@contextmanager
def about(store, source: str | None = None, reason: str | None = None) -> Iterator[None]:
    """Record the changes made inside with a source (an imported file) and/or a reason."""
    ctx = context(store)
    saved = dict(ctx)
    if source is not None:
        ctx["source"] = str(source)
    if reason is not None:
        ctx["reason"] = reason
    try:
        yield
    finally:
        ctx.update(saved)


# -- writing ------------------------------------------------------------------------------
def _nodes(change) -> list[str]:
    node = getattr(change, "node_id", None)
    if node:
        return [node]
    if change.table == "actions":
        ids: list[str] = []
        for v in (change.old, change.new):
            if v:
                ids += [n for n in dict(v).get("node_ids", ()) if n not in ids]
        return ids
    return []


def record(store, changes: Iterable, user: str | None = None) -> int:
    """Commit hook: append one chained trail row per change record (inside the write transaction)."""
    ctx = dict(context(store))
    if user:
        ctx["user"] = user
    at = now()
    rows = 0
    _install(store.db)
    for c in changes:
        if c.old == c.new:
            continue
        body = {"assessment_id": c.assessment_id, "at": at, "user": ctx["user"], "table": c.table,
                "key": plain(c.key), "node_ids": _nodes(c), "old": plain(c.old), "new": plain(c.new),
                "source": ctx["source"], "reason": ctx["reason"]}
        # one statement per change: the chain head (last seq and hash) is read and hashed inside the INSERT
        store.db.execute(
            "insert into audit_trail (seq, assessment_id, at, user, tbl, key, node_ids, old, new, source, reason,"
            " prev_hash, hash) select h.seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, h.prev, npmassess_chain(h.prev, h.seq, ?)"
            " from (select coalesce(max(seq), 0) + 1 as seq, coalesce((select hash from audit_trail"
            " order by seq desc limit 1), ?) as prev from audit_trail) as h",
            [c.assessment_id, at, ctx["user"], c.table, _j(body["key"]), _j(body["node_ids"]), _j(body["old"]),
             _j(body["new"]), ctx["source"], ctx["reason"], _j(body), GENESIS])
        rows += 1
    return rows


def _install(db) -> None:
    """Register npmassess_chain(prev, seq, body JSON) on the database's connection: the row's chain_hash."""
    if getattr(db, "_npmassess_chain", None) is db.conn:
        return
    conn = db.conn
    conn.create_function("npmassess_chain", 3, lambda prev, seq, body: chain_hash(prev, {**json.loads(body),
                                                                                       "seq": seq}),
                         deterministic=True)
    db._npmassess_chain = conn


def _j(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Event:
    """A change record made by the process itself (sign-off, reopening, evidence flags)."""

    table: str
    assessment_id: str
    key: Any
    old: Any
    new: Any
    node_id: str | None = None


# -- reading and checking -----------------------------------------------------------------
def _rows(store, where: str = "", args: list | None = None) -> list[dict]:
    cur = store.db.execute("select seq, assessment_id, at, user, tbl, key, node_ids, old, new, source, reason,"
                           f" prev_hash, hash from audit_trail {where} order by seq", args or [])
    out = []
    for r in cur:
        row = dict(zip(("seq", "assessment_id", "at", "user", "table", "key", "node_ids", "old", "new", "source",
                        "reason", "prev_hash", "hash"), r))
        for k in ("key", "node_ids", "old", "new"):
            row[k] = json.loads(row[k]) if row[k] is not None else None
        out.append(row)
    return out


def history(store, assessment_id: str, node_id: str | None = None) -> list[dict]:
    """The trail of an assessment (optionally only what touched one node), oldest first."""
    rows = _rows(store, "where assessment_id = ?", [assessment_id])
    if node_id is not None:
        rows = [r for r in rows if node_id in (r["node_ids"] or [])]
    return rows


@dataclass
class Verification:
    ok: bool
    rows: int
    head: str
    problem: str = ""
    seq: int | None = None  # the first row that does not fit


def verify(store) -> Verification:
    """Recompute the whole chain; the first row whose link or hash does not fit is named."""
    prev, expected_seq, n = GENESIS, 1, 0
    for row in _rows(store):
        n += 1
        if row["seq"] != expected_seq:
            return Verification(False, n, prev, f"row {expected_seq} is missing (the next row is {row['seq']})",
                                row["seq"])
        if row["prev_hash"] != prev:
            return Verification(False, n, prev, f"row {row['seq']} does not link to the row before it", row["seq"])
        if chain_hash(prev, row) != row["hash"]:
            return Verification(False, n, prev, f"row {row['seq']} was changed after it was written", row["seq"])
        prev, expected_seq = row["hash"], expected_seq + 1
    return Verification(True, n, prev)


def describe(row: dict, names: dict[str, str] | None = None, dimensions: dict[str, str] | None = None) -> str:
    """One line: what changed, where, from what to what, in the current language (dimensions: id -> title)."""
    names, dims = names or {}, dimensions or {}
    t, key, old, new = row["table"], row["key"], row["old"], row["new"]
    kind = _(KIND_LABELS[t]) if t in KIND_LABELS else t
    if t == "ratings":
        where = f"{key[1]} {dims.get(key[2], key[2])} ({names.get(key[0], key[0][:8])})"
    elif t == "consensus_ratings":
        where = f"{key[0]} {dims.get(key[1], key[1])}"
    elif t in ("consensus", "narratives", "figures"):
        where = str(key)
    elif t == "assessments" and not isinstance(new, dict) and not isinstance(old, dict):
        return _("Assessment written as a whole (created or imported)") if old is None else \
            _("Assessment replaced or deleted as a whole")
    elif t == "signoffs":
        from npmassess.process.stages import KIND_LABELS as SIGNOFF_KINDS, STAGE_LABELS
        what, note = (new or {}).get("kind", ""), (new or {}).get("note", "")
        if what == "stage":  # the recorded note names the stages in English: 'Individual scoring -> Consensus'
            names = {str(v): _(v) for v in STAGE_LABELS.values()}
            note = " -> ".join(names.get(part, part) for part in note.split(" -> "))
        what = _(SIGNOFF_KINDS[what]).lower() if what in SIGNOFF_KINDS else what
        return labelled(kind, f"{what} – {note}".rstrip(" –"))
    else:
        where = ""
    return labelled(f"{kind}{' ' + where if where else ''}", f"{_short(old)} → {_short(new)}")


def _short(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        from npmassess.numbers import fmt
        return fmt(value, "measure", current_language(), decimals=6)
    if isinstance(value, dict):
        for k in ("text", "title", "name"):
            if k in value:
                return _clip(str(value[k]))
        return _clip(", ".join(f"{k}={v}" for k, v in value.items()))
    return _clip(str(value))


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def for_export(store, a) -> dict:
    """The trail of an assessment as the PDF appendix shows it (names as labels when anonymous)."""
    from npmassess.process.anonymity import shown_participants
    shown = {p.id: p.name for p in shown_participants(a)}
    real = {p.name.strip().casefold(): shown[p.id] for p in a.participants}
    rows = []
    for r in history(store, a.id):
        if a.anonymous and r["table"] == "participants":
            r = dict(r, old=_masked(r["old"], shown, r["key"]), new=_masked(r["new"], shown, r["key"]))
        user = real.get(r["user"].strip().casefold(), r["user"]) if a.anonymous else r["user"]
        rows.append({"seq": r["seq"], "at": r["at"], "user": user,
                     "change": Deferred(functools.partial(describe, r, shown)),  # in the report's language
                     "source": r["source"], "reason": r["reason"]})
    check = verify(store)
    return {"rows": rows, "ok": check.ok, "problem": check.problem, "count": check.rows, "head": check.head}


def _masked(value, shown: dict[str, str], key) -> Any:
    if isinstance(value, dict):
        return {**value, "name": shown.get(key, "Assessor"), "role": ""}
    return value
