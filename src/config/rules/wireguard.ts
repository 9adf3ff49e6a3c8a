// The WireGuard links of features.encryption wireguard: one /30 or /31 per tunnel (hub.router's and,
// with hub.pair, hub.pair.router's), apart from everything else the routers route, and one UDP port per tunnel.
import { addressOf, isNetworkOrBroadcast, mustPrefix, networkOf, overlaps, parsePrefix } from "../../net/cidr.js";
import { problemList, type Problem } from "../problems.js";
import { isEncrypted, type SiteCfg, type TunnelCfg } from "../refs.js";
import type { LabConfig } from "../schema.js";
import type { KeyedPrefix } from "./address-spaces.js";
import { linkNetwork } from "./link-ends.js";
import type { SitesInput } from "./sites.js";
import { RESERVED_PORTS } from "../../platform/network.js";

/** A tunnel with its WireGuard link's ends: the hub router it ends on (hub.pair: either one) and its site. */
interface Link {
  readonly key: string;
  readonly t: TunnelCfg;
  readonly hubEnd: "hub.router" | "hub.pair.router";
  readonly site: SiteCfg;
}

/** Why two links may not share a port: the router both end on, if any. */
function sharedEnd(a: Link, b: Link): string {
  if (a.hubEnd === b.hubEnd) return a.hubEnd === "hub.router" ? "both end on the hub router" : "both end on hub.pair.router";
  if (a.site === b.site) return `both end on the site router${a.site.router ? ` ${a.site.router.name}` : ""}`;
  return "each WireGuard link has a port of its own across the lab's tunnels";
}

export function checkWireguard(
  cfg: SitesInput,
  encryption: LabConfig["features"]["encryption"],
  vxlanPort: number | undefined,
  spaces: readonly KeyedPrefix[],
): Problem[] {
  const { problems, add } = problemList();
  // hub.router's tunnels, then (hub.pair) hub.pair.router's, as the model numbers them.
  const hubSites = cfg.sites.filter(({ site }) => site.attach === "hub");
  const tunnels: Link[] = [
    ...hubSites.flatMap(({ key, site }) =>
      site.tunnel ? [{ key: `${key}.tunnel`, t: site.tunnel, hubEnd: "hub.router" as const, site }] : [],
    ),
    ...(cfg.hub.pair
      ? hubSites.flatMap(({ key, site }) =>
          site.pairTunnel ? [{ key: `${key}.pairTunnel`, t: site.pairTunnel, hubEnd: "hub.pair.router" as const, site }] : [],
        )
      : []),
  ];
  if (!isEncrypted({ encryption })) {
    for (const { key, t } of tunnels)
      if (t.wireguard)
        add(`${key}.wireguard`, `a WireGuard link is only built with features.encryption: wireguard (it is "${encryption}")`);
    return problems;
  }
  // The tunnels' own subnets (checked in sites.ts) are routed too: a link may not overlap them.
  const taken: KeyedPrefix[] = [...spaces];
  for (const { key, t } of tunnels) {
    const p = parsePrefix(t.hubAddress, true);
    if (p && parsePrefix(t.siteAddress, true)) taken.push({ key: `the tunnel subnet of ${key}`, p: mustPrefix(networkOf(t.hubAddress)) });
  }
  const ports = new Map<number, Link>();
  for (const link of tunnels) {
    const { key, t } = link;
    const w = t.wireguard;
    if (!w) continue;
    const wkey = `${key}.wireguard`;
    if (w.port < 1 || w.port > 65535) add(`${wkey}.port`, `port ${w.port} is outside 1..65535`);
    const reserved = RESERVED_PORTS.get(w.port);
    if (reserved) add(`${wkey}.port`, `port ${w.port} cannot carry WireGuard on Azure: ${reserved}`);
    if (w.port === vxlanPort) add(`${wkey}.port`, `port ${w.port} is vxlan.port: VXLAN must only arrive from inside the WireGuard link`);
    const prev = ports.get(w.port);
    // A router listens on each of its links' ports; one port per link across the lab (schema.ts).
    if (prev) add(`${wkey}.port`, `port ${w.port} is already used by ${prev.key}.wireguard (${sharedEnd(prev, link)})`);
    else ports.set(w.port, link);
    const net = linkNetwork(wkey, w, { hubAddress: "169.254.254.0/31", siteAddress: "169.254.254.1/31" }, add);
    if (!net) continue;
    // A point-to-point link: two addresses, nothing else on it.
    if (net.length !== 30 && net.length !== 31)
      add(wkey, `${networkOf(w.hubAddress)} is a /${net.length}: a WireGuard link is a /30 or /31`);
    if (networkOf(w.hubAddress) !== networkOf(w.siteAddress))
      add(wkey, `hubAddress ${w.hubAddress} and siteAddress ${w.siteAddress} must share one /30 or /31`);
    if (addressOf(w.hubAddress) === addressOf(w.siteAddress)) add(wkey, `hubAddress and siteAddress are the same address`);
    if (net.length === 30) {
      for (const [k, a] of [
        ["hubAddress", w.hubAddress],
        ["siteAddress", w.siteAddress],
      ] as const) {
        if (isNetworkOrBroadcast(net, addressOf(a))) add(`${wkey}.${k}`, `${a} is the network or broadcast address of ${networkOf(a)}`);
      }
    }
    for (const o of taken)
      if (overlaps(o.p, net))
        add(wkey, `${networkOf(w.hubAddress)} overlaps ${o.key.startsWith("the ") ? o.key : `${o.p.text} (${o.key})`}`);
    taken.push({ key: `the WireGuard link of ${key}`, p: net });
  }
  return problems;
}
