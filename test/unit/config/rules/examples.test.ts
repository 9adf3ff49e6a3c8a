// Every config rule has a failing example. The rules are found in the source (test/support/rule-sites.ts):
// each add(key, message) call of src/config/rules/*.ts and src/config/stack-config.ts, each message the
// helpers return (Azure names, prefixes, addresses, reserved ports) and each schema constraint. A rule
// counts as shown only when an example's problem matches it better than any other rule. Add a rule
// without an example and this fails, naming file and line.
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../../src/model/build.js";
import { configKeyProblems, normalizeConfigKeys } from "../../../../src/config/stack-config.js";
import { SEED_LAB } from "../../../../src/config/seed.js";
import { callSites, helperMessages, ruleFiles, schemaConstraints, type CallSite, type HelperMessage } from "../../../support/rule-sites.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { secondSite } from "../../../support/problems.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Problem {
  key: string;
  message: string;
}
interface Example {
  readonly what: string;
  readonly problems: () => Problem[];
  readonly key: string;
  readonly fragment: string;
  /** The schema constraint (rule-sites.ts schemaConstraints id) this example shows. */
  readonly schema?: string;
}

const CIRCUIT =
  "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-a";

function labProblems(edit: (c: Raw) => void): () => Problem[] {
  return () => {
    const c = structuredClone(SEED_LAB) as unknown as Raw;
    edit(c);
    const r = tryBuildLab(c);
    return r.ok ? [] : r.problems;
  };
}

const ex = (what: string, edit: (c: Raw) => void, key: string, fragment: string, schema?: string): Example => ({
  what,
  problems: labProblems(edit),
  key,
  fragment,
  ...(schema ? { schema } : {}),
});
const host = (c: Raw) => c.spokes[0].hosts[0];
const tunnel = (c: Raw) => c.sites[0].tunnel;
/** features.encryption wireguard, with sites[0]'s link given explicitly. */
const wg = (link: Raw) => (c: Raw) => {
  c.features = { ...(c.features ?? {}), encryption: "wireguard" };
  tunnel(c).wireguard = link;
};
const wgLink = (hubAddress: string, siteAddress: string, port = 51820) => ({ hubAddress, siteAddress, port });
const scale = (min: number, max: number) => (c: Raw) => (c.hub.gateway = { sku: "ErGwScale", scaleUnits: { min, max } });

