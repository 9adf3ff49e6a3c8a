// ExpressRoute gateway of one VNet and, when a circuit is configured, its connection.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { GatewayModel } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

// No customTimeouts: a gateway takes up to 45 minutes and azure-native waits 2 hours by default on
// every create, update and delete ("azureContext returns a new context with a timeout - either the
// one explicitly specified, or the default one (2 hours)", pulumi/pulumi-azure-native
// provider/pkg/provider/provider.go). A shorter one only fails the `up` while Azure carries on.

/** The connection's circuit: Azure cannot change it in place. */
export const CONNECTION_REPLACE_ON = "peer";

export interface ErGatewayArgs extends Placement {
  readonly gateway: GatewayModel;
  readonly gatewaySubnetId: pulumi.Input<string>;
  /** Circuit authorization key (secret); absent when the circuit is in the same subscription. */
  readonly authorizationKey?: pulumi.Output<string | undefined>;
  /** The connection written just before this one on the same circuit (gateway.connectAfter). */
  readonly connectAfter?: pulumi.Resource;
}

export class ErGateway extends pulumi.ComponentResource {
  readonly gatewayId: pulumi.Output<string>;
  readonly connected: boolean;
  readonly connection?: network.VirtualNetworkGatewayConnection;

  constructor(name: string, args: ErGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:ErGateway`, name, {}, opts);
    const g = args.gateway;
    const place = { resourceGroupName: args.resourceGroupName, location: args.location };
    // No public IP resource: Azure assigns ER gateways a Microsoft-managed, zone-redundant one
    // (https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#auto-assigned-public-ip),
    // and since August 2025 a gateway no longer reports an attached one: sending one would diff after each refresh
    // (hashicorp/terraform-provider-azurerm#31084).
    const gw = new network.VirtualNetworkGateway(
      g.name,
      {
        ...place,
        virtualNetworkGatewayName: g.name,
        gatewayType: "ExpressRoute",
        sku: { name: g.sku, tier: g.sku },
        // ErGwScale requires bounds (https://learn.microsoft.com/azure/expressroute/scalable-gateway).
        ...(g.scaleUnits ? { autoScaleConfiguration: { bounds: { min: g.scaleUnits.min, max: g.scaleUnits.max } } } : {}),
        allowRemoteVnetTraffic: g.allowRemoteVnetTraffic,
        ipConfigurations: [{ name: "default", subnet: { id: args.gatewaySubnetId } }],
      },
      { parent: this },
    );
    this.gatewayId = gw.id;
    this.connected = g.circuitId !== undefined;
    if (g.circuitId) {
      this.connection = new network.VirtualNetworkGatewayConnection(
        g.connectionName,
        {
          ...place,
          virtualNetworkGatewayConnectionName: g.connectionName,
          connectionType: "ExpressRoute",
          virtualNetworkGateway1: { id: gw.id },
          peer: { id: g.circuitId },
          routingWeight: 0,
          ...(args.authorizationKey ? { authorizationKey: pulumi.secret(args.authorizationKey) } : {}),
        },
        {
          parent: this,
          // Azure refuses a new circuit on an existing connection (ExpressRouteConnectionPeerCannotBeChanged,
          // "Connection's peer cannot be changed.": https://github.com/Azure/azure-cli/issues/9447):
          // a changed circuitId replaces the connection, the old one deleted first (same name). The
          // delete releases the old circuit's authorization, and the new circuit needs its own key
          // ("An authorization is valid for only one connection", "You can release an authorization
          // by deleting the connection": learn.microsoft.com/azure/expressroute/expressroute-howto-linkvnet-arm).
          replaceOnChanges: [CONNECTION_REPLACE_ON],
          deleteBeforeReplace: true,
          ...(args.connectAfter ? { dependsOn: [args.connectAfter] } : {}),
        },
      );
    }
    this.registerOutputs({ gatewayId: this.gatewayId });
  }
}
