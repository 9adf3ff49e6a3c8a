#!/usr/bin/python3 -IS
# Starts the emulation's commands on behalf of Node (src/emu/exec.ts, which guards every argv
# first). Node's own spawn forks its whole address space: 18-20 ms of CPU per start on a 2-core
# VM, against 2.6 ms here (subprocess uses vfork). A 50-site lab starts a few hundred commands.
# One JSON request per stdin line, one JSON answer per stdout line (in completion order):
#   {"id", "argv", "input"?, "timeoutMs"?, "env"?, "quiet"?, "tickMs"?}  ->  {"id", "code", "stdout", "stderr"}
# (quiet: stdout and stderr to /dev/null); a command that cannot start -> {"id", "error"}. A
# command past its timeout is killed (SIGKILL) and answers code 128, as Node's spawn timeout did.
# tickMs (with "watch": a folder): instead of input, a newline on the command's stdin each time a
# file appears in that folder and at least every tickMs, for as long as it runs; the command in a
# session of its own (Ctrl-C, which the terminal gives only to our process group, is passed on to
# it by PID). This is the emulation's step runner waiting for a daemon's socket without a process
# per look and without spinning (exec.ts); the daemons it leaves behind are off our terminal, as
# FRR's -d would leave them, and do not get that Ctrl-C.
#   {"id", "netns", "sysctl": [[path, value]...]}  ->  {"id", "code", "stdout", "stderr"}
# writes each /proc/sys/<path> inside the named network namespace (this thread only enters it),
# no process at all: a VM's boot sysctls (exec.ts sysctlIn).
#   {"id", "netns", "ping": [address...], "tries", "waitMs"}  ->  {"id", "code", "stdout", "stderr"}
# pings each address from inside the namespace with no process (a raw socket made there): the
# first packet through each tunnel (exec.ts pingFrom). Exits when its stdin closes.
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

write_lock = threading.Lock()
IN_CREATE, IN_MOVED_TO, IN_NONBLOCK, IN_CLOEXEC, CLONE_NEWNET = 0x100, 0x80, 0o4000, 0o2000000, 0x40000000
libc = None


def c():
    # The stdlib has neither inotify nor setns (before 3.12); libc's, through ctypes, loaded on first use.
    global libc
    libc = libc or ctypes.CDLL(None, use_errno=True)
    return libc


def setns(fd, what):
    if c().setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns to {what}: {os.strerror(err)}")


def within(req, fn):
    # Runs fn() with this thread inside req's namespace and comes back. Never the namespace this
    # thread is in already (a lab name bound to it by mistake), never fn() where we are instead; if
    # the thread cannot go back, the helper ends: no later request may run in the wrong namespace.
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    try:
        target = os.open(req["netns"], os.O_RDONLY | os.O_CLOEXEC)
        try:
            if os.fstat(target).st_ino == os.fstat(own).st_ino:
                raise OSError(0, f"{req['netns']} is this process's own namespace")
            setns(target, req["netns"])
            inside = os.stat("/proc/thread-self/ns/net").st_ino == os.fstat(target).st_ino
        finally:
            os.close(target)
        try:
            if not inside:
                raise OSError(0, f"not inside {req['netns']} after setns")
            return fn()
        finally:
            try:
                setns(own, "this process's own namespace")
            except OSError as e:
                answer({"id": req["id"], "error": str(e)})
                os._exit(70)
    finally:
        os.close(own)


def sysctl_in(req):
    # /proc/sys/net is the network namespace of the thread that opens it. Each write that fails is
    # reported; the others still happen.
    def write():
        failed = []
        for path, value in req["sysctl"]:
            try:
                with open(f"/proc/sys/{path}", "w") as f:
                    f.write(f"{value}\n")
            except OSError as e:
                failed.append(f"sysctl: {path.replace('/', '.')}: {e.strerror}")
        return failed

    try:
        failed = within(req, write)
    except Exception as e:  # the namespace or /proc cannot be opened, or entered
        answer({"id": req["id"], "error": str(e)})
        return
    answer({"id": req["id"], "code": 1 if failed else 0, "stdout": "", "stderr": "".join(f"{x}\n" for x in failed)})


def checksum(b):
    s = sum(int.from_bytes(b[i : i + 2], "big") for i in range(0, len(b) - 1, 2)) + (b[-1] << 8 if len(b) % 2 else 0)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def echo_request(ident, seq):
    payload = b"hub-spoke-vxlan first packet".ljust(56, b".")  # ping's 56 bytes
    head = bytes([8, 0, 0, 0]) + ident.to_bytes(2, "big") + seq.to_bytes(2, "big")
    c = checksum(head + payload)
    return head[:2] + c.to_bytes(2, "big") + head[4:] + payload


