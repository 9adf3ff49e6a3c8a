// Azure's route rules at their edges, on copies of the seed lab edited where the config cannot go.
// Rules (learn.microsoft.com, "Virtual network traffic routing"): a peering carries routes only
// when both links exist; gateway (BGP) routes come from a VNet's own gateway, or a peer's with
// useRemoteGateways + allowGatewayTransit; "System routes for traffic related to virtual network,
// virtual network peerings, ... are preferred routes, even if BGP routes are more specific."
import { describe, expect, it } from "vitest";
import { buildLab } from "../../../src/model/build.js";
import type { Lab } from "../../../src/model/types.js";
import {
  deliveryFromRoutes,
  deliveryNic,
  effectiveRoutes,
  gatewayLearned,
  selectRoute,
  type EffectiveRoute,
} from "../../../src/routing/effective-routes.js";
import { withVnet } from "../../support/lab-edits.js";
import { RESERVED, rows } from "../../support/route-rows.js";

const seedLab = () => buildLab(undefined);
const peer = (from: string, to: string, over: { allowGatewayTransit?: boolean; useRemoteGateways?: boolean } = {}) => ({
  name: `peer-${from}-to-${to}`,
  from,
  to,
  allowForwardedTraffic: true,
  allowGatewayTransit: over.allowGatewayTransit ?? false,
  useRemoteGateways: over.useRemoteGateways ?? false,
});

describe("gateway routes need a gateway", () => {
  it("a VNet in a circuit domain without a gateway of its own neither learns nor advertises", () => {
    const seed = seedLab();
    // The spoke joins the hub's domain but loses its gateway.
    const lab: Lab = withVnet(
      { ...seed, circuitDomains: [{ ...seed.circuitDomains[0]!, members: ["vnet-hub00", "vnet-hub100", "vnet-spoke10"] }] },
      "vnet-spoke10",
      ({ gateway: _gone, ...v }) => v,
    );
    expect(gatewayLearned(lab, "vnet-spoke10")).toEqual([]);
    expect(gatewayLearned(lab, "vnet-hub00")).toEqual([{ prefix: "10.100.0.0/16", from: "vnet-hub100" }]);
    expect(gatewayLearned(lab, "vnet-hub100")).toEqual([{ prefix: "10.0.0.0/16", from: "vnet-hub00" }]);
  });

  it("a prefix heard over two circuits is one gateway route", () => {
    const seed = seedLab();
    const d = seed.circuitDomains[0]!;
    const lab: Lab = { ...seed, circuitDomains: [d, { ...d, name: "er-second" }] };
    expect(rows(effectiveRoutes(lab, "vnet-hub00", "default")).filter((r) => r.startsWith("VirtualNetworkGateway"))).toEqual([
      "VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway",
    ]);
  });
});

describe("a peering needs both links", () => {
  it("hub -> spoke without spoke -> hub carries nothing, even when other links exist", () => {
    const seed = seedLab();
    // Links: hub -> spoke (no reverse), site -> hub, spoke -> site: each candidate reverse link is wrong in one field.
    const lab: Lab = {
      ...seed,
      peerings: [peer("vnet-hub00", "vnet-spoke10"), peer("vnet-hub100", "vnet-hub00"), peer("vnet-spoke10", "vnet-hub100")],
    };
    expect(rows(effectiveRoutes(lab, "vnet-hub00", "default"))).toEqual([
      "Default Active 10.0.0.0/16 VnetLocal",
      ...RESERVED,
      "VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway",
    ]);
  });

  it("the remote gateway is offered by the peer's own link back, not by any other link", () => {
    const seed = seedLab();
    const base = { ...seed, routeTables: [] };
    const use = peer("vnet-spoke10", "vnet-hub00", { useRemoteGateways: true });
    const learnedBySpoke = (lab: Lab) =>
      rows(effectiveRoutes(lab, "vnet-spoke10", "default")).filter((r) => r.startsWith("VirtualNetworkGateway"));
    // Transit only on other links to the spoke or from the hub: nothing crosses.
    const decoys: Lab = {
      ...base,
      peerings: [
        use,
        peer("vnet-hub100", "vnet-spoke10", { allowGatewayTransit: true }),
        peer("vnet-hub00", "vnet-hub100", { allowGatewayTransit: true }),
        peer("vnet-hub00", "vnet-spoke10"),
      ],
    };
    expect(learnedBySpoke(decoys)).toEqual([]);
    // Transit on the hub's link back, listed after links without it: the site's range crosses.
    const offered: Lab = {
      ...base,
      peerings: [
        use,
        peer("vnet-hub100", "vnet-spoke10"),
        peer("vnet-hub00", "vnet-hub100"),
        peer("vnet-hub00", "vnet-spoke10", { allowGatewayTransit: true }),
      ],
    };
    expect(learnedBySpoke(offered)).toEqual(["VirtualNetworkGateway Active 10.100.0.0/16 VirtualNetworkGateway"]);
  });
});

