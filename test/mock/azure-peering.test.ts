// Peerings, route tables and VNets (src/azure/peering.ts, routing.ts, network.ts) as docs/deploy-azure.md's
// "Deploying to Azure" describes them, declared inside each test (see azure-gateways.test.ts).
import { describe, expect, it } from "vitest";
import { ofType, runProgram, T } from "./harness.js";
import { extraSpoke } from "../support/problems.js";

describe("peerings", () => {
  it("hub <-> spoke both ways: forwarded traffic allowed, no gateway transit, no remote gateways, written one after another", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(run.error).toBeUndefined();
    const ps = ofType(run, T.peering);
    expect(ps.map((p) => p.name)).toEqual(["peer-vnet-hub00-to-vnet-spoke10", "peer-vnet-spoke10-to-vnet-hub00"]);
    const [there, back] = ps as [(typeof ps)[0], (typeof ps)[0]];
    expect(there.inputs).toEqual({
      resourceGroupName: "rg-hub-spoke-vxlan-dev",
      virtualNetworkName: "vnet-hub00",
      virtualNetworkPeeringName: "peer-vnet-hub00-to-vnet-spoke10",
      remoteVirtualNetwork: { id: "/mock/VirtualNetwork/vnet-spoke10" },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      syncRemoteAddressSpace: "true",
      remoteAddressSpace: { addressPrefixes: ["10.10.0.0/16"] },
    });
    expect(back.inputs).toMatchObject({
      virtualNetworkName: "vnet-spoke10",
      remoteVirtualNetwork: { id: "/mock/VirtualNetwork/vnet-hub00" },
    });
    expect(back.deps).toContain(there.urn);
    expect(there.deps).not.toContain(back.urn);
  });

  it("two spokes: every peering on the hub waits for the one before it", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: (l: any) => (extraSpoke(l, "vnet-spoke20", 20, "vm-spoke20"), l),
    });
    expect(run.error).toBeUndefined();
    const ps = ofType(run, T.peering);
    expect(ps).toHaveLength(4);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.deps, ps[i]!.name).toContain(ps[i - 1]!.urn);
  });
});

describe("route tables and VNets", () => {
  it("each route goes to a router as a virtual appliance; each non-gateway subnet gets its route table, NSG and outbound access", async () => {
    const run = await runProgram({ stack: "dev" });
    for (const rt of ofType(run, T.rt)) {
      expect(rt.inputs).toMatchObject({ routeTableName: rt.name, resourceGroupName: "rg-hub-spoke-vxlan-dev", location: "japaneast" });
      for (const r of rt.inputs.routes) {
        expect(r).toEqual({
          name: expect.stringMatching(/^to-/),
          addressPrefix: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+\/\d+$/),
          nextHopType: "VirtualAppliance",
          nextHopIpAddress: expect.any(String),
        });
      }
    }
    const spokeRt = ofType(run, T.rt).find((t) => t.name === "rt-vnet-spoke10-default")!;
    expect(spokeRt.inputs.routes).toContainEqual({
      name: "to-10-100-0-0-16",
      addressPrefix: "10.100.0.0/16",
      nextHopType: "VirtualAppliance",
      nextHopIpAddress: "10.0.0.4",
    });
    const vnet = ofType(run, T.vnet).find((v) => v.name === "vnet-spoke10")!;
    expect(vnet.inputs).toMatchObject({
      virtualNetworkName: "vnet-spoke10",
      location: "japaneast",
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
    });
    const [def, gw] = vnet.inputs.subnets as Record<string, unknown>[];
    expect(def).toEqual({
      name: "default",
      addressPrefix: "10.10.0.0/24",
      routeTable: { id: "/mock/RouteTable/rt-vnet-spoke10-default" },
      networkSecurityGroup: { id: "/mock/NetworkSecurityGroup/nsg-vnet-spoke10-default" },
      defaultOutboundAccess: true,
    });
    // Azure forbids an NSG on GatewaySubnet; it has no route table here either.
    expect(gw).toEqual({ name: "GatewaySubnet", addressPrefix: "10.10.255.0/27" });
  });
});
