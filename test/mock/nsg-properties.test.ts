// Every property of every NSG rule the program declares, for the dev stack and the 3x4 fixture:
// the expected rules are written out by hand from the NSG table of docs/security.md and the
// stack files' addresses, never derived from the model. Azure takes one value in the singular field
// (sourceAddressPrefix, destinationPortRange) and a list in the plural one, not both.
import { beforeEach, describe, expect, it } from "vitest";
import { ofType, runProgram, sharedRun, T, type RunResult } from "./harness.js";
import { nonEmpty } from "../support/non-empty.js";

const rulesOf = (run: RunResult, nsg: string) => {
  const r = ofType(run, T.nsg).find((n) => n.name === nsg);
  if (!r) throw new Error(`no NSG ${nsg}`);
  return r.inputs.securityRules as unknown[];
};

/** A prefix field: the singular key for one value, the plural key for several. */
const addr = (side: "source" | "destination", v: string | string[]) =>
  Array.isArray(v) ? { [`${side}AddressPrefixes`]: v } : { [`${side}AddressPrefix`]: v };

// docs/security.md table rows, as declared (every rule inbound, any source port).
const base = { direction: "Inbound", sourcePortRange: "*" };
const vxlan = (peer: string, vni: number, from: string, to: string, port = "4789") => ({
  ...base,
  name: `allow-vxlan-${peer}`,
  access: "Allow",
  protocol: "Udp",
  description: `VXLAN VNI ${vni} from its tunnel peer only`,
  ...addr("source", from),
  ...addr("destination", to),
  destinationPortRange: port,
});
const denyVxlan = (port = "4789") => ({
  ...base,
  name: "deny-vxlan-others",
  priority: 1000,
  access: "Deny",
  protocol: "Udp",
  description: "VXLAN from anyone but a tunnel peer could inject or hijack tunnel traffic",
  sourceAddressPrefix: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: port,
});
const ssh = (i: number, from: string, subnet: string) => ({
  ...base,
  name: `allow-ssh-${i}`,
  priority: 2000 + i,
  access: "Allow",
  protocol: "Tcp",
  description: "SSH from a configured source (access.sshSourcePrefixes)",
  sourceAddressPrefix: from,
  destinationAddressPrefix: subnet,
  destinationPortRange: "22",
});
const transit = (from: string | string[], subnet: string) => ({
  ...base,
  name: "allow-tunnel-transit",
  priority: 3000,
  access: "Allow",
  protocol: "*",
  description: "Traffic routed through the VXLAN tunnel from the far side",
  ...addr("source", from),
  destinationAddressPrefix: subnet,
  destinationPortRange: "*",
});
const labIcmp = (lab: string[], subnet: string) => ({
  ...base,
  name: "allow-lab-icmp",
  priority: 3100,
  access: "Allow",
  protocol: "Icmp",
  description: "ping and traceroute replies between lab VMs (the lab's own address spaces only)",
  sourceAddressPrefixes: lab,
  destinationAddressPrefix: subnet,
  destinationPortRange: "*",
});
const labSsh = (lab: string[], subnet: string) => ({
  ...base,
  name: "allow-lab-ssh",
  priority: 3110,
  access: "Allow",
  protocol: "Tcp",
  description: "TCP 22 probes (nc, traceroute -T -p 22) and Bastion between lab VMs (the lab's own address spaces only)",
  sourceAddressPrefixes: lab,
  destinationAddressPrefix: subnet,
  destinationPortRange: "22",
});
const forward = (from: string | string[], to: string | string[]) => ({
  ...base,
  name: "allow-tunnel-forward",
  priority: 3200,
  access: "Allow",
  protocol: "*",
  description: "Traffic the router forwards into the VXLAN tunnel (its UDR next hop)",
  ...addr("source", from),
  ...addr("destination", to),
  destinationPortRange: "*",
});
const tunnelReturn = (sites: string | string[], router: string) => ({
  ...base,
  name: "allow-tunnel-return",
  priority: 3210,
  access: "Allow",
  protocol: "Tcp",
  description: "Replies to the hub router's own TCP through the tunnel: they return natively, and NSG flow state is per NIC",
  ...addr("source", sites),
  destinationAddressPrefix: router,
  destinationPortRange: "*",
});
const denyAll = {
  ...base,
  name: "deny-all-inbound",
  priority: 4096,
  access: "Deny",
  protocol: "*",
  description: "Nothing else: Azure's AllowVnetInBound would admit every prefix learned from the circuit",
  sourceAddressPrefix: "*",
  destinationAddressPrefix: "*",
  destinationPortRange: "*",
};

