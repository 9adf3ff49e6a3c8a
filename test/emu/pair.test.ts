// hub.pair in the running emulation: the load balancer in the fabric (5-tuple hash, health probed at
// Azure's interval and threshold), real FRR and the routers' rendered health answer. The pair
// verifies against its hand-written matrix; with either hub router gone the matrix between the
// others still verifies once the prober has marked it down (Azure: at most interval x threshold);
// a cut tunnel fails the router's health answer although the VM is up; ICMP is never balanced.
// HSV_TEST_STACK_PREFIX prefixes the stacks' names (runs side by side with other labs).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { variantOf } from "../../src/emu/variants.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import type { VerifyResult } from "../../src/emu/verify.js";
import { hold, routerNode } from "../../src/emu/faults.js";
import { lbHealth, type LbHealth } from "../../src/emu/lb.js";
import { alive, pidsIn } from "../../src/emu/processes.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { nodeOf } from "../../src/emu/commands/topology.js";
import { FIXTURES } from "../support/stacks.js";
import { diffMatrix, loadReference, observedPairs } from "../support/reference.js";
import { failing, settledVerify, skipReason, upForSuite } from "./helpers.js";

const PREFIX = process.env.HSV_TEST_STACK_PREFIX ?? "";
const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
// Azure's probe (src/model/load-balancer.ts): every 5 s, down after 2 timeouts; a 503 at once.
const MARK_DOWN_BOUND_MS = 5000 * 2 + 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The prober's view, polled (bounded) until `want` holds for `backend`; the last view. */
async function healthUntil(l: Loaded, backend: string, want: (up: boolean) => boolean, boundMs = MARK_DOWN_BOUND_MS): Promise<LbHealth> {
  const t0 = Date.now();
  let h = lbHealth(l.topo);
  while (Date.now() - t0 < boundMs) {
    h = lbHealth(l.topo);
    const b = h?.backends.find((x) => x.name === backend);
    if (b && want(b.up)) return h!;
    await sleep(200);
  }
  return h!;
}

/** Pairs that differ, leaving out those from or to `gone` (a VM that is down fails its own pairs). */
const failingWithout = (v: VerifyResult, gone: string) => failing({ ...v, pairs: v.pairs.filter((p) => p.from !== gone && p.to !== gone) });

describe.skipIf(skipReason)(`hub.pair in the emulation${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const l = loadStack(variantOf(PAIR, `${PREFIX}pair`, () => {}));
  upForSuite(l);

  it("up leaves both backends healthy, and the pair verifies against its matrix (through either router)", async () => {
    expect(lbHealth(l.topo)!.backends.map((b) => [b.name, b.up])).toEqual([
      ["vm-hub00", true],
      ["vm-hub01", true],
    ]);
    const v = await settledVerify(l);
    expect(failing(v)).toEqual([]);
    expect(v.pairs).toHaveLength(20);
    // Observed, not only judged: the hand-written matrix (spoke <-> site tcp-only, hops via either router).
    expect(diffMatrix(loadReference("pair"), observedPairs(v.pairs)), "observed vs test/reference/pair/verify.matrix").toEqual([]);
  });

  it("ICMP from the spoke to the site is dropped at the load balancer, TCP passes", async () => {
    const spoke = nodeOf(l.topo, "vm-spoke10")!;
    const ping = await run(inNs(spoke.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.100.0.5"]), { check: false });
    expect(ping.code).not.toBe(0);
    const counters = (await run(inNs(l.topo.fabricNs, ["nft", "list", "chain", "inet", "hsv_lb", "prerouting"]))).stdout;
    expect(/packets (\d+) bytes \d+ drop comment "HA ports balance TCP and UDP only/.exec(counters)?.[1]).not.toBe("0");
  });

  for (const gone of ["vm-hub00", "vm-hub01"]) {
    it(`${gone} gone: marked down within interval x threshold, and the rest of the matrix still verifies`, async () => {
      const lift = await hold(l, gone, "vm gone");
      try {
        const h = await healthUntil(l, gone, (up) => !up);
        expect(h.backends.find((b) => b.name === gone)).toMatchObject({ up: false, last: "timeout" });
        expect(h.backends.find((b) => b.name !== gone)!.up).toBe(true);
        const v = await settledVerify(l);
        expect(failingWithout(v, gone)).toEqual([]);
      } finally {
        await lift();
      }
      // Booted again (rebuilt from its cloud-init): healthy again once its sessions bring the routes back.
      expect((await healthUntil(l, gone, (up) => up, 30_000)).backends.every((b) => b.up)).toBe(true);
      expect(failing(await settledVerify(l))).toEqual([]);
    });
  }

  it("a cut tunnel fails the router's health answer (503) while its VM is up, and it comes back", async () => {
    const n = routerNode(l, "vm-hub01");
    const lift = await hold(l, "vm-hub01", "tunnel cut");
    try {
      const h = await healthUntil(l, "vm-hub01", (up) => !up);
      const b = h.backends.find((x) => x.name === "vm-hub01")!;
      expect(b).toMatchObject({ up: false, last: "fail" });
      expect(b.detail).toMatch(/^503 .*10\.100\.0\.0\/16/);
      // The VM is up: its processes run (FRR, the health answer).
      expect([...pidsIn([n.ns])].filter(alive).length).toBeGreaterThan(0);
      expect(failingWithout(await settledVerify(l), "vm-hub01")).toEqual([]);
    } finally {
      await lift();
    }
    expect((await healthUntil(l, "vm-hub01", (up) => up, 30_000)).backends.every((b) => b.up)).toBe(true);
  });
});

// prefer: first, with real bgpd: the second router's announcements carry its AS twice more, so the
// site router installs only hub.router's path (no ECMP) until that one goes.
describe.skipIf(skipReason)(`hub.pair prefer: first in the emulation${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const l = loadStack(
    variantOf(PAIR, `${PREFIX}pair-first`, (lab) => {
      lab.hub.pair.prefer = "first";
    }),
  );
  upForSuite(l);
  const siteRoute = async () =>
    JSON.parse((await run(["ip", "-n", routerNode(l, "vm-hub100").ns, "-j", "route", "show", "10.10.0.0/16"])).stdout) as {
      gateway?: string;
      nexthops?: unknown[];
    }[];

  it("the site router sends through hub.router only; with it gone, through the second", async () => {
    expect(await siteRoute()).toEqual([expect.objectContaining({ gateway: "169.254.0.1", dev: "vxlan0", protocol: "bgp" })]);
    expect(failing(await settledVerify(l))).toEqual([]);
    const lift = await hold(l, "vm-hub00", "vm gone");
    try {
      let r = await siteRoute();
      for (let i = 0; i < 50 && r[0]?.gateway !== "169.254.252.1"; i++) {
        await sleep(100);
        r = await siteRoute();
      }
      expect(r).toEqual([expect.objectContaining({ gateway: "169.254.252.1", dev: "vxlan1", protocol: "bgp" })]);
    } finally {
      await lift();
    }
  });
});
