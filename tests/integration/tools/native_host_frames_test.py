#!/usr/bin/env python3
"""`mynatool native-host` fed raw native messaging frames on stdin (docs/native-host.md): the
version comes first, then exactly one answer with the stable error code for each bad message,
and no card is touched. Then `native-host install|uninstall --user-data-dir`: the manifest and
its launcher where Chromium looks, removed again. Then, with a card in a private pcscd (mynasim
exec): status, a pinentry that cannot run, a cancelled PIN dialog (no try spent), --reader naming
a reader that is not there (ERR_NO_READER), and the card taken out: status says so and
authenticate answers ERR_NO_CARD without asking the PIN.
Usage: native_host_frames_test.py MYNATOOL MYNACA MYNASIM"""
import json
import os
import struct
import subprocess
import sys
import tempfile

MYNATOOL, MYNACA, MYNASIM = sys.argv[1:4]
failures = []


def frame(body: bytes) -> bytes:
    return struct.pack("=I", len(body)) + body


def run(stdin: bytes, env=None):
    p = subprocess.run([MYNATOOL, "native-host", "chrome-extension://kpkiklppljkgbjbifjafmfkkelklmlip/"],
                       input=stdin, capture_output=True, timeout=30, env=env)
    out, messages = p.stdout, []
    while out:
        (n,) = struct.unpack("=I", out[:4])
        messages.append(json.loads(out[4:4 + n]))
        out = out[4 + n:]
    return p.returncode, messages


def expect(name, stdin, code, message_start, status=1, env=None):
    rc, messages = run(stdin, env)
    got = (rc, messages[0] if messages else None, len(messages))
    want_version = {"version": messages[0].get("version")} if messages else None
    error = messages[1]["error"] if len(messages) == 2 and "error" in messages[1] else {}
    ok = (rc == status and messages and set(messages[0]) == {"version"} and len(messages) == 2 and
          error.get("code") == code and error.get("message", "").startswith(message_start))
    if not ok:
        failures.append(f"{name}: want exit {status}, version then {code} '{message_start}...'; "
                        f"got exit {rc}, {messages}")
    return messages


# The browser going away before asking: the version, nothing else, exit 0.
rc, messages = run(b"")
if rc != 0 or messages != [{"version": messages[0]["version"] if messages else None}]:
    failures.append(f"empty input: want exit 0 and the version only, got {rc} {messages}")

expect("short length", b"\x05\x00", "ERR_MESSAGE_TRUNCATED",
       "the input ended inside the 4-byte length (2 bytes)")
expect("short body", struct.pack("=I", 40) + b'{"command":', "ERR_MESSAGE_TRUNCATED",
       "the input ended after 11 of the 40 bytes the length announced")
m = expect("oversized", struct.pack("=I", 8193), "ERR_MESSAGE_TOO_LARGE",
           "the message is 8193 bytes, more than the 8192 accepted")
if len(m) == 2 and m[1]["error"].get("limit") != 8192:
    failures.append(f"oversized: want limit 8192, got {m[1]}")
expect("4 GiB announced", b"\xff\xff\xff\xff", "ERR_MESSAGE_TOO_LARGE",
       "the message is 4294967295 bytes")
expect("empty message", frame(b""), "ERR_MESSAGE_MALFORMED", "the message is empty")
expect("not JSON", frame(b'{"command":'), "ERR_MESSAGE_MALFORMED", "the message is not UTF-8 JSON")
expect("not UTF-8", frame(b'{"command":"status\xff"}'), "ERR_MESSAGE_MALFORMED",
       "the message is not UTF-8 JSON")
expect("not an object", frame(b'["status"]'), "ERR_MESSAGE_MALFORMED",
       "the message is JSON but not an object")
expect("unknown command", frame(b'{"command":"sign"}'), "ERR_COMMAND_UNKNOWN",
       'unknown command "sign"')
expect("no arguments", frame(b'{"command":"authenticate"}'), "ERR_ARGUMENTS_INVALID",
       "authenticate needs arguments {challengeNonce, origin}")
nonce = "A" * 43


def auth(nonce, origin):
    return frame(json.dumps({"command": "authenticate",
                             "arguments": {"challengeNonce": nonce, "origin": origin}}).encode())


expect("short nonce", auth("A" * 42, "https://a.example"), "ERR_ARGUMENTS_INVALID",
       "challengeNonce is not 43 characters of base64url")
expect("padded nonce", auth("A" * 42 + "=", "https://a.example"), "ERR_ARGUMENTS_INVALID",
       "challengeNonce is not 43 characters of base64url")