const RULES: Example[] = [
  // access.ts
  ex(
    "SSH from anywhere",
    (c) => (c.access = { sshSourcePrefixes: ["0.0.0.0/0"] }),
    "access.sshSourcePrefixes[0]",
    "means the whole Internet",
  ),
  ex(
    "SSH source with host bits",
    (c) => (c.access = { sshSourcePrefixes: ["10.1.2.3/8"] }),
    "access.sshSourcePrefixes[0]",
    "zero host bits: did you mean 10.0.0.0/8?",
  ),
  ex(
    "SSH source IPv6",
    (c) => (c.access = { sshSourcePrefixes: ["fe80::1"] }),
    "access.sshSourcePrefixes[0]",
    "is neither an IPv4 address nor a prefix (IPv6 is not supported)",
  ),
  ex(
    "SSH sources covering IPv4",
    (c) => (c.access = { sshSourcePrefixes: ["0.0.0.0/1", "128.0.0.0/1"] }),
    "access.sshSourcePrefixes",
    "cover every public IPv4 address",
  ),
  // address-spaces.ts
  ex(
    "address space not a prefix",
    (c) => (c.spokes[0].addressSpace = ["10.10.0.0/16x"]),
    "spokes[0].addressSpace[0]",
    '"10.10.0.0/16x" is not',
  ),
  ex(
    "address space Azure forbids",
    (c) => (c.spokes[0].addressSpace = ["10.10.0.0/16", "127.0.0.0/16"]),
    "spokes[0].addressSpace[1]",
    "overlaps 127.0.0.0/8, which Azure does not allow",
  ),
  ex(
    "address spaces overlapping",
    (c) => (c.sites[0].addressSpace = ["10.100.0.0/16", "10.0.128.0/17"]),
    "sites[0].addressSpace[1]",
    "address spaces must be disjoint",
  ),
  // azure-names.ts (and the name rules of model/azure-names.ts)
  ex("resource group name ending in '.'", (c) => (c.resourceGroupName = "rg-lab."), "resourceGroupName", "must end with"),
  ex("reserved admin user", (c) => (c.adminUsername = "admin"), "adminUsername", "is a user name Azure does not allow for VMs"),
  ex(
    "derived NSG name too long",
    (c) => (c.hub.subnets[0].name = "s".repeat(78)),
    "hub.subnets[0].name",
    "(derived from hub.name and hub.subnets[0].name); shorten hub.subnets[0].name",
  ),
  ex("VNet name with '!'", (c) => (c.spokes[0].name = "vnet!spoke"), "spokes[0].name", "has '!'; Azure allows"),
  ex("VNet name starting with '-'", (c) => (c.spokes[0].name = "-vnet-spoke"), "spokes[0].name", "must start with"),
  // bastion.ts
  ex("Bastion SKU Developer", (c) => (c.access = { bastion: "Developer" }), "access.bastion", "does not support VNet peering"),
  ex(
    "Bastion without its subnet",
    (c) => (c.access = { bastion: "Basic" }),
    "hub.subnets",
    'needs a subnet named exactly "AzureBastionSubnet"',
  ),
  ex(
    "Bastion subnet too small",
    (c) => ((c.access = { bastion: "Basic" }), c.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/27" })),
    "hub.subnets[2].prefix",
    "the minimum Azure Bastion accepts",
  ),
  ex(
    "VM in the Bastion subnet",
    (c) => (c.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" }), (c.hub.router.subnet = "AzureBastionSubnet")),
    "hub.router.subnet",
    "which holds only the Bastion",
  ),
  ex(
    "auto-shutdown time",
    (c) => (c.autoShutdown = { time: "25:00", timeZone: "UTC" }),
    "autoShutdown.time",
    "is not a 24-hour time written HHmm",
  ),
  ex("verify run number below 1", (c) => (c.verify = { run: 0 }), "verify.run", "is not a run number"),
  ex(
    "auto-shutdown time zone",
    (c) => (c.autoShutdown = { time: "1900", timeZone: " " }),
    "autoShutdown.timeZone",
    "a time zone is required",
  ),
  // names.ts
  ex("duplicate VNet name", (c) => (c.spokes[0].name = "VNET-HUB00"), "spokes[0].name", 'duplicate VNet name "VNET-HUB00"'),
  // per-vnet.ts: subnets
  ex(
    "duplicate subnet",
    (c) => c.hub.subnets.push({ name: "default", prefix: "10.0.1.0/24" }),
    "hub.subnets[2].name",
    "duplicate subnet name",
  ),
  ex(
    "GatewaySubnet misspelt",
    (c) => (c.hub.subnets[1].name = "gateway_subnet"),
    "hub.subnets[1].name",
    'must be named exactly "GatewaySubnet"',
  ),
  ex("subnet prefix not a prefix", (c) => (c.hub.subnets[0].prefix = "10.0.0.0"), "hub.subnets[0].prefix", '"10.0.0.0" is not'),
  ex("subnet under /29", (c) => c.hub.subnets.push({ name: "tiny", prefix: "10.0.2.0/30" }), "hub.subnets[2].prefix", "smaller than /29"),
  ex(
    "subnet outside the VNet",
    (c) => c.hub.subnets.push({ name: "out", prefix: "10.1.0.0/24" }),
    "hub.subnets[2].prefix",
    "is outside vnet-hub00's address space",
  ),
  ex(
    "subnets overlapping",
    (c) => c.hub.subnets.push({ name: "half", prefix: "10.0.0.0/25" }),
    "hub.subnets[2].prefix",
    'overlaps subnet "default"',
  ),
  ex(
    "GatewaySubnet /28",
    (c) => (c.hub.subnets[1].prefix = "10.0.255.0/28"),
    "hub.subnets[1].prefix",
    "the minimum for an ExpressRoute gateway",
  ),
  ex(
    "gateway without GatewaySubnet",
    (c) => c.hub.subnets.splice(1, 1),
    "hub.subnets",
    'has a gateway, so it needs a subnet named exactly "GatewaySubnet"',
  ),
  // per-vnet.ts: gateways
  ex("legacy gateway SKU", (c) => (c.hub.gateway.sku = "Standard"), "hub.gateway.sku", "is not an ExpressRoute gateway SKU Azure offers"),
  ex("gateway publicIp", (c) => (c.hub.gateway.publicIp = true), "hub.gateway.publicIp", "publicIp was removed"),
  ex(
    "circuitId not a resource id",
    (c) => (c.hub.gateway.circuitId = "er-a"),
    "hub.gateway.circuitId",
    "is not an ExpressRoute circuit resource id",
  ),
  ex(
    "scaleUnits on a fixed SKU",
    (c) => (c.hub.gateway.scaleUnits = { min: 2, max: 2 }),
    "hub.gateway.scaleUnits",
    "scaleUnits applies only to ErGwScale",
  ),
  ex("scale units out of range", scale(0, 2), "hub.gateway.scaleUnits.min", "min 0 is outside 1..40 scale units"),
  ex("ErGwScale GatewaySubnet /27", scale(2, 2), "hub.subnets[1].prefix", "the minimum for an ErGwScale gateway"),
  ex("scale max 1, min 2", scale(2, 1), "hub.gateway.scaleUnits.min", "when max is 1, min must be 1 too"),
  ex("scale min over max", scale(5, 3), "hub.gateway.scaleUnits", "min 5 is greater than max 3"),
  ex("scale min 1 max 3", scale(1, 3), "hub.gateway.scaleUnits.min", "is neither a fixed size"),
  ex(
    "ErGwScale in Japan East",
    (c) => ((c.location = "japaneast"), scale(2, 2)(c)),
    "hub.gateway.sku",
    "ErGwScale is not offered in Japan East",
  ),
  // per-vnet.ts: VMs
  ex("duplicate VM name", (c) => (host(c).name = "vm-hub00"), "spokes[0].hosts[0].name", 'duplicate VM name "vm-hub00"'),
  ex(
    "VM address not an address",
    (c) => (host(c).address = "10.10.0.x"),
    "spokes[0].hosts[0].address",
    '"10.10.0.x" is not an IPv4 address',
  ),
  ex(
    "duplicate VM address",
    (c) => c.spokes[0].hosts.push({ name: "vm-spoke11", address: "10.10.0.4" }),
    "spokes[0].hosts[1].address",
    "duplicate address 10.10.0.4",
  ),
  ex("VM in no subnet", (c) => (host(c).subnet = "nope"), "spokes[0].hosts[0].subnet", 'no subnet "nope" in vnet-spoke10'),
  ex("VM in GatewaySubnet", (c) => (host(c).subnet = "GatewaySubnet"), "spokes[0].hosts[0].subnet", "cannot be placed in GatewaySubnet"),
  ex("VM address outside its subnet", (c) => (host(c).address = "10.10.1.4"), "spokes[0].hosts[0].address", 'is outside subnet "default"'),
  ex("VM address reserved by Azure", (c) => (host(c).address = "10.10.0.1"), "spokes[0].hosts[0].address", "is reserved by Azure"),
  // sites.ts
  ex("attach to nothing", (c) => (c.sites[0].attach = "nowhere"), "sites[0].attach", 'is neither "hub" nor a spoke name'),
  ex(
    "peering site on a spoke",
    (c) => ((c.sites[0].kind = "peering"), (c.sites[0].attach = "vnet-spoke10")),
    "sites[0].kind",
    'a "peering" site must attach to the hub',
  ),
  ex("expressroute site without gateway", (c) => delete c.sites[0].gateway, "sites[0].gateway", "set gateway"),
  ex("onprem site with gateway", (c) => (c.sites[0].kind = "onprem"), "sites[0].gateway", 'an "onprem" site is not deployed'),
  ex(
    "attached VNet without gateway",
    (c) => ((c.hub.gateway = null), c.hub.subnets.splice(1, 1)),
    "sites[0].kind",
    "but vnet-hub00 has no gateway",
  ),
  ex(
    "circuits differ",
    (c) => (c.sites[0].gateway.circuitId = CIRCUIT),
    "sites[0].gateway.circuitId",
    "both gateways need the same circuitId",
  ),
  ex(
    "router on a spoke-attached site",
    (c) => (c.sites[0].attach = "vnet-spoke10"),
    "sites[0].router",
    "only hub-attached sites have a tunnel router",
  ),
  ex(
    "tunnel on a spoke-attached site",
    (c) => (c.sites[0].attach = "vnet-spoke10"),
    "sites[0].tunnel",
    "only hub-attached sites have a tunnel",
  ),
  ex("hub-attached site without router", (c) => delete c.sites[0].router, "sites[0].router", "a hub-attached site needs a router"),
  ex(
    "no site on the hub",
    (c) => ((c.sites[0].attach = "vnet-spoke10"), delete c.sites[0].router, delete c.sites[0].tunnel),
    "sites",
    "no site is attached to the hub",
  ),
  ex("VNI 0", (c) => (tunnel(c).vni = 0), "sites[0].tunnel.vni", "VNI 0 is outside 1..16777215"),
  ex("VNI twice", (c) => (secondSite(c).tunnel.vni = 77), "sites[1].tunnel.vni", "VNI 77 is already used by sites[0].tunnel"),
  ex("hubAddress without length", (c) => (tunnel(c).hubAddress = "169.254.0.1"), "sites[0].tunnel.hubAddress", '"169.254.0.1" is not'),
  ex("siteAddress without length", (c) => (tunnel(c).siteAddress = "169.254.0.2"), "sites[0].tunnel.siteAddress", '"169.254.0.2" is not'),
  ex("tunnel ends in two subnets", (c) => (tunnel(c).siteAddress = "169.254.9.2/24"), "sites[0].tunnel", "must share one subnet"),
  ex(
    "tunnel ends the same",
    (c) => (tunnel(c).siteAddress = "169.254.0.1/24"),
    "sites[0].tunnel",
    "hubAddress and siteAddress are the same address",
  ),
  ex(
    "tunnel end is the broadcast",
    (c) => (tunnel(c).siteAddress = "169.254.0.255/24"),
    "sites[0].tunnel.siteAddress",
    "is the network or broadcast address",
  ),
  ex(
    "tunnel on IMDS",
    (c) => Object.assign(tunnel(c), { hubAddress: "169.254.169.1/24", siteAddress: "169.254.169.2/24" }),
    "sites[0].tunnel",
    "contains 169.254.169.254 (Azure instance metadata)",
  ),
  ex(
    "tunnel in the hub's space",
    (c) => Object.assign(tunnel(c), { hubAddress: "10.0.5.1/24", siteAddress: "10.0.5.2/24" }),
    "sites[0].tunnel",
    "10.0.5.0/24 overlaps 10.0.0.0/16 (hub.addressSpace[0])",
  ),
  ex(
    "two tunnels on one subnet",
    (c) => Object.assign(secondSite(c).tunnel, { hubAddress: "169.254.0.5/24", siteAddress: "169.254.0.6/24" }),
    "sites[1].tunnel",
    "overlaps the tunnel subnet of sites[0].tunnel",
  ),
  ex("port 0", (c) => (c.vxlan = { port: 0 }), "vxlan.port", "port 0 is outside 1..65535"),
  ex("port 67", (c) => (c.vxlan = { port: 67 }), "vxlan.port", "UDP 67 is DHCP's server port"),
  ex("port 68", (c) => (c.vxlan = { port: 68 }), "vxlan.port", "UDP 68 is DHCP's client port"),
  ex(
    "WireGuard link without encryption",
    (c) => (tunnel(c).wireguard = wgLink("169.254.254.0/31", "169.254.254.1/31")),
    "sites[0].tunnel.wireguard",
    "only built with features.encryption: wireguard",
  ),
  ex("WireGuard port 0", wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 0)), "sites[0].tunnel.wireguard.port", "is outside 1..65535"),
  ex(
    "WireGuard port reserved",
    wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 65330)),
    "sites[0].tunnel.wireguard.port",
    "cannot carry WireGuard on Azure",
  ),
  ex(
    "WireGuard port = vxlan.port",
    wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 4789)),
    "sites[0].tunnel.wireguard.port",
    "is vxlan.port",
  ),
  ex(
    "two WireGuard links on one port",
    (c) => {
      secondSite(c);
      wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 51999))(c);
      c.sites[1].tunnel.wireguard = wgLink("169.254.253.2/31", "169.254.253.3/31", 51999);
    },
    "sites[1].tunnel.wireguard.port",
    "is already used by sites[0].tunnel.wireguard",
  ),
  ex(
    "two WireGuard links overlapping",
    (c) => {
      secondSite(c);
      wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 51998))(c);
      c.sites[1].tunnel.wireguard = wgLink("169.254.253.0/31", "169.254.253.1/31", 51999);
    },
    "sites[1].tunnel.wireguard",
    "overlaps the WireGuard link of sites[0].tunnel",
  ),
  ex(
    "WireGuard link /29",
    wg(wgLink("169.254.253.1/29", "169.254.253.2/29")),
    "sites[0].tunnel.wireguard",
    "a WireGuard link is a /30 or /31",
  ),
  ex(
    "WireGuard ends in two subnets",
    wg(wgLink("169.254.253.0/31", "169.254.253.2/31")),
    "sites[0].tunnel.wireguard",
    "must share one /30 or /31",
  ),
  ex(
    "WireGuard ends the same",
    wg(wgLink("169.254.253.0/31", "169.254.253.0/31")),
    "sites[0].tunnel.wireguard",
    "hubAddress and siteAddress are the same address",
  ),
  ex(
    "WireGuard /30 network address",
    wg(wgLink("169.254.253.0/30", "169.254.253.1/30")),
    "sites[0].tunnel.wireguard.hubAddress",
    "is the network or broadcast address of",
  ),
  ex("WireGuard on IMDS", wg(wgLink("169.254.169.254/31", "169.254.169.255/31")), "sites[0].tunnel.wireguard", "(Azure instance metadata)"),
  ex(
    "WireGuard in a VNet",
    wg(wgLink("10.0.9.0/31", "10.0.9.1/31")),
    "sites[0].tunnel.wireguard",
    "overlaps 10.0.0.0/16 (hub.addressSpace[0])",
  ),
  ex("port 53", (c) => (c.vxlan = { port: 53 }), "vxlan.port", "held on every VM by systemd-resolved's DNS stub"),
  ex(
    "tunnel on loopback",
    (c) => Object.assign(tunnel(c), { hubAddress: "127.0.0.1/8", siteAddress: "127.0.0.2/8" }),
    "sites[0].tunnel",
    "which is not a unicast address for traffic between two hosts",
  ),
  ex("VM size with a space", (c) => (c.vmSize = "Standard B2s"), "vmSize", "cannot be an Azure VM size name"),
  ex(
    "derived names collide",
    (c) => {
      c.spokes[0].name = "vnet-a";
      c.spokes[0].subnets[0].name = "x-y";
      c.spokes.push({ name: "vnet-a-x", addressSpace: ["10.20.0.0/16"], subnets: [{ name: "y", prefix: "10.20.0.0/24" }], hosts: [] });
    },
    "spokes[1].name",
    "is also derived from spokes[0].name and spokes[0].subnets[0].name",
  ),
  ex("port 65330", (c) => (c.vxlan = { port: 65330 }), "vxlan.port", "UDP 65330 is reserved for the Azure host"),
  // cidr.ts helpers, through the rules that use them
  ex(
    "VM address IPv6",
    (c) => (host(c).address = "fe80::1"),
    "spokes[0].hosts[0].address",
    "is not an IPv4 address (IPv6 is not supported)",
  ),
  ex(
    "VM address not canonical",
    (c) => (host(c).address = "010.10.0.4"),
    "spokes[0].hosts[0].address",
    "is not written canonically: write",
  ),
  ex("address space IPv6", (c) => (c.spokes[0].addressSpace = ["fd00::/8"]), "spokes[0].addressSpace[0]", "(IPv6 is not supported)"),
  ex(
    "address space not canonical",
    (c) => (c.spokes[0].addressSpace = ["10.010.0.0/16"]),
    "spokes[0].addressSpace[0]",
    "is not written canonically: write 10.10.0.0/16",
  ),
  ex("subnet prefix garbage", (c) => (c.hub.subnets[0].prefix = "default"), "hub.subnets[0].prefix", "(e.g. 10.0.0.0/24)"),
];

