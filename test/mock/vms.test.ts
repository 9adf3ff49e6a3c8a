// VM lifecycle on Azure: what forces a replacement, boot diagnostics, auto-shutdown.
import { beforeAll, describe, expect, it } from "vitest";
import { ofType, runProgram, T, type RunResult } from "./harness.js";

let run: RunResult;
beforeAll(async () => {
  run = await runProgram({ stack: "dev" });
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
