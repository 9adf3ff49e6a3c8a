// What the ExpressRoute underlay connects as configured. The model's circuit domains say which
// gateways *would* hear each other; on Azure a gateway hears its circuit only through a
// connection, which this lab declares only for a gateway with a circuitId (src/azure/gateways.ts).
// The emulation keeps its assumption (every domain connected); Azure's expectation uses this.
import { vnetByName } from "../model/lookup.js";
import type { Lab } from "../model/types.js";

/** A circuit domain member really on its circuit: a deployed VNet whose gateway has a circuitId, or an on-premises network (the circuit's far end). */
export function onCircuit(lab: Lab, vnet: string): boolean {
  const v = vnetByName(lab, vnet);
  return !!v && (!v.deployed || v.gateway?.circuitId !== undefined);
}

/** The lab with only the circuit connections its config declares: routes learned through a circuit exist only between connected members. */
export function withConfiguredUnderlay(lab: Lab): Lab {
  const circuitDomains = lab.circuitDomains
    .map((d) => ({ ...d, members: d.members.filter((m) => onCircuit(lab, m)) }))
    .filter((d) => d.members.length > 1);
  return { ...lab, circuitDomains };
}

/** Gateways the tunnels' underlay crosses: the hub's and each ExpressRoute site's (a peered site's tunnel crosses a peering, no gateway). */
export function tunnelGateways(lab: Lab): { vnet: string; connected: boolean }[] {
  const names = new Set<string>();
  for (const t of lab.tunnels) {
    const site = vnetByName(lab, t.site);
    if (!site || site.kind === "peering") continue;
    names.add(lab.hub.name);
    if (site.deployed) names.add(site.name);
  }
  return [...names].map((vnet) => ({ vnet, connected: onCircuit(lab, vnet) }));
}
