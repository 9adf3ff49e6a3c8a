// Rules between config values that Azure (or the tunnel) would otherwise reject half-way through a deploy.
import {
  addressOf,
  containsAddress,
  containsPrefix,
  isAddress,
  isAzureReserved,
  isNetworkOrBroadcast,
  mustPrefix,
  networkOf,
  overlaps,
  parsePrefix,
  type Prefix,
} from "./cidr.js";
import type { Problem } from "./problems.js";
import { checkAccess } from "./rules-access.js";
import { GATEWAY_SKUS, type LabConfig } from "./schema.js";

type VnetCfg = LabConfig["spokes"][number] & Partial<Pick<LabConfig["sites"][number], "kind" | "attach" | "router" | "tunnel">>;
type VmCfg = LabConfig["hub"]["router"];

export interface VnetRef {
  readonly key: string;
  readonly role: "hub" | "spoke" | "site";
  readonly cfg: VnetCfg;
}

export const GATEWAY_SUBNET = "GatewaySubnet";
export const MAX_VNI = 16_777_215;
const IMDS = "169.254.169.254";
// Ranges Azure refuses as VNet address space.
const FORBIDDEN_SPACES = ["224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32"];

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

/** Tunnel settings of hub-attached site i, defaulting to VNI 77+i and 169.254.i.1/.2 /24. */
export function tunnelOf(site: LabConfig["sites"][number], index: number): NonNullable<LabConfig["sites"][number]["tunnel"]> {
  return site.tunnel ?? { vni: 77 + index, hubAddress: `169.254.${index}.1/24`, siteAddress: `169.254.${index}.2/24` };
}

