import { describe, expect, it } from "vitest";
import { buildLab } from "../../../src/model/build.js";
import { readStackFile } from "../../../src/config/stack-file.js";
import type { Lab } from "../../../src/model/types.js";
import { deliveryVm, effectiveRoutes, routeTableFor, selectRoute, type EffectiveRoute } from "../../../src/routing/effective-routes.js";
import { withUdr, withVnet } from "../../support/lab-edits.js";
import { RESERVED, rows } from "../../support/route-rows.js";

const seed = buildLab(undefined);
const peering = buildLab(readStackFile("peering").lab);
const lab3x4 = buildLab(readStackFile("test/fixtures/Pulumi.3x4.yaml").lab);
const site2 = buildLab(readStackFile("test/fixtures/Pulumi.site2.yaml").lab);

const find = (routes: readonly EffectiveRoute[], prefix: string, nextHopType?: string) =>
  routes.filter((r) => r.prefixes.includes(prefix) && (!nextHopType || r.nextHopType === nextHopType));

describe("seed lab", () => {
  it("hub subnet: own space, peered spoke, the site learned by its gateway", () => {
    expect(rows(effectiveRoutes(seed, "vnet-hub00", "default"))).toEqual([
      "Default Active 10.0.0.0/16 VnetLocal",
      "Default Active 10.10.0.0/16 VNetPeering",
      ...RESERVED,
      "VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway",
    ]);
  });

  it("spoke subnet: no gateway route to the site, a UDR via the hub router instead", () => {
    const r = effectiveRoutes(seed, "vnet-spoke10", "default");
    expect(find(r, "10.100.0.0/16", "VirtualNetworkGateway")).toEqual([]);
    expect(r.some((x) => x.source === "VirtualNetworkGateway")).toBe(false);
    expect(find(r, "10.100.0.0/16")).toEqual([
      expect.objectContaining({ source: "User", state: "Active", nextHopType: "VirtualAppliance", nextHopIp: "10.0.0.4" }),
    ]);
    expect(find(r, "10.0.0.0/16")).toEqual([expect.objectContaining({ source: "Default", nextHopType: "VNetPeering" })]);
  });

  it("site subnet: learns the hub by gateway but not the spoke; UDR to the spoke via its router", () => {
    const r = effectiveRoutes(seed, "vnet-hub100", "default");
    expect(rows(r)).toEqual([
      "Default Active 10.100.0.0/16 VnetLocal",
      ...RESERVED,
      "VirtualNetworkGateway Active 10.0.0.0/16 VirtualNetworkGateway",
      "User Active 10.10.0.0/16 VirtualAppliance 10.100.0.4",
    ]);
    expect(find(r, "10.10.0.0/16", "VirtualNetworkGateway")).toEqual([]);
    expect(find(r, "10.10.0.0/16", "VNetPeering")).toEqual([]);
  });

  it("GatewaySubnet rows: system and gateway routes, never a UDR", () => {
    const r = effectiveRoutes(seed, "vnet-hub00", "GatewaySubnet");
    expect(r.filter((x) => x.source === "User")).toEqual([]);
    expect(find(r, "10.100.0.0/16", "VirtualNetworkGateway")).toHaveLength(1);
    expect(rows(effectiveRoutes(seed, "vnet-spoke10", "GatewaySubnet"))).not.toContain(
      "User Active 10.100.0.0/16 VirtualAppliance 10.0.0.4",
    );
  });

  it("is deterministic and rejects unknown names", () => {
    expect(effectiveRoutes(seed, "vnet-hub00", "default")).toEqual(effectiveRoutes(seed, "vnet-hub00", "default"));
    expect(() => effectiveRoutes(seed, "vnet-nope", "default")).toThrow(/vnet-nope/);
    expect(() => effectiveRoutes(seed, "vnet-hub00", "nope")).toThrow(/nope/);
  });
});

