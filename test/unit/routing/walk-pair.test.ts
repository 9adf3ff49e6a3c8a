// The walk through hub.pair's load balancer and the site router's two BGP paths, on
// test/fixtures/Pulumi.pair.yaml: vm-hub00 10.0.0.4 and vm-hub01 10.0.0.5 behind the frontend
// 10.0.0.10 (the spoke's UDR for 10.100/16), vm-hub100 10.100.0.4 with 10.10/16 over vxlan0 (to
// vm-hub00) and vxlan1 (to vm-hub01). Expected values from Azure's rules, written by hand:
// "Load-balancing rules and inbound NAT rules support TCP and UDP, but not other IP protocols
// including ICMP" and "Outbound flow from a backend VM to a frontend of an internal Load Balancer
// will fail" (Learn, "Azure Load Balancer components", Limitations); one backend per flow (Learn,
// "High availability ports overview").
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Lab, VmModel } from "../../../src/model/types.js";
import { deliveryNic, effectiveRoutes } from "../../../src/routing/effective-routes.js";
import { Choices, everyChoice } from "../../../src/routing/choices.js";
import { expectAll, expectPair, kernelRoutes, lookup, lookupAll, Walker } from "../../../src/routing/walk.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { withRouter, withVm } from "../../support/lab-edits.js";

const pair = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
const vm = (lab: Lab, name: string): VmModel => lab.vms.find((v) => v.name === name)!;
const ICMP_DROP = "load balancer lbi-vnet-hub00-routers (10.0.0.10) does not balance ICMP (its HA ports rule carries TCP and UDP only)";

describe("deliveryNic: a next hop that is a load balancer's frontend", () => {
  it("goes to the load balancer with both hub routers as backends, not to 'no NIC'", () => {
    const d = deliveryNic(pair, effectiveRoutes(pair, "vnet-spoke10", "default"), "10.100.0.5");
    expect(d).toMatchObject({ loadBalancer: { frontend: "10.0.0.10" } });
    expect("backends" in d && d.backends.map((b) => b.name)).toEqual(["vm-hub00", "vm-hub01"]);
  });
  it("a frontend no load balancer has stays a missing NIC", () => {
    const { loadBalancer: _gone, ...noLb } = pair;
    expect(deliveryNic(noLb, effectiveRoutes(noLb, "vnet-spoke10", "default"), "10.100.0.5")).toEqual({
      drop: "no NIC has next hop 10.0.0.10",
    });
  });
});

describe("the walker's choices", () => {
  const w = new Walker(pair);
  it("the load balancer's backend is the choice: 0 the first hub router, 1 the second", () => {
    const spoke = vm(pair, "vm-spoke10");
    // TTL 1 expires on the backend the flow went to.
    expect(w.originate(spoke, "10.100.0.5", { ttl: 1, choices: new Choices([0]) })).toMatchObject({
      kind: "expired",
      at: { name: "vm-hub00" },
    });
    expect(w.originate(spoke, "10.100.0.5", { ttl: 1, choices: new Choices([1]) })).toMatchObject({
      kind: "expired",
      at: { name: "vm-hub01" },
    });
    // And on through that router's own tunnel to the host.
    expect(w.originate(spoke, "10.100.0.5", { choices: new Choices([1]) })).toMatchObject({ kind: "delivered", at: { name: "vm-hub101" } });
  });

  it("the site router's two BGP routes to the spoke are equal: lookup takes the first, lookupAll both, the choice picks", () => {
    const routes = kernelRoutes(pair, vm(pair, "vm-hub100"));
    expect(lookupAll(routes, "10.10.0.4").map((r) => r.dev)).toEqual(["vxlan0", "vxlan1"]);
    expect(lookup(routes, "10.10.0.4")!.dev).toBe("vxlan0");
    // A single best route is alone, whatever else matches.
    expect(lookupAll(routes, "10.100.0.5").map((r) => r.dev)).toEqual(["eth0"]);
    const site = vm(pair, "vm-hub100");
    expect(w.originate(site, "10.10.0.4", { ttl: 1, choices: new Choices([0]) })).toMatchObject({
      kind: "expired",
      at: { name: "vm-hub00" },
    });
    expect(w.originate(site, "10.10.0.4", { ttl: 1, choices: new Choices([1]) })).toMatchObject({
      kind: "expired",
      at: { name: "vm-hub01" },
    });
  });

  it("without choices given, the first option everywhere", () => {
    expect(w.originate(vm(pair, "vm-hub100"), "10.10.0.4", { ttl: 1 })).toMatchObject({ at: { name: "vm-hub00" } });
  });

  it("every combination is walked: spoke -> site host with TTL 1 crosses one choice (the backend), TTL 2 two", () => {
    const spoke = vm(pair, "vm-spoke10");
    // TTL 1: the backend, then its answer goes back over the peering (no choice).
    expect(w.probeEvery(spoke, "10.100.0.5", 1).map((p) => p.answer)).toEqual(["10.0.0.4", "10.0.0.5"]);
    // TTL 2: the backend, then vm-hub100's answer by either tunnel: 2 x 2, always 10.100.0.4.
    expect(w.probeEvery(spoke, "10.100.0.5", 2).map((p) => p.answer)).toEqual(["10.100.0.4", "10.100.0.4", "10.100.0.4", "10.100.0.4"]);
  });
});

