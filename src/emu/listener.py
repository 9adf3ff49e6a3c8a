#!/usr/bin/python3 -IS
# The emulation's stand-in for each VM's sshd during verify: one process that listens on the probe's
# TCP port inside every given lab namespace (a socket belongs to the namespace it was made in, so
# the process enters each in turn with setns) and accepts and closes every connection. One start
# instead of a socat per VM that forked per connection (132 forks for a 12-VM verify, 0.8 s of CPU).
# Usage: listener.py PORT READY_FILE NETNS...   (lab namespaces only; READY_FILE written once all listen)
import ctypes
import os
import re
import select
import socket
import sys

PREFIX = "hsv-"  # src/emu/commands/topology.ts NS_PREFIX: nothing outside the labs is entered
CLONE_NEWNET = 0x40000000


def main():
    if len(sys.argv) < 4 or not sys.argv[1].isdigit():
        sys.exit("usage: listener.py PORT READY_FILE NETNS...")
    port, ready, names = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    bad = [n for n in names if not re.fullmatch(re.escape(PREFIX) + r"[A-Za-z0-9_.-]+", n)]
    if bad:
        sys.exit(f"listener.py: not lab namespaces ({PREFIX}*): {' '.join(bad)}")
    libc = ctypes.CDLL(None, use_errno=True)
    listening = []
    for name in names:
        fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                sys.exit(f"listener.py: setns {name}: {os.strerror(ctypes.get_errno())}")
        finally:
            os.close(fd)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(128)
        s.setblocking(False)
        listening.append(s)
    with open(ready, "w") as f:
        f.write(f"{os.getpid()}\n")
    while True:
        for s in select.select(listening, [], [])[0]:
            try:
                s.accept()[0].close()
            except OSError:
                pass


main()
