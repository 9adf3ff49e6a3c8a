// Network security groups: the model's inbound rules, one NSG per non-gateway subnet.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type * as inputs from "@pulumi/azure-native/types/input";
import type { NsgModel, NsgRule } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface SecurityGroupsArgs extends Placement {
  readonly nsgs: readonly NsgModel[];
}

// Azure takes either one value (prefix/range) or a list (prefixes/ranges), not both. A service tag
// (AzureLoadBalancer, VirtualNetwork, ...) goes alone in the singular field: "you can't specify multiple
// service tags or application groups in a single rule"
// (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview), and the SDK's
// sourceAddressPrefixes takes "The CIDR or source IP ranges." only.
const isServiceTag = (v: string) => /^[A-Za-z]/.test(v);
function one(single: string, plural: string, values: readonly string[]): Record<string, string | string[]> {
  if (values.length === 1) return { [single]: values[0]! };
  const tag = values.find(isServiceTag);
  if (tag) throw new Error(`unreachable: service tag ${tag} in a list (${values.join(", ")}); the model gives a tag a rule of its own`);
  return { [plural]: [...values] };
}

export function securityRule(r: NsgRule): inputs.network.SecurityRuleArgs {
  return {
    name: r.name,
    priority: r.priority,
    direction: "Inbound",
    access: r.access,
    protocol: r.protocol,
    description: r.description,
    sourcePortRange: "*",
    ...one("sourceAddressPrefix", "sourceAddressPrefixes", r.sourcePrefixes),
    ...one("destinationAddressPrefix", "destinationAddressPrefixes", r.destinationPrefixes),
    ...one("destinationPortRange", "destinationPortRanges", r.destinationPorts),
  };
}

export class SecurityGroups extends pulumi.ComponentResource {
  /** NSG id per subnet name. */
  readonly idsBySubnet: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:SecurityGroups`, name, {}, opts);
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const n of args.nsgs) {
      const nsg = new network.NetworkSecurityGroup(
        n.name,
        {
          networkSecurityGroupName: n.name,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          securityRules: n.inbound.map(securityRule),
        },
        { parent: this },
      );
      ids[n.subnet] = nsg.id;
    }
    this.idsBySubnet = ids;
    this.registerOutputs({});
  }
}
