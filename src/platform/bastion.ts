// Azure Bastion's published facts: its SKUs and its subnet.

export const BASTION_SUBNET = "AzureBastionSubnet";
/** Dedicated SKUs: they need AzureBastionSubnet and a Standard public IP, and reach peered VNets.
 *  https://learn.microsoft.com/azure/bastion/configuration-settings#skus */
export const BASTION_SKUS = ["Basic", "Standard"] as const;
/** "Subnet size must be /26 or larger" (https://learn.microsoft.com/azure/bastion/configuration-settings#subnet). */
export const BASTION_SUBNET_MAX_LENGTH = 26;

export const isBastionSubnet = (s: { readonly name: string }): boolean => s.name === BASTION_SUBNET;
