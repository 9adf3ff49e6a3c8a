// NSG rules for what the lab itself needs once nothing else is allowed (see security.ts): the verify
// probes between lab VMs (ping, TCP 22, traceroute -T -p 22), traffic the routers forward into and out
// of the tunnel, replies to the hub routers' own TCP through it, and a final deny of everything else inbound.
import { PROBE_PORT } from "../probe/contract.js";
import { spokePrefixes } from "./lookup.js";
import type { NsgRule, SubnetModel, TunnelModel, VmModel, VnetModel } from "./types.js";

export const LAB_ICMP_PRIORITY = 3100;
export const LAB_SSH_PRIORITY = 3110;
export const FORWARD_PRIORITY = 3200;
export const TUNNEL_RETURN_PRIORITY = 3210;
/** The last priority a user rule can have: below every rule above, above Azure's defaults (65000+). */
export const DENY_ALL_PRIORITY = 4096;

/** Every address space that is part of the lab: hub, spokes and sites, on-premises sites included. */
export function labPrefixes(vnets: readonly VnetModel[]): string[] {
  return vnets.flatMap((v) => v.addressSpace);
}

/** Prefixes a router receives from its own side and sends into its tunnels, and where they go. */
function forwarded(router: VmModel, vnets: readonly VnetModel[], tunnels: readonly TunnelModel[]): { from: string[]; to: string[] } {
  const spokes = spokePrefixes(vnets);
  const asHub = hubSites(router, vnets, tunnels);
  const asSite = tunnels.filter((t) => t.siteEnd.vm === router.name);
  return {
    // Hub router: spoke hosts' traffic for the tunnelled sites (spoke UDRs point at it).
    // Site router: its own site's traffic for the spokes (site UDRs point at it).
    from: [...(asHub.length ? spokes : []), ...asSite.flatMap((t) => siteSpace(vnets, t))],
    to: [...asHub, ...(asSite.length ? spokes : [])],
  };
}

const siteSpace = (vnets: readonly VnetModel[], t: TunnelModel) => vnets.find((v) => v.name === t.site)!.addressSpace;

/** The address spaces of the sites a router is the hub end of a tunnel to. */
function hubSites(router: VmModel, vnets: readonly VnetModel[], tunnels: readonly TunnelModel[]): string[] {
  return tunnels.filter((t) => t.hubEnd.vm === router.name).flatMap((t) => siteSpace(vnets, t));
}

const uniq = (xs: readonly string[]) => [...new Set(xs)];

export function labProbeRules(
  subnet: SubnetModel,
  routersInSubnet: readonly VmModel[],
  vnets: readonly VnetModel[],
  tunnels: readonly TunnelModel[],
  lab: readonly string[],
  routerSource: boolean,
): NsgRule[] {
  const rules: NsgRule[] = [
    {
      name: "allow-lab-icmp",
      priority: LAB_ICMP_PRIORITY,
      access: "Allow",
      protocol: "Icmp",
      sourcePrefixes: [...lab],
      destinationPrefixes: [subnet.prefix],
      destinationPorts: ["*"],
      description: "ping and traceroute replies between lab VMs (the lab's own address spaces only)",
    },
    {
      name: "allow-lab-ssh",
      priority: LAB_SSH_PRIORITY,
      access: "Allow",
      protocol: "Tcp",
      sourcePrefixes: [...lab],
      destinationPrefixes: [subnet.prefix],
      destinationPorts: [String(PROBE_PORT)],
      description: `TCP ${PROBE_PORT} probes (nc, traceroute -T -p ${PROBE_PORT}) and Bastion between lab VMs (the lab's own address spaces only)`,
    },
  ];
  // A router's NSG sees forwarded packets with their original destination, beyond this subnet.
  const fwd = routersInSubnet.map((r) => forwarded(r, vnets, tunnels));
  const from = uniq(fwd.flatMap((f) => f.from));
  const to = uniq(fwd.flatMap((f) => f.to));
  if (from.length && to.length) {
    rules.push({
      name: "allow-tunnel-forward",
      priority: FORWARD_PRIORITY,
      access: "Allow",
      protocol: "*",
      sourcePrefixes: from,
      destinationPrefixes: to,
      destinationPorts: ["*"],
      description: "Traffic the router forwards into the VXLAN tunnel (its UDR next hop)",
    });
  }
  // The site spaces a hub router reaches through its tunnels with its own traffic (features.routerSource
  // gives it the eth0 source). The request leaves inside VXLAN; the site's hosts answer the hub's address
  // natively (the underlay route, over the circuit or a peering), so the reply enters a NIC the request
  // never crossed. Azure keeps an NSG's flow records at each NIC ("A flow record is created for existing
  // connections", https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules;
  // a subnet's NSG applies at each NIC, "This also applies to traffic within a single subnet",
  // https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works), so without a
  // rule the reply meets deny-all-inbound. A site router needs none of its own: the spokes' replies reach
  // it natively too (through the hub router, whose /32 to it is the underlay's route), and
  // allow-tunnel-transit already admits the spokes to its whole subnet.
  const returning = routerSource
    ? routersInSubnet.map((r) => ({ router: r, sites: hubSites(r, vnets, tunnels) })).filter((x) => x.sites.length)
    : [];
  if (returning.length) {
    rules.push({
      name: "allow-tunnel-return",
      priority: TUNNEL_RETURN_PRIORITY,
      access: "Allow",
      protocol: "Tcp",
      sourcePrefixes: uniq(returning.flatMap((x) => x.sites)),
      destinationPrefixes: returning.map((x) => `${x.router.address}/32`),
      destinationPorts: ["*"],
      description: "Replies to the hub router's own TCP through the tunnel: they return natively, and NSG flow state is per NIC",
    });
  }
  rules.push({
    name: "deny-all-inbound",
    priority: DENY_ALL_PRIORITY,
    access: "Deny",
    protocol: "*",
    sourcePrefixes: ["*"],
    destinationPrefixes: ["*"],
    destinationPorts: ["*"],
    description: "Nothing else: Azure's AllowVnetInBound would admit every prefix learned from the circuit",
  });
  return rules;
}
