// Per-VNet rules (src/config/rules/per-vnet.ts) at Azure's documented bounds:
// subnets /29 or larger (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq),
// GatewaySubnet /27 for ExpressRoute gateways, /26 for ErGwScale
// (https://learn.microsoft.com/azure/expressroute/expressroute-howto-scalable-portal), scale units 1..40
// (https://learn.microsoft.com/azure/expressroute/scalable-gateway), five reserved addresses per subnet.
import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { type Raw } from "../../../support/config-edit.js";

const spoke = (c: Raw) => c.spokes[0];
const hubGw = (c: Raw, g: Raw) => ((c.hub.gateway = g), (c.hub.subnets[1].prefix = "10.0.255.0/26"), (c.location = "japanwest"));

describe("subnets", () => {
  it("/29 is the smallest subnet; /30 is refused", () => {
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "small", prefix: "10.10.1.0/29" }))).toEqual([]);
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "small", prefix: "10.10.1.0/30" }))).toEqual([
      { key: "spokes[0].subnets[2].prefix", message: "10.10.1.0/30 is smaller than /29, the smallest subnet Azure allows" },
    ]);
  });

  it("a subnet outside the address space lists the spaces; a second space may hold it", () => {
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "x", prefix: "10.11.0.0/24" }))).toEqual([
      { key: "spokes[0].subnets[2].prefix", message: "10.11.0.0/24 is outside vnet-spoke10's address space (10.10.0.0/16)" },
    ]);
    expect(
      problemsOf((c) => (spoke(c).addressSpace.push("10.11.0.0/16"), spoke(c).subnets.push({ name: "x", prefix: "10.11.0.0/24" }))),
    ).toEqual([]);
  });

  it("overlapping subnets name the other one; duplicates and a misnamed GatewaySubnet", () => {
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "x", prefix: "10.10.0.128/25" }))).toEqual([
      { key: "spokes[0].subnets[2].prefix", message: '10.10.0.128/25 overlaps subnet "default" (10.10.0.0/24)' },
    ]);
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "default", prefix: "10.10.1.0/24" }))).toContainEqual({
      key: "spokes[0].subnets[2].name",
      message: 'duplicate subnet name "default" in vnet-spoke10 (Azure names ignore case)',
    });
    expect(problemsOf((c) => (spoke(c).subnets[1].name = "gateway_subnet"))).toContainEqual({
      key: "spokes[0].subnets[1].name",
      message: '"gateway_subnet" must be named exactly "GatewaySubnet" for Azure to use it for a gateway',
    });
    expect(problemsOf((c) => spoke(c).subnets.push({ name: "gatewaysubnets", prefix: "10.10.1.0/24" }))).toEqual([]);
  });

  it("GatewaySubnet: /27 for the AZ SKUs, /26 for ErGwScale", () => {
    expect(problemsOf((c) => (spoke(c).subnets[1].prefix = "10.10.255.0/28"))).toEqual([
      {
        key: "spokes[0].subnets[1].prefix",
        message: "GatewaySubnet 10.10.255.0/28 is smaller than /27, the minimum for an ExpressRoute gateway",
      },
    ]);
    expect(problemsOf((c) => (hubGw(c, { sku: "ErGwScale" }), (c.hub.subnets[1].prefix = "10.0.255.0/27")))).toEqual([
      { key: "hub.subnets[1].prefix", message: "GatewaySubnet 10.0.255.0/27 is smaller than /26, the minimum for an ErGwScale gateway" },
    ]);
    expect(problemsOf((c) => hubGw(c, { sku: "ErGwScale" }))).toEqual([]);
  });

  it("a gateway needs a GatewaySubnet", () =>
    expect(problemsOf((c) => spoke(c).subnets.pop())).toEqual([
      {
        key: "spokes[0].subnets",
        message: 'vnet-spoke10 has a gateway, so it needs a subnet named exactly "GatewaySubnet" (/27 or larger)',
      },
    ]));
});

