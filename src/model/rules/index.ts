// Rules between config values that Azure (or the tunnel) would otherwise reject half-way through a deploy.
import type { Problem } from "../problems.js";
import { vnetRefs } from "../refs.js";
import type { LabConfig } from "../schema.js";
import { checkAccess, checkVerify } from "./access.js";
import { addressSpaces, checkAddressSpaces } from "./address-spaces.js";
import { checkNames } from "./names.js";
import { checkVnetParts } from "./per-vnet.js";
import { checkSites, checkVxlanPort } from "./sites.js";

/** Every problem of a config whose defaults are resolved (resolveDefaults), section by section in config order. */
export function checkLab(cfg: LabConfig): Problem[] {
  const refs = vnetRefs(cfg);
  return [
    ...checkNames(refs),
    ...checkAddressSpaces(refs),
    ...checkVnetParts(refs),
    ...checkSites(cfg, addressSpaces(refs)),
    ...checkVxlanPort(cfg),
    ...checkAccess(cfg),
    ...checkVerify(cfg),
  ];
}
