#!/usr/bin/env bash
# The card is firmware (DESIGN.md, "The card"): every card/ and iso7816/ source is compiled with
# -fno-exceptions -fno-rtti, and a program made of the card alone links neither OpenSSL nor
# libpcsclite. Usage: check_card_deps.sh BUILD_DIR CARD_ONLY_PROGRAM
set -euo pipefail
build_dir=$1
program=$2
status=0

commands="$build_dir/compile_commands.json"
[ -f "$commands" ] || { echo "no $commands (configure with CMAKE_EXPORT_COMPILE_COMMANDS)"; exit 1; }
# Each firmware translation unit, and whether its command line has both flags.
python3 - "$commands" <<'PY' || status=1
import json, sys
entries = json.load(open(sys.argv[1]))
firmware = [e for e in entries if "/card/" in e["file"] or "/iso7816/" in e["file"]]
firmware = [e for e in firmware if "/tests/" not in e["file"]]
bad = [e["file"] for e in firmware
       if "-fno-exceptions" not in e["command"] or "-fno-rtti" not in e["command"]]
print(f"{len(firmware)} firmware sources checked for -fno-exceptions -fno-rtti")
for f in bad:
    print(f"  built WITH exceptions or RTTI: {f}")
sys.exit(1 if bad or not firmware else 0)
PY

# The card-only program's shared libraries.
if ldd "$program" | grep -E 'libssl|libcrypto|libpcsclite'; then
  echo "the card-only program links OpenSSL or libpcsclite (above)"
  status=1
fi
# And no undefined OpenSSL or PC/SC symbol hides in the static card libraries.
for lib in "$build_dir"/card/*.a "$build_dir"/iso7816/*.a; do
  if nm -u "$lib" 2>/dev/null | grep -E ' (EVP_|SSL_|OPENSSL_|X509_|SCard)'; then
    echo "$lib needs OpenSSL or PC/SC symbols (above)"
    status=1
  fi
done
"$program" || { echo "the card-only program failed"; status=1; }
[ $status -eq 0 ] && echo "card/ is firmware: no exceptions, no RTTI, no OpenSSL, no libpcsclite"
exit $status
