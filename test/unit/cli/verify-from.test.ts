// `lab verify --from <file>`: Azure's answers (stack output or az vm run-command invoke JSON)
// judged against the model offline, printed as verify prints; no lab, no root needed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputsFrom, FromFileError } from "../../../src/cli/verify-from.js";
import { healthyOutputs, verification } from "../../../src/probe/verification.js";
import { labOf } from "../../support/stacks.js";
import { inProcessCli } from "../../support/in-process-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hsv-from-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};
const invoke = (stdout: string) => ({
  value: [{ code: "ProvisioningState/succeeded", message: `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n` }],
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const r = await inProcessCli(args);
  return { code: r.code, out: r.all };
}

const dev = labOf("dev");
const model = healthyOutputs(dev);

describe("verify --from", () => {
  it("az vm run-command invoke results, a list: each VM found by its targets; all as expected, exit 0", async () => {
    const r = await cli(["verify", "--stack", "dev", "--from", file("invoke.json", [...model.values()].map(invoke))]);
    expect(r.out).toContain("12/12 pairs as expected");
    expect(r.out).toMatch(/underlay: no circuitId for vnet-hub00, vnet-hub100/);
    expect(r.code).toBe(0);
  });
  it("an object VM -> invoke result, one pair differing: named, exit 1", async () => {
    const doc = Object.fromEntries(
      [...model].map(([vm, text]) => [
        vm,
        invoke(vm === "vm-hub00" ? text.replace(/target=10\.10\.0\.4 ping=1/, "target=10.10.0.4 ping=0") : text),
      ]),
    );
    const r = await cli(["verify", "--stack", "dev", "--from", file("by-vm.json", doc)]);
    expect(r.out).toContain("- ping: expected reachable, got no reply");
    expect(r.out).toMatch(/1 pair\(s\) differ:\n  vm-hub00 -> vm-spoke10 /);
    expect(r.code).toBe(1);
  });
  it("the verification stack output (alone or inside all outputs) is re-judged from its observations", () => {
    const v = verification(dev, model);
    expect(outputsFrom(dev, v)).toEqual(model);
    expect(outputsFrom(dev, { resourceGroupName: "rg", verification: v })).toEqual(model);
  });
  it("output that fits no VM, or no JSON at all: exit 2 with the reason", async () => {
    expect(() => outputsFrom(dev, [invoke("hsv-probe target=10.9.9.9 ping=1 tcp=1 hops=10.9.9.9")])).toThrow(FromFileError);
    const p = join(dir, "bad.json");
    writeFileSync(p, "not json");
    const r = await cli(["verify", "--stack", "dev", "--from", p]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/bad\.json/);
  });
});
