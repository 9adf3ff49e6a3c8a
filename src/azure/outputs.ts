// Stack outputs computed from the model (no resource ids): what to check and how; secret where they carry a key.
import { carriesKeys, filesFor, renderCloudInit } from "../render/cloud-init.js";
import type { RenderedFile } from "../render/router-files.js";
import { routerModelOf, routerOf, vnetByName } from "../model/lookup.js";
import * as pulumi from "@pulumi/pulumi";
import type { Lab, TunnelEnd, VmModel, VnetModel } from "../model/types.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";

export function vmAddresses(lab: Lab): Record<string, string> {
  return Object.fromEntries(lab.vms.filter((vm) => vm.deployed).map((vm) => [vm.name, vm.address]));
}

const endOut = (e: TunnelEnd) => ({ vm: e.vm, underlay: e.underlay, overlay: e.overlay, ...(e.wg ? { wireguard: e.wg.overlay } : {}) });

export function tunnelOutputs(lab: Lab) {
  return lab.tunnels.map((t) => ({
    site: t.site,
    vni: t.vni,
    device: t.device,
    port: lab.vxlanPort,
    mtu: t.mtu,
    mss: t.mss,
    df: t.df,
    ...(t.wireguard ? { wireguard: { device: t.wireguard.device, port: t.wireguard.port, mtu: t.wireguard.mtu } } : {}),
    hub: endOut(t.hubEnd),
    siteEnd: endOut(t.siteEnd),
  }));
}

export interface UnderlayStatus {
  /** True when every deployed gateway has a circuit connection (or there is no gateway). */
  readonly connected: boolean;
  readonly message: string;
}

export function underlayStatus(lab: Lab): UnderlayStatus {
  const gateways = lab.vnets.filter((v) => v.deployed && v.gateway).map((v) => v.gateway!);
  if (!gateways.length) return { connected: true, message: "no ExpressRoute gateway in this lab: VNets are joined by peering only" };
  const missing = gateways.filter((g) => !g.circuitId).map((g) => g.name);
  const linked = gateways.filter((g) => g.circuitId).map((g) => g.name);
  if (!missing.length) return { connected: true, message: `connected: ${linked.join(", ")} linked to their ExpressRoute circuits` };
  const tail = linked.length ? `; connected: ${linked.join(", ")}` : "";
  return {
    connected: false,
    message: `not connected: no circuitId configured for ${missing.join(", ")} (set gateway.circuitId in hub-spoke-vxlan:lab)${tail}`,
  };
}

// Test targets in a VNet: its hosts, else its router.
function targetsIn(vnet: VnetModel): VmModel[] {
  const hosts = vnet.vms.filter((vm) => vm.role === "host");
  return hosts.length ? hosts : vnet.vms.filter((vm) => vm.role === "router");
}

interface Check {
  readonly script: string;
  readonly note: string;
  /** traceroute -T sends raw TCP SYNs: "You do not have enough privileges to use this traceroute method." */
  readonly root: boolean;
}

const traceroute = (to: VmModel): Check => ({ script: `traceroute -T -p 22 ${to.address}`, note: `to ${to.name}`, root: true });
// The router's own traffic through the tunnel must leave from eth0's address (seed caveat).
const ping = (from: string, to: VmModel): Check => ({ script: `ping -c 3 -I ${from} ${to.address}`, note: `to ${to.name}`, root: false });

