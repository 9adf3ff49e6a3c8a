// One VM's rendered cloud-init document read the way cloud-init would: what to write where, and
// runcmd through an explicit table. Packages are not installed: the host must already have the tools.
import { parseCloudInit, renderCloudInit } from "../../render/cloud-init.js";
import { DISPATCHER_UNIT, PATHS } from "../../render/router-files.js";
import type { Lab } from "../../model/types.js";
import type { TunnelKeys } from "../../model/wireguard-keys.js";
import type { VmNode } from "./topology.js";
import { enabledDaemons, type Daemon } from "./frr.js";

/** What each package of a document stands for on this host (checked, never installed). */
export const PACKAGE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  frr: ["/usr/lib/frr/zebra", "/usr/lib/frr/staticd", "/usr/lib/frr/bgpd", "/usr/lib/frr/bfdd", "vtysh"],
  // The dispatcher itself is played by the emulation (it runs the routable.d hook as runcmd does);
  // what the hook needs on the host is run-parts.
  "networkd-dispatcher": ["run-parts"],
  nftables: ["nft"],
  traceroute: ["traceroute"],
  tcptraceroute: ["tcptraceroute"],
  iperf3: ["iperf3"],
  "netcat-openbsd": ["nc"],
  // frr-reload.py, for `systemctl reload frr` on Azure; the emulation never reloads FRR (it plays
  // `systemctl restart frr` by starting the daemons), so nothing of it is needed on the host.
  "frr-pythontools": [],
  // wg loads the link's config; Ubuntu's kernel makes the device, which this host's kernel cannot
  // (no WireGuard), so the post-up script's fallback, wireguard-go, must be here instead.
  "wireguard-tools": ["wg", "wireguard-go"],
};

// `dispatcher`: starting networkd-dispatcher. The emulation has no systemd-networkd to send it
// events; it plays the dispatcher itself (runcmd's hook step now, faults.ts on a re-routable link).
// `frr`: `systemctl restart frr`, with the daemons the written /etc/frr/daemons enables.
export type Step =
  | { kind: "sysctl"; argv: string[] }
  | { kind: "hook"; argv: string[] }
  | { kind: "dispatcher" }
  | { kind: "frr"; daemons: Daemon[] }
  /** `systemctl enable --now <unit>` of a unit the document writes: its ExecStart, started by the lab (applyVm). */
  | { kind: "service"; unit: string; argv: string[] };

/** Where the document writes its own systemd units. */
const UNIT_DIR = "/etc/systemd/system/";