describe("selectRoute", () => {
  const spoke = effectiveRoutes(seed, "vnet-spoke10", "default");
  const hub = effectiveRoutes(seed, "vnet-hub00", "default");

  it("longest prefix wins over 10.0.0.0/8 None and 0.0.0.0/0", () => {
    expect(selectRoute(spoke, "10.100.0.5")).toMatchObject({ source: "User", nextHopIp: "10.0.0.4", prefixes: ["10.100.0.0/16"] });
    expect(selectRoute(spoke, "10.10.0.4")).toMatchObject({ nextHopType: "VnetLocal", prefixes: ["10.10.0.0/16"] });
    expect(selectRoute(spoke, "10.0.0.4")).toMatchObject({ nextHopType: "VNetPeering", prefixes: ["10.0.0.0/16"] });
    expect(selectRoute(hub, "10.100.0.5")).toMatchObject({ nextHopType: "VirtualNetworkGateway", prefixes: ["10.100.0.0/16"] });
    expect(selectRoute(hub, "10.200.0.1")).toMatchObject({ nextHopType: "None", prefixes: ["10.0.0.0/8"] });
    expect(selectRoute(hub, "192.168.1.1")).toMatchObject({ nextHopType: "None", prefixes: ["192.168.0.0/16"] });
    expect(selectRoute(hub, "100.64.0.1")).toMatchObject({ nextHopType: "None", prefixes: ["100.64.0.0/10"] });
    expect(selectRoute(hub, "8.8.8.8")).toMatchObject({ nextHopType: "Internet", prefixes: ["0.0.0.0/0"] });
  });

  it("ignores Invalid routes and returns undefined when nothing matches", () => {
    const routes: EffectiveRoute[] = [
      { source: "User", state: "Invalid", prefixes: ["10.1.2.0/24"], nextHopType: "VirtualAppliance", nextHopIp: "10.0.0.9" },
      { source: "Default", state: "Active", prefixes: ["10.1.0.0/16"], nextHopType: "VnetLocal" },
    ];
    expect(selectRoute(routes, "10.1.2.3")).toMatchObject({ nextHopType: "VnetLocal" });
    expect(selectRoute(routes, "10.2.0.1")).toBeUndefined();
    expect(selectRoute([], "10.1.2.3")).toBeUndefined();
  });

  it("same prefix: User beats VirtualNetworkGateway beats Default", () => {
    const mk = (source: EffectiveRoute["source"], nextHopType: EffectiveRoute["nextHopType"]): EffectiveRoute => ({
      source,
      state: "Active",
      prefixes: ["10.5.0.0/16"],
      nextHopType,
      ...(nextHopType === "VirtualAppliance" ? { nextHopIp: "10.0.0.4" } : {}),
    });
    const d = mk("Default", "None");
    const g = mk("VirtualNetworkGateway", "VirtualNetworkGateway");
    const u = mk("User", "VirtualAppliance");
    expect(selectRoute([d, g, u], "10.5.1.1")).toBe(u);
    expect(selectRoute([u, g, d], "10.5.1.1")).toBe(u);
    expect(selectRoute([d, g], "10.5.1.1")).toBe(g);
    expect(selectRoute([g, d], "10.5.1.1")).toBe(g);
  });
});

