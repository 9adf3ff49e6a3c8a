// VM lifecycle on Azure: what forces a replacement, boot diagnostics, auto-shutdown.
import { beforeEach, describe, expect, it } from "vitest";
import { ofType, runProgram, sharedRun, T, type RunResult } from "./harness.js";

let run: RunResult;
beforeEach(async () => {
  run = await sharedRun({ stack: "dev" });
});

// Pulumi's replaceOnChanges matching (PropertyPath.Contains in the engine): a listed path covers
// itself and every path below it; "*" matches one element at its level.
function covers(listed: readonly string[], changed: string): boolean {
  const split = (p: string) => p.replace(/\[(\d+|\*)\]/g, ".$1").split(".");
  const c = split(changed);
  return listed.some((l) => {
    const p = split(l);
    return p.length <= c.length && p.every((part, i) => part === "*" || part === c[i]);
  });
}

describe("VM replacement", () => {
  it("any osProfile change (admin user, computer name, SSH keys, customData) replaces the VM, old one deleted first", () => {
    const vms = ofType(run, T.vm);
    expect(vms).toHaveLength(4);
    for (const vm of vms) {
      for (const changed of [
        "osProfile.adminUsername",
        "osProfile.computerName",
        "osProfile.linuxConfiguration.ssh.publicKeys[0].keyData",
        "osProfile.linuxConfiguration.ssh.publicKeys[0].path",
        "osProfile.customData",
      ]) {
        expect(covers(vm.replaceOnChanges, changed), `${vm.name}: ${changed}`).toBe(true);
      }
      // A size change is an update Azure accepts in place (with a restart): no replacement.
      expect(covers(vm.replaceOnChanges, "hardwareProfile.vmSize"), vm.name).toBe(false);
      expect(vm.deleteBeforeReplace, vm.name).toBe(true);
    }
  });
});

describe("getting into the VMs", () => {
  it("boot diagnostics on every VM, with managed storage (no storageUri), so the Serial Console and the console log work", () => {
    for (const vm of ofType(run, T.vm)) {
      expect(vm.inputs.diagnosticsProfile, vm.name).toEqual({ bootDiagnostics: { enabled: true } });
    }
  });
});

const withBastion = (sku: string) => (l: any) => {
  l.access = { ...(l.access ?? {}), bastion: sku };
  l.hub.subnets.push({ name: "AzureBastionSubnet", prefix: "10.0.254.0/26" });
  l.sites[0].subnets.push({ name: "AzureBastionSubnet", prefix: "10.100.254.0/26" });
  return l;
};
const BASTION = "azure-native:network:BastionHost";

