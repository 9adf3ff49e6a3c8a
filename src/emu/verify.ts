// Probes every ordered pair of VMs in a running lab by running, inside each VM's namespace, the
// rendered probe its cloud-init wrote (the bytes Azure's run-commands run), all targets of a VM in
// one run; the output is judged by src/probe/contract.ts against the model's walk (expect.ts).
// With routing: bgp each router's probe also reports its BGP sessions (-b), judged by src/probe/bgp.ts.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { runParallel, spawnDetached } from "./exec.js";
import { inNs } from "./commands/argv.js";
import { byPair, expectAll } from "../routing/walk.js";
import { judge, PROBE_PORT, targetsByVm, type VerifyResult } from "../probe/contract.js";
import { PROBE_PATH } from "../render/probe.js";
import { judgeLinks, probeArgs, routerLinks } from "../probe/links.js";
import { bgpExpectations, judgeBgp } from "../probe/bgp.js";
import type { Loaded } from "./stack.js";
import type { Progress } from "./lifecycle.js";
import { alive, stopPids } from "./processes.js";
import { readState, record, writeState } from "./state.js";
import { nodeOf } from "./commands/topology.js";

export { compare, PROBE_PORT, type Observed, type PairResult, type VerifyResult } from "../probe/contract.js";

/** Whether a process's network namespace has a TCP socket listening on `port` (state 0A in /proc/net/tcp). */
export function tcpListening(pid: number, port: number): boolean {
  let table: string;
  try {
    table = readFileSync(`/proc/${pid}/net/tcp`, "utf8");
  } catch {
    return false; // the process is gone
  }
  const local = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  return table.split("\n").some((l) => {
    const f = l.trim().split(/\s+/);
    return f[1]?.endsWith(local) && f[3] === "0A";
  });
}

/** Starts a TCP listener in each VM (socat, by PID); resolves once all listen (bounded). */
async function startListeners(loaded: Loaded): Promise<number[]> {
  const { topo } = loaded;
  const state = readState(topo.stateFile);
  const pids: number[] = [];
  for (const n of topo.nodes) {
    const pid = spawnDetached(inNs(n.ns, ["socat", `TCP4-LISTEN:${PROBE_PORT},reuseaddr,fork`, "/dev/null"]));
    if (!pid) throw new Error(`${n.vm.name}: cannot start socat`);
    pids.push(pid);
    if (state) record(topo.stateFile, state, { pids: [{ pid, what: "socat listener", ns: n.ns }] });
  }
  // Ready when the listener's own network namespace lists the socket: /proc/<pid>/net/tcp is the
  // table of that process's namespace, read without starting a process per VM and poll.
  const deadline = Date.now() + 5000;
  let pending = pids.map((pid, i) => ({ pid, n: topo.nodes[i]! }));
  while (pending.length) {
    pending = pending.filter(({ pid }) => !tcpListening(pid, PROBE_PORT));
    if (pending.length && Date.now() > deadline) throw new Error(`listeners not up on ${pending.map(({ n }) => n.vm.name).join(", ")}`);
    if (pending.length && pending.some(({ pid }) => !alive(pid))) throw new Error("a socat listener exited");
    if (pending.length) await new Promise((r) => setTimeout(r, 10));
  }
  return pids;
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

export async function verify(loaded: Loaded, progress: Progress = () => {}): Promise<VerifyResult> {
  const t0 = performance.now();
  const { lab, topo } = loaded;
  const expected = expectAll(lab).sort(byPair);
  progress(`verify ${topo.stack}: ${expected.length} pairs (ping, tcp/${PROBE_PORT}, traceroute -T)`);
  const listeners = await startListeners(loaded);
  try {
    const byVm = targetsByVm(expected);
    const linksOf = routerLinks(lab);
    const bgp = bgpExpectations(lab);
    const bgpVms = new Set(bgp.map((e) => e.vm));
    // Every VM with something to probe or report (a router may have no target of its own).
    const vms = [...new Set([...byVm.keys(), ...bgpVms])];
    const outputs = new Map(
      await probeAll(
        loaded,
        vms.map((vm) => ({ vm, links: linksOf.get(vm) ?? [], targets: byVm.get(vm) ?? [], bgp: bgpVms.has(vm) })),
      ),
    );
    const pairs = judge(expected, outputs);
    const links = judgeLinks(linksOf, outputs);
    const routing = judgeBgp(bgp, outputs);
    for (const l of links.filter((x) => !x.up)) progress(`  DIFFERS ${l.difference}`);
    for (const d of routing.flatMap((r) => r.differences)) progress(`  DIFFERS ${d}`);
    for (const p of pairs.filter((x) => !x.asExpected)) progress(`  DIFFERS ${p.from} -> ${p.to}: ${p.differences.join("; ")}`);
    return {
      stack: topo.stack,
      pairs,
      links,
      ...(routing.length ? { routing } : {}),
      ok: pairs.every((p) => p.asExpected) && links.every((l) => l.up) && routing.every((r) => r.ok),
      ms: Math.round(performance.now() - t0),
      underlay: EMULATED_UNDERLAY,
      probeOutputs: Object.fromEntries([...outputs].map(([vm, o]) => [vm, o ?? ""])),
    };
  } finally {
    await stopPids(listeners, 500);
    const st = readState(topo.stateFile);
    if (st) writeState(topo.stateFile, { ...st, pids: st.pids.filter((p) => !listeners.includes(p.pid)) });
  }
}
