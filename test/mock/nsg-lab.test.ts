// The NSGs' explicit rules for what the lab needs, and the deny-all that replaces Azure's
// AllowVnetInBound (whose VirtualNetwork tag includes every prefix learned from the circuit).
import { beforeEach, describe, expect, it } from "vitest";
import { ofType, runProgram, sharedRun, T, type RunResult } from "./harness.js";

let run: RunResult;
beforeEach(async () => {
  run = await sharedRun({ stack: "dev" });
});
const LAB = ["10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16"];
const rulesOf = (nsg: string) => {
  const r = ofType(run, T.nsg).find((n) => n.name === nsg);
  if (!r) throw new Error(`no NSG ${nsg}`);
  return r.inputs.securityRules as any[];
};
const SUBNETS = {
  "nsg-vnet-hub00-default": "10.0.0.0/24",
  "nsg-vnet-spoke10-default": "10.10.0.0/24",
  "nsg-vnet-hub100-default": "10.100.0.0/24",
};

describe("NSG: only the lab gets in", () => {
  it("every NSG allows ICMP and TCP 22 from the lab's own address spaces to its subnet, and denies everything else at 4096", () => {
    expect(run.error).toBeUndefined();
    expect(
      ofType(run, T.nsg)
        .map((n) => n.name)
        .sort(),
    ).toEqual(Object.keys(SUBNETS).sort());
    for (const [nsg, prefix] of Object.entries(SUBNETS)) {
      const rules = rulesOf(nsg);
      expect(
        rules.find((r) => r.name === "allow-lab-icmp"),
        nsg,
      ).toEqual({
        name: "allow-lab-icmp",
        priority: 3100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Icmp",
        description: "ping and traceroute replies between lab VMs (the lab's own address spaces only)",
        sourcePortRange: "*",
        sourceAddressPrefixes: LAB,
        destinationAddressPrefix: prefix,
        destinationPortRange: "*",
      });
      expect(
        rules.find((r) => r.name === "allow-lab-ssh"),
        nsg,
      ).toEqual({
        name: "allow-lab-ssh",
        priority: 3110,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        description: "TCP 22 probes (nc, traceroute -T -p 22) and Bastion between lab VMs (the lab's own address spaces only)",
        sourcePortRange: "*",
        sourceAddressPrefixes: LAB,
        destinationAddressPrefix: prefix,
        destinationPortRange: "22",
      });
      const last = rules[rules.length - 1];
      expect(last, nsg).toEqual({
        name: "deny-all-inbound",
        priority: 4096,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        description: "Nothing else: Azure's AllowVnetInBound would admit every prefix learned from the circuit",
        sourcePortRange: "*",
        sourceAddressPrefix: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
      });
      // The deny is the lowest-priority user rule; every allow comes before it; priorities are unique.
      const prios = rules.map((r) => r.priority);
      expect(Math.max(...prios), nsg).toBe(4096);
      expect(new Set(prios).size, nsg).toBe(prios.length);
    }
  });

  it("the routers' NSGs allow what they forward into the tunnel (the packet's destination is beyond their subnet)", () => {
    const fwd = (nsg: string) => rulesOf(nsg).find((r) => r.name === "allow-tunnel-forward");
    expect(fwd("nsg-vnet-hub00-default")).toEqual({
      name: "allow-tunnel-forward",
      priority: 3200,
      direction: "Inbound",
      access: "Allow",
      protocol: "*",
      description: "Traffic the router forwards into the VXLAN tunnel (its UDR next hop)",
      sourcePortRange: "*",
      sourceAddressPrefix: "10.10.0.0/16",
      destinationAddressPrefix: "10.100.0.0/16",
      destinationPortRange: "*",
    });
    expect(fwd("nsg-vnet-hub100-default")).toMatchObject({
      priority: 3200,
      protocol: "*",
      sourceAddressPrefix: "10.100.0.0/16",
      destinationAddressPrefix: "10.10.0.0/16",
    });
    // The spoke has no router: nothing is forwarded there.
    expect(fwd("nsg-vnet-spoke10-default")).toBeUndefined();
  });

  it("the existing rules keep their names and priorities", () => {
    const names = (nsg: string) => rulesOf(nsg).map((r) => `${r.priority} ${r.name}`);
    expect(names("nsg-vnet-hub00-default")).toEqual([
      "100 allow-vxlan-vm-hub100",
      "1000 deny-vxlan-others",
      "3100 allow-lab-icmp",
      "3110 allow-lab-ssh",
      "3200 allow-tunnel-forward",
      "3210 allow-tunnel-return",
      "4096 deny-all-inbound",
    ]);
    expect(names("nsg-vnet-spoke10-default")).toEqual([
      "1000 deny-vxlan-others",
      "3000 allow-tunnel-transit",
      "3100 allow-lab-icmp",
      "3110 allow-lab-ssh",
      "4096 deny-all-inbound",
    ]);
    expect(names("nsg-vnet-hub100-default")).toEqual([
      "100 allow-vxlan-vm-hub00",
      "1000 deny-vxlan-others",
      "3000 allow-tunnel-transit",
      "3100 allow-lab-icmp",
      "3110 allow-lab-ssh",
      "3200 allow-tunnel-forward",
      "4096 deny-all-inbound",
    ]);
  });

  it("SSH from outside the lab only from access.sshSourcePrefixes, below the deny", async () => {
    const r = await runProgram({ stack: "dev", lab: (l: any) => ((l.access = { sshSourcePrefixes: ["203.0.113.0/24"] }), l) });
    for (const nsg of ofType(r, T.nsg)) {
      const rules = nsg.inputs.securityRules as any[];
      const ssh = rules.find((x) => x.name === "allow-ssh-0");
      expect(ssh, nsg.name).toMatchObject({
        priority: 2000,
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "203.0.113.0/24",
        destinationPortRange: "22",
      });
      expect(ssh.priority).toBeLessThan(rules.find((x) => x.name === "deny-all-inbound").priority);
    }
  });

  it("an on-premises site's address space is part of the lab", async () => {
    const r = await runProgram({
      stack: "dev",
      lab: (l: any) => {
        l.sites[0].kind = "onprem";
        delete l.sites[0].gateway;
        return l;
      },
    });
    expect(r.error).toBeUndefined();
    const spoke = ofType(r, T.nsg).find((n) => n.name === "nsg-vnet-spoke10-default")!.inputs.securityRules as any[];
    expect(spoke.find((x) => x.name === "allow-lab-ssh").sourceAddressPrefixes).toEqual(LAB);
  });
});
