"""Anonymised benchlearning export: scores only, units coded, no names and no free text.

Values come from npmassess.comparison.column (the same numbers as every comparison). Nothing a
person typed goes out: no organisation, unit or participant name, no note, rationale, narrative or
action; cycles are kept only when they look like a period (digits, '-' and '/').
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from statistics import median

from npmassess import counts
from npmassess.assessment import now
from npmassess.comparison import column
from npmassess.fsutil import write_atomic
from npmassess.hub.connection import HubError
from npmassess.i18n import _, labelled, ngettext
from npmassess.hub.migrations import ADMIN, ANALYST
from npmassess.hub.queries import has_role
from npmassess.hub.source import HubSource

FORMAT = "npmassess-benchlearning"
FORMAT_VERSION = 1
_PERIOD = re.compile(r"^[0-9][0-9 /-]{0,19}$")


def _codes(src: HubSource) -> dict[str, str]:
    with src.conn.transaction():
        return {k: f"U{c:04d}" for c, k in src.conn.execute("select code, unit_key from hub_units")}


def _key(org: str, unit: str) -> str:
    return f"{org.strip().lower()} / {unit.strip().lower()}"  # as unit_key() in the hub


def records(src: HubSource) -> list[dict]:
    """One anonymous record per assessment the role may read."""
    if not has_role(src.conn, ANALYST, ADMIN):
        raise HubError("Benchlearning exports need the npmassess_analyst role (they cover every unit).")
    codes = _codes(src)
    summaries = src.list_assessments()
    out = []
    for a in src.load_many([s.id for s in summaries], scores_only=True):
        fw = src.framework_of(a)
        col = column(fw, a)
        cycle = a.cycle.strip()
        out.append({
            "unit": codes.get(_key(a.organisation, a.unit), "U?"),
            "cycle": cycle if _PERIOD.match(cycle) else "(not a period)",
            "framework": fw.id, "edition": fw.edition, "method": a.method, "status": a.status,
            "assessors": col.assessors, "completeness": round(col.completeness, 3),
            "overall": None if col.overall.value is None else round(col.overall.value, 3),
            "spread": None if col.spread is None else round(col.spread, 3),
            "criteria": {k: None if c.value is None else round(c.value, 3) for k, c in col.criteria.items()},
        })
    out.sort(key=lambda r: (r["framework"], r["cycle"], r["unit"]))
    return out


def summary(recs: list[dict]) -> list[dict]:
    """Per framework, cycle and criterion: how many units, their mean, median, lowest and highest."""
    groups: dict[tuple, list[float]] = {}
    for r in recs:
        for crit, value in list(r["criteria"].items()) + [("overall", r["overall"])]:
            if value is not None:
                groups.setdefault((r["framework"], r["edition"], r["cycle"], crit), []).append(value)
    return [{"framework": f, "edition": e, "cycle": c, "criterion": k, "units": len(v),
             "mean": round(sum(v) / len(v), 3), "median": round(median(v), 3), "min": min(v), "max": max(v)}
            for (f, e, c, k), v in sorted(groups.items())]


def export(src: HubSource, path: Path | str) -> str:
    """Write the export as JSON, or CSV when the file name ends in .csv; returns a sentence."""
    path = Path(path)
    recs = records(src)
    if path.suffix.lower() == ".csv":
        crits = sorted({k for r in recs for k in r["criteria"]}, key=lambda k: [int(t) if t.isdigit() else t
                                                                              for t in re.split(r"(\d+)", k)])
        buf = io.StringIO()
        w = csv.writer(buf)
        head = ["unit", "cycle", "framework", "edition", "method", "status", "assessors", "completeness",
                "overall", "spread"]
        w.writerow(head + [f"criterion {k}" for k in crits])
        for r in recs:
            w.writerow([r[h] for h in head] + [r["criteria"].get(k) for k in crits])
        data = buf.getvalue().encode("utf-8")
    else:
        doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "created": now(),
               "units": len({r["unit"] for r in recs}), "records": recs, "summary": summary(recs)}
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(path, data)
    units = len({r["unit"] for r in recs})
    return labelled(_("Wrote {path}").format(path=path), _("{assessments} of {units}.").format(
        assessments=counts.assessments(len(recs)),
        units=ngettext("{n} coded unit", "{n} coded units", units).format(n=units)))
