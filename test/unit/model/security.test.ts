// The model's NSGs (src/model/security.ts, security-lab.ts), every NSG and every property of every rule,
// for the dev stack, the 3x4 and site2 fixtures and variants reaching the other branches. The expected rules
// are written out by hand: the dev and 3x4 lists are transcribed from test/mock/nsg-properties.test.ts
// (itself written from docs/security.md's NSG table and the stack files' addresses), in the model's shape (one list
// per prefix field; the model has no direction or source port: every rule is inbound from any port).
// Azure: NSG rules are evaluated by priority, lowest number first, 100..4096 for user rules
// (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules);
// Azure forbids an NSG on GatewaySubnet (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { editedLab } from "../../support/config-edit.js";

const variant = editedLab;

const vxlan = (peer: string, priority: number, vni: number, from: string, to: string, port = "4789") => ({
  name: `allow-vxlan-${peer}`,
  priority,
  access: "Allow",
  protocol: "Udp",
  sourcePrefixes: [from],
  destinationPrefixes: [to],
  destinationPorts: [port],
  description: `VXLAN VNI ${vni} from its tunnel peer only`,
});
const denyVxlan = (port = "4789") => ({
  name: "deny-vxlan-others",
  priority: 1000,
  access: "Deny",
  protocol: "Udp",
  sourcePrefixes: ["*"],
  destinationPrefixes: ["*"],
  destinationPorts: [port],
  description: "VXLAN from anyone but a tunnel peer could inject or hijack tunnel traffic",
});
const ssh = (i: number, from: string, subnet: string) => ({
  name: `allow-ssh-${i}`,
  priority: 2000 + i,
  access: "Allow",
  protocol: "Tcp",
  sourcePrefixes: [from],
  destinationPrefixes: [subnet],
  destinationPorts: ["22"],
  description: "SSH from a configured source (access.sshSourcePrefixes)",
});
const transit = (from: string[], subnet: string) => ({
  name: "allow-tunnel-transit",
  priority: 3000,
  access: "Allow",
  protocol: "*",
  sourcePrefixes: from,
  destinationPrefixes: [subnet],
  destinationPorts: ["*"],
  description: "Traffic routed through the VXLAN tunnel from the far side",
});
const labIcmp = (lab: string[], subnet: string) => ({
  name: "allow-lab-icmp",
  priority: 3100,
  access: "Allow",
  protocol: "Icmp",
  sourcePrefixes: lab,
  destinationPrefixes: [subnet],
  destinationPorts: ["*"],
  description: "ping and traceroute replies between lab VMs (the lab's own address spaces only)",
});
const labSsh = (lab: string[], subnet: string) => ({
  name: "allow-lab-ssh",
  priority: 3110,
  access: "Allow",
  protocol: "Tcp",
  sourcePrefixes: lab,
  destinationPrefixes: [subnet],
  destinationPorts: ["22"],
  description: "TCP 22 probes (nc, traceroute -T -p 22) and Bastion between lab VMs (the lab's own address spaces only)",
});
const forward = (from: string[], to: string[]) => ({
  name: "allow-tunnel-forward",
  priority: 3200,
  access: "Allow",
  protocol: "*",
  sourcePrefixes: from,
  destinationPrefixes: to,
  destinationPorts: ["*"],
  description: "Traffic the router forwards into the VXLAN tunnel (its UDR next hop)",
});
// docs/security.md 3210: TCP from the sites the hub router tunnels to, to its own /32 (routerSource on).
const tunnelReturn = (sites: string[], router: string) => ({
  name: "allow-tunnel-return",
  priority: 3210,
  access: "Allow",
  protocol: "Tcp",
  sourcePrefixes: sites,
  destinationPrefixes: [router],
  destinationPorts: ["*"],
  description: "Replies to the hub router's own TCP through the tunnel: they return natively, and NSG flow state is per NIC",
});
const denyAll = {
  name: "deny-all-inbound",
  priority: 4096,
  access: "Deny",
  protocol: "*",
  sourcePrefixes: ["*"],
  destinationPrefixes: ["*"],
  destinationPorts: ["*"],
  description: "Nothing else: Azure's AllowVnetInBound would admit every prefix learned from the circuit",
};
const nsg = (vnet: string, subnet: string, inbound: unknown[]) => ({ name: `nsg-${vnet}-${subnet}`, vnet, subnet, inbound });

