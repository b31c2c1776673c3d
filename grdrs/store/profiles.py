"""Council profiles learned into the database (grdrs.profiles.learn): ``learned_profiles``
keeps each as its TOML text, so `grdrs profile show|export NAME` prints it and later imports
and ingests of that council use it. The table is created on the first save (its DDL is
:data:`grdrs.store.db.LEARNED_PROFILES_SCHEMA`), so older databases need no migration.
"""

from __future__ import annotations

import sqlite3

from .db import LEARNED_PROFILES_SCHEMA, now


def save_learned_profile(conn: sqlite3.Connection, name: str, toml_text: str,
                         source: str | None = None) -> None:
    conn.execute(LEARNED_PROFILES_SCHEMA)
    conn.execute("INSERT OR REPLACE INTO learned_profiles (name, source, toml, updated) "
                 "VALUES (?, ?, ?, ?)", (name, source, toml_text, now()))


def learned_profiles(conn: sqlite3.Connection) -> dict[str, str]:
    """name → TOML text of every profile learned into this database ({} before any)."""
    try:
        return {r[0]: r[1] for r in conn.execute("SELECT name, toml FROM learned_profiles "
                                                 "ORDER BY name")}
    except sqlite3.OperationalError:  # no such table: nothing learned yet
        return {}
