"""Hostile HTTP(S) clients, Python 3 standard library only (socket, ssl, threading).

The attacks of tests/integration/hostile (README.md there) and of bench/bench_hostile: slow
clients that trickle a TLS handshake, header lines or a body; clients that send bodies far over
a route's limit (declared or chunked without end); connections held open from chosen loopback
source addresses (Linux routes all of 127/8 to lo, so 127.0.0.2 is another client address).
Nothing here judges an answer: checks.py compares what these return with HTTP_CONTRACT.md.
"""
import select
import socket
import ssl
import threading
import time
import urllib.parse


class Target:
    """Where an attack goes: http:// or https:// URL's host and port, and the CA for https."""

    def __init__(self, url, cafile=None):
        parts = urllib.parse.urlsplit(url)
        self.tls = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.tls else 80)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.context = None
        if self.tls:
            self.context = ssl.create_default_context(cafile=cafile)

    def host_header(self):
        return f"{self.host}:{self.port}"


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower(), "")


def connect(target, source=None, timeout=10.0, handshake=True):
    """A TCP connection from `source` (an address on lo, or None), TLS-wrapped for https unless
    handshake is False (then the caller trickles its own ClientHello)."""
    sock = socket.create_connection((target.host, target.port), timeout,
                                    source_address=(source, 0) if source else None)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if target.tls and handshake:
        sock = target.context.wrap_socket(sock, server_hostname=target.host)
    return sock


def client_hello(target):
    """The bytes of a real TLS ClientHello for target, to be sent by hand."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = target.context.wrap_bio(incoming, outgoing, server_hostname=target.host)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def _recv(sock, n=65536):
    """Bytes; b"" when the server closed (or reset) the connection; None when nothing came within
    the socket's timeout (with TLS 1.3 the socket is readable for the server's session tickets,
    which carry no data)."""
    try:
        return sock.recv(n)
    except (socket.timeout, ssl.SSLWantReadError):
        return None
    except (ssl.SSLError, OSError):
        return b""


def readable(sock, timeout):
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    try:
        return bool(select.select([sock], [], [], timeout)[0])
    except (ValueError, OSError):  # closed under us
        return True


def poll(sock, timeout):
    """What the server sent within timeout: None if nothing, b"" if it closed, else bytes."""
    if not readable(sock, timeout):
        return None
    sock.settimeout(0.2)
    return _recv(sock)


def read_response(sock, timeout=5.0, data=b""):
    """The next response on sock (status, lower-case headers, body), starting with `data`
    already read, or None if the server closed the connection (or said nothing in timeout)."""
    sock.settimeout(timeout)
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock)
        if not chunk:
            break
        data += chunk
    if b"\r\n\r\n" not in data:
        return None
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    fields = lines[0].split(" ", 2)
    if len(fields) < 2 or not fields[1].isdigit():
        return None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(body) < length:
        chunk = _recv(sock)
        if not chunk:
            break
        body += chunk
    return Response(int(fields[1]), headers, body[:length])


def closed_by_peer(sock, timeout):
    """True once the server closed sock (EOF or reset) within timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if poll(sock, end - time.monotonic()) == b"":
            return True
    return False


def request_head(target, method, path, headers=()):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {target.host_header()}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def exchange(target, method, path, headers=(), body=b"", source=None, timeout=10.0):
    """One request on a fresh connection; the response or None."""
    sock = connect(target, source, timeout)
    try:
        all_headers = list(headers)
        if body or method == "POST":
            all_headers.append(("Content-Length", str(len(body))))
        sock.sendall(request_head(target, method, path, all_headers) + body)
        return read_response(sock, timeout)
    finally:
        sock.close()


