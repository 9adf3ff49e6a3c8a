// up / down / status of one emulated lab, with phase timings. Everything made is recorded in the
// state file before it is made, so `down` cleans up after a crash or Ctrl-C as well.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { readStackFile } from "../model/stack-file.js";
import { tryBuildLab } from "../model/build.js";
import { formatProblems } from "../model/problems.js";
import type { Lab } from "../model/types.js";
import { etcEntries, hostHas, PACKAGE_TOOLS, planFor, runStep, writeFiles, type Plan } from "./cloud-init-apply.js";
import { inNs, ipBatch, NS_PREFIX, pool, run, runSync } from "./exec.js";
import { FABRIC_SYSCTLS, FABRIC_TTL_RULE, fabricNft, portCommands, portSysctls, tableCommands } from "./fabric.js";
import { makeRunDir, pidFile, readPid, startDaemon, startFrr, stopPids, DAEMONS } from "./frr.js";
import { newState, readState, record, removeState, writeState, type LabState } from "./state.js";
import { buildTopology, namespaces, NETNS_ETC, RUN_ROOT, VM_BASELINE_SYSCTLS, vmLinkCommands, type Topology, type VmNode } from "./topology.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}
export class PrereqError extends Error {
  override name = "PrereqError";
}
export class StateError extends Error {
  override name = "StateError";
}

export interface Loaded {
  readonly lab: Lab;
  readonly topo: Topology;
  readonly stackFile: string;
}

