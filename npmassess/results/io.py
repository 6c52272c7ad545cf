"""CSV and Excel import and export of the register: one row per measure and period, checked strictly.

An import is all or nothing: every problem is named by row and column, and nothing is written
unless the whole file is clean. Rows without a period only describe (or create) a measure.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from npmassess.errors import ImportFileError, RegisterImportError, ValidationError
from npmassess.fsutil import describe_os_error
from npmassess.i18n import LANGUAGES, N_, _, labelled, listing, ngettext, translate_to
from npmassess.results.model import DIRECTIONS, LEVELS, Measure, Observation, Register
from npmassess.results.periods import parse_period
from npmassess.results.registry import load_register, save_measures

COLUMNS = ("measure", "level", "direction", "unit", "definition", "source", "owner", "baseline",
           "baseline_period", "comparison_name", "relates_to", "links", "period", "actual", "target",
           "comparison")
TEXT_FIELDS = {"level", "direction", "unit", "definition", "source", "owner", "comparison_name",
               "relates_to", "links"}
NUMBER_FIELDS = ("actual", "target", "comparison", "baseline")
COLUMN_CONTEXT, VALUE_CONTEXT = "register column", "register value"  # catalogue contexts: the file's words
MAX_ROWS = 200_000
MAX_PROBLEMS = 25
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _words(keys, context: str) -> dict[str, str]:
    """Every language's word for a column or value key (casefolded) -> the key: a French file reads back anywhere."""
    return {translate_to(lang, k, context).casefold(): k for lang in LANGUAGES for k in keys} | {k: k for k in keys}


def file_word(key: str, lang: str, context: str = COLUMN_CONTEXT) -> str:
    """A column name or a level/direction value as the file writes it in the language (English: the key)."""
    return key if lang == "en" else translate_to(lang, key, context)


@dataclass
class ImportSummary:
    """What an import changed."""

    new_measures: list[str] = field(default_factory=list)
    updated_measures: list[str] = field(default_factory=list)
    values: int = 0

    def text(self) -> str:
        new, updated = len(self.new_measures), len(self.updated_measures)
        return listing([ngettext("{n} new measure", "{n} new measures", new).format(n=new),
                        ngettext("{n} updated", "{n} updated", updated).format(n=updated),
                        ngettext("{n} period value written", "{n} period values written", self.values).format(
                            n=self.values)])


