// The one place that starts processes for the emulation. Its guard is the safety rule in code:
// `ip` only with `-n NS` or `ip netns ...` on a namespace of ours, everything else only
// inside one of our namespaces (`ip netns exec NS ...`), or vtysh on our own socket dirs. The only
// unguarded ones are read-only host lookups (hostHas, hostId), which change nothing.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { accessSync, closeSync, constants, lstatSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { netnsFile, NS_PREFIX, RUN_ROOT, VM_NOFILE } from "./commands/topology.js";
import { inNs, stepArgv, type Step } from "./commands/argv.js";
import { spawner } from "./spawner.js";
import { isAddress } from "../net/cidr.js";

export class GuardError extends Error {
  override name = "GuardError";
}

const ourNs = (ns: string | undefined): boolean => !!ns && ns.startsWith(NS_PREFIX) && /^[A-Za-z0-9_.-]+$/.test(ns);
const notOurs = (ns: string | undefined): string => `namespace "${ns ?? ""}" is not a lab namespace (${NS_PREFIX}*)`;

/** For the helper's in-namespace requests (sysctlIn, pingFrom), which no argv guard sees. */
function requireOurNs(ns: string): void {
  if (!ourNs(ns)) throw new GuardError(notOurs(ns));
}

/**
 * Throws unless argv is allowed: traffic and configuration may only touch our namespaces.
 * `ip ... -batch -` is checked line by line against its input (each line as one `ip` command).
 */
export function guard(argv: readonly string[], input?: string): void {
  const [cmd, ...args] = argv;
  const bad = (why: string): never => {
    throw new GuardError(`refused to run \`${argv.join(" ")}\`: ${why}`);
  };
  if (cmd === "vtysh") {
    const i = args.indexOf("--vty_socket");
    if (i < 0 || !(args[i + 1] ?? "").startsWith(`${RUN_ROOT}/`)) bad(`vtysh needs --vty_socket under ${RUN_ROOT}`);
    return;
  }
  if (cmd !== "ip") bad("only `ip -n NS ...`, `ip netns ...` and vtysh on a lab socket may run outside a lab namespace");
  // Global options before the object: only -n NS, -batch - and a few harmless output flags.
  let i = 0;
  let ns: string | undefined;
  let batch = false;
  while (i < args.length && args[i]!.startsWith("-")) {
    const opt = args[i]!;
    if (opt === "-n" || opt === "-netns") {
      ns = args[i + 1];
      i += 2;
    } else if (opt === "-batch") {
      // Only from stdin, so that every line can be checked here.
      if (args[i + 1] !== "-") bad("-batch reads only from stdin (-batch -), whose lines are checked");
      batch = true;
      i += 2;
    } else if (["-j", "-json", "-d", "-details", "-o", "-oneline", "-br", "-brief", "-4", "-s"].includes(opt)) i += 1;
    else bad(`option ${opt} is not allowed`);
  }
  if (ns !== undefined && !ourNs(ns)) bad(notOurs(ns));
  const globals = args.slice(0, i);
  if (batch) {
    if (args.length > i) bad("-batch takes its commands from stdin only");
    if (input === undefined) bad("a batch is checked line by line: give its input");
    for (const line of (input ?? "").split("\n")) {
      if (!line.trim()) continue;
      if (/["'\\#]/.test(line)) bad(`batch line "${line}": quotes, escapes and comments are not allowed`);
      guard(["ip", ...globals.filter((_, k) => globals[k] !== "-batch" && globals[k - 1] !== "-batch"), ...line.trim().split(/\s+/)]);
    }
    return;
  }
  // Whatever the object, a `netns NAME` argument (moving a device, `ip -n NS netns ...`) must name one of ours.
  for (let k = i; k < args.length - 1; k++) {
    if (args[k] === "netns" && k > i && !ourNs(args[k + 1])) bad(`netns "${args[k + 1]}" is not a lab namespace (${NS_PREFIX}*)`);
  }
  if (ns !== undefined && args[i] !== "netns") return;
  if (args[i] !== "netns")
    bad("an `ip` command must name its namespace (`ip -n NS ...` or `ip netns exec NS ...`): the root namespace is off limits");
  const sub = args[i + 1];
  if (sub === "list" || sub === "ls") return;
  if (["add", "del", "delete", "exec", "pids"].includes(sub ?? "")) {
    if (!ourNs(args[i + 2])) bad(notOurs(args[i + 2]));
    if (sub === "exec" && args.length <= i + 3) bad("ip netns exec without a command");
    return;
  }
  bad(`ip netns ${sub ?? ""} is not allowed`);
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    super(`\`${argv.join(" ")}\` failed (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`);
  }
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Do not throw on a non-zero exit. */
  readonly check?: boolean;
  readonly timeoutMs?: number;
  /** Daemons: do not hold pipes they may inherit (their output goes to their own log). */
  readonly detachedOutput?: boolean;
  /** Instead of input: the helper's clock on stdin, a newline whenever a file appears in `watch` and every tickMs (spawner.py); always through the helper. */
  readonly tick?: { readonly ms: number; readonly watch: string };
}

/** Runs argv (guarded) and resolves with its output; throws CommandError on failure unless check=false. */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  guard(argv, opts.input);
  return spawnRun(argv, opts);
}

