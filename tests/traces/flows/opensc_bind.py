"""`pkcs15-tool -D` (OpenSC): driver matching and the JPKI PKCS#15 bind (opensc_common)."""

import opensc_common


def flow(card):
    opensc_common.bind(card)
