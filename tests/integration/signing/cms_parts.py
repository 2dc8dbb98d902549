#!/usr/bin/python3
"""Takes a DER CMS SignedData with one SignerInfo apart, for the signing tests' negative vectors.

  cms_parts.py signature CMS OUT        the signature value's bytes
  cms_parts.py token CMS OUT            the signature-timestamp token (DER ContentInfo)
  cms_parts.py graft-token FROM TO OUT  TO with FROM's unsigned attributes (its timestamp)
A minimal DER walker (definite lengths only, as DER has): no ASN.1 library is needed.
"""
import sys


def read(data, at):
    """(tag, header length, content length) of the element at `at`."""
    tag, length, head = data[at], data[at + 1], 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(data[at + 2:at + 2 + n], "big")
        head += n
    return tag, head, length


def children(data, at):
    """Offsets of the elements inside the constructed element at `at`."""
    _, head, length = read(data, at)
    out, pos, end = [], at + head, at + head + length
    while pos < end:
        out.append(pos)
        _, h, n = read(data, pos)
        pos += h + n
    return out


def encode_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def element(data, at):
    _, head, length = read(data, at)
    return data[at:at + head + length]


def signer_info(data):
    """Path of offsets from the ContentInfo to the SignerInfo: [content, signedData, signerInfo]."""
    explicit = children(data, 0)[1]           # [0] EXPLICIT
    signed_data = children(data, explicit)[0]  # SignedData
    signer_infos = children(data, signed_data)[-1]
    return [explicit, signed_data, signer_infos, children(data, signer_infos)[0]]


def rebuild(data, path, new_leaf):
    """`data` with the element at path[-1] replaced, every enclosing length redone."""
    replaced = new_leaf
    for depth in range(len(path) - 1, -1, -1):
        at = path[depth]
        parent = path[depth - 1] if depth > 0 else None
        if parent is None:
            return data[:at] + replaced + data[at + len(element(data, at)):]
        _, head, _ = read(data, parent)
        inner = b"".join(replaced if c == at else element(data, c) for c in children(data, parent))
        replaced = bytes([data[parent]]) + encode_length(len(inner)) + inner
    return replaced


def main():
    what = sys.argv[1]
    data = open(sys.argv[2], "rb").read()
    si = signer_info(data)[-1]
    parts = children(data, si)
    if what == "signature":
        sig = next(p for p in parts if data[p] == 0x04)
        _, head, length = read(data, sig)
        open(sys.argv[3], "wb").write(data[sig + head:sig + head + length])
    elif what == "token":
        unsigned = next(p for p in parts if data[p] == 0xA1)
        attribute = children(data, unsigned)[0]
        values = children(data, attribute)[1]
        open(sys.argv[3], "wb").write(element(data, children(data, values)[0]))
    elif what == "graft-token":
        donor = open(sys.argv[2], "rb").read()
        target = open(sys.argv[3], "rb").read()
        unsigned = next(p for p in children(donor, signer_info(donor)[-1]) if donor[p] == 0xA1)
        path = signer_info(target)
        si_t = path[-1]
        inner = b"".join(element(target, c) for c in children(target, si_t)
                         if target[c] != 0xA1) + element(donor, unsigned)
        new_si = bytes([0x30]) + encode_length(len(inner)) + inner
        open(sys.argv[4], "wb").write(rebuild(target, [0] + path, new_si))
    else:
        sys.exit("usage: cms_parts.py signature|token|graft-token ...")


main()
