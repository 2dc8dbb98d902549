# pcsc_steps.py STEP...: one PC/SC handle on the first reader, driven step by step; used by the
# fault tests. A step is an APDU in hex (prints the response in hex, or the PC/SC error's name),
# "reconnect" (SCardReconnect, or when that fails a new handle once a card is in the reader, up to
# 10 s; prints the ATR), "reconnect-only" (SCardReconnect alone: the ATR, or the error's name),
# "new-handle" (drops the handle, connects again once a card is in the reader; prints the ATR),
# "reset" (SCardReconnect with SCARD_RESET_CARD: the ATR, or the error's name), "atr", "sleep" (0.3 s) or "sleep:SECONDS" (both print nothing).
import sys, time
from smartcard import scard
from smartcard.util import toHexString
names = {getattr(scard, n): n for n in dir(scard) if n.startswith(("SCARD_E_", "SCARD_W_"))}
def check(rv, what):
    if rv != scard.SCARD_S_SUCCESS:
        sys.exit("%s: %s" % (what, names.get(rv, hex(rv))))
rv, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
check(rv, "context")
rv, readers = scard.SCardListReaders(context, [])
check(rv, "readers")
def connect():
    for _ in range(200):
        rv, handle, protocol = scard.SCardConnect(context, readers[0], scard.SCARD_SHARE_SHARED,
                                                  scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if rv == scard.SCARD_S_SUCCESS:
            return handle, protocol
        time.sleep(0.05)
    sys.exit("connect: %s" % names.get(rv, hex(rv)))
def atr(handle):
    rv, reader, state, protocol, value = scard.SCardStatus(handle)
    return toHexString(value) if rv == scard.SCARD_S_SUCCESS else names.get(rv, hex(rv))
handle, protocol = connect()
for step in sys.argv[1:]:
    if step == "reconnect":  # as a client does after SCARD_W_RESET_CARD or _REMOVED_CARD
        rv, protocol = scard.SCardReconnect(handle, scard.SCARD_SHARE_SHARED,
                                            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                                            scard.SCARD_LEAVE_CARD)
        if rv != scard.SCARD_S_SUCCESS:  # a card put back is a new card: a new handle
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
            handle, protocol = connect()
        print("reconnected " + atr(handle))
    elif step == "reconnect-only":
        rv, protocol = scard.SCardReconnect(handle, scard.SCARD_SHARE_SHARED,
                                            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                                            scard.SCARD_LEAVE_CARD)
        print("reconnected " + atr(handle) if rv == scard.SCARD_S_SUCCESS else names.get(rv, hex(rv)))
    elif step == "reset":
        rv, protocol = scard.SCardReconnect(handle, scard.SCARD_SHARE_SHARED,
                                            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
                                            scard.SCARD_RESET_CARD)
        print("reset " + atr(handle) if rv == scard.SCARD_S_SUCCESS else names.get(rv, hex(rv)))
    elif step == "new-handle":
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
        handle, protocol = connect()
        print("connected " + atr(handle))
    elif step == "sleep":
        time.sleep(0.3)
    elif step.startswith("sleep:"):
        time.sleep(float(step[len("sleep:"):]))
    elif step == "atr":
        print(atr(handle))
    else:
        rv, response = scard.SCardTransmit(handle, protocol, list(bytes.fromhex(step)))
        print(toHexString(response) if rv == scard.SCARD_S_SUCCESS else names.get(rv, hex(rv)))