describe("protocols at the load balancer", () => {
  const w = new Walker(pair);
  const spoke = vm(pair, "vm-spoke10");
  it("ICMP is dropped there, with why; TCP and UDP pass", () => {
    expect(w.originate(spoke, "10.100.0.5", { proto: "icmp" })).toEqual({
      kind: "dropped",
      why: `fabric: vnet-spoke10/default -> 10.100.0.5: ${ICMP_DROP}`,
    });
    expect(w.originate(spoke, "10.100.0.5", { proto: "tcp" })).toMatchObject({ kind: "delivered", at: { name: "vm-hub101" } });
    expect(w.originate(spoke, "10.100.0.5", { proto: "udp" })).toMatchObject({ kind: "delivered", at: { name: "vm-hub101" } });
  });

  it("an echo reply routed to the frontend is lost: site -> spoke ping fails, TCP connects", () => {
    const site = vm(pair, "vm-hub100");
    expect(w.probeEvery(site, "10.10.0.4", 64, "icmp").every((p) => !p.fromDestination)).toBe(true);
    expect(w.probe(site, "10.10.0.4", 64, "icmp").why).toBe(
      `answer from vm-spoke10 (10.10.0.4) lost: fabric: vnet-spoke10/default -> 10.100.0.4: ${ICMP_DROP}`,
    );
    expect(w.probeEvery(site, "10.10.0.4", 64, "tcp").every((p) => p.fromDestination)).toBe(true);
  });

  it("a time-exceeded routed to the frontend is lost too, while the SYN-ACK gets through", () => {
    // The site sends the spoke's space to the frontend and vm-hub100 keeps no route of its own to it:
    // vm-hub100's time-exceeded to 10.10.0.4 (TTL 2) meets the load balancer; the host's SYN-ACK is TCP.
    const edited = withRouter(
      {
        ...pair,
        routeTables: pair.routeTables.map((t) =>
          t.vnet === "vnet-hub100" ? { ...t, routes: t.routes.map((r) => ({ ...r, nextHopIp: "10.0.0.10" })) } : t,
        ),
      },
      "vm-hub100",
      (r) => ({ ...r, routes: r.routes.filter((x) => x.prefix !== "10.10.0.0/16") }),
    );
    const e = expectPair(new Walker(edited), vm(edited, "vm-spoke10"), vm(edited, "vm-hub101"));
    expect(e).toMatchObject({ reachable: true, ping: false, hops: ["10.0.0.4|10.0.0.5", "???", "10.100.0.5"] });
  });

  it("a backend's own flow to the frontend fails (hairpin)", () => {
    // A hub UDR to the frontend, and vm-hub00 without its BGP route: its packet to the site host meets its own load balancer.
    const hubTable = {
      name: "rt-hub",
      vnet: "vnet-hub00",
      subnet: "default",
      routes: [{ name: "to-lb", prefix: "10.100.0.0/16", nextHopIp: "10.0.0.10" }],
    };
    const edited = withRouter({ ...pair, routeTables: [...pair.routeTables, hubTable] }, "vm-hub00", (r) => ({
      ...r,
      routes: r.routes.filter((x) => x.prefix !== "10.100.0.0/16"),
    }));
    expect(new Walker(edited).originate(vm(edited, "vm-hub00"), "10.100.0.5")).toEqual({
      kind: "dropped",
      why: "fabric: vnet-hub00/default -> 10.100.0.5: load balancer lbi-vnet-hub00-routers (10.0.0.10): vm-hub00 is its backend, and a backend's flow to its own frontend fails",
    });
  });
});

