#!/usr/bin/python3
"""Takes the signatures of a PDF apart by their /ByteRange, for pdf_sign_test.sh (no PDF library:
what it checks must not depend on the one that wrote the file).

  pdf_parts.py FILE N OUTDIR   signature N (1 = the first in the file) as JSON on stdout:
      byte_range, size, gap_is_contents (the gap is exactly one <hex> string), der_bytes,
      padding_zeros (every hex digit after the DER is '0'), and the files OUTDIR/signed.bin (the
      bytes the ByteRange covers) and OUTDIR/cms.der (the DER SignedData, padding removed).
"""
import json
import re
import sys


def der_length(data):
    """Length of the DER element at the start of data (definite lengths, as DER has)."""
    length, head = data[1], 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(data[2:2 + n], "big")
        head += n
    return head + length


path, n, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(path, "rb").read()
ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
a, b, c, d = (int(x) for x in ranges[n - 1])
gap = data[a + b:c]
hex_digits = gap[1:-1]
gap_is_contents = gap[:1] == b"<" and gap[-1:] == b">" and re.fullmatch(rb"[0-9A-Fa-f]*", hex_digits) is not None
raw = bytes.fromhex(hex_digits.decode()) if gap_is_contents else b""
der = raw[:der_length(raw)] if raw else b""
open(outdir + "/signed.bin", "wb").write(data[a:a + b] + data[c:c + d])
open(outdir + "/cms.der", "wb").write(der)
print(json.dumps({
    "byte_range": [a, b, c, d],
    "size": len(data),
    "signatures": len(ranges),
    "gap_is_contents": gap_is_contents,
    "der_bytes": len(der),
    "padding_zeros": set(hex_digits[2 * len(der):]) <= {ord("0")},
}))
