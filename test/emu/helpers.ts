// Shared by the emulation integration tests: prerequisites, and "nothing of ours is left".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect } from "vitest";
import { down } from "../../src/emu/lifecycle.js";
import { upFresh } from "../../src/emu/variants.js";
import type { Loaded } from "../../src/emu/stack.js";
import { verify, type VerifyResult } from "../../src/emu/verify.js";
import { missing } from "../support/prereqs.js";

export const TOOLS = [
  "ip",
  "nft",
  "iptables",
  "sysctl",
  "run-parts",
  "ping",
  "traceroute",
  "socat",
  "nc",
  "ss",
  "/usr/lib/frr/zebra",
  "/usr/lib/frr/staticd",
  "/usr/lib/frr/bgpd",
  "/usr/lib/frr/bfdd",
  "vtysh",
];
export const skipReason = missing({ root: true, tools: TOOLS });

/** Namespaces, FRR/socat processes (inside our namespaces or started from our run dirs), /etc/netns dirs of a stack. */
export function leftovers(stack: string): string[] {
  const out: string[] = [];
  const nss = execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(`hsv-${stack}-`));
  out.push(...nss.map((n) => `namespace ${n}`));
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      // Zombies (killed, never reaped: PID 1 here reaps nothing) hold nothing and are not leftovers.
      const zombie = /^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
      if (cmd.includes(`/run/hub-spoke-vxlan/${stack}/`) && !zombie) out.push(`process ${pid}: ${cmd}`);
    } catch {
      /* gone */
    }
  }
  if (existsSync("/etc/netns"))
    out.push(
      ...readdirSync("/etc/netns")
        .filter((d) => d.startsWith(`hsv-${stack}-`))
        .map((d) => `/etc/netns/${d}`),
    );
  if (existsSync(`/run/hub-spoke-vxlan/${stack}.json`)) out.push(`state /run/hub-spoke-vxlan/${stack}.json`);
  return out;
}

/** The suite's lab: up before its tests (any leftover of the same stack removed first), down after,
 *  and nothing of it left (`afterDown`: the suite's own checks once it is down). Call inside the describe;
 *  every emulation suite that keeps a lab for its tests goes through here. */
export function upForSuite(l: Loaded, afterDown: () => void = () => {}): void {
  beforeAll(() => upFresh(l));
  afterAll(async () => {
    await down(l.topo.stack);
    afterDown();
    expect(leftovers(l.topo.stack)).toEqual([]);
  });
}

/** The pairs that differ from the model, as "from->to: differences". */
export const failing = (v: VerifyResult): string[] =>
  v.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`);

/** Verify until every pair is as the model says, at most `maxRuns` runs of the whole matrix; the last
 *  run is the verdict (topotest-style polling). One probe per hop and a 1 s wait make a traceroute
 *  lose its answers now and then on a busy CI machine (seen twice: a run of ??? to a target that
 *  ping and tcp/22 reached at the same moment); a real difference stays in every run. */
export async function settledVerify(l: Loaded, maxRuns = 3): Promise<VerifyResult & { runs: number }> {
  let v = await verify(l);
  let runs = 1;
  for (let differ = failing(v); differ.length > 0 && runs < maxRuns; differ = failing(v)) {
    console.log(`${l.topo.stack}: run ${runs}: ${differ.length} pair(s) differ (first: ${differ[0]}), verifying again`);
    v = await verify(l);
    runs++;
  }
  return { ...v, runs };
}
