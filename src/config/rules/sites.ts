// Sites (attachment, kind, router) and the VXLAN tunnels of the hub-attached ones (to hub.router, and
// with hub.pair to hub.pair.router).
import { addressOf, isNetworkOrBroadcast, mustPrefix, networkOf, overlaps } from "../../net/cidr.js";
import { RESERVED_PORTS } from "../../platform/network.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import { circuitKey, fieldParsed, tunnelOf, type SiteCfg, type TunnelCfg, type VnetCfg } from "../refs.js";
import type { LabConfig } from "../schema.js";
import type { KeyedPrefix } from "./address-spaces.js";
import { linkNetwork } from "./link-ends.js";

const MAX_VNI = 16_777_215;
// Blocks no tunnel address can come from: IANA IPv4 Special-Purpose Address Registry (RFC 6890),
// https://www.iana.org/assignments/iana-ipv4-special-registry/ , and RFC 1122 section 3.2.1.3
// (127/8 must not appear outside a host; 0/8 is "this network", a source only). Linux drops 0/8 and
// 127/8 packets on a non-loopback device as martians; 224/4 is multicast; 240/4 is reserved.
const UNUSABLE_TUNNEL_NETS: readonly (readonly [string, string])[] = [
  ["0.0.0.0/8", '"this network", RFC 1122'],
  ["127.0.0.0/8", "loopback, RFC 1122"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved, RFC 6890; it holds the limited broadcast 255.255.255.255"],
];

interface TunnelsSoFar {
  readonly vnis: Map<number, string>;
  readonly tunnelNets: KeyedPrefix[];
}

/** What the site rules read; a part that did not parse is left out (see src/config/partial.ts). */
export interface SitesInput {
  readonly hub: VnetCfg;
  /** Every spoke's name, also of spokes that did not parse (so attach is not misjudged). */
  readonly spokeNames: readonly string[];
  readonly spokes: readonly VnetCfg[];
  /** Sites that parsed, with their keys, tunnel defaults resolved. */
  readonly sites: readonly { key: string; site: SiteCfg }[];
  /** false: some site did not parse, so "no site is attached to the hub" cannot be judged. */
  readonly allSites: boolean;
}

export const sitesInput = (cfg: LabConfig): SitesInput => ({
  hub: cfg.hub,
  spokeNames: cfg.spokes.map((s) => s.name),
  spokes: cfg.spokes,
  sites: cfg.sites.map((site, i) => ({ key: `sites[${i}]`, site })),
  allSites: true,
});

/** spaces: the lab's address spaces, which no tunnel subnet may overlap. */
export function checkSites(cfg: SitesInput, spaces: readonly KeyedPrefix[]): Problem[] {
  const { problems, add } = problemList();
  const spokeNames = new Set(cfg.spokeNames);
  const soFar: TunnelsSoFar = { vnis: new Map(), tunnelNets: [] };
  cfg.sites.forEach(({ key, site }) => {
    const toHub = site.attach === "hub";
    if (!toHub && !spokeNames.has(site.attach)) {
      add(`${key}.attach`, `"${site.attach}" is neither "hub" nor a spoke name (${[...spokeNames].join(", ")})`);
    }
    const attachCfg = toHub ? cfg.hub : cfg.spokes.find((s) => s.name === site.attach);
    if (site.kind === "peering" && !toHub)
      add(`${key}.kind`, `a "peering" site must attach to the hub (peering it to a spoke would bypass the lab)`);
    if (site.kind === "expressroute" && !site.gateway && fieldParsed(site, "gateway"))
      add(
        `${key}.gateway`,
        `an "expressroute" site is simulated by a VNet with its own ExpressRoute gateway: set gateway (e.g. {sku: ErGw1AZ})`,
      );
    if (site.kind === "onprem" && site.gateway)
      add(`${key}.gateway`, `an "onprem" site is not deployed to Azure, so it has no gateway here`);
    if (site.kind !== "peering" && attachCfg && !attachCfg.gateway && fieldParsed(attachCfg, "gateway")) {
      add(`${key}.kind`, `a "${site.kind}" site reaches ${attachCfg.name} over ExpressRoute, but ${attachCfg.name} has no gateway`);
    }
    // The simulated site hairpins through the circuit of the VNet it attaches to (peerings.ts buildCircuitDomains).
    if (site.kind === "expressroute" && site.gateway && attachCfg?.gateway) {
      const mine = site.gateway.circuitId;
      const theirs = attachCfg.gateway.circuitId;
      if ((mine && circuitKey(mine)) !== (theirs && circuitKey(theirs))) {
        add(
          `${key}.gateway.circuitId`,
          `${site.name} simulates a site behind ${attachCfg.name}'s circuit, so both gateways need the same circuitId (or both none): ${site.name} has ${mine ?? "none"}, ${attachCfg.name} has ${theirs ?? "none"}`,
        );
      }
    }
    if (!toHub) {
      if (site.router)
        add(`${key}.router`, `only hub-attached sites have a tunnel router; ${site.name} reaches ${site.attach} through its own gateway`);
      if (site.tunnel) add(`${key}.tunnel`, `only hub-attached sites have a tunnel`);
      if (site.pairTunnel)
        add(`${key}.pairTunnel`, `only hub-attached sites have a pairTunnel (their tunnel to hub.pair.router); remove it`);
      return;
    }
    if (!site.router && fieldParsed(site, "router"))
      add(`${key}.router`, `a hub-attached site needs a router (the site end of its VXLAN tunnel)`);
    if (fieldParsed(site, "tunnel")) checkTunnel(`${key}.tunnel`, tunnelOf(site), spaces, soFar, add);
  });
  // hub.pair: every hub-attached site's second tunnel, after all the first ones (as the model numbers
  // the devices), judged as a tunnel: its VNI and subnet apart from every other tunnel's.
  const pairSet = !!cfg.hub.pair;
  for (const { key, site } of cfg.sites) {
    if (site.attach !== "hub" || !site.pairTunnel) continue;
    if (!pairSet) {
      if (fieldParsed(cfg.hub, "pair"))
        add(`${key}.pairTunnel`, `a pairTunnel is the tunnel to hub.pair.router, but hub.pair is not set: remove it, or set hub.pair`);
      continue;
    }
    checkTunnel(`${key}.pairTunnel`, site.pairTunnel, spaces, soFar, add);
  }
  if (cfg.allSites && !cfg.sites.some(({ site }) => site.attach === "hub"))
    add("sites", `no site is attached to the hub, so there is no tunnel to build`);
  return problems;
}

function checkTunnel(
  tkey: string,
  t: TunnelCfg,
  spaces: readonly KeyedPrefix[],
  { vnis, tunnelNets }: TunnelsSoFar,
  add: AddProblem,
): void {
  if (t.vni < 1 || t.vni > MAX_VNI) add(`${tkey}.vni`, `VNI ${t.vni} is outside 1..${MAX_VNI}`);
  const prevVni = vnis.get(t.vni);
  if (prevVni) add(`${tkey}.vni`, `VNI ${t.vni} is already used by ${prevVni}`);
  vnis.set(t.vni, tkey);
  const net = linkNetwork(tkey, t, { hubAddress: "169.254.0.1/24", siteAddress: "169.254.0.2/24" }, add);
  if (!net) return;
  if (networkOf(t.hubAddress) !== networkOf(t.siteAddress)) {
    add(tkey, `hubAddress ${t.hubAddress} and siteAddress ${t.siteAddress} must share one subnet`);
  }
  if (addressOf(t.hubAddress) === addressOf(t.siteAddress)) add(tkey, `hubAddress and siteAddress are the same address`);
  if (net.length < 31) {
    for (const [k, a] of [
      ["hubAddress", t.hubAddress],
      ["siteAddress", t.siteAddress],
    ] as const) {
      if (isNetworkOrBroadcast(net, addressOf(a))) add(`${tkey}.${k}`, `${a} is the network or broadcast address of ${networkOf(a)}`);
    }
  }
  for (const [block, what] of UNUSABLE_TUNNEL_NETS) {
    if (overlaps(mustPrefix(block), net))
      add(tkey, `${networkOf(t.hubAddress)} overlaps ${block} (${what}), which is not a unicast address for traffic between two hosts`);
  }
  for (const s of spaces) {
    if (overlaps(s.p, net)) add(tkey, `${networkOf(t.hubAddress)} overlaps ${s.p.text} (${s.key})`);
  }
  for (const o of tunnelNets) {
    if (overlaps(o.p, net)) add(tkey, `${networkOf(t.hubAddress)} overlaps the tunnel subnet of ${o.key}`);
  }
  tunnelNets.push({ key: tkey, p: net });
}

export function checkVxlanPort(vxlan: LabConfig["vxlan"]): Problem[] {
  const { problems, add } = problemList();
  if (vxlan.port < 1 || vxlan.port > 65535) add("vxlan.port", `port ${vxlan.port} is outside 1..65535`);
  const reserved = RESERVED_PORTS.get(vxlan.port);
  if (reserved) add("vxlan.port", `port ${vxlan.port} cannot carry VXLAN on Azure: ${reserved}`);
  return problems;
}
