// VNet models, with expectations from the stack files.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { buildLab } from "../../../src/model/build.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { rawLab } from "../../support/config-edit.js";

const remoteVnetTraffic = (stack: string) =>
  Object.fromEntries(
    labOf(stack)
      .vnets.filter((v) => v.gateway)
      .map((v) => [v.name, v.gateway!.allowRemoteVnetTraffic]),
  );

describe("allowRemoteVnetTraffic", () => {
  // A gateway lets traffic from VNets behind the same circuit in only when "Allow traffic from remote virtual networks"
  // is on (https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-gateway-portal-resource-manager):
  // the lab turns it on exactly on the gateways of an ExpressRoute site and of the VNet it attaches to.
  it("3x4: the hub and the two ExpressRoute sites, not the spokes", () =>
    expect(remoteVnetTraffic(join(FIXTURES, "Pulumi.3x4.yaml"))).toEqual({
      "vnet-hub00": true,
      "vnet-spoke10": false,
      "vnet-spoke11": false,
      "vnet-spoke12": false,
      "vnet-site100": true,
      "vnet-site101": true,
    }));
  it("site2: a site attached to a spoke turns it on on that spoke", () =>
    expect(remoteVnetTraffic(join(FIXTURES, "Pulumi.site2.yaml"))).toEqual({
      "vnet-hub00": true,
      "vnet-spoke10": true,
      "vnet-hub100": true,
      "vnet-spoke110": true,
    }));
  it("peering stack: no gateway anywhere", () => expect(remoteVnetTraffic("peering")).toEqual({}));
  it("a peering site does not turn it on on the hub's gateway", () => {
    const c = rawLab("peering");
    c.hub.subnets.push({ name: "GatewaySubnet", prefix: "10.0.255.0/27" });
    c.hub.gateway = { sku: "ErGw1AZ" };
    expect(buildLab(c).hub.gateway?.allowRemoteVnetTraffic).toBe(false);
  });
});

describe("VMs", () => {
  // IP forwarding must be on the NIC of a VM that forwards traffic not addressed to it
  // (https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface#enable-or-disable-ip-forwarding):
  // the routers, not the hosts.
  it("dev: routers forward, hosts do not; each VM sits in its subnet", () =>
    expect(labOf("dev").vms.map((vm) => [vm.name, vm.role, vm.subnet, vm.ipForwarding, vm.subnetGateway])).toEqual([
      ["vm-hub00", "router", "default", true, "10.0.0.1"],
      ["vm-spoke10", "host", "default", false, "10.10.0.1"],
      ["vm-hub100", "router", "default", true, "10.100.0.1"],
      ["vm-hub101", "host", "default", false, "10.100.0.1"],
    ]));
  it("a VM goes in the first subnet that is not the GatewaySubnet, even when the GatewaySubnet is listed first", () => {
    const c = rawLab();
    c.hub.subnets.reverse();
    const hubRouter = buildLab(c).vms.find((vm) => vm.name === "vm-hub00")!;
    // default is 10.0.0.0/24: Azure's gateway is its first usable address
    expect([hubRouter.subnet, hubRouter.prefixLength, hubRouter.subnetGateway]).toEqual(["default", 24, "10.0.0.1"]);
  });
});

describe("connections on one circuit are chained", () => {
  // Writes on one circuit in parallel risk AnotherOperationInProgress: each connection waits for the one before it.
  it("the site's connection waits for the hub's on their shared circuit", () => {
    const c = rawLab();
    const cid = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er";
    c.hub.gateway.circuitId = cid;
    c.sites[0].gateway.circuitId = cid.toUpperCase(); // resource ids are case-insensitive: still one circuit
    const lab = buildLab(c);
    expect(lab.vnets.map((v) => [v.name, v.gateway?.connectAfter])).toEqual([
      ["vnet-hub00", undefined],
      ["vnet-spoke10", undefined],
      ["vnet-hub100", "vnet-hub00"],
    ]);
  });
});
