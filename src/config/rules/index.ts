// Rules between config values that Azure (or the tunnel) would otherwise reject half-way through a deploy.
import type { Problem } from "../problems.js";
import { vnetRefs, type VnetRef } from "../refs.js";
import type { LabConfig } from "../schema.js";
import { checkAccess, checkVerify } from "./access.js";
import { addressSpaces, checkAddressSpaces } from "./address-spaces.js";
import { checkAzureNames } from "./azure-names.js";
import { checkAutoShutdown, checkBastion } from "./bastion.js";
import { checkNames, checkVmSize } from "./names.js";
import { checkScalableRegion, checkVnetParts } from "./per-vnet.js";
import { checkSites, checkVxlanPort, sitesInput, type SitesInput } from "./sites.js";
import { checkWireguard } from "./wireguard.js";
import { checkEmulation } from "./emulation.js";
import { checkPlatformAddresses } from "./platform-addresses.js";
import { checkLocation } from "./location.js";
import { checkBgp } from "./bgp.js";
import { checkPair } from "./pair.js";

/**
 * The parts of a config the rules read. From a config that parsed, every part is there; from one
 * that did not (src/config/partial.ts), only the parts that parsed, so the rules still run on those.
 */
export interface LabParts {
  readonly resourceGroupName?: string | undefined;
  /** lab.location; azure-native:location is not part of the lab (src/azure/config.ts checks that case). */
  readonly location?: string | undefined;
  readonly vmSize?: string | undefined;
  readonly adminUsername?: string | undefined;
  /** The VNets that parsed, with their config keys, in config order. */
  readonly refs: readonly VnetRef[];
  /** undefined when the hub (which every site rule reads) did not parse. */
  readonly sites?: SitesInput | undefined;
  readonly vxlan?: LabConfig["vxlan"] | undefined;
  readonly features?: LabConfig["features"] | undefined;
  readonly access?: LabConfig["access"] | undefined;
  readonly autoShutdown?: LabConfig["autoShutdown"] | undefined;
  readonly verify?: LabConfig["verify"] | undefined;
  readonly emulation?: LabConfig["emulation"] | undefined;
  /** routing: bgp has the routers' ASNs judged (from refs, defaults filled in); hub.pair needs it. */
  readonly routing?: LabConfig["routing"] | undefined;
}

export const partsOf = (cfg: LabConfig): LabParts => ({
  resourceGroupName: cfg.resourceGroupName,
  location: cfg.location,
  vmSize: cfg.vmSize,
  adminUsername: cfg.adminUsername,
  refs: vnetRefs(cfg),
  sites: sitesInput(cfg),
  vxlan: cfg.vxlan,
  features: cfg.features,
  access: cfg.access,
  autoShutdown: cfg.autoShutdown,
  verify: cfg.verify,
  emulation: cfg.emulation,
  routing: cfg.routing,
});

/** Every problem of a config whose defaults are resolved (resolveDefaults), section by section in config order. */
export const checkLab = (cfg: LabConfig): Problem[] => checkParts(partsOf(cfg));

export function checkParts(parts: LabParts): Problem[] {
  const { refs } = parts;
  return [
    ...checkNames(refs),
    ...checkAzureNames({ resourceGroupName: parts.resourceGroupName, adminUsername: parts.adminUsername, refs }),
    ...checkAddressSpaces(refs),
    ...checkVnetParts(refs),
    ...checkPlatformAddresses(refs, parts.sites, parts.features),
    ...(parts.location ? checkLocation(parts.location, "location") : []),
    ...(parts.location ? checkScalableRegion(refs, parts.location, "location") : []),
    ...(parts.vmSize !== undefined ? checkVmSize(parts.vmSize) : []),
    ...(parts.sites ? checkSites(parts.sites, addressSpaces(refs)) : []),
    ...(parts.vxlan ? checkVxlanPort(parts.vxlan) : []),
    ...(parts.sites && parts.features
      ? checkWireguard(parts.sites, parts.features.encryption, parts.vxlan?.port, addressSpaces(refs))
      : []),
    ...checkPair(refs, parts.routing),
    ...(parts.routing === "bgp" ? checkBgp(refs) : []),
    ...(parts.access ? checkAccess(parts.access) : []),
    ...(parts.access ? checkBastion(refs, parts.access.bastion) : []),
    ...checkAutoShutdown(parts.autoShutdown),
    ...(parts.verify ? checkVerify(parts.verify) : []),
    ...(parts.emulation ? checkEmulation(parts.refs, parts.emulation) : []),
  ];
}
