// hub.pair under mocks: the internal Standard Load Balancer in front of the two hub routers, its
// place in the dependency graph, the routers' NICs in its pool, the spokes' UDRs to its frontend and
// the NSG rule for its health probe. Expected values are written by hand from
// test/fixtures/Pulumi.pair.yaml (vm-hub00 10.0.0.4, vm-hub01 10.0.0.5, frontend 10.0.0.10 in
// vnet-hub00/default) and Learn's rules quoted in docs/high-availability.md, never read from the model.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FIXTURES, STACKS } from "../support/stacks.js";
import { encrypt, rawLab } from "../support/config-edit.js";
import { nonEmpty } from "../support/non-empty.js";
import { ancestors, graphOf } from "./graph.js";
import { ofType, sharedRun, T, type Registered, type RunResult } from "./harness.js";

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
const LB = "azure-native:network:LoadBalancer";
const POOL = "/mock/LoadBalancer/lbi-vnet-hub00-routers/backendAddressPools/pool-routers";

const byName = (run: RunResult, type: string, name: string): Registered => {
  const r = ofType(run, type).find((x) => x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
};

describe("pair: the load balancer", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: PAIR });
  });

  it("is one internal Standard/Regional LB: static frontend 10.0.0.10 in the routers' subnet, one pool, an HTTP probe, one HA-ports rule", () => {
    expect(run.error).toBeUndefined();
    const lbs = ofType(run, LB);
    expect(lbs.map((l) => l.name)).toEqual(["lbi-vnet-hub00-routers"]);
    // toEqual: no other key, so no numberOfProbes (not respected, Learn "What's new"), no zones, no floating IP on.
    expect(lbs[0]!.inputs).toEqual({
      loadBalancerName: "lbi-vnet-hub00-routers",
      resourceGroupName: "rg-hub-spoke-vxlan-pair",
      location: "japaneast",
      sku: { name: "Standard", tier: "Regional" },
      frontendIPConfigurations: [
        {
          name: "frontend-routers",
          subnet: { id: "/mock/VirtualNetwork/vnet-hub00/subnets/default" },
          privateIPAddress: "10.0.0.10",
          privateIPAllocationMethod: "Static",
        },
      ],
      backendAddressPools: [{ name: "pool-routers" }],
      probes: [
        {
          name: "probe-router-health",
          protocol: "Http",
          port: 8779,
          requestPath: "/healthz",
          intervalInSeconds: 5,
          probeThreshold: 2,
          noHealthyBackendsBehavior: "AllProbedUp",
        },
      ],
      loadBalancingRules: [
        {
          name: "ha-ports",
          protocol: "All",
          frontendPort: 0,
          backendPort: 0,
          frontendIPConfiguration: { id: "$self/frontendIPConfigurations/frontend-routers" },
          backendAddressPool: { id: "$self/backendAddressPools/pool-routers" },
          probe: { id: "$self/probes/probe-router-health" },
          enableFloatingIP: false,
          loadDistribution: "Default",
        },
      ],
    });
    expect(JSON.stringify(lbs[0]!.inputs)).not.toContain("numberOfProbes");
  });

  it("both hub routers' NICs join the pool by its absolute id; no other NIC does", () => {
    const nics = ofType(run, T.nic);
    expect(nics.map((n) => n.name).sort()).toEqual(["nic-vm-hub00", "nic-vm-hub01", "nic-vm-hub100", "nic-vm-hub101", "nic-vm-spoke10"]);
    for (const nic of nics) {
      const ip = nic.inputs.ipConfigurations as Record<string, unknown>[];
      expect(ip, nic.name).toHaveLength(1);
      if (nic.name === "nic-vm-hub00" || nic.name === "nic-vm-hub01") {
        expect(ip[0]!.loadBalancerBackendAddressPools, nic.name).toEqual([{ id: POOL }]);
        expect(nic.inputs.enableIPForwarding, nic.name).toBe(true);
      } else expect(ip[0], nic.name).not.toHaveProperty("loadBalancerBackendAddressPools");
    }
    expect(byName(run, T.nic, "nic-vm-hub01").inputs.ipConfigurations[0]).toMatchObject({
      privateIPAddress: "10.0.0.5",
      subnet: { id: "/mock/VirtualNetwork/vnet-hub00/subnets/default" },
    });
  });

  it("is created after the hub VNet and before the routers' NICs; no route table, VNet or gateway waits for it", () => {
    const g = graphOf(run.resources);
    const lb = byName(run, LB, "lbi-vnet-hub00-routers");
    const up = (r: Registered) => ancestors(g, r.urn);
    expect(up(lb).has(byName(run, T.vnet, "vnet-hub00").urn)).toBe(true);
    for (const n of ["nic-vm-hub00", "nic-vm-hub01"]) {
      const nic = byName(run, T.nic, n);
      expect(nic.propertyDeps.ipConfigurations, n).toContain(lb.urn);
      expect(up(nic).has(lb.urn), n).toBe(true);
    }
    // A host's NIC does not join it: the site's are independent of it, the spoke's only waits through its VNet's route table.
    for (const n of ["nic-vm-hub100", "nic-vm-hub101"]) expect(up(byName(run, T.nic, n)).has(lb.urn), n).toBe(false);
    expect(byName(run, T.nic, "nic-vm-spoke10").deps).not.toContain(lb.urn);
    const spokeRt = byName(run, T.rt, "rt-vnet-spoke10-default");
    // A UDR's next hop is an address: the spoke's table (and so its VNet and gateway) never waits for the load balancer.
    expect(up(spokeRt).has(lb.urn)).toBe(false);
    for (const gw of ofType(run, T.gw)) expect(up(gw).has(lb.urn), gw.name).toBe(false);
    expect(up(byName(run, T.rt, "rt-vnet-hub100-default")).has(lb.urn)).toBe(false);
    // No cycle through it: the load balancer waits for nothing of the spoke's.
    expect(up(lb).has(spokeRt.urn)).toBe(false);
    expect(up(lb).has(byName(run, T.vnet, "vnet-spoke10").urn)).toBe(false);
    // Nor for any gateway.
    for (const gw of ofType(run, T.gw)) expect(up(lb).has(gw.urn), gw.name).toBe(false);
  });

  it("every spoke route's next hop is the frontend; the site's routes still go to the site router", () => {
    const routes = (name: string) =>
      (byName(run, T.rt, name).inputs.routes as Record<string, unknown>[]).map((r) => [r.addressPrefix, r.nextHopType, r.nextHopIpAddress]);
    expect(routes("rt-vnet-spoke10-default")).toEqual([["10.100.0.0/16", "VirtualAppliance", "10.0.0.10"]]);
    expect(routes("rt-vnet-hub100-default")).toEqual([["10.10.0.0/16", "VirtualAppliance", "10.100.0.4"]]);
    // No route anywhere names a hub router itself any more.
    for (const rt of ofType(run, T.rt))
      for (const r of rt.inputs.routes as Record<string, unknown>[])
        expect(["10.0.0.4", "10.0.0.5"], rt.name).not.toContain(r.nextHopIpAddress);
  });

  it("the hub NSG admits the health probe from the AzureLoadBalancer tag (singular field) to the two routers' port 8779, under deny-all", () => {
    const rules = byName(run, T.nsg, "nsg-vnet-hub00-default").inputs.securityRules as Record<string, unknown>[];
    const probe = rules.filter((r) => r.name === "allow-lb-health-probe");
    expect(probe).toEqual([
      {
        name: "allow-lb-health-probe",
        priority: 3050,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        description: "The load balancer's health probe (HTTP /healthz) to the hub routers",
        sourcePortRange: "*",
        sourceAddressPrefix: "AzureLoadBalancer",
        destinationAddressPrefixes: ["10.0.0.4/32", "10.0.0.5/32"],
        destinationPortRange: "8779",
      },
    ]);
    const deny = rules.find((r) => r.name === "deny-all-inbound")!;
    expect(probe[0]!.priority as number).toBeLessThan(deny.priority as number);
    // Only the hub's NSG has it.
    for (const nsg of ofType(run, T.nsg).filter((n) => n.name !== "nsg-vnet-hub00-default"))
      expect(JSON.stringify(nsg.inputs.securityRules), nsg.name).not.toContain("AzureLoadBalancer");
  });

  it("the hub NSG has one VXLAN rule per tunnel, each named uniquely; the site's names each hub router", () => {
    const names = (nsg: string) =>
      (byName(run, T.nsg, nsg).inputs.securityRules as Record<string, unknown>[])
        .filter((r) => String(r.name).startsWith("allow-vxlan-"))
        .map((r) => [r.name, r.priority, r.sourceAddressPrefix, r.destinationAddressPrefix]);
    expect(names("nsg-vnet-hub00-default")).toEqual([
      ["allow-vxlan-vm-hub100", 100, "10.100.0.4/32", "10.0.0.4/32"],
      ["allow-vxlan-vm-hub100_vm-hub01", 101, "10.100.0.4/32", "10.0.0.5/32"],
    ]);
    expect(names("nsg-vnet-hub100-default")).toEqual([
      ["allow-vxlan-vm-hub00", 100, "10.0.0.4/32", "10.100.0.4/32"],
      ["allow-vxlan-vm-hub01_vm-hub100", 101, "10.0.0.5/32", "10.100.0.4/32"],
    ]);
  });
});

