// User-defined routes: the only way Azure sends spoke<->site traffic to the routers.
import { hubOf, routerOf, spokePrefixes, tunnelSitePrefixes, tunnelSites } from "./lookup.js";
import { routeName, routeTableName } from "../config/resource-names.js";
import { isBastionSubnet } from "../platform/bastion.js";
import type { RouteTableModel, VnetModel } from "./types.js";

/** deployed: Azure route tables; onprem: what an on-premises site's own network must route (same decision).
 *  frontend: hub.pair's load balancer, the spokes' next hop instead of the hub router. */
export function buildRouteTables(
  vnets: readonly VnetModel[],
  which: "deployed" | "onprem" = "deployed",
  frontend?: string,
): RouteTableModel[] {
  const hub = hubOf(vnets)!;
  // HA ports: "a single load-balancing rule" for "all ports ... all TCP and UDP flows" behind a UDR to
  // the frontend, Learn "High availability ports overview" (docs/high-availability.md).
  const spokeNextHop = frontend ?? routerOf(hub)!.address;
  const sitePrefixes = tunnelSitePrefixes(vnets);
  const spokes = spokePrefixes(vnets);

  const tables = (vnet: VnetModel, prefixes: readonly string[], nextHopIp: string): RouteTableModel[] =>
    vnet.deployed === (which === "deployed")
      ? vnet.subnets
          .filter((s) => !s.isGatewaySubnet)
          // "UDR isn't supported on an Azure Bastion subnet" (https://learn.microsoft.com/azure/bastion/bastion-faq#udr).
          .filter((s) => !isBastionSubnet(s))
          .map((s) => ({
            name: routeTableName(vnet.name, s.name),
            vnet: vnet.name,
            subnet: s.name,
            routes: prefixes.map((prefix) => ({ name: routeName(prefix), prefix, nextHopIp })),
          }))
      : [];

  return [
    // Spokes: every tunnelled site prefix via the hub router (or the pair's frontend).
    ...vnets.filter((v) => v.role === "spoke").flatMap((v) => tables(v, sitePrefixes, spokeNextHop)),
    // Tunnelled sites: every spoke prefix via the site's own router.
    ...tunnelSites(vnets).flatMap((v) => tables(v, spokes, routerOf(v)!.address)),
  ];
}
