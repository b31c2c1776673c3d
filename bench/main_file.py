"""Which OParl File is a paper's own text: grdrs's choice (grdrs.oparl.mapping.choose_main,
which sees only the Paper object — file names, dates, order) judged on the Karlsruhe archive
by the texts themselves.

The judge: a file is the paper's own text when its first 3,000 characters print the paper's
own number (``2022/0389``) and the first paper type they name is the paper's
(``Beschlussvorlage``, ``Informationsvorlage``, ``Antrag``, ``Anfrage``,
``Änderungs-/Ergänzungsantrag``; a Stellungnahme names "Stellungnahme" before the "Antrag" it
answers, a Protokoll "Niederschrift"/"Protokoll", a cover sheet "Beiblatt" or no type at all).
A paper counts when at least two of its files have text and at least one passes the judge;
the choice is right when the chosen file passes.

    python bench/main_file.py [--archive ../shared/corpora/karlsruhe] [--wrong 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grdrs.oparl.mapping import as_list, choose_main, normalize, ref_id  # noqa: E402

HEAD = 3000


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


TYPES = {"beschlussvorlage": "Beschlussvorlage", "informationsvorlage": "Informationsvorlage",
         "antrag": "Antrag", "anfrage": "Anfrage",
         "änderungsantrag": "Änderungs-/Ergänzungsantrag",
         "ergänzungsantrag": "Änderungs-/Ergänzungsantrag",
         "änderungs-/ergänzungsantrag": "Änderungs-/Ergänzungsantrag",
         "stellungnahme": None, "niederschrift": None, "protokoll": None, "beiblatt": None}
_TYPE_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, TYPES), key=len,
                                                          reverse=True)) + r")(?!\w)")


def own_text(head: str, number: str, ptype: str) -> bool:
    h = _norm(head)
    m = _TYPE_WORD.search(h)
    return number.casefold() in h and m is not None and TYPES[m.group(1)] == ptype


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", default=str(Path(__file__).resolve().parents[2] / "shared"
                                             / "corpora" / "karlsruhe"))
    ap.add_argument("--wrong", type=int, default=10, help="wrong choices to list")
    args = ap.parse_args()
    root = Path(args.archive)
    papers = [normalize(json.loads(line)) for line in
              gzip.open(root / "papers.jsonl.gz", "rt", encoding="utf-8")]
    want: set[str] = set()
    for p in papers:
        for f in as_list(p.get("auxiliaryFile")) + as_list(p.get("mainFile")):
            fid = ref_id(f)
            if fid:
                want.add(fid.rstrip("/").rsplit("/", 1)[-1])
    heads: dict[str, str] = {}
    with gzip.open(root / "texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec["file"]) in want and (rec.get("text") or "").strip():
                heads[str(rec["file"])] = rec["text"][:HEAD]
    judged = right = 0
    wrong: list[tuple[str, str, list[str]]] = []
    for p in papers:
        number, ptype = (p.get("reference") or "").strip(), (p.get("paperType") or "").strip()
        if not number or ptype not in TYPES.values():
            continue
        aux = as_list(p.get("auxiliaryFile"))
        main = p.get("mainFile") if isinstance(p.get("mainFile"), (dict, str)) else None
        files = [f for f in ([main] if main else []) + aux if isinstance(f, dict)]
        with_text = [f for f in files if str(ref_id(f)).rsplit("/", 1)[-1] in heads]
        if len(with_text) < 2:
            continue
        good = {ref_id(f) for f in with_text
                if own_text(heads[str(ref_id(f)).rsplit("/", 1)[-1]], number, ptype)}
        if not good:
            continue
        judged += 1
        chosen = choose_main(aux, main, p.get("name"), p.get("paperType"))
        if chosen in good:
            right += 1
        else:
            names = {ref_id(f): f.get("name") for f in files}
            wrong.append((number, str(names.get(chosen)),
                          [str(names[g]) for g in good]))
    print(f"papers judged (≥ 2 files with text, one printing its own number and type first): "
          f"{judged}")
    print(f"main file chosen right: {right} ({right / max(judged, 1):.3f})")
    for number, chosen, good in wrong[:args.wrong]:
        print(f"  {number}: chose {chosen!r}, own text {good}")
    if len(wrong) > args.wrong:
        print(f"  … and {len(wrong) - args.wrong} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
