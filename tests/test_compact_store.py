"""The store keeps each thing once (schema 6): a mention's JSON without what its columns hold,
the OParl JSON compressed, ``amount_fts`` without a copy of its text. What reads them back
gets exactly what was written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT

from grdrs import write
from grdrs.ingest import ingest
from grdrs.reading import read_file
from grdrs.store import files, oparl

CORPUS = ROOT / "corpus"


def test_mentions_read_back_as_extract_wrote_them(tmp_path: Path):
    conn = write.connect(tmp_path / "m.db")
    ingest(conn, [CORPUS / "papers"])
    checked = 0
    for fid, path in conn.execute("SELECT id, path FROM files ORDER BY id").fetchall():
        ext = read_file(path, Path(path).read_bytes(), "x", None).ext.to_json()
        facts = ext["references"] + ext["amounts"] + ext["dates"] + ext["committees"] + \
            ext["positions"]
        got = files.mentions_of_file(conn, fid)
        key = lambda d: json.dumps(d, ensure_ascii=False)  # noqa: E731 (keys in their order)
        assert sorted(key(d) for _, d in got) == sorted(key(d) for d in facts), path
        checked += len(got)
    assert checked > 200
    # the stored data holds no span and no value a column holds
    for kind, data in conn.execute("SELECT kind, data FROM mentions"):
        d = json.loads(data)
        assert not {"text", "page", "start", "end"} & set(d), (kind, d)
        assert kind != "amount" or not {"value", "value_to"} & set(d)


def test_amount_index_forgets_a_replaced_file(tmp_path: Path):
    """amount_fts is contentless: after a file is replaced, the index is exactly the one a
    fresh ingest of the new state makes."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("GRDrs_9012_2023.txt", "GRDrs_9013_2023.txt"):
        shutil.copy(CORPUS / "papers" / name, src / name)
    conn = write.connect(tmp_path / "a.db")
    ingest(conn, [src])
    before = sorted(map(tuple, conn.execute("SELECT term, doc, cnt FROM amount_fts_v")))
    victim = src / "GRDrs_9012_2023.txt"
    victim.write_text(victim.read_text(encoding="utf-8").replace("0", "7"), encoding="utf-8")
    assert ingest(conn, [src]).replaced == 1
    fresh = write.connect(tmp_path / "fresh.db")
    ingest(fresh, [src])
    after = sorted(map(tuple, conn.execute("SELECT term, doc, cnt FROM amount_fts_v")))
    assert after != before
    assert after == sorted(map(tuple, fresh.execute("SELECT term, doc, cnt FROM amount_fts_v")))
    conn.execute("INSERT INTO amount_fts (amount_fts) VALUES ('integrity-check')")


def test_oparl_json_is_compressed_and_reads_back(tmp_path: Path):
    conn = write.connect(tmp_path / "o.db")
    oparl.init_oparl(conn)
    obj = {"id": "https://x.example/oparl/meeting/1", "type": "https://schema.oparl.org/1.1/"
           "Meeting", "name": "Sitzung des Gemeinderats", "start": "2024-03-14T16:00:00+01:00",
           "location": {"description": "Großer Sitzungssaal"}}
    write.store_oparl_objects(conn, [{"id": obj["id"], "type": "Meeting", "council": "x",
                                      "hash": "h", "data": json.dumps(obj, ensure_ascii=False)}],
                             main_series="grdrs")
    assert oparl.oparl_data(conn, obj["id"]) == obj
    raw = conn.execute("SELECT data FROM oparl_objects").fetchone()[0]
    assert isinstance(raw, bytes)
    assert json.loads(conn.execute("SELECT data FROM oparl_json").fetchone()[0]) == obj
