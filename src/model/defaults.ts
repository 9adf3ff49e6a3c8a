// Defaults that depend on other config values, decided once before validation and building.
import { hubAttachedSites } from "./refs.js";
import type { LabConfig } from "./schema.js";

/** Tunnel of the i-th hub-attached site when the config names none: VNI 77+i, 169.254.i.1/.2 /24. */
export const defaultTunnel = (i: number) => ({ vni: 77 + i, hubAddress: `169.254.${i}.1/24`, siteAddress: `169.254.${i}.2/24` });

/** The parsed config with every hub-attached site's tunnel filled in (other sites are left as they are). */
export function resolveDefaults(cfg: LabConfig): LabConfig {
  const hubIndex = new Map(hubAttachedSites(cfg).map((s, i) => [s, i]));
  return {
    ...cfg,
    sites: cfg.sites.map((s) => {
      const i = hubIndex.get(s);
      return i === undefined || s.tunnel ? s : { ...s, tunnel: defaultTunnel(i) };
    }),
  };
}