describe("precedence and Invalid routes", () => {
  it("a UDR of the same prefix as a gateway route wins; the gateway route shows Invalid", () => {
    const lab = withUdr(seed, "vnet-hub100", { name: "to-hub", prefix: "10.0.0.0/16", nextHopIp: "10.100.0.4" });
    const r = effectiveRoutes(lab, "vnet-hub100", "default");
    expect(find(r, "10.0.0.0/16")).toEqual([
      expect.objectContaining({ source: "VirtualNetworkGateway", state: "Invalid" }),
      expect.objectContaining({ source: "User", state: "Active", nextHopIp: "10.100.0.4" }),
    ]);
    expect(selectRoute(r, "10.0.0.4")).toMatchObject({ source: "User", nextHopIp: "10.100.0.4" });
    expect(deliveryVm(lab, "vnet-hub100", "default", "10.0.0.4")).toEqual({ nextHopIp: "10.100.0.4" });
    // Without the UDR, the same destination goes to the gateway and lands on the hub router.
    expect(selectRoute(effectiveRoutes(seed, "vnet-hub100", "default"), "10.0.0.4")).toMatchObject({
      source: "VirtualNetworkGateway",
      state: "Active",
    });
  });

  it("a UDR for the VNet's own prefix overrides the Default route, which shows Invalid", () => {
    const lab = withUdr(seed, "vnet-spoke10", { name: "self", prefix: "10.10.0.0/16", nextHopIp: "10.10.0.4" });
    const r = effectiveRoutes(lab, "vnet-spoke10", "default");
    expect(find(r, "10.10.0.0/16", "VnetLocal")).toEqual([expect.objectContaining({ state: "Invalid" })]);
    expect(selectRoute(r, "10.10.0.9")).toMatchObject({ source: "User", nextHopIp: "10.10.0.4" });
  });

  it("a gateway route with the VNet's reserved range beats the Default None route", () => {
    const lab = withVnet(seed, "vnet-hub100", (v) => ({ ...v, addressSpace: ["10.0.0.0/8"] }));
    // The site's space is exactly 10.0.0.0/8: its own None route becomes VnetLocal.
    const site = effectiveRoutes(lab, "vnet-hub100", "default");
    expect(find(site, "10.0.0.0/8")).toEqual([expect.objectContaining({ source: "Default", nextHopType: "VnetLocal", state: "Active" })]);
    // The hub hears 10.0.0.0/8 by BGP: Default None of that prefix is Invalid.
    const hub = effectiveRoutes(lab, "vnet-hub00", "default");
    expect(find(hub, "10.0.0.0/8", "None")).toEqual([expect.objectContaining({ state: "Invalid" })]);
    expect(find(hub, "10.0.0.0/8", "VirtualNetworkGateway")).toEqual([expect.objectContaining({ state: "Active" })]);
    expect(selectRoute(hub, "10.77.0.1")).toMatchObject({ nextHopType: "VirtualNetworkGateway" });
    // ...but the hub's own /16 and the peered spoke still win by longest prefix.
    expect(selectRoute(hub, "10.10.0.4")).toMatchObject({ nextHopType: "VNetPeering" });
  });

  it("BGP never overrides the VNet's own space or a peering, even when more specific", () => {
    const lab = withVnet(seed, "vnet-hub100", (v) => ({ ...v, addressSpace: [...v.addressSpace, "10.10.1.0/24", "10.0.7.0/24"] }));
    const hub = effectiveRoutes(lab, "vnet-hub00", "default");
    expect(find(hub, "10.10.1.0/24")).toEqual([expect.objectContaining({ source: "VirtualNetworkGateway", state: "Invalid" })]);
    expect(find(hub, "10.0.7.0/24")).toEqual([expect.objectContaining({ source: "VirtualNetworkGateway", state: "Invalid" })]);
    expect(find(hub, "10.100.0.0/16")).toEqual([expect.objectContaining({ source: "VirtualNetworkGateway", state: "Active" })]);
    expect(selectRoute(hub, "10.10.1.5")).toMatchObject({ nextHopType: "VNetPeering", prefixes: ["10.10.0.0/16"] });
    expect(selectRoute(hub, "10.0.7.5")).toMatchObject({ nextHopType: "VnetLocal", prefixes: ["10.0.0.0/16"] });
  });

  it("useRemoteGateways (when the model sets it) brings the peer's gateway routes across the peering", () => {
    const lab: Lab = {
      ...seed,
      peerings: seed.peerings.map((p) =>
        p.from === "vnet-spoke10" ? { ...p, useRemoteGateways: true } : { ...p, allowGatewayTransit: true },
      ),
    };
    // With the spoke's UDR of the same prefix, the remote-gateway route is learned but loses (Invalid)...
    expect(find(effectiveRoutes(lab, "vnet-spoke10", "default"), "10.100.0.0/16", "VirtualNetworkGateway")).toEqual([
      expect.objectContaining({ source: "VirtualNetworkGateway", state: "Invalid" }),
    ]);
    // ...and without the UDR it is the route in use.
    const noUdr: Lab = { ...lab, routeTables: [] };
    expect(find(effectiveRoutes(noUdr, "vnet-spoke10", "default"), "10.100.0.0/16")).toEqual([
      expect.objectContaining({ source: "VirtualNetworkGateway", state: "Active" }),
    ]);
    expect(deliveryVm(noUdr, "vnet-spoke10", "default", "10.100.0.5")).toEqual({ vm: noUdr.vms.find((v) => v.name === "vm-hub101") });
    // Without transit on the hub side, nothing crosses.
    const noTransit: Lab = {
      ...seed,
      peerings: seed.peerings.map((p) => (p.from === "vnet-spoke10" ? { ...p, useRemoteGateways: true } : p)),
    };
    expect(find(effectiveRoutes(noTransit, "vnet-spoke10", "default"), "10.100.0.0/16", "VirtualNetworkGateway")).toEqual([]);
  });
});

