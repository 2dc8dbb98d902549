#!/usr/bin/env python3
"""Runs one integration test so that no process it starts outlives it (issue 13, item 5).

Usage: run_isolated.py COMMAND [ARG...]

The command runs in a session of its own, and this process is a child subreaper
(PR_SET_CHILD_SUBREAPER, Linux): whatever the test starts stays a descendant of this process, even
a server that forks twice and calls setsid, or one left behind by a subshell whose pid the test
killed instead. When the command has ended, every descendant still alive after a short grace (a
process killed but not waited for gets that long to exit) is a leak: it is named on stderr, killed,
and the test fails with status 1 whatever the command's own status was. Otherwise the command's
status is passed on (77, a skip, included).
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
GRACE_SECONDS = 3.0
POLL_SECONDS = 0.05


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"run_isolated: prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")


def reap():
    """Collects the exit status of every child that has ended (orphans reparent to us)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def descendants(zombies=False):
    """The processes below this one (zombies only if asked): pid -> command line."""
    children = {}
    state = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended while we looked
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry)
        state[pid] = fields[0]
        children.setdefault(int(fields[1]), []).append(pid)
    found = {}
    todo = list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        if zombies or state.get(pid) != "Z":
            found[pid] = command_line(pid)
    return found


def command_line(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            text = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        if text:
            return text
        with open(f"/proc/{pid}/comm") as f:
            return f"[{f.read().strip()}]"
    except OSError:
        return "(ended)"


def kill_all(sig):
    for pid in descendants():
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def end_leftovers():
    """SIGTERM, a second to exit, then SIGKILL; each one reaped before this returns (a zombie
    handed on to init would still answer kill -0)."""
    kill_all(signal.SIGTERM)
    start = time.monotonic()
    while descendants(zombies=True) and time.monotonic() < start + 10:  # 10 s: stuck in the kernel
        if time.monotonic() >= start + 1:
            kill_all(signal.SIGKILL)
        time.sleep(POLL_SECONDS)
        reap()


def main():
    if len(sys.argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    become_subreaper()
    test = subprocess.Popen(sys.argv[1:], start_new_session=True)

    def stop(signum, _frame):  # CTest's timeout or ^C: nothing of the test may stay behind
        end_leftovers()
        sys.exit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)
    status = test.wait()
    if status < 0:  # killed by a signal, as a shell would report it
        status = 128 - status

    deadline = time.monotonic() + GRACE_SECONDS
    while True:
        reap()
        left = descendants()
        if not left or time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
    if not left:
        return status
    print(f"run_isolated: FAIL: {len(left)} process(es) outlived the test "
          f"(exit status {status}); killing them:", file=sys.stderr)
    for pid, command in sorted(left.items()):
        print(f"  pid {pid}: {command}", file=sys.stderr)
    end_leftovers()
    return 1


if __name__ == "__main__":
    sys.exit(main())
