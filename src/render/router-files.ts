// The files cloud-init writes on a router: the seed's post-up script and its hook, sysctl, FRR, firewall.
import type { Lab, RouterModel } from "../model/types.js";
import { HEADER, renderTemplate } from "./templates.js";

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
  firewall: "/etc/hub-spoke-vxlan/tunnel.nft",
} as const;

/** cloud-init writes the files after the first "routable" event, so runcmd applies them once: the
 *  tunnel and FRR are up at first boot without a reboot. */
export function routerRuncmd(): string[][] {
  return [
    ["sysctl", "-p", PATHS.sysctl],
    ["env", "IFACE=eth0", PATHS.hook],
    ["systemctl", "restart", "frr"],
  ];
}

export const ROUTE_MAP = "HUB-SPOKE-VXLAN-SRC";
export const NFT_TABLE = "hub_spoke_vxlan";

export function routerFiles(lab: Lab, router: RouterModel): RenderedFile[] {
  const f = lab.features;
  const firewall = f.vxlanGuard || f.mssClamp;
  const tunnels = router.tunnels.map(({ tunnel, local, remote }) => ({
    device: tunnel.device,
    vni: tunnel.vni,
    port: lab.vxlanPort,
    mss: tunnel.mss,
    // Seed (df false): no mtu, no df on the command line, the kernel's default 1450 exactly as written up.
    mtu: tunnel.df ? tunnel.mtu : false,
    df: tunnel.df,
    remoteUnderlay: remote.underlay,
    localOverlay: local.overlay,
    localMac: local.mac,
    nolearning: f.vxlanGuard,
    arpAnnounce: f.routerSource,
  }));
  const files: RenderedFile[] = [
    {
      path: PATHS.sysctl,
      content: renderTemplate("files/sysctl.conf.mustache", { header: HEADER, looseRpFilter: f.routerSource }),
      permissions: "0644",
      owner: "root:root",
    },
    {
      path: PATHS.postUp,
      content: renderTemplate("files/vxlan.sh.mustache", { header: HEADER, firewall, firewallPath: PATHS.firewall, tunnels }),
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
        routes: router.staticRoutes,
        preferredSource: f.routerSource ? router.vm.address : false,
        routeMap: ROUTE_MAP,
      }),
      permissions: "0640",
      owner: "frr:frr",
    },
  ];
  if (firewall) {
    const peers = [...new Set(router.tunnels.map((t) => t.remote.underlay))].join(", ");
    files.push({
      path: PATHS.firewall,
      content: renderTemplate("files/tunnel.nft.mustache", {
        header: HEADER,
        table: NFT_TABLE,
        guard: f.vxlanGuard,
        port: lab.vxlanPort,
        peers,
        mss: f.mssClamp,
        devices: tunnels,
      }),
      permissions: "0644",
      owner: "root:root",
    });
  }
  return files;
}
