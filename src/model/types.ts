// The lab model: every fact of the lab, decided once (build.ts and its helpers) and read by all renderers.
import type { LabConfig } from "../config/schema.js";

export type VnetRole = "hub" | "spoke" | "site";
export type SiteKind = LabConfig["sites"][number]["kind"];
export type Features = LabConfig["features"];

export interface SubnetModel {
  readonly vnet: string;
  readonly name: string;
  readonly prefix: string;
  /** Azure's subnet gateway, the first usable address (x.x.x.1). */
  readonly gatewayAddress: string;
  readonly isGatewaySubnet: boolean;
}

export interface VmModel {
  readonly name: string;
  readonly role: "router" | "host";
  readonly vnet: string;
  readonly subnet: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly subnetGateway: string;
  /** Azure name of the VM's NIC. */
  readonly nicName: string;
  /** Azure NIC IP forwarding: routers only. */
  readonly ipForwarding: boolean;
  /** False for the router and hosts of an on-premises site (not on Azure). */
  readonly deployed: boolean;
}

export interface GatewayModel {
  readonly vnet: string;
  /** Azure names of the gateway and its circuit connection (Azure assigns the public IP itself). */
  readonly name: string;
  readonly connectionName: string;
  readonly sku: string;
  /** ErGwScale only: its autoScaleConfiguration bounds. */
  readonly scaleUnits?: { readonly min: number; readonly max: number };
  readonly circuitId?: string;
  /** VNet whose connection to the same circuit is written just before this one (connections on one circuit go in series). */
  readonly connectAfter?: string;
  /** Needed on every gateway of a circuit that links two VNets (the seed's simulated site). */
  readonly allowRemoteVnetTraffic: boolean;
}

export interface VnetModel {
  readonly name: string;
  readonly role: VnetRole;
  readonly kind?: SiteKind;
  /** Hub or spoke name a site hangs off. */
  readonly attach?: string;
  readonly addressSpace: readonly string[];
  readonly subnets: readonly SubnetModel[];
  readonly gateway?: GatewayModel;
  readonly vms: readonly VmModel[];
  readonly deployed: boolean;
}

export interface TunnelEnd {
  readonly vm: string;
  /** eth0 address, the VXLAN outer source/destination. */
  readonly underlay: string;
  /** vxlan device address with its length, e.g. 169.254.0.1/24. */
  readonly overlay: string;
  readonly overlayAddress: string;
  /** The vxlan device's MAC, fixed (from the overlay address) so that a rebuilt device keeps it and
   *  the far end's neighbour entry stays valid: recovery in milliseconds, not an ARP timeout. */
  readonly mac: string;
  /** features.encryption wireguard: this end's WireGuard address with its length (169.254.254.0/31), the VXLAN's local address. */
  readonly wg?: { readonly overlay: string; readonly address: string };
}

/** The WireGuard link a tunnel's VXLAN runs over (features.encryption wireguard). */
export interface WireguardLink {
  readonly device: string;
  /** UDP port both ends listen on (51820 + i by default). */
  readonly port: number;
  /** The WireGuard device MTU: the outer budget minus 60 bytes of WireGuard over IPv4. */
  readonly mtu: number;
}

export interface TunnelModel {
  /** The site VNet at the far end. */
  readonly site: string;
  /** The tunnel's name in secrets and resources (passwords, WireGuard keys): the site's name, or
   *  <site>@<router> for a tunnel to hub.pair's router (model/tunnels.ts tunnelKey). */
  readonly key: string;
  readonly device: string;
  readonly vni: number;
  /** The device MTU: the outer packet budget (1400 on Azure's path, the seed's 1500) minus 50 bytes of VXLAN over IPv4 (and 60 of WireGuard when encrypted). */
  readonly mtu: number;
  /** TCP MSS that fits the tunnel: mtu - 40. */
  readonly mss: number;
  /** Outer packets carry DF (`df set`), so none is fragmented on the way; false = the seed (kernel default, no DF). */
  readonly df: boolean;
  /** Present when the VXLAN runs inside WireGuard (its ends are then the ends' wg addresses). */
  readonly wireguard?: WireguardLink;
  readonly hubEnd: TunnelEnd;
  readonly siteEnd: TunnelEnd;
}

/** A route FRR installs: a static one from frr.conf, or one a BGP neighbour announces (routing: bgp). */
export interface RouterRoute {
  readonly prefix: string;
  readonly nextHop: string;
  /** The nexthop's device, written into frr.conf (`ip route <prefix> <nextHop> <dev>`). */
  readonly dev?: string;
  readonly why: string;
  /** static: an `ip route` line; bgp: learned from the neighbour at nextHop (the kernel shows proto bgp). */
  readonly proto: "static" | "bgp";
}

/** One eBGP session over a tunnel (routing: bgp), seen from one of its routers. */
export interface BgpNeighbor {
  /** The tunnel's key (TunnelModel.key): the key of its session password. */
  readonly key: string;
  /** The tunnel's site. */
  readonly site: string;
  /** The tunnel device the session runs over. */
  readonly device: string;
  readonly localAddress: string;
  /** The far end's overlay address: the neighbour. */
  readonly address: string;
  readonly remoteVm: string;
  readonly remoteAsn: number;
  /** Exactly what this router announces to the neighbour (its outbound prefix-list). */
  readonly advertise: readonly string[];
  /** Exactly what it accepts from the neighbour (inbound prefix-list): what the neighbour announces. */
  readonly accept: readonly string[];
  /** maximum-prefix: the session goes down when more than accept holds gets past the inbound prefix-list (one loosened by hand). */
  readonly maxPrefix: number;
  readonly prefixListIn: string;
  readonly prefixListOut: string;
}

