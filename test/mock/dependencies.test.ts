// Dependencies as the engine sees them (property references and dependsOn, from the mocks):
// gateways all start at once and nothing but a connection (and the verify run-commands, which wait
// for the whole data path) waits for a gateway; connections on one circuit are written in series.
// So `pulumi up` takes about one gateway, the connections of the busiest circuit and one verify
// run-command.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES } from "../support/stacks.js";
import { ancestors as graphAncestors, dependencyViolations, graphOf, longestChain } from "./graph.js";
import { runProgram, T, type Registered } from "./harness.js";
import { CIRCUIT, circuitId, onCircuit } from "../support/circuits.js";

/** Worst case for the chain: every gateway on one circuit. */
const oneCircuit = (l: any) => onCircuit(l);
/** A circuit per hub and spoke; each simulated site on the circuit of the VNet it attaches to. */
const circuitPerAnchor = (l: any) => {
  for (const v of [l.hub, ...l.spokes]) if (v.gateway) v.gateway.circuitId = circuitId(`er-${v.name}`);
  for (const s of l.sites)
    if (s.gateway) s.gateway.circuitId = circuitId(`er-${s.attach === "hub" || s.attach === undefined ? l.hub.name : s.attach}`);
  return l;
};
const circuitOf = (r: Registered) => String(r.inputs.peer.id);

for (const [label, stack] of [
  ["dev", "dev"],
  ["3x4", join(FIXTURES, "Pulumi.3x4.yaml")],
] as const) {
  for (const [layout, lab] of [
    ["one circuit for all", oneCircuit],
    ["a circuit per hub/spoke", circuitPerAnchor],
  ] as const) {
    describe(`dependency graph: ${label}, ${layout}`, () => {
      it("no VM, NIC, route table, NSG, VNet or peering waits for a gateway; gateways don't wait for each other; one circuit's connections in series", async () => {
        const run = await runProgram({ stack, lab });
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

      it("the longest chain is one gateway, its connection, the rest of that circuit's connections, then a verify run-command", async () => {
        const run = await runProgram({ stack, lab });
        const cns = run.resources.filter((r) => r.type === T.cn);
        const perCircuit = new Map<string, number>();
        for (const c of cns) perCircuit.set(circuitOf(c), (perCircuit.get(circuitOf(c)) ?? 0) + 1);
        const n = Math.max(...perCircuit.values());
        const { chain, minutes } = longestChain(graphOf(run.resources));
        const heavy = chain.filter((r) => r.type === T.gw || r.type === T.cn || r.type === T.rc);
        expect(heavy.map((r) => r.type)).toEqual([T.gw, ...Array(n).fill(T.cn), T.rc]);
        expect(chain.at(-1)!.type).toBe(T.rc);
        expect(heavy[1]!.name).toBe(heavy[0]!.name.replace(/^gw-/, "cn-"));
        expect(new Set(heavy.slice(1, -1).map(circuitOf)).size).toBe(1);
        // RG + NSG/route table + VNet before the gateway: a few minutes on top of 45 + 10 per connection + 5.
        expect(minutes).toBeGreaterThanOrEqual(45 + 10 * n + 5);
        expect(minutes).toBeLessThanOrEqual(45 + 10 * n + 5 + 7);
      });

      it("each verify run-command waits for every VM, connection, peering, route table and NSG", async () => {
        const run = await runProgram({ stack, lab });
        const g = graphOf(run.resources);
        const all = [...g.nodes.values()];
        const path = all
          .filter((r) => ([T.vm, T.cn, T.peering, T.rt, T.nsg] as string[]).includes(r.type))
          .map((r) => r.name)
          .sort();
        const rcs = all.filter((r) => r.type === T.rc);
        expect(rcs.length).toBe(all.filter((r) => r.type === T.vm).length);
        for (const rc of rcs) {
          const up = new Set([...graphAncestors(g, rc.urn)].map((u) => g.nodes.get(u)!.name));
          expect(
            path.filter((n) => !up.has(n)),
            rc.name,
          ).toEqual([]);
        }
      });
    });
  }
}

describe("dependency graph: details", () => {
  it("two connections on one circuit: the second waits for the first, in config order; another circuit's is independent", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: (l: any) => (
        (l.hub.gateway.circuitId = CIRCUIT),
        (l.sites[0].gateway.circuitId = CIRCUIT),
        (l.spokes[0].gateway.circuitId = circuitId("er-b")),
        l
      ),
    });
    expect(run.error).toBeUndefined();
    const g = graphOf(run.resources);
    const byName = (n: string) => [...g.nodes.values()].find((r) => r.name === n)!;
    const [hub, site, spoke] = ["cn-vnet-hub00", "cn-vnet-hub100", "cn-vnet-spoke10"].map(byName);
    expect(site!.deps).toContain(hub!.urn); // dependsOn, sent to the engine
    expect(graphAncestors(g, hub!.urn).has(site!.urn)).toBe(false);
    expect(graphAncestors(g, spoke!.urn).has(hub!.urn) || graphAncestors(g, spoke!.urn).has(site!.urn)).toBe(false);
    expect(graphAncestors(g, site!.urn).has(spoke!.urn)).toBe(false);
    expect(dependencyViolations(g)).toEqual([]);
    // The gateways still start at once: the site's gateway does not wait for the hub's connection.
    expect(graphAncestors(g, byName("gw-vnet-hub100").urn).has(hub!.urn)).toBe(false);
  });

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

  it("all gateways start at once: each depends only on the RG and its VNet, also with circuits", async () => {
    const run = await runProgram({ stack: "dev", lab: oneCircuit });
    const g = graphOf(run.resources);
    const gws = [...g.nodes.values()].filter((r) => r.type === T.gw);
    expect(gws).toHaveLength(3);
    for (const gw of gws) {
      const direct = g.deps
        .get(gw.urn)!
        .map((u) => g.nodes.get(u)!.type)
        .sort();
      expect(direct, gw.name).toEqual([T.rg, T.vnet].sort());
    }
  });
});

