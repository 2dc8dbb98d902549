"""The hostile-client checks (README.md here): each subcommand runs one attack from attacker.py
against a running server and compares what happens with HTTP_CONTRACT.md's exact answers.
Prints "ok: ..." per check; the first mismatch prints "FAIL: ..." and exits 1 (usage: 2).
`siege` checks nothing: it holds idle and trickling connections until SIGTERM (bench_hostile).
"""
import argparse
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import attacker

MB = 1 << 20


def fail(message):
    print(f"FAIL: {message}", flush=True)
    sys.exit(1)


def ok(message):
    print(f"ok: {message}", flush=True)


def route_list(specs):
    """"POST:/api/login" -> ("POST", "/api/login")."""
    return [tuple(spec.split(":", 1)) for spec in specs]


def body_headers(target, path):
    kind = "application/ocsp-request" if path.startswith("/ocsp") else "application/json"
    return [("Origin", target.origin), ("Content-Type", kind)]


def cmd_slowloris(args):
    """Trickling clients spread over --sources; while all are open, a page load and COMMAND
    (a real card login) must succeed; then the server must end each at its deadline."""
    addresses = attacker.sources(args.sources)
    trickles = []
    for url, mode, path, count in args.attack:
        target = attacker.Target(url, args.cafile)
        for i in range(int(count)):
            trickles.append(attacker.Trickle(
                target, mode, path, addresses[len(trickles) % len(addresses)],
                max_seconds=args.deadline + 15, extra_headers=body_headers(target, path)))
    for t in trickles:
        t.start()
    for t in trickles:
        t.ready.wait()
    broken = [t for t in trickles if t.error or t.ended_at]
    if broken:
        fail(f"{len(broken)} attack connections did not stay open: {broken[0].error}")
    ok(f"{len(trickles)} trickling connections open")
    if args.page:
        target = attacker.Target(args.page, args.cafile)
        start = time.monotonic()
        page = attacker.exchange(target, "GET", attacker.urllib.parse.urlsplit(args.page).path,
                                 timeout=args.page_seconds)
        seconds = time.monotonic() - start
        if not page or page.status != 200 or seconds > args.page_seconds:
            fail(f"page load under attack: {page and page.status} after {seconds:.2f} s")
        ok(f"page load under attack: 200 in {seconds:.2f} s")
    if args.command:
        start = time.monotonic()
        run = subprocess.run(args.command, capture_output=True, text=True)
        seconds = time.monotonic() - start
        if run.returncode != 0:
            fail(f"command under attack exited {run.returncode} after {seconds:.1f} s: "
                 f"{run.stdout}{run.stderr}")
        for needle in args.expect_output:
            if needle not in run.stdout:
                fail(f"command under attack: [{needle}] not in: {run.stdout}")
        ok(f"command under attack done in {seconds:.1f} s")
    finished = time.time()
    early = [t for t in trickles if t.ended_at and t.ended_at < finished]
    if early:
        fail(f"{len(early)} attack connections ended before the work was done "
             f"({early[0].mode} {early[0].path}: status {early[0].status})")
    ok("every attack connection was still open when the work was done")
    for t in trickles:
        t.join()
    for t in trickles:
        lasted = t.ended_at - t.opened_at
        want = None if t.mode == "handshake" else 408
        what = f"{t.mode} trickle on {t.target.origin}{t.path}"
        if t.status != want or not t.closed:
            fail(f"{what}: status {t.status}, closed {t.closed}; want {want} and closed")
        if not args.deadline - 1 <= lasted <= args.deadline + 5:
            fail(f"{what}: ended after {lasted:.1f} s, not at the {args.deadline} s deadline")
    ok(f"every trickle ended at the deadline: {want_text(trickles)}")


def want_text(trickles):
    modes = sorted({t.mode for t in trickles})
    return ", ".join(f"{m} -> {'closed' if m == 'handshake' else '408 + close'}" for m in modes)


