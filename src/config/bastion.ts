// The opt-in Azure Bastion: its SKUs, its subnet, and which VNets get one.
import type { VnetRef } from "./refs.js";
import type { LabConfig } from "./schema.js";

export const BASTION_SUBNET = "AzureBastionSubnet";
/** Dedicated SKUs: they need AzureBastionSubnet and a Standard public IP, and reach peered VNets.
 *  https://learn.microsoft.com/azure/bastion/configuration-settings#skus */
export const BASTION_SKUS = ["Basic", "Standard"] as const;
/** "Subnet size must be /26 or larger" (https://learn.microsoft.com/azure/bastion/configuration-settings#subnet). */
export const BASTION_SUBNET_MAX_LENGTH = 26;

export const isBastionSubnet = (s: { readonly name: string }): boolean => s.name === BASTION_SUBNET;

/** VNets that get a Bastion host when access.bastion is on: the hub (which reaches its peered spokes
 *  and peered sites) and every deployed site that is not peered to the hub (it is reached over
 *  ExpressRoute, which Basic/Standard Bastion does not cross without IP-based connect). */
export function bastionVnets(refs: readonly VnetRef[], bastion: LabConfig["access"]["bastion"]): VnetRef[] {
  if (bastion === false) return [];
  return refs.filter((r) => r.role === "hub" || (r.role === "site" && r.cfg.kind !== "peering" && r.cfg.kind !== "onprem"));
}
