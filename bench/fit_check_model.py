#!/usr/bin/env python
"""Fit ``grdrs/data/check_model.json``: the scorer of "the same quantity" in ``grdrs check``
(:mod:`grdrs.check_model`), on the tune part of the Karlsruhe archive only.

``collect``: every restatement of the tune part (bench/check_quality.py finds them and splits
the archive: sha1 of the OParl id mod 5, 0 = test, never read here) is checked as a draft as it
is and with that amount raised by 17 %, every query of check run for every amount (the
similar-words and table-row queries also when the value alone already agrees). Per draft amount
it records the rule verdict and, per earlier statement found by its context (not by its value
alone), the features of :func:`grdrs.check_model.features` and whether the two figures agree.

``fit``: the tune drafts split by paper (sha1 of the paper id, 30 % held out). A logistic
regression (L2, Newton/IRLS in numpy) is fitted on the fitting slice over the candidates the
rules do not rule out (:func:`grdrs.check_model.eligible`); the values themselves are no
feature. ``--target agree``: every amount of the clean drafts, label = the figures agree (a
yearly report's sentence with this year's figure is a negative, a restated figure a
positive); ``--target decision`` (the shipped model): the decision check makes — the mutated
amounts (label: the candidate states the original figure) against the clean drafts' amounts
that no candidate agrees with (all negative). The threshold is chosen on the held-out slice,
simulating check's verdicts there (mutation recall, conflicts per clean draft): the lowest
whose added conflicts per clean draft stay at or below ``--max-added``; ``--veto V`` also
simulates dropping the rules' changes the scorer puts below V (tried, not shipped).
``diagnose`` prints, for the mutated amounts check misses, whether
the earlier statement of the restatement was found at all (retrieval) or found but not judged
the same quantity (classification).

    python bench/fit_check_model.py collect --db /work/cache/ka-bench.db --out /tmp/cm.pkl
    python bench/fit_check_model.py diagnose --data /tmp/cm.pkl
    python bench/fit_check_model.py fit --data /tmp/cm.pkl --target decision --max-added 0.025 \
        --write
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import check_quality as cq  # noqa: E402

from grdrs import check as C  # noqa: E402
from grdrs import store  # noqa: E402
from grdrs.check_model import eligible, features, with_set  # noqa: E402

MODEL = ROOT / "grdrs" / "data" / "check_model.json"


def held_out(pid: int) -> bool:
    return int(hashlib.sha1(f"paper{pid}".encode()).hexdigest()[:8], 16) % 10 < 3


class Recorder:
    """check with every query run for every amount; records each amount's candidates."""

    def __init__(self):
        self.rows: list[dict] = []
        self._same = C._same
        self._classify = C._classify
        self._compare = C.compare
        self.draft = None

    def __enter__(self):
        def compare(conn, draft, *args, **kwargs):
            self.draft = draft  # check passes _classify the draft only with --thorough
            return self._compare(conn, draft, *args, **kwargs)

        def classify(d, es, draft=None, rare=frozenset(), nearby=0):
            C._same = self._same
            try:
                out = self._classify(d, es, draft, rare, nearby)
                cands = []
                for e in es:
                    if e.via == "value":
                        continue
                    cands.append((features(d, e, self.draft, rare, nearby), C._agrees(d, e),
                                  e.via, e.row["id"], e.row["paper_id"], e.row["value"],
                                  e.strong))
                self.rows.append({
                    "start": d.start, "verdict": out["verdict"],
                    "has_same": any(self._same(d, e) for e in es),
                    "all": [(e.row["id"], e.row["paper_id"], e.row["value"], e.via, e.strong)
                            for e in es],
                    "cands": cands})
                return out
            finally:
                C._same = lambda d, e: False

        C._classify, C.compare = classify, compare
        C._same = lambda d, e: False
        return self

    def __exit__(self, *exc):
        C._same, C._classify, C.compare = self._same, self._classify, self._compare


