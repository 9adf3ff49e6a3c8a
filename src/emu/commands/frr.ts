// FRR per emulated router: each daemon's command line inside the router's namespace, with explicit
// paths (config, pid, zserv socket, vty socket dir) under a run dir owned by frr.
import { inNs, type Step } from "./argv.js";
import { PATHS } from "../../render/router-files.js";
import type { VmNode } from "./topology.js";

export const FRR_DIR = "/usr/lib/frr";
/** The daemons a router may run, in frrinit.sh's start order (frrcommon.sh's DAEMONS list). */
export const DAEMONS = ["zebra", "bgpd", "staticd", "bfdd"] as const;
export type Daemon = (typeof DAEMONS)[number];
/** frrcommon.sh starts these whatever /etc/frr/daemons says ("always enabled"). */
const ALWAYS: readonly Daemon[] = ["zebra", "staticd"];

// One line of /etc/frr/daemons as the emulation reads it: NAME=VALUE, VALUE bare or quoted, an
// optional comment after a blank; blank lines and comments are skipped. frrcommon.sh sources the
// file as shell, so anything else (a command, $(...), two assignments on a line) is refused
// rather than guessed at.
const ASSIGNMENT = /^\s*([A-Za-z_]\w*)=(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'$`\\;&|<>()]*))(?:\s+#.*)?\s*$/;

/**
 * The daemons `systemctl restart frr` starts given the router's /etc/frr/daemons (undefined: the
 * package's own file, which enables none beyond the two always started). In start order.
 * As frrcommon.sh's daemon_list reads the sourced file: the last assignment of a daemon wins, and
 * it is on unless its value is empty, "no" or "0" (so `bgpd="yes"` is on, `bgpd=yes` then
 * `bgpd=no` is off).
 */
export function enabledDaemons(daemonsFile: string | undefined): Daemon[] {
  const value = new Map<string, string>();
  for (const line of (daemonsFile ?? "").split("\n")) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) throw new Error(`/etc/frr/daemons: \`${line.trim()}\` is not a plain NAME=VALUE line (frrcommon.sh runs it as shell)`);
    value.set(m[1]!, m[2] ?? m[3] ?? m[4] ?? "");
  }
  const on = (v: string | undefined) => v !== undefined && v !== "" && v !== "no" && v !== "0";
  return DAEMONS.filter((d) => ALWAYS.includes(d) || on(value.get(d)));
}

export const pidFile = (runDir: string, d: Daemon) => `${runDir}/${d}.pid`;
export const logFile = (runDir: string, d: Daemon) => `${runDir}/${d}.log`;
/** The daemon's vty socket (--vty_socket dir): it exists once the daemon serves, as when -d returns. */
export const vtySocket = (runDir: string, d: Daemon) => `${runDir}/${d}.vty`;

/**
 * The daemon's own command line (what runs inside the namespace). `config`: the daemon reads the
 * integrated frr.conf itself (-f); without it, as frrinit.sh starts them, `vtysh -b` follows.
 * No -d: the runner plays it (a daemon step: its own session, then wait for the vty socket, which
 * FRR creates after its zserv socket and before -d's parent returns).
 */
export function daemonCommand(n: VmNode, d: Daemon, config = false): string[] {
  const dir = n.runDir!;
  return [
    `${FRR_DIR}/${d}`,
    ...(config ? ["-f", PATHS.frr] : []),
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
    // bfdd's control socket (bgpd talks to it through zebra) defaults to one host path for every namespace.
    ...(d === "bfdd" ? ["--bfdctl", `${dir}/bfdd.sock`] : []),
  ];
}

/** One daemon started as a runner step: ends once it serves (its vty socket), fails if it exits first. */
const daemonStep = (n: VmNode, d: Daemon, config = false): Step => ({
  daemon: daemonCommand(n, d, config),
  ready: vtySocket(n.runDir!, d),
});

/**
 * `systemctl restart frr` as runcmd steps: each enabled daemon in order, the next once it serves.
 * With bgpd or bfdd, as frrinit.sh does it: no config file, then `vtysh -b` reads /etc/frr/frr.conf
 * and sends each daemon the nodes it owns (a daemon reading the whole file with -f stops at the
 * first block it does not know: the `exit` that ends bgpd's `router bgp` would end zebra's config
 * mode). zebra and staticd alone read the static file with -f to the same running config (its only
 * block, the route-map, is every daemon's), and that saves vtysh's 120 ms per router (6 s of a
 * 51-router up on 2 cores).
 */
export function frrStartSteps(n: VmNode, daemons: readonly Daemon[]): Step[] {
  const vtyshBoot = daemons.some((d) => !ALWAYS.includes(d));
  return [...daemons.map((d) => daemonStep(n, d, !vtyshBoot)), ...(vtyshBoot ? [vtyshBootStep(n)] : [])];
}

/** vtysh against one router's daemons, inside its namespace so that `show interface` etc. are right. */
export const vtyshArgv = (n: VmNode, args: readonly string[]): string[] => inNs(n.ns, ["vtysh", "--vty_socket", n.runDir!, ...args]);

/**
 * One daemon started again alone, as frrcommon.sh's daemon_start does it (what watchfrr's restart of
 * a dead daemon runs): its own argv, then `vtysh -b -d <daemon>`, which sends that daemon (and only
 * it) its part of /etc/frr/frr.conf. A daemon started without it has no configuration at all (no
 * `router bgp`: no session), since none of them reads the integrated file itself.
 */
export const daemonStartSteps = (n: VmNode, d: Daemon): Step[] => [daemonStep(n, d), vtyshBootStep(n, d)];

/** `vtysh -b` against the router's daemons: frr.conf to each (`only`: to that daemon alone). */
function vtyshBootStep(n: VmNode, only?: Daemon): Step {
  return { argv: ["vtysh", "--vty_socket", n.runDir!, "-b", ...(only ? ["-d", only] : [])], quiet: true as const };
}
