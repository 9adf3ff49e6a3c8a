// Faults a real lab meets, replayed on an emulated router: the post-up script run again and again,
// eth0 going down and up (networkd restores the address and default route, then networkd-dispatcher
// runs the routable.d hook), an FRR restart, and the VM rebuilt from its cloud-init (a new OS on the
// same NIC). Each returns when the fault is applied; recovery is measured by the caller.
import { rmSync } from "node:fs";
import { applyVm, bootVm, runStep } from "./cloud-init-apply.js";
import { frrDaemons, planFor, type Plan, type Step } from "./commands/cloud-init.js";
import { ipBatch, run, runSteps } from "./exec.js";
import { inNs } from "./commands/argv.js";
import { portCommands, portSysctls, tableCommands } from "./commands/fabric.js";
import { lbRouteCommands } from "./commands/fabric-lb.js";
import { readPid, startedPids, startFrr } from "./frr.js";
import { DAEMONS, daemonStartSteps, pidFile } from "./commands/frr.js";
import { cutArgv, cutNft, uncutArgv } from "./commands/cut.js";
import type { TunnelModel } from "../model/types.js";
import type { Loaded } from "./stack.js";
import { alive, pidsIn, stopPids } from "./processes.js";
import { readState, writeState, type ProcessRecord } from "./state.js";
import { nodeOf, type VmNode } from "./commands/topology.js";
import { isWireguardRecord, stackKeys } from "./wireguard.js";

const planOf = (loaded: Loaded, n: VmNode) => planFor(loaded.lab, n, stackKeys(loaded.lab, loaded.topo.stack));

