// The verify grid (pure) and the pinned shape of `verify --json`.
import { describe, expect, it } from "vitest";
import { cell, MARK, PAIR_JSON_KEYS, renderGrid, VERIFY_JSON_KEYS, vmsOf } from "../../../src/cli/matrix.js";
import { byPair, expectAll } from "../../../src/routing/walk.js";
import { compare, type Observed, type PairResult, type VerifyResult } from "../../../src/emu/verify.js";
import { labOf } from "../../support/stacks.js";

/** A verify result as if every probe saw what the model says, except the pairs `flip` names. */
function result(stack: string, flip: (from: string, to: string) => boolean = () => false): VerifyResult {
  const pairs: PairResult[] = expectAll(labOf(stack))
    .sort(byPair)
    .map((e) => {
      const asModel: Observed = { ping: e.reachable, tcp: e.reachable, hops: e.hops };
      const observed: Observed = flip(e.from, e.to) ? { ping: !e.reachable, tcp: !e.reachable, hops: [] } : asModel;
      const differences = compare(e, observed);
      return { ...e, observed, asExpected: differences.length === 0, differences };
    });
  return { stack, pairs, ok: pairs.every((p) => p.asExpected), ms: 5 };
}

const rowOf = (grid: string, vm: string) => grid.split("\n").find((l) => new RegExp(`^\\d+ ${vm}\\b`).test(l))!;

describe("verify grid (pure)", () => {
  it("dev: a 4 x 4 grid, all reachable, nothing listed as differing", () => {
    const g = renderGrid(result("dev"));
    expect(vmsOf(result("dev"))).toHaveLength(4);
    for (const vm of ["vm-hub00", "vm-hub100", "vm-hub101", "vm-spoke10"]) {
      const row = rowOf(g, vm);
      expect(row.split(MARK.reachable).length - 1, row).toBe(3);
      expect(row).toContain(MARK.self);
      expect(row).not.toContain(MARK.differs);
    }
    expect(g).toContain("12/12 pairs as expected");
    expect(g).not.toContain("differ:");
  });
  it("seed: the routers' unreachable pairs are '·' and as expected", () => {
    const g = renderGrid(result("seed"));
    expect(rowOf(g, "vm-hub100")).toContain(MARK.unreachable);
    for (const vm of vmsOf(result("seed"))) expect(rowOf(g, vm)).not.toContain(MARK.differs);
    expect(g).not.toContain("differ:");
  });
  it("a pair that differs is marked in its cell and listed under the grid with why", () => {
    const r = result("seed", (f, t) => f === "vm-hub100" && t === "vm-spoke10");
    const g = renderGrid(r);
    const vms = vmsOf(r);
    const row = rowOf(g, "vm-hub100");
    const cells = row
      .replace(/^\d+ vm-hub100\s+/, "")
      .split(/\s+/)
      .filter(Boolean);
    // Column of vm-spoke10: observed reachable (the flip) and marked as differing.
    expect(cells[vms.indexOf("vm-spoke10")]).toBe(`${MARK.reachable}${MARK.differs}`);
    expect(g).toContain("1 pair(s) differ:");
    expect(g).toMatch(/vm-hub100 -> vm-spoke10 \(10\.10\.0\.4\): the model says unreachable \(.*link-local source 169\.254\.0\.2/);
    expect(g).toContain("ping: expected unreachable, got reply");
    expect(g).toContain("11/12 pairs as expected");
  });
  it("cell marks", () => {
    expect(cell(undefined)).toBe(`${MARK.self} `);
  });
});

describe("verify --json shape (stable)", () => {
  it("pins the top-level keys and each pair's keys", () => {
    const json = JSON.parse(JSON.stringify(result("seed", (f) => f === "vm-hub101"))) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([...VERIFY_JSON_KEYS]);
    const pairs = json.pairs as Record<string, unknown>[];
    const unreachable = pairs.find((p) => p.reachable === false)!;
    expect(Object.keys(unreachable)).toEqual([...PAIR_JSON_KEYS]);
    // `why` is there only for pairs the model says are unreachable.
    const reachable = pairs.find((p) => p.reachable === true)!;
    expect(Object.keys(reachable)).toEqual(PAIR_JSON_KEYS.filter((k) => k !== "why"));
    expect(Object.keys(reachable.observed as object)).toEqual(["ping", "tcp", "hops"]);
  });
});
