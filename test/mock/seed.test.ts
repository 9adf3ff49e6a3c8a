// The seed lab (Pulumi.dev.yaml) under mocks: every resource, its inputs and options.
import { beforeEach, describe, expect, it } from "vitest";
import { renderCloudInit } from "../../src/render/cloud-init.js";
import { UBUNTU_2404 } from "../../src/azure/vms.js";
import { labOf } from "../support/stacks.js";
import { ofType, sharedRun, T, TEST_SSH_KEY, type RunResult } from "./harness.js";

const lab = labOf("dev");
let run: RunResult;
beforeEach(async () => {
  run = await sharedRun({ stack: "dev" });
});

const byName = (type: string, name: string) => {
  const r = ofType(run, type).find((x) => x.name === name);
  if (!r) throw new Error(`no ${type} named ${name}`);
  return r;
};

describe("seed stack (dev): resources", () => {
  it("runs without error and the mocks produced the ids", () => {
    expect(run.error).toBeUndefined();
    // Mock-produced values: the NIC's subnet id is built from the VNet's mocked id.
    expect(byName(T.nic, "nic-vm-hub00").inputs.ipConfigurations[0].subnet.id).toBe("/mock/VirtualNetwork/vnet-hub00/subnets/default");
    expect(byName(T.vm, "vm-hub00").inputs.networkProfile.networkInterfaces[0].id).toBe("/mock/NetworkInterface/nic-vm-hub00");
    expect(run.outputs.resourceGroupName).toBe("rg-hub-spoke-vxlan-dev");
  });

  it("has exactly the expected resources per type", () => {
    const counts = Object.fromEntries(Object.values(T).map((t) => [t, ofType(run, t).length]));
    expect(counts).toEqual({
      [T.rg]: 1,
      [T.vnet]: 3,
      [T.rt]: 2,
      [T.nsg]: 3,
      [T.gw]: 3,
      [T.cn]: 0,
      [T.pip]: 0,
      [T.peering]: 2,
      [T.nic]: 4,
      [T.vm]: 4,
      // No circuitId: verify.onDeploy defaults to off (test/mock/verification.test.ts).
      [T.rc]: 0,
    });
    const customTypes = new Set(run.resources.filter((r) => r.custom).map((r) => r.type));
    // pulumi-nodejs:dynamic/CreationPin:Resource: one CreationPin per VNet (access.defaultOutboundAccess).
    expect([...customTypes].sort()).toEqual(
      [T.gw, T.nic, T.nsg, T.peering, T.rg, T.rt, T.vm, T.vnet, "pulumi-nodejs:dynamic/CreationPin:Resource"].sort(),
    );
  });

  it("every resource has a parent under the Lab component; components are typed by role", () => {
    const lab = run.resources.find((r) => r.type === "hub-spoke-vxlan:azure:Lab")!;
    expect(lab.parent).toBe("");
    for (const r of run.resources.filter((x) => x !== lab)) expect(r.parent, r.name).not.toBe("");
    const roles = run.resources.filter((r) => /:(Hub|Spoke|Site)$/.test(r.type)).map((r) => `${r.type.split(":").pop()}/${r.name}`);
    expect(roles.sort()).toEqual(["Hub/vnet-hub00", "Site/vnet-hub100", "Spoke/vnet-spoke10"]);
  });

  it("VNets carry all subnets inline, each associated with its route table and NSG, none on GatewaySubnet", () => {
    for (const v of lab.vnets) {
      const vnet = byName(T.vnet, v.name);
      expect(vnet.inputs.addressSpace.addressPrefixes).toEqual(v.addressSpace);
      const subnets = vnet.inputs.subnets as any[];
      expect(subnets.map((s) => s.name)).toEqual(v.subnets.map((s) => s.name));
      for (const s of subnets) {
        if (s.name === "GatewaySubnet") {
          expect(s.networkSecurityGroup).toBeUndefined();
          expect(s.routeTable).toBeUndefined();
          continue;
        }
        expect(s.networkSecurityGroup.id).toBe(`/mock/NetworkSecurityGroup/nsg-${v.name}-${s.name}`);
        const rt = lab.routeTables.find((t) => t.vnet === v.name && t.subnet === s.name);
        expect(s.routeTable?.id).toBe(rt ? `/mock/RouteTable/${rt.name}` : undefined);
        expect(s.defaultOutboundAccess).toBe(true);
      }
    }
    // The hub has no route table in the model, so none is attached.
    expect(byName(T.vnet, "vnet-hub00").inputs.subnets[0].routeTable).toBeUndefined();
  });

  it("peerings: both directions, forwarded traffic allowed, no gateway transit, no remote gateways", () => {
    const ps = ofType(run, T.peering);
    expect(ps.map((p) => p.name).sort()).toEqual(["peer-vnet-hub00-to-vnet-spoke10", "peer-vnet-spoke10-to-vnet-hub00"]);
    for (const p of ps) {
      expect(p.inputs).toMatchObject({
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: false,
        allowVirtualNetworkAccess: true,
      });
    }
    const h2s = byName(T.peering, "peer-vnet-hub00-to-vnet-spoke10");
    expect(h2s.inputs.virtualNetworkName).toBe("vnet-hub00");
    expect(h2s.inputs.remoteVirtualNetwork.id).toBe("/mock/VirtualNetwork/vnet-spoke10");
  });

  it("IP forwarding on the routers' NICs only, static addresses from the model", () => {
    const nics = ofType(run, T.nic);
    const forwarding = nics
      .filter((n) => n.inputs.enableIPForwarding)
      .map((n) => n.name)
      .sort();
    expect(forwarding).toEqual(["nic-vm-hub00", "nic-vm-hub100"]);
    expect(byName(T.nic, "nic-vm-spoke10").inputs.enableIPForwarding).toBe(false);
    for (const vm of lab.vms) {
      const ip = byName(T.nic, `nic-${vm.name}`).inputs.ipConfigurations[0];
      expect(ip).toMatchObject({ privateIPAllocationMethod: "Static", privateIPAddress: vm.address });
    }
  });

  it("route tables send the far side to the routers as virtual appliances", () => {
    const routes = (name: string) =>
      (byName(T.rt, name).inputs.routes as any[]).map((r) => [r.addressPrefix, r.nextHopType, r.nextHopIpAddress]);
    expect(routes("rt-vnet-spoke10-default")).toEqual([["10.100.0.0/16", "VirtualAppliance", "10.0.0.4"]]);
    expect(routes("rt-vnet-hub100-default")).toEqual([["10.10.0.0/16", "VirtualAppliance", "10.100.0.4"]]);
  });

  it("NSGs: VXLAN allowed only from the tunnel peer /32, denied from others, no SSH rule by default", () => {
    const rules = (name: string) => byName(T.nsg, name).inputs.securityRules as any[];
    const hub = rules("nsg-vnet-hub00-default");
    const allow = hub.filter((r) => r.access === "Allow" && r.destinationPortRange === "4789");
    expect(allow).toEqual([
      expect.objectContaining({
        protocol: "Udp",
        direction: "Inbound",
        sourceAddressPrefix: "10.100.0.4/32",
        destinationAddressPrefix: "10.0.0.4/32",
        priority: 100,
      }),
    ]);
    expect(hub.find((r) => r.name === "deny-vxlan-others")).toMatchObject({
      access: "Deny",
      sourceAddressPrefix: "*",
      destinationPortRange: "4789",
      priority: 1000,
    });
    expect(
      rules("nsg-vnet-hub100-default").find((r) => r.access === "Allow" && r.destinationPortRange === "4789").sourceAddressPrefix,
    ).toBe("10.0.0.4/32");
    for (const nsg of ofType(run, T.nsg)) {
      const all = nsg.inputs.securityRules as any[];
      // TCP 22 only from the lab's own address spaces (allow-lab-ssh), never from outside by default.
      expect(
        all.filter((r) => r.destinationPortRange === "22").map((r) => r.name),
        nsg.name,
      ).toEqual(["allow-lab-ssh"]);
      // Each allow for VXLAN names one /32, never a wider source.
      for (const r of all.filter((x) => x.access === "Allow" && x.destinationPortRange === "4789"))
        expect(r.sourceAddressPrefix).toMatch(/\/32$/);
    }
    expect(rules("nsg-vnet-spoke10-default").find((r) => r.name === "allow-tunnel-transit")).toMatchObject({
      sourceAddressPrefix: "10.100.0.0/16",
    });
  });

  it("ER gateways: model SKU, ExpressRoute type, GatewaySubnet, no public IP, long timeouts, allowRemoteVnetTraffic from the model", () => {
    for (const v of lab.vnets.filter((x) => x.gateway)) {
      const gw = byName(T.gw, `gw-${v.name}`);
      expect(gw.inputs).toMatchObject({ gatewayType: "ExpressRoute", sku: { name: "ErGw1AZ", tier: "ErGw1AZ" } });
      expect(gw.inputs.allowRemoteVnetTraffic).toBe(v.gateway!.allowRemoteVnetTraffic);
      const ipc = gw.inputs.ipConfigurations as any[];
      expect(ipc).toHaveLength(1);
      expect(ipc[0].subnet.id).toBe(`/mock/VirtualNetwork/${v.name}/subnets/GatewaySubnet`);
      expect(ipc[0].publicIPAddress).toBeUndefined();
      expect(gw.customTimeouts).toBeUndefined(); // the provider's 2 h (src/azure/gateways.ts)
    }
    // The seed simulates its site through the hub's circuit: hairpin on both ends, not on the spoke.
    expect(byName(T.gw, "gw-vnet-hub00").inputs.allowRemoteVnetTraffic).toBe(true);
    expect(byName(T.gw, "gw-vnet-hub100").inputs.allowRemoteVnetTraffic).toBe(true);
    expect(byName(T.gw, "gw-vnet-spoke10").inputs.allowRemoteVnetTraffic).toBe(false);
  });

  it("no circuitId: no connection, a warning, and the underlay output says why", () => {
    expect(ofType(run, T.cn)).toHaveLength(0);
    expect(run.outputs.underlay).toMatch(/^not connected: no circuitId configured for gw-vnet-hub00, gw-vnet-spoke10, gw-vnet-hub100/);
    expect(run.warnings).toEqual([run.outputs.underlay]);
  });

  it("VMs: Ubuntu 24.04, SSH key only, size and admin from the model, customData is exactly the rendered cloud-init", () => {
    for (const vm of lab.vms) {
      const r = byName(T.vm, vm.name);
      expect(r.inputs.storageProfile.imageReference).toEqual({ ...UBUNTU_2404 });
      expect(r.inputs.hardwareProfile.vmSize).toBe(lab.config.vmSize);
      const os = r.inputs.osProfile;
      expect(os.adminUsername).toBe("azureuser");
      expect(os.adminPassword).toBeUndefined();
      expect(os.linuxConfiguration.disablePasswordAuthentication).toBe(true);
      expect(os.linuxConfiguration.ssh.publicKeys).toEqual([{ path: "/home/azureuser/.ssh/authorized_keys", keyData: TEST_SSH_KEY }]);
      expect(Buffer.from(os.customData, "base64").toString("utf8")).toBe(renderCloudInit(lab, vm));
      expect(os.customData.length).toBeLessThanOrEqual(65_535);
      expect(r.replaceOnChanges).toEqual(["osProfile"]);
      expect(r.deleteBeforeReplace).toBe(true);
    }
    // A router gets the router document, a host the host document.
    const decoded = (n: string) => Buffer.from(byName(T.vm, n).inputs.osProfile.customData, "base64").toString();
    expect(decoded("vm-hub00")).toContain("/etc/frr/frr.conf");
    expect(decoded("vm-spoke10")).not.toContain("/etc/frr/frr.conf");
  });
});

