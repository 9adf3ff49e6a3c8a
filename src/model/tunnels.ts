// VXLAN tunnels (one per hub-attached site) and the routers' static routes through them.
import { addressOf, containsAddress, mustPrefix } from "../net/cidr.js";
import { AZURE_PATH_BYTES } from "../platform/network.js";
import { routerIn, spokePrefixes, vnetByName } from "./lookup.js";
import { hubAttachedSites, isEncrypted, pairTunnelOf, tunnelOf } from "../config/refs.js";
import type { LabConfig } from "../config/schema.js";
import type { BgpNeighbor, RouterModel, RouterRoute, TunnelModel, VmModel, VnetModel } from "./types.js";

const VXLAN_OVERHEAD = 50; // outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14
const TCP_IP_HEADERS = 40;
// The tunnel's MTU chain, decided here only. Azure's path fragments over AZURE_PATH_BYTES (1,400; the
// quotes are in src/platform/network.ts), and may drop the fragments.
// Rule: no outer packet over 1,400 bytes, and DF set on it, so that nothing on the path (VNet, peering
// or circuit) splits it silently; an over-size packet then fails loudly instead.
const SEED_UNDERLAY = 1500; // features.azureMtu false: the seed's kernel default (1500 - 50), no DF
// features.encryption wireguard: the VXLAN runs inside WireGuard, which costs "20-byte IPv4 header ...
// 8-byte UDP header, 4-byte type, 4-byte key index, 8-byte nonce, N-byte encrypted data, 16-byte
// authentication tag" (J. Donenfeld, https://www.mail-archive.com/wireguard@lists.zx2c4.com/msg01856.html):
// the WireGuard device gets budget - 60 and the VXLAN device inside it that minus 50 (1400: 1340, 1290, MSS 1250).
const WIREGUARD_OVERHEAD = 60;

// Locally administered unicast MAC 02:00:<overlay IPv4 bytes>: unique per tunnel end, stable across rebuilds.
const tunnelMac = (overlayAddress: string) =>
  `02:00:${overlayAddress
    .split(".")
    .map((b) => Number(b).toString(16).padStart(2, "0"))
    .join(":")}`;

const end = (vm: VmModel, overlay: string, wg?: string) => ({
  vm: vm.name,
  underlay: vm.address,
  overlay,
  overlayAddress: addressOf(overlay),
  mac: tunnelMac(addressOf(overlay)),
  ...(wg ? { wg: { overlay: wg, address: addressOf(wg) } } : {}),
});

/** A tunnel's name in secrets and resources: the site's (as before the pair existed), or <site>@<router> for the second hub router's ('@' is in no VNet name, so no site's own key can be another's pair key). */
export const tunnelKey = (site: string, hubRouter: string, pair: boolean): string => (pair ? `${site}@${hubRouter}` : site);

/** One tunnel per hub router and hub-attached site: hub.router's first (vxlan0..n-1), then hub.pair's (vxlan n..2n-1). */
export function buildTunnels(cfg: LabConfig, vnets: readonly VnetModel[]): TunnelModel[] {
  const sites = hubAttachedSites(cfg);
  const vm = (name: string) => vnetByName(vnets, cfg.hub.name)!.vms.find((v) => v.name === name)!;
  const hubRouters = [
    { router: vm(cfg.hub.router.name), pair: false, tunnel: tunnelOf },
    ...(cfg.hub.pair ? [{ router: vm(cfg.hub.pair.router.name), pair: true, tunnel: pairTunnelOf }] : []),
  ];
  const azure = cfg.features.azureMtu;
  const budget = azure ? AZURE_PATH_BYTES : SEED_UNDERLAY;
  const encrypted = isEncrypted(cfg.features);
  return hubRouters.flatMap(({ router, pair, tunnel }, r) =>
    sites.map((site, s) => {
      const i = r * sites.length + s;
      const t = tunnel(site);
      const wg = encrypted ? t.wireguard : undefined;
      if (encrypted && !wg) throw new Error(`unreachable: ${site.name} has no WireGuard link (defaults were not resolved)`);
      const wgMtu = budget - WIREGUARD_OVERHEAD;
      const mtu = (wg ? wgMtu : budget) - VXLAN_OVERHEAD;
      return {
        site: site.name,
        key: tunnelKey(site.name, router.name, pair),
        device: `vxlan${i}`,
        vni: t.vni,
        mtu,
        mss: mtu - TCP_IP_HEADERS,
        df: azure,
        ...(wg ? { wireguard: { device: `wg${i}`, port: wg.port, mtu: wgMtu } } : {}),
        hubEnd: end(router, t.hubAddress, wg?.hubAddress),
        siteEnd: end(routerIn(vnets, site.name)!, t.siteAddress, wg?.siteAddress),
      };
    }),
  );
}

/** What crosses each tunnel, decided once: the hub end sends the spokes' space in, the site end its own. */
export function tunnelPrefixes(vnets: readonly VnetModel[], t: TunnelModel): { fromHub: string[]; fromSite: string[] } {
  return { fromHub: spokePrefixes(vnets), fromSite: [...vnetByName(vnets, t.site)!.addressSpace] };
}

