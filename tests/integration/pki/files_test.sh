# Files that hold secrets or personal data: mynaca's directory and private/ are 0700, mynaca.db
# and every key 0600 (under umask 000 too); an authority, a key or a database that group or
# others may read is refused at start with the path and the mode. mynaportal's data directory
# likewise. A batch file's `out` column never leaves --out-dir. Usage: bash SCRIPT MYNACA MYNAPORTAL
source "$(dirname "$0")/lib.sh"
MYNAPORTAL=${2:?usage: $0 MYNACA MYNAPORTAL}

mode() { stat -c %a "$1"; }

(umask 000 && init_authority)
expect_eq "$(mode "$CA")" "700" "authority directory"
expect_eq "$(mode "$CA/private")" "700" "private/"
expect_eq "$(mode "$CA/mynaca.db")" "600" "mynaca.db"
for f in "$CA"/private/* "$CA"/mynaca.db-*; do
  [ -e "$f" ] || continue
  expect_eq "$(mode "$f")" "600" "$f"
done
(umask 000 && issue_card card.img > /dev/null)
expect_eq "$(mode "$WORK/card.img")" "600" "card image"
expect_eq "$(mode "$CA/private/office.key.pem")" "600" "office key"
ls "$CA"/private/cv-*.key.pem > /dev/null || fail "no card-info CV keys"
for f in "$CA"/private/*; do expect_eq "$(mode "$f")" "600" "$f"; done

# refused_at PATH MODE-TO-SET OCTAL-SHOWN WANT: mynaca list refuses, naming PATH and its mode
refused_at() {
  local path=$1 old
  old=$(mode "$path")
  chmod "$2" "$path"
  local err rc=0
  err=$(mynaca list 2>&1 > /dev/null) || rc=$?
  chmod "$old" "$path"
  expect_eq "$rc" "1" "exit status with $path at $2"
  expect_eq "$err" "mynaca: $path: mode $3 lets group or others in; it holds secrets or personal data (want $4: chmod ${4#0} $path)" "message for $path at $2"
}
refused_at "$CA" 755 0755 0700
refused_at "$CA/private" 710 0710 0700
refused_at "$CA/mynaca.db" 644 0644 0600
refused_at "$CA/mynaca.db" 660 0660 0600
mynaca list > /dev/null || fail "the restored authority does not open"
# Every key in private/ is checked when the authority is opened, before any card is written.
chmod 640 "$CA/private/auth-g01.key.pem"
rc=0; err=$(issue_card card2.img 2>&1 > /dev/null) || rc=$?
chmod 600 "$CA/private/auth-g01.key.pem"
expect_eq "$rc" "1" "loose CA key: exit status"
expect_contains "$err" "$CA/private/auth-g01.key.pem: mode 0640 lets group or others in" "loose CA key"
[ ! -e "$WORK/card2.img" ] || fail "a card was written with a loose CA key"

# A batch's out column stays inside --out-dir: ../, absolute paths, a/../../, symbolic links
# leading out (a directory on the way or the image itself) are refused naming the line and the
# value, and nothing is issued (the good first row neither).
mkdir -p "$WORK/cards" "$WORK/outside"
ln -s "$WORK/outside" "$WORK/cards/link"
ln -s "$WORK/outside/dangling.img" "$WORK/cards/dangling.img"
cards_before=$(json_field "$(mynaca --json list)" 'len(d["cards"])')
escape() {  # OUT-VALUE EXPECTED-REASON
  printf 'name,address,birth,sex,out\n"山田　太郎","東京都新宿区西新宿２丁目８番１号",1975-05-05,1,good.img\n"佐藤　花子","大阪府大阪市北区中之島１丁目３番２０号",1985-12-24,2,%s\n' "$1" > "$WORK/escape.csv"
  local err rc=0
  err=$(mynaca issue --batch "$WORK/escape.csv" --out-dir "$WORK/cards" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD 2>&1 > /dev/null) || rc=$?
  expect_eq "$rc" "1" "exit status for out [$1]"
  expect_eq "$err" "mynaca: batch: line 3: out: \"$1\" $2" "message for out [$1]"
  expect_eq "$(ls "$WORK/outside")" "" "nothing written outside for [$1]"
  [ ! -e "$WORK/cards/good.img" ] || fail "the good row was issued along with [$1]"
  [ ! -e "$WORK/x.img" ] || fail "x.img written for [$1]"
  expect_eq "$(json_field "$(mynaca --json list)" 'len(d["cards"])')" "$cards_before" "nothing recorded for [$1]"
}
escape "../x.img" "leaves $WORK/cards (.. climbs out of it)"
escape "$WORK/outside/abs.img" "is an absolute path; it must stay inside $WORK/cards"
escape "a/../../x.img" "leaves $WORK/cards (.. climbs out of it)"
escape "link/x.img" "leads out of $WORK/cards (to $WORK/outside/x.img) through a symbolic link"
escape "dangling.img" "is a symbolic link ($WORK/cards/dangling.img); a card image is never written through one"
# Inside is fine, .. that stays inside included.
printf 'name,address,birth,sex,out\n"山田　太郎","東京都新宿区西新宿２丁目８番１号",1975-05-05,1,sub/../good.img\n' > "$WORK/good.csv"
out=$(mynaca --json issue --batch "$WORK/good.csv" --out-dir "$WORK/cards" --pin-env TEST_PIN --sign-password-env TEST_PASSWORD)
expect_eq "$(json_field "$out" 'd["issued"][0]["image"]')" "$WORK/cards/good.img" "out inside --out-dir"

# mynaportal: its data directory (portal.db, secret.bin, tls/server.key) is 0700, the files 0600;
# a data directory others may read is refused before anything is served.
mkdir -m 755 "$WORK/open-portal"
chmod 755 "$WORK/open-portal"
rc=0; err=$("$MYNAPORTAL" serve --ca "$CA" --data "$WORK/open-portal" --listen 127.0.0.1:0 2>&1) || rc=$?
expect_eq "$rc" "1" "portal: open data directory"
expect_eq "$err" "mynaportal: $WORK/open-portal: mode 0755 lets group or others in; it holds secrets or personal data (want 0700: chmod 700 $WORK/open-portal)" "portal: message"
expect_eq "$(ls "$WORK/open-portal")" "" "portal: nothing written into the open directory"
(umask 000 && exec "$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal" --listen 127.0.0.1:0 --json > "$WORK/portal.out" 2>&1) &
BACKGROUND+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/portal.out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$WORK/portal.out" || fail "portal did not start: $(cat "$WORK/portal.out")"
expect_eq "$(mode "$WORK/portal")" "700" "portal data directory"
expect_eq "$(mode "$WORK/portal/tls")" "700" "portal tls/"
for f in portal.db secret.bin tls/server.key; do expect_eq "$(mode "$WORK/portal/$f")" "600" "portal $f"; done
for f in "$WORK"/portal/portal.db-*; do [ -e "$f" ] && expect_eq "$(mode "$f")" "600" "$f"; done
kill "${BACKGROUND[-1]}"; wait "${BACKGROUND[-1]}" 2>/dev/null || true
chmod 644 "$WORK/portal/secret.bin"
rc=0; err=$("$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal" --listen 127.0.0.1:0 2>&1) || rc=$?
expect_eq "$rc" "1" "portal: open secret"
expect_contains "$err" "mynaportal: $WORK/portal/secret.bin: mode 0644 lets group or others in" "portal: open secret message"
echo "files: ok"
