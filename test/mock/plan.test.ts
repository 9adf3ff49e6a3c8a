// lab plan against the Pulumi program: the plan's resources per type are exactly what the mocked
// `pulumi up` registers, and its critical path is the mock dependency graph's longest chain
// (gateways and connections).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildLab } from "../../src/model/build.js";
import { criticalPath } from "../../src/plan/critical-path.js";
import { countsByType, plannedResources, TYPES } from "../../src/plan/resources.js";
import { FIXTURES } from "../support/stacks.js";
import { graphOf, longestChain } from "./graph.js";
import { runProgram, type RunResult } from "./harness.js";
import { onCircuit } from "../support/circuits.js";
import { rawLab } from "../support/config-edit.js";

const registeredCounts = (r: RunResult): Record<string, number> => {
  const c: Record<string, number> = {};
  for (const x of r.resources.filter((x) => x.custom)) c[x.type] = (c[x.type] ?? 0) + 1;
  return c;
};
const sorted = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
const labFor = (stack: string, edit?: (l: any) => unknown) => {
  const raw = rawLab(stack);
  return buildLab(edit ? edit(raw) : raw);
};

const withExtras = (l: any) => {
  l.access = { bastion: "Standard" };
  l.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" });
  l.sites[0].subnets.push({ name: "AzureBastionSubnet", prefix: "10.100.254.0/26" });
  l.autoShutdown = { time: "1900", timeZone: "UTC" };
  return onCircuit(l);
};

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");

// routing: bgp: one RandomPassword per tunnel besides the static lab's resources.
const withBgp = (l: any) => ({ ...l, routing: "bgp" });

const CASES: [string, string, ((l: any) => unknown) | undefined][] = [
  ["dev", "dev", undefined],
  ["dev, one circuit, Bastion, auto-shutdown", "dev", withExtras],
  ["seed", "seed", undefined],
  ["peering", "peering", undefined],
  ["3x4", join(FIXTURES, "Pulumi.3x4.yaml"), undefined],
  ["3x4, one circuit", join(FIXTURES, "Pulumi.3x4.yaml"), onCircuit],
  ["site2", join(FIXTURES, "Pulumi.site2.yaml"), undefined],
  ["dev, routing: bgp", "dev", withBgp],
  ["3x4, one circuit, routing: bgp", join(FIXTURES, "Pulumi.3x4.yaml"), (l: any) => withBgp(onCircuit(l))],
  ["pair", PAIR, undefined],
  ["pair, one circuit", PAIR, onCircuit],
];

describe("lab plan: counts per type are what pulumi up registers", () => {
  for (const [label, stack, edit] of CASES) {
    it(label, async () => {
      const run = await runProgram({ stack, ...(edit ? { lab: edit } : {}) });
      expect(run.error).toBeUndefined();
      expect(sorted(countsByType(plannedResources(labFor(stack, edit))))).toEqual(sorted(registeredCounts(run)));
    });
  }

  it("dev, written by hand from the resource list in docs/deploy-azure.md", () => {
    // 1 RG; per VNet (hub, spoke, site) a VNet, its creation pin and an NSG on its one VM subnet; route
    // tables on the spoke and site subnets (the hub subnet has none); an ER gateway per VNet, no
    // connection without a circuitId; 4 VMs (2 routers, 2 hosts) with a NIC each; hub<->spoke peering both ways.
    expect(countsByType(plannedResources(labFor("dev")))).toEqual({
      [TYPES.rg]: 1,
      [TYPES.pin]: 3,
      [TYPES.rt]: 2,
      [TYPES.nsg]: 3,
      [TYPES.vnet]: 3,
      [TYPES.gw]: 3,
      [TYPES.nic]: 4,
      [TYPES.vm]: 4,
      [TYPES.peering]: 2,
    });
    // The pair fixture: dev with a second hub router (a 5th NIC and VM), one load balancer, and the
    // routers' NAT gateway with its public IP (pool members lose default outbound access); nothing else more.
    expect(countsByType(plannedResources(labFor(PAIR)))).toEqual({
      [TYPES.rg]: 1,
      [TYPES.pin]: 3,
      [TYPES.rt]: 2,
      [TYPES.nsg]: 3,
      [TYPES.vnet]: 3,
      [TYPES.gw]: 3,
      [TYPES.nic]: 5,
      [TYPES.vm]: 5,
      [TYPES.peering]: 2,
      [TYPES.lb]: 1,
      [TYPES.nat]: 1,
      [TYPES.pip]: 1,
      [TYPES.password]: 2,
    });
    expect(countsByType(plannedResources(labFor("dev")))).not.toHaveProperty(TYPES.lb);
    // With one circuit, Bastion Standard and auto-shutdown: 3 connections, 2 Bastions with a public IP each, 4 schedules.
    const extra = countsByType(plannedResources(labFor("dev", withExtras)));
    expect([extra[TYPES.cn], extra[TYPES.bastion], extra[TYPES.pip], extra[TYPES.schedule]]).toEqual([3, 2, 2, 4]);
  });
});

