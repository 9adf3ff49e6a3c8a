// A config that fails its shape still gets every rule whose inputs did parse. Unknown keys are
// stripped first (the strict parse reports them), then each top-level section, the hub and each
// spoke and site are parsed on their own, and within a VNet each field on its own: a field that
// fails hides only the rules that read it (refs.ts fieldParsed), so a wrong VNI never hides the
// site's name or overlaps, and one wrong type in spokes[0] never hides an overlap in sites[0].
import type { z } from "zod";
import { DEFAULT_HUB_ASN, defaultPairTunnel, defaultSiteAsn, defaultTunnel, withAsn, withPairAsn } from "./defaults.js";
import type { Problem } from "./problems.js";
import { markUnparsed, type SiteCfg, type VnetCfg, type VnetRef } from "./refs.js";
import { checkParts } from "./rules/index.js";
import { labSchema } from "./schema.js";

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** raw without the keys the strict parse called unrecognized (a copy; raw is left alone). */
function stripUnknown(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(raw);
  for (const i of issues) {
    if (i.code !== "unrecognized_keys") continue;
    const at = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], copy);
    if (isObject(at)) for (const k of i.keys) delete at[k];
  }
  return copy;
}

/** A section parsed, else parsed again without its failing keys (their defaults stand in, which no rule judges). */
function part<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined {
  const r = schema.safeParse(value);
  if (r.success || !isObject(value)) return r.success ? r.data : undefined;
  const failed = new Set(r.error.issues.map((i) => i.path[0]));
  if (failed.has(undefined)) return undefined;
  const again = schema.safeParse(Object.fromEntries(Object.entries(value).filter(([k]) => !failed.has(k))));
  return again.success ? again.data : undefined;
}

// Without these a VNet cannot be judged at all (messages name it; kind and attach decide which rules apply).
const IDENTITY = new Set<PropertyKey>(["name", "kind", "attach"]);
// What a field that failed reads as: nothing (the rules that would miss it ask fieldParsed).
const EMPTY: Raw = { addressSpace: [], subnets: [], hosts: [] };

/** A VNet parsed field by field; undefined when an identity field failed. */
function vnetPart(schema: z.ZodObject, value: unknown): { cfg: VnetCfg; unparsed: Set<string> } | undefined {
  if (!isObject(value)) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return { cfg: r.data as VnetCfg, unparsed: new Set() };
  const out: Raw = {};
  const unparsed = new Set<string>();
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    const f = (fieldSchema as z.ZodType).safeParse(value[field]);
    if (f.success) {
      if (f.data !== undefined) out[field] = f.data;
      continue;
    }
    if (IDENTITY.has(field)) return undefined;
    unparsed.add(field);
    if (field in EMPTY) out[field] = EMPTY[field];
  }
  return { cfg: out as unknown as VnetCfg, unparsed };
}

const marked = <T extends object>(cfg: T, unparsed: ReadonlySet<string>): T => (unparsed.size ? markUnparsed(cfg, unparsed) : cfg);

/** Rule problems of the parts of raw that parse on their own (raw failed labSchema as a whole with issues). */
export function partialProblems(original: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const raw = stripUnknown(original, issues);
  if (!isObject(raw)) return [];
  const shape = labSchema.shape;
  // routing: bgp: the routers' ASN defaults, as resolveDefaults fills them (rules/bgp.ts judges them).
  const routing = part(shape.routing, raw.routing);
  const bgp = routing === "bgp";
  const hubPart = vnetPart(shape.hub, raw.hub);
  const hubRouter = hubPart?.cfg.router;
  // hub.pair.router's ASN defaults to hub.router's (withPairAsn), as in resolveDefaults.
  const hubCfg = hubPart && (bgp && hubRouter ? withPairAsn({ ...hubPart.cfg, router: withAsn(hubRouter, DEFAULT_HUB_ASN) }) : hubPart.cfg);
  const hub = hubPart && hubCfg && marked(hubCfg, hubPart.unparsed);
  const rawSpokes = Array.isArray(raw.spokes) ? raw.spokes : [];
  const rawSites = Array.isArray(raw.sites) ? raw.sites : [];
  const spokes = rawSpokes.map((s) => {
    const p = vnetPart(shape.spokes.element, s);
    return p && marked(p.cfg, p.unparsed);
  });
  // A site's default tunnel depends on how many hub-attached sites come before it, parsed or not.
  let hubIndex = 0;
  const sites = rawSites.map((s, i) => {
    const p = vnetPart(shape.sites.element, s);
    const toHub = (isObject(s) ? (s.attach ?? "hub") : "hub") === "hub";
    const index = toHub ? hubIndex++ : -1;
    if (!p) return undefined;
    const site = p.cfg as SiteCfg;
    const fill = toHub && !site.tunnel && !p.unparsed.has("tunnel");
    // hub.pair: the second tunnel's default, when the pair parsed (a pair that failed is not known to be set).
    const fillPair = toHub && !!hubCfg?.pair && !site.pairTunnel && !p.unparsed.has("pairTunnel");
    const router = toHub && bgp && site.router ? withAsn(site.router, defaultSiteAsn(index)) : site.router;
    const filled: SiteCfg = {
      ...site,
      ...(router ? { router } : {}),
      ...(fill ? { tunnel: defaultTunnel(index) } : {}),
      ...(fillPair ? { pairTunnel: defaultPairTunnel(index) } : {}),
    };
    return { key: `sites[${i}]`, site: marked(filled, p.unparsed) };
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
    vmSize: part(shape.vmSize, raw.vmSize),
    adminUsername: part(shape.adminUsername, raw.adminUsername),
    refs,
    // Site rules need the hub, and every spoke's name to judge attach.
    sites:
      !hub || spokeNames.length !== rawSpokes.length || !rawSpokes.length
        ? undefined
        : {
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
    verify: part(shape.verify, raw.verify),
    // Path names are judged against every VNet: only when each one parsed at least its name.
    emulation: hub && spokes.every(Boolean) && sites.every(Boolean) ? part(shape.emulation, raw.emulation) : undefined,
    routing,
  });
}
