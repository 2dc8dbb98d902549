"""soltia48/myna-card's card layer (src/card.rs): SELECT with P2=0C, read_binary_all = one
256-byte READ BINARY, then (if the BER-TLV header says the object is longer) the rest in
256-byte chunks; read_binary_physical reads 256-byte chunks until one comes back short."""

import tracegen


def read_all(card):
    head, sw = card.read_binary(0, 256)
    if sw != 0x9000 or not head:
        return
    total = tracegen.der_total(head) if head[0] in (0x30, 0xFF, 0x7F) else 0
    if total > len(head):
        tracegen.read_chunks(card, len(head), total - len(head))


def read_physical(card):
    offset = 0
    while True:
        data, sw = card.read_binary(offset, 256)
        offset += len(data)
        if sw != 0x9000 or len(data) < 256:
            return


def read_ef(card, fid):
    card.select_ef(fid)
    read_all(card)