describe("peering low-cost stack", () => {
  it("hub learns the site via peering, spoke does not; no gateway routes anywhere", () => {
    const hub = effectiveRoutes(peering, "vnet-hub00", "default");
    expect(find(hub, "10.100.0.0/16")).toEqual([
      expect.objectContaining({ source: "Default", nextHopType: "VNetPeering", state: "Active" }),
    ]);
    const spoke = effectiveRoutes(peering, "vnet-spoke10", "default");
    expect(find(spoke, "10.100.0.0/16", "VNetPeering")).toEqual([]);
    expect(find(spoke, "10.100.0.0/16")).toEqual([expect.objectContaining({ source: "User", nextHopIp: "10.0.0.4" })]);
    const site = effectiveRoutes(peering, "vnet-hub100", "default");
    expect(find(site, "10.0.0.0/16")).toEqual([expect.objectContaining({ nextHopType: "VNetPeering" })]);
    expect(find(site, "10.10.0.0/16")).toEqual([expect.objectContaining({ source: "User", nextHopIp: "10.100.0.4" })]);
    for (const v of peering.vnets) {
      for (const s of v.subnets)
        expect(effectiveRoutes(peering, v.name, s.name).filter((r) => r.source === "VirtualNetworkGateway")).toEqual([]);
    }
  });
});

