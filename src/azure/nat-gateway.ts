// hub.pair: the routers' way out. Members of an internal Standard Load Balancer's pool lose default
// outbound access ("they have no outbound internet connectivity by default",
// https://learn.microsoft.com/azure/sap/workloads/high-availability-guide-standard-load-balancer-outbound-connections),
// and cloud-init installs FRR from Ubuntu's archive: a Standard NAT gateway with one static public
// IP on the routers' subnet gives it back (outbound only: a NAT gateway admits no inbound connection).
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { LoadBalancerModel } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface RouterEgressArgs extends Placement {
  readonly egress: LoadBalancerModel["egress"];
}

export class RouterEgress extends pulumi.ComponentResource {
  readonly natGatewayId: pulumi.Output<string>;

  constructor(name: string, args: RouterEgressArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:RouterEgress`, name, {}, opts);
    const place = { resourceGroupName: args.resourceGroupName, location: args.location };
    // A NAT gateway takes Standard public IPs only, static.
    const pip = new network.PublicIPAddress(
      args.egress.publicIp,
      {
        ...place,
        publicIpAddressName: args.egress.publicIp,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
      },
      { parent: this },
    );
    const nat = new network.NatGateway(
      args.egress.natGateway,
      { ...place, natGatewayName: args.egress.natGateway, sku: { name: "Standard" }, publicIpAddresses: [{ id: pip.id }] },
      { parent: this },
    );
    this.natGatewayId = nat.id;
    this.registerOutputs({ id: nat.id });
  }
}
