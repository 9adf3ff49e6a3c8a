// The hand-written reference matrices (test/reference/<stack>/verify.matrix) against the model's own walk
// (src/routing/walk.ts): no root, no emulation, so a model change users would feel (a route, a
// UDR, a feature default) turns this red everywhere. Also the format's parser.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { expectAll } from "../../../src/routing/walk.js";
import { expectsPing, type Expectation } from "../../../src/probe/contract.js";
import { buildLab } from "../../../src/model/build.js";
import { readStackFile } from "../../../src/config/stack-file.js";
import type { Lab } from "../../../src/model/types.js";
import { diffMatrix, loadReference, parseReference, ReferenceFormatError, type SeenPair } from "../../support/reference.js";
import { nonEmpty } from "../../support/non-empty.js";
import { ROOT } from "../../support/cli.js";
import { rawLab } from "../../support/config-edit.js";

const REFERENCES = ["dev", "seed", "peering", "site2", "3x4", "pair"];

const modelSees = (e: Expectation): SeenPair => ({
  from: e.from,
  to: e.to,
  destination: e.destination,
  ping: expectsPing(e),
  tcp: e.reachable,
  hops: e.hops,
});
const referenceLab = (name: string) => rawLab(join(ROOT, loadReference(name).file));

describe.each(nonEmpty(REFERENCES))("reference %s/verify.matrix", (name) => {
  const ref = loadReference(name);
  const sf = readStackFile(join(ROOT, ref.file));
  const lab: Lab = buildLab(sf.lab);

  it("names its stack file, and the stack's name", () => {
    expect(sf.stack).toBe(ref.stack);
    expect(ref.stack).toBe(name);
  });

  it("lists every ordered pair of the lab's VMs once, with the destination's address", () => {
    const want = lab.vms.flatMap((a) => lab.vms.filter((b) => b !== a).map((b) => `${a.name} ${b.name} ${b.address}`)).sort();
    expect(ref.pairs.map((p) => `${p.from} ${p.to} ${p.destination}`).sort()).toEqual(want);
  });

  it("agrees with the model's walk (expect.ts), pair by pair, every hop's alternatives exactly", () => {
    expect(diffMatrix(ref, expectAll(lab).map(modelSees), "model", "exact")).toEqual([]);
  });
});

describe("the comparison catches model changes users would feel", () => {
  const dev = loadReference("dev");
  const diffOf = (edit: (lab: Record<string, any>) => void) => {
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const raw = referenceLab("dev");
    edit(raw);
    return diffMatrix(dev, expectAll(buildLab(raw)).map(modelSees), "model");
  };

  it("routerSource off: the routers lose the far side (the seed's caveat)", () => {
    const d = diffOf((l) => (l.features = { routerSource: false }));
    expect(d.some((x) => x.startsWith("vm-hub100 -> vm-spoke10 ") && x.includes("ping: reference reachable, model no reply"))).toBe(true);
    expect(
      d.some(
        (x) =>
          x.startsWith("vm-hub101 -> vm-spoke10 ") &&
          x.includes("hops: reference 10.100.0.4 10.0.0.4 10.10.0.4 | model 10.100.0.4 ??? 10.10.0.4"),
      ),
    ).toBe(true);
  });

  it("dropLinkLocalSource off: the seed's ??? would not appear, so seed/verify.matrix differs", () => {
    const raw = referenceLab("seed");
    raw.emulation = { dropLinkLocalSource: false };
    const d = diffMatrix(loadReference("seed"), expectAll(buildLab(raw)).map(modelSees), "model");
    expect(d.length).toBeGreaterThan(0);
  });

  it("a VM more or a VM less is a missing or extra pair, never ignored", () => {
    const d = diffOf((l) => l.spokes[0].hosts.push({ name: "vm-spoke11", address: "10.10.0.5" }));
    expect(d.filter((x) => x.includes("not in the reference"))).toHaveLength(8); // 4 VMs to it, 4 from it
    const partial = { ...dev, pairs: dev.pairs.slice(1) };
    expect(diffMatrix(partial, expectAll(buildLab(referenceLab("dev"))).map(modelSees))).toEqual([
      `${dev.pairs[0]!.from} -> ${dev.pairs[0]!.to} (${dev.pairs[0]!.destination}): observed, not in the reference`,
    ]);
  });
});