describe("3x4 fixture", () => {
  it("hub: three spokes and the peering site by peering, ER and on-prem sites by gateway", () => {
    const hub = rows(effectiveRoutes(lab3x4, "vnet-hub00", "default"));
    expect(hub.filter((r) => r.includes("VNetPeering"))).toEqual([
      "Default Active 10.10.0.0/16 VNetPeering",
      "Default Active 10.11.0.0/16 VNetPeering",
      "Default Active 10.12.0.0/16 VNetPeering",
      "Default Active 10.102.0.0/16 VNetPeering",
    ]);
    expect(hub.filter((r) => r.startsWith("VirtualNetworkGateway"))).toEqual([
      "VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway",
      "VirtualNetworkGateway Active 10.101.0.0/16 VirtualNetworkGateway",
      "VirtualNetworkGateway Active 10.103.0.0/16 VirtualNetworkGateway",
    ]);
  });

  it("every spoke reaches all four sites by UDR via the hub router, none by gateway", () => {
    for (const s of ["vnet-spoke10", "vnet-spoke11", "vnet-spoke12"]) {
      const r = effectiveRoutes(lab3x4, s, "default");
      expect(r.filter((x) => x.source === "User").map((x) => `${x.prefixes[0]} ${x.nextHopIp}`)).toEqual([
        "10.100.0.0/16 10.0.0.4",
        "10.101.0.0/16 10.0.0.4",
        "10.102.0.0/16 10.0.0.4",
        "10.103.0.0/16 10.0.0.4",
      ]);
      expect(r.filter((x) => x.source === "VirtualNetworkGateway")).toEqual([]);
      // Spokes do not see each other (peering is not transitive): 10.11.x from spoke10 is dropped by 10.0.0.0/8 None.
    }
    expect(selectRoute(effectiveRoutes(lab3x4, "vnet-spoke10", "default"), "10.11.0.4")).toMatchObject({ nextHopType: "None" });
  });

  it("peering site: hub by peering, no gateway routes, spokes via its own router", () => {
    const r = effectiveRoutes(lab3x4, "vnet-site102", "default");
    expect(rows(r).filter((x) => !RESERVED.includes(x))).toEqual([
      "Default Active 10.102.0.0/16 VnetLocal",
      "Default Active 10.0.0.0/16 VNetPeering",
      "User Active 10.10.0.0/16 VirtualAppliance 10.102.0.4",
      "User Active 10.11.0.0/16 VirtualAppliance 10.102.0.4",
      "User Active 10.12.0.0/16 VirtualAppliance 10.102.0.4",
    ]);
  });

  it("on-prem site (not deployed): learns the domain by gateway and routes the spokes via its router (model decision)", () => {
    const r = effectiveRoutes(lab3x4, "vnet-site103", "default");
    expect(lab3x4.routeTables.some((t) => t.vnet === "vnet-site103")).toBe(false);
    expect(routeTableFor(lab3x4, "vnet-site103", "default")?.routes.map((x) => `${x.prefix} ${x.nextHopIp}`)).toEqual([
      "10.10.0.0/16 10.103.0.4",
      "10.11.0.0/16 10.103.0.4",
      "10.12.0.0/16 10.103.0.4",
    ]);
    expect(rows(r).filter((x) => !RESERVED.includes(x))).toEqual([
      "Default Active 10.103.0.0/16 VnetLocal",
      "VirtualNetworkGateway Active 10.0.0.0/16 VirtualNetworkGateway",
      "VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway",
      "VirtualNetworkGateway Active 10.101.0.0/16 VirtualNetworkGateway",
      "User Active 10.10.0.0/16 VirtualAppliance 10.103.0.4",
      "User Active 10.11.0.0/16 VirtualAppliance 10.103.0.4",
      "User Active 10.12.0.0/16 VirtualAppliance 10.103.0.4",
    ]);
    // The peering site is not behind the circuit.
    expect(find(r, "10.102.0.0/16")).toEqual([]);
  });
});

describe("site2 fixture", () => {
  it("spoke learns site #2 via its own gateway; hub does not", () => {
    const spoke = effectiveRoutes(site2, "vnet-spoke10", "default");
    expect(find(spoke, "10.110.0.0/16")).toEqual([
      expect.objectContaining({ source: "VirtualNetworkGateway", nextHopType: "VirtualNetworkGateway", state: "Active" }),
    ]);
    expect(find(spoke, "10.100.0.0/16")).toEqual([expect.objectContaining({ source: "User", nextHopIp: "10.0.0.4" })]);
    const hub = effectiveRoutes(site2, "vnet-hub00", "default");
    expect(find(hub, "10.110.0.0/16")).toEqual([]);
    expect(selectRoute(hub, "10.110.0.5")).toMatchObject({ nextHopType: "None", prefixes: ["10.0.0.0/8"] });
    const s2 = effectiveRoutes(site2, "vnet-spoke110", "default");
    expect(rows(s2).filter((x) => !RESERVED.includes(x))).toEqual([
      "Default Active 10.110.0.0/16 VnetLocal",
      "VirtualNetworkGateway Active 10.10.0.0/16 VirtualNetworkGateway",
    ]);
  });
});

