// The one place that runs commands for the emulation. Its guard is the safety rule in code:
// `ip` only with `-n NS` or `ip netns ...` on a namespace of ours, everything else only
// inside one of our namespaces (`ip netns exec NS ...`), or vtysh on our own socket dirs.
import { spawn, spawnSync } from "node:child_process";

export const NS_PREFIX = "hsv-";

export class GuardError extends Error {
  override name = "GuardError";
}

const ourNs = (ns: string | undefined): boolean => !!ns && ns.startsWith(NS_PREFIX) && /^[A-Za-z0-9_.-]+$/.test(ns);

/** Throws unless argv is allowed: traffic and configuration may only touch our namespaces. */
export function guard(argv: readonly string[]): void {
  const [cmd, ...args] = argv;
  const bad = (why: string): never => {
    throw new GuardError(`refused to run \`${argv.join(" ")}\`: ${why}`);
  };
  if (cmd === "vtysh") {
    const i = args.indexOf("--vty_socket");
    if (i < 0 || !(args[i + 1] ?? "").startsWith("/run/hub-spoke-vxlan/")) bad("vtysh needs --vty_socket under /run/hub-spoke-vxlan");
    return;
  }
  if (cmd !== "ip") bad("only `ip -n NS ...`, `ip netns ...` and vtysh on a lab socket may run outside a lab namespace");
  // Global options before the object: only -n NS, -batch FILE and a few harmless output flags.
  let i = 0;
  let ns: string | undefined;
  while (i < args.length && args[i]!.startsWith("-")) {
    const opt = args[i]!;
    if (opt === "-n" || opt === "-netns") {
      ns = args[i + 1];
      i += 2;
    } else if (opt === "-batch") i += 2;
    else if (["-j", "-json", "-d", "-details", "-o", "-oneline", "-br", "-brief", "-4", "-s"].includes(opt)) i += 1;
    else bad(`option ${opt} is not allowed`);
  }
  if (ns !== undefined) {
    if (!ourNs(ns)) bad(`namespace "${ns}" is not a lab namespace (${NS_PREFIX}*)`);
    return;
  }
  if (args[i] !== "netns") bad("an `ip` command must name its namespace (`ip -n NS ...` or `ip netns exec NS ...`): the root namespace is off limits");
  const sub = args[i + 1];
  if (sub === "list" || sub === "ls") return;
  if (["add", "del", "delete", "exec", "pids"].includes(sub ?? "")) {
    if (!ourNs(args[i + 2])) bad(`namespace "${args[i + 2] ?? ""}" is not a lab namespace (${NS_PREFIX}*)`);
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
}

/** Runs argv (guarded) and resolves with its output; throws CommandError on failure unless check=false. */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  guard(argv);
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
  guard(argv);
  const r = spawnSync(argv[0]!, argv.slice(1), { input: opts.input ?? "", encoding: "utf8", timeout: opts.timeoutMs ?? 30_000, env: opts.env ?? process.env });
  const res = { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : "") };
  if (res.code !== 0 && opts.check !== false) throw new CommandError(argv, res);
  return res;
}

/** `ip netns exec NS argv...` */
export const inNs = (ns: string, argv: readonly string[]): string[] => ["ip", "netns", "exec", ns, ...argv];

/** Runs `ip -n NS -batch -` with the given lines (one `ip` invocation for many commands). */
export function ipBatch(ns: string, lines: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  if (!lines.length) return Promise.resolve({ code: 0, stdout: "", stderr: "" });
  return run(["ip", "-n", ns, "-batch", "-"], { ...opts, input: lines.join("\n") + "\n" });
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
