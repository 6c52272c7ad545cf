"""The hub read like a local store: list, load and frameworks, so comparison code runs on either."""

from __future__ import annotations

from typing import Any, Iterable

from npmassess.assessment import Assessment
from npmassess.errors import NotFound
from npmassess.i18n import _
from npmassess.frameworks import Library, library
from npmassess.hub import records
from npmassess.hub.connection import connect, describe
from npmassess.hub.migrations import check_version
from npmassess.model import Framework
from npmassess.schema import table
from npmassess.store import Summary

SCORE_PARTS = ("participants", "ratings", "consensus_ratings")  # what scoring and comparison read
ALL_PARTS = ("participants", "ratings", "consensus_ratings", "consensus", "narratives", "figures",
             "hub_figure_images", "notes", "actions", "action_links")


class HubSource:
    """An open hub connection with the read methods of Store (what this role may see, by RLS)."""

    def __init__(self, url: str, frameworks: Library | None = None, conn: Any = None):
        self.url = url
        self.frameworks = frameworks if frameworks is not None else library()
        self.conn = conn if conn is not None else connect(url)
        self.version = check_version(self.conn, self.path)

    @property
    def path(self) -> str:
        """Where the data comes from, for messages ('No assessment ... in <path>')."""
        return f"the hub ({describe(self.url)})"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "HubSource":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- Store's read interface --------------------------------------------------------------
    def list_assessments(self) -> list[Summary]:
        with self.conn.transaction():
            rows = self.conn.execute("""
                select a.id, a.organisation, a.unit, a.framework_id, a.edition, a.method, a.cycle,
                       a.status, a.updated, coalesce(p.n, 0), coalesce(c.n, 0)
                from assessments a
                left join (select assessment_id, count(*) n from participants group by 1) p on p.assessment_id = a.id
                left join (select assessment_id, count(*) n from consensus_ratings group by 1) c
                       on c.assessment_id = a.id
                order by a.updated desc, a.id""").fetchall()
        return [Summary(*r) for r in rows]

    def exists(self, assessment_id: str) -> bool:
        with self.conn.transaction():
            return self.conn.execute("select 1 from assessments where id = %s", [assessment_id]).fetchone() is not None

    def find(self, prefix: str) -> str:
        prefix = (prefix or "").strip()
        with self.conn.transaction():
            ids = [r[0] for r in self.conn.execute(
                "select id from assessments where starts_with(id, %s) limit 2", [prefix])] if prefix else []
        if len(ids) != 1:
            raise NotFound(_("No single assessment with id '{id}' on {hub}.").format(id=prefix, hub=self.path))
        return ids[0]

    def load(self, assessment_id: str) -> Assessment:
        found = self.load_many([assessment_id])
        if not found:
            raise NotFound(_("No assessment with id '{id}' on {hub}.").format(id=assessment_id, hub=self.path))
        return found[0]

    def load_many(self, ids: Iterable[str], scores_only: bool = False) -> list[Assessment]:
        """Several assessments in one read transaction (a few queries, not a few per assessment)."""
        ids = list(ids)
        parts = SCORE_PARTS if scores_only else ALL_PARTS
        q = self.conn.execute
        cols = lambda name, alias="": ", ".join(f"{alias}{c}" for c in table(name).names)  # noqa: E731
        with self.conn.transaction():
            headers = q(f"select {cols('assessments')} from assessments where id = any(%s)", [ids]).fetchall()
            got: dict[str, list[tuple]] = {}
            for name in parts:
                t = table(name)
                if t.owner and t.owner[0] == "assessment_id":
                    sql = f"select {cols(name)} from {name} where assessment_id = any(%s)"
                elif name == "ratings":
                    sql = (f"select {cols(name, 'r.')} from ratings r join participants p on p.id = r.participant_id"
                           " where p.assessment_id = any(%s)")
                else:  # action_links
                    sql = (f"select {cols(name, 'l.')} from action_links l join actions x on x.id = l.action_id"
                           " where x.assessment_id = any(%s)")
                if "position" in t.names:
                    sql += " order by position"
                got[name] = q(sql, [ids]).fetchall()
        order = {i: n for n, i in enumerate(ids)}
        return sorted(records.build(headers, got), key=lambda a: order.get(a.id, 0))

    def framework_of(self, assessment: Assessment | str) -> Framework:
        if isinstance(assessment, str):
            assessment = self.load(assessment)
        return self.frameworks.get(assessment.framework_id, assessment.edition)
