// VNets, subnets, VMs and gateways, from the validated config.
import { mustPrefix, subnetGateway } from "../net/cidr.js";
import { attachVnet, circuitKey, GATEWAY_SUBNET, vmSubnetName, vnetRefs, type VmCfg, type VnetRef } from "../config/refs.js";
import type { LabConfig } from "../config/schema.js";
import { connectionName, gatewayName, nicName } from "../config/resource-names.js";
import type { VmModel, VnetModel } from "./types.js";

export function buildVnets(cfg: LabConfig): VnetModel[] {
  const simulatedOn = new Set(
    cfg.sites.filter((s) => s.kind === "expressroute").flatMap((s) => [s.name, attachVnet(cfg.hub.name, s.attach)]),
  );
  const vnets = vnetRefs(cfg).map((r) => buildVnet(r, simulatedOn, cfg.hub.name));
  return chainConnections(vnets);
}

// Connections on one circuit are written one after another, in config order, as the author's Bicep
// lab chains them (facts §4b): parallel writes on one circuit risk AnotherOperationInProgress.
function chainConnections(vnets: VnetModel[]): VnetModel[] {
  const last = new Map<string, string>();
  return vnets.map((v) => {
    const g = v.gateway;
    if (!v.deployed || !g?.circuitId) return v;
    const prev = last.get(circuitKey(g.circuitId));
    last.set(circuitKey(g.circuitId), v.name);
    return prev ? { ...v, gateway: { ...g, connectAfter: prev } } : v;
  });
}

function buildVnet({ role, cfg: v }: VnetRef, simulatedOn: Set<string>, hubName: string): VnetModel {
  const deployed = v.kind !== "onprem";
  const subnets = v.subnets.map((s) => ({
    vnet: v.name,
    name: s.name,
    prefix: s.prefix,
    gatewayAddress: subnetGateway(mustPrefix(s.prefix)),
    isGatewaySubnet: s.name === GATEWAY_SUBNET,
  }));
  const vm = (c: VmCfg, vmRole: "router" | "host"): VmModel => {
    const subnet = subnets.find((s) => s.name === vmSubnetName(v, c));
    if (!subnet) throw new Error(`unreachable: ${c.name} has no subnet (config was validated)`);
    return {
      name: c.name,
      role: vmRole,
      vnet: v.name,
      subnet: subnet.name,
      address: c.address,
      prefixLength: mustPrefix(subnet.prefix).length,
      subnetGateway: subnet.gatewayAddress,
      nicName: nicName(c.name),
      ipForwarding: vmRole === "router",
      deployed,
    };
  };
  const gw = v.gateway ?? undefined;
  return {
    name: v.name,
    role,
    ...(v.kind ? { kind: v.kind } : {}),
    ...(v.attach ? { attach: attachVnet(hubName, v.attach) } : {}),
    addressSpace: [...v.addressSpace],
    subnets,
    ...(gw
      ? {
          gateway: {
            vnet: v.name,
            name: gatewayName(v.name),
            connectionName: connectionName(v.name),
            sku: gw.sku,
            ...(gw.scaleUnits ? { scaleUnits: { ...gw.scaleUnits } } : {}),
            ...(gw.circuitId ? { circuitId: gw.circuitId } : {}),
            allowRemoteVnetTraffic: simulatedOn.has(v.name),
          },
        }
      : {}),
    vms: [
      ...(v.router ? [vm(v.router, "router")] : []),
      ...(v.pair ? [vm(v.pair.router, "router")] : []),
      ...v.hosts.map((h) => vm(h, "host")),
    ],
    deployed,
  };
}