// Azure keeps one rule per name in an NSG (a rule is a child resource named in its URL, .../securityRules/{name}).
const EVERY: { label: string; stack: string; lab?: unknown }[] = [
  ...STACKS.map((s) => ({ label: s, stack: s })),
  { label: "pair", stack: PAIR },
  { label: "pair, encrypted", stack: PAIR, lab: rawLab(PAIR, encrypt) },
];

describe.each(nonEmpty(EVERY))("every NSG of $label", ({ stack, lab }) => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack, ...(lab ? { lab } : {}) });
  });
  it("has distinct rule names and distinct priorities", () => {
    expect(run.error).toBeUndefined();
    const nsgs = ofType(run, T.nsg);
    expect(nsgs.length).toBeGreaterThan(0);
    for (const nsg of nsgs) {
      const rules = nsg.inputs.securityRules as { name: string; priority: number }[];
      const names = rules.map((r) => r.name.toLowerCase());
      expect(new Set(names).size, `${nsg.name}: ${names.join(" ")}`).toBe(names.length);
      expect(new Set(rules.map((r) => r.priority)).size, nsg.name).toBe(rules.length);
    }
  });
});

describe("pair, encrypted: the WireGuard rules are named uniquely too", () => {
  it("hub: one per hub router's tunnel, the pair's naming its local end", async () => {
    const run = await sharedRun({ stack: PAIR, lab: rawLab(PAIR, encrypt) });
    const rules = byName(run, T.nsg, "nsg-vnet-hub00-default").inputs.securityRules as Record<string, unknown>[];
    expect(rules.filter((r) => String(r.name).startsWith("allow-wireguard-")).map((r) => r.name)).toEqual([
      "allow-wireguard-vm-hub100",
      "allow-wireguard-vm-hub100_vm-hub01",
    ]);
  });
});

