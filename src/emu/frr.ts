// FRR per emulated router: zebra and staticd started inside the router's namespace with explicit
// paths (config, pid, zserv socket, vty socket dir) under a run dir owned by frr; stopped by PID.
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { inNs, run, runSteps, type RunResult, type Step } from "./exec.js";
import { PATHS } from "../render/router-files.js";
import type { VmNode } from "./topology.js";

export const FRR_DIR = "/usr/lib/frr";
export const DAEMONS = ["zebra", "staticd"] as const;
export type Daemon = (typeof DAEMONS)[number];

export const pidFile = (runDir: string, d: Daemon) => `${runDir}/${d}.pid`;
export const logFile = (runDir: string, d: Daemon) => `${runDir}/${d}.log`;

/** The daemon's own command line (what runs inside the namespace). */
export function daemonCommand(n: VmNode, d: Daemon): string[] {
  const dir = n.runDir!;
  return [
    `${FRR_DIR}/${d}`,
    "-d",
    "-f", PATHS.frr,
    "-i", pidFile(dir, d),
    "-z", `${dir}/zserv.api`,
    "--vty_socket", dir,
    "-P", "0",
    "-u", "frr",
    "-g", "frr",
    "--log", `file:${logFile(dir, d)}`,
  ];
}

let frrIds: { uid: number; gid: number } | undefined;
function frrUser(): { uid: number; gid: number } {
  if (!frrIds) {
    const uid = Number(execFileSync("id", ["-u", "frr"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "frr"], { encoding: "utf8" }).trim());
    frrIds = { uid, gid };
  }
  return frrIds;
}

/** The run dir, owned by frr (the daemons drop privileges and create their sockets there). */
export function makeRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const { uid, gid } = frrUser();
  chownSync(dir, uid, gid);
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** `systemctl restart frr` as runcmd steps: zebra (-d returns once it is ready), then staticd. */
export const frrStartSteps = (n: VmNode): Step[] => DAEMONS.map((d) => ({ argv: daemonCommand(n, d), quiet: true as const }));

/** The daemons that wrote their pid file (whatever got started). */
export const startedPids = (n: VmNode): { daemon: Daemon; pid: number }[] =>
  DAEMONS.flatMap((d) => {
    const pid = readPid(pidFile(n.runDir!, d));
    return pid ? [{ daemon: d, pid }] : [];
  });

/** Throws unless every daemon wrote its pid file. */
export function assertStarted(n: VmNode): void {
  for (const d of DAEMONS) {
    if (!readPid(pidFile(n.runDir!, d))) throw new Error(`${n.vm.name}: ${d} started but wrote no pid file (${pidFile(n.runDir!, d)}); see ${logFile(n.runDir!, d)}`);
  }
}

/**
 * `systemctl restart frr` for one emulated router, in one `ip netns exec` (each daemon's exact
 * argv, exit status checked, stdio /dev/null); returns their PIDs from their pid files.
 */
export async function startFrr(n: VmNode): Promise<{ daemon: Daemon; pid: number }[]> {
  await runSteps(n.ns, frrStartSteps(n), { timeoutMs: 20_000 });
  assertStarted(n);
  return startedPids(n);
}

/** Running (a zombie waiting for its reaper counts as gone: it holds no namespace or socket). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
};

/**
 * Live FRR daemons started for the run dir `runDir` (a lab's, e.g. /run/hub-spoke-vxlan/seed), found
 * by their own command line: one of our daemons with its pid file (-i) under that dir. They are ours
 * even when their namespace has lost its name (deleted by a concurrent `down`), where
 * `ip netns pids` cannot see them any more. Zombies are left out (they hold nothing).
 */
export function daemonsOf(runDir: string): { pid: number; daemon: Daemon }[] {
  const out: { pid: number; daemon: Daemon }[] = [];
  const prefix = runDir.endsWith("/") ? runDir : `${runDir}/`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone
    }
    const daemon = DAEMONS.find((d) => argv[0] === `${FRR_DIR}/${d}`);
    const i = argv.indexOf("-i");
    const pidPath = i < 0 ? "" : (argv[i + 1] ?? "");
    if (!daemon || !pidPath.startsWith(prefix) || !pidPath.endsWith(`/${daemon}.pid`)) continue;
    const pid = Number(entry);
    if (alive(pid)) out.push({ pid, daemon });
  }
  return out;
}

/** SIGTERM each PID, wait (bounded) for all to exit, SIGKILL the rest. */
export async function stopPids(pids: readonly number[], graceMs = 1500): Promise<void> {
  const live = pids.filter(alive);
  for (const p of live) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (live.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const p of live.filter(alive)) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  const hard = Date.now() + 2000;
  while (live.some(alive) && Date.now() < hard) await new Promise((r) => setTimeout(r, 10));
}

/** vtysh against one router's daemons (run inside its namespace so `show interface` etc. are right). */
export function vtysh(n: VmNode, args: readonly string[]): Promise<RunResult> {
  return run(inNs(n.ns, ["vtysh", "--vty_socket", n.runDir!, ...args]), { check: false });
}

export const vtyshArgv = (n: VmNode, args: readonly string[]): string[] => inNs(n.ns, ["vtysh", "--vty_socket", n.runDir!, ...args]);