// Pulumi.dev.yaml: hub 10.0.0.0/16 (router vm-hub00 10.0.0.4), spoke 10.10.0.0/16, site vnet-hub100
// 10.100.0.0/16 (router vm-hub100 10.100.0.4, host vm-hub101), tunnel VNI 77, every subnet "default" a /24.
const DEV_LAB = ["10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16"];
const devHub = (extra: { ssh?: unknown[]; port?: string; guard?: boolean; routerSource?: boolean } = {}) => [
  vxlan("vm-hub100", 100, 77, "10.100.0.4/32", "10.0.0.4/32", extra.port),
  ...(extra.guard === false ? [] : [denyVxlan(extra.port)]),
  ...(extra.ssh ?? []),
  labIcmp(DEV_LAB, "10.0.0.0/24"),
  labSsh(DEV_LAB, "10.0.0.0/24"),
  forward(["10.10.0.0/16"], ["10.100.0.0/16"]),
  ...(extra.routerSource === false ? [] : [tunnelReturn(["10.100.0.0/16"], "10.0.0.4/32")]),
  denyAll,
];

/** vnet-spoke10 and vnet-hub100 as the dev stack has them (site2 keeps both as they are), for the lab's prefixes. */
const devSpokeAndSite = (lab: string[]) => [
  nsg("vnet-spoke10", "default", [
    denyVxlan(),
    transit(["10.100.0.0/16"], "10.10.0.0/24"),
    labIcmp(lab, "10.10.0.0/24"),
    labSsh(lab, "10.10.0.0/24"),
    denyAll,
  ]),
  nsg("vnet-hub100", "default", [
    vxlan("vm-hub00", 100, 77, "10.0.0.4/32", "10.100.0.4/32"),
    denyVxlan(),
    transit(["10.10.0.0/16"], "10.100.0.0/24"),
    labIcmp(lab, "10.100.0.0/24"),
    labSsh(lab, "10.100.0.0/24"),
    forward(["10.100.0.0/16"], ["10.10.0.0/16"]),
    denyAll,
  ]),
];

