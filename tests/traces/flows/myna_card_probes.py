"""soltia48/myna-card's read-only probes (examples/fuzz_card.rs): `baseline`, `default-df-state`,
`select-prefix D392`, `enumerate-occurrences D3`, each after a power cycle. `scan-aid-roots` is
left out: the reference does not say which 1-byte roots besides D3 a real card answers.

Real-card answers the simulator does not give yet (reference §9, measured by myna-card's author,
rank 3): a DF-name prefix of any length from 1 byte selects (9000), and P2=02 selects the next
occurrence; the five applications are found under D3, then 6A82. These replay clean only once the
prefix SELECT is in (branch h-card). The baseline's key references are recorded as the simulator
answers them: the reference lists them as probed on a card (JPKI 0010, 共通 001E, surface 0014
and 0015 among them) without the answers. Where the simulator has no such EF (6A82), the probe's
`?` would stop; the flow goes on without the VERIFY, so that the other keys are still covered."""

import tracegen

SOURCE = "myna-card fuzz_card.rs, measured on a card (reference section 9)"


def get_data_state(card):
    for tag in (0x0042, 0x0066, 0x00F0):
        card.send(bytes([0x00, 0xCA, tag >> 8, tag & 0xFF, 0x00]))


def select_prefix(card, prefix, p2=0x00, real=None):
    return card.send(bytes([0x00, 0xA4, 0x04, p2, len(prefix)]) + prefix + b"\x00", real)


def baseline(card):
    card.power_cycle()
    for aid, keys in ((tracegen.COMMON, (0x001C, 0x001E)), (tracegen.JUKI, (0x001C,)),
                      (tracegen.SURFACE, (0x0011, 0x0012, 0x0013, 0x0014, 0x0015)),
                      (tracegen.TEXT, (0x0011, 0x0012, 0x0014, 0x0015)),
                      (tracegen.JPKI, (0x0010, 0x0018, 0x001B))):
        card.select_df(aid)
        for key in keys:
            if card.select_ef(key)[1] == 0x9000:
                card.retries()


def default_df_state(card):
    isd = bytes.fromhex("A0000001510000")
    card.power_cycle()
    get_data_state(card)
    select_prefix(card, tracegen.JPKI)
    get_data_state(card)
    select_prefix(card, isd)
    get_data_state(card)
    card.select_df(tracegen.JPKI)
    card.select_df(isd)
    get_data_state(card)
    card.select_df(tracegen.JPKI)
    card.send(bytes([0x00, 0xA4, 0x04, 0x00, 0x00]))  # SELECT without a name, Le 256
    get_data_state(card)


def flow(card):
    baseline(card)
    default_df_state(card)
    card.power_cycle()  # select-prefix D392
    select_prefix(card, bytes([0xD3, 0x92]), real=(b"", 0x9000, SOURCE))
    card.power_cycle()  # enumerate-occurrences D3: the five applications, then no more
    for occurrence in range(6):
        found = occurrence < 5
        select_prefix(card, bytes([0xD3]), 0x00 if occurrence == 0 else 0x02,
                      real=(b"", 0x9000 if found else 0x6A82, SOURCE))
