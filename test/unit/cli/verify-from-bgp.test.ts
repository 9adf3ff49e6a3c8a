// `verify --from` with routing: bgp: the routers' BGP reports (the probe's hsv-bgp lines, or a recorded
// verification's routing[].observed) judged with the same judge as the emulation (src/probe/bgp.ts).
// The lab is the dev stack with routing: bgp; expected differences written by hand from it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { outputsFrom } from "../../../src/cli/verify-from.js";
import { healthyOutputs, verification } from "../../../src/probe/verification.js";
import { bgp, editedLab, rawLab } from "../../support/config-edit.js";
import { labOf } from "../../support/stacks.js";
import { inProcessCli } from "../../support/in-process-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-from-bgp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const stack = write("Pulumi.devbgp.yaml", yaml.dump({ config: { "hub-spoke-vxlan:lab": rawLab("dev", bgp) } }));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const r = await inProcessCli(args);
  return { code: r.code, out: r.all };
}

const lab = editedLab("dev", bgp);
const model = healthyOutputs(lab);
// What vm-hub00's bgpd reports when the site leaks 10.99.0.0/16 through both filters (the FRR JSON
// of test/fixtures/frr-bgp/hub00-extra.json, reduced to the fields judged).
const LEAKED =
  'hsv-bgp rc=0 {"as":65000,"peers":{"169.254.0.2":{"remoteAs":65001,"state":"Established"}}}' +
  '{"routes":{"10.10.0.0/16":[{"peerId":"(unspec)"}],"10.99.0.0/16":[{"peerId":"169.254.0.2"}],"10.100.0.0/16":[{"peerId":"169.254.0.2"}]}}';

describe("verify --from, routing: bgp", () => {
  it("the routers' probes carry their BGP report; as the model says: both sessions as expected, exit 0", async () => {
    expect(model.get("vm-hub00")).toMatch(/^hsv-bgp rc=0 \{/m);
    expect(model.get("vm-spoke10")).not.toMatch(/hsv-bgp/);
    const r = await cli(["verify", "--stack", stack, "--from", write("healthy.json", JSON.stringify(Object.fromEntries(model)))]);
    expect(r.out).toContain("12/12 pairs as expected");
    expect(r.out).toContain("2/2 BGP sessions as expected");
    expect(r.code).toBe(0);
  });

  it("a leaked prefix in a probe output: named, exit 1, though every pair is as expected", async () => {
    const doc = Object.fromEntries([...model].map(([vm, t]) => [vm, vm === "vm-hub00" ? t.replace(/^hsv-bgp .*$/m, LEAKED) : t]));
    const r = await cli(["verify", "--stack", stack, "--from", write("leak.json", JSON.stringify(doc))]);
    expect(r.out).toContain("12/12 pairs as expected");
    expect(r.out).toContain(
      "1 routing difference(s):\n  - vm-hub00: extra 10.99.0.0/16 learned from vm-hub100 (169.254.0.2, vxlan0), which the model does not send",
    );
    expect(r.code).toBe(1);
  });

  it("a recorded verification is re-judged from routing[].observed (the same verdicts), and its JSON keeps routing", () => {
    const leaked = new Map([...model].map(([vm, t]) => [vm, vm === "vm-hub00" ? t.replace(/^hsv-bgp .*$/m, LEAKED) : t]));
    const v = verification(lab, leaked);
    expect(v.ok).toBe(false);
    expect(v.differences).toEqual([
      "vm-hub00: extra 10.99.0.0/16 learned from vm-hub100 (169.254.0.2, vxlan0), which the model does not send",
    ]);
    expect(v.summary).toBe("verify run 1: 12/12 pairs as expected; 1/2 BGP sessions as expected");
    const again = verification(lab, outputsFrom(lab, JSON.parse(JSON.stringify(v))));
    expect(again.routing).toEqual(v.routing);
    expect(again.differences).toEqual(v.differences);
  });

  it("a router's probe without its BGP report (an old probe, or run without -b) is a named difference", () => {
    const v = verification(lab, new Map([...model].map(([vm, t]) => [vm, t.replace(/^hsv-bgp .*\n/m, "")])));
    expect(v.differences).toEqual([
      "vm-hub00: no BGP report: no hsv-bgp line in its probe output",
      "vm-hub100: no BGP report: no hsv-bgp line in its probe output",
    ]);
  });
  it("static routing: the verification output is as before (no routing key, no BGP in its summary)", () => {
    const dev = labOf("dev");
    const v = verification(dev, healthyOutputs(dev));
    expect(Object.keys(v)).not.toContain("routing");
    expect(v.summary).toBe("verify run 1: 12/12 pairs as expected");
  });
});