describe("NSGs of the dev stack (transcribed from test/mock/nsg-properties.test.ts)", () => {
  it("hub, spoke and site default subnets, nothing for the GatewaySubnets, every rule in order", () => {
    expect(labOf("dev").nsgs).toEqual([nsg("vnet-hub00", "default", devHub()), ...devSpokeAndSite(DEV_LAB)]);
  });

  it("two SSH sources: one rule each at 2000 and 2001 in every NSG; another VXLAN port; vxlanGuard off drops rule 1000", () => {
    const lab = variant("dev", (l) => {
      l.access = { sshSourcePrefixes: ["203.0.113.0/24", "198.51.100.7"] };
      l.vxlan = { port: 8472 };
      l.features = { vxlanGuard: false };
    });
    const sshTo = (subnet: string) => [ssh(0, "203.0.113.0/24", subnet), ssh(1, "198.51.100.7", subnet)];
    expect(lab.nsgs).toEqual([
      nsg("vnet-hub00", "default", devHub({ ssh: sshTo("10.0.0.0/24"), port: "8472", guard: false })),
      nsg("vnet-spoke10", "default", [
        ...sshTo("10.10.0.0/24"),
        transit(["10.100.0.0/16"], "10.10.0.0/24"),
        labIcmp(DEV_LAB, "10.10.0.0/24"),
        labSsh(DEV_LAB, "10.10.0.0/24"),
        denyAll,
      ]),
      nsg("vnet-hub100", "default", [
        vxlan("vm-hub00", 100, 77, "10.0.0.4/32", "10.100.0.4/32", "8472"),
        ...sshTo("10.100.0.0/24"),
        transit(["10.10.0.0/16"], "10.100.0.0/24"),
        labIcmp(DEV_LAB, "10.100.0.0/24"),
        labSsh(DEV_LAB, "10.100.0.0/24"),
        forward(["10.100.0.0/16"], ["10.10.0.0/16"]),
        denyAll,
      ]),
    ]);
  });

  it("the guard on with one SSH source: rule 1000 on the configured VXLAN port, then allow-ssh-0", () => {
    const lab = variant("dev", (l) => {
      l.access = { sshSourcePrefixes: ["192.0.2.10/32"] };
      l.vxlan = { port: 4790 };
    });
    expect(lab.nsgs[0]).toEqual(nsg("vnet-hub00", "default", devHub({ ssh: [ssh(0, "192.0.2.10/32", "10.0.0.0/24")], port: "4790" })));
  });

  it("features.encryption wireguard: the peer's rule admits its WireGuard port (UDP 51820 + i, docs/security.md) instead of VXLAN", () => {
    const lab = variant("dev", (l) => {
      l.features = { encryption: "wireguard" };
    });
    // docs/security.md "Tunnel encryption": device wgN beside vxlanN, port 51820 + i; VXLAN stays denied at 1000.
    const wg = (peer: string, from: string, to: string) => ({
      name: `allow-wireguard-${peer}`,
      priority: 100,
      access: "Allow",
      protocol: "Udp",
      sourcePrefixes: [from],
      destinationPrefixes: [to],
      destinationPorts: ["51820"],
      description: "WireGuard wg0 (VXLAN VNI 77 inside) from its tunnel peer only",
    });
    expect(lab.nsgs.map((n) => n.inbound[0])).toEqual([
      wg("vm-hub100", "10.100.0.4/32", "10.0.0.4/32"),
      denyVxlan(),
      wg("vm-hub00", "10.0.0.4/32", "10.100.0.4/32"),
    ]);
    expect(lab.nsgs[0]!.inbound.slice(1)).toEqual(devHub().slice(1));
  });

  it("features.routerSource off: no allow-tunnel-return (the router's own traffic into the tunnel has a link-local source)", () => {
    const lab = variant("dev", (l) => {
      l.features = { routerSource: false };
    });
    expect(lab.nsgs[0]).toEqual(nsg("vnet-hub00", "default", devHub({ routerSource: false })));
    expect(lab.nsgs.flatMap((n) => n.inbound).some((r) => r.name === "allow-tunnel-return")).toBe(false);
  });

  it("a second subnet beside the hub router's: no tunnel rules, no forwarding there (only the router's subnet sees them)", () => {
    const lab = variant("dev", (l) => {
      l.hub.subnets.push({ name: "extra", prefix: "10.0.1.0/24" });
    });
    expect(lab.nsgs.slice(0, 2)).toEqual([
      nsg("vnet-hub00", "default", devHub()),
      nsg("vnet-hub00", "extra", [denyVxlan(), labIcmp(DEV_LAB, "10.0.1.0/24"), labSsh(DEV_LAB, "10.0.1.0/24"), denyAll]),
    ]);
  });

  it("an on-premises site (not deployed): no NSG of its own, its space still part of the lab and forwarded", () => {
    const lab = variant("dev", (l) => {
      l.sites[0].kind = "onprem";
      delete l.sites[0].gateway;
    });
    expect(lab.nsgs.map((n) => n.name)).toEqual(["nsg-vnet-hub00-default", "nsg-vnet-spoke10-default"]);
    expect(lab.nsgs[0]!.inbound).toEqual(devHub());
  });
});

