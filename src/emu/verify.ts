// Probes every ordered pair of VMs in a running lab by running, inside each VM's namespace, the
// rendered probe its cloud-init wrote (the bytes Azure's run-commands run), all targets of a VM in
// one run; the output is judged by src/probe/contract.ts against the model's walk (expect.ts).
import { performance } from "node:perf_hooks";
import { pool, run, spawnDetached } from "./exec.js";
import { inNs } from "./commands/argv.js";
import { byPair, expectAll } from "../routing/walk.js";
import { judge, PROBE_PORT, targetsByVm, type VerifyResult } from "../probe/contract.js";
import { PROBE_PATH } from "../render/probe.js";
import { judgeLinks, probeArgs, routerLinks } from "../probe/links.js";
import type { Loaded } from "./stack.js";
import type { Progress } from "./lifecycle.js";
import { alive, stopPids } from "./processes.js";
import { readState, record, writeState } from "./state.js";
import { nodeOf, type VmNode } from "./commands/topology.js";

export { compare, PROBE_PORT, type Observed, type PairResult, type VerifyResult } from "../probe/contract.js";

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
  const deadline = Date.now() + 5000;
  let pending: VmNode[] = [...topo.nodes];
  while (pending.length) {
    const still = await Promise.all(
      pending.map(async (n) => {
        const r = await run(inNs(n.ns, ["ss", "-Hltn", `sport = :${PROBE_PORT}`]), { check: false });
        return r.stdout.trim() ? undefined : n;
      }),
    );
    pending = still.filter((n): n is VmNode => !!n);
    if (pending.length && Date.now() > deadline) throw new Error(`listeners not up on ${pending.map((n) => n.vm.name).join(", ")}`);
    if (pending.length && pids.some((p) => !alive(p))) throw new Error("a socat listener exited");
    if (pending.length) await new Promise((r) => setTimeout(r, 20));
  }
  return pids;
}

/** The emulation assumes every circuit is connected (the Azure run-commands judge by the configured underlay). */
export const EMULATED_UNDERLAY = "emulated: every ExpressRoute circuit of the model is assumed connected";

/** One VM's probe run: the file cloud-init wrote at its real path, all its targets at once. */
async function probeVm(n: VmNode, links: readonly string[], targets: readonly string[]): Promise<string | undefined> {
  const r = await run(inNs(n.ns, [PROBE_PATH, ...probeArgs(links, targets)]), { check: false, timeoutMs: 30_000 });
  return r.code === 0 ? r.stdout : undefined;
}

export async function verify(loaded: Loaded, progress: Progress = () => {}): Promise<VerifyResult> {
  const t0 = performance.now();
  const { lab, topo } = loaded;
  const expected = expectAll(lab).sort(byPair);
  progress(`verify ${topo.stack}: ${expected.length} pairs (ping, tcp/${PROBE_PORT}, traceroute -T)`);
  const listeners = await startListeners(loaded);
  try {
    const byVm = [...targetsByVm(expected)];
    const linksOf = routerLinks(lab);
    const outputs = new Map(
      await pool(
        byVm,
        byVm.length,
        async ([vm, targets]) => [vm, await probeVm(nodeOf(topo, vm)!, linksOf.get(vm) ?? [], targets)] as const,
      ),
    );
    const pairs = judge(expected, outputs);
    const links = judgeLinks(linksOf, outputs);
    for (const l of links.filter((x) => !x.up)) progress(`  DIFFERS ${l.difference}`);
    for (const p of pairs.filter((x) => !x.asExpected)) progress(`  DIFFERS ${p.from} -> ${p.to}: ${p.differences.join("; ")}`);
    return {
      stack: topo.stack,
      pairs,
      links,
      ok: pairs.every((p) => p.asExpected) && links.every((l) => l.up),
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
