// ExpressRoute gateway SKUs (src/platform/gateway-skus.ts), from Learn "About ExpressRoute virtual network
// gateways" (https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways)
// and "About ExpressRoute scalable gateway" (https://learn.microsoft.com/azure/expressroute/scalable-gateway).
import { describe, expect, it } from "vitest";
import {
  GATEWAY_SKU_MBIT,
  gatewayMegabitsPerSecond,
  isGatewaySku,
  SCALABLE_UNAVAILABLE_REGIONS,
  scalableUnavailableIn,
} from "../../../src/platform/gateway-skus.js";
import { findRegion, regionKey } from "../../../src/platform/regions.js";
import { checkScalableRegion } from "../../../src/config/rules/per-vnet.js";
import { problemsOf } from "../../support/problems.js";

describe("SKUs", () => {
  it("the AZ SKUs and ErGwScale are offered; the legacy ones and others are not", () => {
    for (const s of ["ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"]) expect(isGatewaySku(s), s).toBe(true);
    for (const s of ["Standard", "HighPerformance", "UltraPerformance", "ergw1az", ""]) expect(isGatewaySku(s), s).toBe(false);
  });
  it("bandwidth: 1, 2, 10 Gbps; ErGwScale 1 Gbps per unit of its maximum (1 unit by default)", () => {
    expect(GATEWAY_SKU_MBIT).toEqual({ ErGw1AZ: 1000, ErGw2AZ: 2000, ErGw3AZ: 10000, ErGwScale: 1000 });
    expect(gatewayMegabitsPerSecond("ErGwScale")).toBe(1000);
    expect(gatewayMegabitsPerSecond("ErGwScale", { min: 1, max: 40 })).toBe(40_000);
    expect(gatewayMegabitsPerSecond("ErGw2AZ", { min: 1, max: 40 })).toBe(2000);
  });
});

describe("regions without ErGwScale", () => {
  it("one region however it is spelled", () => {
    expect(regionKey("West Europe")).toBe("westeurope");
    expect(regionKey(" South  Central US ")).toBe("southcentralus");
    expect(scalableUnavailableIn("westeurope")).toBe("West Europe");
    expect(scalableUnavailableIn("EAST US 2")).toBe("East US 2");
    expect(scalableUnavailableIn("eastus")).toBeUndefined();
    expect(scalableUnavailableIn("japanwest")).toBeUndefined();
    expect(scalableUnavailableIn("japanest")).toBeUndefined(); // not a region at all: the location rule says so
  });
  it("every region it names is on Learn's region list (regions.ts), the ErGwScale page's spelling", () => {
    for (const r of SCALABLE_UNAVAILABLE_REGIONS) expect(findRegion(r)?.display, r).toBe(r);
    expect(SCALABLE_UNAVAILABLE_REGIONS).toHaveLength(9);
  });
  it("only VNets with an ErGwScale gateway are named, with the region's source", () => {
    const c = problemsOf(
      (l) => ((l.hub.gateway = { sku: "ErGwScale" }), (l.hub.subnets[1].prefix = "10.0.255.0/26"), (l.location = "West US 2")),
    );
    expect(c).toEqual([
      {
        key: "hub.gateway.sku",
        message:
          'ErGwScale is not offered in West US 2 (location "West US 2"); use ErGw1AZ, ErGw2AZ or ErGw3AZ there, or another region (https://learn.microsoft.com/azure/expressroute/scalable-gateway)',
      },
    ]);
    expect(problemsOf((l) => (l.location = "westus2"))).toEqual([]);
    expect(checkScalableRegion([], "westus2", "x")).toEqual([]);
  });
});
