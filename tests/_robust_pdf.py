"""Hand-made PDFs (bytes) for the robustness tests: a good one, broken ones and PDF bombs.

Nothing binary is committed: every file is generated here, small in bytes (a bomb is a few
hundred KB that inflates to gigabytes or claims millions of pages).
"""

from __future__ import annotations

import re
import zlib


def build(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_pdf(*lines: str) -> bytes:
    """One page showing ``lines`` (Latin-1) in Helvetica."""
    ops = b"BT /F1 11 Tf 72 740 Td 14 TL " + b" ".join(
        b"(%s) '" % ln.encode("latin-1").replace(b"(", rb"\(").replace(b")", rb"\)")
        for ln in lines) + b" ET"
    return build([b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>",
                  _stream(ops), _FONT])


def broken_xref(data: bytes) -> bytes:
    """Every xref offset off by 37 bytes and ``startxref`` pointing past the end."""
    i = data.rindex(b"\nxref\n") + 1
    j = data.index(b"trailer", i)
    body = re.sub(rb"(\d{10}) 00000 n",
                  lambda m: b"%010d 00000 n" % (int(m.group(1)) + 37), data[i:j])
    k = data.rindex(b"startxref")
    return data[:i] + body + data[j:k] + b"startxref\n999999\n%%EOF\n"


def without_xref_and_trailer(data: bytes) -> bytes:
    """Cut before the xref table: no trailer, so no way to find the document's root."""
    return data[: data.rindex(b"\nxref\n")]


def huge_stream_pdf(megabytes: int = 1024) -> bytes:
    """A content stream that inflates to ``megabytes`` MB of drawing operators."""
    z = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * (1 << 16)
    data = bytearray()
    for _ in range((megabytes << 20) // len(chunk)):
        data += z.compress(chunk)
    data += z.flush()
    return build([b"<< /Type /Catalog /Pages 2 0 R >>",
                  b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                  _stream(bytes(data), b"/Filter /FlateDecode ")])


def many_pages_pdf(fanout: int = 10, depth: int = 6) -> bytes:
    """A page tree that is a DAG: fanout ** depth pages (a million; pdfium refuses ten million) from a few hundred bytes."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        kids = b" ".join([b"%d 0 R" % (level + 3)] * fanout)
        objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fanout ** (depth - level)))
    n = len(objs)
    objs.append(b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (n + 2, n + 3))
    objs += [_stream(b"BT /F1 12 Tf 72 720 Td (Seite) Tj ET"), _FONT]
    return build(objs)


def deep_pdf(depth: int = 5000, nesting: int = 100_000) -> bytes:
    """A page tree ``depth`` levels deep and a catalog entry nested ``nesting`` arrays deep."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * nesting + b"]" * nesting + b" >>"]
    for level in range(depth):
        objs.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3))
    n = len(objs)
    objs.append(b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (n + 2, n + 3))
    objs += [_stream(b"BT /F1 12 Tf 72 720 Td (Tief) Tj ET"), _FONT]
    return build(objs)


def thousand_pages_pdf(path, pages: int = 1000) -> None:
    """A real ``pages``-page paper (reportlab): every page cites, dates and costs something."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(pages):
        c.drawString(72, 760, f"Seite {i + 1} von {pages}")
        lines = [f"Abschnitt {i + 1}: Der Verwaltungsausschuss berät am 20.09.2023 über das "
                 "Budget ab 2024."] * 12
        # mid-page (not a running header): a reference and an amount that differ per page
        money = f"{(i + 1) * 1000:,}".replace(",", ".")
        lines[6] = f"Der Gemeinderat beschließt {money} EUR/Jahr (vgl. GRDrs {i + 1}/2022)."
        for j, line in enumerate(lines):
            c.drawString(72, 720 - j * 18, line)
        c.showPage()
    c.save()
