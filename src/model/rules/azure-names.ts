// Names Azure would refuse, found at config time: the config's own names (resource group, VNets,
// subnets, VMs, admin user) and every name the model derives from them, each problem on the config
// key whose value is at fault (for a derived name: the longest name it is made of).
import { AZURE_NAMES, nameProblem, RESERVED_ADMIN_USERNAMES, type NameRule } from "../azure-names.js";
import { parsePrefix } from "../cidr.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import { GATEWAY_SUBNET, type VnetRef } from "../refs.js";
import * as derive from "../resource-names.js";

export interface NamesInput {
  /** undefined: that part did not parse, its rules are skipped. */
  readonly resourceGroupName?: string | undefined;
  readonly adminUsername?: string | undefined;
  /** The VNets that parsed, with their config keys. */
  readonly refs: readonly VnetRef[];
}

interface Source {
  readonly key: string;
  readonly value: string;
}

export function checkAzureNames(input: NamesInput): Problem[] {
  const { problems, add } = problemList();
  const refused = new Set<string>(); // keys refused on their own: their derived names say nothing new
  const own = (key: string, rule: NameRule, value: string) => {
    const why = nameProblem(rule, value);
    if (why) add(key, why), refused.add(key);
  };
  if (input.resourceGroupName !== undefined) own("resourceGroupName", AZURE_NAMES.resourceGroup, input.resourceGroupName);
  if (input.adminUsername !== undefined && RESERVED_ADMIN_USERNAMES.includes(input.adminUsername.toLowerCase())) {
    // https://learn.microsoft.com/azure/virtual-machines/linux/faq ("The following usernames are not allowed")
    add("adminUsername", `"${input.adminUsername}" is a user name Azure does not allow for VMs (${RESERVED_ADMIN_USERNAMES.join(", ")})`);
  }
  const derived = derivedChecker(add, refused);
  const deployed = input.refs.filter((r) => r.cfg.kind !== "onprem"); // an onprem site has no Azure names
  const hub = deployed.find((r) => r.role === "hub");
  for (const r of deployed) {
    const vnet: Source = { key: `${r.key}.name`, value: r.cfg.name };
    own(vnet.key, AZURE_NAMES.virtualNetwork, vnet.value);
    r.cfg.subnets.forEach((s, i) => {
      const subnet: Source = { key: `${r.key}.subnets[${i}].name`, value: s.name };
      own(subnet.key, AZURE_NAMES.subnet, s.name);
      if (s.name === GATEWAY_SUBNET) return; // no NSG or route table there
      derived(AZURE_NAMES.networkSecurityGroup, derive.nsgName(vnet.value, s.name), [vnet, subnet]);
      derived(AZURE_NAMES.routeTable, derive.routeTableName(vnet.value, s.name), [vnet, subnet]);
    });
    // Only prefixes that parse become routes (the others are refused in address-spaces.ts).
    r.cfg.addressSpace.forEach((p, i) => parsePrefix(p) && derived(AZURE_NAMES.route, derive.routeName(p), [{ key: `${r.key}.addressSpace[${i}]`, value: p }]));
    if (r.cfg.gateway) {
      derived(AZURE_NAMES.virtualNetworkGateway, derive.gatewayName(vnet.value), [vnet]);
      derived(AZURE_NAMES.connection, derive.connectionName(vnet.value), [vnet]);
      derived(AZURE_NAMES.publicIpAddress, derive.gatewayPublicIpName(vnet.value), [vnet]);
    }
    const vms = [...(r.cfg.router ? [{ key: `${r.key}.router`, vm: r.cfg.router }] : []), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
    for (const { key, vm } of vms) {
      const src: Source = { key: `${key}.name`, value: vm.name };
      own(src.key, AZURE_NAMES.virtualMachine, vm.name);
      derived(AZURE_NAMES.networkInterface, derive.nicName(vm.name), [src]);
      if (r.cfg.router === vm) derived(AZURE_NAMES.securityRule, derive.vxlanRuleName(vm.name), [src]);
    }
    const peered = r.role === "spoke" || (r.role === "site" && r.cfg.kind === "peering");
    if (hub && peered) {
      const h: Source = { key: `${hub.key}.name`, value: hub.cfg.name };
      derived(AZURE_NAMES.peering, derive.peeringName(h.value, vnet.value), [h, vnet]);
      derived(AZURE_NAMES.peering, derive.peeringName(vnet.value, h.value), [vnet, h]);
    }
  }
  return problems;
}

/** Checks a derived name; its problem goes on the longest source (once per key: rt- and nsg- fail together). */
function derivedChecker(add: AddProblem, refused: ReadonlySet<string>): (rule: NameRule, name: string, sources: readonly Source[]) => void {
  const reported = new Set<string>();
  return (rule, name, sources) => {
    if (sources.some((s) => refused.has(s.key))) return;
    const why = nameProblem(rule, name);
    if (!why) return;
    const at = [...sources].sort((a, b) => b.value.length - a.value.length)[0]!;
    if (reported.has(at.key)) return;
    reported.add(at.key);
    const fix = [...name].length > rule.max ? "shorten" : "change";
    add(at.key, `${why} (derived from ${sources.map((s) => s.key).join(" and ")}); ${fix} ${at.key}`);
  };
}