// The helper's own start (python3, about 50 ms of CPU) is worth it only for many commands: a
// process's first few start through Node (verify starts one, `up` a few hundred).
const NODE_STARTS = 3;
let started = 0;

/** run() without the guard: only for argv whose every part the caller has guarded (runParallel). */
async function spawnRun(argv: readonly string[], opts: RunOptions): Promise<RunResult> {
  if (!opts.tick && started++ < NODE_STARTS) return nodeRun(argv, opts);
  const r = await spawner.run({
    argv,
    input: opts.input ?? "",
    timeoutMs: opts.timeoutMs ?? 30_000,
    env: opts.env ?? process.env, // always: python3 would otherwise pass on its own locale coercion (LC_CTYPE)
    ...(opts.detachedOutput ? { quiet: true } : {}),
    ...(opts.tick ? { tickMs: opts.tick.ms, watch: opts.tick.watch } : {}),
  });
  if (r.code !== 0 && opts.check !== false) throw new CommandError(argv, r);
  return r;
}

/** One command through Node's own spawn. */
function nodeRun(argv: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: opts.detachedOutput ? ["pipe", "ignore", "ignore"] : ["pipe", "pipe", "pipe"],
      env: opts.env ?? process.env,
      timeout: opts.timeoutMs ?? 30_000,
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const r = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (r.code !== 0 && opts.check !== false) reject(new CommandError(argv, r));
      else resolve(r);
    });
    child.stdin?.on("error", () => {}); // a command that exits early must not crash us
    child.stdin?.end(opts.input ?? "");
  });
}

/** Synchronous variant for cleanup paths (signal handlers). */
export function runSync(argv: readonly string[], opts: RunOptions = {}): RunResult {
  guard(argv, opts.input);
  const r = spawnSync(argv[0]!, argv.slice(1), {
    input: opts.input ?? "",
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 30_000,
    env: opts.env ?? process.env,
  });
  const res = { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : "") };
  if (res.code !== 0 && opts.check !== false) throw new CommandError(argv, res);
  return res;
}

/** Starts argv (guarded) detached with its stdio on /dev/null (or stdout and stderr appended to log), for a process the caller stops by PID. */
export function spawnDetached(argv: readonly string[], opts: { cwd?: string; log?: string } = {}): number | undefined {
  guard(argv);
  const out = opts.log ? openSync(opts.log, "a") : "ignore";
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", out, out], detached: true, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  if (typeof out === "number") closeSync(out);
  child.unref();
  return child.pid;
}

/** Runs argv (guarded) on the caller's terminal (stdio inherited); returns its exit status. */
export function runInteractive(argv: readonly string[]): number {
  guard(argv);
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: "inherit" });
  return r.status ?? 1;
}

