// Probes every ordered pair of VMs in a running lab by running, inside each VM's namespace, the
// rendered probe its cloud-init wrote (the bytes Azure's run-commands run), all targets of a VM in
// one run; the output is judged by src/probe/contract.ts against the model's walk (expect.ts).
// With routing: bgp each router's probe also reports its BGP sessions (-b), judged by src/probe/bgp.ts.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { getPriority, setPriority } from "node:os";
import { performance } from "node:perf_hooks";
import { run, runParallel, spawnDetached } from "./exec.js";
import { FLOWS_FULL, fullTable, NSG_TABLE } from "./commands/fabric-nsg.js";
import { inNs } from "./commands/argv.js";
import { byPair, expectAll } from "../routing/walk.js";
import { judge, PROBE_PORT, probeTargets, type VerifyResult } from "../probe/contract.js";
import { PROBE_INTERPRETER, PROBE_PATH } from "../render/probe.js";
import { judgeLinks, probeArgs, routerLinks } from "../probe/links.js";
import { bgpExpectations, judgeBgp } from "../probe/bgp.js";
import type { Loaded } from "./stack.js";
import type { Progress } from "./lifecycle.js";
import { alive, LISTENER_WHAT, stopPids } from "./processes.js";
import { readState, record, writeState } from "./state.js";
import { nodeOf } from "./commands/topology.js";
import { PROJECT_DIR } from "../config/project-dir.js";

export { compare, PROBE_PORT, type Observed, type PairResult, type VerifyResult } from "../probe/contract.js";

/** The stand-in for every VM's sshd: one process listening on the probe's port in each VM's namespace. */
const LISTENER = join(PROJECT_DIR, "src", "emu", "listener.py");

/** Starts the listener (by PID) and resolves once it listens in every VM (bounded). */
export async function startListener(loaded: Loaded): Promise<number> {
  const { topo } = loaded;
  const [ready, log] = [join(topo.runDir, "listener.ready"), join(topo.runDir, "listener.log")];
  rmSync(ready, { force: true });
  const pid = spawnDetached(
    inNs(topo.fabricNs, [PROBE_INTERPRETER, "-I", "-S", LISTENER, String(PROBE_PORT), ready, ...topo.nodes.map((n) => n.ns)]),
    { log },
  );
  if (!pid) throw new Error("cannot start the probe listener");
  const state = readState(topo.stateFile);
  if (state) record(topo.stateFile, state, { pids: [{ pid, what: LISTENER_WHAT, ns: topo.fabricNs }] });
  // Ready when it says so: it writes the file once every socket listens.
  const deadline = Date.now() + 5000;
  while (!existsSync(ready)) {
    if (!alive(pid)) throw new Error(`the probe listener exited: ${readFileSync(log, "utf8").trim()}`);
    if (Date.now() > deadline) throw new Error("the probe listener is not listening after 5 s");
    await new Promise((r) => setTimeout(r, 5));
  }
  return pid;
}

/** The emulation assumes every circuit is connected (the Azure run-commands judge by the configured underlay). */
export const EMULATED_UNDERLAY = "emulated: every ExpressRoute circuit of the model is assumed connected";

/** Every VM's probe run at once: the file cloud-init wrote at its real path, all its targets in one run. */
// A router with routing: bgp also reports its sessions (-b), through vtysh against its own run dir.
async function probeAll(
  loaded: Loaded,
  runs: readonly { vm: string; links: readonly string[]; targets: readonly string[]; bgp: boolean }[],
) {
  const { topo } = loaded;
  const results = await runParallel(
    topo.fabricNs,
    runs.map((r) => {
      const n = nodeOf(topo, r.vm)!;
      return inNs(n.ns, [PROBE_PATH, ...probeArgs(r.links, r.targets, r.bgp ? { vty: n.runDir! } : undefined)]);
    }),
    { timeoutMs: 30_000 },
  );
  return runs.map((r, i) => [r.vm, results[i]!.code === 0 ? results[i]!.stdout : undefined] as const);
}

