// The opt-in Azure Bastion: which VNets get one (its SKUs and subnet: src/platform/bastion.ts).
import type { VnetRef } from "./refs.js";
import type { LabConfig } from "./schema.js";

/** VNets that get a Bastion host when access.bastion is on: the hub (which reaches its peered spokes
 *  and peered sites) and every deployed site that is not peered to the hub (it is reached over
 *  ExpressRoute, which Basic/Standard Bastion does not cross without IP-based connect). */
export function bastionVnets(refs: readonly VnetRef[], bastion: LabConfig["access"]["bastion"]): VnetRef[] {
  if (bastion === false) return [];
  return refs.filter((r) => r.role === "hub" || (r.role === "site" && r.cfg.kind !== "peering" && r.cfg.kind !== "onprem"));
}
