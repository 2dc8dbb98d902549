# kill -9 in the middle of a batch issuance and of revocations, at whatever moment it lands:
# the database stays consistent (integrity check, foreign keys, no serial above the counter,
# no certificate without its card, every "active" card has its image with its certificates),
# and the authority carries on.
source "$(dirname "$0")/lib.sh"
init_authority
{
  echo "name,address,birth,sex"
  for i in $(seq 1 40); do echo "\"試験　$i\",\"東京都千代田区霞が関$i\",1980-01-01,1"; done
} > "$WORK/many.csv"

check_consistent() {  # WHAT
  python3 - "$CA/mynaca.db" <<'PY' || fail "$1: the database is inconsistent"
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchall()
problems = []
if q("PRAGMA integrity_check") != [("ok",)]: problems.append("integrity_check")
if q("PRAGMA foreign_key_check"): problems.append("foreign keys")
counter = q("SELECT value FROM counters WHERE name = 'serial'")[0][0]
top = q("SELECT max(serial) FROM certificates")[0][0]
if top > counter: problems.append(f"serial {top} above the counter {counter}")
if q("SELECT serial FROM certificates WHERE kind IN ('sign','auth') AND card_id NOT IN (SELECT id FROM cards)"):
    problems.append("a certificate without its card")
if q("SELECT id FROM cards WHERE state = 'issuing' AND id IN (SELECT card_id FROM certificates WHERE card_id IS NOT NULL)"):
    problems.append("an 'issuing' card with certificates")
if q("SELECT id FROM cards WHERE state IN ('certified','active') AND id NOT IN (SELECT card_id FROM certificates WHERE card_id IS NOT NULL)"):
    problems.append("a certified card without certificates")
for card, image in q("SELECT id, image_path FROM cards WHERE state = 'active'"):
    blob = open(image, "rb").read()
    for (der,) in q(f"SELECT der FROM certificates WHERE card_id = {card}"):
        if der not in blob: problems.append(f"card {card}: a certificate is missing from its image")
print("\n".join(problems), file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

for delay in 0.7 1.3 2.1; do
  mkdir "$WORK/cards-$delay"
  "$MYNACA" --dir "$CA" --now "$NOW" issue --batch "$WORK/many.csv" --out-dir "$WORK/cards-$delay" \
    --pin-env TEST_PIN --sign-password-env TEST_PASSWORD > /dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  check_consistent "after kill -9 at ${delay}s of a batch"
done

# The authority carries on: a card, then revocations interrupted the same way.
out=$(issue_card after.img)
sign=$(json_field "$out" 'd["sign_serial"]')
for i in $(seq 1 20); do
  # The program itself, not the mynaca function: kill -9 must hit mynaca, not a subshell.
  "$MYNACA" --dir "$CA" --now "${AT:-$NOW}" revoke --serial "$sign" --hold > /dev/null 2>&1 &
  pid=$!
  sleep 0.0$((RANDOM % 9))
  kill -9 "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  mynaca revoke --serial "$sign" --release > /dev/null 2>&1 || true
done
check_consistent "after kill -9 during revocations"
python3 - "$CA/mynaca.db" "$sign" <<'PY' || fail "hold/release events do not match the status"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
status = db.execute("SELECT status FROM certificates WHERE serial = ?", (sys.argv[2],)).fetchone()[0]
actions = [a for (a,) in db.execute("SELECT action FROM events WHERE serial = ? ORDER BY id", (sys.argv[2],))]
# Every committed hold is followed by its release; the status is the last event's.
expected = "hold" if actions and actions[-1] == "hold" else "good"
sys.exit(0 if status == expected and all(a != b for a, b in zip(actions, actions[1:])) else 1)
PY
echo "PASS"
