// The verify matrix on Azure, under mocks: one run-command per deployed VM carrying the rendered
// probe and its targets, nothing secret in it, the verification output and the warning.
import { linkLine } from "../../src/probe/contract.js";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { renderProbe } from "../../src/render/probe.js";
import { RUN_COMMAND_NAME, runCommandScript } from "../../src/azure/verification.js";
import { bgp, editedLab } from "../support/config-edit.js";
import { FIXTURES, labOf } from "../support/stacks.js";
import { ofType, runProgram, T, TEST_SSH_KEY } from "./harness.js";
import { onCircuit } from "../support/circuits.js";

const AUTH_KEY = "auth-key-must-never-show-0123456789";

describe("verify run-commands (dev, every circuit connected)", () => {
  it("one per VM, synchronous, the rendered probe and that VM's targets in its script, no secret", async () => {
    const run = await runProgram({ stack: "dev", lab: onCircuit, authKeys: { "vnet-hub00": AUTH_KEY } });
    expect(run.error).toBeUndefined();
    const rcs = ofType(run, T.rc);
    const vms = ofType(run, T.vm)
      .map((v) => v.inputs.vmName)
      .sort();
    expect(rcs.map((r) => r.inputs.vmName).sort()).toEqual(vms);
    for (const rc of rcs) {
      expect(rc.inputs).toMatchObject({ runCommandName: RUN_COMMAND_NAME, asyncExecution: false, treatFailureAsDeploymentFailure: false });
      const script: string = rc.inputs.source.script;
      expect(script).toContain(renderProbe());
      expect(script).toContain(`# hub-spoke-vxlan verify run 1 on ${rc.inputs.vmName}`);
      expect(rc.secretInputs).toEqual([]);
      expect(JSON.stringify(rc.inputs)).not.toContain(AUTH_KEY);
      expect(JSON.stringify(rc.inputs)).not.toContain(TEST_SSH_KEY.split(" ")[1]);
    }
    const hub101 = rcs.find((r) => r.inputs.vmName === "vm-hub101")!.inputs.source.script as string;
    expect(hub101).toMatch(/^\/usr\/bin\/python3 "\$probe" -c -r 180 -s 10\.0\.0\.4 10\.100\.0\.4 10\.10\.0\.4$/m);
  });

  it("routing: bgp: each router's probe also reports its BGP sessions (-b, FRR's own vtysh socket); hosts' do not", () => {
    const lab = editedLab("dev", bgp);
    expect(runCommandScript(lab, "vm-hub00", ["10.100.0.4"])).toMatch(
      /^\/usr\/bin\/python3 "\$probe" -c -r 180 -s -l vxlan0 -b 10\.100\.0\.4$/m,
    );
    expect(runCommandScript(lab, "vm-hub101", ["10.0.0.4"])).toMatch(/^\/usr\/bin\/python3 "\$probe" -c -r 180 -s 10\.0\.0\.4$/m);
    expect(runCommandScript(labOf("dev"), "vm-hub00", ["10.100.0.4"])).toMatch(
      /^\/usr\/bin\/python3 "\$probe" -c -r 180 -s -l vxlan0 10\.100\.0\.4$/m,
    );
  });

  it("the verification output: every pair expected vs observed, a summary; no warning when all agree", async () => {
    const run = await runProgram({ stack: "dev", lab: onCircuit });
    const v = run.outputs.verification as any;
    expect(v.ran).toBe(true);
    expect(v.pairs).toHaveLength(12);
    expect(v.pairs[0]).toHaveProperty("observed");
    expect(v.summary).toBe("verify run 1: 12/12 pairs as expected");
    expect(run.warnings.filter((w) => w.startsWith("verify:"))).toEqual([]);
    expect(run.secretOutputs).not.toContain("verification");
  });

  it("a pair that differs is named in a warning and in the output", async () => {
    const base = await runProgram({ stack: "dev", lab: onCircuit });
    const pairs = (base.outputs.verification as any).pairs as any[];
    const outputs: Record<string, string> = {};
    for (const p of pairs) {
      const o = p.from === "vm-hub101" && p.to === "vm-spoke10" ? { ...p, hops: ["10.100.0.4", "???", "10.10.0.4"] } : p;
      outputs[p.from] =
        `${outputs[p.from] ?? ""}hsv-probe target=${p.destination} ping=${p.reachable ? 1 : 0} tcp=${p.reachable ? 1 : 0} hops=${o.hops.join(",")}\n`;
    }
    delete outputs["vm-hub00"];
    outputs["vm-hub100"] = `${linkLine("vxlan0", true)}\n${outputs["vm-hub100"]}`;
    const run = await runProgram({ stack: "dev", lab: onCircuit, runCommandOutputs: outputs });
    const v = run.outputs.verification as any;
    expect(v.ok).toBe(false);
    expect(v.differences).toContain(
      "vm-hub101 -> vm-spoke10: traceroute: expected 10.100.0.4 10.0.0.4 10.10.0.4, got 10.100.0.4 ??? 10.10.0.4",
    );
    expect(v.differences).toContain("vm-hub00 -> vm-spoke10: no probe output from vm-hub00");
    const warning = run.warnings.find((w) => w.startsWith("verify:"))!;
    expect(warning).toContain("4 pair(s) differ");
    expect(warning).toContain("vm-hub101 -> vm-spoke10");
    // One line per differing pair, after the heading line.
    expect(warning.split("\n")).toHaveLength(1 + v.differences.length);
    expect(warning.split("\n").filter((l) => l.includes(" -> "))).toHaveLength(v.differences.length);
  });

  // The post-up script leaves a tunnel down when it cannot make a link, and says so only in a log:
  // the probe's link lines make the verification name it (issue 23, item 8).
  it("a router's tunnel link that is down or not reported is named, apart from the pairs", async () => {
    const base = await runProgram({ stack: "dev", lab: onCircuit });
    const healthy = Object.fromEntries(
      ((base.outputs.verification as any).pairs as any[]).reduce((m: Map<string, string>, p: any) => {
        return m.set(
          p.from,
          `${m.get(p.from) ?? ""}hsv-probe target=${p.destination} ping=${p.reachable ? 1 : 0} tcp=${p.reachable ? 1 : 0} hops=${p.hops.join(",")}\n`,
        );
      }, new Map()),
    ) as Record<string, string>;
    const outputs = {
      ...healthy,
      "vm-hub00": `${linkLine("vxlan0", false)}\n${healthy["vm-hub00"]}`,
      "vm-hub100": `${linkLine("vxlan0", true)}\n${healthy["vm-hub100"]}`,
    };
    const v = (await runProgram({ stack: "dev", lab: onCircuit, runCommandOutputs: outputs })).outputs.verification as any;
    expect(v.ok).toBe(false);
    expect(v.pairs.every((p: any) => p.asExpected)).toBe(true);
    expect(v.links).toEqual([
      { vm: "vm-hub00", dev: "vxlan0", up: false, difference: expect.stringContaining("vm-hub00: link vxlan0 is missing or down") },
      { vm: "vm-hub100", dev: "vxlan0", up: true },
    ]);
    expect(v.differences).toEqual([expect.stringContaining("/var/log/cloud-init-output.log")]);
    expect(v.summary).toContain("links down: vm-hub00 vxlan0");
    // A router that prints no link line at all (an older probe) is named too.
    const silent = { ...outputs, "vm-hub100": healthy["vm-hub100"]! };
    const w = (await runProgram({ stack: "dev", lab: onCircuit, runCommandOutputs: silent })).outputs.verification as any;
    expect(w.differences).toContain("vm-hub100: no link line for vxlan0 in its probe output");
  });

  it("verify.run is part of every script: changing it re-runs the commands", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.verify = { run: 2 }), onCircuit(l)) });
    for (const rc of ofType(run, T.rc)) expect(rc.inputs.source.script).toContain("verify run 2 on");
  });
});

