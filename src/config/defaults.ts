// Defaults that depend on other config values, decided once before validation and building.
import { DEFAULT_SCALE_UNITS, SCALABLE_SKU } from "../platform/gateway-skus.js";
import { hubAttachedSites, isEncrypted, type TunnelCfg } from "./refs.js";
import type { LabConfig } from "./schema.js";

/** Tunnel of the i-th hub-attached site when the config names none: VNI 77+i, 169.254.i.1/.2 /24. */
export const defaultTunnel = (i: number) => ({ vni: 77 + i, hubAddress: `169.254.${i}.1/24`, siteAddress: `169.254.${i}.2/24` });

/** hub.pair: the i-th hub-attached site's tunnel to the second hub router: VNI 1077+i, a /30 from
 *  169.254.252.0/23 (hub .4i+1, site .4i+2; 128 links, apart from the first tunnels' /24s for i < 252). */
export const defaultPairTunnel = (i: number) => {
  const n = 252 * 256 + 4 * i;
  const at = (k: number) => `169.254.${Math.floor(k / 256)}.${k % 256}/30`;
  return { vni: 1077 + i, hubAddress: at(n + 1), siteAddress: at(n + 2) };
};

/**
 * WireGuard link of the i-th hub-attached site (features.encryption wireguard): a /31 from
 * 169.254.254.0/23 (hub .2i, site .2i+1: 256 links, apart from the tunnels' 169.254.i.0/24 defaults
 * for i < 254 and from IMDS 169.254.169.254), UDP port 51820 + i (WireGuard's customary 51820).
 */
export const defaultWireguard = (i: number) => {
  const n = 254 * 256 + 2 * i;
  const at = (k: number) => `169.254.${Math.floor(k / 256)}.${k % 256}/31`;
  return { hubAddress: at(n), siteAddress: at(n + 1), port: 51820 + i };
};

/** routing: bgp: the hub router's AS number and the i-th hub-attached site router's, when the config names none
 *  (private 16-bit ASNs, RFC 6996; rules/bgp.ts judges any given). */
export const DEFAULT_HUB_ASN = 65000;
export const defaultSiteAsn = (i: number): number => 65001 + i;

// Routers whose asn a default filled in: a rule that refuses one names the key to set (rules/bgp.ts).
const defaultedAsns = new WeakSet<object>();
/** router with asn, or router itself when it names one; a filled-in one is remembered (asnDefaulted). */
export function withAsn<R extends { asn?: number | undefined }>(router: R, asn: number): R {
  if (router.asn !== undefined) return router;
  const r = { ...router, asn };
  defaultedAsns.add(r);
  return r;
}
/** true when router's asn came from a default (withAsn), not from the config. */
export const asnDefaulted = (router: object): boolean => defaultedAsns.has(router);

type Gateway = LabConfig["hub"]["gateway"];

/** An ErGwScale gateway without scaleUnits gets the fixed 1-unit size; other SKUs have none. */
const withScaleUnits = <V extends { gateway?: Gateway }>(v: V): V =>
  v.gateway?.sku === SCALABLE_SKU && !v.gateway.scaleUnits
    ? { ...v, gateway: { ...v.gateway, scaleUnits: { ...DEFAULT_SCALE_UNITS } } }
    : v;

/** hub.pair's router gets the hub router's ASN unless it names one (the two never peer: one AS, both paths multipath). */
export function withPairAsn<H extends Pick<LabConfig["hub"], "router" | "pair">>(hub: H): H {
  if (!hub.pair || hub.router.asn === undefined) return hub;
  return { ...hub, pair: { ...hub.pair, router: withAsn(hub.pair.router, hub.router.asn) } };
}

/** A tunnel with its WireGuard link filled in when the lab is encrypted and the config names none. */
const withWireguard = (tunnel: TunnelCfg, encrypted: boolean, i: number): TunnelCfg =>
  encrypted && !tunnel.wireguard ? { ...tunnel, wireguard: defaultWireguard(i) } : tunnel;

/** The parsed config with every hub-attached site's tunnel(s), every ErGwScale gateway's scale units and (routing: bgp) every router's ASN filled in. */
export function resolveDefaults(cfg: LabConfig): LabConfig {
  const attached = hubAttachedSites(cfg);
  const hubIndex = new Map(attached.map((s, i) => [s, i]));
  const bgp = cfg.routing === "bgp";
  const hub = withScaleUnits(cfg.hub);
  const encrypted = isEncrypted(cfg.features);
  return {
    ...cfg,
    hub: bgp ? withPairAsn({ ...hub, router: withAsn(hub.router, DEFAULT_HUB_ASN) }) : hub,
    spokes: cfg.spokes.map(withScaleUnits),
    sites: cfg.sites.map((s) => {
      const i = hubIndex.get(s);
      if (i === undefined) return withScaleUnits(s);
      const router = bgp && s.router ? withAsn(s.router, defaultSiteAsn(i)) : s.router;
      // The pair's tunnels take the WireGuard links after the first tunnels' (index attached.length + i).
      const pairTunnel = cfg.hub.pair ? withWireguard(s.pairTunnel ?? defaultPairTunnel(i), encrypted, attached.length + i) : undefined;
      return withScaleUnits({
        ...s,
        ...(router ? { router } : {}),
        tunnel: withWireguard(s.tunnel ?? defaultTunnel(i), encrypted, i),
        ...(pairTunnel ? { pairTunnel } : {}),
      });
    }),
  };
}
