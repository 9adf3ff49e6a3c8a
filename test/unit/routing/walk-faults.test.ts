// The walker's drops, one lab fault each, on the default lab: the seed's topology with the fixes on
// (vm-hub00 10.0.0.4 and vm-hub100 10.100.0.4 are the routers, vxlan0 169.254.0.1 <-> 169.254.0.2,
// routers answer from eth0; vm-spoke10 10.10.0.4 and vm-hub101 10.100.0.5 the hosts). Each expected
// outcome is traced by hand through the lab's routes (README "Routes"), Azure's route selection and
// the kernel's forwarding rules.
import { describe, expect, it } from "vitest";
import { buildLab } from "../../../src/model/build.js";
import type { Lab, RouterModel, RouterTunnel, VmModel } from "../../../src/model/types.js";
import { byPair, expectPair, lookup, sortAddresses, Walker, type KernelRoute } from "../../../src/routing/walk.js";
import { withRouter, withVm } from "../../support/lab-edits.js";

const seedLab = () => buildLab(undefined);
const vm = (lab: Lab, name: string): VmModel => lab.vms.find((v) => v.name === name)!;

const withTunnel = (lab: Lab, name: string, edit: (t: RouterTunnel) => RouterTunnel) =>
  withRouter(lab, name, (r) => ({ ...r, tunnels: r.tunnels.map(edit) }));
const withStatics = (lab: Lab, name: string, routes: RouterModel["routes"]) => withRouter(lab, name, (r) => ({ ...r, routes: routes }));
/** What becomes of a packet the VM sends to dst. */
const send = (lab: Lab, from: string, dst: string) => new Walker(lab).originate(vm(lab, from), dst);
const dropped = (why: string) => ({ kind: "dropped", why });

describe("the walker's drops, one fault at a time (default lab)", () => {
  it("a prefix both routers send into the tunnel loops until the walker calls it a loop; traceroute alternates", () => {
    const seed = seedLab();
    const lab = withRouter(seed, "vm-hub00", (r) => ({
      ...r,
      routes: [...r.routes, { prefix: "10.10.0.0/16", nextHop: "169.254.0.2", why: "fault", proto: "static" }],
    }));
    const w = new Walker(lab);
    // The walker's depth bound trips while the looping packet is encapsulated (the outer packet is one level deeper).
    expect(send(lab, "vm-hub101", "10.10.0.4")).toEqual(dropped("VXLAN vm-hub00 -> vm-hub100: routing loop"));
    // Odd hops: vm-hub100 answers; even hops: vm-hub00, both from eth0 (routerSource).
    expect(expectPair(w, vm(lab, "vm-hub101"), vm(lab, "vm-spoke10"))).toEqual({
      from: "vm-hub101",
      to: "vm-spoke10",
      destination: "10.10.0.4",
      reachable: false,
      hops: ["10.100.0.4", "10.0.0.4", "10.100.0.4", "10.0.0.4", "10.100.0.4", "10.0.0.4"],
      why: "VXLAN vm-hub00 -> vm-hub100: routing loop",
    });
  });

  it("a router without its route into the tunnel hands the packet back to the fabric, whose UDR sends it back: a loop", () => {
    const lab = withStatics(seedLab(), "vm-hub100", []);
    expect(send(lab, "vm-hub101", "10.10.0.4")).toEqual(dropped("routing loop"));
    expect(send(lab, "vm-hub100", "10.10.0.4")).toEqual(dropped("routing loop"));
  });

  it("a router whose NIC has no IP forwarding: Azure drops what it forwards and what is routed to it", () => {
    const lab = withVm(seedLab(), "vm-hub100", (v) => ({ ...v, ipForwarding: false }));
    expect(send(lab, "vm-spoke10", "10.100.0.5")).toEqual(dropped("fabric: vm-hub100 has no IP forwarding and sends as 10.10.0.4"));
    expect(send(lab, "vm-hub101", "10.10.0.4")).toEqual(dropped("fabric: vm-hub100 has no IP forwarding, cannot receive for 10.10.0.4"));
    // Its own packets still leave: the check is about foreign sources only.
    expect(send(lab, "vm-hub100", "10.100.0.5")).toMatchObject({ kind: "delivered", at: { name: "vm-hub101" } });
  });

  it("a VM whose NIC forwards but whose kernel does not (ip_forward=0) drops what is routed through it", () => {
    const lab = withVm(seedLab(), "vm-hub00", (v) => ({ ...v, role: "host" }));
    expect(send(lab, "vm-spoke10", "10.100.0.5")).toEqual(dropped("vm-hub00 does not forward (ip_forward=0)"));
  });

  it("a static route into the tunnel via an address the far end does not have: no ARP answer on vxlan0", () => {
    const lab = withStatics(seedLab(), "vm-hub00", [
      { prefix: "10.100.0.0/16", nextHop: "169.254.0.9", why: "fault", proto: "static" },
      { prefix: "10.100.0.4/32", nextHop: "10.0.0.1", why: "underlay", proto: "static" },
    ]);
    expect(send(lab, "vm-hub00", "10.100.0.5")).toEqual(dropped("vm-hub00: 169.254.0.9 does not answer ARP on vxlan0"));
  });

  it("without the /32 to the tunnel peer, the outer packet itself would go into the tunnel", () => {
    const lab = withStatics(seedLab(), "vm-hub00", [
      { prefix: "10.100.0.0/16", nextHop: "169.254.0.2", why: "overlay only", proto: "static" },
    ]);
    expect(send(lab, "vm-hub00", "10.100.0.5")).toEqual(dropped("vm-hub00: outer packet to 10.100.0.4 routed into vxlan0"));
  });

  it("a tunnel peer address nobody has: the outer packet finds no ARP answer in the subnet", () => {
    const lab = withTunnel(seedLab(), "vm-hub00", (t) => ({ ...t, remote: { ...t.remote, underlay: "10.0.0.99" } }));
    expect(send(lab, "vm-hub00", "10.100.0.5")).toEqual(dropped("VXLAN vm-hub00 -> vm-hub100: fabric: no ARP answer for 10.0.0.99"));
  });

  it("a tunnel peer address that is another VM's: the outer packet lands there and the inner one is lost", () => {
    const seed = seedLab();
    const lab = withStatics(
      withTunnel(seed, "vm-hub00", (t) => ({ ...t, remote: { ...t.remote, underlay: "10.100.0.5" } })),
      "vm-hub00",
      [
        { prefix: "10.100.0.0/16", nextHop: "169.254.0.2", why: "overlay", proto: "static" },
        { prefix: "10.100.0.5/32", nextHop: "10.0.0.1", why: "underlay", proto: "static" },
      ],
    );
    expect(send(lab, "vm-hub00", "10.100.0.4")).toEqual(dropped("VXLAN vm-hub00 -> vm-hub100: not delivered"));
  });

  it("a destination Azure has no route for is dropped in the fabric, with the subnet and next hop type", () => {
    const lab = seedLab();
    expect(send(lab, "vm-hub00", "10.200.0.1")).toEqual(dropped("fabric: vnet-hub00/default -> 10.200.0.1: None"));
    expect(send(lab, "vm-spoke10", "1.1.1.1")).toEqual(dropped("fabric: vnet-spoke10/default -> 1.1.1.1: Internet"));
  });

  it("an answer lost on the way back is named with where it was lost; the forward hops still show", () => {
    const seed = seedLab();
    // Without the site subnet's UDR, the host's answers to the spoke meet the reserved 10.0.0.0/8 None route.
    const lab: Lab = { ...seed, routeTables: seed.routeTables.filter((t) => t.vnet !== "vnet-hub100") };
    const w = new Walker(lab);
    expect(w.probe(vm(lab, "vm-spoke10"), "10.100.0.5", 64)).toEqual({
      answer: "???",
      fromDestination: false,
      why: "answer from vm-hub101 (10.100.0.5) lost: fabric: vnet-hub100/default -> 10.10.0.4: None",
    });
    expect(w.probe(vm(lab, "vm-spoke10"), "10.100.0.5", 1)).toEqual({ answer: "10.0.0.4", fromDestination: false });
    expect(expectPair(w, vm(lab, "vm-spoke10"), vm(lab, "vm-hub101"))).toMatchObject({
      reachable: false,
      hops: ["10.0.0.4", "10.100.0.4", "???", "???", "???", "???"],
      why: "answer from vm-hub101 (10.100.0.5) lost: fabric: vnet-hub100/default -> 10.10.0.4: None",
    });
  });
});

