// The files cloud-init writes on a router: the seed's post-up script and its hook, sysctl, FRR, firewall
// (and on a hub router of a pair its health answer, health.ts).
import type { BgpRouter, Lab, RouterModel } from "../model/types.js";
import { bgpPassword, publicKeyOf, raw32, tunnelKeys, type TunnelKeys } from "../model/wireguard-keys.js";
import { BFD, BGP_TIMERS } from "../model/bgp.js";
import { HEADER, renderTemplate } from "./templates.js";
import { HEALTH_UNIT, healthFiles } from "./health.js";

export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
  readonly owner: string;
}

export const PATHS = {
  sysctl: "/etc/sysctl.d/60-hub-spoke-vxlan.conf",
  postUpDir: "/etc/network/if-post-up.d",
  postUp: "/etc/network/if-post-up.d/vxlan",
  hook: "/etc/networkd-dispatcher/routable.d/50-hub-spoke-vxlan",
  frr: "/etc/frr/frr.conf",
  /** routing: bgp only: the package's daemons file with bgpd and bfdd on. */
  frrDaemons: "/etc/frr/daemons",
  firewall: "/etc/hub-spoke-vxlan/tunnel.nft",
  /** wg-quick's folder; the file is `wg setconf`'s format (no Address=, the post-up script sets it). */
  wireguard: (device: string) => `/etc/wireguard/${device}.conf`,
} as const;

// The dispatcher's unit starts only when a hook exists (networkd-dispatcher.service in Debian's and
// Ubuntu's package: "ConditionPathExistsGlob=|/etc/networkd-dispatcher/*/*"); when the package is
// installed there is none yet, so without a start here it would first run after a reboot.
export const DISPATCHER_UNIT = "networkd-dispatcher";

/** cloud-init writes the files after the first "routable" event (write_files_deferred runs in the
 *  final stage, before runcmd's scripts_user), so runcmd applies them once: the tunnel and FRR are
 *  up at first boot without a reboot, and the dispatcher, started now that its hook exists, re-runs
 *  the post-up script on every later routable event of this boot. A hub router of a pair then
 *  starts its health answer (health.ts), which answers 503 until FRR's routes are in. */
export function routerRuncmd(health = false): string[][] {
  return [
    ["sysctl", "-p", PATHS.sysctl],
    ["env", "IFACE=eth0", PATHS.hook],
    ["systemctl", "enable", "--now", DISPATCHER_UNIT],
    ["systemctl", "restart", "frr"],
    ...(health ? [["systemctl", "enable", "--now", HEALTH_UNIT]] : []),
  ];
}

export const ROUTE_MAP = "HUB-SPOKE-VXLAN-SRC";
/** hub.pair prefer first: the second hub router's route-map out on every session, prepending its AS. */
export const PREPEND_ROUTE_MAP = "HSV-PREPEND-OUT";

/** prefix-list entries numbered 5, 10, ... (room to insert by hand), in the model's order. */
const numbered = (prefixes: readonly string[]) => prefixes.map((prefix, i) => ({ seq: 5 * (i + 1), prefix }));

function bgpView(bgp: BgpRouter, keys: TunnelKeys | undefined) {
  return {
    asn: bgp.asn,
    routerId: bgp.routerId,
    networks: bgp.networks,
    bfd: BFD,
    ...BGP_TIMERS,
    // Only a site router of a hub pair has more than one path to a prefix; any other router renders as before.
    multipath: bgp.multipath > 1 ? { paths: bgp.multipath } : false,
    prepend: bgp.prepend.length ? { routeMapOut: PREPEND_ROUTE_MAP, asns: bgp.prepend.join(" ") } : false,
    neighbors: bgp.neighbors.map((n) => ({
      ...n,
      accept: numbered(n.accept),
      advertise: numbered(n.advertise),
      password: bgpPassword(keys, n.key, n.device),
    })),
  };
}
export const NFT_TABLE = "hub_spoke_vxlan";

