// The emulation's commands start through one long-lived python3 helper (spawner.py), not Node's
// spawn: Node forks its whole address space for each start (18-20 ms of CPU on this project's
// 2-core VM, against 2.6 ms for the helper's vfork), and a 50-site `up` starts a few hundred.
// Guarding stays with the caller (exec.ts); this only carries requests and answers.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PROJECT_DIR } from "../config/project-dir.js";
import { PROBE_INTERPRETER } from "../render/probe.js";

export const SPAWNER = join(PROJECT_DIR, "src", "emu", "spawner.py");

export interface SpawnRequest {
  readonly argv: readonly string[];
  readonly input: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr to /dev/null (a daemon that must not hold the helper's pipes). */
  readonly quiet?: boolean;
  /** No input: a newline on stdin whenever a file appears in `watch` and every tickMs while the command runs, in a session of its own (spawner.py). */
  readonly tickMs?: number;
  readonly watch?: string;
}

/** /proc/sys/<path> = value inside a network namespace, written by a helper thread that enters it (no process). */
export interface SysctlRequest {
  /** The namespace's /run/netns file. */
  readonly netns: string;
  readonly sysctl: readonly (readonly [path: string, value: string])[];
  /** How long Node waits for the answer (the helper has no timeout of its own for this). */
  readonly timeoutMs: number;
}

/** One echo request per round to each address from inside a network namespace, up to `tries` rounds of waitMs (a helper thread makes the socket there; no process). */
export interface PingRequest {
  /** The namespace's /run/netns file. */
  readonly netns: string;
  readonly ping: readonly string[];
  readonly tries: number;
  readonly waitMs: number;
  /** How long Node waits for the answer (tries x waitMs and a margin). */
  readonly timeoutMs: number;
}

export interface SpawnAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How long past a command's own timeout Node waits for the helper's answer. */
const GRACE_MS = 5000;

type Pending = { resolve: (a: SpawnAnswer) => void; reject: (e: Error) => void; argv: readonly string[] };

class Spawner {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  /** The helper's PID while it runs (a test sends it Ctrl-C). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  run(req: SpawnRequest | SysctlRequest | PingRequest): Promise<SpawnAnswer> {
    const child = this.child ?? this.start();
    const id = this.next++;
    const argv =
      "argv" in req
        ? req.argv
        : "sysctl" in req
          ? ["sysctl", "-w", ...req.sysctl.map(([p, v]) => `${p.replace(/\//g, ".")}=${v}`), `(in ${req.netns})`]
          : ["ping", ...req.ping, `(in ${req.netns})`];
    return new Promise((resolve, reject) => {
      // The helper kills a command at its timeout and answers; this is in case it never does.
      const late = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new Error(`no answer from the command helper for \`${argv.join(" ")}\` within ${req.timeoutMs + GRACE_MS} ms`));
        this.hold(this.pending.size > 0);
      }, req.timeoutMs + GRACE_MS);
      late.unref();
      const done =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          clearTimeout(late);
          f(x);
        };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), argv });
      this.hold(true);
      child.stdin.write(JSON.stringify({ id, ...req }) + "\n");
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(PROBE_INTERPRETER, ["-I", "-S", SPAWNER], { stdio: ["pipe", "pipe", "pipe"] });
    this.child = child;
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdin.on("error", () => {}); // reported by "exit" below
    createInterface({ input: child.stdout }).on("line", (line) => {
      const a = JSON.parse(line) as { id: number; error?: string } & SpawnAnswer;
      const p = this.pending.get(a.id);
      if (!p) return;
      this.pending.delete(a.id);
      if (a.error !== undefined) p.reject(new Error(`cannot start \`${p.argv.join(" ")}\`: ${a.error}`));
      else p.resolve({ code: a.code, stdout: a.stdout, stderr: a.stderr });
      this.hold(this.pending.size > 0);
    });
    const fail = (why: string) => {
      if (this.child !== child) return;
      this.child = undefined;
      const e = new Error(`the command helper (${SPAWNER}) ${why}${stderr.trim() ? `: ${stderr.trim()}` : ""}`);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    child.on("error", (e) => fail(`did not start (${e.message}; ${PROBE_INTERPRETER} is a prerequisite)`));
    child.on("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`})`));
    return child;
  }

  /** Keeps Node alive while answers are due, and only then (the helper ends when our stdin closes at exit). */
  private hold(busy: boolean): void {
    const c = this.child;
    if (!c) return;
    for (const h of [c, c.stdin, c.stdout, c.stderr] as { ref(): void; unref(): void }[]) {
      if (busy) h.ref();
      else h.unref();
    }
  }
}

export const spawner = new Spawner();