export const FAULTS = ["post-up x3", "eth0 bounce", "frr restart", "rebuild"] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * Faults that last until lifted (hold returns the lift): the tunnel's underlay cut in the fabric
 * (the router's tunnel; a router with several names the site), and bgpd stopped on the router
 * (routing: bgp; lifted by starting it again as frrinit.sh starts one daemon), every FRR daemon
 * stopped (lifted by starting FRR again), and the VM gone: every process in it stopped and its NIC
 * silent, as a crashed VM is (lifted by booting it again: rebuilt from its cloud-init).
 */
export const HELD_FAULTS = ["tunnel cut", "bgpd stop", "frr stop", "vm gone"] as const;
export type HeldFault = (typeof HELD_FAULTS)[number];

export function routerNode(loaded: Loaded, name: string): VmNode {
  const n = nodeOf(loaded.topo, name);
  if (!n?.router) throw new Error(`${name} is not a router of lab ${loaded.topo.stack}`);
  return n;
}

/** The runcmd step that runs the dispatcher hook, exactly as the rendered document has it. */
function hookStep(loaded: Loaded, n: VmNode): Step {
  const step = planOf(loaded, n).steps.find((s) => s.kind === "hook");
  if (!step) throw new Error(`${n.vm.name}: its cloud-init has no dispatcher hook step`);
  return step;
}

export async function rerunPostUp(loaded: Loaded, n: VmNode, times: number): Promise<void> {
  const step = hookStep(loaded, n);
  for (let i = 0; i < times; i++) replaceWireguard(loaded, n, await runStep(n, step));
}

/**
 * eth0 down and up, quickly: the kernel keeps the address but silently drops every route (and
 * nexthop) through eth0; networkd re-adds the DHCP default and the hook runs. networkd keeps its
 * DHCP address over a carrier loss shorter than IgnoreCarrierLoss= ("When the DHCPv4 client is
 * enabled and UseMTU= ... enabled, defaults to 5 seconds",
 * https://www.freedesktop.org/software/systemd/man/systemd.network.html#IgnoreCarrierLoss=), and
 * netplan's use-mtu defaults to true (https://docs.rs/netplan-types/0.7.0/netplan_types/struct.DhcpOverrides.html).
 */
export async function bounceEth0(loaded: Loaded, n: VmNode): Promise<void> {
  await ipBatch(n.ns, ["link set eth0 down", "link set eth0 up", `route replace default via ${n.vm.subnetGateway} dev eth0`]);
  replaceWireguard(loaded, n, await runStep(n, hookStep(loaded, n)));
}

/** The VM's recorded processes of the kinds in `pids` (FRR daemons, wireguard-go) replaced by `pids`. */
function replacePids(
  loaded: Loaded,
  n: VmNode,
  pids: readonly ProcessRecord[],
  kinds = (p: ProcessRecord) => (DAEMONS as readonly string[]).includes(p.what) || isWireguardRecord(p),
): void {
  const st = readState(loaded.topo.stateFile);
  if (!st) return;
  writeState(loaded.topo.stateFile, { ...st, pids: [...st.pids.filter((p) => p.ns !== n.ns || !kinds(p)), ...pids] });
}

/** A re-run post-up script replaced the VM's wireguard-go daemons (the old ones exit with their device). */
const replaceWireguard = (loaded: Loaded, n: VmNode, pids: readonly ProcessRecord[]) => {
  if (pids.length) replacePids(loaded, n, pids, isWireguardRecord);
};

async function stopFrr(n: VmNode): Promise<void> {
  await stopPids(
    startedPids(n).map((p) => p.pid),
    2000,
  );
}

/** `systemctl restart frr`: SIGTERM (zebra withdraws its routes), then start both daemons again. */
export async function restartFrr(loaded: Loaded, n: VmNode): Promise<void> {
  await stopFrr(n);
  await startFrrAgain(loaded, n);
}

/** FRR's daemons started as the plan's `systemctl restart frr` starts them; the state records their new PIDs. */
async function startFrrAgain(loaded: Loaded, n: VmNode): Promise<void> {
  replacePids(
    loaded,
    n,
    (await startFrr(n, frrDaemons(planOf(loaded, n)))).map((p) => ({ pid: p.pid, what: p.daemon, ns: n.ns })),
    (p) => (DAEMONS as readonly string[]).includes(p.what),
  );
}

/**
 * A new VM on the same NIC: the namespace (OS state: devices, routes, sysctls, firewall, daemons,
 * files) goes, the fabric port is recreated as it was, and the rendered cloud-init runs again
 * (`plan`: a test's variant of the rendered document, e.g. one protection stripped from a file).
 */
export async function rebuild(loaded: Loaded, n: VmNode, withCloudInit = true, plan: Plan = planOf(loaded, n)): Promise<void> {
  const { lab, topo } = loaded;
  await stopPids([...pidsIn([n.ns])], 400);
  // Deleting the veth first is synchronous; the namespace's own teardown is not, and the port
  // must be gone before it is recreated.
  await run(["ip", "-n", n.ns, "link", "del", "eth0"]);
  await run(["ip", "netns", "del", n.ns]);
  rmSync(n.etcDir, { recursive: true, force: true });
  rmSync(n.runDir!, { recursive: true, force: true });

  await run(["ip", "netns", "add", n.ns]);
  const one = { ...topo, nodes: [n] };
  await ipBatch(
    topo.fabricNs,
    portCommands(one).filter((l) => l !== "link set lo up"),
  );
  await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...portSysctls(one)]));
  // The port's routes died with it (the subnets' and, with hub.pair, the load balancer's and its
  // prober's); `route replace` restores them (the iif and fwmark rules re-attach by name).
  await ipBatch(
    topo.fabricNs,
    [...tableCommands(lab, topo), ...lbRouteCommands(lab, topo)].filter((l) => l.startsWith("route ")),
  );
  // A bare image: what a VM is without its customData (its boot alone).
  if (!withCloudInit) return void (await bootVm(n));

  // Every process of the old VM was stopped above: none of its records (FRR, WireGuard, the units
  // its document starts, e.g. hub.pair's health answer) may stay, or status calls the lab partial.
  await applyVm(n, plan, (pids) => replacePids(loaded, n, pids, () => true), true);
}

