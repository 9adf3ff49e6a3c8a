// ExpressRoute gateways and connections (src/azure/gateways.ts) as the engine receives them, declared
// inside each test so that a mutation run attributes them to it (a beforeAll run counts as "static").
// Gateways take up to 45 minutes (https://learn.microsoft.com/azure/expressroute/expressroute-howto-add-gateway-portal-resource-manager).
import { describe, expect, it } from "vitest";
import { ofType, runProgram, T, type RunResult } from "./harness.js";
import { CIRCUIT } from "../support/circuits.js";

const byName = (run: RunResult, type: string, name: string) => ofType(run, type).find((r) => r.name === name)!;

describe("gateways", () => {
  it("the seed's three gateways: ExpressRoute, SKU name and tier, GatewaySubnet, 60-minute timeouts, no connection without a circuit", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(run.error).toBeUndefined();
    const gws = ofType(run, T.gw);
    expect(gws.map((g) => g.name).sort()).toEqual(["gw-vnet-hub00", "gw-vnet-hub100", "gw-vnet-spoke10"]);
    for (const gw of gws) {
      expect(gw.inputs).toMatchObject({
        virtualNetworkGatewayName: gw.name,
        resourceGroupName: "rg-hub-spoke-vxlan-dev",
        location: "japaneast",
        gatewayType: "ExpressRoute",
        sku: { name: "ErGw1AZ", tier: "ErGw1AZ" },
        ipConfigurations: [{ name: "default", subnet: { id: `/mock/VirtualNetwork/${gw.name.slice(3)}/subnets/GatewaySubnet` } }],
      });
      expect(gw.inputs.autoScaleConfiguration).toBeUndefined();
      expect(gw.customTimeouts).toBeUndefined(); // the provider's 2 h (src/azure/gateways.ts)
      expect(gw.parent).toMatch(/ErGateway::/);
    }
    // Gateway transit: the hub and the simulated site carry remote VNet traffic, the spoke does not.
    expect(byName(run, T.gw, "gw-vnet-hub00").inputs.allowRemoteVnetTraffic).toBe(true);
    expect(byName(run, T.gw, "gw-vnet-spoke10").inputs.allowRemoteVnetTraffic).toBe(false);
    expect(ofType(run, T.cn)).toEqual([]);
  });

  it("a circuit: one connection per gateway on it, weight 0, the gateway and circuit ids, 30-minute timeouts, in series", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: (l: any) => ((l.hub.gateway.circuitId = CIRCUIT), (l.sites[0].gateway.circuitId = CIRCUIT), l),
    });
    expect(run.error).toBeUndefined();
    const cns = ofType(run, T.cn);
    expect(cns.map((c) => c.name).sort()).toEqual(["cn-vnet-hub00", "cn-vnet-hub100"]);
    for (const cn of cns) {
      expect(cn.inputs).toMatchObject({
        virtualNetworkGatewayConnectionName: cn.name,
        resourceGroupName: "rg-hub-spoke-vxlan-dev",
        location: "japaneast",
        connectionType: "ExpressRoute",
        virtualNetworkGateway1: { id: `/mock/VirtualNetworkGateway/${cn.name.replace(/^cn-/, "gw-")}` },
        peer: { id: CIRCUIT },
        routingWeight: 0,
      });
      expect(cn.inputs.authorizationKey).toBeUndefined();
      expect(cn.secretInputs).toEqual([]);
      expect(cn.customTimeouts).toBeUndefined();
    }
    // Connections on one circuit are written one after the other: exactly one waits for the other.
    const [a, b] = cns as [(typeof cns)[0], (typeof cns)[0]];
    expect([a.deps.includes(b.urn), b.deps.includes(a.urn)].filter(Boolean)).toHaveLength(1);
  });

  it("ErGwScale: the scale unit bounds go to autoScaleConfiguration", async () => {
    const run = await runProgram({
      stack: "dev",
      location: "japanwest",
      lab: (l: any) => (
        (l.hub.gateway = { sku: "ErGwScale", scaleUnits: { min: 3, max: 7 } }),
        (l.hub.subnets[1].prefix = "10.0.255.0/26"),
        l
      ),
    });
    expect(run.error).toBeUndefined();
    expect(byName(run, T.gw, "gw-vnet-hub00").inputs).toMatchObject({
      sku: { name: "ErGwScale", tier: "ErGwScale" },
      autoScaleConfiguration: { bounds: { min: 3, max: 7 } },
    });
  });
});

describe("component outputs", () => {
  it("each ErGateway component registers its gateway's id, each VirtualNetwork component its VNet's id", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(run.error).toBeUndefined();
    const of = (type: string, name: string) =>
      Object.entries(run.componentOutputs).find(([urn]) => urn.endsWith(`$hub-spoke-vxlan:azure:${type}::${name}`));
    for (const vnet of ["vnet-hub00", "vnet-spoke10", "vnet-hub100"]) {
      expect(of("ErGateway", vnet)?.[1], vnet).toEqual({ gatewayId: `/mock/VirtualNetworkGateway/gw-${vnet}` });
      expect(of("VirtualNetwork", vnet)?.[1], vnet).toEqual({ id: `/mock/VirtualNetwork/${vnet}` });
    }
  });
});
