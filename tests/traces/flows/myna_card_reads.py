"""soltia48/myna-card's examples/read_card.rs with --pin 1234 --birth-date 020401 --code-a
(the test card's My Number), over its application wrappers (explicit SELECT EF, then
read_binary_all; myna_card_common): the MF's card number (GET DATA 0045; the CV certificate chain
is left out), 共通 (contact ATR GET DATA 5F51, record 1 of EF 0001), the text AP (CV certificate,
basic data, PIN, signed AP key, My Number, attributes, integrity record, the My Number file
physically, the attributes again), the surface AP (CV certificate, basic data, 生年月日 key and
age record, 照合番号A and card face, GET CHALLENGE signed by the AP key, the My Number image),
and JPKI (token, auth certificate and its CA twice, both retry counters)."""

import hashlib

import myna_card_common as mc
import tracegen

BIRTH_DATE = "020401"  # 1990-04-01 is 平成2年4月1日 (和暦 YYMMDD)


def flow(card):
    card.power_cycle()
    card.send(bytes.fromhex("00CA004500"))  # card identification number
    card.select_df(tracegen.COMMON)
    card.send(bytes.fromhex("00CA5F5100"))  # contact ATR
    card.select_ef(0x0001)
    card.send(bytes.fromhex("00B2010400"))  # card info record
    card.select_df(tracegen.TEXT)
    mc.read_ef(card, 0x0004)
    mc.read_ef(card, 0x0005)
    card.select_ef(0x0011)
    card.verify(tracegen.PIN)
    for fid in (0x0007, 0x0001, 0x0002, 0x0003):
        mc.read_ef(card, fid)
    card.select_ef(0x0001)
    mc.read_physical(card)
    mc.read_ef(card, 0x0002)
    card.select_df(tracegen.SURFACE)
    mc.read_ef(card, 0x0004)
    mc.read_ef(card, 0x0003)
    card.select_ef(0x0011)
    card.verify(BIRTH_DATE)
    mc.read_ef(card, 0x0001)
    card.select_ef(0x0013)
    card.verify(tracegen.MY_NUMBER)
    mc.read_ef(card, 0x0002)
    challenge, _ = card.send(bytes.fromhex("0084000010"))
    card.sign(tracegen.SHA256_PREFIX + hashlib.sha256(challenge).digest(), p2=0x00)
    mc.read_ef(card, 0x0005)
    card.select_df(tracegen.JPKI)
    mc.read_ef(card, 0x0006)
    for fid in (0x000A, 0x000B, 0x000A, 0x000B):
        mc.read_ef(card, fid)
    for key in (0x0018, 0x001B):
        card.select_ef(key)
        card.retries()