/** fn run with this thread niced (+10), then its priority restored (root may raise it again). */
function niced<T>(fn: () => T): T {
  const before = getPriority();
  const set = (p: number) => {
    try {
      setPriority(p);
    } catch {
      // not root: the walk runs at whatever priority this thread has
    }
  };
  set(Math.min(19, before + 10));
  try {
    return fn();
  } finally {
    set(before);
  }
}

/** Packets the fabric's NSGs admitted but could not record since `up` (its flow table full): fabric-nsg.ts FLOWS_FULL. */
async function unrecordedFlows(loaded: Loaded): Promise<number> {
  const r = await run(inNs(loaded.topo.fabricNs, ["nft", "list", "counter", "inet", NSG_TABLE, FLOWS_FULL]));
  const m = /packets (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`cannot read the fabric's counter ${FLOWS_FULL}: ${r.stdout.trim() || r.stderr.trim()}`);
  return Number(m[1]);
}

export async function verify(loaded: Loaded, progress: Progress = () => {}): Promise<VerifyResult> {
  const t0 = performance.now();
  const { lab, topo } = loaded;
  progress(`verify ${topo.stack}: ${lab.vms.length * (lab.vms.length - 1)} pairs (ping, tcp/${PROBE_PORT}, traceroute -T)`);
  const listener = await startListener(loaded);
  try {
    const byVm = probeTargets(lab);
    const linksOf = routerLinks(lab);
    const bgp = bgpExpectations(lab);
    const bgpVms = new Set(bgp.map((e) => e.vm));
    // Every VM with something to probe or report (a router may have no target of its own).
    const vms = [...new Set([...byVm.keys(), ...bgpVms])];
    const probing = probeAll(
      loaded,
      vms.map((vm) => ({ vm, links: linksOf.get(vm) ?? [], targets: byVm.get(vm) ?? [], bgp: bgpVms.has(vm) })),
    );
    // The model's walk while the probes wait out their unanswered targets (it needs no answer), at a
    // lower priority: the probes' own start-up (python3, on 2 cores) must not wait for it.
    const expected = niced(() => expectAll(lab).sort(byPair));
    const outputs = new Map(await probing);
    const pairs = judge(expected, outputs);
    const links = judgeLinks(linksOf, outputs);
    const routing = judgeBgp(bgp, outputs);
    for (const l of links.filter((x) => !x.up)) progress(`  DIFFERS ${l.difference}`);
    for (const d of routing.flatMap((r) => r.differences)) progress(`  DIFFERS ${d}`);
    for (const p of pairs.filter((x) => !x.asExpected)) progress(`  DIFFERS ${p.from} -> ${p.to}: ${p.differences.join("; ")}`);
    // A flow a NIC could not record can only lose packets (a record admits, never denies): read the
    // counter when something differs, to say so if that is why (no process in a run that passes).
    const differs = !(pairs.every((p) => p.asExpected) && links.every((l) => l.up) && routing.every((r) => r.ok));
    const unrecorded = differs && lab.config.emulation.enforceNsgs ? await unrecordedFlows(loaded) : 0;
    if (unrecorded) progress(`  DIFFERS ${fullTable(unrecorded)}`);
    return {
      stack: topo.stack,
      pairs,
      links,
      ...(routing.length ? { routing } : {}),
      ...(unrecorded ? { unrecordedFlows: unrecorded } : {}),
      ok: !differs,
      ms: Math.round(performance.now() - t0),
      underlay: EMULATED_UNDERLAY,
      probeOutputs: Object.fromEntries([...outputs].map(([vm, o]) => [vm, o ?? ""])),
    };
  } finally {
    await stopPids([listener], 500);
    const st = readState(topo.stateFile);
    if (st) writeState(topo.stateFile, { ...st, pids: st.pids.filter((p) => p.pid !== listener) });
  }
}
