// The whole lab: a resource group, one group per deployed VNet, and the peerings between them.
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import type { Lab } from "../model/types.js";
import { TYPE_PREFIX } from "./common.js";
import { Peerings } from "./peering.js";
import { LabVerification } from "./verification.js";
import { VnetGroup } from "./vnet-group.js";
import { wireguardKeys } from "./wireguard.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";

export interface HubSpokeVxlanLabArgs {
  readonly lab: Lab;
  readonly location: string;
  readonly sshPublicKey: string;
  /** VNets that have an entry in circuitAuthorizationKeys. */
  readonly authKeyNames?: readonly string[];
  /** Secret map: VNet name -> ExpressRoute circuit authorization key. */
  readonly circuitAuthorizationKeys?: pulumi.Output<Record<string, string>>;
}

export class HubSpokeVxlanLab extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly groups: readonly VnetGroup[];
  /** The verify matrix run on the VMs (or why not), judged against the model. */
  readonly verification: LabVerification["result"];
  /** Secret: every tunnel end's WireGuard private key (features.encryption wireguard), else undefined. */
  readonly wireguardKeys: pulumi.Output<TunnelKeys> | undefined;

  constructor(name: string, args: HubSpokeVxlanLabArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:Lab`, name, {}, opts);
    const { lab } = args;
    const rgName = lab.config.resourceGroupName;
    const rg = new resources.ResourceGroup(rgName, { resourceGroupName: rgName, location: args.location }, { parent: this });
    const place = { resourceGroupName: rg.name, location: args.location };
    const keys = args.circuitAuthorizationKeys;
    this.wireguardKeys = wireguardKeys(lab, { parent: this });
    const wgKeys = this.wireguardKeys;
    // Connections by VNet; the model names the one each waits for (always an earlier VNet).
    const connections = new Map<string, pulumi.Resource>();
    this.groups = lab.vnets
      .filter((v) => v.deployed)
      .map((vnet) => {
        const after = vnet.gateway?.connectAfter;
        const group = new VnetGroup(
          vnet.name,
          {
            ...place,
            lab,
            vnet,
            sshPublicKey: args.sshPublicKey,
            ...(wgKeys ? { wireguardKeys: wgKeys } : {}),
            ...(keys && vnet.gateway?.circuitId && args.authKeyNames?.includes(vnet.name)
              ? { authorizationKey: pulumi.secret(keys.apply((k) => k[vnet.name])) }
              : {}),
            ...(after ? { connectAfter: mustGet(connections, after) } : {}),
          },
          { parent: this },
        );
        if (group.gateway?.connection) connections.set(vnet.name, group.gateway.connection);
        return group;
      });
    const vnets = Object.fromEntries(this.groups.map((g) => [g.vnetName, g.network]));
    const peerings = lab.peerings.length
      ? new Peerings(
          "peerings",
          {
            resourceGroupName: rg.name,
            peerings: lab.peerings,
            vnets,
            addressSpaces: Object.fromEntries(lab.vnets.filter((v) => v.deployed).map((v) => [v.name, v.addressSpace])),
          },
          { parent: this },
        )
      : undefined;
    // After the whole data path: every VNet group (VMs, route tables, NSGs, gateways and their
    // connections; a component in dependsOn stands for all its resources) and every peering.
    const dataPath = [...this.groups, ...(peerings ? [peerings] : [])];
    const vms = new Map(this.groups.flatMap((g) => g.vms.map((v) => [v.vmName, v.vm] as const)));
    this.verification = new LabVerification("verify", { ...place, lab, dataPath, vms }, { parent: this }).result;
    this.resourceGroupName = rg.name;
    this.registerOutputs({ resourceGroupName: this.resourceGroupName });
  }
}

function mustGet<V>(m: ReadonlyMap<string, V>, key: string): V {
  const v = m.get(key);
  if (!v) throw new Error(`unreachable: no connection for ${key} yet (the model orders connections by VNet)`);
  return v;
}
