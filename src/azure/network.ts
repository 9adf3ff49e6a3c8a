// One VNet with all its subnets inline: a single write per VNet, so Azure never sees two
// subnet writes at once (AnotherOperationInProgress), and no standalone Subnet is mixed in.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { VnetModel } from "../model/types.js";
import { outboundPinName } from "../config/resource-names.js";
import { TYPE_PREFIX, type Placement } from "./common.js";
import { CreationPin } from "./creation-pin.js";

export interface LabVirtualNetworkArgs extends Placement {
  readonly vnet: VnetModel;
  readonly routeTableIds: Readonly<Record<string, pulumi.Input<string>>>;
  readonly nsgIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Cloud-init needs outbound access to install FRR; newer API versions turn it off by default. */
  readonly defaultOutboundAccess: boolean;
  /** hub.pair: the NAT gateway of the routers' subnet, by subnet name. */
  readonly natGatewayIds?: Readonly<Record<string, pulumi.Input<string>>>;
}

export class LabVirtualNetwork extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  readonly id: pulumi.Output<string>;
  /** Subnet id per subnet name (derived from the VNet id, so users depend on the VNet). */
  readonly subnetIds: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: LabVirtualNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:VirtualNetwork`, name, {}, opts);
    const v = args.vnet;
    // Creation-time setting: a changed value on a live stack is refused in preview (creation-pin.ts).
    const outbound = new CreationPin(
      outboundPinName(v.name),
      { value: args.defaultOutboundAccess, key: "access.defaultOutboundAccess", vnet: v.name },
      { parent: this },
    );
    const vnet = new network.VirtualNetwork(
      v.name,
      {
        virtualNetworkName: v.name,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        addressSpace: { addressPrefixes: [...v.addressSpace] },
        subnets: v.subnets.map((s) => {
          const rt = args.routeTableIds[s.name];
          const nsg = args.nsgIds[s.name];
          return {
            name: s.name,
            addressPrefix: s.prefix,
            // Azure forbids an NSG on GatewaySubnet; the model has none there either.
            ...(!s.isGatewaySubnet && rt ? { routeTable: { id: rt } } : {}),
            ...(!s.isGatewaySubnet && nsg ? { networkSecurityGroup: { id: nsg } } : {}),
            ...(s.isGatewaySubnet ? {} : { defaultOutboundAccess: outbound.value }),
            ...(args.natGatewayIds?.[s.name] ? { natGateway: { id: args.natGatewayIds[s.name] } } : {}),
          };
        }),
      },
      { parent: this },
    );
    this.name = vnet.name;
    this.id = vnet.id;
    this.subnetIds = Object.fromEntries(v.subnets.map((s) => [s.name, pulumi.interpolate`${vnet.id}/subnets/${s.name}`]));
    this.registerOutputs({ id: this.id });
  }
}
