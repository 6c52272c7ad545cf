"""Load and validate framework files (TOML); every error names file, path and problem."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from npmassess.errors import FrameworkError, NotFound
from npmassess.model import Framework, Method, Scale
from npmassess.paths import frameworks_dir, user_frameworks_dir

FORMAT_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_TOP_KEYS = {"format", "id", "edition", "title", "short_title", "description", "publisher",
             "languages", "source", "note", "source_note", "aggregation", "total_points",
             "default_method", "labels", "application", "grades", "previous", "scales", "methods",
             "criteria"}
_TOP_REQUIRED = _TOP_KEYS - {"note", "source_note", "total_points", "labels", "application", "grades",
                             "previous"}


def parse_framework(data: bytes, file: str) -> Framework:
    """Parse and validate one framework file's bytes; raise FrameworkError naming the problem."""
    # imported here: a start that finds its framework in the disk cache (frameworks.cache) needs
    # neither the TOML parser nor the readers (about 8 ms)
    import tomllib

    from npmassess.frameworks.reader import Reader, read_method, read_node, read_scale
    from npmassess.frameworks.rules import read_application, read_grades, read_previous
    from npmassess.i18n import _
    r = Reader(file)
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise r.fail("", _("not UTF-8 text ({reason} at byte {byte})").format(reason=exc.reason, byte=exc.start)) from None
    except tomllib.TOMLDecodeError as exc:
        raise r.fail("", _("not valid TOML: {error}").format(error=exc)) from None
    except RecursionError:
        raise r.fail("", _("nested too deeply to be read")) from None
    t = r.keys(raw, "", _TOP_KEYS, _TOP_REQUIRED)
    if t["format"] != FORMAT_VERSION:
        raise r.fail("format", _("is {value}; this version of npmassess reads format {version}").format(
            value=repr(t["format"]), version=FORMAT_VERSION))
    fid = r.string(t["id"], "id")
    if not _ID_RE.match(fid):
        raise r.fail("id", _("{id} must use lower-case letters, digits and '-'").format(id=repr(fid)))
    languages = tuple(r.array(t["languages"], "languages"))
    if "en" not in languages:
        raise r.fail("languages", _("must include 'en'"))
    scales: dict[str, Scale] = {}
    for i, rs in enumerate(r.array(t["scales"], "scales")):
        s = read_scale(r, rs, f"scales[{i}]")
        if s.id in scales:
            raise r.fail(f"scales[{i}].id", _("duplicate scale id '{id}'").format(id=s.id))
        scales[s.id] = s
    methods: dict[str, Method] = {}
    for i, rm in enumerate(r.array(t["methods"], "methods")):
        m = read_method(r, rm, f"methods[{i}]", scales)
        if m.id in methods:
            raise r.fail(f"methods[{i}].id", _("duplicate method id '{id}'").format(id=m.id))
        methods[m.id] = m
    if t["default_method"] not in methods:
        raise r.fail("default_method", _("'{method}' is not one of the methods ({methods})").format(
            method=t["default_method"], methods=", ".join(methods)))
    seen: set[str] = set()
    criteria = tuple(read_node(r, c, f"criteria[{i}]", None, 0, seen)
                     for i, c in enumerate(r.array(t["criteria"], "criteria")))
    scored_types = {n.type for c in criteria for n in c.walk() if n.scored}
    if not scored_types:
        raise r.fail("criteria", _("has no scored node"))
    for mi, m in enumerate(methods.values()):
        for ntype in sorted(scored_types):
            if not m.dimensions_for(ntype):
                raise r.fail(f"methods[{mi}].dimensions", _("no dimension applies to '{type}' nodes").format(
                    type=ntype))
    aggregation = t["aggregation"]
    if aggregation not in ("mean", "points", "profile"):
        raise r.fail("aggregation", _("must be mean, points or profile, not {value}").format(value=repr(aggregation)))
    if aggregation == "profile" and not all(m.ordinal for m in methods.values()):
        raise r.fail("aggregation", _("'profile' needs ordinal scales in every method"))
    if aggregation != "profile" and any(m.ordinal for m in methods.values()):
        raise r.fail("aggregation", _("'{aggregation}' needs numeric scales; ordinal scales need 'profile'").format(
            aggregation=aggregation))
    bonus = [(i, c) for i, c in enumerate(criteria) if c.bonus]
    if bonus and aggregation != "points":
        raise r.fail(f"criteria[{bonus[0][0]}].bonus", _("bonus points need points aggregation"))
    total = None
    if aggregation == "points":
        if "total_points" not in t:
            raise r.fail("total_points", _("missing required field for points aggregation"))
        total = r.integer(t["total_points"], "total_points", 1)
        for i, c in enumerate(criteria):
            for n in c.walk():
                if n.scored and n.points is None:
                    raise r.fail(f"criteria[{i}]", _("scored node '{id}' has no points").format(id=n.id))
        added = sum(c.points or 0 for c in criteria if not c.bonus)
        if added != total:
            raise r.fail("total_points", _("is {total} but the criteria add up to {added}").format(total=total, added=added))
    elif "total_points" in t:
        raise r.fail("total_points", _("only frameworks with points aggregation declare a total"))
    labels = {}
    if "labels" in t:
        lt = r.keys(t["labels"], "labels", {"criterion", "node", "grade"}, set())
        labels = {k: r.text(v, f"labels.{k}") for k, v in lt.items()}
    application = read_application(r, t["application"], seen) if "application" in t else None
    bonus_points = sum(c.points or 0 for c in criteria if c.bonus)
    grades = read_grades(r, t["grades"], aggregation, (total or 0) + bonus_points) if "grades" in t else ()
    edition = r.string(str(t["edition"]), "edition")
    previous = None
    if "previous" in t:
        previous = read_previous(r, t["previous"], edition, [n for c in criteria for n in c.walk() if n.scored])
    source_note = r.source_note(t, "")
    titles = (r.text(t["title"], "title"), r.text(t["short_title"], "short_title"),
              r.text(t["description"], "description"))
    for lang, where in r.languages_used.items():
        if lang not in languages:
            raise r.fail(where, _("language '{lang}' is not listed in 'languages' ({languages})").format(
                lang=lang, languages=", ".join(languages)))
    return Framework(
        id=fid, edition=edition, title=titles[0], short_title=titles[1], description=titles[2],
        publisher=r.string(t["publisher"], "publisher"), languages=languages,
        source=r.text(t["source"], "source"), aggregation=aggregation,
        default_method=t["default_method"], scales=scales, methods=methods, criteria=criteria,
        total_points=total, labels=labels,
        application=application, grades=grades, previous=previous, path=file, source_note=source_note,
        fingerprint=_sha256_hex(data))