def _words_of(words, context: str) -> list[str]:
    """The file's words (columns, levels, directions) as a reader of the current language writes them."""
    return [translate_to(None, w, context) for w in words]


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _number(cell: object) -> float | None:
    """A cell as a number (None if empty); raises ValueError for anything else."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise ValueError
        return float(cell)
    if isinstance(cell, str) and _NUMBER.match(cell.strip()):
        return float(cell.strip())
    raise ValueError


def _period_cell(cell: object) -> object:
    """Excel turns a typed 2025-03 into a date on the first of the month: read that back as the month."""
    if isinstance(cell, (datetime, date)):
        if cell.day == 1 and (not isinstance(cell, datetime) or cell.time() == datetime.min.time()):
            return f"{cell.year:04d}-{cell.month:02d}"
        raise ValueError(_("{date} is a date, not a period; use 2025-03, 2025-Q1 or 2025").format(date=f"{cell:%Y-%m-%d}"))
    return cell


def known_nodes(frameworks) -> dict[str, set[str]]:
    """framework id -> every node id in any of its editions (what a link may name)."""
    out: dict[str, set[str]] = {}
    for fw in frameworks:
        out.setdefault(fw.id, set()).update(n.id for n in fw.nodes())
    return out


def parse_rows(rows: list[list], register: Register, where: str, excel: bool = False,
               nodes: dict[str, set[str]] | None = None) -> list[Measure]:
    """The measures a table describes, merged over the register's; raises RegisterImportError.

    nodes (known_nodes()): links must name a framework and one of its nodes.
    """
    problems: list[str] = []

    def cell_name(r: int, c: int) -> str:
        name = header[c] if c < len(header) else ""
        return (_("row {row}, column {letter} '{name}'").format(row=r, letter=_col_letter(c), name=name) if excel
                else _("row {row}, column '{name}'").format(row=r, name=name))

    if not rows:
        raise RegisterImportError(where, [_("the file is empty; the first row must name the columns")])
    words = _words(COLUMNS, COLUMN_CONTEXT)
    header = [str(h).strip().casefold() if h is not None else "" for h in rows[0]]
    header = [words.get(h, h) for h in header]
    while header and header[-1] == "":
        header.pop()
    for c, h in enumerate(header):
        if h not in COLUMNS:
            label = _("row 1, column {column}").format(column=_col_letter(c) if excel else c + 1)
            problems.append(labelled(label, _("unknown column '{name}' (known: {known})").format(
                name=h, known=", ".join(_words_of(COLUMNS, COLUMN_CONTEXT)))) if h
                else labelled(label, _("the column has no name")))
        elif header.index(h) != c:
            problems.append(_("row 1, column '{name}' appears twice").format(name=h))
    if "measure" not in header:
        problems.append(labelled(_("row 1"), _("the column '{name}' is missing").format(
            name=translate_to(None, "measure", COLUMN_CONTEXT))))
    if problems:
        raise RegisterImportError(where, problems)
    if len(rows) > MAX_ROWS:
        raise RegisterImportError(where, [_("the file has {n} rows; the limit is {limit}").format(
            n=len(rows), limit=MAX_ROWS)])
    col = {h: i for i, h in enumerate(header)}
    work: dict[str, Measure] = {}
    first_row: dict[tuple[str, str], tuple[int, Any]] = {}  # (measure, field) -> where it was first given
    seen_period: dict[tuple[str, str], int] = {}
    kinds: dict[str, tuple[str, int]] = {}
    new: set[str] = set()
    for r, row in enumerate(rows[1:], 2):
        if len(problems) >= MAX_PROBLEMS:
            break
        get = lambda f: row[col[f]] if f in col and col[f] < len(row) else None  # noqa: E731
        extra = [c for c in range(len(header), len(row)) if row[c] not in (None, "")]
        if extra:
            problems.append(labelled(_("row {row}, column {column}").format(
                row=r, column=_col_letter(extra[0]) if excel else extra[0] + 1), _("a value outside the named columns")))
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        name = get("measure")
        name = str(name).strip() if name is not None else ""
        if not name:
            problems.append(labelled(cell_name(r, col['measure']), _("the measure is not named")))
            continue
        key = name.casefold()
        m = work.get(key)
        if m is None:
            old = register.by_name(name)
            m = Measure(**{**old.__dict__, "links": list(old.links),
                           "observations": list(old.observations)}) if old else Measure("", name, "")
            if old is None:
                new.add(key)
            work[key] = m
        for f in TEXT_FIELDS | {"baseline", "baseline_period"}:
            if f not in col:
                continue
            value = get(f)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            text: Any = value.strip() if isinstance(value, str) else value  # str, or a float (baseline)
            if f == "baseline":
                try:
                    text = _number(value)
                except ValueError:
                    problems.append(labelled(cell_name(r, col[f]), _("'{value}' is not a number").format(value=value)))
                    continue
            elif f == "baseline_period":
                try:
                    text = parse_period(_period_cell(value), "baseline_period").label
                except (ValidationError, ValueError) as exc:
                    problems.append(labelled(cell_name(r, col[f]), getattr(exc, 'problem', exc)))
                    continue
            else:
                text = str(text)
            if f in ("level", "direction"):
                text = _words(LEVELS + DIRECTIONS, VALUE_CONTEXT).get(text.strip().casefold(), text)
            if f == "level" and text.casefold() not in LEVELS:
                problems.append(labelled(cell_name(r, col[f]), _("'{value}' is not a level ({known})").format(
                    value=text, known=", ".join(_words_of(LEVELS, VALUE_CONTEXT)))))
                continue
            if f == "direction" and text.casefold() not in DIRECTIONS:
                problems.append(labelled(cell_name(r, col[f]), _("'{value}' is not a direction ({known})").format(
                    value=text, known=", ".join(_words_of(DIRECTIONS, VALUE_CONTEXT)))))
                continue
            if f in ("level", "direction"):
                text = text.casefold()
            before = first_row.get((key, f))
            if before is not None and before[1] != text:
                problems.append(labelled(cell_name(r, col[f]), _(
                    "'{value}' differs from '{before}' given for '{name}' in row {row}").format(
                    value=text, before=before[1], name=name, row=before[0])))
                continue
            first_row.setdefault((key, f), (r, text))
            if f == "links":
                m.links = [part.strip() for part in re.split(r"[;\s]+", text) if part.strip()]
                bad = [link for link in m.links if ":" not in link]
                if bad:
                    problems.append(labelled(cell_name(r, col[f]), _(
                        "'{value}' is not framework:node (e.g. caf:6.2)").format(value=bad[0])))
                elif nodes is not None:
                    for link in m.links:
                        fid, node = link.split(":", 1)
                        if fid not in nodes:
                            problems.append(labelled(cell_name(r, col[f]), _(
                                "'{framework}' in '{link}' is not a framework ({known})").format(
                                framework=fid, link=link, known=", ".join(sorted(nodes)))))
                        elif node not in nodes[fid]:
                            problems.append(labelled(cell_name(r, col[f]), _(
                                "'{node}' in '{link}' is not a node of {framework}").format(
                                node=node, link=link, framework=fid)))
            else:
                setattr(m, "unit" if f == "unit" else f, text)
        period = get("period") if "period" in col else None
        if period is None or (isinstance(period, str) and not period.strip()):
            if any(get(f) not in (None, "") for f in ("actual", "target", "comparison") if f in col):
                problems.append(labelled(cell_name(r, col['period'] if 'period' in col else col['measure']),
                                         _("values are given without a period")))
            continue
        try:
            p = parse_period(_period_cell(period))
        except (ValidationError, ValueError) as exc:
            problems.append(labelled(cell_name(r, col['period']), getattr(exc, 'problem', exc)))
            continue
        if (key, p.label) in seen_period:
            problems.append(labelled(cell_name(r, col['period']), _(
                "{period} of '{name}' is already given in row {row}").format(
                period=p.label, name=name, row=seen_period[(key, p.label)])))
            continue
        seen_period[(key, p.label)] = r
        if key in kinds and kinds[key][0] != p.kind:
            problems.append(labelled(cell_name(r, col['period']), _(
                "{period} is a {kind}, but '{name}' has {other} periods (row {row})").format(
                period=p.label, kind=_(p.kind), name=name, other=_(kinds[key][0]), row=kinds[key][1])))
            continue
        kinds.setdefault(key, (p.kind, r))
        obs = Observation(p.label)
        for f in ("actual", "target", "comparison"):
            if f in col:
                try:
                    setattr(obs, f, _number(get(f)))
                except ValueError:
                    problems.append(labelled(cell_name(r, col[f]), _("'{value}' is not a number").format(value=get(f))))
        m.observations = [o for o in m.observations if o.period != p.label] + [obs]
    for key in new:
        m = work[key]
        if not m.level and len(problems) < MAX_PROBLEMS:
            row0 = min(rr for (k, _), rr in seen_period.items() if k == key) if any(
                k == key for k, _ in seen_period) else None
            problems.append(labelled(_("measure '{name}'").format(name=m.name), (_(
                "the level is needed for a new measure (column '{column}', first given in row {row})").format(
                column=translate_to(None, "level", COLUMN_CONTEXT), row=row0) if row0 else _(
                "the level is needed for a new measure (column '{column}')").format(
                column=translate_to(None, "level", COLUMN_CONTEXT)))))
    names = {m.name.casefold() for m in register.measures} | set(work)
    for (_key, f), (r, text) in first_row.items():  # relates_to names a measure of the file or the register
        if f == "relates_to" and text.casefold() not in names and len(problems) < MAX_PROBLEMS:
            problems.append(labelled(cell_name(r, col[f]), _(
                "'{value}' is not a measure of this file or of the register").format(value=text)))
    for m in work.values():  # a period kind clashing with the values already in the register
        ks = {parse_period(o.period).kind for o in m.observations}
        if len(ks) > 1 and len(problems) < MAX_PROBLEMS:
            problems.append(labelled(_("measure '{name}'").format(name=m.name), _(
                "the file’s periods are of one kind ({kind}), the register’s are not; keep one kind of period "
                "per measure").format(kind=_(kinds[m.name.casefold()][0]))))
    if problems:
        raise RegisterImportError(where, problems)
    return list(work.values())


def read_csv_rows(path: Path) -> list[list]:
    """The rows of a UTF-8 CSV file (comma or semicolon separated)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFileError(labelled(_("Cannot read {path}").format(path=path), describe_os_error(exc, reading=True)) + ".") from None
    except UnicodeDecodeError:
        raise ImportFileError(labelled(str(path), _("the file is not UTF-8 text; save it as CSV UTF-8."))) from None
    first = text.splitlines()[0] if text else ""
    dialect = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=dialect)]


