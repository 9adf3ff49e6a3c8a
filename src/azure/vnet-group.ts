// Everything that belongs to one VNet: route tables, NSGs, the VNet, its gateway and its VMs.
// The component type names the VNet's role (Hub, Spoke, Site) so the tree reads like the lab.
import * as pulumi from "@pulumi/pulumi";
import type { Lab, VmModel, VnetModel } from "../model/types.js";
import { carriesKeys, renderCloudInit } from "../render/cloud-init.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";
import { placeholderKeys } from "./wireguard.js";
import { TYPE_PREFIX, type Placement } from "./common.js";
import { BASTION_SUBNET, isBastionSubnet } from "../platform/bastion.js";
import { LabBastion } from "./access.js";
import { ErGateway } from "./gateways.js";
import { RouterEgress } from "./nat-gateway.js";
import { LabLoadBalancer } from "./load-balancer.js";
import { LabVirtualNetwork } from "./network.js";
import { RouteTables } from "./routing.js";
import { SecurityGroups } from "./security.js";
import { LabVm, type LabVmArgs } from "./vms.js";

export interface VnetGroupArgs extends Placement {
  readonly lab: Lab;
  readonly vnet: VnetModel;
  readonly sshPublicKey: string;
  /** Secret WireGuard private keys (features.encryption wireguard). */
  readonly wireguardKeys?: pulumi.Output<TunnelKeys>;
  readonly authorizationKey?: pulumi.Output<string | undefined>;
  /** The connection ahead of this VNet's on the same circuit (vnet.gateway.connectAfter). */
  readonly connectAfter?: pulumi.Resource;
}

/** The VM's document; a router's that carries its WireGuard key or BGP password is a secret Output (sized first with stand-ins). */
function cloudInitOf(lab: Lab, vm: VmModel, keys: pulumi.Output<TunnelKeys> | undefined): LabVmArgs["cloudInit"] {
  if (!carriesKeys(lab, vm)) return renderCloudInit(lab, vm);
  if (!keys) throw new Error(`unreachable: ${vm.name} needs its tunnel secrets (WireGuard keys, BGP passwords) and none were made`);
  return { sized: renderCloudInit(lab, vm, placeholderKeys(lab)), secret: pulumi.secret(keys.apply((k) => renderCloudInit(lab, vm, k))) };
}

const ROLE_TYPE = { hub: "Hub", spoke: "Spoke", site: "Site" } as const;

export class VnetGroup extends pulumi.ComponentResource {
  readonly vnetName: string;
  readonly network: LabVirtualNetwork;
  readonly gateway?: ErGateway;
  readonly vms: readonly LabVm[];
  /** hub.pair: the load balancer in front of this VNet's routers (the hub's group only). */
  readonly loadBalancer?: LabLoadBalancer;

  constructor(name: string, args: VnetGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:${ROLE_TYPE[args.vnet.role]}`, name, {}, opts);
    const { lab, vnet } = args;
    const place = { resourceGroupName: args.resourceGroupName, location: args.location };
    const child = { parent: this };
    this.vnetName = vnet.name;
    const lbModel = lab.loadBalancer;
    const routes = new RouteTables(
      vnet.name,
      {
        ...place,
        tables: lab.routeTables.filter((t) => t.vnet === vnet.name),
      },
      child,
    );
    const nsgs = new SecurityGroups(vnet.name, { ...place, nsgs: lab.nsgs.filter((n) => n.vnet === vnet.name) }, child);
    // hub.pair: the routers' way out (their pool membership takes default outbound access away).
    const egress =
      lbModel?.vnet === vnet.name ? new RouterEgress(lbModel.egress.natGateway, { ...place, egress: lbModel.egress }, child) : undefined;
    this.network = new LabVirtualNetwork(
      vnet.name,
      {
        ...place,
        vnet,
        routeTableIds: routes.idsBySubnet,
        nsgIds: nsgs.idsBySubnet,
        defaultOutboundAccess: lab.config.access.defaultOutboundAccess,
        ...(egress && lbModel ? { natGatewayIds: { [lbModel.subnet]: egress.natGatewayId } } : {}),
      },
      child,
    );
    const gatewaySubnet = vnet.subnets.find((s) => s.isGatewaySubnet);
    if (vnet.gateway) {
      if (!gatewaySubnet) throw new Error(`unreachable: ${vnet.name} has a gateway but no GatewaySubnet (config was validated)`);
      this.gateway = new ErGateway(
        vnet.name,
        {
          ...place,
          gateway: vnet.gateway,
          gatewaySubnetId: this.network.subnetIds[gatewaySubnet.name]!,
          ...(args.authorizationKey ? { authorizationKey: args.authorizationKey } : {}),
          ...(args.connectAfter ? { connectAfter: args.connectAfter } : {}),
        },
        child,
      );
    }
    // hub.pair: the load balancer in the routers' subnet, before the NICs that join its pool.
    if (lbModel?.vnet === vnet.name) {
      this.loadBalancer = new LabLoadBalancer(
        lbModel.name,
        { ...place, lb: lbModel, subnetId: this.network.subnetIds[lbModel.subnet]! },
        child,
      );
    }
    const pool = this.loadBalancer;
    // VMs depend on their subnet only (and a hub router of a pair on the load balancer), never on the gateway.
    this.vms = vnet.vms
      .filter((vm) => vm.deployed)
      .map(
        (vm) =>
          new LabVm(
            vm.name,
            {
              ...place,
              vm,
              subnetId: this.network.subnetIds[vm.subnet]!,
              vmSize: lab.config.vmSize,
              adminUsername: lab.config.adminUsername,
              sshPublicKey: args.sshPublicKey,
              cloudInit: cloudInitOf(lab, vm, args.wireguardKeys),
              ...(lab.config.autoShutdown ? { autoShutdown: lab.config.autoShutdown } : {}),
              ...(pool && lbModel?.backends.includes(vm.name) ? { backendPoolId: pool.poolId } : {}),
            },
            child,
          ),
      );
    const bastionSku = lab.config.access.bastion;
    if (bastionSku !== false && lab.bastionVnets.includes(vnet.name)) {
      const subnet = vnet.subnets.find(isBastionSubnet);
      if (!subnet) throw new Error(`unreachable: ${vnet.name} has no ${BASTION_SUBNET} (config was validated)`);
      new LabBastion(
        vnet.name,
        { ...place, vnetName: vnet.name, sku: bastionSku as "Basic" | "Standard", subnetId: this.network.subnetIds[subnet.name]! },
        child,
      );
    }
    this.registerOutputs({});
  }
}