def load_file(path: Path | str) -> Framework:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from npmassess.fsutil import describe_os_error
        from npmassess.i18n import _
        raise FrameworkError(str(path), "", _("cannot be read ({reason})").format(
            reason=describe_os_error(exc, reading=True))) from None
    return parse_framework(data, str(path))


class Library:
    """All frameworks found in a folder, plus the errors of the files that were refused.

    A library made by library() loads its files when first listed; get() before that parses only
    the file(s) whose header names the framework asked for (the start page needs one or two), and
    falls back to loading everything whenever the headers leave any doubt.
    """

    def __init__(self, frameworks: list[Framework] | None = None, errors: list[FrameworkError] | None = None,
                 load: Callable[[], tuple[list[Framework], list[FrameworkError]]] | None = None,
                 index: list[tuple[Path, str, str, bool]] | None = None):
        self._frameworks = frameworks
        self._errors = errors
        self._load = load
        self._index = index  # (path, id, edition, user file) read from each file's header

    def _loaded(self) -> None:
        if self._frameworks is None:
            assert self._load is not None
            self._frameworks, self._errors = self._load()

    @property
    def frameworks(self) -> list[Framework]:
        self._loaded()
        assert self._frameworks is not None
        return self._frameworks

    @frameworks.setter
    def frameworks(self, value: list[Framework]) -> None:
        self._frameworks = value

    @property
    def errors(self) -> list[FrameworkError]:
        self._loaded()
        assert self._errors is not None
        return self._errors

    @errors.setter
    def errors(self, value: list[FrameworkError]) -> None:
        self._errors = value

    def __iter__(self):
        return iter(self.frameworks)

    def __len__(self) -> int:
        return len(self.frameworks)

    def __repr__(self) -> str:
        return f"Library({[f.key for f in self.frameworks]}, errors={len(self.errors)})"

    def _quick_get(self, framework_id: str, edition: str | None) -> Framework | None:
        """The framework parsed from its own file(s) only, or None when only a full load can tell."""
        if self._frameworks is not None or self._index is None:
            return None
        keys = [(fid, ed) for _p, fid, ed, _u in self._index]
        found = []
        for path, fid, ed, user in self._index:
            if fid != framework_id or (edition is not None and ed != edition):
                continue
            if keys.count((fid, ed)) > 1:
                return None  # a duplicate: load_all decides which file wins and reports the other
            try:
                fw = _parse_cached(path)
            except FrameworkError:
                return None  # the full load keeps the file's message among the refused files
            if (fw.id, fw.edition) != (fid, ed):
                return None
            found.append(replace(fw, user=True) if user else fw)
        return sorted(found, key=lambda f: f.edition)[-1] if found else None

    def get(self, framework_id: str, edition: str | None = None) -> Framework:
        """The framework with this id (and edition; the newest edition when omitted); "id@edition" as listed works too."""
        if edition is None and "@" in framework_id:
            framework_id, _, edition = framework_id.partition("@")
        quick = self._quick_get(framework_id, edition)
        if quick is not None:
            return quick
        matches = [f for f in self.frameworks if f.id == framework_id]
        if edition is not None:
            matches = [f for f in matches if f.edition == edition]
        if not matches:
            from npmassess.i18n import _
            known = ", ".join(sorted({f.key for f in self.frameworks})) or _("none")
            wanted = f"{framework_id}@{edition}" if edition else framework_id
            raise NotFound(_("Unknown framework '{framework}' (available: {known}).").format(framework=wanted, known=known))
        return sorted(matches, key=lambda f: f.edition)[-1]