def collect(args) -> None:
    conn = store.connect(args.db)
    ids = cq.oparl_ids(conn)
    found = cq.restatements(conn, 3, 20)
    sizes = cq.text_sizes(conn)
    tune = [it for it in found if sizes.get(it["later"]["file_id"], 0) <= 80000
            and cq.part(ids.get(it["later"]["pid"]) or str(it["later"]["pid"])) == "tune"]
    tune.sort(key=lambda it: it["later"]["id"])
    random.Random(args.seed).shuffle(tune)
    tune = tune[:args.limit] if args.limit else tune
    out = {"clean": {}, "mutated": [], "items": []}
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="grdrs-fit-") as tmp:
        for n, it in enumerate(tune):
            later = it["later"]
            fid = later["file_id"]
            text = store.page_text(conn, fid, 1)
            own = cq.own_papers(conn, fid)
            title = later["title"] if args.titles else None
            if fid not in out["clean"]:
                path = Path(tmp) / f"{fid}.txt"
                path.write_text(text, encoding="utf-8")
                with Recorder() as rec:
                    try:
                        ans = C.check(conn, str(path), "karlsruhe", later["date"], own,
                                      title=title)
                    except C.CheckError:
                        out["clean"][fid] = None
                        continue
                conflicts = [(f["verdict"], f.get("start")) for f in ans["findings"]
                             if f["verdict"] in C.CONFLICTS]
                out["clean"][fid] = {"pid": later["pid"], "rows": rec.rows,
                                     "conflicts": conflicts}
            if out["clean"][fid] is None:
                continue
            new = cq.mutate(text[later["start"]:later["end"]])
            rec_rows = None
            if new is not None:
                mpath = Path(tmp) / f"{fid}-m.txt"
                mpath.write_text(text[:later["start"]] + new + text[later["end"]:],
                                 encoding="utf-8")
                with Recorder() as rec:
                    C.check(conn, str(mpath), "karlsruhe", later["date"], own,
                            title=title)
                rec_rows = [r for r in rec.rows if r["start"] == later["start"]]
            out["items"].append({"fid": fid, "pid": later["pid"], "start": later["start"],
                                 "earlier": it["earlier"]["id"],
                                 "earlier_pid": it["earlier"]["pid"],
                                 "earlier_value": it["earlier"]["value"],
                                 "mutated": rec_rows})
            if n % 50 == 0:
                print(f"{n}/{len(tune)} {time.time() - t0:.0f} s", file=sys.stderr)
    with gzip.open(args.out, "wb") as fh:
        pickle.dump(out, fh)
    print(f"{len(out['items'])} restatements, {len(out['clean'])} drafts, "
          f"{time.time() - t0:.0f} s")


def load(path: str) -> dict:
    with gzip.open(path, "rb") as fh:
        data = pickle.load(fh)
    add_set(data)
    return data


def diagnose(args) -> None:
    data = load(args.data)
    c = Counter()
    for it in data["items"]:
        rows = it["mutated"]
        if not rows:
            continue
        row = rows[0]
        c["mutations"] += 1
        if row["verdict"] == "changed":
            continue
        c["missed"] += 1
        c["missed " + row["verdict"]] += 1
        hit = [a for a in row["all"] if a[0] == it["earlier"]] or [
            a for a in row["all"] if a[1] == it["earlier_pid"] and a[2] == it["earlier_value"]]
        if not hit:
            c["retrieval miss"] += 1
        elif any(a[4] for a in hit):
            c["retrieved, strong (verdict by other candidates)"] += 1
        else:
            c["classification miss (retrieved, not strong)"] += 1
    for k, v in sorted(c.items()):
        print(f"{k}: {v}")


def add_set(data) -> None:
    """The set features (grdrs.check_model.with_set) of every recorded amount's candidates."""
    rows = [r for d in data["clean"].values() if d for r in d["rows"]]
    rows += [r for it in data["items"] for r in it["mutated"] or ()]
    for r in rows:
        with_set([(c[0], c[4], c[5]) for c in r["cands"]])


def matrix(rows_of_drafts, names):
    import numpy as np

    xs, ys = [], []
    for rows in rows_of_drafts:
        for r in rows:
            for feats, agree, *_ in r["cands"]:
                if not eligible(feats):
                    continue
                xs.append([feats.get(k, 0.0) for k in names])
                ys.append(1.0 if agree else 0.0)
    return np.array(xs), np.array(ys)


def fit_lr(X, y, l2: float):
    import numpy as np

    X1 = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(X1.shape[1])
    reg = l2 * np.eye(X1.shape[1])
    reg[0, 0] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(X1 @ w, -30, 30)))
        g = X1.T @ (p - y) + reg @ w
        H = (X1 * (p * (1 - p))[:, None]).T @ X1 + reg
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def prob(w, names, feats):
    import math

    z = w[0] + sum(wk * feats.get(k, 0.0) for wk, k in zip(w[1:], names))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def best_diff(row, w, names):
    """The highest probability among the candidates whose figure differs (none agrees)."""
    if row["has_same"] or any(agree for _, agree, *_ in row["cands"]):
        return 0.0
    return max((prob(w, names, f) for f, agree, *_ in row["cands"]
                if not agree and eligible(f)), default=0.0)