const stack = (what: string, config: Record<string, unknown>, key: string, fragment: string): Example => ({
  what,
  problems: () => configKeyProblems(config),
  key,
  fragment,
});

const STACK_KEYS: Example[] = [
  stack("empty lab", { "hub-spoke-vxlan:lab": {} }, "hub-spoke-vxlan:lab", "is present but empty"),
  stack("namespace alone", { "hub-spoke-vxlan": { lab: {} } }, "hub-spoke-vxlan", "is the namespace alone"),
  {
    what: "legacy spelling beside the key",
    problems: () =>
      normalizeConfigKeys({
        "hub-spoke-vxlan:lab": { resourceGroupName: "rg-x" },
        "hub-spoke-vxlan:config:lab": { resourceGroupName: "rg-x" },
      }).problems,
    key: "hub-spoke-vxlan:config:lab",
    fragment: "again (Pulumi reads both spellings as one key)",
  },
  stack("misspelt key", { "hub-spoke-vxlan:labb": 1 }, "hub-spoke-vxlan:labb", "unknown key; did you mean hub-spoke-vxlan:lab?"),
];

const UNRECOGNIZED = 'Unrecognized key: "bogus"';
const bogus = (at: (c: Raw) => Raw) => (c: Raw) => void (at(c).bogus = 1);
const sx = (id: string, edit: (c: Raw) => void, key: string, fragment: string) => ex(`schema ${id}`, edit, key, fragment, id);

