"""Import from OParl (1.0 and 1.1): an endpoint, a folder of OParl JSON, or JSON-lines dumps.

* :mod:`.client`   — the polite HTTP client (urllib; only the host the user named and the file
  URLs its server lists);
* :mod:`.readers`  — dumps on disk (Karlsruhe's ``papers.jsonl.gz``, ``texts.jsonl.gz`` …);
* :mod:`.mapping`  — vendor quirks and the mapping of Paper/Consultation/File onto grdrs;
* :mod:`.importer` — the run: objects, papers, texts through the normal extractors, checks;
* :mod:`.endpoint` — an endpoint's walk (System → Body → lists, resumable) and the profile
  learned again from all papers at its end;
* :mod:`.summary`  — what a run did (its counts and summary line);
* :mod:`.quality`  — text versus OParl (``grdrs quality``; standard library only).

The SQL lives in grdrs/store/oparl.py; the write path in grdrs/write.py.
"""

from __future__ import annotations


def ingest_oparl(conn, source: str, **options):
    from .importer import ingest_oparl as run

    return run(conn, source, **options)