# The answer to each way of sending too much (attacker.OVERSIZED_MODES). The contract names the
# first two. For the chunk framing it is silent; chosen here: a chunk extension is part of the
# body, so it counts against the body limit (413), and trailers are header fields, so they count
# against the header limit (431). Either way the server must answer and close, not buffer.
WANT = {"length": 413, "chunked": 413, "extension": 413, "trailers": 431}


def cmd_oversize(args):
    target = attacker.Target(args.url, args.cafile)
    total = args.total_mb * MB
    routes = route_list(args.route)
    modes = args.modes.split(",")
    for method, path in routes:
        headers = body_headers(target, path)
        for mode in modes:
            response, sent, seconds, closed = attacker.oversized(target, method, path, mode,
                                                                 total, headers)
            status = response.status if response else None
            if status != WANT[mode] or not closed:
                fail(f"{method} {path} {mode} of {args.total_mb} MB: status {status}, want "
                     f"{WANT[mode]}; closed {closed}, after {sent // MB} MB and {seconds:.1f} s")
        many = [(f"X-Field-{i}", "v") for i in range(65)]
        big = [("X-Big", "b" * (17 * 1024))]
        for what, extra in (("65 header fields", many), ("a 17 KiB header", big)):
            if args.header_checks:
                response = attacker.exchange(target, method, path, headers + extra)
                if not response or response.status != 431:
                    fail(f"{method} {path} with {what}: {response and response.status}, want 431")
    answers = ", ".join(f"{m} {WANT[m]}" for m in modes)
    ok(f"{len(routes)} routes on {target.origin}, {args.total_mb} MB sent: {answers}" +
       (", 431 for 65 fields and for 17 KiB of header" if args.header_checks else ""))
    before = attacker.vm_hwm_kib(args.pid)
    results = [None] * args.clients

    def one(i):
        method, path = routes[i % len(routes)]
        mode = modes[i % len(modes)]
        results[i] = (method, path, mode) + attacker.oversized(
            target, method, path, mode, total, body_headers(target, path))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    grown = (attacker.vm_hwm_kib(args.pid) - before) / 1024
    for method, path, mode, response, sent, seconds, closed in results:
        if not response or response.status != WANT[mode]:
            fail(f"in parallel, {method} {path} {mode}: {response and response.status}")
    if grown >= args.rss_bound_mb:
        fail(f"{args.clients} clients each sending {args.total_mb} MB ({args.modes}): peak RSS "
             f"grew by {grown:.1f} MB (bound {args.rss_bound_mb} MB)")
    ok(f"{args.clients} clients each sending {args.total_mb} MB at once ({args.modes}): all "
       f"answered, peak RSS +{grown:.1f} MB (bound {args.rss_bound_mb} MB)")


