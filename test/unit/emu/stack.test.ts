// The emulation's stack loader: a broken stack is a ConfigError (the CLI's exit code 2 path) with
// Pulumi's own problem text; a good one gives the lab, its topology under the stack's name, the file.
import { describe, expect, it } from "vitest";
import { loadStack } from "../../../src/emu/stack.js";
import { ConfigError } from "../../../src/model/load.js";
import { PROJECT_DIR } from "../../../src/config/project-dir.js";
import { join } from "node:path";
import { FIXTURES } from "../../support/stacks.js";

describe("loadStack", () => {
  it("dev: the lab, hsv-dev-* namespaces, the file it read", () => {
    const l = loadStack("dev");
    expect(l.stackFile).toBe(join(PROJECT_DIR, "Pulumi.dev.yaml"));
    expect(l.topo.stack).toBe("dev");
    expect(l.topo.nodes.map((n) => n.ns)).toEqual(["hsv-dev-vm-hub00", "hsv-dev-vm-spoke10", "hsv-dev-vm-hub100", "hsv-dev-vm-hub101"]);
    expect(l.lab.vms.map((v) => v.name)).toEqual(["vm-hub00", "vm-spoke10", "vm-hub100", "vm-hub101"]);
  });
  it("an invalid stack: a ConfigError listing every problem with its full key, as Pulumi prints it", () => {
    let e: unknown;
    try {
      loadStack(join(FIXTURES, "Pulumi.bad.yaml"));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).name).toBe("ConfigError");
    expect((e as Error).message).toBe(
      [
        "invalid stack config (2 problems):",
        "  - hub-spoke-vxlan:lab.spokes[0].addressSpace[0]: 10.0.0.0/16 overlaps 10.0.0.0/16 (hub.addressSpace[0]); address spaces must be disjoint",
        "  - hub-spoke-vxlan:lab.sites[0].tunnel.vni: VNI 99999999 is outside 1..16777215",
      ].join("\n"),
    );
  });
  it("a missing file: a ConfigError naming the path and why", () => {
    expect(() => loadStack("/nonexistent/Pulumi.x.yaml")).toThrow(
      new ConfigError("cannot read stack file /nonexistent/Pulumi.x.yaml: ENOENT"),
    );
    try {
      loadStack("/nonexistent/Pulumi.x.yaml");
    } catch (x) {
      expect(x).toBeInstanceOf(ConfigError);
    }
  });
});
