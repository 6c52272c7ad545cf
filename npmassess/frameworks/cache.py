"""Disk cache of parsed framework files, keyed by the file's bytes and the parser's code (never stale).

Parsing and validating the CAF file takes about 30 ms, reading a cached copy under 1 ms; a start
that reopens the last assessment parses its framework, so the cache saves that on every start but
the first. An entry is used only when all of these match what it was made from: the file's path,
the SHA-256 of its bytes (read every time, so an edit that keeps size and change time still shows),
the source of the parser and the model (loader, reader, rules, this module, npmassess.model) and
the Python version. Anything else (no entry, another key, a damaged or foreign file) means the
file is parsed again and the entry rewritten. Files that fail validation are never cached, so their
messages stay exactly those of the parser. Where the sources cannot be read (a frozen build without
.py files) the cache is off. The entries live in the user's own cache folder (paths.cache_dir()):
whoever can write there can already change the user's data, so reading them trusts nobody new.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

try:  # hashlib's SHA-256, byte for byte, without loading OpenSSL (~3 ms of every start that reopens)
    from _sha256 import sha256  # CPython 3.11
except ImportError:
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

from npmassess.model import Framework
from npmassess.paths import cache_dir

MAGIC = b"npmassess framework cache 1\n"
_PARTS = ("loader.py", "reader.py", "rules.py", "cache.py")
_code: list[str | None] = []


def code_fingerprint() -> str | None:
    """SHA-256 of the parser's and the model's sources and the Python version; None when unreadable."""
    if not _code:
        here = Path(__file__).resolve().parent
        h = sha256(sys.version.encode("utf-8"))
        try:
            for file in [here / name for name in _PARTS] + [here.parent / "model.py"]:
                h.update(file.name.encode("utf-8") + b"\0" + file.read_bytes())
        except OSError:
            _code.append(None)
        else:
            _code.append(h.hexdigest())
    return _code[0]


def _entry(path: Path, digest: str) -> tuple[Path, bytes] | None:
    """(cache file, header it must start with) for this framework file and content, or None if off."""
    code = code_fingerprint()
    if code is None:
        return None
    name = sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    key = sha256(f"{code}\0{digest}\0{path}".encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / "frameworks" / f"{name}.pickle", MAGIC + key.encode("ascii") + b"\n"


def load(path: Path, digest: str) -> Framework | None:
    """The framework cached for this file with this content (digest: SHA-256 of its bytes), or None."""
    entry = _entry(path, digest)
    if entry is None:
        return None
    file, head = entry
    try:
        raw = file.read_bytes()
    except OSError:
        return None
    if not raw.startswith(head):
        return None
    try:
        fw = pickle.loads(raw[len(head):])
    except Exception:  # a damaged entry is only a cache miss
        return None
    if not isinstance(fw, Framework) or fw.fingerprint != digest or fw.path != str(path):
        return None
    return fw


def save(path: Path, fw: Framework) -> None:
    """Keep a parsed framework for the next start (written whole or not at all; errors ignored)."""
    entry = _entry(path, fw.fingerprint)
    if entry is None:
        return
    file, head = entry
    tmp = file.with_name(f"{file.name}.{os.getpid()}.part")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(head + pickle.dumps(fw, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, file)
    except (OSError, pickle.PicklingError, RecursionError):
        try:
            tmp.unlink()
        except OSError:
            pass