/** Runs `ip -n NS -batch -` with the given lines (one `ip` invocation for many commands). */
export function ipBatch(ns: string, lines: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (!lines.length) return Promise.resolve({ code: 0, stdout: "", stderr: "" });
  return run(["ip", "-n", ns, "-batch", "-"], { ...opts, input: lines.join("\n") + "\n" });
}

/** `ip netns add|del` for many namespaces of ours in one `ip -batch -` (each line guarded). */
export function netnsBatch(verb: "add" | "del", names: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (!names.length) return Promise.resolve({ code: 0, stdout: "", stderr: "" });
  return run(["ip", "-batch", "-"], { ...opts, input: names.map((n) => `netns ${verb} ${n}`).join("\n") + "\n" });
}

/** The next $n positional parameters as "${1}" "${2}" ... in $cmd, for eval: each word keeps its exact argv, never re-parsed. */
const QUOTED_SLICE = String.raw`cmd=; j=1; while [ $j -le $n ]; do cmd="$cmd \"\${$j}\""; j=$((j+1)); done`;

/** The next $n positional parameters, each path=value, written as `sysctl -w` would (a failure sets rc=1). */
const SYSCTL_WRITES = 'while [ $n -gt 0 ]; do printf "%s\\n" "${1#*=}" > "/proc/sys/${1%%=*}" || rc=1; shift; n=$((n-1)); done';

/** The next $n positional parameters as the lines of $lines, for a here-document (no printf subshell before `ip`). */
const BATCH_LINES = `lines=; while [ $n -gt 0 ]; do lines="$lines$1
"; shift; n=$((n-1)); done`;

/** A daemon's ready socket: <run root>/<lab>/[<vm>/]<name>.vty (nothing else is ever removed as a stale one). */
const READY_PATH = new RegExp(`^${RUN_ROOT.replace(/[/.-]/g, "\\$&")}(/[A-Za-z0-9_][A-Za-z0-9_.-]*){1,2}/[A-Za-z0-9_-]+\\.vty$`);

/** The helper's clock for daemon steps: a line on the runner's stdin when a file appears in the ready sockets' folder, and at least this often. */
const DAEMON_TICK_MS = 50;
/** How long a daemon step waits for its ready socket, unless the step says (withinS). */
const DAEMON_READY_S = 20;

/**
 * A daemon step: the daemon in the background, stdio /dev/null (the runner runs in a session of its
 * own, which the daemon shares: off our terminal, as -d leaves it; as any background job of dash,
 * it starts with SIGINT and SIGQUIT ignored, and FRR installs its own SIGINT handler); then, until
 * its ready socket exists, one line of the helper's clock per look (`read`: no process per look,
 * no spinning). Bounded in time by /proc/uptime (the clock's lines may have piled up during earlier
 * steps). It fails with the daemon's exit status if the daemon ends first (a zombie of ours, or
 * reaped), and with 124 if the bound passes or the clock stops, the daemon then stopped. Why not
 * FRR's -d: it forks the started daemon and the parent then tears its copy down, 20 to 37 ms of
 * CPU per zebra + staticd here (docs/measurements.md).
 */
const DAEMON_START = String.raw`ready=$1; within=$2; shift 2; n=$((n-2))
    ${QUOTED_SLICE}
    eval "exec $cmd" </dev/null >/dev/null 2>&1 &
    pid=$!; shift $n; rc=0
    read -r up x </proc/uptime; end=$(( ${"${up%.*}${up#*.}"} + within * 100 ))
    until [ -S "$ready" ]; do
      s=; read -r s 2>/dev/null </proc/$pid/stat
      case $s in ""|*") Z "*)
        wait $pid; rc=$?; [ $rc -ne 0 ] || rc=1
        echo "hsv: the daemon ended (exit $rc) before $ready appeared" >&2; break ;;
      esac
      read -r up x </proc/uptime
      if [ ${"${up%.*}${up#*.}"} -gt $end ] || ! read -r x; then
        kill $pid 2>/dev/null; wait $pid; rc=124
        echo "hsv: no $ready within $within s: the daemon was stopped" >&2; break
      fi
    done`;

