"""siketyan/jpki-rs (core/src/card.rs, core/src/ap/{crypto,support,surface}.rs, cli): `crypto
stat`, `crypto [--auth] [--ca] read-certificate`, `crypto --auth sign` (the CLI signs a SHA-1
DigestInfo), `support get my-number|attributes`, `support stat`, `surface stat a|b`. read_der_size
reads 7 bytes; the file is then read from offset 0 in 256-byte chunks, the last Le = size & FF."""

import hashlib

import tracegen


def read_der(card):
    head, sw = card.read_binary(0, 7)
    if sw != 0x9000:
        return
    size = tracegen.der_total(head)
    pos = 0
    while pos < size:
        le = 0 if size - pos > 0xFF else size & 0xFF
        data, sw = card.read_binary(pos, le)
        pos += len(data)
        if sw != 0x9000 or (le and len(data) < le):
            break


def flow(card):
    card.select_df(tracegen.JPKI)  # crypto stat
    for key in (0x0018, 0x001B):
        card.select_ef(key)
        card.retries()
    for fid in (0x000A, 0x000B, 0x0002):  # read-certificate --auth, --auth --ca, --ca
        card.select_df(tracegen.JPKI)
        card.select_ef(fid)
        read_der(card)
    card.select_df(tracegen.JPKI)  # read-certificate (signature): the password first
    card.select_ef(0x001B)
    card.verify(tracegen.SIGN_PASSWORD)
    card.select_ef(0x0001)
    read_der(card)
    card.select_df(tracegen.JPKI)  # crypto --auth sign
    card.select_ef(0x0018)
    card.verify(tracegen.PIN)
    card.select_ef(0x0017)
    card.sign(tracegen.SHA1_PREFIX + hashlib.sha1(b"jpki-rs").digest())
    card.select_df(tracegen.TEXT)  # support get my-number
    card.select_ef(0x0011)
    card.verify(tracegen.PIN)
    card.select_ef(0x0001)
    card.read_binary(0, 17)
    card.select_df(tracegen.TEXT)  # support get attributes
    card.select_ef(0x0011)
    card.verify(tracegen.PIN)
    card.select_ef(0x0002)
    read_der(card)
    card.select_df(tracegen.TEXT)  # support stat
    card.select_ef(0x0011)
    card.retries()
    for key in (0x0013, 0x0012):  # surface stat a, surface stat b
        card.select_df(tracegen.SURFACE)
        card.select_ef(key)
        card.retries()
