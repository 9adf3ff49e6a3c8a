// Rules for getting into the lab and keeping it tidy: the opt-in Bastion (its subnet) and the
// nightly auto-shutdown.
import { bastionVnets } from "../bastion.js";
import { BASTION_SKUS, BASTION_SUBNET, BASTION_SUBNET_MAX_LENGTH, isBastionSubnet } from "../../platform/bastion.js";
import { parsePrefix } from "../../net/cidr.js";
import type { Problem } from "../problems.js";
import { fieldParsed, vmSubnetName, type VnetRef } from "../refs.js";
import type { LabConfig } from "../schema.js";

/** HHmm, 24-hour, as the DevTest Labs schedule takes it (dailyRecurrence.time, e.g. "1900"). */
const HHMM = /^([01][0-9]|2[0-3])[0-5][0-9]$/;

export function checkBastion(refs: readonly VnetRef[], sku: LabConfig["access"]["bastion"]): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });

  if (sku !== false && !(BASTION_SKUS as readonly string[]).includes(sku)) {
    add(
      "access.bastion",
      `"${sku}" is not a Bastion SKU this lab deploys; use false, ${BASTION_SKUS.join(" or ")}` +
        (sku === "Developer" ? " (the Developer SKU does not support VNet peering, so the hub's Bastion could not reach the spokes)" : ""),
    );
  }
  for (const r of bastionVnets(refs, sku)) {
    if (!fieldParsed(r.cfg, "subnets")) continue;
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
      add(
        `${r.key}.subnets[${i}].prefix`,
        `${BASTION_SUBNET} ${p.text} is smaller than /${BASTION_SUBNET_MAX_LENGTH}, the minimum Azure Bastion accepts`,
      );
    }
  }
  // AzureBastionSubnet holds the Bastion only: "The subnet cannot contain additional resources".
  for (const r of refs) {
    const vms = [
      ...(r.cfg.router ? [{ key: `${r.key}.router`, vm: r.cfg.router }] : []),
      ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h })),
    ];
    for (const { key, vm } of vms) {
      if (vmSubnetName(r.cfg, vm) === BASTION_SUBNET)
        add(`${key}.subnet`, `${vm.name} cannot be placed in ${BASTION_SUBNET}, which holds only the Bastion`);
    }
  }

  return problems;
}

export function checkAutoShutdown(shutdown: LabConfig["autoShutdown"]): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  if (shutdown) {
    if (!HHMM.test(shutdown.time)) add("autoShutdown.time", `"${shutdown.time}" is not a 24-hour time written HHmm (e.g. "1900")`);
    if (!shutdown.timeZone.trim())
      add("autoShutdown.timeZone", `a time zone is required, e.g. "UTC" or "Tokyo Standard Time" (Windows time zone ids)`);
  }
  return problems;
}
