// ExpressRoute gateway SKUs: which ones new gateways may use, what each carries, how ErGwScale is
// sized and where it is not offered. The one place for these facts (rules, Azure program, emulation).
import { findRegion, type RegionName } from "./regions.js";

/** SKUs Azure offers for new ExpressRoute gateways (the AZ SKUs and the scalable gateway). */
export const GATEWAY_SKUS = ["ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"] as const;
export type GatewaySku = (typeof GATEWAY_SKUS)[number];
export const SCALABLE_SKU = "ErGwScale" satisfies GatewaySku;
/** The non-availability-zone SKUs; rejected for new gateways (see rules/per-vnet.ts for Learn's reason). */
export const LEGACY_SKUS = ["Standard", "HighPerformance", "UltraPerformance"] as const;

export const isGatewaySku = (sku: string): sku is GatewaySku => (GATEWAY_SKUS as readonly string[]).includes(sku);

export interface SkuThroughput {
  readonly megabitsPerSecond: number;
  readonly packetsPerSecond: number;
  readonly vms: number;
  readonly flows: number;
  /** Routes learned by the gateway; for ErGwScale the total per gateway, not per unit. */
  readonly routesLearned: number;
  /** True for ErGwScale: the figures above are per scale unit. */
  readonly perScaleUnit: boolean;
}

// Learn "About ExpressRoute virtual network gateways", performance table
// (includes/expressroute-gateway-performance-include.md, ms.date 07/09/2024):
// https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways
export const SKU_THROUGHPUT: Readonly<Record<GatewaySku, SkuThroughput>> = {
  ErGw1AZ: { megabitsPerSecond: 1_000, packetsPerSecond: 100_000, vms: 2_000, flows: 200_000, routesLearned: 4_000, perScaleUnit: false },
  ErGw2AZ: { megabitsPerSecond: 2_000, packetsPerSecond: 200_000, vms: 4_500, flows: 400_000, routesLearned: 9_500, perScaleUnit: false },
  ErGw3AZ: {
    megabitsPerSecond: 10_000,
    packetsPerSecond: 1_000_000,
    vms: 11_000,
    flows: 1_000_000,
    routesLearned: 9_500,
    perScaleUnit: false,
  },
  ErGwScale: { megabitsPerSecond: 1_000, packetsPerSecond: 100_000, vms: 2_000, flows: 100_000, routesLearned: 60_000, perScaleUnit: true },
};

export interface ScaleUnits {
  readonly min: number;
  readonly max: number;
}

// Learn "About ExpressRoute scalable gateway", https://learn.microsoft.com/azure/expressroute/scalable-gateway:
// "The minimum scale unit can't be lower than 1, and the maximum scale unit can't exceed 40."
export const SCALE_UNIT_RANGE = { min: 1, max: 40 } as const;
/** A fixed 1-unit gateway: the cheapest ErGwScale, 1 Gbps. */
export const DEFAULT_SCALE_UNITS: ScaleUnits = { min: 1, max: 1 };

/** Published bandwidth of a gateway in Mbit/s: for ErGwScale, per unit times its maximum scale units. */
export function gatewayMegabitsPerSecond(sku: GatewaySku, scaleUnits?: ScaleUnits): number {
  const t = SKU_THROUGHPUT[sku];
  return t.perScaleUnit ? t.megabitsPerSecond * (scaleUnits ?? DEFAULT_SCALE_UNITS).max : t.megabitsPerSecond;
}

// Same page, "Region availability" (ms.date 11/06/2025): "ErGwScale is available in most Azure regions except:"
// Each is a region of regions.ts (RegionName: a name not on Learn's region list does not compile).
export const SCALABLE_UNAVAILABLE_REGIONS = [
  "Belgium Central",
  "Japan East",
  "Qatar Central",
  "Southeast Asia",
  "West Europe",
  "West India",
  "West US 2",
  "South Central US",
  "East US 2",
] as const satisfies readonly RegionName[];

/** The display name of the region if ErGwScale is not offered there, else undefined (also for a region Azure does not have). */
export function scalableUnavailableIn(region: string): RegionName | undefined {
  const r = findRegion(region);
  return r && SCALABLE_UNAVAILABLE_REGIONS.find((u) => u === r.display);
}

// Learn "Configure a scalable ExpressRoute gateway", https://learn.microsoft.com/azure/expressroute/expressroute-howto-scalable-portal:
// "The scalable gateway must be deployed in a subnet that is /26 or larger." Other ER gateways: /27 (rules/per-vnet.ts).
export const SCALABLE_GATEWAY_SUBNET_MAX_LENGTH = 26;

/** Mbit/s per SKU for the emulation's rate limits (one scale unit for ErGwScale; see gatewayMegabitsPerSecond). */
export const GATEWAY_SKU_MBIT: Readonly<Record<GatewaySku, number>> = Object.fromEntries(
  GATEWAY_SKUS.map((sku) => [sku, SKU_THROUGHPUT[sku].megabitsPerSecond]),
) as Record<GatewaySku, number>;
