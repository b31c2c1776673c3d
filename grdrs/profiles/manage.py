"""What ``grdrs profile show|export|learn`` do, apart from printing.

A NAME is a shipped profile (``stuttgart``, ``karlsruhe``, ``generic``), a profile file
(``my-council.toml``), or a council whose profile ``grdrs ingest-oparl`` learned into the
database.
"""

from __future__ import annotations

from pathlib import Path

from . import Profile, dumps, from_toml, is_file_name, load, names


class NotFound(ValueError):
    pass


def resolve(name: str, learned: dict[str, str]) -> tuple[Profile, str]:
    """(profile, its TOML text) for NAME; ``learned``: the database's learned profiles."""
    key = name.strip()
    if is_file_name(key):
        prof = load(key)
        return prof, Path(key).read_text(encoding="utf-8")
    if key.lower() in names():
        from importlib import resources

        text = (resources.files(__package__) / f"{key.lower()}.toml").read_text(encoding="utf-8")
        return load(key.lower()), text
    if key in learned or key.lower() in learned:
        text = learned.get(key) or learned[key.lower()]
        return from_toml(text, key), text
    known = names() + sorted(learned)
    raise NotFound(f"no profile {name!r}; known: {', '.join(known)} (or a profile file NAME.toml)")


READABLE = (".pdf", ".txt", ".html", ".htm")


def folder_texts(folder: str, on_error=None):
    """(file name, text) of every readable file under ``folder``, read as ``grdrs ingest``
    reads them; unreadable files are reported through ``on_error(name, reason)``."""
    from ..sources import SUFFIXES, ReadError, read_bytes

    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.suffix.lower() not in READABLE:
            continue
        try:
            doc = read_bytes(path.read_bytes(), path.name, str(path), SUFFIXES[path.suffix.lower()])
        except (ReadError, OSError) as err:
            if on_error:
                on_error(path.name, str(err))
            continue
        yield path.name, "\n".join(p.text for p in doc.pages)


def learn_folder(folder: str, council: str | None = None, min_count: int = 3,
                 on_error=None) -> tuple[str, list[str]]:
    """(profile TOML, report lines) proposed from the papers in ``folder``."""
    from .learn import from_texts

    name = council or Path(folder).resolve().name
    data, report, _ = from_texts(folder_texts(folder, on_error), min_count=min_count,
                                 council=name)
    header = (f"Council profile proposed by `grdrs profile learn` from the papers in {folder}.\n"
              "Check the number shapes below (edit numbers.number / numbers.bare) and the\n"
              "committees proposed as [[committees]] (add those the papers print seldom),\n"
              "then pass it with --profile FILE.\n\n"
              + "\n".join(report))
    return dumps(data, header), report


def keep_profile_file(conn, profile: str) -> None:
    """A profile file (``profile learn``'s, edited) used to ingest is stored in the database
    under its council: ``profile show`` finds it, and later commands without ``--profile``
    detect its council by its patterns (as a profile learned from OParl data)."""
    from .. import store

    if not is_file_name(profile):
        return
    try:
        text = Path(profile).read_text(encoding="utf-8")
        council = from_toml(text, Path(profile).stem).council
    except (OSError, ValueError):
        return  # (the reader names a bad profile file)
    with store.tx(conn):
        store.save_learned_profile(conn, council, text, source=str(Path(profile).resolve()))


def kept_profiles(conn) -> tuple[Profile, ...] | None:
    """The profiles the database keeps (learned from OParl data, or files ingested with), as
    detection candidates; None: none."""
    from .. import store

    kept = tuple(from_toml(text, name) for name, text in store.learned_profiles(conn).items())
    return kept or None


def named_profile(conn, name: str) -> str | Profile:
    """The profile ``--profile NAME`` names: a shipped one or a profile file (``name`` back),
    else one the database ``conn`` keeps under that council (a :class:`Profile`;
    :func:`resolve`). ``ValueError`` names the shipped ones and those the database keeps (no
    ``conn``: :func:`load`'s)."""
    from .. import store

    if conn is None or is_file_name(name) or name.strip().lower() in names():
        load(name)  # (a bad file: ValueError saying why)
        return name
    return resolve(name, store.learned_profiles(conn))[0]
