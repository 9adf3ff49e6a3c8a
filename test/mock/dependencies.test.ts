// Dependencies as the engine sees them (property references and dependsOn, from the mocks):
// gateways all start at once, nothing but a connection (and the verify run-commands, which wait
// for the whole data path) waits for a gateway, so `pulumi up` takes about one gateway, one
// connection and one verify run-command.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES } from "../support/stacks.js";
import { ancestors as graphAncestors, dependencyViolations, graphOf, longestChain } from "./graph.js";
import { runProgram, T, type Registered } from "./harness.js";

const CIRCUIT = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-lab";
const allCircuits = (l: any) => {
  for (const v of [l.hub, ...l.spokes, ...l.sites]) if (v.gateway && v.kind !== "onprem") v.gateway.circuitId = CIRCUIT;
  return l;
};

for (const [label, stack] of [
  ["dev", "dev"],
  ["3x4", join(FIXTURES, "Pulumi.3x4.yaml")],
] as const) {
  describe(`dependency graph: ${label} with every circuit connected`, () => {
    it("no VM, NIC, route table, NSG, VNet or peering waits for a gateway; gateways don't wait for each other", async () => {
      const run = await runProgram({ stack, lab: allCircuits });
      expect(run.error).toBeUndefined();
      const g = graphOf(run.resources);
      expect(g.nodes.size).toBeGreaterThan(10);
      expect(dependencyViolations(g)).toEqual([]);
      // The edges really come from mocked ids: a NIC waits for its VNet (subnet id) and the RG.
      const nic = [...g.nodes.values()].find((r) => r.type === T.nic)!;
      const nicDeps = g.deps.get(nic.urn)!.map((u) => g.nodes.get(u)!.type);
      expect(nicDeps).toContain(T.vnet);
      const cn = [...g.nodes.values()].find((r) => r.type === T.cn)!;
      expect(cn.inputs.virtualNetworkGateway1.id).toMatch(/^\/mock\/VirtualNetworkGateway\//);
    });

    it("the longest chain is one gateway, its connection, then a verify run-command", async () => {
      const run = await runProgram({ stack, lab: allCircuits });
      const { chain, minutes } = longestChain(graphOf(run.resources));
      const heavy = chain.filter((r) => r.type === T.gw || r.type === T.cn || r.type === T.rc);
      expect(heavy.map((r) => r.type)).toEqual([T.gw, T.cn, T.rc]);
      expect(heavy[1]!.name).toBe(heavy[0]!.name.replace(/^gw-/, "cn-"));
      expect(chain.at(-1)!.type).toBe(T.rc);
      // RG + NSG/route table + VNet before the gateway: a few minutes on top of 45 + 10 + 5.
      expect(minutes).toBeGreaterThanOrEqual(60);
      expect(minutes).toBeLessThanOrEqual(67);
    });

    it("each verify run-command waits for every VM, connection, peering, route table and NSG", async () => {
      const run = await runProgram({ stack, lab: allCircuits });
      const g = graphOf(run.resources);
      const all = [...g.nodes.values()];
      const path = all.filter((r) => ([T.vm, T.cn, T.peering, T.rt, T.nsg] as string[]).includes(r.type)).map((r) => r.name).sort();
      const rcs = all.filter((r) => r.type === T.rc);
      expect(rcs.length).toBe(all.filter((r) => r.type === T.vm).length);
      for (const rc of rcs) {
        const up = new Set([...graphAncestors(g, rc.urn)].map((u) => g.nodes.get(u)!.name));
        expect(path.filter((n) => !up.has(n)), rc.name).toEqual([]);
      }
    });
  });
}

describe("dependency graph: details", () => {
  it("peerings sharing a VNet are chained, never parallel", async () => {
    const run = await runProgram({ stack: join(FIXTURES, "Pulumi.3x4.yaml") });
    const g = graphOf(run.resources);
    const peerings = [...g.nodes.values()].filter((r) => r.type === T.peering);
    expect(peerings).toHaveLength(8);
    const ends = (r: Registered) => [r.inputs.virtualNetworkName as string, String(r.inputs.remoteVirtualNetwork.id).split("/").pop()!];
    for (const a of peerings) {
      for (const b of peerings) {
        if (a === b || !ends(a).some((v) => ends(b).includes(v))) continue;
        const ordered = graphAncestors(g, a.urn).has(b.urn) || graphAncestors(g, b.urn).has(a.urn);
        expect(ordered, `${a.name} / ${b.name}`).toBe(true);
      }
    }
  });

  it("all gateways start at once: each depends only on the RG, its VNet and its own public IP", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.hub.gateway.publicIp = true), l) });
    const g = graphOf(run.resources);
    for (const gw of [...g.nodes.values()].filter((r) => r.type === T.gw)) {
      const direct = g.deps.get(gw.urn)!.map((u) => g.nodes.get(u)!.type).sort();
      const expected = gw.name === "gw-vnet-hub00" ? [T.pip, T.rg, T.vnet] : [T.rg, T.vnet];
      expect(direct, gw.name).toEqual(expected.sort());
    }
  });
});

// The checker itself must be able to fail.
describe("dependency checker (negative cases)", () => {
  const node = (name: string, type: string, deps: string[] = []): Registered => ({
    urn: `urn:${name}`, type, name, parent: "", custom: true, id: `/mock/${name}`, inputs: {}, secretInputs: [], deps: deps.map((d) => `urn:${d}`), replaceOnChanges: [], deleteBeforeReplace: false,
  });
  it("flags a VM that waits for a gateway and a gateway that waits for another, and the chain grows", () => {
    const g = graphOf([
      node("rg", T.rg),
      node("vnet", T.vnet, ["rg"]),
      node("gw-a", T.gw, ["vnet"]),
      node("gw-b", T.gw, ["vnet", "gw-a"]),
      node("cn-b", T.cn, ["gw-b"]),
      node("nic", T.nic, ["vnet"]),
      node("vm", T.vm, ["nic", "gw-a"]),
    ]);
    expect(dependencyViolations(g)).toEqual([
      "gw-b (VirtualNetworkGateway) waits for gateway gw-a",
      "cn-b must follow exactly its own gateway, follows [gw-b, gw-a]",
      "vm (VirtualMachine) waits for gateway gw-a",
    ]);
    const { chain, minutes } = longestChain(g);
    expect(chain.map((r) => r.name)).toEqual(["rg", "vnet", "gw-a", "gw-b", "cn-b"]);
    expect(minutes).toBe(1 + 2 + 45 + 45 + 10);
  });
  it("a dependsOn on a component reaches its children (the engine makes them wait)", () => {
    const comp = { ...node("vm-component", "hub-spoke-vxlan:azure:Vm", ["gw"]), custom: false };
    const g = graphOf([node("gw", T.gw), comp, { ...node("nic", T.nic), parent: comp.urn }, { ...node("vm", T.vm, ["nic"]), parent: comp.urn }]);
    expect(dependencyViolations(g)).toEqual(["nic (NetworkInterface) waits for gateway gw", "vm (VirtualMachine) waits for gateway gw"]);
  });
  it("detects cycles", () => {
    expect(() => longestChain(graphOf([node("a", T.rt, ["b"]), node("b", T.rt, ["a"])]))).toThrow(/cycle/);
  });
});