/** keys: the private keys of every tunnel end (features.encryption wireguard only); rendering is deterministic given them. */
export function routerFiles(lab: Lab, router: RouterModel, keys?: TunnelKeys): RenderedFile[] {
  const f = lab.features;
  const encrypted = lab.encrypted;
  // Encrypted, the input chain is what keeps VXLAN off eth0 (the VXLAN socket listens on every
  // address): it comes with the WireGuard links whatever vxlanGuard says.
  const firewall = f.vxlanGuard || f.mssClamp || encrypted;
  const tunnels = router.tunnels.map(({ tunnel, local, remote }) => ({
    device: tunnel.device,
    vni: tunnel.vni,
    port: lab.vxlanPort,
    mss: tunnel.mss,
    // Seed (df false): no mtu, no df on the command line, the kernel's default 1450 exactly as written up.
    // Inside WireGuard the MTU is always the model's (the kernel's default would not fit).
    mtu: tunnel.df || tunnel.wireguard ? tunnel.mtu : false,
    df: tunnel.df,
    remoteUnderlay: remote.underlay,
    // The VXLAN's far end and lower device: the peer's WireGuard address over wgN, else its eth0 over eth0.
    remote: remote.wg?.address ?? remote.underlay,
    lower: tunnel.wireguard?.device ?? "eth0",
    wgDevice: tunnel.wireguard?.device,
    wgPort: tunnel.wireguard?.port,
    wg:
      tunnel.wireguard && local.wg
        ? {
            wgDevice: tunnel.wireguard.device,
            wgConf: PATHS.wireguard(tunnel.wireguard.device),
            wgMtu: tunnel.wireguard.mtu,
            wgLocal: local.wg.overlay,
            wgLocalAddress: local.wg.address,
          }
        : false,
    localOverlay: local.overlay,
    localMac: local.mac,
    nolearning: f.vxlanGuard,
  }));
  const files: RenderedFile[] = [
    {
      path: PATHS.sysctl,
      content: renderTemplate("files/sysctl.conf.mustache", { header: HEADER, routerSource: f.routerSource }),
      permissions: "0644",
      owner: "root:root",
    },
    {
      path: PATHS.postUp,
      // Notes said once, not per tunnel: a hub's document carries every tunnel (customData is capped at 64 KB).
      content: renderTemplate("files/vxlan.sh.mustache", {
        header: HEADER,
        firewall,
        firewallPath: PATHS.firewall,
        tunnels,
        dfNote: tunnels.some((t) => t.df),
        encrypted,
      }),
      permissions: "0755",
      owner: "root:root",
    },
    {
      path: PATHS.hook,
      content: renderTemplate("files/dispatcher-hook.sh.mustache", { header: HEADER, postUpDir: PATHS.postUpDir }),
      permissions: "0755",
      owner: "root:root",
    },
    {
      path: PATHS.frr,
      content: renderTemplate("files/frr.conf.mustache", {
        header: HEADER,
        hostname: router.vm.name,
        routes: router.routes.filter((r) => r.proto === "static"),
        preferredSource: f.routerSource ? router.vm.address : false,
        routeMap: ROUTE_MAP,
        bgp: router.bgp ? bgpView(router.bgp, keys) : false,
      }),
      permissions: "0640",
      owner: "frr:frr",
    },
  ];
  if (router.bgp) {
    files.push({
      path: PATHS.frrDaemons,
      content: renderTemplate("files/frr-daemons.mustache", { header: HEADER }),
      // The package's own mode and owner for the file (frr 8.4's postinst).
      permissions: "0640",
      owner: "frr:frr",
    });
  }
  for (const { tunnel, local, remote } of router.tunnels) {
    if (!tunnel.wireguard || !remote.wg) continue;
    const k = tunnelKeys(keys, tunnel);
    const mine = local === tunnel.hubEnd ? k.hub : k.site;
    const theirs = local === tunnel.hubEnd ? k.site : k.hub;
    files.push({
      path: PATHS.wireguard(tunnel.wireguard.device),
      content: renderTemplate("files/wireguard.conf.mustache", {
        header: HEADER,
        device: tunnel.wireguard.device,
        vxlanDevice: tunnel.device,
        privateKey: raw32(mine, `${tunnel.site} ${local.vm}`) && mine,
        port: tunnel.wireguard.port,
        peerPublicKey: publicKeyOf(theirs, `${tunnel.site} ${remote.vm}`),
        peerAddress: remote.wg.address,
        peerUnderlay: remote.underlay,
      }),
      // The private key: root only.
      permissions: "0600",
      owner: "root:root",
    });
  }
  if (firewall) {
    const peers = [...new Set(router.tunnels.map((t) => t.remote.underlay))].join(", ");
    files.push({
      path: PATHS.firewall,
      content: renderTemplate("files/tunnel.nft.mustache", {
        header: HEADER,
        table: NFT_TABLE,
        guard: f.vxlanGuard || encrypted,
        wireguard: encrypted,
        port: lab.vxlanPort,
        peers,
        mss: f.mssClamp,
        devices: tunnels,
      }),
      permissions: "0644",
      owner: "root:root",
    });
  }
  files.push(...healthFiles(lab, router.vm.name));
  return files;
}
