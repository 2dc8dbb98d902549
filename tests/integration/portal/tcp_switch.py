#!/usr/bin/env python3
"""One public address in front of several portal instances, as a load balancer would be.

Usage: tcp_switch.py PORT CONTROL_FILE

Listens on 127.0.0.1:PORT; each new connection is passed, bytes as they are (TLS included), to
127.0.0.1:<the port written in CONTROL_FILE at that moment>. A test writes the port of the
instance it wants the next client to reach. Prints "listening" once ready.
"""
import socket
import sys
import threading


def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock, how in ((sink, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                sock.shutdown(how)
            except OSError:
                pass


def main():
    port, control = int(sys.argv[1]), sys.argv[2]
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    print("listening", flush=True)
    while True:
        client, _ = server.accept()
        with open(control) as f:
            backend = int(f.read().strip())
        try:
            upstream = socket.create_connection(("127.0.0.1", backend))
        except OSError:
            client.close()
            continue
        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


if __name__ == "__main__":
    main()
