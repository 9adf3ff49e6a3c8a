#!/usr/bin/env python3
# Traffic for the failover bench (bench/failover.ts), run inside a host's namespace, bounded in time:
#   flows.py DEST PORT SECONDS HELD
# - HELD long-lived TCP connections to DEST:PORT (an echo server), each sending one byte every
#   100 ms and reading it back: per connection, the time of its last echo (a flow whose echoes stop
#   is broken);
# - a new TCP connection to DEST:PORT every 100 ms (each a new 5-tuple, hashed anew by ECMP and the
#   load balancer), connect timeout 0.5 s: per attempt, its start time and whether it connected.
# Prints one JSON document: {"attempts": [[ms, ok], ...], "held": [last echo ms or null, ...]}.
import json
import select
import socket
import sys
import time

dest, port, seconds, held = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
now = lambda: int(time.time() * 1000)
conns, last = [], []
def connect_held():
    # Before the fault: a lab just up may still be settling (FRR 8.4 resets a new session once).
    for _ in range(20):
        try:
            return socket.create_connection((dest, port), timeout=1)
        except OSError:
            time.sleep(0.5)
    return socket.create_connection((dest, port), timeout=2)


for _ in range(held):
    s = connect_held()
    s.setblocking(False)
    conns.append(s)
    last.append(None)
attempts = []
end = time.time() + seconds
next_new = 0.0
while time.time() < end:
    t = time.time()
    for i, s in enumerate(conns):
        if s is None:
            continue
        try:
            s.send(b"x")
        except OSError:
            conns[i] = None
    if t >= next_new:
        next_new = t + 0.1
        started = now()
        try:
            c = socket.create_connection((dest, port), timeout=0.5)
            c.close()
            attempts.append([started, 1])
        except OSError:
            attempts.append([started, 0])
    live = [s for s in conns if s is not None]
    readable, _, _ = select.select(live, [], [], 0.05) if live else ([], [], [])
    for s in readable:
        try:
            if s.recv(4096):
                last[conns.index(s)] = now()
        except OSError:
            conns[conns.index(s)] = None
    remaining = 0.1 - (time.time() - t)
    if remaining > 0:
        time.sleep(remaining)
print(json.dumps({"attempts": attempts, "held": last}))