def read_xlsx_rows(path: Path) -> list[list]:
    """The rows of the workbook's 'Register' sheet (or its first sheet)."""
    from openpyxl import load_workbook
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ImportFileError(labelled(_("Cannot read {path}").format(path=path), describe_os_error(exc, reading=True)) + ".") from None
    except Exception as exc:  # zip, XML and openpyxl refusals
        raise ImportFileError(labelled(str(path), _("not a readable Excel workbook ({kind}).").format(kind=type(exc).__name__))) from None
    try:
        ws = wb["Register"] if "Register" in wb.sheetnames else wb.worksheets[0]
        return [list(r) for _, r in zip(range(MAX_ROWS + 2), ws.iter_rows(values_only=True))]
    finally:
        wb.close()


def check_file(register: Register, path: Path | str, frameworks=None) -> list[Measure]:
    """The measures a file would write over a register; raises RegisterImportError (writes nothing)."""
    path = Path(path)
    excel = path.suffix.lower() in (".xlsx", ".xlsm")
    rows = read_xlsx_rows(path) if excel else read_csv_rows(path)
    return parse_rows(rows, register, path.name, excel, known_nodes(frameworks) if frameworks is not None else None)


def import_file(store, organisation: str, unit: str, path: Path | str) -> ImportSummary:
    """Import a CSV or .xlsx file into the unit's register: all of it, or nothing."""
    path = Path(path)
    register = load_register(store, organisation, unit)
    measures = check_file(register, path, store.frameworks)
    known = {m.id for m in register.measures}
    summary = ImportSummary([m.name for m in measures if not m.id], [m.name for m in measures if m.id in known])
    names = {m.name.casefold(): m for m in register.measures} | {m.name.casefold(): m for m in measures}
    for m in measures:  # relates_to names a measure in the file or the register
        if m.relates_to and m.relates_to.casefold() in names and names[m.relates_to.casefold()].id:
            m.relates_to = names[m.relates_to.casefold()].id
    try:
        ids = save_measures(store, organisation, unit, measures)
    except ValidationError as exc:
        raise RegisterImportError(path.name, [str(exc)]) from None
    by_name = dict(zip([m.name.casefold() for m in measures], ids))
    for m in measures:  # relations to measures new in this file get their ids now
        if m.relates_to and m.relates_to.casefold() in by_name:
            m.relates_to = by_name[m.relates_to.casefold()]
            save_measures(store, organisation, unit, [m])
    summary.values = sum(len(m.observations) for m in measures)
    return summary


