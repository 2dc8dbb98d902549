#!/usr/bin/python3
"""Makes the negative vectors of pdf_verify_test.sh from a signed PDF, byte by byte (no PDF library:
each attack is exactly the bytes it names).

  pdf_vectors.py byte-range IN OUT N DA DB DC DD   signature N's /ByteRange numbers moved by the
      deltas, written in the same width (a number that gets shorter is padded with spaces);
  pdf_vectors.py contents IN OUT N CMS   signature N's /Contents replaced by the DER file CMS,
      zero-padded to the same size;
  pdf_vectors.py update IN OUT OBJ BODY-FILE   an incremental update that rewrites object OBJ
      with the bytes of BODY-FILE (classic xref section, trailer with /Prev, /Root, /Size).
"""
import re
import sys

BYTE_RANGE = rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]"


def nth_range(data, n):
    return list(re.finditer(BYTE_RANGE, data))[n - 1]


def byte_range(data, n, deltas):
    m = nth_range(data, n)
    out = bytearray(data)
    for i, delta in enumerate(deltas, start=1):
        old = m.group(i)
        new = str(int(old) + delta).encode()
        if len(new) > len(old):
            sys.exit("the new number does not fit")
        out[m.start(i):m.end(i)] = new + b" " * (len(old) - len(new))
    return bytes(out)


def contents(data, n, cms):
    m = nth_range(data, n)
    a, b, c = int(m.group(1)), int(m.group(2)), int(m.group(3))
    hole = data[a + b:c]
    room = len(hole) - 2
    text = cms.hex().encode()
    if len(text) > room:
        sys.exit("the CMS does not fit in /Contents")
    return data[:a + b] + b"<" + text + b"0" * (room - len(text)) + b">" + data[c:]


def update(data, number, body):
    last_xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    # /Root and /Size from the last trailer dictionary or cross-reference stream dictionary.
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", data)[-1]
    size = max(int(s) for s in re.findall(rb"/Size\s+(\d+)", data))
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offset = len(out)
    out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n\r\n" % (number, offset)
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(size, number + 1), root, last_xref, xref)
    return bytes(out)


command, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(source, "rb").read()
if command == "byte-range":
    result = byte_range(data, int(sys.argv[4]), [int(x) for x in sys.argv[5:9]])
elif command == "contents":
    result = contents(data, int(sys.argv[4]), open(sys.argv[5], "rb").read())
elif command == "update":
    result = update(data, int(sys.argv[4]), open(sys.argv[5], "rb").read())
else:
    sys.exit("unknown command " + command)
open(target, "wb").write(result)
