// Peerings and circuit domains, worked out by hand from the stack files.
// Peering is not transitive and is set up on each side
// (https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview), so every spoke and every
// peering-site gets hub->x and x->hub. Traffic the routers forward needs "Allow forwarded traffic"; the lab's premise is
// no gateway transit, so neither "use remote gateways" nor "allow gateway transit"
// (https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering#create-a-peering).
import { describe, expect, it } from "vitest";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { join } from "node:path";

const pair = (a: string, b: string) =>
  [
    [a, b],
    [b, a],
  ].map(([from, to]) => ({
    name: `peer-${from}-to-${to}`,
    from,
    to,
    allowForwardedTraffic: true,
    allowGatewayTransit: false,
    useRemoteGateways: false,
  }));

describe("buildPeerings", () => {
  it("3x4: the hub peers with each spoke and with the peering site only (ExpressRoute and on-prem sites are not peered)", () => {
    const lab = labOf(join(FIXTURES, "Pulumi.3x4.yaml"));
    expect(lab.peerings).toEqual([
      ...pair("vnet-hub00", "vnet-spoke10"),
      ...pair("vnet-hub00", "vnet-spoke11"),
      ...pair("vnet-hub00", "vnet-spoke12"),
      ...pair("vnet-hub00", "vnet-site102"),
    ]);
  });
  it("dev: one spoke, its only site on ExpressRoute", () => {
    expect(labOf("dev").peerings).toEqual(pair("vnet-hub00", "vnet-spoke10"));
  });
});

describe("buildCircuitDomains", () => {
  it("3x4: one circuit on the hub gateway, shared by every site that is not a peering", () => {
    expect(labOf(join(FIXTURES, "Pulumi.3x4.yaml")).circuitDomains).toEqual([
      { name: "er-vnet-hub00", members: ["vnet-hub00", "vnet-site100", "vnet-site101", "vnet-site103"] },
    ]);
  });
  it("site2: a site attached to a spoke shares the spoke's circuit, not the hub's", () => {
    expect(labOf(join(FIXTURES, "Pulumi.site2.yaml")).circuitDomains).toEqual([
      { name: "er-vnet-hub00", members: ["vnet-hub00", "vnet-hub100"] },
      { name: "er-vnet-spoke10", members: ["vnet-spoke10", "vnet-spoke110"] },
    ]);
  });
});
