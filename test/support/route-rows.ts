// Effective routes as compact rows, the way `az network nic show-effective-route-table` lists them.
import type { EffectiveRoute } from "../../src/routing/effective-routes.js";

/** "source state prefix nextHopType [nextHopIp]" per route. */
export const rows = (routes: readonly EffectiveRoute[]) =>
  routes.map((r) => [r.source, r.state, r.prefixes.join(","), r.nextHopType, ...(r.nextHopIp ? [r.nextHopIp] : [])].join(" "));

/** The default system routes beside a VNet's own space, in Azure's order ("Virtual network traffic routing"). */
export const RESERVED = [
  "Default Active 0.0.0.0/0 Internet",
  "Default Active 10.0.0.0/8 None",
  "Default Active 172.16.0.0/12 None",
  "Default Active 192.168.0.0/16 None",
  "Default Active 100.64.0.0/10 None",
];
