# OpenSC recognises the simulated card as JPKI: by the contact ATR (ATR table), and with a
# generic ATR (by SELECTing the JPKI AP after every other driver's probe got a clean error).
. "$(dirname "$0")/lib.sh"
need opensc-tool opensc

out=$("$MYNASIM" exec --card "$CARD" -- opensc-tool -a -n 2> /dev/null)
expect_eq "$out" $'3b:e0:00:ff:81:31:fe:45:14\njpki' "contact ATR (default)"

out=$("$MYNASIM" exec --card "$CARD" --atr contact -- opensc-tool -a -n 2> /dev/null)
expect_eq "$out" $'3b:e0:00:ff:81:31:fe:45:14\njpki' "--atr contact"

# A generic T=1 ATR (TS, T0=80, TD1=80, TD2=01, TCK=01): OpenSC must find JPKI by SELECT.
out=$("$MYNASIM" exec --card "$CARD" --atr 3B80800101 -- opensc-tool -a -n 2> /dev/null)
expect_eq "$out" $'3b:80:80:01:01\njpki' "generic ATR"

out=$("$MYNASIM" exec --card "$CARD" --atr contactless -- opensc-tool -a -n 2> /dev/null)
expect_eq "$out" $'3b:88:80:01:00:00:05:e0:b3:81:a1:00:7f\njpki' "contactless ATR"

# The reader: one slot, our name.
out=$("$MYNASIM" exec --card "$CARD" -- opensc-tool -l 2> /dev/null)
expect_eq "$out" $'# Detected readers (pcsc)\nNr.  Card  Features  Name\n0    Yes             Mynasim Virtual Reader 00 00' "reader list"
echo PASS
