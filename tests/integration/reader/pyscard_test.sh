# Debian's python3-pyscard sends raw APDUs: SELECT of the JPKI AP -> 9000, an unknown AID ->
# 6A82, an unknown instruction -> 6D00.
. "$(dirname "$0")/lib.sh"
"$PYTHON" -c 'import smartcard' 2> /dev/null || fail "pyscard not importable by $PYTHON: install the Debian package python3-pyscard"

cat > "$WORK/raw.py" << 'PY'
from smartcard.System import readers
from smartcard.util import toHexString
reader = readers()[0]
print(reader)
connection = reader.createConnection()
connection.connect()
print(toHexString(connection.getATR()))
for apdu in ("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",
             "00 A4 04 00 06 A0 00 00 00 01 01",
             "00 FE 00 00"):
    data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))
    print(toHexString(data + [sw1, sw2]))
PY
out=$("$MYNASIM" exec --card "$CARD" -- "$PYTHON" "$WORK/raw.py")
expect_eq "$out" "Mynasim Virtual Reader 00 00
3B E0 00 FF 81 31 FE 45 14
90 00
6A 82
6D 00" "pyscard"
echo PASS
