// References into the (resolved) config that validation and the builders share.
import type { LabConfig } from "./schema.js";

export type SiteCfg = LabConfig["sites"][number];
export type TunnelCfg = NonNullable<SiteCfg["tunnel"]>;
export type VnetCfg = LabConfig["spokes"][number] &
  Partial<Pick<SiteCfg, "kind" | "attach" | "router" | "tunnel" | "pairTunnel">> &
  Partial<Pick<LabConfig["hub"], "pair">>;
export type VmCfg = LabConfig["hub"]["router"];

export interface VnetRef {
  readonly key: string;
  readonly role: "hub" | "spoke" | "site";
  readonly cfg: VnetCfg;
}

export const GATEWAY_SUBNET = "GatewaySubnet";

// Fields of a VNet that failed their shape (partial.ts), by config object: the rules that
// judge a field's absence (no gateway, no router, no such subnet) ask fieldParsed first.
const unparsedFields = new WeakMap<object, ReadonlySet<string>>();
export function markUnparsed<T extends object>(cfg: T, fields: ReadonlySet<string>): T {
  unparsedFields.set(cfg, fields);
  return cfg;
}
/** false when field failed its shape, so its value (empty) says nothing. */
export const fieldParsed = (
  cfg: object,
  field: "addressSpace" | "subnets" | "hosts" | "gateway" | "router" | "tunnel" | "pairTunnel" | "pair",
): boolean => !unparsedFields.get(cfg)?.has(field);

/** Resource ids are case-insensitive in Azure: one circuit, however its id is spelled. */
export const circuitKey = (circuitId: string): string => circuitId.toLowerCase();

/** Every VNet of the config with its config key: hub, spokes, then sites. */
export function vnetRefs(cfg: LabConfig): VnetRef[] {
  return [
    { key: "hub", role: "hub", cfg: cfg.hub },
    ...cfg.spokes.map((s, i) => ({ key: `spokes[${i}]`, role: "spoke" as const, cfg: s })),
    ...cfg.sites.map((s, i) => ({ key: `sites[${i}]`, role: "site" as const, cfg: s })),
  ];
}

/** The subnet a VM sits in: the one named, else the VNet's first subnet that is not the GatewaySubnet. */
export function vmSubnetName(vnet: VnetCfg, vm: VmCfg): string | undefined {
  return vm.subnet ?? vnet.subnets.find((s) => s.name !== GATEWAY_SUBNET)?.name;
}

/** Sites with a VXLAN tunnel to the hub router, in config order (their index names the device). */
export const hubAttachedSites = (cfg: LabConfig): SiteCfg[] => cfg.sites.filter((s) => s.attach === "hub");

/** The VNet a site hangs off: config says "hub", the model names the hub VNet itself. */
export const attachVnet = (hubName: string, attach: string): string => (attach === "hub" ? hubName : attach);

/** features.encryption wireguard: every tunnel's VXLAN runs inside its own WireGuard link. */
export const isEncrypted = (features: Pick<LabConfig["features"], "encryption">): boolean => features.encryption === "wireguard";

/** A VNet's routers with their config keys: its router, and the hub's second one (hub.pair.router). */
export const routerEntries = (r: VnetRef): { key: string; vm: VmCfg }[] => [
  ...(r.cfg.router ? [{ key: `${r.key}.router`, vm: r.cfg.router }] : []),
  ...(r.cfg.pair?.router ? [{ key: `${r.key}.pair.router`, vm: r.cfg.pair.router }] : []),
];

/** A hub-attached site's second tunnel (hub.pair), filled in by resolveDefaults. */
export function pairTunnelOf(site: SiteCfg): TunnelCfg {
  if (!site.pairTunnel) throw new Error(`unreachable: ${site.name} has no pair tunnel (defaults were not resolved)`);
  return site.pairTunnel;
}

/** A hub-attached site's tunnel; resolveDefaults (defaults.ts) has filled it in. */
export function tunnelOf(site: SiteCfg): TunnelCfg {
  if (!site.tunnel) throw new Error(`unreachable: ${site.name} has no tunnel (defaults were not resolved)`);
  return site.tunnel;
}
