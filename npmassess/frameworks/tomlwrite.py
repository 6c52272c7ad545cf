"""A small TOML writer for framework files (tables of scalars, text tables, arrays of tables)."""

from __future__ import annotations

import json
import re
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # JSON's escapes are all valid TOML basic-string escapes
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _table(out: list[str], prefix: str, table: dict) -> None:
    for k, v in table.items():
        if not _is_table_array(v):
            out.append(f"{_key(k)} = {_value(v)}")
    for k, v in table.items():
        if _is_table_array(v):
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            for item in v:
                out.append("")
                out.append(f"[[{name}]]")
                _table(out, name, item)


def dumps(data: dict, header: str = "") -> str:
    """TOML text for a framework dict: scalars and inline tables first, then arrays of tables."""
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    _table(out, "", data)
    return "\n".join(out).lstrip("\n") + "\n"
