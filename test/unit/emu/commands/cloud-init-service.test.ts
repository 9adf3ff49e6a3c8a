// A unit the document writes and enables (`systemctl enable --now <unit>`): the emulation runs its
// ExecStart, as systemd would, and nothing else. The pair's hub routers enable their health answer;
// other routers enable none; a unit that is not written, or whose ExecStart needs a shell, is refused.
import * as yaml from "js-yaml";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CloudInitError, planCloudInit, planFor } from "../../../../src/emu/commands/cloud-init.js";
import { buildTopology, nodeOf } from "../../../../src/emu/commands/topology.js";
import { parseCloudInit, renderCloudInit } from "../../../../src/render/cloud-init.js";
import { FIXTURES, labOf } from "../../../support/stacks.js";
import { testKeys } from "../../../support/wireguard.js";

const pair = labOf(join(FIXTURES, "Pulumi.pair.yaml"));
const services = (vm: string) =>
  planFor(pair, nodeOf(buildTopology(pair, "t"), vm)!, testKeys(pair)).steps.filter((s) => s.kind === "service");

describe("cloud-init units in the emulation", () => {
  it("each hub router of a pair starts its health answer as the unit's ExecStart says; the site router none", () => {
    for (const vm of ["vm-hub00", "vm-hub01"])
      expect(services(vm)).toEqual([
        { kind: "service", unit: "hsv-health.service", argv: ["/usr/bin/python3", "/etc/hub-spoke-vxlan/health"] },
      ]);
    expect(services("vm-hub100")).toEqual([]);
  });

  const doc = () =>
    parseCloudInit(
      renderCloudInit(
        pair,
        pair.vms.find((v) => v.name === "vm-hub00")!,
        testKeys(pair),
      ),
    );
  const text = (d: ReturnType<typeof doc>) => `#cloud-config\n${yaml.dump(d)}`;

  it("a unit enabled but not written is an unknown runcmd entry", () => {
    const d = doc();
    d.write_files = d.write_files!.filter((f) => !f.path.endsWith("hsv-health.service"));
    expect(() => planCloudInit("vm-hub00", text(d))).toThrow(/unknown runcmd entry .*hsv-health\.service/);
  });

  it("an ExecStart that needs a shell, or none, is refused", () => {
    for (const exec of ["ExecStart=/bin/sh -c 'echo $HOME'", "ExecStart=", "Description=no exec"]) {
      const d = doc();
      const unit = d.write_files!.find((f) => f.path.endsWith("hsv-health.service"))!;
      unit.content = unit.content.replace(/^ExecStart=.*$/m, exec);
      expect(() => planCloudInit("vm-hub00", text(d)), exec).toThrow(CloudInitError);
    }
  });
});