const SCHEMA: Example[] = [
  sx("vmName:regex", (c) => (c.hub.router.name = "VM_HUB00"), "hub.router.name", "lower-case letters, digits and '-'"),
  sx(
    "vm:strictObject",
    bogus((c) => c.hub.router),
    "hub.router",
    UNRECOGNIZED,
  ),
  sx(
    "gateway:strictObject",
    bogus((c) => c.hub.gateway),
    "hub.gateway",
    UNRECOGNIZED,
  ),
  sx(
    "gateway.scaleUnits:strictObject",
    (c) => (c.hub.gateway.scaleUnits = { min: 1, max: 1, bogus: 1 }),
    "hub.gateway.scaleUnits",
    UNRECOGNIZED,
  ),
  sx("gateway.scaleUnits.min:int", (c) => (c.hub.gateway.scaleUnits = { min: 1.5, max: 2 }), "hub.gateway.scaleUnits.min", "expected int"),
  sx("gateway.scaleUnits.max:int", (c) => (c.hub.gateway.scaleUnits = { min: 2, max: 2.5 }), "hub.gateway.scaleUnits.max", "expected int"),
  sx(
    "subnet:strictObject",
    bogus((c) => c.hub.subnets[0]),
    "hub.subnets[0]",
    UNRECOGNIZED,
  ),
  sx("vnetFields.addressSpace:min", (c) => (c.spokes[0].addressSpace = []), "spokes[0].addressSpace", "Too small"),
  sx("vnetFields.subnets:min", (c) => (c.spokes[0].subnets = []), "spokes[0].subnets", "Too small"),
  sx(
    "tunnel:strictObject",
    bogus((c) => c.sites[0].tunnel),
    "sites[0].tunnel",
    UNRECOGNIZED,
  ),
  sx("tunnel.vni:int", (c) => (tunnel(c).vni = 7.5), "sites[0].tunnel.vni", "expected int"),
  sx(
    "labSchema:strictObject",
    bogus((c) => c),
    "",
    UNRECOGNIZED,
  ),
  sx("labSchema.location:min", (c) => (c.location = ""), "location", "Too small"),
  sx("labSchema.vmSize:min", (c) => (c.vmSize = ""), "vmSize", "Too small"),
  sx("labSchema.adminUsername:regex", (c) => (c.adminUsername = "Admin"), "adminUsername", "Invalid string"),
  sx(
    "labSchema.hub:strictObject",
    bogus((c) => c.hub),
    "hub",
    UNRECOGNIZED,
  ),
  sx("labSchema.spokes:min", (c) => (c.spokes = []), "spokes", "Too small"),
  sx(
    "labSchema.spokes:strictObject",
    bogus((c) => c.spokes[0]),
    "spokes[0]",
    UNRECOGNIZED,
  ),
  sx("labSchema.sites:min", (c) => (c.sites = []), "sites", "Too small"),
  sx(
    "labSchema.sites:strictObject",
    bogus((c) => c.sites[0]),
    "sites[0]",
    UNRECOGNIZED,
  ),
  sx("labSchema.sites.kind:enum", (c) => (c.sites[0].kind = "vpn"), "sites[0].kind", "Invalid option"),
  sx("labSchema.vxlan:strictObject", (c) => (c.vxlan = { port: 4789, bogus: 1 }), "vxlan", UNRECOGNIZED),
  sx("labSchema.vxlan.port:int", (c) => (c.vxlan = { port: 4789.5 }), "vxlan.port", "expected int"),
  sx("labSchema.features:strictObject", (c) => (c.features = { bogus: true }), "features", UNRECOGNIZED),
  sx("labSchema.access:strictObject", (c) => (c.access = { bogus: 1 }), "access", UNRECOGNIZED),
  sx("labSchema.access.bastion:literal", (c) => (c.access = { bastion: true }), "access.bastion", "Invalid input"),
  sx(
    "labSchema.autoShutdown:strictObject",
    (c) => (c.autoShutdown = { time: "1900", timeZone: "UTC", bogus: 1 }),
    "autoShutdown",
    UNRECOGNIZED,
  ),
  sx("labSchema.verify:strictObject", (c) => (c.verify = { bogus: 1 }), "verify", UNRECOGNIZED),
  sx("labSchema.verify.run:int", (c) => (c.verify = { run: 1.5 }), "verify.run", "expected int"),
  sx("labSchema.features.encryption:enum", (c) => (c.features = { encryption: "ipsec" }), "features.encryption", "Invalid option"),
  sx(
    "tunnel.wireguard:strictObject",
    wg({ ...wgLink("169.254.253.0/31", "169.254.253.1/31"), bogus: 1 }),
    "sites[0].tunnel.wireguard",
    UNRECOGNIZED,
  ),
  sx(
    "tunnel.wireguard.port:int",
    wg(wgLink("169.254.253.0/31", "169.254.253.1/31", 51820.5)),
    "sites[0].tunnel.wireguard.port",
    "expected int",
  ),
  sx("labSchema.emulation:strictObject", (c) => (c.emulation = { bogus: 1 }), "emulation", UNRECOGNIZED),
  sx("labSchema.emulation.lossPercent:max", (c) => (c.emulation = { lossPercent: 101 }), "emulation.lossPercent", "Too big"),
  sx("labSchema.emulation.lossPercent:min", (c) => (c.emulation = { lossPercent: -1 }), "emulation.lossPercent", "Too small"),
  sx(
    "labSchema.emulation.lossPercent:max#2",
    (c) => (c.emulation = { lossPercent: { "vnet-hub00": 101 } }),
    "emulation.lossPercent.vnet-hub00",
    "Too big",
  ),
  sx(
    "labSchema.emulation.lossPercent:min#2",
    (c) => (c.emulation = { lossPercent: { "vnet-hub00": -1 } }),
    "emulation.lossPercent.vnet-hub00",
    "Too small",
  ),
];

