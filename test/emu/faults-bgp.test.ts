// The faults with routing: bgp (one eBGP session with BFD per tunnel) and, for the held faults,
// with routing: static too: every fault of faults.test.ts brings the full verify matrix back by
// itself over BGP; a cut tunnel's prefix is withdrawn from the hub router's kernel table and comes
// back once the cut is lifted, while with static routes it stays there (the prefix is black-holed).
// Outcome assertions: every wait is bounded (a timeout, not a measured goal); the times are
// measured by bench/convergence.ts.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { FAULTS, HELD_FAULTS, hold, inject, routerNode, tunnelOf, type Fault, type HeldFault } from "../../src/emu/faults.js";
import { sessionsUp, vtysh } from "../../src/emu/frr.js";
import { pidFile } from "../../src/emu/commands/frr.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { readState } from "../../src/emu/state.js";
import { alive } from "../../src/emu/processes.js";
import { failing, settledVerify, skipReason, upForSuite } from "./helpers.js";
import { variantStack } from "../../src/emu/variants.js";
import { nonEmpty } from "../support/non-empty.js";

const SITE_PREFIX = "10.100.0.0/16";
const SPOKE_PREFIX = "10.10.0.0/16";

interface Route {
  dst: string;
  gateway?: string;
  dev: string;
  protocol?: string;
}

const routes = async (l: Loaded, vm: string, prefix: string): Promise<Route[]> =>
  JSON.parse((await run(["ip", "-n", routerNode(l, vm).ns, "-j", "route", "show", prefix])).stdout || "[]");

/** Polls the router's kernel route to `prefix` every 50 ms, at most `boundMs`, until `ok`; returns the last reading. */
async function routeUntil(l: Loaded, vm: string, prefix: string, ok: (r: Route[]) => boolean, boundMs = 10_000): Promise<Route[]> {
  let r = await routes(l, vm, prefix);
  for (let i = 0; i < boundMs / 50 && !ok(r); i++) {
    await new Promise((res) => setTimeout(res, 50));
    r = await routes(l, vm, prefix);
  }
  return r;
}

/**
 * Bounded: one ping site host -> spoke host answered, probes at least 250 ms apart for at most 30 s
 * (and 120 probes). A count alone is no bound in time here: while BGP has withdrawn the route, each
 * probe fails at once (ICMP errors), so the session's 5-6 s return would outlast 60 quick probes.
 */
async function siteReachesSpoke(l: Loaded): Promise<boolean> {
  const site = l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!;
  const end = performance.now() + 30_000;
  for (let i = 0; i < 120 && performance.now() < end; i++) {
    const start = performance.now();
    if ((await run(inNs(site.ns, ["ping", "-n", "-q", "-c", "1", "-W", "1", "10.10.0.4"]), { check: false })).code === 0) return true;
    await new Promise((res) => setTimeout(res, Math.max(0, 250 - (performance.now() - start))));
  }
  return false;
}

/** ping -c 5 site host -> spoke host: how many were answered. */
async function answered(l: Loaded): Promise<number> {
  const site = l.topo.nodes.find((n) => n.vm.name === "vm-hub101")!;
  const r = await run(inNs(site.ns, ["ping", "-n", "-q", "-c", "5", "-i", "0.2", "-W", "1", "10.10.0.4"]), { check: false });
  return Number(/(\d+) received/.exec(r.stdout)?.[1] ?? NaN);
}

