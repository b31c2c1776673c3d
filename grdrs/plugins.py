"""The plugin of grdrs for Datasette and sqlite-utils (entry points ``datasette: grdrs`` and
``sqlite_utils: grdrs``).

Each page's text is stored zlib-compressed (``pages.clean_z``); ``pages.clean`` is a generated
column that reads it through the SQL function ``grdrs_unzip``. Datasette or sqlite-utils,
installed beside grdrs, load this module and register that function on each connection they
open, so the ``pages`` table shows its text and offers search as before. Only they import it.
"""

from __future__ import annotations

import sqlite3

from pluggy import HookimplMarker

from .store.db import register_functions


@HookimplMarker("datasette")
@HookimplMarker("sqlite_utils")
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)