/**
 * The runner for several commands in one `ip netns exec NS sh`, under the VM's open-file limit
 * (VM_NOFILE: what runcmd and FRR's daemons get on Ubuntu): each command keeps its exact argv
 * (run as "${1}" "${2}" ... of its own slice of the positional parameters, never re-parsed), stdin
 * /dev/null, runs in order, and the first non-zero exit stops the rest and is reported as
 * `hsv-step <k> exit <code>`. A quiet command's stdout and stderr are /dev/null too (daemons must
 * not hold our pipes). A `sysctl` step's path=value pairs are written by the shell itself; an
 * `ipbatch` step's lines go to `ip -batch -` as a here-document; a `daemon` step is DAEMON_START.
 */
const STEP_RUNNER = String.raw`ulimit -Sn ${VM_NOFILE}
k=0
while [ $# -gt 0 ]; do
  mode=$1; n=$2; shift 2; k=$((k+1))
  if [ "$mode" = sysctl ]; then
    rc=0
    ${SYSCTL_WRITES}
  elif [ "$mode" = ipbatch ]; then
    ${BATCH_LINES}
    ip -batch - <<HSV_BATCH_END
$lines
HSV_BATCH_END
    rc=$?
  elif [ "$mode" = daemon ]; then
    ${DAEMON_START}
  else
    ${QUOTED_SLICE}
    if [ "$mode" = quiet ]; then eval "$cmd" </dev/null >/dev/null 2>&1
    else eval "$cmd" </dev/null; fi
    rc=$?
    shift $n
  fi
  if [ $rc -ne 0 ]; then echo "hsv-step $k exit $rc" >&2; exit $rc; fi
done`;

/** Only net.* is the namespace's own (kernel.*, vm.* ... are the host's); no "/" in a key. */
function guardSysctl(ns: string, keys: readonly string[]): void {
  requireOurNs(ns);
  if (!keys.every((kv) => /^net(\.[A-Za-z0-9_-]+)+=\S+$/.test(kv)))
    throw new GuardError(`refused sysctl keys in ${ns} (net.* only): ${keys.join(" ")}`);
}

/**
 * `sysctl -w` of net.* keys inside namespace `ns` with no process: a thread of the command helper
 * enters the namespace and writes /proc/sys (spawner.py). Throws CommandError naming the keys that failed.
 */
export async function sysctlIn(ns: string, keys: readonly string[]): Promise<void> {
  guardSysctl(ns, keys);
  const r = await spawner.run({ netns: netnsFile(ns), sysctl: keys.map(sysctlPair), timeoutMs: 5000 });
  if (r.code !== 0) throw new CommandError(inNs(ns, ["sysctl", "-qw", ...keys]), r);
}

/**
 * `ping -n -c 1 -W <waitMs>` from inside namespace `ns` to each address, up to `tries` times, with no
 * process: a helper thread makes a raw ICMP socket there (spawner.py). All addresses at once, a round
 * of waitMs per try. Resolves the addresses that never replied (none: all did).
 */
export async function pingFrom(ns: string, addresses: readonly string[], tries: number, waitMs = 1000): Promise<string[]> {
  requireOurNs(ns);
  if (!addresses.every(isAddress)) throw new GuardError(`refused to ping from ${ns}: not IPv4 addresses: ${addresses.join(" ")}`);
  const whole = (x: number, max: number) => Number.isInteger(x) && x > 0 && x <= max;
  if (!(whole(tries, 100) && whole(waitMs, 60_000)))
    throw new GuardError(`ping from ${ns}: tries is a whole number from 1 to 100 and waitMs from 1 to 60000, not ${tries} and ${waitMs}`);
  if (!addresses.length) return [];
  const r = await spawner.run({ netns: netnsFile(ns), ping: addresses, tries, waitMs, timeoutMs: tries * waitMs + 5000 });
  if (r.code === 0) return [];
  const m = /^no reply from (.+) after \d+ tries$/.exec(r.stderr.trim());
  if (!m) throw new CommandError(["ping", ...addresses, `(in ${ns})`], r);
  return m[1]!.split(", ");
}

