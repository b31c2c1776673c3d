#!/usr/bin/env python
"""OCR quality: a scanned copy of the seed paper, read by Tesseract, against seed.expected.json.

    python bench/ocr_quality.py                 # 300 dpi scan, slight noise and skew
    python bench/ocr_quality.py --dpi 200 --clean -v

The scan is made here, not committed: each page of the seed PDF is rendered with pypdfium2,
turned a little (skew), speckled with noise, JPEG-compressed and put into an image-only PDF
(Pillow's PDF writer), so it has no text layer. grdrs then reads it (OCR on) and the facts
are scored with grdrs.evaluate against the seed's gold, next to the text-layer PDF.
BENCHMARKS.md records the figures.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grdrs.evaluate import gold_from_seed_expected, table  # noqa: E402
from grdrs.sources import ocr  # noqa: E402
from quality import print_misses, read_and_score  # noqa: E402

SEED = "seed-teilhaushalt-810-2023-09-18"


def make_scan(pdf: Path, out: Path, *, dpi: int = 300, skew: float = 0.6, noise: float = 0.004,
              quality: int = 75, seed: int = 8) -> Path:
    """Write an image-only copy of ``pdf`` to ``out``: rendered at ``dpi``, each page turned by
    up to ``skew`` degrees, a share ``noise`` of its pixels flipped, JPEG at ``quality``."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    images = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            if skew:
                img = img.rotate(rng.uniform(-skew, skew), resample=Image.Resampling.BICUBIC,
                                 expand=False, fillcolor=255)
            if noise:
                w, h = img.size
                px = img.load()
                for _ in range(int(w * h * noise)):
                    x, y = rng.randrange(w), rng.randrange(h)
                    px[x, y] = 255 - px[x, y]
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            images.append(Image.open(io.BytesIO(buf.getvalue())))
    finally:
        doc.close()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out


def scores_of(path: Path, expected: Path) -> tuple[dict, object]:
    return read_and_score(path, gold_from_seed_expected(expected, str(path)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--dpi", type=int, default=300, help="scan resolution")
    ap.add_argument("--clean", action="store_true", help="no skew, no noise")
    ap.add_argument("--out", type=Path, default=Path("/tmp/grdrs-seed-scan.pdf"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if ocr.missing():
        raise SystemExit(f"OCR cannot run: {ocr.missing()}")
    papers = args.shared / "papers"
    expected = papers / "seed.expected.json"
    kw = {"skew": 0.0, "noise": 0.0} if args.clean else {}
    make_scan(papers / f"{SEED}.pdf", args.out, dpi=args.dpi, **kw)
    t0 = time.perf_counter()
    with ocr.using("on"):
        scan, result = scores_of(args.out, expected)
    secs = time.perf_counter() - t0
    text_layer, _ = scores_of(papers / f"{SEED}.pdf", expected)
    n = len(result.doc.pages)
    print(f"scan: {args.out} ({n} pages, {args.dpi} dpi, "
          f"{'clean' if args.clean else 'skew+noise+JPEG'}); read in {secs:.1f} s "
          f"({secs / n:.1f} s/page); warnings: {len(result.doc.warnings)}")
    print("\n## OCR (scanned seed)\n" + table(scan))
    print("\n## text layer (seed PDF)\n" + table(text_layer))
    if args.verbose:
        print_misses(scan)


if __name__ == "__main__":
    main()