_HEADER_RE = re.compile(r'^(id|edition)\s*=\s*"([^"\\]*)"\s*(?:#.*)?$', re.M)
_parsed: dict[tuple[str, int, int], Framework] = {}


def _parse_cached(path: Path) -> Framework:
    """load_file, once per state of the file (name, size, change time) in this process."""
    try:
        st = path.stat()
    except OSError:
        return load_file(path)
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _parsed:
        _parsed[key] = _load_with_disk_cache(path)
    return _parsed[key]


def _sha256_hex(data: bytes) -> str:
    """SHA-256 of a framework file's bytes (its fingerprint), as the disk cache computes it."""
    from npmassess.frameworks.cache import sha256
    return sha256(data).hexdigest()


def _load_with_disk_cache(path: Path) -> Framework:
    """load_file, through the disk cache of parsed files (frameworks.cache: keyed by content and code)."""
    from npmassess.frameworks import cache
    try:
        data = path.read_bytes()
    except OSError:
        return load_file(path)  # its message
    digest = cache.sha256(data).hexdigest()
    fw = cache.load(path, digest)
    if fw is None:
        fw = parse_framework(data, str(path))  # a refused file raises here and is never cached
        cache.save(path, fw)
    return fw


def _header(path: Path) -> tuple[str, str] | None:
    """The id and edition a framework file declares before its first table, or None if unclear."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head = re.split(r"^\s*\[", text, maxsplit=1, flags=re.M)[0]
    found: dict[str, list[str]] = {}
    for key, value in _HEADER_RE.findall(head):
        found.setdefault(key, []).append(value)
    if len(found.get("id", ())) != 1 or len(found.get("edition", ())) != 1:
        return None
    return found["id"][0], found["edition"][0]


def _index(folders: list[tuple[Path, bool]]) -> list[tuple[Path, str, str, bool]] | None:
    """(path, id, edition, user) of every file in the folders; None if any header is unclear."""
    out = []
    for where, user in folders:
        for path in sorted(where.glob("*.toml")) if where.is_dir() else ():
            head = _header(path)
            if head is None:
                return None
            out.append((path, head[0], head[1], user))
    return out


def load_all(folder: Path | str | None = None, user_folder: Path | str | None = None,
             reserved: set[str] | None = None, parse: Callable[[Path], Framework] = load_file) -> Library:
    """Load every *.toml in the folder (and the user folder); invalid files are refused, not fatal.

    A user file whose id and edition are already taken (by a bundled file or by `reserved`) is
    refused with a message, so a user file can never shadow a bundled framework.
    """
    frameworks, errors, keys = [], [], set(reserved or ())
    folders = [(Path(folder) if folder else frameworks_dir(), False)]
    if user_folder is not None:
        folders.append((Path(user_folder), True))
    for where, user in folders:
        for path in sorted(where.glob("*.toml")) if where.is_dir() else ():
            try:
                fw = parse(path)
            except FrameworkError as exc:
                errors.append(exc)
                continue
            if fw.key in keys:
                from npmassess.i18n import _
                taken = user or fw.key in (reserved or ())
                errors.append(FrameworkError(str(path), "id", (_("duplicate framework {key} (a bundled framework has this id and edition)") if taken
                                              else _("duplicate framework {key}")).format(key=fw.key)))
                continue
            if user:
                fw = replace(fw, user=True)
            keys.add(fw.key)
            frameworks.append(fw)
    return Library(frameworks, errors)


_cache: dict[str, Library] = {}


def _signature(folder: Path) -> tuple:
    """What identifies the state of the user folder: file names, sizes and change times."""
    if not folder.is_dir():
        return ()
    out = []
    for p in sorted(folder.glob("*.toml")):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _lazy(folder: Path, bundled: Library | None = None) -> Library:
    """A library of the folder (plus a bundled one, when folder is the user's) parsed when first needed."""
    if bundled is None:
        def load() -> tuple[list[Framework], list[FrameworkError]]:
            lib = load_all(folder, parse=_parse_cached)
            return lib.frameworks, lib.errors
        return Library(load=load, index=_index([(folder, False)]))

    def load_with_user() -> tuple[list[Framework], list[FrameworkError]]:
        extra = load_all(folder, reserved={f.key for f in bundled}, parse=_parse_cached)
        mine = [replace(f, user=True) for f in extra.frameworks]
        return bundled.frameworks + mine, bundled.errors + extra.errors
    index = _index([(frameworks_dir(), False), (folder, True)]) if bundled._index is not None else None
    return Library(load=load_with_user, index=index)


def library(folder: Path | str | None = None) -> Library:
    """The bundled frameworks (cached) plus those in the user's frameworks folder.

    With an explicit folder only that folder is loaded (tests, tools). The user folder is re-read
    whenever a file in it was added, changed or removed, so an imported framework is listed at once.
    Files are parsed (and validated) when first needed: see Library.
    """
    if folder is not None:
        key = str(folder)
        if key not in _cache:
            _cache[key] = _lazy(Path(folder))
        return _cache[key]
    bundled_key = str(frameworks_dir())
    if bundled_key not in _cache:
        _cache[bundled_key] = _lazy(frameworks_dir())
    bundled = _cache[bundled_key]
    user = user_frameworks_dir()
    sig = _signature(user)
    if not sig:
        return bundled
    key = f"{bundled_key}|{user}|{sig}"
    if key not in _cache:
        _cache[key] = _lazy(user, bundled)
    return _cache[key]
