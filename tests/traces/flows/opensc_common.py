"""OpenSC 0.23's driver matching and the JPKI PKCS#15 bind, as captured from `pkcs15-tool -D`
with pcsc-spy against the simulated card (JPKI ATR) and as card-jpki.c / pkcs15-jpki.c send them:
the earlier drivers' probes (reference pcsc-stack.md §5.3), then SELECT AP, an empty VERIFY on
both PIN EFs, and each certificate EF sized from a 4-byte header read (sc_select_file) and read
whole (sc_read_binary in 256-byte chunks)."""

import tracegen

PROBES = [
    "00A4040007627601FF000000",  # coolkey
    "00A4040006A00000000101",  # muscle
    "00A404000BE82B0601040181C31F020100",  # sc-hsm
    "00A4040C0FD23300000045737445494420763335",  # mcrd (EstEID)
    "00CADF3005",  # setcos GET DATA
    "00CB3FFF035C017E08",  # PIV discovery object
    "00A4040009A0000003080000100000",  # PIV, sent twice
    "00A4040009A0000003080000100000",
    "00A4040C07A000000116DB0000",  # CAC CCC
    "00A4040C07A000000079100000",  # CAC
]
PROBES += ["00A4040C07A000000079010%X00" % i for i in range(16)]  # CAC applets 01 00..01 0F
PROBES += [
    "00A404000CF276A288BCFBA69D34F31001",  # isoApplet
    "00A4040009A0000003974254465900",  # GIDS
    "00A4040006D2760001240100",  # OpenPGP
]


def probe(card):
    for apdu in PROBES:
        card.send(bytes.fromhex(apdu))


def read_certificate(card, fid):
    """sc_select_file reads 4 bytes to size the EF; pkcs15 then reads it whole."""
    card.select_ef(fid)
    header, sw = card.read_binary(0, 4)
    if sw != 0x9000:
        return None
    return tracegen.read_chunks(card, 0, tracegen.der_total(header))


def bind(card):
    probe(card)
    card.select_df(tracegen.JPKI)
    for pin_ef in (0x0018, 0x001B):
        card.select_ef(pin_ef)
        card.retries()
    for fid in (0x000A, 0x0001, 0x000B, 0x0002):
        read_certificate(card, fid)
