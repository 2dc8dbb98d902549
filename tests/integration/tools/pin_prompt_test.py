#!/usr/bin/env python3
"""The PIN prompt of the tools (tools/common/cli/secret_input) on a real terminal: a pseudo-terminal
that is the tool's controlling tty, as a shell's is.

Each case runs a tool up to its prompt, checks that echo is off while it waits, then ends the wait:
^C typed on the terminal, a SIGTERM, a SIGHUP, or a typed value. Afterwards echo must be on again
(what a shell needs), a signal must still end the tool as that signal does, and a typed value must
never appear in what the tool wrote to the terminal.

Usage: pin_prompt_test.py MYNACA MYNASIM MYNATOOL
"""
import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import termios
import time

MYNACA, MYNASIM, MYNATOOL = sys.argv[1:4]
failures = []


class Terminal:
    """A command on the slave side of a fresh pty, in a session of its own."""

    def __init__(self, argv, env=None):
        self.master, self.slave = os.openpty()
        slave_path = os.ttyname(self.slave)
        self.output = b""
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.setsid()
                tty = os.open(slave_path, os.O_RDWR)  # the first tty opened: the controlling one
                fcntl.ioctl(tty, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(tty, fd)
                os.closerange(3, 256)
                os.execve(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)

    def echo_on(self):
        return bool(termios.tcgetattr(self.slave)[3] & termios.ECHO)

    def read_until(self, pattern, seconds=30):
        end = time.monotonic() + seconds
        while not re.search(pattern, self.output):
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} on the terminal; got {self.output!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # EIO: every slave descriptor but ours is closed
                    chunk = b""
                if not chunk:
                    time.sleep(0.05)
                self.output += chunk

    def type(self, data):
        os.write(self.master, data)

    def wait(self, seconds=30):
        """The exit status as subprocess reports it (-N: killed by signal N)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.drain()
                return os.waitstatus_to_exitcode(status)
            self.drain(0.05)
        try:
            with open(f"/proc/{self.pid}/status") as status:
                state = " ".join(line.strip() for line in status
                                 if line.startswith(("State", "Sig", "ShdPnd")))
        except OSError:
            state = "?"
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"still running after {seconds} s ({state}); "
                             f"terminal: {self.output!r}")

    def drain(self, seconds=0):
        while select.select([self.master], [], [], seconds)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk
            seconds = 0

    def close(self):
        os.close(self.master)
        os.close(self.slave)


def case(name, argv, prompt, action, expect_status, env=None, expect_text=None, secrets=()):
    terminal = Terminal(argv, env)
    try:
        terminal.read_until(prompt)
        if terminal.echo_on():
            raise AssertionError("echo is on while the prompt waits")
        action(terminal)
        status = terminal.wait()
        if status != expect_status:
            raise AssertionError(f"exit status {status}, expected {expect_status}; "
                                 f"terminal: {terminal.output!r}")
        if not terminal.echo_on():
            raise AssertionError("echo is still off after the tool ended")
        if expect_text and not re.search(expect_text, terminal.output):
            raise AssertionError(f"no {expect_text!r} on the terminal: {terminal.output!r}")
        for secret in secrets:
            if secret in terminal.output:
                raise AssertionError(f"the typed value {secret!r} shows on the terminal: "
                                     f"{terminal.output!r}")
        print(f"ok: {name}")
    except AssertionError as e:
        failures.append(f"{name}: {e}")
        print(f"FAIL: {name}: {e}", file=sys.stderr)
    finally:
        if terminal.pid:
            try:
                os.kill(terminal.pid, signal.SIGKILL)
                os.waitpid(terminal.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        terminal.close()


def control_c(terminal):
    terminal.type(b"\x03")  # the terminal's INTR character: SIGINT to the foreground group


def send(sig):
    return lambda terminal: os.kill(terminal.pid, sig)


def typed(*lines):
    def action(terminal):
        for i, line in enumerate(lines):
            if i:
                terminal.read_until(rb"\(again\): ")
            terminal.type(line + b"\n")
    return action


with tempfile.TemporaryDirectory(prefix="mynasim-pin-prompt.") as work:
    # mynaca office unblock asks for the new value (twice) before it needs a card or an office key.
    unblock = [MYNACA, "--dir", os.path.join(work, "none"), "office", "unblock", "--pin", "auth"]
    new_pin = rb"new [^\r\n]*: $"
    case("mynaca, ^C at the prompt", unblock, new_pin, control_c, -signal.SIGINT)
    case("mynaca, SIGTERM at the prompt", unblock, new_pin, send(signal.SIGTERM), -signal.SIGTERM)
    case("mynaca, SIGHUP at the prompt", unblock, new_pin, send(signal.SIGHUP), -signal.SIGHUP)
    case("mynaca, ^C at the second prompt", unblock, new_pin,
         lambda t: (t.type(b"4321\n"), t.read_until(rb"\(again\): "), control_c(t)),
         -signal.SIGINT, secrets=[b"4321"])
    case("mynaca, two different entries", unblock, new_pin, typed(b"4321", b"8765"), 1,
         expect_text=rb"mynaca: pin: the two entries of the new .* differ",
         secrets=[b"4321", b"8765"])

    # mynatool pin verify against a test card in a private stack: the prompt comes after the
    # card's retry counter was read.
    card = os.path.join(work, "card.img")
    subprocess.run([MYNASIM, "issue-test-card", "--out", card], check=True,
                   stdout=subprocess.DEVNULL)
    verify = [MYNASIM, "exec", "--card", card, "--", MYNATOOL, "pin", "verify", "--type", "auth"]
    pin_prompt = rb"PIN[^\r\n]*: $"
    # ^C reaches mynatool from the terminal; mynasim exec reports it as 128 + SIGINT.
    case("mynatool, ^C at the prompt", verify, pin_prompt, control_c, 128 + signal.SIGINT)
    case("mynatool, the PIN typed", verify, pin_prompt, typed(b"1234"), 0,
         expect_text=rb"PIN verified", secrets=[b"1234"])

if failures:
    sys.exit(1)
