// VNet peerings, both directions, flags from the model. Each peering writes to both VNets'
// peering state, so peerings sharing a VNet are chained: never two in parallel on one VNet.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { PeeringModel } from "../model/types.js";
import { TYPE_PREFIX } from "./common.js";

export interface PeeringsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly peerings: readonly PeeringModel[];
  /** Deployed VNets by name: Azure name and id. */
  readonly vnets: Readonly<Record<string, { readonly name: pulumi.Input<string>; readonly id: pulumi.Input<string> }>>;
  /** Each deployed VNet's address space, from the model. */
  readonly addressSpaces: Readonly<Record<string, readonly string[]>>;
}

export class Peerings extends pulumi.ComponentResource {
  constructor(name: string, args: PeeringsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:Peerings`, name, {}, opts);
    const lastOn = new Map<string, network.VirtualNetworkPeering>();
    for (const p of args.peerings) {
      const local = args.vnets[p.from];
      const remote = args.vnets[p.to];
      if (!local || !remote) throw new Error(`peering ${p.name}: VNet ${local ? p.to : p.from} is not deployed`);
      const remoteSpace = args.addressSpaces[p.to];
      if (!remoteSpace) throw new Error(`peering ${p.name}: no address space for ${p.to}`);
      const after = [lastOn.get(p.from), lastOn.get(p.to)].filter((r): r is network.VirtualNetworkPeering => r !== undefined);
      const peering = new network.VirtualNetworkPeering(
        p.name,
        {
          resourceGroupName: args.resourceGroupName,
          virtualNetworkName: local.name,
          virtualNetworkPeeringName: p.name,
          remoteVirtualNetwork: { id: remote.id },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: p.allowForwardedTraffic,
          allowGatewayTransit: p.allowGatewayTransit,
          useRemoteGateways: p.useRemoteGateways,
          // A peered VNet's address space may change, but the peerings towards it keep the old one
          // (RemoteNotInSync) until each is synced: "to sync the latest address space on the peering
          // link, [Sync-AzVirtualNetworkPeering] needs to be called on the (peered) remote virtual
          // network" (https://learn.microsoft.com/powershell/module/az.network/sync-azvirtualnetworkpeering).
          // The REST PUT does it with ?syncRemoteAddressSpace=true, "the intention to sync the peering
          // with the current address space on the remote vNet after it's updated"
          // (https://learn.microsoft.com/rest/api/virtualnetwork/virtualnetworkpeerings/createorupdate).
          // remoteAddressSpace carries the model's remote space, so a change to it is a change to this
          // peering: Pulumi PUTs it (after the remote VNet's own update, which it depends on) with the sync.
          syncRemoteAddressSpace: "true",
          remoteAddressSpace: { addressPrefixes: [...remoteSpace] },
        },
        { parent: this, dependsOn: after },
      );
      lastOn.set(p.from, peering);
      lastOn.set(p.to, peering);
    }
    this.registerOutputs({});
  }
}
