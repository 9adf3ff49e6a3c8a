// `verify --from` on hub.pair (test/fixtures/Pulumi.pair.yaml with every gateway on its circuit):
// the four spoke <-> site pairs connect over TCP but get no ping reply (ICMP is not load-balanced:
// Learn, "Azure Load Balancer components", Limitations) and their traceroutes may show either hub
// router; the re-judged output, the grid and the JSON say so. Expected values written by hand
// (test/reference/pair/verify.matrix).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyFrom } from "../../../src/cli/verify-from.js";
import { MARK, PAIR_JSON_KEYS, PAIR_PING_KEY, renderGrid } from "../../../src/cli/matrix.js";
import { healthyOutputs, verification } from "../../../src/probe/verification.js";
import { FIXTURES } from "../../support/stacks.js";
import { editedLab } from "../../support/config-edit.js";
import { onCircuit } from "../../support/circuits.js";

const lab = editedLab(join(FIXTURES, "Pulumi.pair.yaml"), (l) => onCircuit(l));
const dir = mkdtempSync(join(tmpdir(), "hsv-from-pair-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};
const TCP_ONLY = ["vm-hub100 -> vm-spoke10", "vm-hub101 -> vm-spoke10", "vm-spoke10 -> vm-hub100", "vm-spoke10 -> vm-hub101"];

/** The healthy outputs with one probe line rewritten. */
const edited = (vm: string, from: RegExp, to: string) =>
  new Map([...healthyOutputs(lab)].map(([v, text]) => [v, v === vm ? text.replace(from, to) : text]));

describe("verification of a hub pair", () => {
  const v = verification(lab, healthyOutputs(lab));
  it("a healthy run: ping expected to fail exactly on the four spoke <-> site pairs, every pair as expected", () => {
    expect(v.pairs.filter((p) => p.ping === false).map((p) => `${p.from} -> ${p.to}`)).toEqual(TCP_ONLY);
    expect(v.pairs.filter((p) => "ping" in p)).toHaveLength(4);
    expect(v.ok).toBe(true);
    expect(v.summary).toMatch(/20\/20 pairs as expected/);
  });
  it("the JSON of such a pair: ping after reachable, the other keys as pinned", () => {
    const p = JSON.parse(JSON.stringify(v.pairs.find((x) => x.from === "vm-spoke10" && x.to === "vm-hub101")));
    const keys: string[] = [...PAIR_JSON_KEYS];
    keys.splice(keys.indexOf("reachable") + 1, 0, PAIR_PING_KEY);
    expect(Object.keys(p)).toEqual(keys);
    expect(p.hops).toEqual(["10.0.0.4|10.0.0.5", "10.100.0.4", "10.100.0.5"]);
  });
});

describe("verify --from re-judges hub pair observations", () => {
  it("the verification output re-judged: as expected, with the second hub router seen at hop 1", () => {
    const outputs = edited("vm-spoke10", /hops=10\.0\.0\.4,10\.100\.0\.4,10\.100\.0\.5/, "hops=10.0.0.5,10.100.0.4,10.100.0.5");
    const r = verifyFrom(lab, "pair", file("second.json", verification(lab, outputs)));
    expect(r.ok).toBe(true);
    expect(r.pairs.find((p) => p.from === "vm-spoke10" && p.to === "vm-hub101")!.observed).toEqual({
      ping: false,
      tcp: true,
      hops: ["10.0.0.5", "10.100.0.4", "10.100.0.5"],
    });
  });
  it("a ping reply through the load balancer, or a third address at hop 1, differs", () => {
    const pinged = edited("vm-spoke10", /target=10\.100\.0\.5 ping=0/, "target=10.100.0.5 ping=1");
    const r1 = verifyFrom(lab, "pair", file("pinged.json", verification(lab, pinged)));
    expect(r1.ok).toBe(false);
    expect(r1.pairs.filter((p) => !p.asExpected).map((p) => p.differences)).toEqual([["ping: expected unreachable, got reply"]]);
    const third = edited("vm-spoke10", /hops=10\.0\.0\.4,10\.100\.0\.4,10\.100\.0\.5/, "hops=10.0.0.6,10.100.0.4,10.100.0.5");
    const r2 = verifyFrom(lab, "pair", file("third.json", verification(lab, third)));
    expect(r2.pairs.filter((p) => !p.asExpected).map((p) => p.differences)).toEqual([
      ["traceroute: expected 10.0.0.4|10.0.0.5 10.100.0.4 10.100.0.5, got 10.0.0.6 10.100.0.4 10.100.0.5"],
    ]);
  });
});

describe("the grid of a hub pair", () => {
  const grid = renderGrid(verifyFrom(lab, "pair", file("healthy.json", verification(lab, healthyOutputs(lab)))));
  const row = (vm: string) => grid.split("\n").find((l) => new RegExp(`^\\d+ ${vm}\\b`).test(l))!;
  it("marks the TCP-only pairs ~ (as expected: no !) and says what ~ means", () => {
    expect(row("vm-spoke10").split(MARK.tcpOnly)).toHaveLength(3);
    expect(row("vm-hub100").split(MARK.tcpOnly)).toHaveLength(2);
    expect(row("vm-hub00")).not.toContain(MARK.tcpOnly);
    for (const vm of ["vm-hub00", "vm-hub01", "vm-hub100", "vm-hub101", "vm-spoke10"]) expect(row(vm)).not.toContain(MARK.differs);
    expect(grid).toContain("20/20 pairs as expected");
    expect(grid).toContain(`${MARK.tcpOnly} tcp/22 answered, ping not`);
  });
  it("a ping reply that should not be: the model's words name the unanswered ping and why", () => {
    const pinged = edited("vm-spoke10", /target=10\.100\.0\.5 ping=0/, "target=10.100.0.5 ping=1");
    const g = renderGrid(verifyFrom(lab, "pair", file("pinged-grid.json", verification(lab, pinged))));
    expect(g).toContain(
      "vm-spoke10 -> vm-hub101 (10.100.0.5): the model says tcp/22 reachable via 10.0.0.4|10.0.0.5 10.100.0.4 10.100.0.5, ping unanswered (fabric: vnet-spoke10/default -> 10.100.0.5: load balancer lbi-vnet-hub00-routers (10.0.0.10) does not balance ICMP (its HA ports rule carries TCP and UDP only))",
    );
  });
  it("a grid without such a pair has no ~ line (the dev lab's stays as it was)", () => {
    const dev = editedLab("dev", (l) => onCircuit(l));
    expect(renderGrid(verifyFrom(dev, "dev", file("dev.json", verification(dev, healthyOutputs(dev)))))).not.toContain(MARK.tcpOnly);
  });
});
