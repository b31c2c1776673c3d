"""The ``grdrs`` entry point: the query commands without importing click.

Importing click costs more than Python's own start, and the query commands (papers, show,
search, refs, history) are what a person runs again and again. :func:`main` parses those
commands' plain forms itself, from :data:`SPEC` — the same options, types and defaults as their
click definitions in :mod:`grdrs.cli` (a test keeps the two equal) — and runs their bodies in
:mod:`grdrs.commands`. Anything else (another command, ``--help``, an unknown or malformed
option, a value out of range) goes to click, which answers exactly as before.
"""

from __future__ import annotations

import sys

# command → (arguments [(name, nargs)], options [(name, flags, type, default)]);
# type: "flag", "str", ("int", min, max) or ("choice", (values…))
SPEC: dict[str, tuple[list[tuple[str, int]], list[tuple[str, tuple[str, ...], object, object]]]] = {
    "papers": ([], [("db", ("--db",), "str", None), ("as_json", ("--json",), "flag", False),
                    ("stubs", ("--stubs",), "flag", False),
                    ("limit", ("--limit",), ("int", 1, None), None)]),
    "show": ([("ref", 1)], [("db", ("--db",), "str", None),
                            ("as_json", ("--json",), "flag", False)]),
    "search": ([("query", -1)], [("db", ("--db",), "str", None),
                                 ("as_json", ("--json",), "flag", False),
                                 ("limit", ("--limit",), ("int", 1, 10000), 20)]),
    "refs": ([("ref", 1)], [("depth", ("--depth",), ("int", 1, 50), 1),
                            ("direction", ("--direction",), ("choice", ("in", "out", "both")),
                             "both"),
                            ("db", ("--db",), "str", None),
                            ("as_json", ("--json",), "flag", False)]),
    "history": ([("ref", 1)], [("depth", ("--depth",), ("int", 0, 50), 1),
                               ("limit", ("--limit",), ("int", 0, None), 10),
                               ("full", ("--full",), "flag", False),
                               ("db", ("--db",), "str", None),
                               ("as_json", ("--json",), "flag", False)]),
}


class _Defer(Exception):
    """This command line is click's to read."""


def _value(kind: object, raw: str) -> object:
    if kind == "str":
        return raw
    if kind[0] == "int":
        try:
            v = int(raw)
        except ValueError:
            raise _Defer from None
        if (kind[1] is not None and v < kind[1]) or (kind[2] is not None and v > kind[2]):
            raise _Defer
        return v
    if raw not in kind[1]:
        raise _Defer
    return raw


def parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """(command, keyword arguments) of a plain query command line, else None."""
    if not argv or argv[0] not in SPEC:
        return None
    args, opts = SPEC[argv[0]]
    by_flag = {flag: (name, kind) for name, flags, kind, _ in opts for flag in flags}
    kwargs: dict[str, object] = {name: default for name, _, _, default in opts}
    positional: list[str] = []
    rest = iter(argv[1:])
    try:
        for token in rest:
            if token == "--":
                positional.extend(rest)
                break
            if token.startswith("-") and token != "-":
                flag, eq, raw = token.partition("=")
                if args and args[-1][1] == -1 and _query_word(token, by_flag):
                    positional.append(token)
                    continue
                if flag not in by_flag:
                    raise _Defer
                name, kind = by_flag[flag]
                if kind == "flag":
                    if eq:
                        raise _Defer
                    kwargs[name] = True
                    continue
                if not eq:
                    raw = next(rest, None)
                    if raw is None:
                        raise _Defer
                kwargs[name] = _value(kind, raw)
            else:
                positional.append(token)
        for name, nargs in args:
            if nargs == -1:
                if not positional:
                    raise _Defer
                kwargs[name], positional = tuple(positional), []
            else:
                if not positional:
                    raise _Defer
                kwargs[name] = positional.pop(0)
        if positional:
            raise _Defer
    except _Defer:
        return None
    return argv[0], kwargs


def _query_word(token: str, flags) -> bool:
    """A query word "-Schule", not an option (search says what to do with it): click would
    read it as the options -S -c -h … and print the help."""
    return (token[:1] == "-" and token[1:2].isalpha() and token != "-h"
            and token.partition("=")[0] not in flags)


def _words_last(argv: list[str]) -> list[str]:
    """A search command line for click with its query words "-Schule" after ``--``: click
    reads such a word as options (and answers with the help, exit 0) even where something
    else sends the line to click (``--limit 0``). An option's value stays where it is."""
    if not argv or argv[0] != "search" or "--" in argv:
        return argv
    kinds = {flag: kind for _, flags, kind, _ in SPEC["search"][1] for flag in flags}
    kept, words = [argv[0]], []
    for prev, a in zip(argv, argv[1:]):
        if _query_word(a, kinds) and kinds.get(prev, "flag") == "flag":
            words.append(a)
        else:
            kept.append(a)
    return kept + ["--"] + words if words else argv


def main() -> None:
    parsed = parse(sys.argv[1:])
    if parsed is None:
        from .cli import main as click_main

        sys.argv[1:] = _words_last(sys.argv[1:])
        click_main()
        return
    from . import commands

    try:
        getattr(commands, parsed[0])(**parsed[1])
    except KeyboardInterrupt:  # as click answers Ctrl-C
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except BrokenPipeError:  # `grdrs papers | head`: the reader left; exit as click does
        sys.stdout = None  # nothing more to flush into the closed pipe
        sys.exit(1)
    sys.exit(0)
