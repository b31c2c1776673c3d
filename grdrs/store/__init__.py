"""The store: one SQLite file; only this package writes SQL. It knows tables, not council
rules (which facts become which edges is :mod:`grdrs.graph.rules`).

Modules, each owning a part of the schema:

``db``      connection, the whole schema (DDL) and its migrations, transactions
``files``   files, pages (each page's text once), mentions, consultations, failures; search
``papers``  papers and their identity, which files belong to which paper
``graph``   nodes and edges: writing rows, recursive walks, streaming the whole graph
``oparl``   the tables of `ingest-oparl` and `quality`
``check``   the amount index of `check`
``profiles`` council profiles learned from OParl data

All of it is plain SQLite, so the file opens in Datasette with search. Query functions use
only the standard library's sqlite3 (no sqlite-utils import: it costs ~100 ms of start-up).
The names below are the package's interface; callers use ``store.X``.
"""

from __future__ import annotations

# Each name's module, imported on first use (PEP 562): a query command loads only the modules it
# calls (`grdrs search` neither the check index nor OParl), which is part of its start-up.
_HOME = {
    "check": ("amount_data", "check_all_amounts", "check_amount_count", "check_candidates",
              "check_cited", "check_cited_files", "check_councils", "check_doc_freq",
              "check_file_amounts", "check_file_refs", "check_lineage", "check_restating_files",
              "check_titled", "check_value_overlap", "has_check_index", "value_token"),
    "db": ("SCHEMA_VERSION", "NotADatabase", "ReadOnly", "connect", "counting_interrupts",
           "data_version", "db_file", "db_path", "fatal_write_error", "init_schema", "tx"),
    "files": ("BadQuery", "file_sha", "file_state", "fts_query", "mention_rows", "page_text",
              "rank_common_words", "record_failure", "search", "search_hits"),
    "snippets": ("stem",),
    "graph": ("NODE_EDGE_TYPES", "OPARL_LINK_EDGES", "PAPER_EDGE_TYPES", "citation_pairs",
              "edges_in", "edges_out", "graph_edges", "graph_facts", "graph_nodes",
              "graph_papers", "node_edges_of", "node_ids_of", "most_connected_paper",
              "paper_edges_among", "protocols_of", "walk"),
    "oparl": ("init_oparl", "oparl_check_input", "oparl_consultations_of", "oparl_data",
              "oparl_file_links", "oparl_hash", "oparl_hashes", "oparl_paper_id",
              "oparl_papers_linking", "oparl_quality", "oparl_stored", "oparl_sync_get",
              "oparl_sync_put", "store_oparl_checks"),
    "papers": ("PAPER_COLUMNS", "Stored", "find_papers", "list_papers", "main_file", "main_paths",
               "paper_by_id", "protocol_names", "paper_data", "paper_files", "paper_ids_by_key",
               "paper_key", "paper_key_of", "papers_by_ids", "papers_by_path_tail",
               "papers_of_file", "reference_series"),
    "profiles": ("learned_profiles", "save_learned_profile"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # (__import__, not importlib.import_module: importing importlib costs start-up too)
    value = getattr(__import__(f"{__name__}.{module}", fromlist=(name,)), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))


def consultations(conn, paper_id: int):
    """The consultations of a paper as its main file states them."""
    from .files import consultations_of_file
    from .papers import main_file

    return consultations_of_file(conn, paper_id, main_file(conn, paper_id))


def mentions(conn, paper_id: int, kinds) -> list[dict]:
    """Facts of a paper's main file, as the JSON ``extract`` printed for them."""
    from .files import mentions_of_file
    from .papers import main_file

    return [data for _, data in mentions_of_file(conn, main_file(conn, paper_id), kinds)]


__all__ = [*_MODULE_OF, "consultations", "mentions"]
