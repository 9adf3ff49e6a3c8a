// Azure's platform addresses (168.63.129.16 and IMDS 169.254.169.254, src/platform/network.ts) inside
// any prefix the lab chooses: one rule over every prefix-valued key of the schema.
//
// Learn "What is IP address 168.63.129.16?" (ms.date 03/30/2023),
// https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16: "IP address
// 168.63.129.16 is a virtual public IP address that is used to facilitate a communication channel to
// Azure platform resources. Customers can define any address space for their private virtual network
// in Azure. Therefore, the Azure platform resources must be presented as a unique public IP address."
// and "If this address is blocked, unexpected behavior can occur in various scenarios." IMDS is
// "available at a well-known, non-routable IP address (169.254.169.254)"
// (https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service). Every VM reaches
// both as the same address, so a prefix of the lab that holds one takes it from them: a VNet
// address space or subnet (the VNet FAQ also refuses 168.63.129.16/32 and 169.254.0.0/16 as address
// space), or a tunnel subnet or WireGuard link, which the routers route into the tunnel.
//
// Keys judged: every VNet's addressSpace[i] and subnets[i].prefix, every VM's address (hub, spokes,
// sites: routers and hosts), hub.pair.frontend, every hub-attached site's tunnel and (hub.pair)
// pairTunnel (hubAddress/siteAddress) and, with features.encryption wireguard, their wireguard links. Not access.sshSourcePrefixes: an NSG
// source is not routed, and platform traffic "isn't subject to the configured network security
// groups" (network-security-groups-overview#azure-platform-considerations), so holding it changes nothing.
import { containsAddress, isAddress, mustPrefix, networkOf, parsePrefix, type Prefix } from "../../net/cidr.js";
import { PLATFORM_ADDRESSES, PLATFORM_ADDRESS_ROLE } from "../../platform/network.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import { isEncrypted, type VnetRef, routerEntries } from "../refs.js";
import type { LabConfig } from "../schema.js";
import type { SitesInput } from "./sites.js";

/** Reports each platform address inside `p` (written `text`) at `key`. */
function judge(key: string, text: string, p: Prefix, add: AddProblem): void {
  for (const a of PLATFORM_ADDRESSES) {
    if (!containsAddress(p, a)) continue;
    const what = p.length === 32 ? `${text} is the platform address ${a}` : `${text} contains ${a}`;
    add(key, `${what} (${PLATFORM_ADDRESS_ROLE[a]}), which the VMs must keep reaching`);
  }
}

/** A link's ends (tunnel or WireGuard): the subnet of each end that parses, once. */
function linkNets(link: { hubAddress: string; siteAddress: string }): string[] {
  const nets = [link.hubAddress, link.siteAddress].filter((a) => parsePrefix(a, true)).map((a) => networkOf(a));
  return [...new Set(nets)];
}

export function checkPlatformAddresses(
  refs: readonly VnetRef[],
  sites: SitesInput | undefined,
  features: Pick<LabConfig["features"], "encryption"> | undefined,
): Problem[] {
  const { problems, add } = problemList();
  for (const r of refs) {
    r.cfg.addressSpace.forEach((text, i) => {
      const p = parsePrefix(text);
      if (p) judge(`${r.key}.addressSpace[${i}]`, text, p, add);
    });
    r.cfg.subnets.forEach((s, i) => {
      const p = parsePrefix(s.prefix);
      if (p) judge(`${r.key}.subnets[${i}].prefix`, s.prefix, p, add);
    });
    const vms = [...routerEntries(r), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
    for (const { key, vm } of vms) if (isAddress(vm.address)) judge(`${key}.address`, vm.address, mustPrefix(`${vm.address}/32`), add);
  }
  // hub.pair's frontend: the spokes' next hop, an address of the hub like a VM's.
  const frontend = refs.find((r) => r.role === "hub")?.cfg.pair?.frontend;
  if (frontend !== undefined && isAddress(frontend)) judge("hub.pair.frontend", frontend, mustPrefix(`${frontend}/32`), add);
  for (const { key, site } of sites?.sites ?? []) {
    if (site.attach !== "hub") continue;
    const tunnels = [
      { tkey: `${key}.tunnel`, t: site.tunnel },
      // Only with hub.pair (sites.ts refuses a pairTunnel without it).
      { tkey: `${key}.pairTunnel`, t: sites?.hub.pair ? site.pairTunnel : undefined },
    ];
    for (const { tkey, t } of tunnels) {
      if (!t) continue;
      for (const net of linkNets(t)) judge(tkey, net, mustPrefix(net), add);
      if (t.wireguard && features && isEncrypted(features))
        for (const net of linkNets(t.wireguard)) judge(`${tkey}.wireguard`, net, mustPrefix(net), add);
    }
  }
  return problems;
}