def ping_in(req):
    # `ping -c 1 -W <wait>` to each address, up to `tries` times, from a raw ICMP socket made inside
    # the namespace (the socket stays bound to it; the thread comes back at once): every address
    # pending gets one echo request per round, and the round waits up to waitMs for the replies (an
    # address the kernel cannot send to yet waits the round out too, as the next try would come
    # after ping's -W). Answers code 1 naming the addresses that never replied.
    try:
        s = within(req, lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
    except Exception as e:
        answer({"id": req["id"], "error": str(e)})
        return
    try:
        pending = echo_rounds(s, req)
    except Exception as e:  # whatever it is, Node gets an answer now rather than at its timeout
        answer({"id": req["id"], "error": f"ping: {e}"})
        return
    why = f"no reply from {', '.join(pending)} after {req['tries']} tries\n" if pending else ""
    answer({"id": req["id"], "code": 1 if pending else 0, "stdout": "", "stderr": why})


def echo_rounds(s, req):
    ident = (os.getpid() + req["id"]) & 0xFFFF  # replies to other requests (other idents) are not ours
    pending = list(dict.fromkeys(req["ping"]))
    with s:
        watch = select.poll()
        watch.register(s.fileno(), select.POLLIN)
        for seq in range(1, req["tries"] + 1):
            if not pending:
                break
            for to in pending:
                try:
                    s.sendto(echo_request(ident, seq), (to, 0))
                except OSError:
                    pass  # no route yet: this round is lost for it
            end = time.monotonic() + req["waitMs"] / 1000
            while pending and (left := end - time.monotonic()) > 0:
                if not watch.poll(left * 1000):
                    break
                data, (src, _) = s.recvfrom(65535)
                icmp = data[(data[0] & 0x0F) * 4 :]  # a raw IPv4 socket reads the IP header too
                if len(icmp) >= 8 and icmp[0] == 0 and int.from_bytes(icmp[4:6], "big") == ident and src in pending:
                    pending.remove(src)
    return pending


def inotify(folder):
    fd = c().inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
    if fd < 0 or c().inotify_add_watch(fd, folder.encode(), IN_CREATE | IN_MOVED_TO) < 0:
        err = ctypes.get_errno()
        if fd >= 0:
            os.close(fd)
        raise OSError(err, f"inotify on {folder}: {os.strerror(err)}")
    return fd


def ticker(w, seconds, fd, stop):
    # Non-blocking: a full pipe (a command not reading yet) skips ticks instead of stalling. poll,
    # not select: a helper with many commands in flight has descriptors past select's 1024. If the
    # clock fails, stdin's write end closes (the runner's read ends: it stops waiting at once).
    try:
        os.set_blocking(w, False)
        watch = select.poll()
        watch.register(fd, select.POLLIN)
        watch.register(stop, select.POLLIN)
        while True:
            ready = {f for f, _ in watch.poll(seconds * 1000)}
            if stop in ready:
                return
            if fd in ready:
                try:
                    os.read(fd, 65536)
                except BlockingIOError:
                    pass
            try:
                os.write(w, b"\n")
            except (BlockingIOError, BrokenPipeError):
                pass
    finally:
        os.close(w)


def answer(msg):
    line = json.dumps(msg) + "\n"
    with write_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


ticked = {}  # the clocked commands running now (pid -> Popen): Ctrl-C is passed on to them
ticked_lock = threading.Lock()


def run(req):
    rid = req["id"]
    quiet = req.get("quiet", False)
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    tick = req.get("tickMs")
    fds = {}  # the clock's: inotify, stdin's read and write ends, stop pipe
    try:
        data = None if tick else req.get("input", "").encode()
        if tick:
            try:
                fds["inotify"] = inotify(req["watch"])
            except OSError as e:
                raise ValueError(e.strerror) from e
            fds["r"], fds["w"] = os.pipe()
            fds["stop_r"], fds["stop_w"] = os.pipe()
        stdin = fds["r"] if tick else subprocess.PIPE
        p = subprocess.Popen(req["argv"], stdin=stdin, stdout=out, stderr=out, env=req.get("env"), start_new_session=bool(tick))
        if tick:
            os.close(fds.pop("r"))
            with ticked_lock:
                ticked[p.pid] = p
            w = fds.pop("w")  # the clock's from here: it closes it
            clock = threading.Thread(target=ticker, args=(w, tick / 1000, fds["inotify"], fds["stop_r"]), daemon=True)
            try:
                clock.start()
            except Exception:
                os.close(w)  # no clock: the runner reads EOF and stops waiting
                raise
    except Exception as e:  # OSError: cannot start; else a NUL in argv, an env key with "=", text that is not UTF-8...
        for fd in fds.values():
            os.close(fd)
        answer({"id": rid, "error": f"{req['argv'][0]}: {e.strerror}" if isinstance(e, OSError) else str(e) or repr(e)})
        return
    try:
        stdout, stderr = p.communicate(data, timeout=req.get("timeoutMs", 30000) / 1000)
        code = p.returncode if p.returncode >= 0 else 128
    except subprocess.TimeoutExpired:
        p.kill()
        stdout, stderr = p.communicate()
        code = 128
    finally:
        if tick:
            with ticked_lock:
                ticked.pop(p.pid, None)
            os.write(fds["stop_w"], b"x")
            clock.join()
            for fd in fds.values():
                os.close(fd)
    text = lambda b: (b or b"").decode("utf-8", "replace")
    answer({"id": rid, "code": code, "stdout": text(stdout), "stderr": text(stderr)})


def interrupted(signum, _frame):
    # Ctrl-C reaches our process group, and so every command but the clocked ones, which run in a
    # session of their own (for the daemons they leave): each gets the signal by PID, its daemons
    # do not. This process waits for them all and answers.
    with ticked_lock:
        live = list(ticked.values())
    for p in live:
        try:
            p.send_signal(signum)
        except OSError:
            pass


def main():
    # A handler, not SIG_IGN, so that the commands it starts keep the default action.
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    for line in sys.stdin:
        if line.strip():
            req = json.loads(line)
            serve = sysctl_in if "sysctl" in req else ping_in if "ping" in req else run
            threading.Thread(target=serve, args=(req,), daemon=True).start()


main()