export interface BgpRouter {
  readonly asn: number;
  /** Site router of a hub pair: both hub routers' paths installed (maximum-paths, multipath-relax). */
  readonly multipath: number;
  /** hub.pair prefer first: the AS path this router's announcements carry prepended (the second hub router), else none. */
  readonly prepend: readonly number[];
  /** The router's eth0 address: unique in the lab, stable. */
  readonly routerId: string;
  /** What the router originates (`network`): the union of what it advertises. */
  readonly networks: readonly string[];
  readonly neighbors: readonly BgpNeighbor[];
}

export interface RouterTunnel {
  readonly tunnel: TunnelModel;
  readonly local: TunnelEnd;
  readonly remote: TunnelEnd;
}

export interface RouterModel {
  readonly vm: VmModel;
  readonly tunnels: readonly RouterTunnel[];
  /** Every route FRR installs: the static ones and (routing: bgp) the learned ones. */
  readonly routes: readonly RouterRoute[];
  /** routing: bgp only. */
  readonly bgp?: BgpRouter;
}

export interface UdrRoute {
  readonly name: string;
  readonly prefix: string;
  readonly nextHopIp: string;
}

export interface RouteTableModel {
  readonly name: string;
  readonly vnet: string;
  readonly subnet: string;
  readonly routes: readonly UdrRoute[];
}

export interface NsgRule {
  readonly name: string;
  readonly priority: number;
  readonly access: "Allow" | "Deny";
  readonly protocol: "Udp" | "Tcp" | "Icmp" | "*";
  readonly sourcePrefixes: readonly string[];
  readonly destinationPrefixes: readonly string[];
  readonly destinationPorts: readonly string[];
  readonly description: string;
}

export interface NsgModel {
  readonly name: string;
  readonly vnet: string;
  readonly subnet: string;
  readonly inbound: readonly NsgRule[];
}

export interface PeeringModel {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly allowForwardedTraffic: boolean;
  readonly allowGatewayTransit: boolean;
  readonly useRemoteGateways: boolean;
}

/** Gateways that hear each other's prefixes through one ExpressRoute circuit. */
export interface CircuitDomainModel {
  readonly name: string;
  readonly members: readonly string[];
}

/** hub.pair: the internal Standard Load Balancer in front of the two hub routers (model/load-balancer.ts). */
export interface LoadBalancerModel {
  readonly name: string;
  readonly vnet: string;
  readonly subnet: string;
  /** Static private frontend: the spokes' UDR next hop. */
  readonly frontend: string;
  /** The hub routers' VM names: both NICs in the backend pool. */
  readonly backends: readonly string[];
  readonly frontendName: string;
  readonly poolName: string;
  readonly ruleName: string;
  readonly probeName: string;
  /** The health probe: HTTP GET path on port, answered 200 only while the router has every route its sessions should bring. */
  readonly probe: {
    readonly port: number;
    readonly path: string;
    readonly intervalSeconds: number;
    readonly threshold: number;
    /** What the load balancer does when every backend is probed down (model/load-balancer.ts says why). */
    readonly noHealthyBackends: "AllProbedUp" | "AllProbedDown";
  };
  /** The routers' way out: a NAT gateway on their subnet, since pool members have no default outbound access (model/load-balancer.ts). */
  readonly egress: { readonly natGateway: string; readonly publicIp: string };
  /** What a router's health answer checks: every prefix it should have learned over its tunnels. */
  readonly healthPrefixes: Readonly<Record<string, readonly string[]>>;
  readonly prefer: "ecmp" | "first";
}

export interface Lab {
  /** The parsed config with its defaults resolved (every hub-attached site has its tunnel). */
  readonly config: LabConfig;
  readonly vnets: readonly VnetModel[];
  readonly hub: VnetModel;
  readonly spokes: readonly VnetModel[];
  readonly sites: readonly VnetModel[];
  readonly vms: readonly VmModel[];
  readonly tunnels: readonly TunnelModel[];
  readonly routers: readonly RouterModel[];
  readonly routeTables: readonly RouteTableModel[];
  /** Routes an on-premises site must carry itself (not deployed to Azure). */
  readonly onpremRouteTables: readonly RouteTableModel[];
  readonly nsgs: readonly NsgModel[];
  readonly peerings: readonly PeeringModel[];
  readonly circuitDomains: readonly CircuitDomainModel[];
  readonly features: Features;
  /** The lab's routing over the tunnels (config routing). */
  readonly routing: LabConfig["routing"];
  /** features.encryption wireguard (decided in config/refs.ts isEncrypted): every tunnel carries its WireGuard link. */
  readonly encrypted: boolean;
  /** Names of the VNets that get a Bastion host (config/bastion.ts; none unless access.bastion). */
  readonly bastionVnets: readonly string[];
  /** UDP port of every tunnel: one per lab, as the routers' firewalls and the NSGs match it. */
  readonly vxlanPort: number;
  /** hub.pair: the load balancer in front of the hub routers. */
  readonly loadBalancer?: LoadBalancerModel;
}
