// What `pulumi up` will create, derived from the model the way src/azure/ declares it: every custom
// resource with its type, Azure name and the resources it waits for (property references and
// dependsOn, as the engine sees them). A mock test pins these against the Pulumi program itself.
import { isBastionSubnet } from "../platform/bastion.js";
import { bastionName, bastionPublicIpName, outboundPinName, shutdownScheduleName, verifyRunCommandName } from "../config/resource-names.js";
import type { Lab } from "../model/types.js";
import { azureTargets, onDeploy } from "../probe/verification.js";

export const TYPES = {
  rg: "azure-native:resources:ResourceGroup",
  pin: "pulumi-nodejs:dynamic/CreationPin:Resource",
  rt: "azure-native:network:RouteTable",
  nsg: "azure-native:network:NetworkSecurityGroup",
  vnet: "azure-native:network:VirtualNetwork",
  gw: "azure-native:network:VirtualNetworkGateway",
  cn: "azure-native:network:VirtualNetworkGatewayConnection",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  schedule: "azure-native:devtestlab:GlobalSchedule",
  pip: "azure-native:network:PublicIPAddress",
  bastion: "azure-native:network:BastionHost",
  peering: "azure-native:network:VirtualNetworkPeering",
  rc: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine",
  /** hub.pair: the internal load balancer in front of the hub routers (src/azure/load-balancer.ts). */
  lb: "azure-native:network:LoadBalancer",
  /** hub.pair: the routers' subnet's way out (src/azure/nat-gateway.ts), with its own public IP. */
  nat: "azure-native:network:NatGateway",
  /** routing: bgp: one per tunnel, its session's MD5 password (src/azure/wireguard.ts); nothing in Azure. */
  password: "random:index/randomPassword:RandomPassword",
} as const;
export type PlannedType = (typeof TYPES)[keyof typeof TYPES];

export interface Planned {
  /** Unique within a plan: type and name. */
  readonly key: string;
  readonly type: PlannedType;
  readonly name: string;
  /** Keys of the resources this one waits for. */
  readonly deps: readonly string[];
}

const keyOf = (type: PlannedType, name: string) => `${type}/${name}`;

export function plannedResources(lab: Lab): Planned[] {
  const out: Planned[] = [];
  const add = (type: PlannedType, name: string, deps: (string | undefined)[] = []): string => {
    const key = keyOf(type, name);
    out.push({ key, type, name, deps: deps.filter((d): d is string => d !== undefined) });
    return key;
  };
  const rg = add(TYPES.rg, lab.config.resourceGroupName);
  const vnetKeys = new Map<string, string>();
  const connections = new Map<string, string>();
  const bastionOn = new Set(lab.bastionVnets);
  // routing: bgp: each tunnel's password, made before the routers whose customData carries it.
  const passwords = new Map(lab.routing === "bgp" ? lab.tunnels.map((t) => [t.key, add(TYPES.password, `bgp-${t.key}`)]) : []);
  const passwordsOf = (vm: string) => lab.tunnels.filter((t) => t.hubEnd.vm === vm || t.siteEnd.vm === vm).map((t) => passwords.get(t.key));
  // hub.pair: the load balancer waits for the hub's VNet (its frontend's subnet); the backends' NICs
  // wait for it. A route to its frontend does not (a next hop is only an address: src/azure/routing.ts).
  const lbModel = lab.loadBalancer;
  let lb: string | undefined;
  for (const v of lab.vnets.filter((x) => x.deployed)) {
    const rts = lab.routeTables.filter((t) => t.vnet === v.name).map((t) => add(TYPES.rt, t.name, [rg]));
    const nsgs = lab.nsgs.filter((n) => n.vnet === v.name).map((n) => add(TYPES.nsg, n.name, [rg]));
    const pin = add(TYPES.pin, outboundPinName(v.name));
    // hub.pair: the routers' subnet carries the NAT gateway, so the hub VNet waits for it.
    const nat =
      lbModel?.vnet === v.name ? add(TYPES.nat, lbModel.egress.natGateway, [rg, add(TYPES.pip, lbModel.egress.publicIp, [rg])]) : undefined;
    const vnet = add(TYPES.vnet, v.name, [rg, ...rts, ...nsgs, pin, nat]);
    vnetKeys.set(v.name, vnet);
    if (v.gateway) {
      const gw = add(TYPES.gw, v.gateway.name, [rg, vnet]);
      if (v.gateway.circuitId) {
        const after = v.gateway.connectAfter ? connections.get(v.gateway.connectAfter) : undefined;
        connections.set(v.name, add(TYPES.cn, v.gateway.connectionName, [rg, gw, after]));
      }
    }
    if (lbModel?.vnet === v.name) lb = add(TYPES.lb, lbModel.name, [rg, vnet]);
    for (const vm of v.vms.filter((x) => x.deployed)) {
      const nic = add(TYPES.nic, vm.nicName, [rg, vnet, lbModel?.backends.includes(vm.name) ? lb : undefined]);
      const machine = add(TYPES.vm, vm.name, [rg, nic, ...passwordsOf(vm.name)]);
      if (lab.config.autoShutdown) add(TYPES.schedule, shutdownScheduleName(vm.name), [rg, machine]);
    }
    if (bastionOn.has(v.name) && v.subnets.some(isBastionSubnet)) {
      const pip = add(TYPES.pip, bastionPublicIpName(v.name), [rg]);
      add(TYPES.bastion, bastionName(v.name), [rg, pip, vnet]);
    }
  }
  // Peerings sharing a VNet are chained (src/azure/peering.ts).
  const lastOn = new Map<string, string>();
  for (const p of lab.peerings) {
    const key = add(TYPES.peering, p.name, [rg, vnetKeys.get(p.from), vnetKeys.get(p.to), lastOn.get(p.from), lastOn.get(p.to)]);
    lastOn.set(p.from, key);
    lastOn.set(p.to, key);
  }
  // The verify run-commands (src/azure/verification.ts) wait for the whole data path.
  if (onDeploy(lab).on) {
    const dataPath = out
      .filter((r) => ([TYPES.vm, TYPES.cn, TYPES.peering, TYPES.rt, TYPES.nsg, TYPES.lb] as string[]).includes(r.type))
      .map((r) => r.key);
    for (const vm of azureTargets(lab).keys()) add(TYPES.rc, verifyRunCommandName(vm), [rg, ...dataPath]);
  }
  return out;
}

/** Resources per type, in the order of TYPES, zero counts left out. */
export function countsByType(resources: readonly Planned[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of Object.values(TYPES)) {
    const n = resources.filter((r) => r.type === t).length;
    if (n) counts[t] = n;
  }
  return counts;
}
