// Per VNet: its subnets, its gateway and its VMs (VM names and addresses are unique across the lab).
import {
  addressProblem,
  containsAddress,
  containsPrefix,
  isAddress,
  isAzureReserved,
  overlaps,
  parsePrefix,
  prefixProblem,
  type Prefix,
} from "../../net/cidr.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import { fieldParsed, GATEWAY_SUBNET, vmSubnetName, type VmCfg, type VnetRef, routerEntries } from "../refs.js";
import {
  GATEWAY_SKUS,
  gatewayMegabitsPerSecond,
  isGatewaySku,
  LEGACY_SKUS,
  SCALABLE_GATEWAY_SUBNET_MAX_LENGTH,
  SCALABLE_SKU,
  SCALE_UNIT_RANGE,
  scalableUnavailableIn,
} from "../../platform/gateway-skus.js";

export function checkVnetParts(refs: readonly VnetRef[]): Problem[] {
  const { problems, add } = problemList();
  const seen = { vmNames: new Map<string, string>(), vmAddresses: new Map<string, string>() };
  for (const r of refs) {
    const subnetPrefixes = checkSubnets(r, add);
    checkGateway(r, subnetPrefixes, add);
    checkVms(r, subnetPrefixes, seen, add);
  }
  return problems;
}

/** Returns the subnet prefixes that parse, by subnet name (the gateway and VM rules need them). */
function checkSubnets(r: VnetRef, add: AddProblem): Map<string, Prefix> {
  const v = r.cfg;
  const vnetSpaces = v.addressSpace.map((t) => parsePrefix(t)).filter((p): p is Prefix => !!p);
  const subnetPrefixes = new Map<string, Prefix>();
  const seenSubnet = new Set<string>();
  v.subnets.forEach((s, i) => {
    const key = `${r.key}.subnets[${i}]`;
    // Azure names are case-insensitive (resource-name-rules, see rules/azure-names.ts): Default is default.
    if (seenSubnet.has(s.name.toLowerCase()))
      add(`${key}.name`, `duplicate subnet name "${s.name}" in ${v.name} (Azure names ignore case)`);
    seenSubnet.add(s.name.toLowerCase());
    if (s.name !== GATEWAY_SUBNET && /^gateway[\s_-]*subnet$/i.test(s.name)) {
      add(`${key}.name`, `"${s.name}" must be named exactly "${GATEWAY_SUBNET}" for Azure to use it for a gateway`);
    }
    const p = parsePrefix(s.prefix);
    if (!p) return add(`${key}.prefix`, prefixProblem(s.prefix, false, "10.0.0.0/24") ?? `"${s.prefix}" is not an IPv4 prefix`);
    if (p.length > 29) add(`${key}.prefix`, `${s.prefix} is smaller than /29, the smallest subnet Azure allows`);
    if (vnetSpaces.length && !vnetSpaces.some((sp) => containsPrefix(sp, p))) {
      add(`${key}.prefix`, `${s.prefix} is outside ${v.name}'s address space (${v.addressSpace.join(", ")})`);
    }
    for (const [other, op] of subnetPrefixes) {
      if (overlaps(op, p)) add(`${key}.prefix`, `${s.prefix} overlaps subnet "${other}" (${op.text})`);
    }
    subnetPrefixes.set(s.name, p);
    // /27 for ER gateways (facts §1); ErGwScale needs /26, expressroute-howto-scalable-portal (gateway-skus.ts).
    const scalable = v.gateway?.sku === SCALABLE_SKU;
    const maxLength = scalable ? SCALABLE_GATEWAY_SUBNET_MAX_LENGTH : 27;
    if (s.name === GATEWAY_SUBNET && p.length > maxLength) {
      add(
        `${key}.prefix`,
        `${GATEWAY_SUBNET} ${s.prefix} is smaller than /${maxLength}, the minimum for ${scalable ? "an ErGwScale" : "an ExpressRoute"} gateway`,
      );
    }
  });
  return subnetPrefixes;
}

function checkGateway(r: VnetRef, subnetPrefixes: ReadonlyMap<string, Prefix>, add: AddProblem): void {
  const v = r.cfg;
  if (v.gateway && fieldParsed(v, "subnets") && !subnetPrefixes.has(GATEWAY_SUBNET)) {
    add(`${r.key}.subnets`, `${v.name} has a gateway, so it needs a subnet named exactly "${GATEWAY_SUBNET}" (/27 or larger)`);
  }
  if (v.gateway && !isGatewaySku(v.gateway.sku)) {
    // Learn "About migrating to an availability zone-enabled ExpressRoute virtual network gateway",
    // https://learn.microsoft.com/azure/expressroute/gateway-migration
    const legacy = (LEGACY_SKUS as readonly string[]).includes(v.gateway.sku);
    const why =
      ' (Learn: the non-availability-zone SKUs Standard, HighPerformance and UltraPerformance "don\'t support the distribution of the gateway across multiple availability zones"; it recommends migrating to an AZ-enabled SKU)';
    add(
      `${r.key}.gateway.sku`,
      `"${v.gateway.sku}" is not an ExpressRoute gateway SKU Azure offers for new gateways; use one of ${GATEWAY_SKUS.join(", ")}${legacy ? why : ""}`,
    );
  }
  if (v.gateway?.publicIp !== undefined) {
    // Learn "About ExpressRoute virtual network gateways", Auto-assigned public IP:
    // https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways#auto-assigned-public-ip
    add(
      `${r.key}.gateway.publicIp`,
      `publicIp was removed: Azure assigns every ExpressRoute gateway a Microsoft-managed, zone-redundant Standard public IP itself; delete the key`,
    );
  }
  if (v.gateway) checkScaleUnits(`${r.key}.gateway`, v.gateway, add);
  // ARM ids are case-insensitive (circuitKey); names hold no '/' and no whitespace.
  if (
    v.gateway?.circuitId !== undefined &&
    !/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Network\/expressRouteCircuits\/[^/\s]+$/i.test(
      v.gateway.circuitId,
    )
  ) {
    add(
      `${r.key}.gateway.circuitId`,
      `"${v.gateway.circuitId}" is not an ExpressRoute circuit resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<name>)`,
    );
  }
}