/** Bounded (30 s): both routers' BGP sessions Established and BFD up, what a cut is detected from (before that, only the 9 s hold time would). */
async function bothSessionsUp(l: Loaded): Promise<void> {
  const ends = [routerNode(l, "vm-hub00"), routerNode(l, "vm-hub100")];
  for (let i = 0; i < 300; i++) {
    if ((await Promise.all(ends.map(sessionsUp))).every(Boolean)) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("BGP/BFD sessions not up within 30 s");
}

const viaTunnel = (proto: string) => [
  expect.objectContaining({ dst: SITE_PREFIX, gateway: "169.254.0.2", dev: "vxlan0", protocol: proto }),
];

describe.skipIf(skipReason)("faults with routing: bgp (dev topology)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("h5-faults-bgp", (lab) => (lab.routing = "bgp")));
  upForSuite(l, () => expect((readState(l.topo.stateFile)?.pids ?? []).filter((p) => alive(p.pid))).toEqual([]));

  it("both routers learn the far prefix over the session (proto bgp), BFD up", async () => {
    expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length > 0)).toEqual(viaTunnel("bgp"));
    expect(await routeUntil(l, "vm-hub100", SPOKE_PREFIX, (r) => r.length > 0)).toEqual([
      expect.objectContaining({ dst: SPOKE_PREFIX, gateway: "169.254.0.1", dev: "vxlan0", protocol: "bgp" }),
    ]);
    // BFD is re-made once right after the session first comes up (FRR 8.4, docs/routing.md): poll, bounded.
    await bothSessionsUp(l);
    const bfd = await vtysh(routerNode(l, "vm-hub00"), ["-c", "show bfd peers brief"]);
    expect(bfd.stdout).toMatch(/169\.254\.0\.2\s+up/);
  });

  const cases = (["vm-hub00", "vm-hub100"] as const).flatMap((vm) => FAULTS.map((f) => [vm, f] as [string, Fault]));
  it.each(nonEmpty(cases))("%s %s: the matrix comes back by itself over BGP", async (vm, fault) => {
    await inject(l, vm, fault);
    expect(await siteReachesSpoke(l)).toBe(true);
    const v = await settledVerify(l, 5);
    expect(failing(v)).toEqual([]);
    expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length > 0)).toEqual(viaTunnel("bgp"));
  });

  const held = (["vm-hub00", "vm-hub100"] as const).flatMap((vm) => HELD_FAULTS.map((f) => [vm, f] as [string, HeldFault]));
  it.each(nonEmpty(held))("%s %s, then lifted: the matrix comes back by itself", async (vm, fault) => {
    await bothSessionsUp(l);
    const lift = await hold(l, vm, fault);
    try {
      // Held: the hub router's route to the site goes (BFD, or the session's end with bgpd).
      expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length === 0)).toEqual([]);
      // A stopped bgpd leaves no pid file behind (nothing can later stop a reused PID through it).
      if (fault === "bgpd stop") expect(existsSync(pidFile(routerNode(l, vm).runDir!, "bgpd"))).toBe(false);
    } finally {
      await lift();
    }
    expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length > 0, 30_000)).toEqual(viaTunnel("bgp"));
    expect(await siteReachesSpoke(l)).toBe(true);
    expect(failing(await settledVerify(l, 5))).toEqual([]);
    if (fault === "bgpd stop") {
      // The restarted bgpd is the one the state records (down stops it by PID).
      const n = routerNode(l, vm);
      const recorded = readState(l.topo.stateFile)!.pids.filter((p) => p.ns === n.ns && p.what === "bgpd");
      expect(recorded).toHaveLength(1);
      expect(alive(recorded[0]!.pid)).toBe(true);
    }
  });

  it("a cut tunnel: its prefix is withdrawn from the hub router's kernel table, traffic stops, and both return once lifted", async () => {
    const t = tunnelOf(l, "vm-hub00");
    expect(t.site).toBe("vnet-hub100");
    await bothSessionsUp(l);
    expect(await routes(l, "vm-hub00", SITE_PREFIX)).toEqual(viaTunnel("bgp"));
    const lift = await hold(l, "vm-hub00", "tunnel cut");
    try {
      expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length === 0)).toEqual([]);
      expect(await routeUntil(l, "vm-hub100", SPOKE_PREFIX, (r) => r.length === 0)).toEqual([]);
      // The underlay /32 is static: the session's loss never takes it.
      expect(await routes(l, "vm-hub00", "10.100.0.4/32")).toEqual([expect.objectContaining({ gateway: "10.0.0.1", protocol: "static" })]);
      expect(await answered(l)).toBe(0);
    } finally {
      await lift();
    }
    expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length > 0, 30_000)).toEqual(viaTunnel("bgp"));
    expect(await siteReachesSpoke(l)).toBe(true);
    expect(failing(await settledVerify(l, 5))).toEqual([]);
  });
});

describe.skipIf(skipReason)("the held faults with routing: static (dev topology)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("h5-faults-static", () => {}));
  upForSuite(l);

  it("a cut tunnel: its prefix stays in the hub router's kernel table (black-holed: no answer) until the cut is lifted", async () => {
    expect(await routes(l, "vm-hub00", SITE_PREFIX)).toEqual(viaTunnel("static"));
    const lift = await hold(l, "vm-hub00", "tunnel cut");
    try {
      // Traffic is lost (the cut works) and, over the same seconds (more than BFD's 900 ms would
      // take), the static route never leaves: read at every poll, not once at the end.
      expect(await answered(l)).toBe(0);
      const seen: Route[][] = [];
      for (let i = 0; i < 20; i++) {
        seen.push(await routes(l, "vm-hub00", SITE_PREFIX));
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(seen.filter((r) => r.length !== 1)).toEqual([]);
      expect(seen.at(-1)).toEqual(viaTunnel("static"));
    } finally {
      await lift();
    }
    expect(await siteReachesSpoke(l)).toBe(true);
    expect(failing(await settledVerify(l, 5))).toEqual([]);
  });

  it("bgpd stop is refused: routing static runs no bgpd", async () => {
    await expect(hold(l, "vm-hub00", "bgpd stop")).rejects.toThrow(/no running bgpd/);
  });
});

describe.skipIf(skipReason)("a cut of the encrypted tunnel with routing: bgp (dev topology, features.encryption wireguard)", () => {
  const l = skipReason
    ? undefined!
    : loadStack(
        variantStack("h5-faults-bgp-wg", (lab) => {
          lab.routing = "bgp";
          lab.features = { encryption: "wireguard" };
        }),
      );
  upForSuite(l);

  it("dropping the WireGuard port too withdraws the prefix; lifted, the matrix comes back", async () => {
    await bothSessionsUp(l);
    expect(await routes(l, "vm-hub00", SITE_PREFIX)).toEqual(viaTunnel("bgp"));
    const lift = await hold(l, "vm-hub100", "tunnel cut");
    try {
      expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length === 0)).toEqual([]);
      expect(await answered(l)).toBe(0);
    } finally {
      await lift();
    }
    expect(await routeUntil(l, "vm-hub00", SITE_PREFIX, (r) => r.length > 0, 30_000)).toEqual(viaTunnel("bgp"));
    expect(await siteReachesSpoke(l)).toBe(true);
    expect(failing(await settledVerify(l, 5))).toEqual([]);
  });
});