def cmd_flood(args):
    target = attacker.Target(args.url, args.cafile)
    before = attacker.vm_hwm_kib(args.pid)
    statuses = {}
    missing_retry = []
    lock = threading.Lock()
    requests = route_list(args.requests.split(","))

    def worker(n):
        sock = None
        for i in range(n):
            method, path = requests[i % len(requests)]
            body = b"{}" if method == "POST" else b""
            headers = body_headers(target, path) + [("Content-Length", "2")] if body else []
            for attempt in range(2):  # a keep-alive connection the server closed: once more
                if sock is None:
                    sock = attacker.connect(target)
                sock.sendall(attacker.request_head(target, method, path, headers) + body)
                response = attacker.read_response(sock, 10.0)
                if response:
                    break
                sock.close()
                sock = None
            status = response.status if response else None
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 503 and response.header("Retry-After") == "":
                    missing_retry.append(path)
            if response is None or response.header("Connection").lower() == "close":
                if sock:
                    sock.close()
                sock = None

    start = time.monotonic()
    per = args.count // args.threads
    threads = [threading.Thread(target=worker, args=(per,)) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    grown = (attacker.vm_hwm_kib(args.pid) - before) / 1024
    if set(statuses) - {200, 503}:
        fail(f"flood answers: {statuses} (only 200, or 503 with Retry-After, are right)")
    if missing_retry:
        fail(f"503 without Retry-After on {missing_retry[0]}")
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    db.close()
    if rows > args.max_rows:
        fail(f"after {per * args.threads} requests: {rows} session rows (cap {args.max_rows})")
    if grown >= args.rss_bound_mb:
        fail(f"flood: peak RSS grew by {grown:.1f} MB (bound {args.rss_bound_mb} MB)")
    ok(f"{per * args.threads} requests ({args.requests}) in {seconds:.1f} s: answers {statuses}, "
       f"{rows} session rows (cap {args.max_rows}), peak RSS +{grown:.1f} MB "
       f"(bound {args.rss_bound_mb} MB)")


def cmd_cross_site(args):
    target = attacker.Target(args.url, args.cafile)
    evil = "https://evil.example"
    body = b'{"code":"AAAA-AAAA","error":"PIN_BLOCKED"}'
    cases = [("Origin " + evil, [("Origin", evil), ("Content-Type", "application/json")], 403),
             ("no Origin", [("Content-Type", "application/json")], 403),
             ("text/plain", [("Origin", target.origin), ("Content-Type", "text/plain")], 415),
             ("a form", [("Origin", target.origin),
                         ("Content-Type", "application/x-www-form-urlencoded")], 415),
             ("text/plain from " + evil, [("Origin", evil), ("Content-Type", "text/plain")], 403)]
    for method, path in route_list(args.route):
        for what, headers, want in cases:
            response = attacker.exchange(target, method, path, headers, body)
            if not response or response.status != want:
                fail(f"{method} {path} with {what}: {response and response.status}, want {want}")
    ok(f"{len(args.route)} state-changing routes: 403 cross-site or without Origin, 415 not JSON")
    # The attack: a page's login, "blocked" by another site; the browser must not hear it.
    start = attacker.exchange(target, "POST", "/login/start",
                              [("Origin", target.origin), ("Content-Type", "application/json")],
                              b"{}")
    if not start or start.status != 200:
        fail(f"POST /login/start from the portal's own page: {start and start.status}")
    code = json.loads(start.body)["code"]
    cookie = start.header("Set-Cookie").split(";", 1)[0]
    attacker.exchange(target, "POST", "/api/login/abort",
                      [("Origin", evil), ("Content-Type", "text/plain")],
                      json.dumps({"code": code, "error": "PIN_BLOCKED"}).encode())
    status = attacker.exchange(target, "GET", "/login/status", [("Cookie", cookie)])
    state = json.loads(status.body)
    if state.get("state") == "failed":
        fail(f"a cross-site abort reached the waiting login: {state}")
    ok(f"a cross-site text/plain abort leaves the waiting login alone: {state}")


def cmd_address_limit(args):
    target = attacker.Target(args.url, args.cafile)
    held = [attacker.connect(target, args.source) for _ in range(args.limit)]
    try:
        extra = attacker.connect(target, args.source)
        response = attacker.read_response(extra, 5.0)
        closed = response is not None and attacker.closed_by_peer(extra, 2.0)
        extra.close()
        if not response or response.status != 503 or response.header("Retry-After") != "1" \
                or not closed:
            fail(f"connection {args.limit + 1} from {args.source}: "
                 f"{response and (response.status, response.headers)}, closed {closed}; "
                 "want 503, Retry-After: 1, closed")
        ok(f"connection {args.limit + 1} from {args.source}: 503, Retry-After: 1, closed")
        other = attacker.exchange(target, "GET", args.path, source=args.other)
        if not other or other.status != 200:
            fail(f"{args.other} while {args.source} is at its limit: {other and other.status}")
        ok(f"{args.other} served (200) while {args.source} holds {args.limit} connections")
    finally:
        for sock in held:
            sock.close()
    for _ in range(40):  # the server sees the closes
        again = attacker.exchange(target, "GET", args.path, source=args.source)
        if again and again.status == 200:
            ok(f"{args.source} served again once its connections closed")
            return
        time.sleep(0.05)
    fail(f"{args.source} still refused after closing its connections: {again and again.status}")


def cmd_siege(args):
    """Holds --idle idle and --trickle trickling (header lines) connections, spread over
    --sources, reopening each one the server ends, until SIGTERM; prints "siege ready" once all
    are open, and a JSON summary on stdout at the end."""
    target = attacker.Target(args.url, args.cafile)
    addresses = attacker.sources(args.sources)
    stop = threading.Event()
    counts = {"opened": 0, "answers": {}, "connect_errors": 0}
    lock = threading.Lock()
    first_open = threading.Barrier(args.idle + args.trickle + 1)

    def slot(i, mode):
        waited = False
        while not stop.is_set():
            t = attacker.Trickle(target, mode, "/login", addresses[i % len(addresses)],
                                 max_seconds=3600)
            t.stop = stop
            t.ready.set = lambda: None  # run() inline: ready is not used
            t.run()
            with lock:
                if t.error:
                    counts["connect_errors"] += 1
                else:
                    counts["opened"] += 1
                    key = str(t.status)
                    counts["answers"][key] = counts["answers"].get(key, 0) + 1
            if not waited:
                waited = True
                first_open.wait()
            if t.error:
                time.sleep(0.2)

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    slots = [threading.Thread(target=slot, args=(i, "idle"), daemon=True)
             for i in range(args.idle)]
    slots += [threading.Thread(target=slot, args=(i, "headers"), daemon=True)
              for i in range(args.trickle)]
    for s in slots:
        s.start()
    first_open.wait()
    print(f"siege ready: {args.idle} idle, {args.trickle} trickling", flush=True)
    while not stop.is_set():
        stop.wait(0.2)
    print(json.dumps(counts), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cafile", help="CA of an https server")
    sub = parser.add_subparsers(dest="command_name", required=True)
    p = sub.add_parser("slowloris")
    p.add_argument("--attack", nargs=4, action="append", required=True,
                   metavar=("URL", "MODE", "PATH", "COUNT"))
    p.add_argument("--sources", default="127.0.0.2-127.0.0.5")
    p.add_argument("--deadline", type=float, default=10.0)
    p.add_argument("--page", help="URL a fresh connection must load (200) under attack")
    p.add_argument("--page-seconds", type=float, default=5.0)
    p.add_argument("--expect-output", action="append", default=[])
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(run=cmd_slowloris)
    p = sub.add_parser("oversize")
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--route", action="append", required=True, metavar="METHOD:PATH")
    p.add_argument("--total-mb", type=int, default=200)
    p.add_argument("--modes", default="length,chunked",
                   help="length, chunked, extension, trailers (attacker.OVERSIZED_MODES)")
    p.add_argument("--no-header-checks", dest="header_checks", action="store_false",
                   help="skip the 431 checks (65 fields, 17 KiB of header)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--rss-bound-mb", type=float, default=20)
    p.set_defaults(run=cmd_oversize)
    p = sub.add_parser("flood")
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--requests", default="GET:/api/challenge,GET:/login,POST:/login/start",
                   help="METHOD:PATH,... in turn (a POST sends {} as JSON from the portal's Origin)")
    p.add_argument("--count", type=int, default=6000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--max-rows", type=int, required=True)
    p.add_argument("--rss-bound-mb", type=float, default=10)
    p.set_defaults(run=cmd_flood)
    p = sub.add_parser("cross-site")
    p.add_argument("--url", required=True)
    p.add_argument("--route", action="append", required=True, metavar="METHOD:PATH")
    p.set_defaults(run=cmd_cross_site)
    p = sub.add_parser("address-limit")
    p.add_argument("--url", required=True)
    p.add_argument("--limit", type=int, default=32)
    p.add_argument("--source", default="127.0.0.1")
    p.add_argument("--other", default="127.0.0.2")
    p.add_argument("--path", default="/login")
    p.set_defaults(run=cmd_address_limit)
    p = sub.add_parser("siege")
    p.add_argument("--url", required=True)
    p.add_argument("--idle", type=int, default=200)
    p.add_argument("--trickle", type=int, default=50)
    p.add_argument("--sources", default="127.0.0.2-127.0.0.11")
    p.set_defaults(run=cmd_siege)
    args = parser.parse_args()
    if getattr(args, "command", None) and args.command[0] == "--":
        args.command = args.command[1:]
    args.run(args)


if __name__ == "__main__":
    main()
