// Shared by every component: where resources go and the component type prefix.
import type * as pulumi from "@pulumi/pulumi";

export const TYPE_PREFIX = "hub-spoke-vxlan:azure";

/** Resource group and region every resource of the lab is created in. */
export interface Placement {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
}
