#!/usr/bin/env python3
"""A DNS server for the chroot test (UDP): answers the names it is given, NXDOMAIN
for any other name, or never answers (--silent). Prints READY when bound.

    fake_dns.py ADDR [--silent] [NAME=IPV4 ...]
"""
import socket
import struct
import sys


def qname(packet):
    labels, i = [], 12
    while packet[i]:
        n = packet[i]
        labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace").lower())
        i += 1 + n
    qtype = struct.unpack(">H", packet[i + 1:i + 3])[0]
    return ".".join(labels), qtype, i + 5


def main():
    addr, rest = sys.argv[1], sys.argv[2:]
    silent = "--silent" in rest
    names = dict(a.split("=", 1) for a in rest if "=" in a)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    print("READY", flush=True)
    while True:
        packet, peer = s.recvfrom(512)
        print("query", packet and qname(packet)[:2], flush=True)
        if silent or len(packet) < 12:
            continue
        name, qtype, end = qname(packet)
        ident = packet[:2]
        question = packet[12:end]
        if name not in names:
            s.sendto(ident + struct.pack(">HHHHH", 0x8183, 1, 0, 0, 0) + question, peer)
            continue
        answers = b""
        count = 0
        if qtype == 1:
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(names[name])
            count = 1
        s.sendto(ident + struct.pack(">HHHHH", 0x8180, 1, count, 0, 0) + question + answers, peer)


if __name__ == "__main__":
    main()