describe("system routes of the VNet and its peerings beat BGP of the same prefix", () => {
  it("the site advertising the hub's own range: the hub's VnetLocal stays Active, the gateway route is Invalid", () => {
    const lab = withVnet(seedLab(), "vnet-hub100", (v) => ({ ...v, addressSpace: ["10.0.0.0/16"] }));
    expect(rows(effectiveRoutes(lab, "vnet-hub00", "default")).filter((r) => r.includes(" 10.0.0.0/16 "))).toEqual([
      "Default Active 10.0.0.0/16 VnetLocal",
      "VirtualNetworkGateway Invalid 10.0.0.0/16 VirtualNetworkGateway",
    ]);
  });
  it("the site advertising the spoke's range: the peering route stays Active and is the one used", () => {
    const lab = withVnet(seedLab(), "vnet-hub100", (v) => ({ ...v, addressSpace: ["10.10.0.0/16"] }));
    const hub = effectiveRoutes(lab, "vnet-hub00", "default");
    expect(rows(hub).filter((r) => r.includes(" 10.10.0.0/16 "))).toEqual([
      "Default Active 10.10.0.0/16 VNetPeering",
      "VirtualNetworkGateway Invalid 10.10.0.0/16 VirtualNetworkGateway",
    ]);
    expect(selectRoute(hub, "10.10.0.4")).toMatchObject({ nextHopType: "VNetPeering" });
  });
  it("the reserved ranges say so in their origin; the others name their VNet or UDR", () => {
    const r = effectiveRoutes(seedLab(), "vnet-spoke10", "default");
    expect(r.map((x) => `${x.prefixes[0]} ${x.origin}`)).toEqual([
      "10.10.0.0/16 vnet-spoke10",
      "10.0.0.0/16 vnet-hub00",
      "0.0.0.0/0 reserved",
      "10.0.0.0/8 reserved",
      "172.16.0.0/12 reserved",
      "192.168.0.0/16 reserved",
      "100.64.0.0/10 reserved",
      "10.100.0.0/16 to-10-100-0-0-16",
    ]);
  });
});

describe("route selection and delivery on given routes", () => {
  const route = (
    prefix: string,
    source: EffectiveRoute["source"],
    nextHopType: EffectiveRoute["nextHopType"],
    extra: Partial<EffectiveRoute> = {},
  ) => ({ source, state: "Active", prefixes: [prefix], nextHopType, ...extra }) as EffectiveRoute;

  it("a shorter UDR never beats a longer system route", () => {
    const local = route("10.0.0.0/16", "Default", "VnetLocal");
    const udr = route("10.0.0.0/8", "User", "VirtualAppliance", { nextHopIp: "10.0.0.4" });
    expect(selectRoute([local, udr], "10.0.0.5")).toBe(local);
    expect(selectRoute([udr, local], "10.0.0.5")).toBe(local);
  });
  it("a destination that is not an address is refused, even with no route to match", () => {
    expect(() => selectRoute([], "10.0.0")).toThrow();
    expect(selectRoute([], "10.0.0.5")).toBeUndefined();
  });
  it("a VNet route delivers only to a NIC of the VNet it names, or else of the VNet that holds the address", () => {
    const lab = seedLab();
    const hub00 = lab.vms.find((v) => v.name === "vm-hub00")!;
    // Named for the spoke, though 10.0.0.4 is the hub's: no NIC there.
    expect(deliveryFromRoutes(lab, [route("10.0.0.0/16", "Default", "VNetPeering", { origin: "vnet-spoke10" })], "10.0.0.4")).toEqual({
      drop: "VNetPeering",
    });
    // No origin given: the VNet whose space holds the address.
    expect(deliveryFromRoutes(lab, [route("10.0.0.0/16", "Default", "VnetLocal")], "10.0.0.4")).toEqual({ vm: hub00 });
    // The hub with a second range: an address in either range is the hub's.
    const two = withVnet(lab, "vnet-hub00", (v) => ({ ...v, addressSpace: ["10.0.0.0/16", "10.1.0.0/16"] }));
    expect(deliveryFromRoutes(two, [route("10.0.0.0/8", "Default", "VnetLocal")], "10.0.0.4")).toEqual({ vm: hub00 });
  });
  it("a UDR to an address no NIC has is a drop that names the next hop", () => {
    const lab = seedLab();
    expect(deliveryNic(lab, [route("10.100.0.0/16", "User", "VirtualAppliance", { nextHopIp: "10.0.0.99" })], "10.100.0.5")).toEqual({
      drop: "no NIC has next hop 10.0.0.99",
    });
  });
});