for origin in ["http://a.example", "https://a.example/", "https://A.example", "https://a.example:8443/login",
               "https://user@a.example", "chrome-extension://x", "null", ""]:
    expect(f"origin {origin!r}", auth(nonce, origin), "ERR_ARGUMENTS_INVALID",
           "origin is not the origin of a secure context")
# Well-formed, but no pcscd at this socket: the reader is missing, no PIN is asked.
env = dict(os.environ, PCSCLITE_CSOCK_NAME="/nonexistent/pcscd.comm", PINENTRY="/bin/false")
expect("no pcscd", auth(nonce, "https://127.0.0.1:8443"), "ERR_NO_READER", "no card reader:", env=env)
expect("loopback http", auth(nonce, "http://localhost:8080"), "ERR_NO_READER", "no card reader:",
       env=env)
# status describes rather than refuses: no pcscd is no reader.
rc, messages = run(frame(b'{"command":"status"}'), env)
no_reader = {"status": {"readers": [], "reader": None, "cardPresent": False, "triesLeft": None,
                        "pinBlocked": False}}
if rc != 0 or messages[1:] != [no_reader]:
    failures.append(f"status with no pcscd: want exit 0 and {no_reader}, got {rc} {messages}")

with tempfile.TemporaryDirectory() as profile:
    out = subprocess.run([MYNATOOL, "--json", "native-host", "install", "--user-data-dir", profile],
                         capture_output=True, text=True)
    where = os.path.join(profile, "NativeMessagingHosts")
    manifest_path = os.path.join(where, "org.mynasim.login.json")
    launcher = os.path.join(where, "org.mynasim.login")
    if out.returncode != 0 or not os.path.exists(manifest_path):
        failures.append(f"install: {out.returncode} {out.stdout} {out.stderr}")
    else:
        manifest = json.load(open(manifest_path))
        want = {"name": "org.mynasim.login", "path": launcher, "type": "stdio",
                "allowed_origins": ["chrome-extension://kpkiklppljkgbjbifjafmfkkelklmlip/"]}
        for key, value in want.items():
            if manifest.get(key) != value:
                failures.append(f"manifest {key}: want {value}, got {manifest.get(key)}")
        if not os.access(launcher, os.X_OK):
            failures.append("the launcher is not executable")
        # The launcher is what the browser runs, with the caller as argument.
        p = subprocess.run([launcher, "chrome-extension://kpkiklppljkgbjbifjafmfkkelklmlip/"],
                           input=b"", capture_output=True)
        body = p.stdout[4:]
        if (p.returncode != 0 or struct.unpack("=I", p.stdout[:4])[0] != len(body) or
                list(json.loads(body)) != ["version"]):
            failures.append(f"launcher: {p.returncode} {p.stdout!r} {p.stderr!r}")
    out = subprocess.run([MYNATOOL, "native-host", "uninstall", "--user-data-dir", profile],
                         capture_output=True, text=True)
    if out.returncode != 0 or os.path.exists(manifest_path) or os.path.exists(launcher):
        failures.append(f"uninstall: {out.returncode} {out.stdout} {out.stderr}")
    out = subprocess.run([MYNATOOL, "native-host", "install", "--browser", "firefox",
                          "--user-data-dir", profile], capture_output=True, text=True)
    if out.returncode != 1 or "--user-data-dir is Chromium's" not in out.stderr:
        failures.append(f"firefox with --user-data-dir: {out.returncode} {out.stderr}")
    home = os.path.join(profile, "home")
    out = subprocess.run([MYNATOOL, "native-host", "install", "--browser", "firefox"],
                         capture_output=True, text=True, env=dict(os.environ, HOME=home))
    ff = os.path.join(home, ".mozilla/native-messaging-hosts/org.mynasim.login.json")
    if out.returncode != 0 or json.load(open(ff)).get("allowed_extensions") != ["login@mynasim.example"]:
        failures.append(f"firefox install: {out.returncode} {out.stderr}")

