// Getting into the lab and keeping it tidy: the opt-in Bastion host of a VNet and a VM's nightly
// auto-shutdown schedule.
import * as pulumi from "@pulumi/pulumi";
import * as devtestlab from "@pulumi/azure-native/devtestlab";
import * as network from "@pulumi/azure-native/network";
import { bastionName, bastionPublicIpName, shutdownScheduleName } from "../config/resource-names.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface LabBastionArgs extends Placement {
  readonly vnetName: string;
  readonly sku: "Basic" | "Standard";
  readonly subnetId: pulumi.Input<string>;
}

/** A dedicated Bastion: AzureBastionSubnet plus a Standard, static public IP
 *  (https://learn.microsoft.com/azure/bastion/configuration-settings#public-ip). Basic and Standard
 *  reach VMs in peered VNets (https://learn.microsoft.com/azure/bastion/vnet-peering); Standard adds
 *  the native client (`az network bastion ssh`), enabled here by tunneling. */
export class LabBastion extends pulumi.ComponentResource {
  constructor(name: string, args: LabBastionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:Bastion`, name, {}, opts);
    const place = { resourceGroupName: args.resourceGroupName, location: args.location };
    const host = bastionName(args.vnetName);
    const pip = new network.PublicIPAddress(
      bastionPublicIpName(args.vnetName),
      {
        ...place,
        publicIpAddressName: bastionPublicIpName(args.vnetName),
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
      },
      { parent: this },
    );
    new network.BastionHost(
      host,
      {
        ...place,
        bastionHostName: host,
        sku: { name: args.sku },
        ...(args.sku === "Standard" ? { enableTunneling: true } : {}),
        ipConfigurations: [{ name: "ipconfig1", subnet: { id: args.subnetId }, publicIPAddress: { id: pip.id } }],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

export interface AutoShutdownArgs extends Placement {
  readonly vmName: string;
  readonly vmId: pulumi.Input<string>;
  /** HHmm (validated by the model). */
  readonly time: string;
  /** Windows time zone id, e.g. "UTC", "Tokyo Standard Time". */
  readonly timeZone: string;
}

/** The portal's VM auto-shutdown is a DevTest Labs global schedule named shutdown-computevm-<vm> with
 *  taskType ComputeVmShutdownTask on the VM (as in the author's Bicep lab, skmkzyk/bicep-templates
 *  lib/ubuntu2004.bicep; resource: https://www.pulumi.com/registry/packages/azure-native/api-docs/devtestlab/globalschedule/). */
export function autoShutdown(args: AutoShutdownArgs, opts: pulumi.CustomResourceOptions): devtestlab.GlobalSchedule {
  const name = shutdownScheduleName(args.vmName);
  return new devtestlab.GlobalSchedule(
    name,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      name,
      status: "Enabled",
      taskType: "ComputeVmShutdownTask",
      dailyRecurrence: { time: args.time },
      timeZoneId: args.timeZone,
      targetResourceId: args.vmId,
      notificationSettings: { status: "Disabled" },
    },
    opts,
  );
}
