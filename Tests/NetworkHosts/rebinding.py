#!/usr/bin/env python3
"""A rebinding name's world, run inside a network namespace of a test's own.

A DNS server on 127.0.0.1:53 answers the first A query for NAME with PUBLIC and every
later one with 127.0.0.1, as a rebinding attacker's server does. Two web servers on
PORT: PUBLIC serves PUBLIC_IMAGE, 127.0.0.1 serves INTERNAL_IMAGE and reports every
request it gets as a line `internal GET /path` on stdout. `ready` is printed once all
three listen.

usage: rebinding.py NAME PUBLIC PORT PUBLIC_IMAGE INTERNAL_IMAGE
"""
import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME, PUBLIC, PORT, PUBLIC_IMAGE, INTERNAL_IMAGE = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
A, NOERROR, NXDOMAIN = 1, 0, 3
a_queries = 0
lock = threading.Lock()


def question(packet):
    """The queried name, its type, and where the question ends."""
    labels, at = [], 12
    while packet[at]:
        length = packet[at]
        labels.append(packet[at + 1:at + 1 + length].decode("ascii", "replace").lower())
        at += 1 + length
    kind = struct.unpack(">H", packet[at + 1:at + 3])[0]
    return ".".join(labels), kind, at + 5


def answer(packet):
    global a_queries
    name, kind, end = question(packet)
    header_id = packet[:2]
    if name != NAME:
        return header_id + struct.pack(">HHHHH", 0x8180 | NXDOMAIN, 1, 0, 0, 0) + packet[12:end]
    if kind != A:  # AAAA and the rest: the name exists, with no such record
        return header_id + struct.pack(">HHHHH", 0x8180 | NOERROR, 1, 0, 0, 0) + packet[12:end]
    with lock:
        a_queries += 1
        address = PUBLIC if a_queries == 1 else "127.0.0.1"
    record = struct.pack(">HHHIH", 0xC00C, A, 1, 0, 4) + socket.inet_aton(address)  # TTL 0: never cached
    return header_id + struct.pack(">HHHHH", 0x8180, 1, 1, 0, 0) + packet[12:end] + record


def dns():
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 53))
    ready.set()
    while True:
        packet, client = server.recvfrom(512)
        try:
            server.sendto(answer(packet), client)
        except (IndexError, struct.error):
            pass


def web(address, image, report):
    body = open(image, "rb").read()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if report:
                print(f"internal GET {self.path}", flush=True)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    return ThreadingHTTPServer((address, PORT), Handler)


ready = threading.Event()
threading.Thread(target=dns, daemon=True).start()
ready.wait()
servers = [web(PUBLIC, PUBLIC_IMAGE, False), web("127.0.0.1", INTERNAL_IMAGE, True)]
for server in servers:
    threading.Thread(target=server.serve_forever, daemon=True).start()
print("ready", flush=True)
sys.stdin.read()  # until the test closes our input