# With a card: the host inside `mynasim exec`, driven by this same script (--inside).
CARD_PART = r"""
import json, os, struct, subprocess, sys, time
def ask(request, options=(), **env):
    body = json.dumps(request).encode()
    p = subprocess.run([sys.argv[1], *options, "native-host"], input=struct.pack("=I", len(body)) + body,
                       capture_output=True, env=dict(os.environ, **env))
    out = p.stdout
    (n,) = struct.unpack("=I", out[:4])
    out = out[4 + n:]
    (m,) = struct.unpack("=I", out[:4])
    return json.loads(out[4:4 + m])
auth = {"command": "authenticate", "arguments": {"challengeNonce": "A" * 43, "origin": "https://127.0.0.1:8443"}}
standin = dict(PINENTRY=sys.argv[2], PINENTRY_DIR=sys.argv[3])
print(json.dumps(ask({"command": "status"})))
print(json.dumps(ask(auth, PINENTRY="/nonexistent/pinentry")))
print(json.dumps(ask(auth, **standin)))
print(json.dumps(ask({"command": "status"})))
# A reader named that is not there, pcscd running.
print(json.dumps(ask(auth, ["--reader", "No Such Reader"], **standin)))
print(json.dumps(ask({"command": "status"}, ["--reader", "No Such Reader"])))
# The card taken out: the reader stays, empty (pcscd notices within its polling period).
subprocess.run([sys.argv[4], "remove"], check=True, capture_output=True)
for _ in range(200):
    status = ask({"command": "status"})
    if status.get("status", {}).get("cardPresent") is False:
        break
    time.sleep(0.05)
print(json.dumps(status))
if os.path.exists(os.path.join(sys.argv[3], "log")):
    os.remove(os.path.join(sys.argv[3], "log"))
print(json.dumps(ask(auth, **standin)))
print(json.dumps({"pinentry_ran": os.path.exists(os.path.join(sys.argv[3], "log"))}))
"""
with tempfile.TemporaryDirectory() as work:
    env = dict(os.environ, TEST_PIN="1234", TEST_PASSWORD="SIGNPASS1")
    subprocess.run([MYNACA, "--dir", f"{work}/ca", "init"], check=True, capture_output=True, env=env)
    subprocess.run([MYNACA, "--dir", f"{work}/ca", "issue", "--name", "個人番号　花子", "--address",
                    "東京都千代田区霞が関２丁目１番２号", "--birth", "1980-02-17", "--sex", "2", "--out",
                    f"{work}/card.img", "--pin-env", "TEST_PIN", "--sign-password-env", "TEST_PASSWORD"],
                   check=True, capture_output=True, env=env)
    os.mkdir(f"{work}/pinentry")
    open(f"{work}/pinentry/pin", "w").write("CANCEL")
    open(f"{work}/part.py", "w").write(CARD_PART)
    standin = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pinentry_standin.sh")
    p = subprocess.run([MYNASIM, "exec", "--card", f"{work}/card.img", "--", sys.executable,
                        f"{work}/part.py", MYNATOOL, standin, f"{work}/pinentry", MYNASIM],
                       capture_output=True, text=True, timeout=120)
    answers = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    if p.returncode != 0 or len(answers) != 9:
        failures.append(f"with a card: exit {p.returncode}: {p.stdout} {p.stderr}")
    else:
        status = answers[0].get("status", {})
        if (status.get("cardPresent") is not True or status.get("triesLeft") != 3 or
                status.get("pinBlocked") is not False or status.get("reader") not in status.get("readers", [])):
            failures.append(f"status with a card: {answers[0]}")
        error = answers[1].get("error", {})
        if error.get("code") != "ERR_PINENTRY" or "exited before its greeting" not in error.get("message", ""):
            failures.append(f"missing pinentry: want ERR_PINENTRY, got {answers[1]}")
        if answers[2] != {"error": {"code": "ERR_USER_CANCELLED",
                                    "message": "the PIN entry was cancelled; nothing was signed"}}:
            failures.append(f"cancelled PIN dialog: {answers[2]}")
        if answers[3].get("status", {}).get("triesLeft") != 3:
            failures.append(f"a cancelled dialog spent a try: {answers[3]}")
        reader = status.get("reader")
        absent = {"error": {"code": "ERR_NO_READER",
                            "message": "no card reader: no reader named 'No Such Reader'; the "
                                       f"readers are: '{reader}'"}}
        if answers[4] != absent:
            failures.append(f"authenticate, --reader not there: want {absent}, got {answers[4]}")
        if answers[5] != absent:
            failures.append(f"status, --reader not there: want {absent}, got {answers[5]}")
        empty = {"status": {"readers": [reader], "reader": reader, "cardPresent": False,
                            "triesLeft": None, "pinBlocked": False}}
        if answers[6] != empty:
            failures.append(f"status, card removed: want {empty}, got {answers[6]}")
        no_card = {"error": {"code": "ERR_NO_CARD", "message": "put your My Number card in the reader"}}
        if answers[7] != no_card:
            failures.append(f"authenticate, card removed: want {no_card}, got {answers[7]}")
        if answers[8] != {"pinentry_ran": False}:
            failures.append("authenticate with no card ran pinentry")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print("native host frames and install: ok")
