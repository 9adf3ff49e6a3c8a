#!/usr/bin/python3 -IS
# Starts the emulation's commands on behalf of Node (src/emu/exec.ts, which guards every argv
# first). Node's own spawn forks its whole address space: 18-20 ms of CPU per start on a 2-core
# VM, against 2.6 ms here (subprocess uses vfork). A 50-site lab starts a few hundred commands.
# One JSON request per stdin line, one JSON answer per stdout line (in completion order):
#   {"id", "argv", "input"?, "timeoutMs"?, "env"?, "quiet"?}  ->  {"id", "code", "stdout", "stderr"}
# (quiet: stdout and stderr to /dev/null); a command that cannot start -> {"id", "error"}. A
# command past its timeout is killed (SIGKILL) and answers code 128, as Node's spawn timeout did.
# Exits when its stdin closes.
import json
import signal
import subprocess
import sys
import threading

write_lock = threading.Lock()


def answer(msg):
    line = json.dumps(msg) + "\n"
    with write_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def run(req):
    rid = req["id"]
    quiet = req.get("quiet", False)
    out = subprocess.DEVNULL if quiet else subprocess.PIPE
    try:
        data = req.get("input", "").encode()
        p = subprocess.Popen(req["argv"], stdin=subprocess.PIPE, stdout=out, stderr=out, env=req.get("env"))
    except OSError as e:
        answer({"id": rid, "error": f"{req['argv'][0]}: {e.strerror}"})
        return
    except Exception as e:  # a NUL in argv, an env key with "=", text that is not UTF-8...
        answer({"id": rid, "error": repr(e)})
        return
    try:
        stdout, stderr = p.communicate(data, timeout=req.get("timeoutMs", 30000) / 1000)
        code = p.returncode if p.returncode >= 0 else 128
    except subprocess.TimeoutExpired:
        p.kill()
        stdout, stderr = p.communicate()
        code = 128
    text = lambda b: (b or b"").decode("utf-8", "replace")
    answer({"id": rid, "code": code, "stdout": text(stdout), "stderr": text(stderr)})


def main():
    # Ctrl-C reaches the whole process group: the commands stop, this process waits for them and
    # answers. A handler, not SIG_IGN, so that the commands it starts keep the default action.
    signal.signal(signal.SIGINT, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    for line in sys.stdin:
        if line.strip():
            threading.Thread(target=run, args=(json.loads(line),), daemon=True).start()


main()