describe("expectPair over every combination", () => {
  const all = expectAll(pair);
  const e = (from: string, to: string) => all.find((x) => x.from === from && x.to === to)!;
  it("spoke <-> site: TCP reachable, ping not (its why the load balancer's), hops through either hub router", () => {
    expect(e("vm-spoke10", "vm-hub101")).toEqual({
      from: "vm-spoke10",
      to: "vm-hub101",
      destination: "10.100.0.5",
      reachable: true,
      ping: false,
      hops: ["10.0.0.4|10.0.0.5", "10.100.0.4", "10.100.0.5"],
      why: `fabric: vnet-spoke10/default -> 10.100.0.5: ${ICMP_DROP}`,
    });
    expect(e("vm-hub101", "vm-spoke10")).toMatchObject({
      reachable: true,
      ping: false,
      hops: ["10.100.0.4", "10.0.0.4|10.0.0.5", "10.10.0.4"],
    });
  });
  it("pairs the load balancer is not on: no ping key, no alternatives, as in the dev lab", () => {
    expect(e("vm-hub00", "vm-hub101")).toEqual({
      from: "vm-hub00",
      to: "vm-hub101",
      destination: "10.100.0.5",
      reachable: true,
      hops: ["10.100.0.4", "10.100.0.5"],
    });
    expect(e("vm-spoke10", "vm-hub01")).toEqual({
      from: "vm-spoke10",
      to: "vm-hub01",
      destination: "10.0.0.5",
      reachable: true,
      hops: ["10.0.0.5"],
    });
  });
  it("reachable only if every combination gets through: the second router without IP forwarding fails its half, so the pair", () => {
    const edited = withVm(pair, "vm-hub01", (v) => ({ ...v, ipForwarding: false }));
    const x = expectPair(new Walker(edited), vm(edited, "vm-spoke10"), vm(edited, "vm-hub101"));
    // First combination: in by vm-hub00, the SYN-ACK back by vxlan0: fine. Second: back by vxlan1,
    // and vm-hub01 may not send for 10.100.0.5: the first failing one, its why.
    expect(x).toEqual({
      from: "vm-spoke10",
      to: "vm-hub101",
      destination: "10.100.0.5",
      reachable: false,
      hops: ["10.0.0.4|???", "10.100.0.4|???", "10.100.0.5|???", "10.100.0.5|???", "10.100.0.5|???", "10.100.0.5|???"],
      why: "answer from vm-hub101 (10.100.0.5) lost: fabric: vm-hub01 has no IP forwarding and sends as 10.100.0.5",
    });
  });
  it("a path one choice makes shorter: the hop lists both, and the list ends once every choice reached the host", () => {
    // vm-hub01 without its route into the tunnel sends to the site over the hub's gateway route: one hop less.
    const edited = withRouter(pair, "vm-hub01", (r) => ({ ...r, routes: r.routes.filter((x) => x.prefix !== "10.100.0.0/16") }));
    const x = expectPair(new Walker(edited), vm(edited, "vm-spoke10"), vm(edited, "vm-hub101"));
    expect(x).toMatchObject({ reachable: true, ping: false, hops: ["10.0.0.4|10.0.0.5", "10.100.0.4|10.100.0.5", "10.100.0.5"] });
  });
});

describe("labs without a load balancer or equal routes: one combination, as before", () => {
  it("every probe of the dev lab walks once", () => {
    const dev = labOf("dev");
    const w = new Walker(dev);
    for (const a of dev.vms) for (const b of dev.vms.filter((x) => x !== a)) expect(w.probeEvery(a, b.address, 64)).toHaveLength(1);
  });
});

describe("everyChoice", () => {
  it("walks a tree whose branches differ depth-first, each leaf once, the first options first", () => {
    // Decision 1: 3 options; only option 1 meets a second decision with 2 options.
    const leaves = everyChoice((c) => {
      const a = c.pick(3);
      return a === 1 ? `${a}.${c.pick(2)}` : `${a}`;
    });
    expect(leaves).toEqual(["0", "1.0", "1.1", "2"]);
  });
  it("no decision: one walk", () => {
    expect(everyChoice(() => "x")).toEqual(["x"]);
  });
  it("a walk without end is a bug: refused past the bound", () => {
    expect(() => everyChoice((c) => Array.from({ length: 13 }, () => c.pick(2)))).toThrow(/more than 4096 combinations/);
  });
});
