// Defaults that depend on other config values, decided once before validation and building.
import { DEFAULT_SCALE_UNITS, SCALABLE_SKU } from "./gateway-skus.js";
import { hubAttachedSites } from "./refs.js";
import type { LabConfig } from "./schema.js";

/** Tunnel of the i-th hub-attached site when the config names none: VNI 77+i, 169.254.i.1/.2 /24. */
export const defaultTunnel = (i: number) => ({ vni: 77 + i, hubAddress: `169.254.${i}.1/24`, siteAddress: `169.254.${i}.2/24` });

type Gateway = LabConfig["hub"]["gateway"];

/** An ErGwScale gateway without scaleUnits gets the fixed 1-unit size; other SKUs have none. */
const withScaleUnits = <V extends { gateway?: Gateway }>(v: V): V =>
  v.gateway?.sku === SCALABLE_SKU && !v.gateway.scaleUnits ? { ...v, gateway: { ...v.gateway, scaleUnits: { ...DEFAULT_SCALE_UNITS } } } : v;

/** The parsed config with every hub-attached site's tunnel and every ErGwScale gateway's scale units filled in. */
export function resolveDefaults(cfg: LabConfig): LabConfig {
  const hubIndex = new Map(hubAttachedSites(cfg).map((s, i) => [s, i]));
  return {
    ...cfg,
    hub: withScaleUnits(cfg.hub),
    spokes: cfg.spokes.map(withScaleUnits),
    sites: cfg.sites.map((s) => {
      const i = hubIndex.get(s);
      return withScaleUnits(i === undefined || s.tunnel ? s : { ...s, tunnel: defaultTunnel(i) });
    }),
  };
}