describe("the pair reference catches a walk that misses a choice or the load balancer's rule", () => {
  const ref = loadReference("pair");
  const lab = buildLab(referenceLab("pair"));

  it("a walk that took only the first hub router lists one alternative: exactly compared, a difference", () => {
    const first = expectAll(lab).map((e) => ({ ...modelSees(e), hops: e.hops.map((h) => h.split("|")[0]!) }));
    const d = diffMatrix(ref, first, "model", "exact");
    expect(d).toHaveLength(4);
    expect(d.find((x) => x.startsWith("vm-spoke10 -> vm-hub101 "))).toContain(
      "hops: reference 10.0.0.4|10.0.0.5 10.100.0.4 10.100.0.5 | model 10.0.0.4 10.100.0.4 10.100.0.5",
    );
    // What one probe saw is one of them: as observed, no difference.
    expect(diffMatrix(ref, first)).toEqual([]);
  });

  it("a probe that saw a third address at a hop with alternatives differs", () => {
    const seen = expectAll(lab).map((e) => ({ ...modelSees(e), hops: e.hops.map((h) => (h.includes("|") ? "10.0.0.6" : h)) }));
    const d = diffMatrix(ref, seen);
    expect(d).toHaveLength(4);
    expect(d.every((x) => /hops: reference .*10\.0\.0\.4\|10\.0\.0\.5.* \| observed .*10\.0\.0\.6/.test(x))).toBe(true);
  });

  it("ping answered where the reference says tcp-only is a difference; so is a ping-less pair that should answer", () => {
    const seen = expectAll(lab).map((e) => ({ ...modelSees(e), ping: !modelSees(e).ping }));
    const d = diffMatrix(ref, seen);
    expect(d).toHaveLength(20);
    expect(d.find((x) => x.startsWith("vm-hub100 -> vm-spoke10 "))).toContain("ping: reference unreachable, observed reply");
    expect(d.find((x) => x.startsWith("vm-hub100 -> vm-hub00 "))).toContain("ping: reference reachable, observed no reply");
  });

  it("without the load balancer the frontend is no NIC: every spoke <-> site pair is lost", () => {
    const { loadBalancer: _gone, ...noLb } = lab;
    const d = diffMatrix(ref, expectAll(noLb).map(modelSees), "model", "exact");
    expect(d.map((x) => x.split(" (")[0])).toEqual([
      "vm-spoke10 -> vm-hub100",
      "vm-spoke10 -> vm-hub101",
      "vm-hub100 -> vm-spoke10",
      "vm-hub101 -> vm-spoke10",
    ]);
    expect(d[0]).toContain("tcp/22: reference reachable, model no connection");
  });
});

describe("parseReference", () => {
  const head = "stack x\nfile Pulumi.x.yaml\n";
  const ok = `${head}pairs 2\n# c\na b 10.0.0.5 reachable 10.0.0.4 10.0.0.5\nb a 10.0.0.4 unreachable ??? ??? ??? ??? ??? ???\n`;

  it("reads directives, pairs, ??? hops and comments", () => {
    const r = parseReference(ok);
    expect(r.stack).toBe("x");
    expect(r.file).toBe("Pulumi.x.yaml");
    expect(r.pairs).toEqual([
      { from: "a", to: "b", destination: "10.0.0.5", reachable: true, hops: ["10.0.0.4", "10.0.0.5"], line: 5 },
      { from: "b", to: "a", destination: "10.0.0.4", reachable: false, hops: ["???", "???", "???", "???", "???", "???"], line: 6 },
    ]);
  });

  it("reads tcp-only (ping false, only there) and a hop's alternatives", () => {
    const r = parseReference(`${head}pairs 2\na b 10.0.0.5 tcp-only 10.0.0.4|10.0.0.6 10.0.0.5\nb a 10.0.0.4 reachable 10.0.0.4\n`);
    expect(r.pairs).toEqual([
      { from: "a", to: "b", destination: "10.0.0.5", reachable: true, ping: false, hops: ["10.0.0.4|10.0.0.6", "10.0.0.5"], line: 4 },
      { from: "b", to: "a", destination: "10.0.0.4", reachable: true, hops: ["10.0.0.4"], line: 5 },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ["a wrong verdict", `${head}pairs 1\na b 10.0.0.5 maybe 10.0.0.5\n`, /:4: verdict "maybe"/],
    ["a bad hop", `${head}pairs 1\na b 10.0.0.5 reachable 10.0.0.x 10.0.0.5\n`, /:4: hop "10.0.0.x"/],
    ["a bad alternative", `${head}pairs 1\na b 10.0.0.5 reachable 10.0.0.4|x 10.0.0.5\n`, /:4: hop "x"/],
    ["an alternative twice", `${head}pairs 1\na b 10.0.0.5 reachable 10.0.0.4|10.0.0.4 10.0.0.5\n`, /lists an alternative twice/],
    ["a tcp-only pair not ending at its destination", `${head}pairs 1\na b 10.0.0.5 tcp-only 10.0.0.4\n`, /tcp-only, but the last hop/],
    ["a reachable pair not ending at its destination", `${head}pairs 1\na b 10.0.0.5 reachable 10.0.0.4\n`, /last hop is 10.0.0.4/],
    ["an unreachable pair with fewer than 6 TTLs", `${head}pairs 1\na b 10.0.0.5 unreachable ??? ???\n`, /all 6 TTLs/],
    ["a pair twice", `${head}pairs 2\na b 10.0.0.5 reachable 10.0.0.5\na b 10.0.0.5 reachable 10.0.0.5\n`, /:5: a -> b listed twice/],
    ["a wrong count", `${head}pairs 3\na b 10.0.0.5 reachable 10.0.0.5\n`, /"pairs 3" but 1 pair lines/],
    ["no stack line", "file f\npairs 0\n", /no "stack" line/],
    ["a short line", `${head}pairs 1\na b reachable\n`, /:4: a pair line is/],
  ];
  it.each(nonEmpty(bad))("rejects %s, naming the line", (_what, text, message) => {
    expect(() => parseReference(text)).toThrow(ReferenceFormatError);
    expect(() => parseReference(text)).toThrow(message);
  });
});