def simulate(data, items, drafts, w, names, t: float, veto: float = 0.0):
    """Mutation recall, rule conflicts per clean draft, and conflicts per clean draft with the
    model: changed when the rules say so and the best differing candidate reaches ``veto``, or
    when that candidate reaches ``t``."""
    caught = total = 0
    for it in items:
        rows = it["mutated"]
        if not rows:
            continue
        total += 1
        row = rows[0]
        bd = best_diff(row, w, names)
        caught += (row["verdict"] == "changed" and bd >= veto) or (
            row["verdict"] == "new" and bd >= t)
    conflicts = now = 0
    for fid in drafts:
        d = data["clean"][fid]
        conflicts += len(d["conflicts"])
        by_start = {row["start"]: row for row in d["rows"]}
        for verdict, start in d["conflicts"]:
            row = by_start.get(start)
            if verdict != "changed" or row is None or best_diff(row, w, names) >= veto:
                now += 1
        seen = set()
        for row in d["rows"]:
            if row["start"] in seen or row["verdict"] != "new":
                continue
            seen.add(row["start"])
            if best_diff(row, w, names) >= t:
                now += 1
    return caught / max(1, total), total, conflicts / max(1, len(drafts)), \
        now / max(1, len(drafts))


def fit(args) -> None:
    import numpy as np

    data = load(args.data)
    drafts = [fid for fid, d in data["clean"].items() if d]
    a = [fid for fid in drafts if not held_out(data["clean"][fid]["pid"])]
    b = [fid for fid in drafts if held_out(data["clean"][fid]["pid"])]
    names = sorted({k for fid in a for r in data["clean"][fid]["rows"]
                    for f, *_ in r["cands"] for k in f})
    if args.target == "decision":
        # the decision check makes: of the amounts no earlier statement agrees with, the
        # restated ones (mutated: a candidate stating the original figure is the one) against
        # the clean drafts' others
        aset = set(a)
        rows = [r for fid in a for r in data["clean"][fid]["rows"]
                if not r["has_same"] and not any(c[1] for c in r["cands"])]
        for it in data["items"]:
            if it["fid"] in aset and it["mutated"]:
                r = it["mutated"][0]
                rows.append({"cands": [(c[0], c[5] == it["earlier_value"], *c[2:])
                                       for c in r["cands"]]})
        X, y = matrix([rows], names)
    else:
        X, y = matrix((data["clean"][fid]["rows"] for fid in a), names)
    print(f"fit on {len(a)} drafts: {len(y)} candidates, {int(y.sum())} agree; "
          f"held out {len(b)} drafts")
    w = fit_lr(X, y, args.l2)
    for k, v in sorted(zip(names, w[1:]), key=lambda kv: -abs(kv[1])):
        print(f"  {k:>20} {v:+.3f}")
    Xb, yb = matrix((data["clean"][fid]["rows"] for fid in b), names)
    pb = 1 / (1 + np.exp(-np.clip(np.hstack([np.ones((len(Xb), 1)), Xb]) @ w, -30, 30)))
    ll = -np.mean(yb * np.log(pb + 1e-12) + (1 - yb) * np.log(1 - pb + 1e-12))
    print(f"held-out log loss {ll:.4f} (base rate {yb.mean():.4f})")
    items_b = [it for it in data["items"] if held_out(it["pid"])]
    best = None
    print("threshold veto  mutation recall  conflicts/draft: rules, with the model")
    for veto in (0.0, 0.1, 0.2, 0.3, 0.5):
        for t in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.01]:
            rec, n, conf, now = simulate(data, items_b, b, w, names, t, veto)
            print(f"  {t:>5} {veto:>4}     {rec:.3f} ({n})        {conf:.3f}  {now:.3f}")
            if veto == args.veto and now - conf <= args.max_added and (best is None or t < best):
                best = t
    print(f"threshold chosen on the held-out slice: {best}")
    if args.write:
        MODEL.write_text(json.dumps({
            "intercept": round(float(w[0]), 4),
            "weights": {k: round(float(v), 4) for k, v in zip(names, w[1:])},
            "threshold": best,
            "fitted": f"bench/fit_check_model.py fit --target {args.target} --veto "
                      f"{args.veto} --max-added {args.max_added}: {len(a)} tune drafts, "
                      f"{len(y)} candidates; threshold on {len(b)} held-out tune drafts"},
            indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--db", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--limit", type=int, default=0)
    c.add_argument("--seed", type=int, default=7)
    c.add_argument("--titles", action="store_true",
                   help="check each draft with its OParl title (as check_quality.py --titles)")
    d = sub.add_parser("diagnose")
    d.add_argument("--data", required=True)
    f = sub.add_parser("fit")
    f.add_argument("--data", required=True)
    f.add_argument("--l2", type=float, default=1.0)
    f.add_argument("--max-added", type=float, default=0.02)
    f.add_argument("--veto", type=float, default=0.0)
    f.add_argument("--target", choices=("agree", "decision"), default="agree")
    f.add_argument("--write", action="store_true")
    args = ap.parse_args()
    {"collect": collect, "diagnose": diagnose, "fit": fit}[args.cmd](args)


if __name__ == "__main__":
    main()
