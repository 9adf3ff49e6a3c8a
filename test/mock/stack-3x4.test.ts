// 3 spokes x 4 sites (2 over ExpressRoute, 1 peered, 1 on-premises) under mocks.
import { beforeEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { renderCloudInit, filesFor } from "../../src/render/cloud-init.js";
import { FIXTURES, labOf } from "../support/stacks.js";
import { ofType, sharedRun, T, type RunResult } from "./harness.js";

const STACK = join(FIXTURES, "Pulumi.3x4.yaml");
const lab = labOf(STACK);
let run: RunResult;
beforeEach(async () => {
  run = await sharedRun({ stack: STACK });
});
const names = (type: string) =>
  ofType(run, type)
    .map((r) => r.name)
    .sort();

describe("3x4 stack", () => {
  it("runs and uses the stack file's own ssh key", () => {
    expect(run.error).toBeUndefined();
    const vm = ofType(run, T.vm).find((r) => r.name === "vm-router100")!;
    expect(vm.inputs.osProfile.linuxConfiguration.ssh.publicKeys[0].keyData).toMatch(/ test$/);
    expect(vm.inputs.networkProfile.networkInterfaces[0].id).toBe("/mock/NetworkInterface/nic-vm-router100");
  });

  it("resource counts and names", () => {
    expect(names(T.vnet)).toEqual([
      "vnet-hub00",
      "vnet-site100",
      "vnet-site101",
      "vnet-site102",
      "vnet-spoke10",
      "vnet-spoke11",
      "vnet-spoke12",
    ]);
    expect(names(T.gw)).toEqual([
      "gw-vnet-hub00",
      "gw-vnet-site100",
      "gw-vnet-site101",
      "gw-vnet-spoke10",
      "gw-vnet-spoke11",
      "gw-vnet-spoke12",
    ]);
    expect(ofType(run, T.vm)).toHaveLength(10);
    expect(ofType(run, T.nic)).toHaveLength(10);
    expect(ofType(run, T.rt)).toHaveLength(6);
    expect(ofType(run, T.nsg)).toHaveLength(7);
    expect(ofType(run, T.peering)).toHaveLength(8);
    expect(ofType(run, T.cn)).toHaveLength(0);
    expect(ofType(run, T.pip)).toHaveLength(0);
    // Same numbers as the model says.
    expect(ofType(run, T.vm)).toHaveLength(lab.vms.filter((v) => v.deployed).length);
    expect(ofType(run, T.rt)).toHaveLength(lab.routeTables.length);
    expect(ofType(run, T.nsg)).toHaveLength(lab.nsgs.length);
    expect(ofType(run, T.peering)).toHaveLength(lab.peerings.length);
  });

  it("the on-premises site is not deployed, its router's cloud-init and files are outputs", () => {
    expect(run.resources.some((r) => r.name.includes("site103") || r.name.includes("103"))).toBe(false);
    const onprem = run.outputs.onpremSites as Record<string, any>;
    expect(Object.keys(onprem)).toEqual(["vnet-site103"]);
    const router = lab.vms.find((v) => v.name === "vm-router103")!;
    expect(onprem["vnet-site103"].router).toEqual({ name: "vm-router103", address: "10.103.0.4" });
    expect(onprem["vnet-site103"].cloudInit).toBe(renderCloudInit(lab, router));
    expect(onprem["vnet-site103"].files).toEqual(filesFor(lab, router));
    expect(onprem["vnet-site103"].routes).toEqual(
      lab.onpremRouteTables
        .filter((t) => t.vnet === "vnet-site103")
        .flatMap((t) => t.routes.map((r) => ({ subnet: t.subnet, prefix: r.prefix, nextHop: r.nextHopIp }))),
    );
    expect(onprem["vnet-site103"].routes.length).toBeGreaterThan(0);
    expect(Object.keys(run.outputs.vmAddresses as object)).not.toContain("vm-router103");
  });

  it("gateway SKUs and allowRemoteVnetTraffic follow the model", () => {
    for (const v of lab.vnets.filter((x) => x.deployed && x.gateway)) {
      const gw = ofType(run, T.gw).find((g) => g.name === `gw-${v.name}`)!;
      expect(gw.inputs.sku).toEqual({ name: v.gateway!.sku, tier: v.gateway!.sku });
      expect(gw.inputs.allowRemoteVnetTraffic).toBe(v.gateway!.allowRemoteVnetTraffic);
    }
    const gw = (n: string) => ofType(run, T.gw).find((g) => g.name === n)!.inputs;
    expect(gw("gw-vnet-hub00").sku.name).toBe("ErGw2AZ");
    expect(gw("gw-vnet-hub00").allowRemoteVnetTraffic).toBe(true);
    expect(gw("gw-vnet-site101").allowRemoteVnetTraffic).toBe(true);
    expect(gw("gw-vnet-spoke11").allowRemoteVnetTraffic).toBe(false);
  });

  it("peerings: hub to each spoke and to the peered site, both ways; flags from the model", () => {
    const ps = ofType(run, T.peering);
    for (const p of lab.peerings) {
      const r = ps.find((x) => x.name === p.name)!;
      expect(r.inputs).toMatchObject({
        virtualNetworkName: p.from,
        remoteVirtualNetwork: { id: `/mock/VirtualNetwork/${p.to}` },
        allowForwardedTraffic: true,
        useRemoteGateways: false,
        allowGatewayTransit: false,
      });
    }
    expect(ps.some((p) => p.name === "peer-vnet-hub00-to-vnet-site102")).toBe(true);
    expect(ps.some((p) => p.name.includes("site100"))).toBe(false);
  });

  it("route tables: each spoke sends all tunnelled sites to the hub router; each deployed site sends all spokes to its router", () => {
    const rt = (n: string) =>
      (ofType(run, T.rt).find((r) => r.name === n)!.inputs.routes as any[]).map(
        (r) => `${r.addressPrefix}>${r.nextHopIpAddress}:${r.nextHopType}`,
      );
    expect(rt("rt-vnet-spoke11-default")).toEqual(
      ["10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16", "10.103.0.0/16"].map((p) => `${p}>10.0.0.4:VirtualAppliance`),
    );
    expect(rt("rt-vnet-site102-default")).toEqual(
      ["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"].map((p) => `${p}>10.102.0.4:VirtualAppliance`),
    );
  });

  it("hub NSG allows VXLAN from each site router /32 (including the on-premises one) and denies the rest", () => {
    const hub = ofType(run, T.nsg).find((r) => r.name === "nsg-vnet-hub00-default")!.inputs.securityRules as any[];
    const sources = hub.filter((r) => r.access === "Allow" && r.protocol === "Udp").map((r) => r.sourceAddressPrefix);
    expect(sources).toEqual(["10.100.0.4/32", "10.101.0.4/32", "10.102.0.4/32", "10.103.0.4/32"]);
    expect(hub.filter((r) => r.access === "Deny").map((r) => r.name)).toEqual(["deny-vxlan-others", "deny-all-inbound"]);
    // The hub router forwards every spoke's traffic to every tunnelled site.
    const fwd = hub.find((r) => r.name === "allow-tunnel-forward");
    expect(fwd.sourceAddressPrefixes).toEqual(["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"]);
    expect(fwd.destinationAddressPrefixes).toEqual(["10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16", "10.103.0.0/16"]);
  });

  it("tunnels and check commands cover every site and spoke", () => {
    const tunnels = run.outputs.tunnels as any[];
    expect(tunnels.map((t) => [t.site, t.vni, t.device])).toEqual([
      ["vnet-site100", 77, "vxlan0"],
      ["vnet-site101", 78, "vxlan1"],
      ["vnet-site102", 79, "vxlan2"],
      ["vnet-site103", 80, "vxlan3"],
    ]);
    const all = run.outputs.checkCommands as Record<string, { runCommand: string[]; interactive: string[] }>;
    const cmds = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.interactive])) as Record<string, string[]>;
    expect(cmds["vm-spoke12"]).toEqual(
      ["10.100.0.5", "10.101.0.5", "10.102.0.5", "10.103.0.5"].map((a) => expect.stringContaining(`sudo traceroute -T -p 22 ${a} `)),
    );
    expect(cmds["vm-host102"]).toHaveLength(3);
    expect(cmds["vm-router101"]).toContain("ping -c 3 -I 10.101.0.4 10.11.0.4  # to vm-spoke11");
    expect(cmds["vm-router103"]).toBeUndefined();
    // The hub router checks every tunnel.
    expect(cmds["vm-hub00"]!.filter((c) => / 169\.254\.\d+\.2 /.test(c))).toHaveLength(4);
  });
});