export function buildRouters(cfg: LabConfig, vnets: readonly VnetModel[], tunnels: readonly TunnelModel[]): RouterModel[] {
  const bgp = cfg.routing === "bgp";
  const peerRouteDev = cfg.features.peerRouteDev;
  const routers = vnets.flatMap((v) => v.vms.filter((vm) => vm.role === "router"));
  const asnOf = routerAsns(cfg);
  return routers.map((vm) => {
    const mine = tunnels
      .filter((t) => t.hubEnd.vm === vm.name || t.siteEnd.vm === vm.name)
      .map((t) =>
        t.hubEnd.vm === vm.name ? { tunnel: t, local: t.hubEnd, remote: t.siteEnd } : { tunnel: t, local: t.siteEnd, remote: t.hubEnd },
      );
    // Per tunnel, what this end learns (its static routes, or its inbound prefix-list) and announces.
    const sides = mine.map((rt) => {
      const crossing = tunnelPrefixes(vnets, rt.tunnel);
      const isHub = rt.local === rt.tunnel.hubEnd;
      return { ...rt, learn: isHub ? crossing.fromSite : crossing.fromHub, announce: isHub ? crossing.fromHub : crossing.fromSite };
    });
    const routes: RouterRoute[] = sides.flatMap(({ tunnel, remote, learn }) => {
      // The hub end routes the site's space into the tunnel; the site end routes every spoke's space.
      const routes: RouterRoute[] = learn.map((prefix) => ({
        prefix,
        nextHop: remote.overlayAddress,
        why: bgp
          ? `${prefix} from ${remote.vm} (BGP over ${tunnel.device}, VNI ${tunnel.vni})`
          : `${prefix} through ${tunnel.device} (VNI ${tunnel.vni})`,
        proto: bgp ? "bgp" : "static",
      }));
      // Keep the far end's underlay address off the tunnel, else the outer packet loops into it.
      // Bound to eth0: FRR 8.4 (Ubuntu 24.04's) loses an unbound one on a quick eth0 flap (the kernel
      // drops it silently, zebra sees no change: fixed only in FRR 9.0,
      // https://github.com/FRRouting/frr/pull/13413); staticd re-sends a bound one when eth0 comes up.
      // Static with routing: bgp too: the underlay never depends on the session it carries.
      if (learn.some((p) => containsAddress(mustPrefix(p), remote.underlay))) {
        const why = `tunnel peer ${remote.vm} over the underlay, not through ${tunnel.device}`;
        routes.push({
          prefix: `${remote.underlay}/32`,
          nextHop: vm.subnetGateway,
          ...(peerRouteDev ? { dev: "eth0" } : {}),
          why,
          proto: "static",
        });
      }
      return routes;
    });
    if (!bgp) return { vm, tunnels: mine, routes };
    const neighbors: BgpNeighbor[] = sides.map(({ tunnel, local, remote, learn, announce }) => {
      const name = tunnel.device.toUpperCase();
      return {
        key: tunnel.key,
        site: tunnel.site,
        device: tunnel.device,
        localAddress: local.overlayAddress,
        address: remote.overlayAddress,
        remoteVm: remote.vm,
        remoteAsn: asnOf(remote.vm),
        advertise: announce,
        accept: learn,
        maxPrefix: learn.length,
        prefixListIn: `HSV-${name}-IN`,
        prefixListOut: `HSV-${name}-OUT`,
      };
    });
    const networks = [...new Set(neighbors.flatMap((n) => n.advertise))];
    const asn = asnOf(vm.name);
    // A site router of a pair learns each spoke prefix from both hub routers: both paths go in (ECMP).
    const multipath = sides.filter((x) => x.local === x.tunnel.siteEnd).length;
    // prefer first: the second hub router's path is longer, so the site routers send through the first.
    const prepend = cfg.hub.pair?.prefer === "first" && vm.name === cfg.hub.pair.router.name ? [asn, asn] : [];
    return { vm, tunnels: mine, routes, bgp: { asn, routerId: vm.address, networks, neighbors, multipath, prepend } };
  });
}

/** Each router's AS number by VM name (resolveDefaults filled them in for routing: bgp). */
function routerAsns(cfg: LabConfig): (vm: string) => number {
  const byVm = new Map<string, number | undefined>([
    [cfg.hub.router.name, cfg.hub.router.asn],
    ...(cfg.hub.pair ? [[cfg.hub.pair.router.name, cfg.hub.pair.router.asn] as const] : []),
    ...cfg.sites.flatMap((s) => (s.router ? [[s.router.name, s.router.asn] as const] : [])),
  ]);
  return (vm) => {
    const asn = byVm.get(vm);
    if (asn === undefined) throw new Error(`unreachable: router ${vm} has no ASN (defaults were not resolved)`);
    return asn;
  };
}