class Trickle(threading.Thread):
    """One slow client. mode "idle": connected (TLS handshake done), sends nothing;
    "handshake": a ClientHello one byte per interval; "headers": the
    request line, then one header line per interval, never the blank line; "body": complete
    headers announcing a 100-byte body, then one byte of it per interval. Runs until the server
    answers or closes, or max_seconds; then status (None if closed without an answer) and
    opened_at/ended_at (time.time()) tell what happened and when."""

    def __init__(self, target, mode, path, source=None, interval=1.0, max_seconds=30.0,
                 extra_headers=()):
        super().__init__(daemon=True)
        self.target, self.mode, self.path, self.source = target, mode, path, source
        self.interval, self.max_seconds = interval, max_seconds
        self.extra_headers = list(extra_headers)
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.status = None
        self.closed = False
        self.error = None
        self.opened_at = self.ended_at = None

    def pieces(self):
        if self.mode == "idle":
            pass
        elif self.mode == "handshake":
            for byte in client_hello(self.target):
                yield bytes([byte])
        elif self.mode == "headers":
            yield f"GET {self.path} HTTP/1.1\r\nHost: {self.target.host_header()}\r\n".encode()
            n = 0
            while True:
                n += 1
                yield f"X-Slow-{n}: {n}\r\n".encode()
        else:
            headers = self.extra_headers + [("Content-Length", "100")]
            yield request_head(self.target, "POST", self.path, headers)
            while True:
                yield b"0"
        while True:  # idle, or a handshake fully sent: keep waiting
            yield b""

    def run(self):
        try:
            sock = connect(self.target, self.source, handshake=self.mode != "handshake")
        except OSError as e:
            self.error = f"connect: {e}"
            self.ready.set()
            return
        self.opened_at = time.time()
        pieces = self.pieces()
        try:
            sock.sendall(next(pieces))
            self.ready.set()
            while time.time() - self.opened_at < self.max_seconds and not self.stop.is_set():
                data = poll(sock, self.interval)
                if data is not None:
                    response = read_response(sock, 2.0, data) if data else None
                    self.status = response.status if response else None
                    self.closed = response is None or closed_by_peer(sock, 2.0)
                    break
                piece = next(pieces)
                if piece:
                    sock.sendall(piece)
        except OSError:  # reset while sending: closed without an answer we could read
            self.closed = True
        finally:
            self.ended_at = time.time()
            self.ready.set()
            sock.close()


# What an oversized request sends after its header, by mode: (bytes sent once first, the next
# `size` bytes). "length" is a body declared in Content-Length; the others are chunked:
# "chunked" chunks without the last one, "extension" one chunk extension that never ends,
# "trailers" an empty body (the last chunk at once, so a bodiless route's limit of 0 is not what
# answers) followed by trailer fields without the blank line.
OVERSIZED_MODES = {
    "length": (b"", lambda size: b"A" * size),
    "chunked": (b"", lambda size: b"%x\r\n" % size + b"A" * size + b"\r\n"),
    "extension": (b"1;", lambda size: b"x" * size),
    "trailers": (b"0\r\n",
                 lambda size: b"".join(b"X-T: " + b"t" * 1017 + b"\r\n"
                                       for _ in range(size // 1024))),
}


def oversized(target, method, path, mode, total, headers=(), source=None, max_seconds=30.0):
    """Tries to send `total` bytes after the header, framed as OVERSIZED_MODES[mode] says.
    Reads the answer as soon as there is one: it waits half a second for an answer to the
    header alone, and sends the first 64 KiB in 1 KiB pieces 20 ms apart, because once a write
    fails (the server closed) OpenSSL reads nothing more.
    Returns (response or None, body bytes the kernel accepted, seconds, whether the server
    closed the connection after its answer)."""
    start = time.monotonic()
    sock = connect(target, source)
    framing = ("Content-Length", str(total)) if mode == "length" else \
        ("Transfer-Encoding", "chunked")
    first, piece = OVERSIZED_MODES[mode]
    sent = 0
    try:
        sock.sendall(request_head(target, method, path, list(headers) + [framing]) + first)
        sock.settimeout(5.0)
        wait = 0.5
        data = None
        while sent < total and time.monotonic() - start < max_seconds:
            data = poll(sock, wait)
            if data is not None:
                break
            size = 1024 if sent < 65536 else 65536
            wait = 0.02 if sent < 65536 else 0
            sock.settimeout(5.0)
            sock.sendall(piece(size))
            sent += size
        response = read_response(sock, max(1.0, max_seconds - (time.monotonic() - start)),
                                 data or b"") if data != b"" else None
    except OSError:
        response = read_response(sock, 1.0)
    seconds = time.monotonic() - start
    closed = closed_by_peer(sock, 2.0)
    sock.close()
    return response, sent, seconds, closed


def vm_hwm_kib(pid):
    """The peak resident set of process pid (VmHWM, KiB)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def sources(spec):
    """"127.0.0.2-127.0.0.9" or "127.0.0.2,127.0.0.5": the listed addresses."""
    out = []
    for part in spec.split(","):
        if "-" in part:
            first, last = part.split("-")
            prefix, a = first.rsplit(".", 1)
            b = last.rsplit(".", 1)[1]
            out += [f"{prefix}.{i}" for i in range(int(a), int(b) + 1)]
        else:
            out.append(part)
    return out
