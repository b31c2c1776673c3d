"""Write a profile's data as TOML (``tomllib`` only reads): the shapes profiles use.

Strings holding backslashes (regexes) are written as literal strings ``'…'`` so they read as
they are written; others as basic strings. Tables of scalars and lists first, then sub-tables,
then arrays of tables (``[[committees]]``); a list of tables inside a table (``paper.own``) as
inline tables. ``tomllib.loads(dumps(d)) == d`` for such data (tested).
"""

from __future__ import annotations

import json
import re
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def _str(s: str) -> str:
    if "\\" in s and "'" not in s and "\n" not in s and not any(ord(c) < 32 and c != "\t" for c in s):
        return f"'{s}'"
    return json.dumps(s, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        items = [_value(x) for x in v]
        one = "[" + ", ".join(items) + "]"
        if len(one) <= 96:
            return one
        return "[\n" + "".join(f"  {x},\n" for x in items) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _table(data: dict[str, Any], path: list[str], out: list[str]) -> None:
    plain = {k: v for k, v in data.items() if not isinstance(v, dict)
             and not (_is_table_array(v) and not path)}
    subs = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if _is_table_array(v) and not path}
    if path and (plain or not subs):
        out.append("[" + ".".join(_key(p) for p in path) + "]")
    for k, v in plain.items():
        out.append(f"{_key(k)} = {_value(v)}")
    if plain or path:
        out.append("")
    for k, v in subs.items():
        _table(v, path + [k], out)
    for k, items in arrays.items():
        for item in items:
            out.append(f"[[{_key(k)}]]")
            for ik, iv in item.items():
                out.append(f"{_key(ik)} = {_value(iv)}")
            out.append("")


def dumps(data: dict[str, Any], header: str = "") -> str:
    out: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    if out:
        out.append("")
    _table(data, [], out)
    return "\n".join(out).rstrip() + "\n"