/** "net.ipv4.conf.all.rp_filter=2" -> ["net/ipv4/conf/all/rp_filter", "2"]: where under /proc/sys `sysctl -w` writes, and what. */
const sysctlPair = (kv: string): [path: string, value: string] => {
  const i = kv.indexOf("=");
  return [kv.slice(0, i).replace(/\./g, "/"), kv.slice(i + 1)];
};

/** A step as the runner's positional parameters: mode, count, words. */
function runnerArgs(s: Step): string[] {
  const [mode, words] =
    "sysctl" in s
      ? ["sysctl", s.sysctl.map((kv) => sysctlPair(kv).join("="))]
      : "ipBatch" in s
        ? ["ipbatch", s.ipBatch]
        : "daemon" in s
          ? ["daemon", [s.ready, String(s.withinS ?? DAEMON_READY_S), ...s.daemon]]
          : ["argv" in s ? "quiet" : "loud", stepArgv(s)];
  return [mode, String(words.length), ...words];
}

/**
 * Runs commands in order inside namespace `ns` with one `ip netns exec` (one mount namespace set-up
 * instead of one per command). Each command is guarded as `ip netns exec NS argv...`, keeps its exact
 * argv and has its exit status checked: the first failure throws CommandError naming that command.
 */
export async function runSteps(ns: string, steps: readonly Step[], opts: Omit<RunOptions, "input" | "tick"> = {}): Promise<RunResult> {
  if (!steps.length) return { code: 0, stdout: "", stderr: "" };
  for (const s of steps) {
    if (!stepArgv(s).length) throw new GuardError(`refused to run an empty command in ${ns}`);
    if ("sysctl" in s) guardSysctl(ns, s.sysctl);
    // Each line is one `ip` command of the namespace, checked as `ip -n NS` would be.
    if ("ipBatch" in s) {
      if (s.ipBatch.some((l) => l.includes("\n") || !l.trim()))
        throw new GuardError(`refused an empty or multi-line ip batch line in ${ns}`);
      guard(["ip", "-n", ns, "-batch", "-"], s.ipBatch.join("\n"));
    }
    if ("daemon" in s && s.withinS !== undefined && !(Number.isInteger(s.withinS) && s.withinS > 0))
      throw new GuardError(`a daemon step waits a whole number of seconds, not ${s.withinS}`);
    if ("daemon" in s && !READY_PATH.test(s.ready))
      throw new GuardError(`refused a daemon ready path that is not a .vty socket of a lab run folder under ${RUN_ROOT}: ${s.ready}`);
    guard(inNs(ns, stepArgv(s)));
  }
  const folders = [...new Set(steps.flatMap((s) => ("daemon" in s ? [dirname(s.ready)] : [])))];
  if (folders.length > 1) throw new GuardError(`daemon steps wait in one folder, not ${folders.join(", ")}`);
  // A daemon killed with SIGKILL leaves its socket behind: the wait must see the new one (a socket only).
  for (const s of steps) if ("daemon" in s && lstatSync(s.ready, { throwIfNoEntry: false })?.isSocket()) rmSync(s.ready);
  const args = steps.flatMap(runnerArgs);
  const argv = inNs(ns, ["sh", "-c", STEP_RUNNER, "hsv-steps", ...args]);
  const clock = folders.length ? { tick: { ms: DAEMON_TICK_MS, watch: folders[0]! } } : {};
  const r = await run(argv, { ...opts, ...clock, check: false });
  if (r.code === 0 || opts.check === false) return r;
  const m = /hsv-step (\d+) exit (\d+)\s*$/.exec(r.stderr);
  const failed = m ? steps[Number(m[1]) - 1] : undefined;
  throw new CommandError(failed ? inNs(ns, stepArgv(failed)) : argv, { ...r, stderr: r.stderr.replace(/hsv-step \d+ exit \d+\s*$/, "") });
}

