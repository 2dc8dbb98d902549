"""jpki/myna (src/reader.rs, src/jpki.rs, src/text.rs; reference §7), one command after another:
`jpki cert -t auth|auth_ca|sign_ca`, `jpki cert -t sign -p PASSWORD`, `jpki pkey sign -t auth`,
`text mynumber`, `text attrs`, `text basic-info`, `pin status`. Every `jpki` command first reads
the token label (EF 0006, 32 bytes); read_binary_all reads a 7-byte header, then the rest in
256-byte chunks (Le 00) with the last Le = what is left."""

import hashlib

import tracegen


def read_all(card):
    head, sw = card.read_binary(0, 7)
    if sw != 0x9000:
        return
    tracegen.read_chunks(card, 7, tracegen.der_total(head) - 7)


def jpki_ap(card):
    card.select_df(tracegen.JPKI)
    card.select_ef(0x0006)
    card.read_binary(0, 0x20)


def flow(card):
    for fid in (0x000A, 0x000B, 0x0002):  # jpki cert -t auth / auth_ca / sign_ca
        jpki_ap(card)
        card.select_ef(fid)
        read_all(card)
    jpki_ap(card)  # jpki cert -t sign -p PASSWORD
    card.select_ef(0x001B)
    card.verify(tracegen.SIGN_PASSWORD)
    card.select_ef(0x0001)
    read_all(card)
    jpki_ap(card)  # jpki pkey sign -t auth (the input: a SHA-256 DigestInfo)
    card.select_ef(0x0018)
    card.verify(tracegen.PIN)
    card.select_ef(0x0017)
    card.sign(tracegen.SHA256_PREFIX + hashlib.sha256(b"myna").digest())
    card.select_df(tracegen.TEXT)  # text mynumber: the 17-byte read
    card.select_ef(0x0011)
    card.verify(tracegen.PIN)
    card.select_ef(0x0001)
    card.read_binary(0, 17)
    card.select_df(tracegen.TEXT)  # text attrs
    card.select_ef(0x0011)
    card.verify(tracegen.PIN)
    card.select_ef(0x0002)
    read_all(card)
    card.select_df(tracegen.TEXT)  # text basic-info
    card.select_ef(0x0005)
    read_all(card)
    # pin status: text 0011/0014/0015, visual 0013/0012, JPKI 0018/001B (reference §4).
    for aid, keys in ((tracegen.TEXT, (0x0011, 0x0014, 0x0015)),
                      (tracegen.SURFACE, (0x0013, 0x0012)),
                      (tracegen.JPKI, (0x0018, 0x001B))):
        card.select_df(aid)
        for key in keys:
            card.select_ef(key)
            card.retries()
