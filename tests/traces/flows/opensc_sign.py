"""`pkcs11-tool --login --pin 1234 --sign --id 01 -m SHA256-RSA-PKCS` (OpenSC), as captured with
pcsc-spy: the bind, the public key's certificate read again, the PIN status twice, VERIFY, then
card-jpki.c's set_security_env (SELECT 0017) and compute_signature (80 2A 00 80 ... 00)."""

import hashlib

import opensc_common
import tracegen


def flow(card):
    opensc_common.bind(card)
    opensc_common.read_certificate(card, 0x000A)
    for _ in range(2):
        card.select_ef(0x0018)
        card.retries()
    card.select_ef(0x0018)
    card.verify(tracegen.PIN)
    card.select_ef(0x0017)
    card.sign(tracegen.SHA256_PREFIX + hashlib.sha256(b"hello").digest())