describe("deliveryVm", () => {
  const vm = (name: string) => {
    const v = seed.vms.find((x) => x.name === name);
    if (!v) throw new Error(name);
    return { vm: v };
  };

  it("delivers to NICs over VnetLocal, peering and gateway routes", () => {
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.10.0.4")).toEqual(vm("vm-spoke10"));
    expect(deliveryVm(seed, "vnet-spoke10", "default", "10.0.0.4")).toEqual(vm("vm-hub00"));
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.100.0.4")).toEqual(vm("vm-hub100"));
    expect(deliveryVm(seed, "vnet-hub100", "default", "10.100.0.5")).toEqual(vm("vm-hub101"));
    expect(deliveryVm(seed, "vnet-hub100", "default", "10.0.0.4")).toEqual(vm("vm-hub00"));
  });

  it("forwards UDR traffic to the virtual appliance", () => {
    expect(deliveryVm(seed, "vnet-spoke10", "default", "10.100.0.5")).toEqual({ nextHopIp: "10.0.0.4" });
    expect(deliveryVm(seed, "vnet-hub100", "default", "10.10.0.4")).toEqual({ nextHopIp: "10.100.0.4" });
  });

  it("drops: no NIC at the address, None, Internet", () => {
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.10.0.99")).toEqual({ drop: "VNetPeering" });
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.0.0.77")).toEqual({ drop: "VnetLocal" });
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.100.0.99")).toEqual({ drop: "VirtualNetworkGateway" });
    expect(deliveryVm(seed, "vnet-hub00", "default", "10.200.0.1")).toEqual({ drop: "None" });
    expect(deliveryVm(seed, "vnet-hub00", "default", "1.1.1.1")).toEqual({ drop: "Internet" });
    // The spoke cannot reach the site directly over the peering (non-transitive) without the UDR.
    const noUdr: Lab = { ...seed, routeTables: [] };
    expect(deliveryVm(noUdr, "vnet-spoke10", "default", "10.100.0.5")).toEqual({ drop: "None" });
  });

  it("a gateway route only delivers to NICs of the VNet that advertised it", () => {
    // Site #1 advertises the supernet 10.0.0.0/8; site #2's host (behind the spoke's own circuit) is inside it.
    const lab = withVnet(site2, "vnet-hub100", (v) => ({ ...v, addressSpace: ["10.0.0.0/8"] }));
    expect(selectRoute(effectiveRoutes(lab, "vnet-hub00", "default"), "10.110.0.5")).toMatchObject({
      nextHopType: "VirtualNetworkGateway",
      prefixes: ["10.0.0.0/8"],
    });
    expect(deliveryVm(lab, "vnet-hub00", "default", "10.110.0.5")).toEqual({ drop: "VirtualNetworkGateway" });
    expect(deliveryVm(lab, "vnet-hub00", "default", "10.100.0.5")).toEqual({ vm: lab.vms.find((v) => v.name === "vm-hub101") });
  });

  it("a peering link without its reverse link carries nothing", () => {
    const oneSided: Lab = { ...seed, peerings: seed.peerings.filter((p) => p.from === "vnet-hub00") };
    expect(find(effectiveRoutes(oneSided, "vnet-hub00", "default"), "10.10.0.0/16")).toEqual([]);
    expect(deliveryVm(oneSided, "vnet-hub00", "default", "10.10.0.4")).toEqual({ drop: "None" });
  });

  it("on-prem hosts are reached from the hub over the gateway (3x4)", () => {
    const host = lab3x4.vms.find((x) => x.name === "vm-host103")!;
    expect(deliveryVm(lab3x4, "vnet-hub00", "default", "10.103.0.5")).toEqual({ vm: host });
    expect(deliveryVm(lab3x4, "vnet-site103", "default", "10.11.0.4")).toEqual({ nextHopIp: "10.103.0.4" });
  });
});
