// Names Azure would refuse, found at config time: the config's own names (resource group, VNets,
// subnets, VMs, admin user) and every name the model derives from them, each problem on the config
// key whose value is at fault (for a derived name: the longest name it is made of). Derived names
// must also be unique per resource type and scope: "Resource names are case-insensitive unless noted"
// (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules), so
// vnet-a + subnet x-y and vnet-a-x + subnet y are one NSG, and so are subnets default and Default.
import { AZURE_NAMES, nameProblem, RESERVED_ADMIN_USERNAMES, type NameRule } from "../../platform/names.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import { GATEWAY_SUBNET, type VnetRef, routerEntries } from "../refs.js";
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
    if (why) (add(key, why), refused.add(key));
  };
  if (input.resourceGroupName !== undefined) own("resourceGroupName", AZURE_NAMES.resourceGroup, input.resourceGroupName);
  if (input.adminUsername !== undefined && RESERVED_ADMIN_USERNAMES.includes(input.adminUsername.toLowerCase())) {
    // https://learn.microsoft.com/azure/virtual-machines/linux/faq ("The following usernames are not allowed")
    add("adminUsername", `"${input.adminUsername}" is a user name Azure does not allow for VMs (${RESERVED_ADMIN_USERNAMES.join(", ")})`);
  }
  const derived = derivedChecker(add, refused);
  const deployed = input.refs.filter((r) => r.cfg.kind !== "onprem"); // an onprem site has no Azure names
  const hub = deployed.find((r) => r.role === "hub");
  const vnetNames = new Set<string>();
  for (const r of deployed) {
    // A duplicate VNet or subnet name is reported as such (names.ts, per-vnet.ts); its derived names would only repeat it.
    const dupVnet = vnetNames.has(r.cfg.name.toLowerCase());
    vnetNames.add(r.cfg.name.toLowerCase());
    const vnet: Source = { key: `${r.key}.name`, value: r.cfg.name };
    own(vnet.key, AZURE_NAMES.virtualNetwork, vnet.value);
    const subnetNames = new Set<string>();
    r.cfg.subnets.forEach((s, i) => {
      const subnet: Source = { key: `${r.key}.subnets[${i}].name`, value: s.name };
      own(subnet.key, AZURE_NAMES.subnet, s.name);
      const dupSubnet = subnetNames.has(s.name.toLowerCase());
      subnetNames.add(s.name.toLowerCase());
      if (dupVnet || dupSubnet || s.name === GATEWAY_SUBNET) return; // (no NSG or route table in GatewaySubnet)
      derived(AZURE_NAMES.networkSecurityGroup, derive.nsgName(vnet.value, s.name), [vnet, subnet]);
      derived(AZURE_NAMES.routeTable, derive.routeTableName(vnet.value, s.name), [vnet, subnet]);
    });
    // Not checked, because Azure can never refuse them (limits: ../azure-names.ts, 1..80 for each):
    // - routes, to-<canonical prefix> ("to-255-255-255-255-32" is 21 characters of digits and '-'),
    //   one per prefix (one prefix twice is an overlap, address-spaces.ts), in a table of their own;
    // - gw-, cn- and pip-gw-<VNet>: a VNet name Azure accepts (2..64, checked above) makes at most
    //   71 characters that start with a letter and end as the VNet name does, and two of them are one
    //   name only when the VNet names are (a duplicate, names.ts).
    const vms = [...routerEntries(r), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
    for (const { key, vm } of vms) {
      const src: Source = { key: `${key}.name`, value: vm.name };
      own(src.key, AZURE_NAMES.virtualMachine, vm.name);
    }
    // nic-<VM> and allow-vxlan-<VM> are not checked: the schema holds VM names to [a-z0-9-], 1..31
    // characters, so they are at most 43 of 80 (allow-wireguard-<VM>_<VM> of hub.pair's tunnels at most
    // 79), start with a letter, end as the VM name does (checked just above), and two NICs are one name
    // only for a duplicate VM name (per-vnet.ts).
    const peered = r.role === "spoke" || (r.role === "site" && r.cfg.kind === "peering");
    if (hub && peered && !dupVnet) {
      const h: Source = { key: `${hub.key}.name`, value: hub.cfg.name };
      // A peering is a child of the VNet it starts from: unique within that VNet.
      derived(AZURE_NAMES.peering, derive.peeringName(h.value, vnet.value), [h, vnet], h.value);
      derived(AZURE_NAMES.peering, derive.peeringName(vnet.value, h.value), [vnet, h], vnet.value);
    }
  }
  return problems;
}

/** scope: where the name must be unique (default: the resource group); null: not checked. */
type Derived = (rule: NameRule, name: string, sources: readonly Source[], scope?: string | null) => void;

/**
 * Checks a derived name; its problem goes on the longest source (once per key: rt- and nsg- fail
 * together). Names are unique per rule and scope (default: the resource group), ignoring case.
 */
function derivedChecker(add: AddProblem, refused: ReadonlySet<string>): Derived {
  const reported = new Set<string>();
  const taken = new Map<string, readonly Source[]>();
  const longest = (sources: readonly Source[]) => [...sources].sort((a, b) => b.value.length - a.value.length)[0]!;
  const from = (sources: readonly Source[]) => sources.map((s) => s.key).join(" and ");
  return (rule, name, sources, scope = "") => {
    if (sources.some((s) => refused.has(s.key))) return;
    const at = longest(sources);
    const why = nameProblem(rule, name);
    if (why) {
      if (reported.has(at.key)) return;
      reported.add(at.key);
      const fix = [...name].length > rule.max ? "shorten" : "change";
      return add(at.key, `${why} (derived from ${from(sources)}); ${fix} ${at.key}`);
    }
    if (scope === null) return;
    const id = `${rule.what}\n${scope.toLowerCase()}\n${name.toLowerCase()}`;
    const first = taken.get(id);
    if (!first) return void taken.set(id, sources);
    if (reported.has(`collision ${at.key}`)) return; // nsg- and rt- collide together
    reported.add(`collision ${at.key}`);
    add(
      at.key,
      `${rule.what} "${name}" (derived from ${from(sources)}) is also derived from ${from(first)}; Azure names are case-insensitive, so both would be one resource: change ${at.key}`,
    );
  };
}