const EXAMPLES = [...RULES, ...STACK_KEYS, ...SCHEMA];

/** The rules each problem shows: of the rules it matches, those with the most literal text. */
function shown<R>(
  rules: readonly R[],
  problems: readonly Problem[],
  matches: (r: R, p: Problem) => boolean,
  score: (r: R) => number,
): Set<R> {
  const out = new Set<R>();
  for (const p of problems) {
    const hits = rules.filter((r) => matches(r, p));
    const best = Math.max(...hits.map(score));
    for (const r of hits) if (score(r) === best) out.add(r);
  }
  return out;
}

describe("every config rule has a failing example", () => {
  const all = EXAMPLES.flatMap((e) => e.problems());

  it.each(nonEmpty(EXAMPLES.map((e) => [e.what, e] as const)))("%s", (_what, e) => {
    const problems = e.problems();
    const at = problems.filter((p) => p.key === e.key);
    expect(at.map((p) => p.message).join("\n"), JSON.stringify(problems, null, 1)).toContain(e.fragment);
  });

  it("every add(key, message) call site in the rules and the stack-config keys is shown by an example", () => {
    const sites = callSites([...ruleFiles("src/config/rules"), "src/config/stack-config.ts"]);
    expect(sites.length).toBeGreaterThan(60);
    const specific = sites.filter((s) => !s.forwards);
    const covered = shown(
      specific,
      all,
      (s, p) => s.key.test(p.key) && s.message.test(p.message),
      (s: CallSite) => s.score,
    );
    expect(specific.filter((s) => !covered.has(s)).map((s) => `${s.where}: ${s.message.source}`)).toEqual([]);
  });

  it("the call sites that only forward a helper's message are the known ones (their helpers are checked below)", () => {
    const forwards = callSites([...ruleFiles("src/config/rules"), "src/config/stack-config.ts"]).filter((s) => s.forwards);
    const files = forwards.map((s) => s.where.replace(/:\d+$/, "")).sort();
    // prefixProblem/addressProblem (`?? "<fallback>"` where the helper always answers), nameProblem
    // (azure-names own()), and bastion.ts's two local add()s.
    expect(files).toEqual([
      "src/config/rules/access.ts",
      "src/config/rules/address-spaces.ts",
      "src/config/rules/azure-names.ts",
      "src/config/rules/bastion.ts",
      "src/config/rules/bastion.ts",
      "src/config/rules/per-vnet.ts",
      "src/config/rules/per-vnet.ts",
      "src/config/rules/sites.ts",
      "src/config/rules/sites.ts",
      "src/config/rules/wireguard.ts",
      "src/config/rules/wireguard.ts",
    ]);
  });

  it("every message of the helpers (Azure names, prefixes, addresses, reserved ports) is shown by an example", () => {
    const helpers = [
      ...helperMessages("src/platform/names.ts", ["nameProblem"]),
      ...helperMessages("src/net/cidr.ts", ["prefixProblem", "addressProblem"]),
      ...helperMessages("src/platform/network.ts", [], ["RESERVED_PORTS"]),
    ];
    expect(helpers.length).toBeGreaterThan(10);
    const covered = shown(
      helpers,
      all,
      (h, p) => h.message.test(p.message),
      (h: HelperMessage) => h.score,
    );
    expect(helpers.filter((h) => !covered.has(h)).map((h) => `${h.where}: ${h.message.source}`)).toEqual([]);
  });

  it("every constraint of the schema has an example, and every schema example names a constraint that exists", () => {
    const ids = schemaConstraints("src/config/schema.ts");
    expect(ids.length).toBeGreaterThan(20);
    const named = SCHEMA.map((e) => e.schema!);
    expect(ids.filter((id) => !named.includes(id))).toEqual([]);
    expect(named.filter((id) => !ids.includes(id))).toEqual([]);
  });
});
