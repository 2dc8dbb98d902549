"""The real-card trace of OpenSC PR 959 (reference jpki-card.md, rank 1), which OpenSC's PKCS#11
C_GetSessionInfo after C_Login depends on (`pkcs11-tool --test --login`): after a right VERIFY,
the empty VERIFY still answers the tries left, 63C3 (auth) - and the signature password's 63C5
by the same rule. Replays clean only once the simulator answers so (branch h-card)."""

import tracegen

SOURCE = "OpenSC PR 959 real-card trace"


def flow(card):
    card.select_df(tracegen.JPKI)
    card.select_ef(0x0018)
    card.retries()
    card.verify(tracegen.PIN)
    card.retries(real=(b"", 0x63C3, SOURCE))
    card.select_ef(0x001B)
    card.verify(tracegen.SIGN_PASSWORD)
    card.retries(real=(b"", 0x63C5, SOURCE))