describe("a lab without a pair (dev)", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "dev" });
  });
  it("has no load balancer, no NIC in a pool, no probe rule, and the NSG rules it always had", () => {
    expect(run.error).toBeUndefined();
    expect(ofType(run, LB)).toEqual([]);
    for (const nic of ofType(run, T.nic))
      expect(nic.inputs.ipConfigurations[0], nic.name).not.toHaveProperty("loadBalancerBackendAddressPools");
    const names = (nsg: string) => (byName(run, T.nsg, nsg).inputs.securityRules as { name: string }[]).map((r) => r.name);
    // docs/security.md's table for the dev stack.
    expect(names("nsg-vnet-hub00-default")).toEqual([
      "allow-vxlan-vm-hub100",
      "deny-vxlan-others",
      "allow-lab-icmp",
      "allow-lab-ssh",
      "allow-tunnel-forward",
      "allow-tunnel-return",
      "deny-all-inbound",
    ]);
    expect(names("nsg-vnet-hub100-default")).toEqual([
      "allow-vxlan-vm-hub00",
      "deny-vxlan-others",
      "allow-tunnel-transit",
      "allow-lab-icmp",
      "allow-lab-ssh",
      "allow-tunnel-forward",
      "deny-all-inbound",
    ]);
    expect(JSON.stringify(ofType(run, T.nsg).map((n) => n.inputs))).not.toContain("AzureLoadBalancer");
    // The spoke's UDR still names the hub router.
    expect((byName(run, T.rt, "rt-vnet-spoke10-default").inputs.routes as Record<string, unknown>[])[0]!.nextHopIpAddress).toBe("10.0.0.4");
  });
});

// Pool members of an internal Standard Load Balancer "have no outbound internet connectivity by
// default" (Learn, SAP HA guide on Standard Load Balancer outbound connections): without a way out,
// cloud-init on the hub routers could not install FRR. The routers' subnet gets a NAT gateway.
describe("pair: the routers' way out", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: PAIR });
  });
  const NAT = "azure-native:network:NatGateway";
  const PIP = "azure-native:network:PublicIPAddress";
  it("a Standard NAT gateway with one Standard static public IP, on the routers' subnet only", () => {
    expect(ofType(run, NAT).map((n) => n.inputs)).toEqual([
      {
        natGatewayName: "ng-vnet-hub00-routers",
        resourceGroupName: "rg-hub-spoke-vxlan-pair",
        location: "japaneast",
        sku: { name: "Standard" },
        publicIpAddresses: [{ id: "/mock/PublicIPAddress/pip-ng-vnet-hub00-routers" }],
      },
    ]);
    expect(ofType(run, PIP).map((p) => [p.name, p.inputs.sku, p.inputs.publicIPAllocationMethod])).toEqual([
      ["pip-ng-vnet-hub00-routers", { name: "Standard", tier: "Regional" }, "Static"],
    ]);
    const subnets = (vnet: string) =>
      (byName(run, T.vnet, vnet).inputs.subnets as { name: string; natGateway?: { id: string } }[]).map((s) => [s.name, s.natGateway?.id]);
    expect(subnets("vnet-hub00")).toEqual([
      ["default", "/mock/NatGateway/ng-vnet-hub00-routers"],
      ["GatewaySubnet", undefined],
    ]);
    for (const v of ["vnet-spoke10", "vnet-hub100"])
      expect(
        subnets(v).every(([, id]) => id === undefined),
        v,
      ).toBe(true);
  });
  it("a lab without a pair has none", async () => {
    const dev = await sharedRun({ stack: "dev" });
    expect(ofType(dev, NAT)).toEqual([]);
  });
});
