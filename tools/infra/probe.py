#!/usr/bin/env python3
"""Tiny dependency-free helpers for tools/infra (stdlib only).

  probe.py free-ports N     print N distinct free TCP ports on 127.0.0.1
  probe.py mongo-ping PORT  exit 0 if a MongoDB wire-protocol server answers {ping: 1} with ok: 1
"""
import socket
import struct
import sys


def free_ports(n):
    # Keep every socket open until all are chosen so the ports are distinct.
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()


def bson_ping():
    body = b"\x10ping\x00" + struct.pack("<i", 1)  # int32 ping: 1
    body += b"\x02$db\x00" + struct.pack("<i", 6) + b"admin\x00"  # string $db: "admin"
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed")
        buf += chunk
    return buf


def mongo_ping(port):
    payload = struct.pack("<i", 0) + b"\x00" + bson_ping()  # OP_MSG: flagBits, section kind 0, doc
    header = struct.pack("<iiii", 16 + len(payload), 1, 0, 2013)
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        s.sendall(header + payload)
        length, _, _, opcode = struct.unpack("<iiii", recv_exact(s, 16))
        reply = recv_exact(s, length - 16)
    # reply document contains the element  double "ok": 1.0
    return opcode == 2013 and b"\x01ok\x00" + struct.pack("<d", 1.0) in reply


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "free-ports":
        free_ports(int(sys.argv[2]))
    elif cmd == "mongo-ping":
        try:
            ok = mongo_ping(int(sys.argv[2]))
        except OSError:
            ok = False
        sys.exit(0 if ok else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
