// FRR per emulated router: each daemon's command line inside the router's namespace, with explicit
// paths (config, pid, zserv socket, vty socket dir) under a run dir owned by frr.
import { inNs, type Step } from "./argv.js";
import { PATHS } from "../../render/router-files.js";
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

/** `systemctl restart frr` as runcmd steps: zebra (-d returns once it is ready), then staticd. */
export const frrStartSteps = (n: VmNode): Step[] => DAEMONS.map((d) => ({ argv: daemonCommand(n, d), quiet: true as const }));

/** vtysh against one router's daemons, inside its namespace so that `show interface` etc. are right. */
export const vtyshArgv = (n: VmNode, args: readonly string[]): string[] => inNs(n.ns, ["vtysh", "--vty_socket", n.runDir!, ...args]);