describe("verify.onDeploy", () => {
  it("false declares no run-command, and the output says why", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.verify = { onDeploy: false }), onCircuit(l)) });
    expect(ofType(run, T.rc)).toEqual([]);
    expect((run.outputs.verification as any).summary).toBe("verify not run on deploy: verify.onDeploy is false in the stack config");
  });
  it("default without circuits: off, with the reason", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(ofType(run, T.rc)).toEqual([]);
    expect((run.outputs.verification as any).summary).toMatch(
      /not run on deploy: off by default: vnet-hub00, vnet-hub100 carry a tunnel but have no circuitId/,
    );
  });
  it("true without circuits: runs, expecting what crosses ExpressRoute to fail", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.verify = { onDeploy: true }), l) });
    expect(ofType(run, T.rc)).toHaveLength(4);
    const v = run.outputs.verification as any;
    expect(v.underlay).toMatch(/no circuitId for vnet-hub00, vnet-hub100: what crosses ExpressRoute there is expected to fail/);
    expect(v.pairs.find((p: any) => p.from === "vm-hub101" && p.to === "vm-spoke10").reachable).toBe(false);
  });
  it("3x4: no run-command for the on-premises site's VMs", async () => {
    const run = await runProgram({ stack: join(FIXTURES, "Pulumi.3x4.yaml"), lab: onCircuit });
    expect(
      ofType(run, T.rc)
        .map((r) => r.inputs.vmName)
        .sort(),
    ).toEqual(
      ofType(run, T.vm)
        .map((r) => r.inputs.vmName)
        .sort(),
    );
  });
});