// The checker itself must be able to fail.
describe("dependency checker (negative cases)", () => {
  const node = (name: string, type: string, deps: string[] = [], inputs: Record<string, any> = {}): Registered => ({
    urn: `urn:${name}`,
    type,
    name,
    parent: "",
    custom: true,
    id: `/mock/${name}`,
    inputs,
    secretInputs: [],
    deps: deps.map((d) => `urn:${d}`),
    replaceOnChanges: [],
    deleteBeforeReplace: false,
    propertyDeps: {},
    deletedWith: "",
  });
  const conn = (name: string, gw: string, circuitId: string, deps: string[] = []) =>
    node(name, T.cn, [gw, ...deps], { virtualNetworkGateway1: { id: `/mock/${gw}` }, peer: { id: circuitId } });
  it("flags a VM that waits for a gateway and a gateway that waits for another, and the chain grows", () => {
    const g = graphOf([
      node("rg", T.rg),
      node("vnet", T.vnet, ["rg"]),
      node("gw-a", T.gw, ["vnet"]),
      node("gw-b", T.gw, ["vnet", "gw-a"]),
      conn("cn-b", "gw-b", "X"),
      node("nic", T.nic, ["vnet"]),
      node("vm", T.vm, ["nic", "gw-a"]),
    ]);
    expect(dependencyViolations(g)).toEqual([
      "gw-b (VirtualNetworkGateway) waits for gateway gw-a",
      "cn-b waits for gateway gw-a other than through its connection on the same circuit",
      "vm (VirtualMachine) waits for gateway gw-a",
    ]);
    const { chain, minutes } = longestChain(g);
    expect(chain.map((r) => r.name)).toEqual(["rg", "vnet", "gw-a", "gw-b", "cn-b"]);
    // rg 1, VNet 1, two gateways 45 each, a connection 10 (DURATIONS, src/plan/critical-path.ts).
    expect(minutes).toBe(1 + 1 + 45 + 45 + 10);
  });
  it("a dependsOn on a component reaches its children (the engine makes them wait)", () => {
    const comp = { ...node("vm-component", "hub-spoke-vxlan:azure:Vm", ["gw"]), custom: false };
    const g = graphOf([
      node("gw", T.gw),
      comp,
      { ...node("nic", T.nic), parent: comp.urn },
      { ...node("vm", T.vm, ["nic"]), parent: comp.urn },
    ]);
    expect(dependencyViolations(g)).toEqual(["nic (NetworkInterface) waits for gateway gw", "vm (VirtualMachine) waits for gateway gw"]);
  });
  it("flags connections on one circuit written at once, a wait across circuits, and a connection not on its gateway", () => {
    const g = graphOf([
      node("gw-a", T.gw),
      node("gw-b", T.gw),
      node("gw-c", T.gw),
      conn("cn-a", "gw-a", "X"),
      conn("cn-b", "gw-b", "X"),
      conn("cn-c", "gw-c", "Y", ["cn-a"]),
      node("cn-d", T.cn, [], { virtualNetworkGateway1: { id: "/mock/gw-d" }, peer: { id: "Z" } }),
    ]);
    expect(dependencyViolations(g)).toEqual([
      "cn-c waits for cn-a, which is on another circuit",
      "cn-c waits for gateway gw-a other than through its connection on the same circuit",
      "cn-d does not wait for its own gateway",
      "cn-a and cn-b share a circuit but may be written at once",
    ]);
    // Chained on one circuit, the same connections pass, and the chain is one gateway plus both.
    const ok = graphOf([node("gw-a", T.gw), node("gw-b", T.gw), conn("cn-a", "gw-a", "X"), conn("cn-b", "gw-b", "x", ["cn-a"])]);
    expect(dependencyViolations(ok)).toEqual([]);
    expect(longestChain(ok).chain.map((r) => r.name)).toEqual(["gw-a", "cn-a", "cn-b"]);
  });
  it("detects cycles", () => {
    expect(() => longestChain(graphOf([node("a", T.rt, ["b"]), node("b", T.rt, ["a"])]))).toThrow(/cycle/);
  });
});