describe("kernel route lookup: longest prefix, then connected before static before DHCP", () => {
  const r = (prefix: string, proto: KernelRoute["proto"], via?: string): KernelRoute => ({
    prefix,
    dev: "eth0",
    proto,
    ...(via ? { via } : {}),
  });
  it("a longer prefix wins whatever its kind, in either order", () => {
    const k8 = r("0.0.0.0/0", "kernel");
    const s24 = r("10.0.0.0/24", "static", "10.0.0.1");
    expect(lookup([s24, k8], "10.0.0.5")).toBe(s24);
    expect(lookup([k8, s24], "10.0.0.5")).toBe(s24);
  });
  it("same prefix: kernel before static before dhcp, in any order", () => {
    const k = r("10.0.0.0/24", "kernel");
    const s = r("10.0.0.0/24", "static", "10.0.0.1");
    const d = r("10.0.0.0/24", "dhcp", "10.0.0.1");
    expect(lookup([d, k], "10.0.0.5")).toBe(k);
    expect(lookup([k, d], "10.0.0.5")).toBe(k);
    expect(lookup([d, s], "10.0.0.5")).toBe(s);
    expect(lookup([s, d], "10.0.0.5")).toBe(s);
    expect(lookup([s, k, d], "10.0.0.5")).toBe(k);
  });
  it("two routes of one prefix and kind: the first one stays", () => {
    const a = r("10.0.0.0/24", "static", "10.0.0.1");
    const b = r("10.0.0.0/24", "static", "10.0.0.2");
    expect(lookup([a, b], "10.0.0.5")).toBe(a);
    expect(lookup([b, a], "10.0.0.5")).toBe(b);
  });
  it("nothing matches: undefined", () => {
    expect(lookup([r("10.0.0.0/24", "kernel")], "10.0.1.5")).toBeUndefined();
  });
});

describe("table order", () => {
  it("pairs sort by source, then destination", () => {
    const rows = [
      { from: "b", to: "a" },
      { from: "a", to: "c" },
      { from: "a", to: "b" },
    ];
    expect([...rows].sort(byPair)).toEqual([
      { from: "a", to: "b" },
      { from: "a", to: "c" },
      { from: "b", to: "a" },
    ]);
    expect(byPair({ from: "a", to: "b" }, { from: "a", to: "c" })).toBeLessThan(0);
  });
  it("addresses sort numerically, not as text, and the input is not changed", () => {
    const xs = ["10.0.0.10", "10.0.0.9", "9.255.0.1", "10.0.1.0"];
    expect(sortAddresses(xs)).toEqual(["9.255.0.1", "10.0.0.9", "10.0.0.10", "10.0.1.0"]);
    expect(xs).toEqual(["10.0.0.10", "10.0.0.9", "9.255.0.1", "10.0.1.0"]);
  });
});
