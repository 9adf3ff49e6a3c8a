// One VM: its NIC (static address, IP forwarding from the model) and an Ubuntu 24.04 VM whose
// cloud-init is the renderer's exact document.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import type { VmModel } from "../model/types.js";
import { autoShutdown } from "./access.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

/** Azure's limit on osProfile.customData, counted on the decoded bytes: "The base-64 encoded string
 *  is decoded to a binary array ... The maximum length of the binary array is 65535 bytes"
 *  (osProfile.customData, https://learn.microsoft.com/rest/api/compute/virtual-machines/create-or-update#osprofile;
 *  same text in the SDK reference, https://learn.microsoft.com/javascript/api/@azure/arm-compute/osprofileprovisioningdata;
 *  Learn: "The size can't exceed 64 KB", https://learn.microsoft.com/azure/virtual-machines/custom-data). */
export const MAX_CUSTOM_DATA = 65_535;
/** Property path whose change replaces the VM (see the options below). */
export const VM_REPLACE_ON = "osProfile";
export const UBUNTU_2404 = { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" } as const;

/** base64 of the cloud-init document, or a clear error when Azure would reject it. */
export function encodeCustomData(vmName: string, cloudInit: string): string {
  const bytes = Buffer.byteLength(cloudInit, "utf8");
  if (bytes > MAX_CUSTOM_DATA) {
    throw new pulumi.RunError(
      `cloud-init for ${vmName} is ${bytes} bytes, over Azure's customData limit of ${MAX_CUSTOM_DATA} bytes (counted before base64 encoding)`,
    );
  }
  return Buffer.from(cloudInit, "utf8").toString("base64");
}

export interface LabVmArgs extends Placement {
  readonly vm: VmModel;
  readonly subnetId: pulumi.Input<string>;
  readonly vmSize: string;
  readonly adminUsername: string;
  readonly sshPublicKey: string;
  /** The document, or (it carries a private key) a secret Output with a same-length stand-in to size it now. */
  readonly cloudInit: string | { readonly sized: string; readonly secret: pulumi.Output<string> };
  /** Nightly shutdown (config autoShutdown), or none. */
  readonly autoShutdown?: { readonly time: string; readonly timeZone: string };
  /** hub.pair: the load balancer's backend pool the NIC joins (absolute id), or none. */
  readonly backendPoolId?: pulumi.Input<string>;
}

export class LabVm extends pulumi.ComponentResource {
  readonly privateAddress: string;
  readonly vmId: pulumi.Output<string>;
  /** The model's VM name, and the Azure VM (what a resource that lives on the VM must be tied to). */
  readonly vmName: string;
  readonly vm: compute.VirtualMachine;

  constructor(name: string, args: LabVmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:Vm`, name, {}, opts);
    const v = args.vm;
    const place = { resourceGroupName: args.resourceGroupName, location: args.location };
    const ci = args.cloudInit;
    // A key-carrying document stays secret in the state and the preview (customData is plain otherwise).
    const customData =
      typeof ci === "string"
        ? encodeCustomData(v.name, ci)
        : (encodeCustomData(v.name, ci.sized), pulumi.secret(ci.secret.apply((c) => encodeCustomData(v.name, c))));
    const nic = new network.NetworkInterface(
      v.nicName,
      {
        ...place,
        networkInterfaceName: v.nicName,
        // An NVA needs forwarding on the NIC as well as in the OS (routers only).
        enableIPForwarding: v.ipForwarding,
        ipConfigurations: [
          {
            name: "ipconfig1",
            primary: true,
            subnet: { id: args.subnetId },
            privateIPAllocationMethod: "Static",
            privateIPAddress: v.address,
            // The NIC's side of the pool membership (the pool is inline in the load balancer). Its id is
            // the load balancer's output, so the engine creates the load balancer first.
            ...(args.backendPoolId ? { loadBalancerBackendAddressPools: [{ id: args.backendPoolId }] } : {}),
          },
        ],
      },
      { parent: this },
    );
    const vm = new compute.VirtualMachine(
      v.name,
      {
        ...place,
        vmName: v.name,
        hardwareProfile: { vmSize: args.vmSize },
        storageProfile: {
          imageReference: { ...UBUNTU_2404 },
          osDisk: { createOption: "FromImage", deleteOption: "Delete", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
        },
        // Detach, not Delete: the NIC is a resource of its own that outlives a VM replacement.
        networkProfile: { networkInterfaces: [{ id: nic.id, primary: true, deleteOption: "Detach" }] },
        // Boot diagnostics with managed storage ("If storageUri is not specified while enabling boot
        // diagnostics, managed storage will be used",
        // https://learn.microsoft.com/dotnet/api/azure.resourcemanager.compute.models.bootdiagnostics.storageuri):
        // the Serial Console and the cloud-init console log need it
        // (https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/serial-console-linux).
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        osProfile: {
          computerName: v.name,
          adminUsername: args.adminUsername,
          customData,
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: `/home/${args.adminUsername}/.ssh/authorized_keys`, keyData: args.sshPublicKey }] },
          },
        },
      },
      // Azure refuses any osProfile change on an existing VM: computerName, adminUsername and
      // customData "cannot be updated after the VM is created" (REST API OSProfile,
      // https://learn.microsoft.com/rest/api/compute/virtual-machines/create-or-update#osprofile), and a
      // changed SSH key fails with PropertyChangeNotAllowed "Changing property
      // 'linuxConfiguration.ssh.publicKeys' is not allowed" (https://github.com/Azure/azure-cli/issues/11840).
      // So every osProfile change replaces the VM ("osProfile" covers every path below it), old one
      // deleted first (same name, same NIC).
      { parent: this, replaceOnChanges: [VM_REPLACE_ON], deleteBeforeReplace: true },
    );
    if (args.autoShutdown) autoShutdown({ ...place, vmName: v.name, vmId: vm.id, ...args.autoShutdown }, { parent: this });
    this.privateAddress = v.address;
    this.vmId = vm.id;
    this.vmName = v.name;
    this.vm = vm;
    this.registerOutputs({ vmId: this.vmId });
  }
}