export function checkLab(cfg: LabConfig): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  const refs = vnetRefs(cfg);

  // Names.
  const seenVnet = new Map<string, string>();
  for (const r of refs) {
    const prev = seenVnet.get(r.cfg.name.toLowerCase());
    if (prev) add(`${r.key}.name`, `duplicate VNet name "${r.cfg.name}" (also ${prev}.name)`);
    else seenVnet.set(r.cfg.name.toLowerCase(), r.key);
  }

  // Address spaces: valid, allowed by Azure, no overlap anywhere in the lab.
  const spaces: { key: string; p: Prefix }[] = [];
  for (const r of refs) {
    r.cfg.addressSpace.forEach((text, i) => {
      const key = `${r.key}.addressSpace[${i}]`;
      const p = parsePrefix(text);
      if (!p) return add(key, `"${text}" is not an IPv4 prefix with zero host bits (e.g. 10.0.0.0/16)`);
      for (const f of FORBIDDEN_SPACES) {
        if (overlaps(p, mustPrefix(f))) add(key, `${text} overlaps ${f}, which Azure does not allow as VNet address space`);
      }
      for (const s of spaces) {
        if (overlaps(s.p, p)) add(key, `${text} overlaps ${s.p.text} (${s.key}); address spaces must be disjoint`);
      }
      spaces.push({ key, p });
    });
  }

  // Subnets, gateways, VMs.
  const vmNames = new Map<string, string>();
  const vmAddresses = new Map<string, string>();
  for (const r of refs) {
    const v = r.cfg;
    const vnetSpaces = v.addressSpace.map((t) => parsePrefix(t)).filter((p): p is Prefix => !!p);
    const subnetPrefixes = new Map<string, Prefix>();
    const seenSubnet = new Set<string>();
    v.subnets.forEach((s, i) => {
      const key = `${r.key}.subnets[${i}]`;
      if (seenSubnet.has(s.name)) add(`${key}.name`, `duplicate subnet name "${s.name}" in ${v.name}`);
      seenSubnet.add(s.name);
      if (s.name !== GATEWAY_SUBNET && /^gateway[\s_-]*subnet$/i.test(s.name)) {
        add(`${key}.name`, `"${s.name}" must be named exactly "${GATEWAY_SUBNET}" for Azure to use it for a gateway`);
      }
      const p = parsePrefix(s.prefix);
      if (!p) return add(`${key}.prefix`, `"${s.prefix}" is not an IPv4 prefix with zero host bits`);
      if (p.length > 29) add(`${key}.prefix`, `${s.prefix} is smaller than /29, the smallest subnet Azure allows`);
      if (vnetSpaces.length && !vnetSpaces.some((sp) => containsPrefix(sp, p))) {
        add(`${key}.prefix`, `${s.prefix} is outside ${v.name}'s address space (${v.addressSpace.join(", ")})`);
      }
      for (const [other, op] of subnetPrefixes) {
        if (overlaps(op, p)) add(`${key}.prefix`, `${s.prefix} overlaps subnet "${other}" (${op.text})`);
      }
      subnetPrefixes.set(s.name, p);
      if (s.name === GATEWAY_SUBNET && p.length > 27) {
        add(`${key}.prefix`, `${GATEWAY_SUBNET} ${s.prefix} is smaller than /27, the minimum for an ExpressRoute gateway`);
      }
    });
    if (v.gateway && !subnetPrefixes.has(GATEWAY_SUBNET)) {
      add(`${r.key}.subnets`, `${v.name} has a gateway, so it needs a subnet named exactly "${GATEWAY_SUBNET}" (/27 or larger)`);
    }
    if (v.gateway && !(GATEWAY_SKUS as readonly string[]).includes(v.gateway.sku)) {
      const legacy = ["Standard", "HighPerformance", "UltraPerformance"].includes(v.gateway.sku);
      add(`${r.key}.gateway.sku`, `"${v.gateway.sku}" is not an ExpressRoute gateway SKU Azure offers for new gateways; use one of ${GATEWAY_SKUS.join(", ")}${legacy ? " (the legacy SKUs depend on retired Basic public IPs)" : ""}`);
    }
    if (v.gateway?.circuitId !== undefined && !/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/expressRouteCircuits\/[^/]+$/.test(v.gateway.circuitId)) {
      add(`${r.key}.gateway.circuitId`, `"${v.gateway.circuitId}" is not an ExpressRoute circuit resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<name>)`);
    }

    const vms: { key: string; vm: VmCfg }[] = [
      ...(v.router ? [{ key: `${r.key}.router`, vm: v.router }] : []),
      ...v.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h })),
    ];
    for (const { key, vm } of vms) {
      const prev = vmNames.get(vm.name);
      if (prev) add(`${key}.name`, `duplicate VM name "${vm.name}" (also ${prev}.name)`);
      else vmNames.set(vm.name, key);
      if (!isAddress(vm.address)) {
        add(`${key}.address`, `"${vm.address}" is not an IPv4 address`);
        continue;
      }
      const prevAddr = vmAddresses.get(vm.address);
      if (prevAddr) add(`${key}.address`, `duplicate address ${vm.address} (also ${prevAddr}.address)`);
      else vmAddresses.set(vm.address, key);
      const subnetName = vmSubnetName(v, vm);
      const sp = subnetName ? subnetPrefixes.get(subnetName) : undefined;
      if (!subnetName || !v.subnets.some((s) => s.name === subnetName)) {
        add(`${key}.subnet`, `no subnet "${subnetName ?? ""}" in ${v.name} for ${vm.name}`);
      } else if (subnetName === GATEWAY_SUBNET) {
        add(`${key}.subnet`, `${vm.name} cannot be placed in ${GATEWAY_SUBNET}`);
      } else if (sp && !containsAddress(sp, vm.address)) {
        add(`${key}.address`, `${vm.address} is outside subnet "${subnetName}" (${sp.text})`);
      } else if (sp && isAzureReserved(sp, vm.address)) {
        add(`${key}.address`, `${vm.address} is reserved by Azure in ${sp.text} (first four and last address of a subnet)`);
      }
    }
  }

  // Sites: attachment, kind, router, tunnel.
  const spokeNames = new Set(cfg.spokes.map((s) => s.name));
  const tunnelNets: { key: string; p: Prefix }[] = [];
  const vnis = new Map<number, string>();
  let hubIndex = 0;
  cfg.sites.forEach((site, i) => {
    const key = `sites[${i}]`;
    const toHub = site.attach === "hub";
    if (!toHub && !spokeNames.has(site.attach)) {
      add(`${key}.attach`, `"${site.attach}" is neither "hub" nor a spoke name (${[...spokeNames].join(", ")})`);
    }
    const attachCfg = toHub ? cfg.hub : cfg.spokes.find((s) => s.name === site.attach);
    if (site.kind === "peering" && !toHub) add(`${key}.kind`, `a "peering" site must attach to the hub (peering it to a spoke would bypass the lab)`);
    if (site.kind === "expressroute" && !site.gateway) add(`${key}.gateway`, `an "expressroute" site is simulated by a VNet with its own ExpressRoute gateway: set gateway (e.g. {sku: ErGw1AZ})`);
    if (site.kind === "onprem" && site.gateway) add(`${key}.gateway`, `an "onprem" site is not deployed to Azure, so it has no gateway here`);
    if (site.kind !== "peering" && attachCfg && !attachCfg.gateway) {
      add(`${key}.kind`, `a "${site.kind}" site reaches ${attachCfg.name} over ExpressRoute, but ${attachCfg.name} has no gateway`);
    }
    if (!toHub) {
      if (site.router) add(`${key}.router`, `only hub-attached sites have a tunnel router; ${site.name} reaches ${site.attach} through its own gateway`);
      if (site.tunnel) add(`${key}.tunnel`, `only hub-attached sites have a tunnel`);
      return;
    }
    if (!site.router) add(`${key}.router`, `a hub-attached site needs a router (the site end of its VXLAN tunnel)`);
    const t = tunnelOf(site, hubIndex++);
    const tkey = `${key}.tunnel`;
    if (t.vni < 1 || t.vni > MAX_VNI) add(`${tkey}.vni`, `VNI ${t.vni} is outside 1..${MAX_VNI}`);
    const prevVni = vnis.get(t.vni);
    if (prevVni) add(`${tkey}.vni`, `VNI ${t.vni} is already used by ${prevVni}`);
    vnis.set(t.vni, tkey);
    const hubP = parsePrefix(t.hubAddress, true);
    const siteP = parsePrefix(t.siteAddress, true);
    if (!hubP) add(`${tkey}.hubAddress`, `"${t.hubAddress}" is not an address with a prefix length (e.g. 169.254.0.1/24)`);
    if (!siteP) add(`${tkey}.siteAddress`, `"${t.siteAddress}" is not an address with a prefix length (e.g. 169.254.0.2/24)`);
    if (!hubP || !siteP) return;
    const net = mustPrefix(networkOf(t.hubAddress));
    if (networkOf(t.hubAddress) !== networkOf(t.siteAddress)) {
      add(tkey, `hubAddress ${t.hubAddress} and siteAddress ${t.siteAddress} must share one subnet`);
    }
    if (addressOf(t.hubAddress) === addressOf(t.siteAddress)) add(tkey, `hubAddress and siteAddress are the same address`);
    if (net.length < 31) {
      for (const [k, a] of [["hubAddress", t.hubAddress], ["siteAddress", t.siteAddress]] as const) {
        if (isNetworkOrBroadcast(net, addressOf(a))) add(`${tkey}.${k}`, `${a} is the network or broadcast address of ${networkOf(a)}`);
      }
    }
    if (containsAddress(net, IMDS)) add(tkey, `${networkOf(t.hubAddress)} contains ${IMDS} (Azure instance metadata), which the VMs must keep reaching`);
    for (const s of spaces) {
      if (overlaps(s.p, net)) add(tkey, `${networkOf(t.hubAddress)} overlaps ${s.p.text} (${s.key})`);
    }
    for (const o of tunnelNets) {
      if (overlaps(o.p, net)) add(tkey, `${networkOf(t.hubAddress)} overlaps the tunnel subnet of ${o.key}`);
    }
    tunnelNets.push({ key: tkey, p: net });
  });
  if (hubIndex === 0) add("sites", `no site is attached to the hub, so there is no tunnel to build`);

  if (cfg.vxlan.port < 1 || cfg.vxlan.port > 65535) add("vxlan.port", `port ${cfg.vxlan.port} is outside 1..65535`);
  cfg.access.sshSourcePrefixes.forEach((s, i) => {
    if (!parsePrefix(s) && !isAddress(s)) add(`access.sshSourcePrefixes[${i}]`, `"${s}" is neither an IPv4 address nor a prefix`);
    if (s === "0.0.0.0/0") add(`access.sshSourcePrefixes[${i}]`, `0.0.0.0/0 would open SSH to the whole Internet; name your own prefix`);
  });
  problems.push(...checkAccess(cfg));
  return problems;
}
