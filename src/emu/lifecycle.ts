// up / down / status of one emulated lab, with phase timings. Everything made is recorded in the
// state file before it is made, so `down` cleans up after a crash or Ctrl-C as well.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, endianness } from "node:os";
import { basename } from "node:path";
import { performance } from "node:perf_hooks";
import { applyVm } from "./cloud-init-apply.js";
import { etcEntries, planFor } from "./commands/cloud-init.js";
import { ipBatch, netnsBatch, pingFrom, pool, run, runSync } from "./exec.js";
import { inNs } from "./commands/argv.js";
import {
  FABRIC_FORWARDING,
  FABRIC_SYSCTLS,
  FABRIC_TTL_RULE,
  fabricNft,
  portCommands,
  portSysctls,
  tableCommands,
} from "./commands/fabric.js";
import { checkPrereqs } from "./prereqs.js";
import { alive, LISTENER_WHAT, processesToStop, stopPids } from "./processes.js";
import type { Loaded } from "./stack.js";
import { applyConfigImpairments } from "./impair.js";
import { lbNft, lbRouteCommands } from "./commands/fabric-lb.js";
import { startProber, waitForBackends } from "./lb.js";
import { stackKeys } from "./wireguard.js";
import { sessionsUp, startedPids } from "./frr.js";
import { procNetRoutePrefixes } from "./commands/proc-net-route.js";
import { hasWireguard, WG_RUN } from "./commands/wireguard.js";
import { newState, readState, record, removeState, writeState, type LabState } from "./state.js";
import {
  etcDirOf,
  labPaths,
  namespaces,
  netnsFile,
  NETNS_ETC,
  NS_PREFIX,
  RUN_ROOT,
  type LabPaths,
  type Topology,
  type VmNode,
} from "./commands/topology.js";

export class StateError extends Error {
  override name = "StateError";
}

export type Progress = (line: string) => void;
export type Timings = Record<string, number>;

/** Namespaces of ours that exist now (for a stack, or all). */
export function existingNamespaces(stack?: string): string[] {
  const out = runSync(["ip", "netns", "list"], { check: false }).stdout;
  const prefix = stack ? labPaths(stack).nsPrefix : NS_PREFIX;
  return out
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(prefix));
}

let aborted: string | undefined;
const checkpoint = () => {
  if (aborted) throw new Error(`interrupted (${aborted}); cleaning up`);
};

async function timed<T>(t: Timings, name: string, progress: Progress, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  t[name] = Math.round(performance.now() - t0);
  progress(`  ${name}: ${t[name]} ms`);
  checkpoint();
  testHooks(name);
  return r;
}

/**
 * Failure injection at a known point: after a phase (its name), or inside the pipelined phase
 * after one VM is fully applied ("vm <name>": its files, its runcmd, its FRR if it has one).
 */
function testHooks(point: string): void {
  if (process.env.HSV_EMU_FAIL_AFTER === point) throw new Error(`forced failure after "${point}" (HSV_EMU_FAIL_AFTER)`);
  if (process.env.HSV_EMU_CRASH_AFTER === point) process.kill(process.pid, "SIGKILL");
  // Ctrl-C at a known point: a real SIGINT through the real handler.
  if (process.env.HSV_EMU_INTERRUPT_AFTER === point) process.kill(process.pid, "SIGINT");
}

/** The namespaces and the fabric's ports (each VM's end of its veth waits in its namespace, down). */
export const NAMESPACES_PHASE = "namespaces+ports";
/** Each VM's boot, cloud-init and FRR start, pipelined per VM: one phase, timed as a whole (no barrier between them). */
export const PIPELINE_PHASE = "boot + cloud-init + FRR (pipelined)";

/** Bind-mount points the emulation had to create under /etc (any lab), one per line. */
const MOUNT_LIST = `${RUN_ROOT}/mountpoints.list`;

// One command per core: on 2 cores 2, 3, 4 and 6 in flight measured the same within noise (50x5:
// 14.0-14.6 s; 1 in flight: 17.5 s): the kernel work serializes, more in flight only adds contention.
const PARALLEL = Math.max(1, Number(process.env.HSV_EMU_PARALLEL) || Math.max(2, availableParallelism()));

export interface UpResult {
  readonly timings: Timings;
  readonly totalMs: number;
}