describe("NSG rules of the dev stack, every property", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "dev" });
  });
  // Pulumi.dev.yaml: hub 10.0.0.0/16 (router vm-hub00 10.0.0.4), spoke 10.10.0.0/16, site vnet-hub100
  // 10.100.0.0/16 (router vm-hub100 10.100.0.4), tunnel VNI 77, every subnet "default" a /24.
  const LAB = ["10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16"];

  it("declares exactly the three NSGs (GatewaySubnets have none)", () => {
    expect(run.error).toBeUndefined();
    expect(
      ofType(run, T.nsg)
        .map((n) => n.name)
        .sort(),
    ).toEqual(["nsg-vnet-hub00-default", "nsg-vnet-hub100-default", "nsg-vnet-spoke10-default"]);
  });

  it("hub: VXLAN from the site router only, lab ICMP/SSH, what it forwards from the spoke to the site, deny", () => {
    expect(rulesOf(run, "nsg-vnet-hub00-default")).toEqual([
      { ...vxlan("vm-hub100", 77, "10.100.0.4/32", "10.0.0.4/32"), priority: 100 },
      denyVxlan(),
      labIcmp(LAB, "10.0.0.0/24"),
      labSsh(LAB, "10.0.0.0/24"),
      forward("10.10.0.0/16", "10.100.0.0/16"),
      tunnelReturn("10.100.0.0/16", "10.0.0.4/32"),
      denyAll,
    ]);
  });

  it("spoke: no VXLAN, the tunnelled site as transit, lab ICMP/SSH, deny", () => {
    expect(rulesOf(run, "nsg-vnet-spoke10-default")).toEqual([
      denyVxlan(),
      transit("10.100.0.0/16", "10.10.0.0/24"),
      labIcmp(LAB, "10.10.0.0/24"),
      labSsh(LAB, "10.10.0.0/24"),
      denyAll,
    ]);
  });

  it("site: VXLAN from the hub router only, the spoke as transit, lab ICMP/SSH, what it forwards to the spoke, deny", () => {
    expect(rulesOf(run, "nsg-vnet-hub100-default")).toEqual([
      { ...vxlan("vm-hub00", 77, "10.0.0.4/32", "10.100.0.4/32"), priority: 100 },
      denyVxlan(),
      transit("10.10.0.0/16", "10.100.0.0/24"),
      labIcmp(LAB, "10.100.0.0/24"),
      labSsh(LAB, "10.100.0.0/24"),
      forward("10.100.0.0/16", "10.10.0.0/16"),
      denyAll,
    ]);
  });

  it("two SSH sources: one singular rule each at 2000 and 2001; another VXLAN port in every VXLAN rule; vxlanGuard off drops rule 1000", async () => {
    const r = await runProgram({
      stack: "dev",
      lab: (l: any) => (
        (l.access = { sshSourcePrefixes: ["203.0.113.0/24", "198.51.100.7"] }),
        (l.vxlan = { port: 8472 }),
        (l.features = { vxlanGuard: false }),
        l
      ),
    });
    expect(r.error).toBeUndefined();
    expect(rulesOf(r, "nsg-vnet-spoke10-default")).toEqual([
      ssh(0, "203.0.113.0/24", "10.10.0.0/24"),
      ssh(1, "198.51.100.7", "10.10.0.0/24"),
      transit("10.100.0.0/16", "10.10.0.0/24"),
      labIcmp(LAB, "10.10.0.0/24"),
      labSsh(LAB, "10.10.0.0/24"),
      denyAll,
    ]);
    expect(rulesOf(r, "nsg-vnet-hub00-default")).toEqual([
      { ...vxlan("vm-hub100", 77, "10.100.0.4/32", "10.0.0.4/32", "8472"), priority: 100 },
      ssh(0, "203.0.113.0/24", "10.0.0.0/24"),
      ssh(1, "198.51.100.7", "10.0.0.0/24"),
      labIcmp(LAB, "10.0.0.0/24"),
      labSsh(LAB, "10.0.0.0/24"),
      forward("10.10.0.0/16", "10.100.0.0/16"),
      tunnelReturn("10.100.0.0/16", "10.0.0.4/32"),
      denyAll,
    ]);
  });
});

