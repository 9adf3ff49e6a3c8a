// The WireGuard links of features.encryption wireguard: one /30 or /31 per tunnel, apart from
// everything else the routers route, and one UDP port per tunnel (all of them end on the hub router).
import { addressOf, isNetworkOrBroadcast, mustPrefix, networkOf, overlaps, parsePrefix } from "../../net/cidr.js";
import { problemList, type Problem } from "../problems.js";
import { isEncrypted } from "../refs.js";
import type { LabConfig } from "../schema.js";
import type { KeyedPrefix } from "./address-spaces.js";
import { linkNetwork } from "./link-ends.js";
import type { SitesInput } from "./sites.js";
import { RESERVED_PORTS } from "../../platform/network.js";

export function checkWireguard(
  cfg: SitesInput,
  encryption: LabConfig["features"]["encryption"],
  vxlanPort: number | undefined,
  spaces: readonly KeyedPrefix[],
): Problem[] {
  const { problems, add } = problemList();
  const tunnels = cfg.sites
    .filter(({ site }) => site.attach === "hub" && site.tunnel)
    .map(({ key, site }) => ({ key: `${key}.tunnel`, t: site.tunnel! }));
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
  const ports = new Map<number, string>();
  for (const { key, t } of tunnels) {
    const w = t.wireguard;
    if (!w) continue;
    const wkey = `${key}.wireguard`;
    if (w.port < 1 || w.port > 65535) add(`${wkey}.port`, `port ${w.port} is outside 1..65535`);
    const reserved = RESERVED_PORTS.get(w.port);
    if (reserved) add(`${wkey}.port`, `port ${w.port} cannot carry WireGuard on Azure: ${reserved}`);
    if (w.port === vxlanPort) add(`${wkey}.port`, `port ${w.port} is vxlan.port: VXLAN must only arrive from inside the WireGuard link`);
    const prev = ports.get(w.port);
    // Every tunnel ends on the hub router, which listens on each link's port.
    if (prev) add(`${wkey}.port`, `port ${w.port} is already used by ${prev} (both end on the hub router)`);
    ports.set(w.port, wkey);
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
