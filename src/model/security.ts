// NSG rules per subnet: VXLAN only between tunnel ends, SSH only from configured sources, transit allowed,
// what the lab's probes need from the lab's own prefixes, and everything else denied.
//
// Azure's default AllowVnetInBound (65000) is not "the VNet": the VirtualNetwork service tag also holds
// "all connected on-premises address spaces ... and address prefixes used on user-defined routes"
// (https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags), i.e.
// everything the ExpressRoute gateway learns from the circuit. So the explicit deny at 4096 below is what
// keeps a real corporate network behind the circuit out; everything the lab needs is allowed above it.
// Azure's own DHCP/DNS/IMDS/health traffic (168.63.129.16, 169.254.169.254) "aren't subject to the
// configured network security groups" (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#azure-platform-considerations).
import { isBastionSubnet } from "../platform/bastion.js";
import { labPrefixes, labProbeRules } from "./security-lab.js";
import { spokePrefixes, tunnelSitePrefixes, tunnelSites } from "./lookup.js";
import { lbProbeRuleName, nsgName, vxlanRuleName, wireguardRuleName } from "../config/resource-names.js";
import type { LabConfig } from "../config/schema.js";
import type { LoadBalancerModel, NsgModel, NsgRule, TunnelModel, VnetModel } from "./types.js";

/** hub.pair: the health probe's rule, between allow-tunnel-transit (3000) and the lab's probes (3100). */
export const LB_PROBE_PRIORITY = 3050;
/** The service tag of Azure's health probe source, 168.63.129.16 (Azure renders it as the singular sourceAddressPrefix). */
export const AZURE_LOAD_BALANCER_TAG = "AzureLoadBalancer";

export function buildNsgs(
  cfg: LabConfig,
  vnets: readonly VnetModel[],
  tunnels: readonly TunnelModel[],
  vxlanPort: number,
  lb?: LoadBalancerModel,
): NsgModel[] {
  const spokes = spokePrefixes(vnets);
  const sitePrefixes = tunnelSitePrefixes(vnets);
  const tunnelled = new Set(tunnelSites(vnets).map((v) => v.name));
  const port = String(vxlanPort);

  return vnets
    .filter((v) => v.deployed)
    .flatMap((vnet) =>
      vnet.subnets
        .filter((s) => !s.isGatewaySubnet) // Azure forbids an NSG on GatewaySubnet.
        // An NSG on AzureBastionSubnet is allowed only with Bastion's own required rules
        // (https://learn.microsoft.com/azure/bastion/bastion-nsg); the lab leaves it without one.
        .filter((s) => !isBastionSubnet(s))
        .map((subnet) => {
          const rules: NsgRule[] = [];
          const routers = vnet.vms.filter((vm) => vm.subnet === subnet.name && vm.role === "router");
          const ends = tunnels.flatMap((t) =>
            [
              { local: t.hubEnd, remote: t.siteEnd, t },
              { local: t.siteEnd, remote: t.hubEnd, t },
            ].filter((e) => routers.some((r) => r.name === e.local.vm)),
          );
          // Encrypted (features.encryption wireguard): only the link's WireGuard port crosses the underlay;
          // VXLAN travels inside it, so 4789 is never allowed from anyone (rule 1000 denies it).
          // A tunnel to hub.pair's router names its local end too (resource-names.ts): unique in the NSG.
          const pairTunnel = (t: TunnelModel) => t.hubEnd.vm === cfg.hub.pair?.router.name;
          ends.forEach(({ local, remote, t }, i) =>
            rules.push({
              name: (t.wireguard ? wireguardRuleName : vxlanRuleName)(remote.vm, pairTunnel(t) ? local.vm : undefined),
              priority: 100 + i,
              access: "Allow",
              protocol: "Udp",
              sourcePrefixes: [`${remote.underlay}/32`],
              destinationPrefixes: [`${local.underlay}/32`],
              destinationPorts: [t.wireguard ? String(t.wireguard.port) : port],
              description: t.wireguard
                ? `WireGuard ${t.wireguard.device} (VXLAN VNI ${t.vni} inside) from its tunnel peer only`
                : `VXLAN VNI ${t.vni} from its tunnel peer only`,
            }),
          );
          if (cfg.features.vxlanGuard) {
            rules.push({
              name: "deny-vxlan-others",
              priority: 1000,
              access: "Deny",
              protocol: "Udp",
              sourcePrefixes: ["*"],
              destinationPrefixes: ["*"],
              destinationPorts: [port],
              description: "VXLAN from anyone but a tunnel peer could inject or hijack tunnel traffic",
            });
          }
          cfg.access.sshSourcePrefixes.forEach((src, i) =>
            rules.push({
              name: `allow-ssh-${i}`,
              priority: 2000 + i,
              access: "Allow",
              protocol: "Tcp",
              sourcePrefixes: [src],
              destinationPrefixes: [subnet.prefix],
              destinationPorts: ["22"],
              description: "SSH from a configured source (access.sshSourcePrefixes)",
            }),
          );
          // Traffic that crossed the tunnel: not in the VNet's own or learned space.
          const transit = vnet.role === "spoke" ? sitePrefixes : tunnelled.has(vnet.name) ? spokes : [];
          if (transit.length) {
            rules.push({
              name: "allow-tunnel-transit",
              priority: 3000,
              access: "Allow",
              protocol: "*",
              sourcePrefixes: transit,
              destinationPrefixes: [subnet.prefix],
              destinationPorts: ["*"],
              description: "Traffic routed through the VXLAN tunnel from the far side",
            });
          }
          if (lb && lb.vnet === vnet.name && lb.subnet === subnet.name) rules.push(lbProbeRule(lb, vnet));
          rules.push(...labProbeRules(subnet, routers, vnets, tunnels, labPrefixes(vnets), cfg.features.routerSource));
          return { name: nsgName(vnet.name, subnet.name), vnet: vnet.name, subnet: subnet.name, inbound: rules };
        }),
    );
}

// The lab's deny-all-inbound (4096) comes before Azure's AllowAzureLoadBalancerInBound (65001), and
// Learn: "you must allow 168.63.129.16 IP address in any Azure network security groups ... The
// AzureLoadBalancer service tag identifies this source IP address" and "It isn't recommended to block
// the Azure Load Balancer health probe IP or port with NSG rules. This is an unsupported scenario"
// (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview). So the probe's
// port is admitted from the tag, to the backends only.
function lbProbeRule(lb: LoadBalancerModel, vnet: VnetModel): NsgRule {
  const address = (vm: string) => vnet.vms.find((v) => v.name === vm)!.address;
  return {
    name: lbProbeRuleName,
    priority: LB_PROBE_PRIORITY,
    access: "Allow",
    protocol: "Tcp",
    sourcePrefixes: [AZURE_LOAD_BALANCER_TAG],
    destinationPrefixes: lb.backends.map((b) => `${address(b)}/32`),
    destinationPorts: [String(lb.probe.port)],
    description: `The load balancer's health probe (HTTP ${lb.probe.path}) to the hub routers`,
  };
}