def rows_of(register: Register, lang: str = "en") -> list[list]:
    """The register as table rows (header first) in the language, the format import_file reads back."""
    names = {m.id: m.name for m in register.measures}
    out: list[list] = [[file_word(c, lang) for c in COLUMNS]]
    for m in register.measures:
        head = [m.name, file_word(m.level, lang, VALUE_CONTEXT) if m.level else m.level,
                file_word(m.direction, lang, VALUE_CONTEXT) if m.direction else m.direction, m.unit, m.definition, m.source, m.owner, m.baseline,
                m.baseline_period, m.comparison_name, names.get(m.relates_to, m.relates_to), " ".join(m.links)]
        if not m.observations:
            out.append(head + [None, None, None, None])
        for o in m.observations:
            out.append(head + [o.period, o.actual, o.target, o.comparison])
    return out


def _csv_safe(v: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return "" if v is None else v


def export_file(register: Register, path: Path | str, lang: str = "en") -> Path:
    """Write the register as CSV (UTF-8) or .xlsx, chosen by the file's suffix, its words in the language."""
    from npmassess.fsutil import atomic_output
    path = Path(path)
    if path.is_dir():
        raise ImportFileError(labelled(_("Cannot write {path}").format(path=path), _(
            "it is a folder; give a file name ending in .csv or .xlsx.")))
    rows = rows_of(register, lang)
    with atomic_output(path) as tmp:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import Workbook
            wb = Workbook()
            ws = wb.active
            ws.title = translate_to(lang, N_("Register"))[:31]
            for row in rows:
                ws.append([None if v is None else v for v in row])
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
            wb.save(tmp)
        else:
            with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                for i, row in enumerate(rows):
                    w.writerow(row if i == 0 else [_csv_safe(v) for v in row])
    return path
