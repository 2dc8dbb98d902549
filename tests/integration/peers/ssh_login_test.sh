# ssh logs in with the card's user-authentication key through OpenSC's PKCS#11 module to a private
# sshd on 127.0.0.1 (the JPKI HOWTO's use). The server trusts the key `ssh-keygen -D` reads from the
# card; the PIN reaches ssh through SSH_ASKPASS (a script reading the environment), never argv.
# A wrong PIN is refused and costs exactly one try. Nothing touches the system's sshd or its config.
. "$(dirname "$0")/../reader/lib.sh"
need ssh openssh-client
need ssh-keygen openssh-client
[ -x /usr/sbin/sshd ] || fail "/usr/sbin/sshd not found: install the Debian package openssh-server"
need pkcs15-tool opensc
need openssl openssl
[ -n "$OPENSC_PKCS11" ] || fail "opensc-pkcs11.so not found: install the Debian package opensc-pkcs11"
# sshd's privilege-separation directory: as root it refuses to start without it.
[ "$(id -u)" -ne 0 ] || [ -d /run/sshd ] || mkdir -m 0755 /run/sshd

start_stack --card "$CARD"
export PCSCLITE_CSOCK_NAME

# The card's keys as ssh sees them: the authentication key (its certificate is public) and the
# two CA keys. The signature key's certificate needs the signature password, so -D cannot read it
# (it says "failed to fetch key", as with a real card).
ssh-keygen -D "$OPENSC_PKCS11" > "$WORK/card_keys" 2> "$WORK/keygen.err" || true
openssl x509 -inform der -in "$CERTS/auth.der" -pubkey -noout > "$WORK/auth.pub.pem"
auth_key=$(ssh-keygen -i -m PKCS8 -f "$WORK/auth.pub.pem")
expect_eq "$(grep -F "$auth_key " "$WORK/card_keys")" "$auth_key User Authentication Public Key" \
  "the authentication key as ssh-keygen -D reads it"
expect_eq "$(grep -c '^ssh-rsa ' "$WORK/card_keys")" 3 "keys ssh-keygen -D reads without a PIN"
echo "$auth_key" > "$WORK/authorized_keys"
# ssh with IdentitiesOnly uses a PKCS#11 key only when an identity file names it (its public half).
cp "$WORK/authorized_keys" "$WORK/card_auth.pub"
auth_fp=$(ssh-keygen -l -E sha256 -f "$WORK/authorized_keys" | awk '{ print $2 }')

# A private sshd on a free port: its own host key, config, pid file and log.
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_key"
start_sshd() {
  for _ in 1 2 3 4 5; do
    port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat > "$WORK/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $WORK/host_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/authorized_keys
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
Subsystem sftp internal-sftp
CONF
    /usr/sbin/sshd -D -e -f "$WORK/sshd_config" 2> "$WORK/sshd.log" &
    SSHD_PID=$!
    BACKGROUND+=("$SSHD_PID")
    for _ in $(seq 1 100); do
      grep -q "Server listening on 127.0.0.1 port $port" "$WORK/sshd.log" && return 0
      kill -0 "$SSHD_PID" 2> /dev/null || break
      sleep 0.05
    done
    kill "$SSHD_PID" 2> /dev/null || true
    wait "$SSHD_PID" 2> /dev/null || true
    grep -q 'Address already in use' "$WORK/sshd.log" || fail "sshd did not start: $(cat "$WORK/sshd.log")"
  done
  fail "no free port for sshd"
}
start_sshd
echo "[127.0.0.1]:$port $(cat "$WORK/host_key.pub")" > "$WORK/known_hosts"

# The askpass program: prints the PIN from the environment and counts its calls.
cat > "$WORK/askpass" <<'SH'
#!/bin/sh
echo called >> "$WORK/askpass.calls"
printf '%s\n' "$PEERS_PIN"
SH
chmod +x "$WORK/askpass"
export WORK SSH_ASKPASS="$WORK/askpass" SSH_ASKPASS_REQUIRE=force
# Not BatchMode=yes: ssh then skips every token that needs a PIN ("pin required").
card_ssh() {  # PIN REMOTE-COMMAND
  rm -f "$WORK/askpass.calls"
  PEERS_PIN=$1 ssh -F none -p "$port" -l "$(id -un)" -I "$OPENSC_PKCS11" \
    -i "$WORK/card_auth.pub" -o IdentitiesOnly=yes -o IdentityAgent=none -o PreferredAuthentications=publickey \
    -o UserKnownHostsFile="$WORK/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o ConnectTimeout=10 127.0.0.1 "$2" < /dev/null
}
tries_left() {
  pkcs15-tool -D 2> /dev/null | grep 'Tries left' | head -n 1 | tr -s ' \t' ' '
}

# A wrong PIN: no login, no remote output, one try spent (the right PIN then restores it).
set +e
out=$(card_ssh 9999 'echo logged in' 2> "$WORK/ssh_wrong.err")
status=$?
set -e
[ "$status" -ne 0 ] || fail "ssh logged in with a wrong PIN: $out"
expect_eq "$out" "" "remote output with a wrong PIN"
grep -q 'Permission denied (publickey)' "$WORK/ssh_wrong.err" || fail "ssh with a wrong PIN: $(cat "$WORK/ssh_wrong.err")"
expect_eq "$(wc -l < "$WORK/askpass.calls")" 1 "PIN prompts with a wrong PIN"
expect_eq "$(tries_left)" " Tries left : 2" "tries left after ssh with a wrong PIN"
grep -q 'Accepted publickey' "$WORK/sshd.log" && fail "sshd accepted a key after a wrong PIN: $(cat "$WORK/sshd.log")"

# The right PIN: logged in with the authentication key, the remote command's output comes back.
out=$(card_ssh 1234 'echo "logged in as $(id -un) from ${SSH_CLIENT%% *}"' 2> "$WORK/ssh.err") ||
  fail "ssh with the right PIN: $(cat "$WORK/ssh.err" "$WORK/sshd.log")"
expect_eq "$out" "logged in as $(id -un) from 127.0.0.1" "remote command output"
expect_eq "$(wc -l < "$WORK/askpass.calls")" 1 "PIN prompts with the right PIN"
grep -q "Accepted publickey for $(id -un) from 127.0.0.1 port [0-9]* ssh2: RSA $auth_fp" "$WORK/sshd.log" ||
  fail "sshd did not log the card's key ($auth_fp): $(cat "$WORK/sshd.log")"
expect_eq "$(tries_left)" " Tries left : 3" "tries left after a right PIN"
grep -q 1234 "$WORK/ssh.err" "$WORK/sshd.log" && fail "the PIN shows in ssh's or sshd's output"
echo PASS