describe("NSGs of the 3x4 fixture (transcribed from test/mock/nsg-properties.test.ts)", () => {
  // test/fixtures/Pulumi.3x4.yaml: hub 10.0.0.0/16 (vm-hub00 10.0.0.4); spokes 10.10/10.11/10.12.0.0/16;
  // sites 10.100 and 10.101 (expressroute), 10.102 (peering), 10.103 (onprem: not deployed, no NSG),
  // routers at .0.4; tunnels in site order with the default VNIs 77..80.
  const SPOKES = ["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"];
  const SITES = ["10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16", "10.103.0.0/16"];
  const LAB = ["10.0.0.0/16", ...SPOKES, ...SITES];
  const spoke = (n: number) =>
    nsg(`vnet-spoke${n}`, "default", [
      denyVxlan(),
      transit(SITES, `10.${n}.0.0/24`),
      labIcmp(LAB, `10.${n}.0.0/24`),
      labSsh(LAB, `10.${n}.0.0/24`),
      denyAll,
    ]);
  const site = (n: number, vni: number) =>
    nsg(`vnet-site${n}`, "default", [
      vxlan("vm-hub00", 100, vni, "10.0.0.4/32", `10.${n}.0.4/32`),
      denyVxlan(),
      transit(SPOKES, `10.${n}.0.0/24`),
      labIcmp(LAB, `10.${n}.0.0/24`),
      labSsh(LAB, `10.${n}.0.0/24`),
      forward([`10.${n}.0.0/16`], SPOKES),
      denyAll,
    ]);

  it("hub (one VXLAN rule per site router at 100..103), 3 spokes, 3 Azure sites; none for the on-premises site", () => {
    expect(labOf(join(FIXTURES, "Pulumi.3x4.yaml")).nsgs).toEqual([
      nsg("vnet-hub00", "default", [
        vxlan("vm-router100", 100, 77, "10.100.0.4/32", "10.0.0.4/32"),
        vxlan("vm-router101", 101, 78, "10.101.0.4/32", "10.0.0.4/32"),
        vxlan("vm-router102", 102, 79, "10.102.0.4/32", "10.0.0.4/32"),
        vxlan("vm-router103", 103, 80, "10.103.0.4/32", "10.0.0.4/32"),
        denyVxlan(),
        labIcmp(LAB, "10.0.0.0/24"),
        labSsh(LAB, "10.0.0.0/24"),
        forward(SPOKES, SITES),
        tunnelReturn(SITES, "10.0.0.4/32"),
        denyAll,
      ]),
      spoke(10),
      spoke(11),
      spoke(12),
      site(100, 77),
      site(101, 78),
      site(102, 79),
    ]);
  });
});

describe("NSGs of the site2 fixture: a site attached to a spoke", () => {
  // test/fixtures/Pulumi.site2.yaml: dev's hub, spoke and vnet-hub100 (tunnelled), plus vnet-spoke110
  // (10.110.0.0/16, expressroute, attach: vnet-spoke10, no router, no tunnel): reached natively over the
  // spoke's own gateway, so it gets no transit, no VXLAN and no forwarding, and it is not the spoke's transit.
  const LAB = ["10.0.0.0/16", "10.10.0.0/16", "10.100.0.0/16", "10.110.0.0/16"];
  it("every NSG, every rule", () => {
    expect(labOf(join(FIXTURES, "Pulumi.site2.yaml")).nsgs).toEqual([
      nsg("vnet-hub00", "default", [
        vxlan("vm-hub100", 100, 77, "10.100.0.4/32", "10.0.0.4/32"),
        denyVxlan(),
        labIcmp(LAB, "10.0.0.0/24"),
        labSsh(LAB, "10.0.0.0/24"),
        forward(["10.10.0.0/16"], ["10.100.0.0/16"]),
        tunnelReturn(["10.100.0.0/16"], "10.0.0.4/32"),
        denyAll,
      ]),
      ...devSpokeAndSite(LAB),
      nsg("vnet-spoke110", "default", [denyVxlan(), labIcmp(LAB, "10.110.0.0/24"), labSsh(LAB, "10.110.0.0/24"), denyAll]),
    ]);
  });
});