describe("lab plan: the critical path is the mock graph's longest chain", () => {
  const heavy = (names: { type: string; name: string }[]) =>
    names.filter((r) => r.type === TYPES.gw || r.type === TYPES.cn).map((r) => r.name);
  for (const [label, stack, edit] of CASES) {
    it(label, async () => {
      const run = await runProgram({ stack, ...(edit ? { lab: edit } : {}) });
      const mock = longestChain(graphOf(run.resources));
      const plan = criticalPath(plannedResources(labFor(stack, edit)));
      const types = (c: readonly { type: string }[]) =>
        c.filter((r) => r.type === TYPES.gw || r.type === TYPES.cn || r.type === TYPES.rc).map((r) => r.type);
      expect(types(plan.chain)).toEqual(types(mock.chain));
      // Without connections every gateway is a longest chain (a tie); with them the chain is one.
      if (plan.chain.some((l) => l.type === TYPES.cn)) expect(heavy([...plan.chain])).toEqual(heavy(mock.chain));
    });
  }
  it("dev on one circuit: one gateway, then the three connections in config order, then a verify run-command, ≤45 min published", () => {
    const p = criticalPath(plannedResources(labFor("dev", onCircuit)));
    expect(heavy([...p.chain])).toEqual(["gw-vnet-hub00", "cn-vnet-hub00", "cn-vnet-spoke10", "cn-vnet-hub100"]);
    expect(p.publishedMinutes).toBe(45);
    expect(p.chain.at(-1)!.type).toBe(TYPES.rc);
    expect(p.minutes).toBe(1 + 1 + 1 + 45 + 3 * 10 + 5);
  });
  it("pair without circuits: the load balancer is off the critical path (a spoke's gateway waits for its own VNet only)", () => {
    const p = criticalPath(plannedResources(labFor(PAIR)));
    expect(p.chain.some((l) => l.type === TYPES.lb)).toBe(false);
    expect(p.chain.at(-1)!.type).toBe(TYPES.gw);
    // The hub's gateway: resource group, the NAT gateway's public IP, the NAT gateway (the routers'
    // subnet carries it, so the hub VNet waits), the VNet (assumed a minute each), the gateway's published 45.
    expect(p.chain.map((l) => l.name)).toEqual([
      "rg-hub-spoke-vxlan-pair",
      "pip-ng-vnet-hub00-routers",
      "ng-vnet-hub00-routers",
      "vnet-hub00",
      "gw-vnet-hub00",
    ]);
    expect(p.minutes).toBe(4 + 45);
  });
  it("peering: no gateway, minutes only (VMs, then the verify run-command)", () => {
    const p = criticalPath(plannedResources(labFor("peering")));
    expect(p.chain.some((l) => l.type === TYPES.gw)).toBe(false);
    expect(p.publishedMinutes).toBe(0);
    expect(p.chain.at(-1)!.type).toBe(TYPES.rc);
    expect(p.minutes).toBeLessThan(15);
  });
});
