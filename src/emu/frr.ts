// FRR per emulated router: zebra and staticd started inside the router's namespace with explicit
// paths (config, pid, zserv socket, vty socket dir) under a run dir owned by frr (stopped by PID: processes.ts).
import { chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { hostId, inNs, run, runSteps, type RunResult, type Step } from "./exec.js";
import { PATHS } from "../render/router-files.js";
import type { VmNode } from "./namespaces.js";

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
    "-f",
    PATHS.frr,
    "-i",
    pidFile(dir, d),
    "-z",
    `${dir}/zserv.api`,
    "--vty_socket",
    dir,
    "-P",
    "0",
    "-u",
    "frr",
    "-g",
    "frr",
    "--log",
    `file:${logFile(dir, d)}`,
  ];
}

/** The run dir, owned by frr (the daemons drop privileges and create their sockets there). */
export function makeRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chownSync(dir, hostId("-u", "frr"), hostId("-g", "frr"));
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
    if (!readPid(pidFile(n.runDir!, d)))
      throw new Error(`${n.vm.name}: ${d} started but wrote no pid file (${pidFile(n.runDir!, d)}); see ${logFile(n.runDir!, d)}`);
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

/** vtysh against one router's daemons, inside its namespace so that `show interface` etc. are right. */
export const vtyshArgv = (n: VmNode, args: readonly string[]): string[] => inNs(n.ns, ["vtysh", "--vty_socket", n.runDir!, ...args]);

export function vtysh(n: VmNode, args: readonly string[]): Promise<RunResult> {
  return run(vtyshArgv(n, args), { check: false });
}