describe("NSG rules of the 3x4 fixture, every property", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "test/fixtures/Pulumi.3x4.yaml" });
  });
  // test/fixtures/Pulumi.3x4.yaml: hub 10.0.0.0/16 (vm-hub00 10.0.0.4); spokes 10.10/10.11/10.12.0.0/16;
  // sites 10.100 and 10.101 (expressroute), 10.102 (peering), 10.103 (onprem: not deployed, no NSG),
  // routers at .0.4; tunnels in site order with the default VNIs 77..80.
  const SPOKES = ["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"];
  const SITES = ["10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16", "10.103.0.0/16"];
  const LAB = ["10.0.0.0/16", ...SPOKES, ...SITES];

  it("declares one NSG per deployed VNet's default subnet (hub, 3 spokes, 3 Azure sites)", () => {
    expect(run.error).toBeUndefined();
    expect(
      ofType(run, T.nsg)
        .map((n) => n.name)
        .sort(),
    ).toEqual(
      [
        "nsg-vnet-hub00-default",
        "nsg-vnet-spoke10-default",
        "nsg-vnet-spoke11-default",
        "nsg-vnet-spoke12-default",
        "nsg-vnet-site100-default",
        "nsg-vnet-site101-default",
        "nsg-vnet-site102-default",
      ].sort(),
    );
  });

  it("hub: one VXLAN rule per site router (100..103, the on-premises one included), forwarding from every spoke to every site (plural fields)", () => {
    expect(rulesOf(run, "nsg-vnet-hub00-default")).toEqual([
      { ...vxlan("vm-router100", 77, "10.100.0.4/32", "10.0.0.4/32"), priority: 100 },
      { ...vxlan("vm-router101", 78, "10.101.0.4/32", "10.0.0.4/32"), priority: 101 },
      { ...vxlan("vm-router102", 79, "10.102.0.4/32", "10.0.0.4/32"), priority: 102 },
      { ...vxlan("vm-router103", 80, "10.103.0.4/32", "10.0.0.4/32"), priority: 103 },
      denyVxlan(),
      labIcmp(LAB, "10.0.0.0/24"),
      labSsh(LAB, "10.0.0.0/24"),
      forward(SPOKES, SITES),
      tunnelReturn(SITES, "10.0.0.4/32"),
      denyAll,
    ]);
  });

  it.each(
    nonEmpty([
      ["spoke10", "10.10.0.0/24"],
      ["spoke11", "10.11.0.0/24"],
      ["spoke12", "10.12.0.0/24"],
    ]),
  )("%s: every tunnelled site as transit (plural), lab ICMP/SSH, deny", (name, subnet) => {
    expect(rulesOf(run, `nsg-vnet-${name}-default`)).toEqual([
      denyVxlan(),
      transit(SITES, subnet),
      labIcmp(LAB, subnet),
      labSsh(LAB, subnet),
      denyAll,
    ]);
  });

  it.each(
    nonEmpty([
      ["site100", 77, "10.100"],
      ["site101", 78, "10.101"],
      ["site102", 79, "10.102"],
    ]),
  )("%s: VXLAN from the hub router only, every spoke as transit, its own space forwarded to the spokes", (name, vni, net) => {
    const subnet = `${net}.0.0/24`;
    expect(rulesOf(run, `nsg-vnet-${name}-default`)).toEqual([
      { ...vxlan("vm-hub00", vni, "10.0.0.4/32", `${net}.0.4/32`), priority: 100 },
      denyVxlan(),
      transit(SPOKES, subnet),
      labIcmp(LAB, subnet),
      labSsh(LAB, subnet),
      forward(`${net}.0.0/16`, SPOKES),
      denyAll,
    ]);
  });
});
