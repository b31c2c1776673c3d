"""The plugin of grdrs for Datasette and sqlite-utils (entry points ``datasette: grdrs`` and
``sqlite_utils: grdrs``).

Each page's text is stored zlib-compressed (``pages.clean_z``); the view ``page_texts``, the
content of the FTS index ``pages_fts``, reads it through the SQL function ``grdrs_unzip`` (and
the view ``oparl_json`` the OParl JSON). Datasette or sqlite-utils, installed beside grdrs, load
this module and register that function on each connection they open, so ``page_texts`` shows
the text and offers search. Only they import it.
"""

from __future__ import annotations

import sqlite3

from pluggy import HookimplMarker

from .store.db import register_functions


@HookimplMarker("datasette")
@HookimplMarker("sqlite_utils")
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)
