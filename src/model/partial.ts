// A config that fails its shape still gets every rule whose inputs did parse: each top-level section,
// the hub and each spoke and site are parsed on their own, and the rules run on the parts that parsed
// (rules/index.ts checkParts). Only rules whose inputs failed are skipped, so one wrong type in
// spokes[0] never hides an overlap in sites[0].
import type { z } from "zod";
import { defaultTunnel } from "./defaults.js";
import type { Problem } from "./problems.js";
import type { SiteCfg, VnetCfg, VnetRef } from "./refs.js";
import { checkParts } from "./rules/index.js";
import { labSchema } from "./schema.js";

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

function part<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** Rule problems of the parts of raw that parse on their own (raw failed labSchema as a whole). */
export function partialProblems(raw: unknown): Problem[] {
  if (!isObject(raw)) return [];
  const shape = labSchema.shape;
  const hub = part(shape.hub, raw.hub);
  const rawSpokes = Array.isArray(raw.spokes) ? raw.spokes : [];
  const rawSites = Array.isArray(raw.sites) ? raw.sites : [];
  const spokes = rawSpokes.map((s) => part(shape.spokes.element, s));
  // A site's default tunnel depends on how many hub-attached sites come before it, parsed or not.
  let hubIndex = 0;
  const sites = rawSites.map((s, i) => {
    const site = part(shape.sites.element, s);
    const toHub = (isObject(s) ? s.attach ?? "hub" : "hub") === "hub";
    const index = toHub ? hubIndex++ : -1;
    if (!site) return undefined;
    const resolved: SiteCfg = toHub && !site.tunnel ? { ...site, tunnel: defaultTunnel(index) } : site;
    return { key: `sites[${i}]`, site: resolved };
  });
  const refs: VnetRef[] = [
    ...(hub ? [{ key: "hub", role: "hub" as const, cfg: hub }] : []),
    ...spokes.flatMap((cfg, i) => (cfg ? [{ key: `spokes[${i}]`, role: "spoke" as const, cfg }] : [])),
    ...sites.flatMap((s) => (s ? [{ key: s.key, role: "site" as const, cfg: s.site }] : [])),
  ];
  const spokeNames = rawSpokes.flatMap((s) => (isObject(s) && typeof s.name === "string" ? [s.name] : []));
  const parsedSites = sites.filter((s): s is { key: string; site: SiteCfg } => !!s);
  return checkParts({
    resourceGroupName: part(shape.resourceGroupName, raw.resourceGroupName),
    location: part(shape.location, raw.location),
    adminUsername: part(shape.adminUsername, raw.adminUsername),
    refs,
    // Site rules need the hub, and every spoke's name to judge attach.
    sites: !hub || spokeNames.length !== rawSpokes.length || !rawSpokes.length ? undefined : {
      hub,
      spokeNames,
      spokes: spokes.filter((s): s is VnetCfg => !!s),
      sites: parsedSites,
      allSites: parsedSites.length === rawSites.length,
    },
    vxlan: part(shape.vxlan, raw.vxlan),
    features: part(shape.features, raw.features),
    access: part(shape.access, raw.access),
    autoShutdown: part(shape.autoShutdown, raw.autoShutdown),
  });
}
