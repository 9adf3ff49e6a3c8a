// Throughput of each ExpressRoute virtual network gateway SKU, as Microsoft publishes it:
// "About ExpressRoute virtual network gateways", section "Estimated performances by gateway SKU"
// https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways
// (table from includes/expressroute-gateway-performance-include.md in MicrosoftDocs/azure-docs):
// Standard/ErGw1Az 1,000 Mbit/s, High Performance/ErGw2Az 2,000, Ultra Performance/ErGw3Az 10,000,
// ErGwScale 1,000 per scale unit (1 to 40 units). Estimates: "actual performance may vary".
// The emulation uses them as rate limits (emulation.gatewayRateLimit, `lab impair --rate`).
import type { GATEWAY_SKUS } from "./schema.js";

export type GatewaySku = (typeof GATEWAY_SKUS)[number];

export const GATEWAY_SKU_MBIT: Readonly<Record<GatewaySku, number>> = {
  ErGw1AZ: 1000,
  ErGw2AZ: 2000,
  ErGw3AZ: 10000,
  /** Per scale unit; the model has no scale-unit setting, so one unit (the minimum). */
  ErGwScale: 1000,
};

export const skuMbit = (sku: string): number | undefined => (GATEWAY_SKU_MBIT as Record<string, number>)[sku];
