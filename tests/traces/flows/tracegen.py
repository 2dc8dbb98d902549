"""Records one client flow as a mynasim trace (docs/trace-format.md) through PC/SC.

Usage (through a private stack, see record.sh):
    mynasim exec --card card.img -- /usr/bin/python3 tracegen.py FLOW OUT.jsonl

FLOW names a module next to this file (opensc_bind, myna_reads, ...) whose `flow(card)` drives
the card with the APDUs that client sends, in its order. Secret data (VERIFY, CHANGE ...) is
written as XX per byte, as `mynasim relay` does. The PINs are the test card's
(`mynasim issue-test-card`): PIN 1234, signature password DEMOPASS1.

Where the simulated card does not yet answer as a real card does, a flow passes `real=` with the
real card's answer and the source; the trace then holds the real answer (and a "note" saying
why), so the replay fails until the simulator follows the real card.
"""

import datetime
import importlib
import json
import os
import sys
import time

from smartcard.scard import SCARD_UNPOWER_CARD
from smartcard.System import readers

SECRET_INS = (0x20, 0x24, 0x2C, 0x32)  # iso7816::carries_secret

PIN = "1234"
SIGN_PASSWORD = "DEMOPASS1"
MY_NUMBER = "621498320257"  # the test card's holder (tools/mynasim/test_card.cpp)
JPKI = bytes.fromhex("D392F000260100000001")
TEXT = bytes.fromhex("D3921000310001010408")
SURFACE = bytes.fromhex("D3921000310001010402")
COMMON = bytes.fromhex("D3921000310001010100")
JUKI = bytes.fromhex("D3921000310001010401")


def masked_hex(apdu):
    """Uppercase hex with the data field of a secret-carrying command as XX per byte."""
    text = apdu.hex().upper()
    if len(apdu) > 5 and apdu[1] in SECRET_INS:
        lc = apdu[4]
        return text[:10] + "XX" * lc + text[10 + 2 * lc:]
    return text


class Card:
    def __init__(self, out):
        self.reader = readers()[0]
        self.connection = self.reader.createConnection()
        self.connection.connect()
        self.out = out
        self.start = time.monotonic()
        atr = bytes(self.connection.getATR()).hex().upper()
        header = {
            "format": "mynasim-trace",
            "version": 1,
            "reader": str(self.reader),
            "atr": atr,
            "recorded": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "secrets": "masked",
            "source": "tests/traces/flows/tracegen.py " + sys.argv[1],
        }
        self.out.write(json.dumps(header, separators=(",", ":")) + "\n")

    def _t(self):
        return round(time.monotonic() - self.start, 6)

    def send(self, apdu, real=None):
        """Sends one command; returns (data, sw). `real` = (data bytes, sw, source) when the
        real card answers otherwise than the simulator does today."""
        apdu = bytes(apdu)
        t = self._t()
        begin = time.monotonic()
        data, sw1, sw2 = self.connection.transmit(list(apdu))
        ms = round((time.monotonic() - begin) * 1000, 3)
        data, sw = bytes(data), (sw1 << 8) | sw2
        line = {"t": t, "command": masked_hex(apdu)}
        if real is not None:
            real_data, real_sw, source = real
            if (real_data, real_sw) != (data, sw):
                line["note"] = "real card's answer (%s); the simulator answered %04X" % (source, sw)
            data, sw = real_data, real_sw
        line.update({"response": data.hex().upper(), "sw": "%04X" % sw, "ms": ms})
        self.out.write(json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n")
        return data, sw

    def power_cycle(self):
        """What myna-card's power_cycle() does: the reader powers the card off and on."""
        self.connection.reconnect(disposition=SCARD_UNPOWER_CARD)
        self.out.write(json.dumps({"t": self._t(), "event": "power_off"}) + "\n")

    # The commands every client builds the same way.
    def select_df(self, aid, p2=0x0C):
        return self.send(bytes([0x00, 0xA4, 0x04, p2, len(aid)]) + aid)

    def select_ef(self, fid):
        return self.send(bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF]))

    def verify(self, value, real=None):
        value = value.encode()
        return self.send(bytes([0x00, 0x20, 0x00, 0x80, len(value)]) + value, real)

    def retries(self, real=None):
        return self.send(bytes([0x00, 0x20, 0x00, 0x80]), real)

    def read_binary(self, offset, le):
        return self.send(bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF]))

    def sign(self, data, p1=0x00, p2=0x80):
        return self.send(bytes([0x80, 0x2A, p1, p2, len(data)]) + data + b"\x00")


def der_total(header):
    """Total length of a BER-TLV object from its first bytes: 30 82 LL LL, FF 20 82 LL LL ..."""
    at = 1
    if header and header[0] & 0x1F == 0x1F:  # a multi-byte tag: FF20, 7F21, DF22
        while at < len(header) and header[at] & 0x80:
            at += 1
        at += 1
    if at >= len(header):
        return 0
    first = header[at]
    if first < 0x80:
        return at + 1 + first
    n = first & 0x7F
    return at + 1 + n + int.from_bytes(header[at + 1:at + 1 + n], "big")


def read_chunks(card, offset, length):
    """Reads `length` bytes from `offset` in 256-byte chunks, the last one with Le = the rest
    (what OpenSC's sc_read_binary, jpki/myna and myna-card do); stops at a short answer."""
    out = b""
    while len(out) < length:
        want = min(256, length - len(out))
        data, sw = card.read_binary(offset + len(out), want)
        out += data
        if sw != 0x9000 or len(data) < want:
            break
    return out


SHA256_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")
SHA1_PREFIX = bytes.fromhex("3021300906052B0E03021A05000414")


def main():
    flow = importlib.import_module(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        card = Card(out)
        flow.flow(card)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
