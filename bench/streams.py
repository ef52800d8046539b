#!/usr/bin/env python3
"""streams.py FILE… — the bytes a document's writer deflates, for floor.c.

For each FILE prints its streams, uncompressed, to stdout as records of
a 4-byte little-endian length and the bytes: the members of a zip (DOCX,
XLSX, OFD) or the Flate streams of a PDF. Records of FILEs are separated
by a zero-length record, so floor.c can count documents."""
import re, struct, sys, zipfile, zlib

out = sys.stdout.buffer
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    parts = []
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as z:
            parts = [z.read(i) for i in z.infolist() if not i.is_dir()]
    else:
        for m in re.finditer(rb"/FlateDecode[^>]*>>\s*stream\r?\n", data):
            d = zlib.decompressobj()
            parts.append(d.decompress(data[m.end():]))
    for p in parts:
        out.write(struct.pack("<I", len(p)) + p)
    out.write(struct.pack("<I", 0))
