#!/usr/bin/env python3
"""A DNS server written for the tests (UDP and TCP on ADDR port 53, or PORT).
Answers the names it is given, NXDOMAIN for any other name. Prints READY when
bound, then one line per query received: `query NAME TYPE udp|tcp`.

    fake_dns.py ADDR [--port N] [options] [NAME=IPV4[,IPV4...][/IPV4...] ...]

NAME=A/B answers the first A query for NAME with A and every later one with B
(TTL 0: a rebinding name). Options:
    --silent           never answer
    --delay S          answer every query S seconds late
    --truncate         answer over UDP with TC set and nothing else (TCP next)
    --drip S           over TCP, send the answer one byte every S seconds
    --nxdomain-aaaa    AAAA queries get NXDOMAIN (A ones their address)
    --drop-second      hold each answer 50 ms, and drop a query that arrives
                       from a source port whose earlier query is not answered
                       yet: two queries sent at once lose the second (the
                       conntrack race `options single-request` works around)
    --one-per-port     answer only the first query from each source port
                       (what `single-request-reopen` works around)
"""
import socket
import struct
import sys
import threading
import time

LOCK = threading.Lock()


def parse_query(packet):
    labels, i = [], 12
    while packet[i]:
        n = packet[i]
        labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace").lower())
        i += 1 + n
    qtype = struct.unpack(">H", packet[i + 1:i + 3])[0]
    return ".".join(labels), qtype, i + 5


class Server:
    def __init__(self, args):
        self.silent = "--silent" in args
        self.truncate = "--truncate" in args
        self.nx_aaaa = "--nxdomain-aaaa" in args
        self.delay = float(opt(args, "--delay", 0))
        self.drip = float(opt(args, "--drip", 0))
        self.drop_second = "--drop-second" in args
        self.one_per_port = "--one-per-port" in args
        self.pending_until = {}
        self.ports_seen = set()
        self.names = {}
        for a in args:
            if "=" in a and not a.startswith("--"):
                name, ips = a.split("=", 1)
                self.names[name.lower()] = [p.split(",") for p in ips.split("/")]
        self.asked = {}

    def log(self, name, qtype, how):
        with LOCK:
            print("query", name, {1: "A", 28: "AAAA"}.get(qtype, qtype), how, flush=True)

    def answer(self, packet, truncated=False):
        name, qtype, end = parse_query(packet)
        flags = 0x8180 | (0x0200 if truncated else 0)
        question = packet[12:end]
        head = packet[:2]
        if name not in self.names or (qtype == 28 and self.nx_aaaa):
            return head + struct.pack(">HHHHH", flags | 3, 1, 0, 0, 0) + question
        if truncated:
            return head + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + question
        ips = []
        if qtype == 1:
            with LOCK:
                seen = self.asked.get(name, 0)
                self.asked[name] = seen + 1
            choices = self.names[name]
            ips = choices[min(seen, len(choices) - 1)]
        answers = b"".join(
            b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 0, 4) + socket.inet_aton(ip) for ip in ips
        )
        return head + struct.pack(">HHHHH", flags, 1, len(ips), 0, 0) + question + answers

    def udp(self, s):
        while True:
            packet, peer = s.recvfrom(512)
            if len(packet) < 12:
                continue
            name, qtype, _ = parse_query(packet)
            self.log(name, qtype, "udp")
            now = time.monotonic()
            if self.silent:
                continue
            if self.drop_second and now < self.pending_until.get(peer, 0):
                continue
            if self.one_per_port and peer in self.ports_seen:
                continue
            self.ports_seen.add(peer)
            reply = self.answer(packet, self.truncate)
            delay = self.delay + (0.05 if self.drop_second else 0)
            self.pending_until[peer] = now + delay
            if delay:
                threading.Timer(delay, s.sendto, (reply, peer)).start()
            else:
                s.sendto(reply, peer)

    def tcp(self, listener):
        while True:
            c, _ = listener.accept()
            threading.Thread(target=self.tcp_conn, args=(c,), daemon=True).start()

    def tcp_conn(self, c):
        try:
            while True:
                head = recv_exact(c, 2)
                packet = recv_exact(c, struct.unpack(">H", head)[0])
                name, qtype, _ = parse_query(packet)
                self.log(name, qtype, "tcp")
                if self.silent:
                    continue
                time.sleep(self.delay)
                reply = self.answer(packet)
                framed = struct.pack(">H", len(reply)) + reply
                if self.drip:
                    for b in framed:
                        c.sendall(bytes([b]))
                        time.sleep(self.drip)
                else:
                    c.sendall(framed)
        except (OSError, ValueError):
            c.close()


def recv_exact(c, n):
    data = b""
    while len(data) < n:
        chunk = c.recv(n - len(data))
        if not chunk:
            raise ValueError("closed")
        data += chunk
    return data


def opt(args, name, default):
    return args[args.index(name) + 1] if name in args else default


def main():
    addr, rest = sys.argv[1], sys.argv[2:]
    port = int(opt(rest, "--port", 53))
    server = Server(rest)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((addr, port))
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind((addr, port))
    t.listen(16)
    threading.Thread(target=server.tcp, args=(t,), daemon=True).start()
    print("READY", flush=True)
    server.udp(u)


if __name__ == "__main__":
    main()