/** Stack file -> validated lab and topology; problems reported exactly as Pulumi reports them. */
export function loadStack(stackOrPath: string): Loaded {
  let sf;
  try {
    sf = readStackFile(stackOrPath);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const r = tryBuildLab(sf.lab);
  if (!r.ok) throw new ConfigError(formatProblems(r.problems));
  return { lab: r.lab, topo: buildTopology(r.lab, sf.stack), stackFile: sf.path };
}

export const BASE_TOOLS = ["ip", "sysctl", "nft", "iptables", "run-parts", "ping", "traceroute", "socat", "nc"];
export const INSTALL_HINT = "apt-get install iproute2 frr nftables iptables traceroute tcptraceroute socat iputils-ping netcat-openbsd (or: npm run setup)";

/** Root and the host tools every document's packages stand for; throws PrereqError saying how to get them. */
export function checkPrereqs(plans: readonly Plan[] = []): void {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push("run as root (network namespaces and FRR need it), e.g. sudo npm run lab -- up");
  const tools = new Set(BASE_TOOLS);
  for (const p of plans) for (const pkg of p.packages) for (const t of PACKAGE_TOOLS[pkg] ?? []) tools.add(t);
  const absent = [...tools].filter((t) => !hostHas(t));
  if (absent.length) problems.push(`missing tools: ${absent.join(", ")}; install them: ${INSTALL_HINT}`);
  if (problems.length) throw new PrereqError(problems.join("\n"));
}

export type Progress = (line: string) => void;
export type Timings = Record<string, number>;

/** Namespaces of ours that exist now (for a stack, or all). */
export function existingNamespaces(stack?: string): string[] {
  const out = runSync(["ip", "netns", "list"], { check: false }).stdout;
  const prefix = stack ? `${NS_PREFIX}${stack}-` : NS_PREFIX;
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
  if (process.env.HSV_EMU_FAIL_AFTER === name) throw new Error(`forced failure after phase "${name}" (HSV_EMU_FAIL_AFTER)`);
  if (process.env.HSV_EMU_CRASH_AFTER === name) process.kill(process.pid, "SIGKILL");
  return r;
}

/** Concurrent commands (HSV_EMU_PARALLEL overrides; kernel work under the rtnl lock does not scale past the cores). */
/** Bind-mount points the emulation had to create under /etc (any lab), one per line. */
const MOUNT_LIST = `${RUN_ROOT}/mountpoints.list`;

const PARALLEL = Math.max(1, Number(process.env.HSV_EMU_PARALLEL) || 4);

export interface UpResult {
  readonly timings: Timings;
  readonly totalMs: number;
}

export async function up(loaded: Loaded, progress: Progress = () => {}): Promise<UpResult> {
  const { lab, topo } = loaded;
  const plans = new Map(topo.nodes.map((n) => [n.vm.name, planFor(lab, n)]));
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
    await timed(t, "namespaces+links", progress, async () => {
      record(topo.stateFile, state, { namespaces: namespaces(topo), dirs: [topo.runDir] });
      await pool(namespaces(topo), PARALLEL, (ns) => run(["ip", "netns", "add", ns]));
      await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...FABRIC_SYSCTLS]));
      await ipBatch(topo.fabricNs, portCommands(topo));
      await run(inNs(topo.fabricNs, ["sysctl", "-qw", ...portSysctls(topo)]));
      // One process per VM: the image's sysctl baseline, then what DHCP gives eth0.
      await pool(topo.nodes, PARALLEL, (n) =>
        run(inNs(n.ns, ["sh", "-ec", 'sysctl -qw "$@" && ip -batch -', "vm-baseline", ...VM_BASELINE_SYSCTLS]), { input: vmLinkCommands(n).join("\n") + "\n" }),
      );
    });
    await timed(t, "fabric routes", progress, async () => {
      await ipBatch(topo.fabricNs, tableCommands(lab, topo));
      await run(inNs(topo.fabricNs, ["nft", "-f", "-"]), { input: fabricNft(lab, topo) });
      await run(inNs(topo.fabricNs, [...FABRIC_TTL_RULE]));
    });
    const frrSteps = new Map<string, number>();
    await timed(t, "cloud-init apply", progress, async () => {
      const entries = [...new Set([...plans.values()].flatMap(etcEntries))];
      const missingMounts = [NETNS_ETC, ...entries.map((e) => `/etc/${e}`)].filter((d) => !existsSync(d));
      const routers = topo.nodes.filter((n) => n.router);
      record(topo.stateFile, state, { mountPoints: missingMounts, dirs: [...topo.nodes.map((n) => n.etcDir), ...routers.map((n) => n.runDir!)] });
      // Also in a list shared by all labs: the last lab down removes them, whoever made them.
      if (missingMounts.length) appendFileSync(MOUNT_LIST, missingMounts.map((d) => `${d}\n`).join(""));
      for (const d of missingMounts) mkdirSync(d, { mode: 0o755 });
      await pool(topo.nodes, PARALLEL, async (n) => {
        const plan = plans.get(n.vm.name)!;
        writeFiles(n, plan);
        if (n.runDir) makeRunDir(n.runDir);
        const firstFrr = plan.steps.findIndex((s) => s.kind === "frr");
        const before = firstFrr < 0 ? plan.steps : plan.steps.slice(0, firstFrr);
        for (const s of before) await runStep(n, s);
        if (firstFrr >= 0) frrSteps.set(n.vm.name, firstFrr);
      });
    });
    await timed(t, "FRR start", progress, async () => {
      const withFrr = topo.nodes.filter((n) => frrSteps.has(n.vm.name));
      // `systemctl restart frr` as the last runcmd entry (the templates' case): every zebra, then
      // every staticd, in parallel. Anything after it runs in order per VM.
      const lastIsFrr = withFrr.every((n) => frrSteps.get(n.vm.name) === plans.get(n.vm.name)!.steps.length - 1);
      if (lastIsFrr) {
        for (const d of DAEMONS) {
          await pool(withFrr, PARALLEL, async (n) => {
            const pid = await startDaemon(n, d);
            record(topo.stateFile, state, { pids: [{ pid, what: d, ns: n.ns }] });
          });
        }
        return;
      }
      await pool(withFrr, PARALLEL, async (n) => {
        const steps = plans.get(n.vm.name)!.steps.slice(frrSteps.get(n.vm.name));
        for (const s of steps) {
          if (s.kind === "frr") {
            const pids = await startFrr(n);
            record(topo.stateFile, state, { pids: pids.map((p) => ({ pid: p.pid, what: p.daemon, ns: n.ns })) });
          } else await runStep(n, s);
        }
      });
    });
    await timed(t, "first packet", progress, () => firstPacket(topo));
    state.phase = "up";
    writeState(topo.stateFile, state);
    return { timings: t, totalMs: Math.round(performance.now() - t0) };
  } catch (e) {
    progress(`up failed: ${(e as Error).message.split("\n")[0]}; removing what was made`);
    await down(topo.stack, progress).catch(() => {});
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    aborted = undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kernel routes FRR must have installed: every router's static routes (bounded wait). */
export async function waitForStaticRoutes(topo: Topology, timeoutMs = 5000): Promise<void> {
  const routers = topo.nodes.filter((n) => n.router && n.router.staticRoutes.length);
  const deadline = Date.now() + timeoutMs;
  let pending = routers;
  while (pending.length) {
    const missing = await Promise.all(
      pending.map(async (n) => {
        const out = (await run(["ip", "-n", n.ns, "-4", "route", "show"], { check: false })).stdout;
        const have = new Set(out.split("\n").map((l) => l.split(" ")[0]));
        return n.router!.staticRoutes.some((r) => !have.has(r.prefix.endsWith("/32") ? r.prefix.slice(0, -3) : r.prefix)) ? n : undefined;
      }),
    );
    pending = missing.filter((n): n is VmNode => !!n);
    if (!pending.length) return;
    if (Date.now() > deadline) throw new Error(`FRR did not install static routes within ${timeoutMs} ms on ${pending.map((n) => n.vm.name).join(", ")}`);
    await sleep(25);
  }
}

/** The first packet through each tunnel: the hub end pings the far overlay address (bounded retries). */
async function firstPacket(topo: Topology): Promise<void> {
  await waitForStaticRoutes(topo);
  const pairs = topo.nodes.flatMap((n) => (n.router?.tunnels ?? []).filter((t) => t.local === t.tunnel.hubEnd).map((t) => ({ n, to: t.remote.overlayAddress })));
  await pool(pairs, PARALLEL, async ({ n, to }) => {
    for (let i = 0; i < 10; i++) {
      const r = await run(inNs(n.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", to]), { check: false });
      if (r.code === 0) return;
      checkpoint();
    }
    throw new Error(`${n.vm.name}: no reply from ${to} through the tunnel after 10 tries`);
  });
}

export interface DownResult {
  readonly ms: number;
  readonly namespaces: number;
  readonly processes: number;
}

/** Removes everything the state file records, plus any namespace of ours for the stack and any process in it. */
export async function down(stack: string, progress: Progress = () => {}): Promise<DownResult> {
  const t0 = performance.now();
  const file = `${RUN_ROOT}/${stack}.json`;
  const state: LabState = readState(file) ?? newState(stack, "");
  const nss = [...new Set([...state.namespaces, ...existingNamespaces(stack)])].filter((ns) => existsSync(`/run/netns/${ns}`));
  // Processes: recorded PIDs (if still in our namespaces), pid files, and whatever runs inside our namespaces.
  const pids = new Set<number>();
  for (const d of state.dirs) {
    for (const dm of DAEMONS) {
      for (const sub of existsSync(d) ? readdirSync(d) : []) {
        const p = readPid(pidFile(`${d}/${sub}`, dm));
        if (p) pids.add(p);
      }
    }
  }
  const inOurNs = new Set<number>();
  for (const ns of nss) {
    const out = runSync(["ip", "netns", "pids", ns], { check: false }).stdout;
    for (const l of out.split("\n")) if (/^\d+$/.test(l.trim())) inOurNs.add(Number(l.trim()));
  }
  for (const p of state.pids) if (inOurNs.has(p.pid)) pids.add(p.pid);
  for (const p of inOurNs) pids.add(p);
  // Only PIDs that are in our namespaces (a stale pid file must never hit someone else's process).
  const targets = [...pids].filter((p) => inOurNs.has(p));
  if (targets.length) progress(`stopping ${targets.length} process(es): ${targets.join(" ")}`);
  // zebra takes about 1.5 s to shut down on SIGTERM; its routes die with the namespace anyway.
  await stopPids(targets, 400);
  await pool(nss, PARALLEL, (ns) => run(["ip", "netns", "del", ns], { check: false }));
  for (const d of state.dirs) rmSync(d, { recursive: true, force: true });
  for (const ns of nss) rmSync(`${NETNS_ETC}/${ns}`, { recursive: true, force: true });
  const otherLabs = existsSync(RUN_ROOT) && readdirSync(RUN_ROOT).some((f) => f.endsWith(".json") && f !== `${stack}.json`);
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
  removeState(file);
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

export function status(stack: string): StatusResult {
  const st = readState(`${RUN_ROOT}/${stack}.json`);
  const existing = new Set(existingNamespaces(stack));
  if (!st) return { stack, state: existing.size ? "partial" : "down", namespaces: [...existing].map((ns) => ({ ns, exists: true })), processes: [] };
  const nss = st.namespaces.map((ns) => ({ ns, exists: existing.has(ns) }));
  const processes = st.pids.map((p) => {
    let alive = true;
    try {
      process.kill(p.pid, 0);
    } catch {
      alive = false;
    }
    return { ...p, alive };
  });
  // Listeners come and go with verify; the lab is whole when its namespaces and daemons are.
  const whole = nss.every((n) => n.exists) && processes.filter((p) => p.what !== "socat listener").every((p) => p.alive);
  return { stack, state: st.phase === "up" && whole ? "up" : st.phase === "creating" ? "creating" : "partial", namespaces: nss, processes };
}