export async function up(loaded: Loaded, progress: Progress = () => {}): Promise<UpResult> {
  const { lab, topo } = loaded;
  checkPrereqs(); // root first: the stack's WireGuard keys are kept in a root-only file
  const keys = stackKeys(lab, topo.stack);
  const plans = new Map(topo.nodes.map((n) => [n.vm.name, planFor(lab, n, keys)]));
  checkPrereqs([...plans.values()]);
  const existing = existingNamespaces(topo.stack);
  if (readState(topo.stateFile) || existing.length) {
    throw new StateError(
      `lab "${topo.stack}" is already up (${existing.length} namespace(s), state ${topo.stateFile}); run \`down --stack ${topo.stack}\` first`,
    );
  }
  const state = newState(topo.stack, loaded.stackFile);
  const onSignal = (sig: NodeJS.Signals) => {
    aborted = sig;
    progress(`${sig}: stopping and cleaning up`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const t: Timings = {};
  const t0 = performance.now();
  try {
    progress(`up ${topo.stack}: ${topo.nodes.length} VMs, ${lab.routers.length} routers, ${lab.tunnels.length} tunnels`);
    await timed(t, NAMESPACES_PHASE, progress, async () => {
      record(topo.stateFile, state, { namespaces: namespaces(topo), dirs: [topo.runDir] });
      await netnsBatch("add", namespaces(topo)); // one process for all (106 separate adds: 1.3 s)
      await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...FABRIC_SYSCTLS]));
      await ipBatch(topo.fabricNs, portCommands(topo));
      await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...portSysctls(topo)]));
    });
    // The VMs start while the fabric is written: no VM needs the fabric before the first packet,
    // and the fabric's two long commands (routes, NSG ruleset) each keep one core busy.
    let fabricFailed = false;
    const vms = timed(t, PIPELINE_PHASE, progress, async () => {
      const entries = [...new Set([...plans.values()].flatMap(etcEntries))];
      const wireguard = [...plans.values()].some((p) => p.packages.includes("wireguard-tools"));
      const missingMounts = [NETNS_ETC, ...entries.map((e) => `/etc/${e}`), ...(wireguard ? [WG_RUN] : [])].filter((d) => !existsSync(d));
      const routers = topo.nodes.filter((n) => n.router);
      record(topo.stateFile, state, {
        mountPoints: missingMounts,
        dirs: [...topo.nodes.map((n) => n.etcDir), ...routers.map((n) => n.runDir!)],
      });
      // Also in a list shared by all labs: the last lab down removes them, whoever made them.
      if (missingMounts.length) appendFileSync(MOUNT_LIST, missingMounts.map((d) => `${d}\n`).join(""));
      for (const d of missingMounts) mkdirSync(d, { mode: 0o755 });
      // Each VM on its own (applyVm: its boot, cloud-init and FRR in one namespace entry) as soon as
      // a worker is free; longest first (the hub's hook), so that it does not start last and end alone.
      const cost = (n: VmNode) => plans.get(n.vm.name)!.steps.length + (n.router?.tunnels.length ?? 0);
      const order = [...topo.nodes].sort((a, b) => cost(b) - cost(a));
      await pool(order, PARALLEL, async (n) => {
        checkpoint(); // Ctrl-C: start no further VM
        if (fabricFailed) throw new Error("the fabric failed; no further VM started");
        await applyVm(n, plans.get(n.vm.name)!, (pids) => record(topo.stateFile, state, { pids }), true);
        testHooks(`vm ${n.vm.name}`);
      });
    });
    // A port takes its routes whether its VM is up yet or not (the fabric side is up).
    const fabric = timed(t, "fabric routes", progress, async () => {
      await settled([
        ipBatch(topo.fabricNs, [...tableCommands(lab, topo), ...lbRouteCommands(lab, topo)]),
        run(inNs(topo.fabricNs, ["nft", "-f", "-"]), { input: fabricNft(lab, topo) + lbNft(lab, topo) }),
      ]);
      await run(inNs(topo.fabricNs, [...FABRIC_TTL_RULE]));
      await applyConfigImpairments(lab, topo); // emulation.gatewayRateLimit / lossPercent (impair.ts)
      await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...FABRIC_FORWARDING]));
    }).catch((e: unknown) => {
      fabricFailed = true;
      throw e;
    });
    await settled([fabric, vms]); // both ended (nothing left running) before any cleanup
    await timed(t, "first packet", progress, () => firstPacket(topo));
    if (lab.loadBalancer)
      // After the routes (the routers' health answers, started with their cloud-init, are 200 from the first probe on).
      await timed(t, "load balancer healthy", progress, async () => {
        const prober = startProber(lab, topo)!;
        record(topo.stateFile, state, { pids: [prober] });
        await waitForBackends(lab, topo, 3 * lab.loadBalancer!.probe.intervalSeconds * 1000);
      });
    state.phase = "up";
    writeState(topo.stateFile, state);
    return { timings: t, totalMs: Math.round(performance.now() - t0) };
  } catch (e) {
    progress(`up failed: ${(e as Error).message.split("\n")[0]}; removing what was made`);
    await down(topo, progress).catch(() => {});
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    aborted = undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for every promise to end, then rejects with the first rejection, if any. */
async function settled(all: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(all)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

// Static routes are in within milliseconds; a BGP session needs its TCP connect (retried every
// second, frr.conf's `timers connect`), the first UPDATE and FRR 8.4's one reset after it comes up
// (docs/routing.md): about 5 s, bounded well above that.
const routesTimeoutMs = (topo: Topology): number => (topo.nodes.some((n) => n.router?.bgp) ? 30_000 : 5000);

/** The router's IPv4 main table, read through its zebra's /proc entry (none while zebra is not running). */
function mainTable(n: VmNode): string[] {
  const zebra = startedPids(n).find((p) => p.daemon === "zebra");
  try {
    // (a pid file outlives its zebra, and the pid may be another process's by now: same namespace only)
    if (!zebra || statSync(`/proc/${zebra.pid}/ns/net`).ino !== statSync(netnsFile(n.ns)).ino) return [];
    return procNetRoutePrefixes(readFileSync(`/proc/${zebra.pid}/net/route`, "utf8"), endianness());
  } catch {
    return []; // zebra gone: nothing read, and the wait names the router when it runs out
  }
}

/** Kernel routes FRR must have installed: every router's static and (routing: bgp) learned routes (bounded wait). */
export async function waitForRouterRoutes(topo: Topology, timeoutMs = routesTimeoutMs(topo)): Promise<void> {
  const routers = topo.nodes.filter((n) => n.router && n.router.routes.length);
  const deadline = Date.now() + timeoutMs;
  let pending = routers;
  while (pending.length) {
    pending = pending.filter((n) => {
      const have = new Set(mainTable(n));
      return n.router!.routes.some((r) => !have.has(r.prefix));
    });
    if (!pending.length) break;
    if (Date.now() > deadline)
      throw new Error(`FRR did not install its routes within ${timeoutMs} ms on ${pending.map((n) => n.vm.name).join(", ")}`);
    await sleep(25);
  }
  // routing: bgp: settled too, every session Established with its BFD up. FRR 8.4 resets a session
  // once right after it first comes up (BFD re-made, docs/routing.md): routes seen before that
  // would go again under the first verify.
  let unsettled = routers.filter((n) => n.router!.bgp);
  while (unsettled.length) {
    const down = await pool(unsettled, PARALLEL, async (n) => ((await sessionsUp(n)) ? undefined : n));
    unsettled = down.filter((n): n is VmNode => !!n);
    if (!unsettled.length) return;
    if (Date.now() > deadline)
      throw new Error(
        `BGP sessions or BFD not up within ${timeoutMs} ms on ${unsettled.map((n) => n.vm.name).join(", ")} (vtysh -c "show bgp summary" in the router says why)`,
      );
    await sleep(100);
  }
}

/**
 * Tries for a tunnel's first packet. Inside WireGuard more: a handshake initiation that gets no
 * answer is sent again only after REKEY_TIMEOUT, 5 s (+ up to 1/3 s of jitter), and the first ones
 * may go out before the fabric forwards (the VMs start while it is written). With 10 tries the 3x4
 * encrypted lab's `up` failed here 1 run in 3 with both cores busy (and once in CI); with 25, 4 of 4 passed.
 */
const firstPacketTries = (n: VmNode): number => (hasWireguard(n) ? 25 : 10);

/**
 * The first packet through each tunnel: the hub end pings the far overlay address (bounded
 * retries), every router's tunnels at once from a socket in its namespace (pingFrom: no process
 * per ping; 50 pings started one by one cost 0.4 s of CPU and kept the end of `up` waiting).
 */
async function firstPacket(topo: Topology): Promise<void> {
  await waitForRouterRoutes(topo);
  const bySource = topo.nodes.flatMap((n) => {
    const to = (n.router?.tunnels ?? []).filter((t) => t.local === t.tunnel.hubEnd).map((t) => t.remote.overlayAddress);
    return to.length ? [{ n, to }] : [];
  });
  await settled(
    bySource.map(async ({ n, to }) => {
      const tries = firstPacketTries(n);
      const silent = await pingFrom(n.ns, to, tries);
      if (silent.length) throw new Error(`${n.vm.name}: no reply from ${silent.join(", ")} through the tunnel after ${tries} tries`);
    }),
  );
}

export interface DownResult {
  readonly ms: number;
  readonly namespaces: number;
  readonly processes: number;
}

/** A lab's topology or paths; a stack name stands for its paths (tests and benches name the stack). */
const pathsOf = (lab: LabPaths | string): LabPaths => (typeof lab === "string" ? labPaths(lab) : lab);

/** Removes everything the state file records, plus any namespace of ours for the stack and any process in it. */
export async function down(lab: LabPaths | string, progress: Progress = () => {}): Promise<DownResult> {
  const t0 = performance.now();
  const { stack, stateFile, nsPrefix, runDir } = pathsOf(lab);
  const state: LabState = readState(stateFile) ?? newState(stack, "");
  const nss = [...new Set([...state.namespaces, ...existingNamespaces(stack)])].filter((ns) => existsSync(netnsFile(ns)));
  const targets = processesToStop(state, nss, runDir);
  if (targets.length) progress(`stopping ${targets.length} process(es): ${targets.join(" ")}`);
  // zebra takes about 1.5 s to shut down on SIGTERM; its routes die with the namespace anyway.
  await stopPids(targets, 400);
  // One process for all; a batch stops at its first failure, so anything left is deleted one by one.
  await netnsBatch("del", nss, { check: false });
  const still = nss.filter((ns) => existsSync(netnsFile(ns)));
  await pool(still, PARALLEL, (ns) => run(["ip", "netns", "del", ns], { check: false }));
  for (const d of state.dirs) rmSync(d, { recursive: true, force: true });
  // This stack's /etc/netns dirs, also those of namespaces that are already gone.
  const etcDirs = existsSync(NETNS_ETC) ? readdirSync(NETNS_ETC).filter((d) => d.startsWith(nsPrefix)) : [];
  for (const ns of new Set([...nss, ...etcDirs])) rmSync(etcDirOf(ns), { recursive: true, force: true });
  const otherLabs = existsSync(RUN_ROOT) && readdirSync(RUN_ROOT).some((f) => f.endsWith(".json") && f !== basename(stateFile));
  if (!otherLabs) {
    const shared = existsSync(MOUNT_LIST) ? readFileSync(MOUNT_LIST, "utf8").split("\n").filter(Boolean) : [];
    for (const d of [...new Set([...state.mountPoints, ...shared])].sort().reverse()) {
      try {
        rmdirSync(d); // only if empty
      } catch {
        /* not empty or gone: not ours to remove */
      }
    }
  }
  removeState(stateFile);
  if (!otherLabs) rmSync(MOUNT_LIST, { force: true });
  try {
    if (!otherLabs) rmdirSync(RUN_ROOT);
  } catch {
    /* not empty */
  }
  const left = existingNamespaces(stack);
  if (left.length) throw new Error(`namespaces still present after down: ${left.join(", ")}`);
  return { ms: Math.round(performance.now() - t0), namespaces: nss.length, processes: targets.length };
}

export interface StatusResult {
  readonly stack: string;
  readonly state: "up" | "creating" | "down" | "partial";
  readonly namespaces: readonly { ns: string; exists: boolean }[];
  readonly processes: readonly { pid: number; what: string; ns: string; alive: boolean }[];
}

export function status(lab: LabPaths | string): StatusResult {
  const { stack, stateFile } = pathsOf(lab);
  const st = readState(stateFile);
  const existing = new Set(existingNamespaces(stack));
  if (!st)
    return {
      stack,
      state: existing.size ? "partial" : "down",
      namespaces: [...existing].map((ns) => ({ ns, exists: true })),
      processes: [],
    };
  const nss = st.namespaces.map((ns) => ({ ns, exists: existing.has(ns) }));
  // A zombie (killed, not yet reaped: PID 1 here reaps nothing) is not a live daemon.
  const processes = st.pids.map((p) => ({ ...p, alive: alive(p.pid) }));
  // Listeners come and go with verify; the lab is whole when its namespaces and daemons are.
  const whole = nss.every((n) => n.exists) && processes.filter((p) => p.what !== LISTENER_WHAT).every((p) => p.alive);
  return { stack, state: st.phase === "up" && whole ? "up" : st.phase === "creating" ? "creating" : "partial", namespaces: nss, processes };
}