type GatewayCfg = NonNullable<VnetRef["cfg"]["gateway"]>;

// Learn "About ExpressRoute scalable gateway", https://learn.microsoft.com/azure/expressroute/scalable-gateway
function checkScaleUnits(key: string, g: GatewayCfg, add: AddProblem): void {
  const u = g.scaleUnits;
  if (!u) return;
  if (g.sku !== SCALABLE_SKU) {
    const fixed = isGatewaySku(g.sku) ? ` (${g.sku} has a fixed size, ${gatewayMegabitsPerSecond(g.sku) / 1000} Gbps)` : "";
    return add(`${key}.scaleUnits`, `scaleUnits applies only to ${SCALABLE_SKU}${fixed}; remove it or set sku: ${SCALABLE_SKU}`);
  }
  const { min: lo, max: hi } = SCALE_UNIT_RANGE;
  let inRange = true;
  for (const end of ["min", "max"] as const) {
    if (u[end] < lo || u[end] > hi) {
      add(`${key}.scaleUnits.${end}`, `${end} ${u[end]} is outside ${lo}..${hi} scale units`);
      inRange = false;
    }
  }
  if (!inRange) return;
  if (u.max === 1 && u.min !== 1) add(`${key}.scaleUnits.min`, `when max is 1, min must be 1 too (Learn), not ${u.min}`);
  else if (u.min > u.max) add(`${key}.scaleUnits`, `min ${u.min} is greater than max ${u.max}`);
  else if (u.min === 1 && u.max > 1) {
    add(
      `${key}.scaleUnits.min`,
      `min 1 with max ${u.max} is neither a fixed size (min = max) nor autoscaling, which Learn says needs min 2 or higher`,
    );
  }
}

/** ErGwScale is not offered in every region; `source` names where the region came from (lab.location or azure-native:location). */
export function checkScalableRegion(refs: readonly VnetRef[], region: string, source: string): Problem[] {
  const { problems, add } = problemList();
  const unavailable = scalableUnavailableIn(region);
  if (!unavailable) return problems;
  for (const r of refs) {
    if (r.cfg.gateway?.sku !== SCALABLE_SKU) continue;
    add(
      `${r.key}.gateway.sku`,
      `${SCALABLE_SKU} is not offered in ${unavailable} (${source} "${region}"); use ErGw1AZ, ErGw2AZ or ErGw3AZ there, or another region (https://learn.microsoft.com/azure/expressroute/scalable-gateway)`,
    );
  }
  return problems;
}

function checkVms(
  r: VnetRef,
  subnetPrefixes: ReadonlyMap<string, Prefix>,
  { vmNames, vmAddresses }: { vmNames: Map<string, string>; vmAddresses: Map<string, string> },
  add: AddProblem,
): void {
  const v = r.cfg;
  const vms: { key: string; vm: VmCfg }[] = [...routerEntries(r), ...v.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
  for (const { key, vm } of vms) {
    const prev = vmNames.get(vm.name.toLowerCase());
    if (prev) add(`${key}.name`, `duplicate VM name "${vm.name}" (also ${prev}.name)`);
    else vmNames.set(vm.name.toLowerCase(), key);
    if (!isAddress(vm.address)) {
      add(`${key}.address`, addressProblem(vm.address) ?? `"${vm.address}" is not an IPv4 address`);
      continue;
    }
    const prevAddr = vmAddresses.get(vm.address);
    // hub.pair: two routers at one address would be one NIC address twice in the load balancer's backend pool.
    if (prevAddr === "hub.router" && key === "hub.pair.router")
      add(
        `${key}.address`,
        `${vm.address} is also hub.router's address: the two hub routers are two VMs behind the load balancer, each with its own NIC address in the backend pool; give hub.pair.router another free address in hub.router's subnet`,
      );
    else if (prevAddr) add(`${key}.address`, `duplicate address ${vm.address} (also ${prevAddr}.address)`);
    else vmAddresses.set(vm.address, key);
    if (!fieldParsed(v, "subnets")) continue; // which subnet it is in cannot be judged
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
