// The probe every VM carries (one python3 process for all its targets) against the tools it stands
// for, on every ordered pair of the 3x4 fixture (132 pairs: reachable at 1 to 4 hops, and
// unreachable by design): its line must say what ping -c 1 -w 1, nc -z -w 1 and
// traceroute -n -T -p 22 -q 1 -w 1,0,0 -m 6, run against the same target, say. The reference is
// the tools' own output, read as a shell probe read it (a numbered hop line, `*` for no answer).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inNs } from "../../src/emu/commands/argv.js";
import { runParallel } from "../../src/emu/exec.js";
import { stopPids } from "../../src/emu/processes.js";
import { loadStack } from "../../src/emu/stack.js";
import { startListener } from "../../src/emu/verify.js";
import { LOST, MAX_HOPS, PROBE_PORT, probeTargets } from "../../src/probe/contract.js";
import { PROBE_PATH } from "../../src/render/probe.js";
import { FIXTURES } from "../support/stacks.js";
import { node } from "./attack.js";
import { skipReason, upForSuite } from "./helpers.js";

/** traceroute's hop lines (" 2  10.0.0.4  0.039 ms", " 3  *") as the hops field. */
const hopsOf = (out: string): string =>
  out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([n]) => /^\d+$/.test(n ?? ""))
    .map(([, addr]) => (addr === "*" ? LOST : addr))
    .join(",");

describe.skipIf(skipReason)("the probe agrees with ping, nc and traceroute -T", () => {
  const l = skipReason ? undefined! : loadStack(join(FIXTURES, "Pulumi.3x4.yaml"));
  upForSuite(l);

  it("on every ordered pair of the 3x4 fixture (a busy machine may lose an answer: at most 3 rounds, the last decides)", async () => {
    const targets = [...probeTargets(l.lab)];
    const pairs = targets.flatMap(([vm, ts]) => ts.map((t) => ({ ns: node(l, vm).ns, vm, t })));
    const listener = await startListener(l);
    try {
      let differ: string[] = [];
      let reference: string[] = [];
      for (let round = 1; round <= 3; round++) {
        const probed = await runParallel(
          l.topo.fabricNs,
          targets.map(([vm, ts]) => inNs(node(l, vm).ns, [PROBE_PATH, ...ts])),
        );
        const tools = await runParallel(
          l.topo.fabricNs,
          pairs.flatMap(({ ns, t }) => [
            inNs(ns, ["ping", "-n", "-q", "-c", "1", "-w", "1", t]),
            inNs(ns, ["nc", "-z", "-n", "-w", "1", t, String(PROBE_PORT)]),
            inNs(ns, ["traceroute", "-n", "-T", "-p", String(PROBE_PORT), "-q", "1", "-w", "1,0,0", "-m", String(MAX_HOPS), t]),
          ]),
          { timeoutMs: 60_000 },
        );
        reference = pairs.map(({ t }, i) => {
          const [ping, nc, tr] = tools.slice(3 * i, 3 * i + 3);
          return `hsv-probe target=${t} ping=${ping!.code === 0 ? 1 : 0} tcp=${nc!.code === 0 ? 1 : 0} hops=${hopsOf(tr!.stdout)}`;
        });
        const lines = probed.flatMap((r) => r.stdout.split("\n").filter(Boolean));
        expect(probed.map((r) => r.code)).toEqual(targets.map(() => 0));
        differ = pairs.flatMap(({ vm }, i) => (lines[i] === reference[i] ? [] : [`${vm}: probe "${lines[i]}", tools "${reference[i]}"`]));
        if (!differ.length) break;
        console.log(`round ${round}: ${differ.length} pair(s) differ (first: ${differ[0]})`);
      }
      expect(differ).toEqual([]);
      // Not vacuous: 132 pairs, answered and unanswered ones, paths of several lengths.
      expect(reference).toHaveLength(132);
      expect(reference.filter((r) => r.includes(" ping=1 tcp=1 ")).length).toBeGreaterThan(0);
      expect(reference.filter((r) => r.includes(" ping=0 tcp=0 ")).length).toBeGreaterThan(0);
      expect(new Set(reference.map((r) => r.split("hops=")[1]!.split(",").length)).size).toBeGreaterThanOrEqual(3);
    } finally {
      await stopPids([listener], 500);
    }
  });
});