describe("opt-in Bastion", () => {
  it("none by default", () => {
    expect(ofType(run, BASTION)).toHaveLength(0);
    expect(ofType(run, T.pip)).toHaveLength(0);
  });

  it("Basic: one in the hub (reaches the peered spoke) and one in the site, each with a Standard static public IP and its AzureBastionSubnet, no NSG or route table there", async () => {
    const r = await runProgram({ stack: "dev", lab: withBastion("Basic") });
    expect(r.error).toBeUndefined();
    const hosts = ofType(r, BASTION);
    expect(hosts.map((h) => h.name).sort()).toEqual(["bas-vnet-hub00", "bas-vnet-hub100"]);
    for (const h of hosts) {
      const vnet = h.name.replace(/^bas-/, "");
      expect(h.inputs).toMatchObject({ bastionHostName: h.name, sku: { name: "Basic" } });
      expect(h.inputs.enableTunneling).toBe(false); // the SDK fills in its default
      expect(h.inputs.ipConfigurations).toEqual([
        {
          name: "ipconfig1",
          subnet: { id: `/mock/VirtualNetwork/${vnet}/subnets/AzureBastionSubnet` },
          publicIPAddress: { id: `/mock/PublicIPAddress/pip-${h.name}` },
        },
      ]);
      const pip = ofType(r, T.pip).find((p) => p.name === `pip-${h.name}`)!;
      expect(pip.inputs).toMatchObject({ sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static" });
      const subnet = (ofType(r, T.vnet).find((v) => v.name === vnet)!.inputs.subnets as any[]).find((s) => s.name === "AzureBastionSubnet");
      expect(subnet.addressPrefix).toMatch(/\/26$/);
      expect(subnet.networkSecurityGroup).toBeUndefined();
      expect(subnet.routeTable).toBeUndefined();
    }
  });

  it("each Bastion host and its public IP sit under a Bastion component of their VNet's group (URNs stable), the IP named in Azure as in Pulumi", async () => {
    const r = await runProgram({ stack: "dev", lab: withBastion("Basic") });
    const comps = r.resources.filter((x) => x.type === "hub-spoke-vxlan:azure:Bastion");
    expect(comps.map((c) => c.name).sort()).toEqual(["vnet-hub00", "vnet-hub100"]);
    for (const c of comps) {
      expect(c.parent, c.name).toMatch(/::vnet-hub\d+$/);
      const host = ofType(r, BASTION).find((h) => h.name === `bas-${c.name}`)!;
      const pip = ofType(r, T.pip).find((p) => p.name === `pip-bas-${c.name}`)!;
      expect(host.parent, host.name).toBe(c.urn);
      expect(pip.parent, pip.name).toBe(c.urn);
      expect(pip.inputs.publicIpAddressName).toBe(`pip-bas-${c.name}`);
    }
  });

  it("Standard turns on the native client (tunneling)", async () => {
    const r = await runProgram({ stack: "dev", lab: withBastion("Standard") });
    for (const h of ofType(r, BASTION)) expect(h.inputs).toMatchObject({ sku: { name: "Standard" }, enableTunneling: true });
  });

  it("Bastion on without AzureBastionSubnet: refused before anything is declared, naming the key", async () => {
    const r = await runProgram({ stack: "dev", lab: (l: any) => ((l.access = { bastion: "Basic" }), l) });
    expect(String(r.error)).toMatch(
      /hub-spoke-vxlan:lab\.hub\.subnets: access\.bastion is on, so vnet-hub00 needs a subnet named exactly "AzureBastionSubnet"/,
    );
    expect(ofType(r, BASTION)).toHaveLength(0);
  });
});

const SCHEDULE = "azure-native:devtestlab:GlobalSchedule";
describe("opt-in nightly auto-shutdown", () => {
  it("none by default", () => {
    expect(ofType(run, SCHEDULE)).toHaveLength(0);
  });

  it("one DevTest Labs schedule per VM: shutdown-computevm-<vm>, ComputeVmShutdownTask, daily time, time zone, the VM's id", async () => {
    const r = await runProgram({
      stack: "dev",
      lab: (l: any) => ((l.autoShutdown = { time: "1900", timeZone: "Tokyo Standard Time" }), l),
    });
    expect(r.error).toBeUndefined();
    const s = ofType(r, SCHEDULE);
    expect(s.map((x) => x.name).sort()).toEqual(["vm-hub00", "vm-hub100", "vm-hub101", "vm-spoke10"].map((v) => `shutdown-computevm-${v}`));
    for (const x of s) {
      const vm = x.name.replace("shutdown-computevm-", "");
      expect(x.inputs).toEqual({
        resourceGroupName: "rg-hub-spoke-vxlan-dev",
        location: "japaneast",
        name: x.name,
        status: "Enabled",
        taskType: "ComputeVmShutdownTask",
        dailyRecurrence: { time: "1900" },
        timeZoneId: "Tokyo Standard Time",
        targetResourceId: `/mock/VirtualMachine/${vm}`,
        notificationSettings: { status: "Disabled" },
      });
      // Under its VM's component, so its URN follows the VM (hub-spoke-vxlan:azure:Vm).
      const comp = r.resources.find((c) => c.type === "hub-spoke-vxlan:azure:Vm" && c.name === vm)!;
      expect(x.parent, x.name).toBe(comp.urn);
    }
  });
});