/** Per deployed VM, the checks that prove the path across the tunnel (or the native circuit). */
function checksOf(lab: Lab): Record<string, Check[]> {
  const tunnelled = lab.tunnels.map((t) => vnetByName(lab, t.site)!);
  const spokeTargets = lab.spokes.flatMap(targetsIn);
  const sitesOf = (spoke: string) => [...tunnelled, ...lab.sites.filter((s) => s.attach === spoke)];
  const result: Record<string, Check[]> = {};
  for (const vm of lab.vms.filter((v) => v.deployed)) {
    const vnet = vnetByName(lab, vm.vnet)!;
    const router = routerModelOf(lab, vm.name);
    if (router) {
      result[vm.name] = router.tunnels.flatMap(({ tunnel, local, remote }) => {
        const far = local.vm === tunnel.hubEnd.vm ? targetsIn(vnetByName(lab, tunnel.site)!) : spokeTargets;
        return [
          { script: `ping -c 3 ${remote.overlayAddress}`, note: `${tunnel.device} (VNI ${tunnel.vni}) to ${remote.vm}`, root: false },
          ...far.map((t) => ping(local.underlay, t)),
        ];
      });
    } else if (vnet.role === "spoke") {
      result[vm.name] = sitesOf(vnet.name).flatMap(targetsIn).map(traceroute);
    } else if (vnet.role === "site") {
      const far = vnet.attach === lab.hub.name ? spokeTargets : targetsIn(vnetByName(lab, vnet.attach!)!);
      result[vm.name] = far.map(traceroute);
    } else {
      result[vm.name] = tunnelled.flatMap(targetsIn).map(traceroute);
    }
  }
  return result;
}

export interface VmChecks {
  /** From anywhere with the Azure CLI: no SSH, no public IP, no Bastion needed. Run Command runs the
   *  script as root ("Scripts run by default as an elevated user on Linux",
   *  https://learn.microsoft.com/azure/virtual-machines/linux/run-command#restrictions), so no sudo. */
  readonly runCommand: readonly string[];
  /** The same checks typed in a shell on the VM (SSH, Bastion), as the admin user: sudo where root is needed. */
  readonly interactive: readonly string[];
}

/** Per deployed VM, each check as an `az vm run-command invoke` line and as an interactive command. */
export function checkCommands(lab: Lab): Record<string, VmChecks> {
  const rg = lab.config.resourceGroupName;
  return Object.fromEntries(
    Object.entries(checksOf(lab)).map(([vm, checks]) => [
      vm,
      {
        runCommand: checks.map(
          (c) => `az vm run-command invoke -g ${rg} -n ${vm} --command-id RunShellScript --scripts '${c.script}'  # ${c.note}`,
        ),
        interactive: checks.map((c) => `${c.root ? "sudo " : ""}${c.script}  # ${c.note}`),
      },
    ]),
  );
}

export interface OnpremSite {
  readonly router: { readonly name: string; readonly address: string };
  /** Routes the site's own network must carry (the model's onpremRouteTables). */
  readonly routes: readonly { readonly subnet: string; readonly prefix: string; readonly nextHop: string }[];
  readonly cloudInit: string;
  readonly files: readonly RenderedFile[];
}

/** Sites not deployed on Azure: what the user applies to their own router; a secret when it carries
 *  tunnel secrets (WireGuard keys, BGP passwords: carriesKeys, as a deployed router's customData). */
export function onpremSites(
  lab: Lab,
  keys?: pulumi.Output<TunnelKeys>,
): Record<string, OnpremSite> | pulumi.Output<Record<string, OnpremSite>> {
  const secret = lab.sites.some((s) => {
    const vm = s.deployed ? undefined : routerOf(s);
    return !!vm && carriesKeys(lab, vm);
  });
  if (secret) {
    if (!keys) throw new Error("unreachable: an on-premises site's router needs its tunnel secrets and none were made");
    return pulumi.secret(keys.apply((k) => onpremOf(lab, k)));
  }
  return onpremOf(lab);
}

function onpremOf(lab: Lab, keys?: TunnelKeys): Record<string, OnpremSite> {
  const out: Record<string, OnpremSite> = {};
  for (const site of lab.sites.filter((s) => !s.deployed)) {
    const vm = routerOf(site);
    if (!vm) continue;
    out[site.name] = {
      router: { name: vm.name, address: vm.address },
      routes: lab.onpremRouteTables
        .filter((t) => t.vnet === site.name)
        .flatMap((t) => t.routes.map((r) => ({ subnet: t.subnet, prefix: r.prefix, nextHop: r.nextHopIp }))),
      cloudInit: renderCloudInit(lab, vm, keys),
      files: filesFor(lab, vm, keys),
    };
  }
  return out;
}
