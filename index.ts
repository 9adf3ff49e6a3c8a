// Pulumi entry point: validate the whole stack config first, then declare the lab.
import * as pulumi from "@pulumi/pulumi";
import { readSettings } from "./src/azure/config.js";
import { HubSpokeVxlanLab } from "./src/azure/lab-component.js";
import {
  checkCommands as commandsOf,
  onpremSites as onpremOf,
  tunnelOutputs,
  underlayStatus,
  vmAddresses as addressesOf,
} from "./src/azure/outputs.js";
import { assertNodeVersion } from "./src/node-version.js";

assertNodeVersion();
const settings = readSettings();
const lab = new HubSpokeVxlanLab("hub-spoke-vxlan", settings);

const status = underlayStatus(settings.lab);
// The stack still deploys without circuits; say clearly that the ExpressRoute path is not there.
if (!status.connected) void pulumi.log.warn(status.message);

export const resourceGroupName = lab.resourceGroupName;
export const location = settings.location;
export const vmAddresses = addressesOf(settings.lab);
export const tunnels = tunnelOutputs(settings.lab);
export const underlay = status.message;
export const checkCommands = commandsOf(settings.lab);
export const onpremSites = onpremOf(settings.lab, lab.wireguardKeys);
/** The verify matrix on the real VMs vs the model (see README "Checking the path on Azure"). */
export const verification = lab.verification;