describe("gateway", () => {
  it("a legacy SKU names Learn's reason; an unknown one only the SKUs", () => {
    const [legacy] = problemsOf((c) => (spoke(c).gateway.sku = "Standard"));
    expect(legacy).toMatchObject({ key: "spokes[0].gateway.sku" });
    expect(legacy!.message).toMatch(
      /^"Standard" is not an ExpressRoute gateway SKU Azure offers for new gateways; use one of ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale \(Learn: the non-availability-zone SKUs/,
    );
    expect(problemsOf((c) => (spoke(c).gateway.sku = "Bogus"))).toEqual([
      {
        key: "spokes[0].gateway.sku",
        message:
          '"Bogus" is not an ExpressRoute gateway SKU Azure offers for new gateways; use one of ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale',
      },
    ]);
  });

  it("a circuit id must be an ExpressRoute circuit resource id", () => {
    const good =
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er";
    expect(problemsOf((c) => ((c.hub.gateway.circuitId = good), (c.sites[0].gateway.circuitId = good)))).toEqual([]);
    for (const bad of [
      good.replace("/er", "/er/x"),
      `x${good}`,
      good.replace("11111111-", "1111111-"),
      good.replace("expressRouteCircuits", "virtualNetworks"),
    ]) {
      expect(problemsOf((c) => (spoke(c).gateway.circuitId = bad))).toEqual([
        {
          key: "spokes[0].gateway.circuitId",
          message: `"${bad}" is not an ExpressRoute circuit resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<name>)`,
        },
      ]);
    }
  });
});

describe("ErGwScale scale units (1..40; max 1 means min 1; autoscale needs min 2 or more)", () => {
  const units = (min: number, max: number) => (c: Raw) => hubGw(c, { sku: "ErGwScale", scaleUnits: { min, max } });
  it.each(
    nonEmpty([
      [1, 1],
      [2, 2],
      [40, 40],
      [2, 40],
    ]),
  )("%d..%d is fine", (min, max) => expect(problemsOf(units(min, max))).toEqual([]));
  it("0 and 41 are out of range, each end on its own key", () => {
    expect(problemsOf(units(0, 41))).toEqual([
      { key: "hub.gateway.scaleUnits.min", message: "min 0 is outside 1..40 scale units" },
      { key: "hub.gateway.scaleUnits.max", message: "max 41 is outside 1..40 scale units" },
    ]);
  });
  it("min above max, min 2 with max 1, min 1 with max 2", () => {
    expect(problemsOf(units(3, 2))).toEqual([{ key: "hub.gateway.scaleUnits", message: "min 3 is greater than max 2" }]);
    expect(problemsOf(units(2, 1))).toEqual([
      { key: "hub.gateway.scaleUnits.min", message: "when max is 1, min must be 1 too (Learn), not 2" },
    ]);
    expect(problemsOf(units(1, 2))).toEqual([
      {
        key: "hub.gateway.scaleUnits.min",
        message: "min 1 with max 2 is neither a fixed size (min = max) nor autoscaling, which Learn says needs min 2 or higher",
      },
    ]);
  });
  it("scaleUnits on a fixed SKU names its size", () => {
    expect(problemsOf((c) => (spoke(c).gateway.scaleUnits = { min: 1, max: 1 }))).toEqual([
      {
        key: "spokes[0].gateway.scaleUnits",
        message: "scaleUnits applies only to ErGwScale (ErGw1AZ has a fixed size, 1 Gbps); remove it or set sku: ErGwScale",
      },
    ]);
    expect(problemsOf((c) => (spoke(c).gateway = { sku: "ErGw3AZ", scaleUnits: { min: 1, max: 1 } }))[0]!.message).toContain(
      "(ErGw3AZ has a fixed size, 10 Gbps)",
    );
  });
});

describe("VMs", () => {
  it("the five addresses Azure reserves in a subnet are refused; .4 and .254 are the ends of a /24", () => {
    for (const a of ["10.10.0.0", "10.10.0.1", "10.10.0.2", "10.10.0.3", "10.10.0.255"]) {
      expect(problemsOf((c) => (spoke(c).hosts[0].address = a))).toEqual([
        {
          key: "spokes[0].hosts[0].address",
          message: `${a} is reserved by Azure in 10.10.0.0/24 (first four and last address of a subnet)`,
        },
      ]);
    }
    expect(problemsOf((c) => (spoke(c).hosts[0].address = "10.10.0.254"))).toEqual([]);
  });

  it("outside its subnet, in an unknown subnet, in GatewaySubnet", () => {
    expect(problemsOf((c) => (spoke(c).hosts[0].address = "10.10.1.4"))).toEqual([
      { key: "spokes[0].hosts[0].address", message: '10.10.1.4 is outside subnet "default" (10.10.0.0/24)' },
    ]);
    expect(problemsOf((c) => (spoke(c).hosts[0].subnet = "nope"))).toEqual([
      { key: "spokes[0].hosts[0].subnet", message: 'no subnet "nope" in vnet-spoke10 for vm-spoke10' },
    ]);
    expect(problemsOf((c) => ((spoke(c).hosts[0].subnet = "GatewaySubnet"), (spoke(c).hosts[0].address = "10.10.255.4")))).toEqual([
      { key: "spokes[0].hosts[0].subnet", message: "vm-spoke10 cannot be placed in GatewaySubnet" },
    ]);
  });

  it("names and addresses are unique across the lab, naming the first", () => {
    expect(problemsOf((c) => (spoke(c).hosts[0].name = "vm-hub00"))).toEqual([
      { key: "spokes[0].hosts[0].name", message: 'duplicate VM name "vm-hub00" (also hub.router.name)' },
    ]);
    expect(problemsOf((c) => c.sites[0].hosts.push({ name: "vm-hub102", address: "10.100.0.5" }))).toEqual([
      { key: "sites[0].hosts[1].address", message: "duplicate address 10.100.0.5 (also sites[0].hosts[0].address)" },
    ]);
    expect(problemsOf((c) => (spoke(c).hosts[0].address = "10.10.0"))).toHaveLength(1);
  });
});

describe("per-VNet rules: spellings and messages", () => {
  it("only a name that is all 'gateway subnet' is told to be GatewaySubnet", () =>
    expect(problemsOf((c) => (c.spokes[0].subnets[0].name = "nogatewaysubnet"))).toEqual([]));
  // A space is refused by Azure's subnet name rule too (resource-name-rules: letters, digits, '_', '.', '-').
  it("'Gateway Subnet' (with a space) is told to be GatewaySubnet", () =>
    expect(problemsOf((c) => (c.spokes[0].subnets[0].name = "Gateway Subnet"))).toEqual([
      {
        key: "spokes[0].subnets[0].name",
        message: `subnet name "Gateway Subnet" has ' '; Azure allows letters, digits, '_', '.' and '-'`,
      },
      {
        key: "spokes[0].subnets[0].name",
        message: `"Gateway Subnet" must be named exactly "GatewaySubnet" for Azure to use it for a gateway`,
      },
    ]));
  it("a subnet prefix with host bits is told its network", () =>
    expect(problemsOf((c) => (c.spokes[0].subnets[0].prefix = "10.10.0.1/24"))).toEqual([
      {
        key: "spokes[0].subnets[0].prefix",
        message: `"10.10.0.1/24" is not an IPv4 prefix with zero host bits: did you mean 10.10.0.0/24?`,
      },
    ]));
  it("a subnet outside a VNet of two address spaces names both", () =>
    expect(
      problemsOf((c) => {
        c.spokes[0].addressSpace = ["10.10.0.0/16", "10.12.0.0/16"];
        c.spokes[0].subnets.push({ name: "extra", prefix: "10.11.0.0/24" });
      }),
    ).toEqual([
      { key: "spokes[0].subnets[2].prefix", message: "10.11.0.0/24 is outside vnet-spoke10's address space (10.10.0.0/16, 10.12.0.0/16)" },
    ]));
  it("a VM in a VNet with only GatewaySubnet is told there is no subnet for it", () =>
    expect(problemsOf((c) => c.spokes[0].subnets.shift())).toContainEqual({
      key: "spokes[0].hosts[0].subnet",
      message: 'no subnet "" in vnet-spoke10 for vm-spoke10',
    }));
  it("scaleUnits on a SKU this lab does not know: no fixed size to quote", () =>
    expect(problemsOf((c) => (c.hub.gateway = { sku: "ErGw9AZ", scaleUnits: { min: 1, max: 1 } }))).toContainEqual({
      key: "hub.gateway.scaleUnits",
      message: "scaleUnits applies only to ErGwScale; remove it or set sku: ErGwScale",
    }));
});
