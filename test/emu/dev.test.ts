// The seed's topology with the fixes on: the routers themselves reach the far side, hop 2 shows.
import { beforeAll, describe, expect, it } from "vitest";
import { loadStack } from "../../src/emu/stack.js";
import { vtysh } from "../../src/emu/frr.js";
import type { VerifyResult } from "../../src/emu/verify.js";
import { settledVerify, skipReason, upForSuite } from "./helpers.js";

describe.skipIf(skipReason)("dev lab in namespaces (Pulumi.dev.yaml)", () => {
  const loaded = skipReason ? undefined! : loadStack("dev");
  let result: VerifyResult;
  upForSuite(loaded);
  beforeAll(async () => {
    result = await settledVerify(loaded);
  });
  const pair = (from: string, to: string) => result.pairs.find((p) => p.from === from && p.to === to)!;

  it("routers reach the far hosts", () => {
    expect(pair("vm-hub100", "vm-spoke10").observed).toMatchObject({ ping: true, tcp: true, hops: ["10.0.0.4", "10.10.0.4"] });
    expect(pair("vm-hub00", "vm-hub101").observed).toMatchObject({ ping: true, tcp: true, hops: ["10.100.0.4", "10.100.0.5"] });
  });
  it("hop 2 is visible from the site host", () => {
    expect(pair("vm-hub101", "vm-spoke10").observed.hops).toEqual(["10.100.0.4", "10.0.0.4", "10.10.0.4"]);
  });
  it("all pairs as expected", () => {
    expect(result.pairs.filter((p) => !p.asExpected).map((p) => `${p.from}->${p.to}: ${p.differences.join("; ")}`)).toEqual([]);
  });
  it("FRR carries the route-map source (vtysh on the router's own socket)", async () => {
    const hub00 = loaded.topo.nodes.find((n) => n.vm.name === "vm-hub00")!;
    const r = await vtysh(hub00, ["-c", "show ip route 10.100.0.0/16"]);
    expect(r.stdout).toContain("169.254.0.2");
    expect(r.stdout).toMatch(/static/);
  });
});
