// Rules for getting into the lab and keeping it tidy: the opt-in Bastion (its subnet) and the
// nightly auto-shutdown.
import { bastionVnets } from "../bastion.js";
import { BASTION_SKUS, BASTION_SUBNET, BASTION_SUBNET_MAX_LENGTH, isBastionSubnet } from "../../platform/bastion.js";
import { parsePrefix } from "../../net/cidr.js";
import { nearest } from "../../nearest.js";
import {
  offsetText,
  utcOffsetOf,
  WINDOWS_ZONE_IDS,
  windowsZoneIgnoringCase,
  windowsZoneOfIana,
  windowsZoneOfUtcOffset,
} from "../../platform/windows-zones.js";
import type { Problem } from "../problems.js";
import { fieldParsed, vmSubnetName, type VnetRef, routerEntries } from "../refs.js";
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
    const vms = [...routerEntries(r), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
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
    else checkTimeZone(shutdown.timeZone, add);
  }
  return problems;
}

// DevTest Labs schedules take a Windows time zone id (src/platform/windows-zones.ts: Learn's
// timeZoneId and CLDR's windowsZones.xml). Whether Azure matches them ignoring case is not documented
// (Learn's own example writes "Pacific Standard time"), so only the exact id is accepted and another
// case is told the exact one; an IANA name gets the Windows id CLDR maps it to.
function checkTimeZone(zone: string, add: (key: string, message: string) => void): void {
  if (WINDOWS_ZONE_IDS.includes(zone)) return;
  const exact = windowsZoneIgnoringCase(zone);
  if (exact) return add("autoShutdown.timeZone", `"${zone}" is not written as Azure writes the Windows time zone id: use "${exact}"`);
  const windows = windowsZoneOfIana(zone);
  if (windows)
    return add(
      "autoShutdown.timeZone",
      `"${zone}" is an IANA time zone; Azure's shutdown schedule takes a Windows time zone id: use "${windows}"`,
    );
  // "UTC+09" is one edit from the Windows id "UTC-09", 18 hours away: a signed offset is read as one,
  // and never given an edit-distance guess.
  const offset = utcOffsetOf(zone);
  if (offset) {
    const w = offset.east === undefined ? undefined : windowsZoneOfUtcOffset(offset.east);
    const fixed = offset.east === undefined ? "" : offsetText(offset.east);
    return add(
      "autoShutdown.timeZone",
      w
        ? `"${zone}" is a UTC offset, not a Windows time zone id: for ${fixed} use "${w.id}"${w.etc ? ` (Unicode CLDR windowsZones.xml maps ${w.etc}, which is ${fixed}, to it)` : ""}`
        : `"${zone}" is a UTC offset no Windows time zone id is fixed to: use the Windows id of the place (e.g. "India Standard Time"; the ids: Unicode CLDR windowsZones.xml)`,
    );
  }
  const near = nearest(zone, WINDOWS_ZONE_IDS);
  add(
    "autoShutdown.timeZone",
    `"${zone}" is not a Windows time zone id Azure accepts${near ? `; did you mean "${near}"?` : ` (e.g. "UTC" or "Tokyo Standard Time"; the ids: Unicode CLDR windowsZones.xml)`}`,
  );
}