describe("seed stack (dev): outputs", () => {
  it("addresses, tunnels and check commands", () => {
    expect(run.outputs.vmAddresses).toEqual({
      "vm-hub00": "10.0.0.4",
      "vm-spoke10": "10.10.0.4",
      "vm-hub100": "10.100.0.4",
      "vm-hub101": "10.100.0.5",
    });
    expect(run.outputs.tunnels).toEqual([
      {
        site: "vnet-hub100",
        vni: 77,
        device: "vxlan0",
        port: 4789,
        mtu: 1350,
        mss: 1310,
        df: true,
        hub: { vm: "vm-hub00", underlay: "10.0.0.4", overlay: "169.254.0.1/24" },
        siteEnd: { vm: "vm-hub100", underlay: "10.100.0.4", overlay: "169.254.0.2/24" },
      },
    ]);
    const all = run.outputs.checkCommands as Record<string, { runCommand: string[]; interactive: string[] }>;
    const cmds = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.interactive])) as Record<string, string[]>;
    expect(cmds["vm-hub101"]).toEqual(["sudo traceroute -T -p 22 10.10.0.4  # to vm-spoke10"]);
    expect(cmds["vm-spoke10"]).toEqual(["sudo traceroute -T -p 22 10.100.0.5  # to vm-hub101"]);
    expect(cmds["vm-hub100"]).toContain("ping -c 3 -I 10.100.0.4 10.10.0.4  # to vm-spoke10");
    expect(cmds["vm-hub00"]).toContain("ping -c 3 -I 10.0.0.4 10.100.0.5  # to vm-hub101");
    expect(cmds["vm-hub00"]![0]).toMatch(/^ping -c 3 169\.254\.0\.2 /);
    // The same checks for az vm run-command (runs as root: no sudo), one line per check.
    expect(all["vm-hub101"]!.runCommand).toEqual([
      "az vm run-command invoke -g rg-hub-spoke-vxlan-dev -n vm-hub101 --command-id RunShellScript --scripts 'traceroute -T -p 22 10.10.0.4'  # to vm-spoke10",
    ]);
    expect(all["vm-hub100"]!.runCommand).toContain(
      "az vm run-command invoke -g rg-hub-spoke-vxlan-dev -n vm-hub100 --command-id RunShellScript --scripts 'ping -c 3 -I 10.100.0.4 10.10.0.4'  # to vm-spoke10",
    );
    for (const [vm, c] of Object.entries(all)) {
      expect(c.runCommand, vm).toHaveLength(c.interactive.length);
      for (const line of c.runCommand) expect(line, vm).not.toMatch(/sudo/);
      // traceroute -T needs root; ping does not.
      for (const line of c.interactive) expect(line.startsWith("sudo "), line).toBe(line.includes("traceroute -T"));
    }
    expect(run.outputs.onpremSites).toEqual({});
    expect(run.secretOutputs).toEqual([]);
  });
});