/** The router's tunnel (to `site` when given; a router with several tunnels must be told which). */
export function tunnelOf(loaded: Loaded, router: string, site?: string): TunnelModel {
  // site: a site's name, or a tunnel's key (a site router of a pair has one tunnel per hub router).
  const all = loaded.lab.tunnels.filter((t) => t.hubEnd.vm === router || t.siteEnd.vm === router);
  const byKey = all.filter((t) => t.key === site);
  const mine = byKey.length ? byKey : all.filter((t) => !site || t.site === site);
  if (mine.length !== 1)
    throw new Error(
      `${router}: ${mine.length ? `${mine.length} tunnels (${mine.map((t) => t.key).join(", ")}): name one` : `no tunnel${site ? ` to ${site}` : ""}`}`,
    );
  return mine[0]!;
}

/** The tunnel's outer packets dropped in the fabric, both ways (commands/cut.ts); lifted by uncutTunnel. */
export async function cutTunnel(loaded: Loaded, t: TunnelModel): Promise<void> {
  await run(cutArgv(loaded.topo.fabricNs), { input: cutNft(loaded.lab, t) });
}

export async function uncutTunnel(loaded: Loaded, t: TunnelModel): Promise<void> {
  await run(uncutArgv(loaded.topo.fabricNs, t));
}

/**
 * bgpd stopped by the PID its pid file holds (SIGTERM, SIGKILL after 2 s); zebra and the rest keep
 * running. bgpd leaves its pid file behind: it is removed once the process is gone, so that no later
 * stop by pid file (restartFrr) can hit whatever process reuses that PID.
 */
export async function stopBgpd(n: VmNode): Promise<void> {
  const file = pidFile(n.runDir!, "bgpd");
  const pid = readPid(file);
  if (!pid || !alive(pid)) throw new Error(`${n.vm.name}: no running bgpd (${file}); is the lab routing: bgp?`);
  await stopPids([pid], 2000);
  if (alive(pid)) throw new Error(`${n.vm.name}: bgpd (PID ${pid}) did not stop`);
  rmSync(file, { force: true });
}

/** bgpd started again alone (its argv, then `vtysh -b -d bgpd`: commands/frr.ts daemonStartSteps); the state records its new PID. */
export async function startBgpd(loaded: Loaded, n: VmNode): Promise<void> {
  await runSteps(n.ns, daemonStartSteps(n, "bgpd"), { timeoutMs: 20_000 });
  const pid = readPid(pidFile(n.runDir!, "bgpd"));
  if (!pid || !alive(pid)) throw new Error(`${n.vm.name}: bgpd started again but is not running (see ${n.runDir}/bgpd.log)`);
  replacePids(loaded, n, [{ pid, what: "bgpd", ns: n.ns }], (p) => p.what === "bgpd");
}

/** Applies a held fault on `router` and returns what lifts it (`site`: which tunnel, for a router with several). */
export async function hold(loaded: Loaded, router: string, fault: HeldFault, site?: string): Promise<() => Promise<void>> {
  const n = routerNode(loaded, router);
  switch (fault) {
    case "tunnel cut": {
      const t = tunnelOf(loaded, router, site);
      await cutTunnel(loaded, t);
      return () => uncutTunnel(loaded, t);
    }
    case "bgpd stop":
      await stopBgpd(n);
      return () => startBgpd(loaded, n);
    case "frr stop":
      await stopFrr(n);
      return () => startFrrAgain(loaded, n);
    case "vm gone":
      // Silent first, as a crash is: no process gets to answer a probe with a reset on the way out.
      await ipBatch(n.ns, ["link set eth0 down"]);
      await stopPids([...pidsIn([n.ns])], 400);
      return () => rebuild(loaded, n);
  }
}

export async function inject(loaded: Loaded, router: string, fault: Fault): Promise<void> {
  const n = routerNode(loaded, router);
  switch (fault) {
    case "post-up x3":
      return rerunPostUp(loaded, n, 3);
    case "eth0 bounce":
      return bounceEth0(loaded, n);
    case "frr restart":
      return restartFrr(loaded, n);
    case "rebuild":
      return rebuild(loaded, n);
  }
}
