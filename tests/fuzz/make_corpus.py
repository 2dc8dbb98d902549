#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz targets: tests/fuzz/corpus/<target>/.

    python3 tests/fuzz/make_corpus.py          # rewrites tests/fuzz/corpus/ from scratch

Every seed comes from something checked in, so running this again gives the same files (but for
the OCSP responses, whose producedAt and signature are those of the run):
  - fuzz_card: each client flow of tests/traces/*.jsonl as one session (its command APDUs in
    order, the masked secrets replaced by the fuzz card's values), and the command sequences of
    shared/reference/jpki-card.md written out below (REFERENCE_FLOWS), plus a few sessions that
    use the fuzzer's shortcuts (power cuts, restarts, the card at its compaction threshold);
  - fuzz_link_card / fuzz_link_driver: the socket streams those flows make, as the card side and
    the driver side of reader/PROTOCOL.md read them;
  - fuzz_card_info: the card-info files the traces read (READ BINARY / READ RECORD answers put
    together per application and EF), each behind the byte that picks its parser;
  - fuzz_login_request: login requests shaped as docs/jpki-login.md says, with the
    user-authentication certificate the traces read off the card;
  - fuzz_revocation: an OCSP response and CRLs for the fuzzer's own CA shape, made with Python's
    `cryptography` (only needed to regenerate; the fuzzer re-signs what parses, see
    revocation_fuzz.cpp);
  - fuzz_apdu_parser: one command and one response of each kind the traces hold (per INS);
  - fuzz_trace_reader: the head of each trace and of the pcsc-spy sample.
Files are named after their source, so a corpus directory says where each seed came from.
"""

import datetime
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fuzz" / "corpus"

JPKI = bytes.fromhex("D392F000260100000001")
TEXT = bytes.fromhex("D3921000310001010408")
SURFACE = bytes.fromhex("D3921000310001010402")
COMMON = bytes.fromhex("D3921000310001010100")
JUKI = bytes.fromhex("D3921000310001010401")

# The fuzz card's secrets (tests/fuzz/card_fuzz_card.cpp), by application and length of the
# masked value: the traces were recorded on the test card, whose values differ.
SECRETS = {
    (JPKI, 4): b"1234",
    (JPKI, 9): b"SIGNPASS1",
    (TEXT, 4): b"2468",
    (TEXT, 12): b"537686677188",
    (SURFACE, 12): b"537686677188",
    (SURFACE, 6): b"550217",
    (SURFACE, 14): b"55021720352285",
    (JUKI, 4): b"1357",
    (COMMON, 4): b"1357",
}


def select(aid):
    return bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid


def select_ef(fid):
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF])


def verify(value=b""):
    return bytes([0x00, 0x20, 0x00, 0x80]) + (bytes([len(value)]) + value if value else b"")


SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
DIGEST_INFO = SHA256_PREFIX + hashlib.sha256(b"mynasim").digest()

# The command sequences of shared/reference/jpki-card.md §3-§4 that no trace holds.
REFERENCE_FLOWS = {
    # §4: the empty VERIFY answers 63Cx even after a right VERIFY; a trailing 00 is 6700.
    "ref-verify-status": [select(JPKI), select_ef(0x18), verify(), verify(b"1234"), verify(),
                          verify() + b"\x00", select_ef(0x1B), verify()],
    # §4: wrong PINs count down; the right one restores the counter.
    "ref-wrong-pin": [select(JPKI), select_ef(0x18), verify(b"0000"), verify(), verify(b"1234"),
                      verify()],
    # §1: MF level: SELECT 00 A4 00 00 after reset, FID 3F00, EF 2F10, 001E.
    "ref-mf-level": [bytes.fromhex("00A4000000"), bytes.fromhex("00A4000C023F00"),
                     bytes.fromhex("00A4020C022F10"), bytes.fromhex("00A4020C02001E"),
                     bytes.fromhex("00B0000000")],
    # §3: READ BINARY by offset past the end (6B00), by SFI, and Le 00.
    "ref-read-binary": [select(JPKI), select_ef(0x0A), bytes.fromhex("00B0000004"),
                        bytes.fromhex("00B07FFF00"), bytes.fromhex("00B0810000"),
                        bytes.fromhex("00B08A0410")],
    # §3: COMPUTE DIGITAL SIGNATURE with the auth key, then the MC P1 variants by SFI.
    "ref-sign-auth": [select(JPKI), select_ef(0x18), verify(b"1234"), select_ef(0x17),
                      bytes([0x80, 0x2A, 0x00, 0x80, len(DIGEST_INFO)]) + DIGEST_INFO + b"\x00"]
    + [bytes([0x80, 0x2A, p1, 0x80 | 0x17, 32]) + hashlib.sha256(b"x").digest() + b"\x00"
       for p1 in range(0, 7)],
    # §3: GET CHALLENGE (short and extended Le), INTERNAL AUTHENTICATE on 共通 and elsewhere.
    "ref-challenge": [bytes.fromhex("0084000008"), bytes.fromhex("00840000000100"),
                      select(COMMON), bytes.fromhex("00880099") + b"\x08" + bytes(range(8)) + b"\x00",
                      select(TEXT), bytes.fromhex("00880099") + b"\x08" + bytes(range(8)) + b"\x00"],
    # §2.2/§3: the text AP's 券面 signature 80 2A 00 00 over a DigestInfo, no credential.
    "ref-ap-signature": [select(TEXT), bytes([0x80, 0x2A, 0x00, 0x00, len(DIGEST_INFO)])
                         + DIGEST_INFO + b"\x00", select(SURFACE),
                         bytes([0x80, 0x2A, 0x00, 0x00, len(DIGEST_INFO)]) + DIGEST_INFO + b"\x00"],
    # §3: MF GET DATA.
    "ref-get-data": [bytes.fromhex("00CA004200"), bytes.fromhex("00CA006600"),
                     bytes.fromhex("00CADF3005"), bytes.fromhex("00CB3FFF035C017E08")],
}

# Sessions that use fuzz_card's shortcut events (card_fuzz.cpp's header).
SHORTCUT_SESSIONS = {
    "shortcut-sign-both": bytes([0x04, 0x06, 0x08, 0x07, 0x09, 0x02, 0x00, 0x04, 0x08]),
    "shortcut-block-auth": bytes([0x04] + [0x0C] * 5 + [0x06, 0x0B, 0x03, 0x00, 0x04, 0x05, 0x18,
                                                         0x0B]),
    "shortcut-power-cut-verify": bytes([0x04, 0x0C, 0x0E, 0x01, 0x05, 0x0C, 0x00, 0x04, 0x05,
                                        0x18, 0x0B, 0x06]),
    "shortcut-compaction": bytes([0x0F, 0x04, 0x0C, 0x0C, 0x06, 0x0E, 0x00, 0x20, 0x06, 0x03,
                                  0x00, 0x04, 0x05, 0x18, 0x0B]),
    "shortcut-read-certs": bytes([0x04, 0x05, 0x0A, 0x0A, 0x00, 0x0A, 0x01, 0x05, 0x0B, 0x0A,
                                  0x00]),
}


def trace_flows():
    """(name, [(command, response+sw)]) per trace, secrets unmasked for the fuzz card."""
    flows = []
    for path in sorted((ROOT / "tests" / "traces").glob("*.jsonl")):
        exchanges = []
        ap = None
        for line in path.read_text().splitlines():
            record = json.loads(line)
            if "command" not in record:
                continue
            text = record["command"]
            if "X" in text:
                header = bytes.fromhex(text[:10])
                value = SECRETS.get((ap, header[4]), b"0" * header[4])
                command = header + value + bytes.fromhex(text[10 + 2 * header[4]:])
            else:
                command = bytes.fromhex(text)
            if command[:3] == b"\x00\xA4\x04" and len(command) > 5:
                ap = command[5:5 + command[4]]
            exchanges.append((command, bytes.fromhex(record.get("response", "") + record["sw"])))
        flows.append((path.stem, exchanges))
    return flows


def session(commands):
    """fuzz_card's input format: 10..EF LL <command> or F0 HH LL <command>."""
    out = bytearray()
    for command in commands:
        if len(command) <= 0xFF:
            out += bytes([0x10, len(command)]) + command
        else:
            out += bytes([0xF0, len(command) >> 8, len(command) & 0xFF]) + command
    return bytes(out)


def frame(payload, header=4):
    return len(payload).to_bytes(header, "big") + payload


def card_files(flows):
    """{(aid, fid): bytes} put together from the READ BINARY answers of the traces, and the
    READ RECORD answers as (aid, 'record', n)."""
    files = {}
    for _, exchanges in flows:
        ap, ef = None, None
        for command, answer in exchanges:
            data, sw = answer[:-2], answer[-2:]
            if command[:3] == b"\x00\xA4\x04" and len(command) > 5:
                ap, ef = command[5:5 + command[4]], None
            elif command[:4] == b"\x00\xA4\x02\x0C" and len(command) >= 7:
                ef = int.from_bytes(command[5:7], "big")
            elif command[:2] == b"\x00\xB0" and sw == b"\x90\x00" and data:
                p1, p2 = command[2], command[3]
                if p1 & 0x80:
                    ef, offset = p1 & 0x1F, p2
                else:
                    offset = (p1 << 8) | p2
                key = (ap, ef)
                current = bytearray(files.get(key, b""))
                if len(current) < offset:
                    current += bytes(offset - len(current))
                current[offset:offset + len(data)] = data
                files[key] = bytes(current)
            elif command[:2] == b"\x00\xB2" and sw == b"\x90\x00" and data:
                files[(ap, "record", command[2])] = data
    return files


# fuzz_card_info's first byte picks the parser (card_info_fuzz.cpp, kParsers).
PARSERS = {
    (TEXT, 0x01): 0, (TEXT, 0x02): 1, (TEXT, 0x03): 2, (TEXT, 0x04): 3, (TEXT, 0x05): 4,
    (TEXT, 0x06): 5, (TEXT, 0x07): 6, (SURFACE, 0x01): 7, (SURFACE, 0x02): 8,
    (SURFACE, 0x03): 9, (SURFACE, 0x04): 3, (SURFACE, 0x05): 10, (COMMON, "record", 1): 11,
}
PARSER_CV_ANCHOR = 12


def write(target, name, data):
    directory = OUT / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def card_corpus(flows):
    for name, exchanges in flows:
        write("fuzz_card", "trace-" + name, session([c for c, _ in exchanges]))
    for name, commands in REFERENCE_FLOWS.items():
        write("fuzz_card", name, session(commands))
    for name, data in SHORTCUT_SESSIONS.items():
        write("fuzz_card", name, data)


def link_corpus(flows):
    welcome = frame(b"MYNA\x01")
    refusal = frame(b"MYNA\x00slot occupied")
    atr = bytes.fromhex("3BE000FF8131FE4514")
    for name, exchanges in flows:
        commands = [c for c, _ in exchanges][:24]
        answers = [a for _, a in exchanges][:24]
        # What the card side reads: the driver's welcome, power on, GET ATR, the commands.
        stream = welcome + frame(b"\x01") + frame(b"\x04") + b"".join(frame(c) for c in commands)
        write("fuzz_link_card", "driver-" + name, b"\x00" + stream)
        write("fuzz_link_card", "vpcd-" + name,
              b"\x01" + frame(b"\x01", 2) + frame(b"\x04", 2) +
              b"".join(frame(c, 2) for c in commands))
        # What the driver side reads: the card's hello, the ATR, the answers.
        stream = frame(b"MYNA\x01") + frame(atr) + b"".join(frame(a) for a in answers)
        write("fuzz_link_driver", "card-" + name, stream)
    write("fuzz_link_card", "refused", b"\x00" + refusal)
    write("fuzz_link_card", "power-events", b"\x00" + welcome + b"".join(
        frame(bytes([c])) for c in (0x01, 0x02, 0x00, 0x04, 0x07)))
    write("fuzz_link_driver", "old-version", frame(b"MYNA\x02"))


def card_info_corpus(flows):
    files = card_files(flows)
    for key, parser in PARSERS.items():
        if key in files:
            label = "-".join(str(k) if isinstance(k, (int, str)) else k.hex()[-4:] for k in key)
            write("fuzz_card_info", "%02d-%s" % (parser, label), bytes([parser]) + files[key])
    for key in ((TEXT, 0x04), (SURFACE, 0x04)):
        if key in files:
            write("fuzz_card_info", "%02d-anchor-%s" % (PARSER_CV_ANCHOR, key[0].hex()[-4:]),
                  bytes([PARSER_CV_ANCHOR]) + files[key])
    # The field parsers (selector 13: its second byte picks the field).
    for index, value in enumerate([b"19800217", b"2", "東京都千代田区".encode(),
                                   bytes.fromhex("9003010001") + b"\x91\x04" + bytes(4),
                                   bytes.fromhex("89504E470D0A1A0A0000000D4948445200000010"
                                                 "00000020")]):
        write("fuzz_card_info", "13-field-%d" % index, bytes([13, index]) + value)
    return files


def login_corpus(files):
    import base64

    certificate = files.get((JPKI, 0x0A), b"0\x82\x01\x00" + bytes(260))
    # The certificate EF carries FF filler after the DER object.
    if certificate[:2] == b"\x30\x82":
        certificate = certificate[:4 + int.from_bytes(certificate[2:4], "big")]
    nonce = base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")
    token = {"format": "jpki-login:1.0", "certificate": base64.b64encode(certificate).decode(),
             "algorithm": "RS256", "signature": base64.b64encode(bytes(256)).decode()}
    request = {"token": token, "nonce": nonce, "origin": "https://portal.example:8443"}
    write("fuzz_login_request", "direct", json.dumps(request).encode())
    write("fuzz_login_request", "browser", json.dumps(dict(request, code="K7Q2-9XMA")).encode())
    write("fuzz_login_request", "minor-version",
          json.dumps(dict(request, token=dict(token, format="jpki-login:1.7"))).encode())
    write("fuzz_login_request", "escapes", json.dumps(
        {"token": dict(token, algorithm="RS\\u0032\u0035\u0036"), "nonce": nonce,
         "origin": "https://ポータル.example"}, ensure_ascii=True).encode())


def revocation_corpus():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509 import ocsp
    from cryptography.x509.oid import NameOID

    # Mirrors revocation_fuzz.cpp's CA and leaf (names, serial); the keys differ, which is what
    # the fuzzer's re-signing is for. Ed25519 from a fixed key signs deterministically, so the
    # CRLs come out the same at every run.
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fuzz CA")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    ca = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
          .public_key(key.public_key()).serial_number(1).not_valid_before(start)
          .not_valid_after(start + datetime.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(key, None))
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fuzz leaf")]))
            .issuer_name(name).public_key(key.public_key()).serial_number(0x1234)
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
            .sign(key, None))
    now = start + datetime.timedelta(days=30)
    for reason in (None, x509.ReasonFlags.key_compromise, x509.ReasonFlags.certificate_hold):
        builder = (x509.CertificateRevocationListBuilder().issuer_name(name).last_update(now)
                   .next_update(now + datetime.timedelta(days=1)))
        entry = (x509.RevokedCertificateBuilder().serial_number(0x1234)
                 .revocation_date(now - datetime.timedelta(days=1)))
        if reason:
            entry = entry.add_extension(x509.CRLReason(reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(7).revocation_date(now).build())
        crl = builder.sign(key, None)
        label = reason.name if reason else "no-reason"
        write("fuzz_revocation", "crl-der-" + label,
              b"\x01" + crl.public_bytes(serialization.Encoding.DER))
    write("fuzz_revocation", "crl-pem", b"\x01" + crl.public_bytes(serialization.Encoding.PEM))
    for status, label in ((ocsp.OCSPCertStatus.GOOD, "good"),
                          (ocsp.OCSPCertStatus.REVOKED, "revoked"),
                          (ocsp.OCSPCertStatus.UNKNOWN, "unknown")):
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=leaf, issuer=ca, algorithm=hashes.SHA1(), cert_status=status, this_update=now,
            next_update=now + datetime.timedelta(hours=1),
            revocation_time=now - datetime.timedelta(days=1) if label == "revoked" else None,
            revocation_reason=x509.ReasonFlags.certificate_hold if label == "revoked" else None)
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, ca).certificates([ca])
        builder = builder.add_extension(x509.OCSPNonce(bytes(16)), critical=False)
        response = builder.sign(key, None)
        der = response.public_bytes(serialization.Encoding.DER)
        write("fuzz_revocation", "ocsp-" + label, b"\x00" + der)
        write("fuzz_revocation", "ocsp-raw-" + label, b"\x02" + der)
    write("fuzz_revocation", "ocsp-try-later", b"\x00" + bytes.fromhex("30030a0103"))


def parser_corpus(flows):
    seen = set()
    for name, exchanges in flows:
        for command, answer in exchanges:
            if command[1] in seen:
                continue
            seen.add(command[1])
            write("fuzz_apdu_parser", "%s-ins-%02X-command" % (name, command[1]), command)
            write("fuzz_apdu_parser", "%s-ins-%02X-response" % (name, command[1]), answer)
    traces = ROOT / "tests" / "traces"
    for path in sorted(traces.glob("*.jsonl")) + [traces / "spy-sample.log"]:
        head = "".join(path.read_text().splitlines(keepends=True)[:12])
        write("fuzz_trace_reader", path.name, head.encode())


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    flows = trace_flows()
    card_corpus(flows)
    link_corpus(flows)
    files = card_info_corpus(flows)
    login_corpus(files)
    revocation_corpus()
    parser_corpus(flows)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print("wrote %d files, %d bytes, under %s" % (
        sum(1 for p in OUT.rglob("*") if p.is_file()), total, OUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