/** A written unit's ExecStart as argv (plain words only: the emulation runs it without a shell, as systemd would). */
function execStartOf(vmName: string, unit: string, text: string | undefined): string[] {
  const lines = (text ?? "").split("\n").filter((l) => l.startsWith("ExecStart="));
  const cmd = lines.length === 1 ? lines[0]!.slice("ExecStart=".length).trim() : "";
  if (!cmd || /["'\\$;|&<>]/.test(cmd))
    throw new CloudInitError(`${vmName}: ${UNIT_DIR}${unit} needs exactly one ExecStart= of plain words (found ${lines.length})`);
  return cmd.split(/\s+/);
}

export interface Plan {
  readonly packages: readonly string[];
  readonly files: readonly { path: string; content: string; mode: number; owner: string; group: string }[];
  readonly steps: readonly Step[];
}

export class CloudInitError extends Error {
  override name = "CloudInitError";
}

function daemonsOf(vmName: string, daemonsFile: string | undefined): Daemon[] {
  try {
    return enabledDaemons(daemonsFile);
  } catch (e) {
    throw new CloudInitError(`${vmName}: ${(e as Error).message}`);
  }
}

/** Pure: the document -> what to write and run. Unknown runcmd entries and files outside /etc are errors. */
export function planCloudInit(vmName: string, text: string): Plan {
  const doc = parseCloudInit(text);
  const files = (doc.write_files ?? []).map((f) => {
    if (!f.path.startsWith("/etc/"))
      throw new CloudInitError(
        `${vmName}: write_files path ${f.path} is outside /etc, which the emulation cannot present at its real path`,
      );
    if (!/^0?[0-7]{3,4}$/.test(String(f.permissions)))
      throw new CloudInitError(`${vmName}: ${f.path}: bad permissions ${String(f.permissions)}`);
    const [owner, group] = String(f.owner ?? "root:root").split(":");
    return {
      path: f.path,
      content: f.content,
      mode: parseInt(String(f.permissions), 8),
      owner: owner ?? "root",
      group: group ?? owner ?? "root",
    };
  });
  const written = new Set(files.map((f) => f.path));
  const steps: Step[] = (doc.runcmd ?? []).map((entry) => {
    const argv = (Array.isArray(entry) ? entry : [entry]).map(String);
    const [cmd, a1, a2] = argv;
    if (cmd === "sysctl" && a1 === "-p" && a2 && written.has(a2) && argv.length === 3) return { kind: "sysctl", argv };
    if (cmd === "env" && argv.length === 3 && /^IFACE=\w+$/.test(a1 ?? "") && a2 && written.has(a2)) return { kind: "hook", argv };
    if (cmd === "systemctl" && a1 === "restart" && a2 === "frr" && argv.length === 3)
      // The last write of the file is what is on disk (writeFiles writes them in order, as cloud-init does).
      return { kind: "frr", daemons: daemonsOf(vmName, files.findLast((f) => f.path === PATHS.frrDaemons)?.content) };
    const unit = argv[3] ?? "";
    if (cmd === "systemctl" && a1 === "enable" && a2 === "--now" && argv.length === 4 && written.has(`${UNIT_DIR}${unit}`))
      return { kind: "service", unit, argv: execStartOf(vmName, unit, files.findLast((f) => f.path === `${UNIT_DIR}${unit}`)?.content) };
    if (cmd === "systemctl" && a1 === "enable" && a2 === "--now" && argv[3] === DISPATCHER_UNIT && argv.length === 4) {
      if (![...written].some((p) => p.startsWith("/etc/networkd-dispatcher/")))
        throw new CloudInitError(`${vmName}: runcmd starts ${DISPATCHER_UNIT} but writes no hook for it (its unit would not start)`);
      return { kind: "dispatcher" };
    }
    throw new CloudInitError(
      `${vmName}: unknown runcmd entry ${JSON.stringify(entry)} (the emulation knows: sysctl -p <written file>, env IFACE=<if> <written hook>, systemctl enable --now ${DISPATCHER_UNIT} or a unit it writes under ${UNIT_DIR}, systemctl restart frr)`,
    );
  });
  for (const p of doc.packages ?? []) {
    if (!PACKAGE_TOOLS[p]) throw new CloudInitError(`${vmName}: package ${p} has no known tools to check on this host`);
  }
  return { packages: doc.packages ?? [], files, steps };
}

/** The daemons the plan's `systemctl restart frr` starts (none: it has no such step). */
export const frrDaemons = (plan: Plan): Daemon[] => plan.steps.flatMap((s) => (s.kind === "frr" ? s.daemons : []));

/** keys: the stack's WireGuard keys (wireguard.ts stackKeys) when the lab encrypts its tunnels. */
export const planFor = (lab: Lab, n: VmNode, keys?: TunnelKeys): Plan => planCloudInit(n.vm.name, renderCloudInit(lab, n.vm, keys));

/** Top-level /etc entries a plan writes to (each must exist on the host as a bind-mount point). */
export const etcEntries = (plan: Plan): string[] => [...new Set(plan.files.map((f) => f.path.split("/")[2]!))];

/** A runcmd entry the namespace runs itself (sysctl, hooks), as argv; `frr` is frr.ts's to start,
 *  `dispatcher` has nothing to run here. */
export function runcmdArgv(s: Step): readonly string[] {
  if (s.kind === "frr") throw new Error("frr steps are started by the lab (frr.ts)");
  if (s.kind === "dispatcher") throw new Error("the dispatcher is played by the emulation itself");
  if (s.kind === "service") throw new Error("a written unit is started by the lab (cloud-init-apply.ts)");
  return s.argv;
}
