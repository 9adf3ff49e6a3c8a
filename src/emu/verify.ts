// Probes every ordered pair of VMs in a running lab (ping, a TCP connection to a listener in the
// destination, TCP traceroute), all bounded in count and time, and compares with expect.ts.
import { performance } from "node:perf_hooks";
import { inNs, pool, run, spawnDetached } from "./exec.js";
import { byPair, expectAll, LOST, MAX_HOPS, type Expectation } from "./expect.js";
import type { Loaded } from "./stack.js";
import type { Progress } from "./lifecycle.js";
import { alive, stopPids } from "./processes.js";
import { readState, record, writeState } from "./state.js";
import { nodeOf, type VmNode } from "./namespaces.js";

export const PROBE_PORT = 22;

export interface Observed {
  readonly ping: boolean;
  readonly tcp: boolean;
  readonly hops: readonly string[];
}

export interface PairResult extends Expectation {
  readonly observed: Observed;
  readonly asExpected: boolean;
  readonly differences: readonly string[];
}

export interface VerifyResult {
  readonly stack: string;
  readonly pairs: readonly PairResult[];
  readonly ok: boolean;
  readonly ms: number;
}

/** Parses `traceroute -n -q 1` output into hop addresses ("*" -> ???). */
export function parseTraceroute(text: string): string[] {
  const hops: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(\d+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const addr = m[2]!;
    hops[Number(m[1]) - 1] = addr === "*" ? LOST : addr;
  }
  return Array.from({ length: hops.length }, (_, i) => hops[i] ?? LOST);
}

export function compare(e: Expectation, o: Observed): string[] {
  const d: string[] = [];
  const want = e.reachable ? "reachable" : "unreachable";
  if (o.ping !== e.reachable) d.push(`ping: expected ${want}, got ${o.ping ? "reply" : "no reply"}`);
  if (o.tcp !== e.reachable) d.push(`tcp/${PROBE_PORT}: expected ${want}, got ${o.tcp ? "connected" : "no connection"}`);
  if (o.hops.join(" ") !== e.hops.join(" ")) d.push(`traceroute: expected ${e.hops.join(" ")}, got ${o.hops.join(" ") || "(nothing)"}`);
  return d;
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

async function observe(from: VmNode, destination: string): Promise<Observed> {
  const ping = await run(inNs(from.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", destination]), { check: false, timeoutMs: 5000 });
  const tcp = await run(inNs(from.ns, ["nc", "-z", "-n", "-w", "1", destination, String(PROBE_PORT)]), { check: false, timeoutMs: 5000 });
  const tr = await run(
    inNs(from.ns, ["traceroute", "-n", "-T", "-p", String(PROBE_PORT), "-q", "1", "-w", "1,0,0", "-m", String(MAX_HOPS), destination]),
    { check: false, timeoutMs: 10_000 },
  );
  return { ping: ping.code === 0, tcp: tcp.code === 0, hops: parseTraceroute(tr.stdout) };
}

export async function verify(loaded: Loaded, progress: Progress = () => {}): Promise<VerifyResult> {
  const t0 = performance.now();
  const { lab, topo } = loaded;
  const expected = expectAll(lab).sort(byPair);
  progress(`verify ${topo.stack}: ${expected.length} pairs (ping, tcp/${PROBE_PORT}, traceroute -T)`);
  const listeners = await startListeners(loaded);
  try {
    const pairs = await pool(expected, 24, async (e) => {
      const observed = await observe(nodeOf(topo, e.from)!, e.destination);
      const differences = compare(e, observed);
      if (differences.length) progress(`  DIFFERS ${e.from} -> ${e.to}: ${differences.join("; ")}`);
      return { ...e, observed, asExpected: differences.length === 0, differences };
    });
    return { stack: topo.stack, pairs, ok: pairs.every((p) => p.asExpected), ms: Math.round(performance.now() - t0) };
  } finally {
    await stopPids(listeners, 500);
    const st = readState(topo.stateFile);
    if (st) writeState(topo.stateFile, { ...st, pids: st.pids.filter((p) => !listeners.includes(p.pid)) });
  }
}
