// ExpressRoute circuit ids for tests, in the resource-id form rules/gateways.ts accepts.
import type { Raw } from "./config-edit.js";

export const circuitId = (name: string) =>
  `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/${name}`;
export const CIRCUIT = circuitId("er-lab");

/** The raw lab's VNets with a gateway on Azure (an on-premises site's edge is not one). */
export const gatewayVnets = (l: Raw): Raw[] => [l.hub, ...l.spokes, ...l.sites].filter((v) => v.gateway && v.kind !== "onprem");

/** Puts CIRCUIT on every Azure gateway of the raw lab (or only on those of the named VNets); returns the lab. */
export const onCircuit = (l: Raw, only?: readonly string[]): Raw => {
  for (const v of gatewayVnets(l)) if (!only || only.includes(v.name)) v.gateway.circuitId = CIRCUIT;
  return l;
};
