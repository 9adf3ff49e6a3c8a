// Shared by every component: where resources go and the component type prefix.
import type * as pulumi from "@pulumi/pulumi";

export const TYPE_PREFIX = "hub-spoke-vxlan:azure";

/** Resource group and region every resource of the lab is created in. */
export interface Placement {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
}

/** Azure names the program gives to resources the model names only by VNet or VM. */
export const names = {
  gateway: (vnet: string) => `gw-${vnet}`,
  connection: (vnet: string) => `cn-${vnet}`,
  gatewayPublicIp: (vnet: string) => `pip-gw-${vnet}`,
  nic: (vm: string) => `nic-${vm}`,
} as const;
