// FRR per emulated router: its run dir, starting its daemons (command lines: commands/frr.ts),
// and reading their PIDs (stopped by PID: processes.ts).
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir } from "node:fs/promises";
import { hostId, run, runSteps, type RunResult } from "./exec.js";
import { DAEMONS, frrStartSteps, logFile, pidFile, vtyshArgv, type Daemon } from "./commands/frr.js";
import type { VmNode } from "./commands/topology.js";
import { splitJsonDocuments } from "../probe/bgp.js";

/** The run dir, owned by frr (the daemons drop privileges and create their sockets there). */
export async function makeRunDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chown(dir, hostId("-u", "frr"), hostId("-g", "frr"));
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** The daemons that wrote their pid file (whatever got started). */
export const startedPids = (n: VmNode): { daemon: Daemon; pid: number }[] =>
  DAEMONS.flatMap((d) => {
    const pid = readPid(pidFile(n.runDir!, d));
    return pid ? [{ daemon: d, pid }] : [];
  });

/** Throws unless every daemon started wrote its pid file. */
export function assertStarted(n: VmNode, daemons: readonly Daemon[]): void {
  for (const d of daemons) {
    if (!readPid(pidFile(n.runDir!, d)))
      throw new Error(`${n.vm.name}: ${d} started but wrote no pid file (${pidFile(n.runDir!, d)}); see ${logFile(n.runDir!, d)}`);
  }
}

/**
 * `systemctl restart frr` for one emulated router, in one `ip netns exec` (each daemon's exact
 * argv, exit status checked, stdio /dev/null); returns their PIDs from their pid files.
 */
export async function startFrr(n: VmNode, daemons: readonly Daemon[]): Promise<{ daemon: Daemon; pid: number }[]> {
  await runSteps(n.ns, frrStartSteps(n, daemons), { timeoutMs: 20_000 });
  assertStarted(n, daemons);
  return startedPids(n);
}

export function vtysh(n: VmNode, args: readonly string[]): Promise<RunResult> {
  return run(vtyshArgv(n, args), { check: false });
}

/**
 * routing: bgp: is every BGP session of the router Established and every BFD session up? (A cut
 * is detected by BFD only once its session is up: before that, bgpd ignores BFD and waits out the
 * hold time.) Read once, from `show bgp neighbors json` and `show bfd peers json`, in one vtysh.
 */
export async function sessionsUp(n: VmNode): Promise<boolean> {
  const r = await vtysh(n, ["-c", "show bgp neighbors json", "-c", "show bfd peers json"]);
  try {
    const [bgp, bfd] = splitJsonDocuments(r.stdout);
    const neighbors = Object.values(bgp as Record<string, { bgpState?: string }>);
    const peers = bfd as { status?: string }[];
    return (
      neighbors.length > 0 &&
      neighbors.every((x) => x.bgpState === "Established") &&
      Array.isArray(peers) &&
      peers.length > 0 &&
      peers.every((p) => p.status === "up")
    );
  } catch {
    return false; // a daemon not answering (yet): not up
  }
}