/**
 * The fan-out runner: starts every command at once (each its own slice of the positional parameters,
 * never re-parsed, `exec`ed in its background child: no subshell per command), its stdout and stderr
 * into files of the directory given first, stdin /dev/null; waits for each by PID and prints
 * `hsv-fanout-end <k> <exit code>` in order. The caller reads the files (no `cat` per command).
 */
const FANOUT = String.raw`dir=$1
shift
i=0
pids=
while [ $# -gt 0 ]; do
  n=$1; shift; i=$((i+1))
  ${QUOTED_SLICE}
  eval "exec $cmd" </dev/null >"$dir/$i" 2>"$dir/$i.err" &
  pids="$pids $!"
  shift $n
done
k=0
for p in $pids; do
  k=$((k+1))
  wait "$p"
  echo "hsv-fanout-end $k $?"
done`;

/**
 * Runs commands at once, each already an `ip netns exec <lab VM> ...` (guarded one by one), from one
 * shell inside the lab namespace `via`: one process start from Node instead of one per command
 * (each spawn from Node costs 5 to 100 ms on 2 shared cores, which staggered a 12-VM verify's
 * probes over more than a second). Resolves with each command's exit code, stdout and stderr, in order.
 */
export async function runParallel(via: string, argvs: readonly (readonly string[])[], opts: RunOptions = {}): Promise<RunResult[]> {
  // Each command guarded as itself; the runner, a fixed script, guarded as `ip netns exec <via> sh -c ...`.
  // (The whole argv is not: the guard would read the commands' words as the runner's own.)
  for (const a of argvs) guard(a);
  const runner = inNs(via, ["sh", "-c", FANOUT, "hsv-fanout"]);
  guard(runner);
  if (!argvs.length) return [];
  const dir = mkdtempSync(join(tmpdir(), "hsv-fanout-"));
  try {
    const r = await spawnRun([...runner, dir, ...argvs.flatMap((a) => [String(a.length), ...a])], opts);
    return parseFanout(r.stdout, argvs.length).map((code, i) => ({
      code,
      stdout: readFileSync(join(dir, String(i + 1)), "utf8"),
      stderr: readFileSync(join(dir, `${i + 1}.err`), "utf8"),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fan-out runner's exit codes, one `hsv-fanout-end <k> <code>` line per command in order. */
export function parseFanout(text: string, count: number): number[] {
  const lines = text.split("\n").filter(Boolean);
  if (lines.length !== count) throw new Error(`fan-out: ${lines.length} exit code(s) for ${count} command(s)`);
  return lines.map((line, i) => {
    const m = /^hsv-fanout-end (\d+) (\d+)$/.exec(line);
    if (!m || Number(m[1]) !== i + 1) throw new Error(`fan-out output out of order at command ${i + 1}: ${JSON.stringify(line)}`);
    return Number(m[2]);
  });
}

/** Runs tasks with at most `limit` in flight; rejects with the first error after all settle. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError !== undefined) throw firstError;
  return out;
}

/** Whether the host has a tool: an executable at its absolute path, or a command on PATH (looked up as `command -v` does, without a shell). */
export const hostHas = (tool: string): boolean => {
  const executable = (path: string): boolean => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (tool.includes("/")) return executable(tool);
  return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && executable(join(dir, tool)));
};

const idCache = new Map<string, number>();
/** A user's uid (-u) or a group's gid (-g) on the host, looked up once per process. */
export function hostId(kind: "-u" | "-g", name: string): number {
  const key = kind + name;
  let v = idCache.get(key);
  if (v === undefined) {
    v = name === "root" ? 0 : Number(execFileSync("id", [kind, name], { encoding: "utf8" }).trim());
    if (kind === "-g" && name !== "root") v = Number(execFileSync("getent", ["group", name], { encoding: "utf8" }).split(":")[2]);
    idCache.set(key, v);
  }
  return v;
}
