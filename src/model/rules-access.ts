// Rules for getting into the lab and keeping it tidy: the opt-in Bastion (its subnet) and the
// nightly auto-shutdown. Called from checkLab; problems carry their config key like every rule.
import { parsePrefix } from "./cidr.js";
import type { Problem } from "./problems.js";
import type { LabConfig } from "./schema.js";
import { vmSubnetName, vnetRefs, type VnetRef } from "./rules.js";

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
export function bastionVnets(cfg: LabConfig): VnetRef[] {
  if (cfg.access.bastion === false) return [];
  return vnetRefs(cfg).filter((r) => r.role === "hub" || (r.role === "site" && r.cfg.kind !== "peering" && r.cfg.kind !== "onprem"));
}

/** HHmm, 24-hour, as the DevTest Labs schedule takes it (dailyRecurrence.time, e.g. "1900"). */
const HHMM = /^([01][0-9]|2[0-3])[0-5][0-9]$/;

export function checkAccess(cfg: LabConfig): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });

  const sku = cfg.access.bastion;
  if (sku !== false && !(BASTION_SKUS as readonly string[]).includes(sku)) {
    add(
      "access.bastion",
      `"${sku}" is not a Bastion SKU this lab deploys; use false, ${BASTION_SKUS.join(" or ")}` +
        (sku === "Developer" ? " (the Developer SKU does not support VNet peering, so the hub's Bastion could not reach the spokes)" : ""),
    );
  }
  for (const r of bastionVnets(cfg)) {
    const i = r.cfg.subnets.findIndex(isBastionSubnet);
    if (i < 0) {
      const wrong = r.cfg.subnets.find((s) => s.name.toLowerCase() === BASTION_SUBNET.toLowerCase());
      add(
        `${r.key}.subnets`,
        `access.bastion is on, so ${r.cfg.name} needs a subnet named exactly "${BASTION_SUBNET}", /${BASTION_SUBNET_MAX_LENGTH} or larger` +
          (wrong ? ` ("${wrong.name}" is not that name)` : ""),
      );
      continue;
    }
    const p = parsePrefix(r.cfg.subnets[i]!.prefix);
    if (p && p.length > BASTION_SUBNET_MAX_LENGTH) {
      add(`${r.key}.subnets[${i}].prefix`, `${BASTION_SUBNET} ${p.text} is smaller than /${BASTION_SUBNET_MAX_LENGTH}, the minimum Azure Bastion accepts`);
    }
  }
  // AzureBastionSubnet holds the Bastion only: "The subnet cannot contain additional resources".
  for (const r of vnetRefs(cfg)) {
    const vms = [...(r.cfg.router ? [{ key: `${r.key}.router`, vm: r.cfg.router }] : []), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
    for (const { key, vm } of vms) {
      if (vmSubnetName(r.cfg, vm) === BASTION_SUBNET) add(`${key}.subnet`, `${vm.name} cannot be placed in ${BASTION_SUBNET}, which holds only the Bastion`);
    }
  }

  const shutdown = cfg.autoShutdown;
  if (shutdown) {
    if (!HHMM.test(shutdown.time)) add("autoShutdown.time", `"${shutdown.time}" is not a 24-hour time written HHmm (e.g. "1900")`);
    if (!shutdown.timeZone.trim()) add("autoShutdown.timeZone", `a time zone is required, e.g. "UTC" or "Tokyo Standard Time" (Windows time zone ids)`);
  }
  return problems;
}
