"""Datasette and sqlite-utils read a grdrs database through grdrs's plugin (grdrs.plugins):
the page text (stored compressed) shows as text in the view ``page_texts``, and Datasette's
search on it answers."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT

from grdrs import write
from grdrs.ingest import ingest


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plugins") / "grdrs.db"
    conn = write.connect(path)
    ingest(conn, [ROOT / "corpus"])
    conn.close()
    return path


def test_sqlite_utils_reads_the_page_texts(db: Path):
    import sqlite_utils

    d = sqlite_utils.Database(db)
    rows = list(d.query("SELECT clean FROM page_texts WHERE rowid IN "
                        "(SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'Einsamkeit')"))
    assert rows and all("Einsamkeit" in r["clean"] for r in rows)


def test_datasette_shows_the_text_and_searches(db: Path):
    from datasette.app import Datasette

    async def go():
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        assert "grdrs" in {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
        r = await ds.client.get("/grdrs/page_texts.json?_search=Einsamkeit&_shape=array")
        assert r.status_code == 200, r.text
        return r.json()

    rows = asyncio.run(go())
    assert rows and all("Einsamkeit" in r["clean"] for r in rows)


def test_without_the_plugin_only_the_text_needs_it(db: Path):
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] > 10
    assert conn.execute("SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'Einsamkeit'"
                        ).fetchall()
    with pytest.raises(sqlite3.OperationalError, match="grdrs_unzip"):
        conn.execute("SELECT clean FROM page_texts").fetchall()
