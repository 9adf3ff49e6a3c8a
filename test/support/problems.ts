// Config problems for rule tests: the seed lab, changed one way, and what the model says of it.
import { expect } from "vitest";
import { tryBuildLab } from "../../src/model/build.js";
import type { Problem } from "../../src/model/problems.js";
import { SEED_LAB } from "../../src/model/seed.js";

export type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Change = Mutable | ((c: Mutable) => void);

/** A fresh, writable copy of the seed lab's config. */
export const seedConfig = (): Mutable => structuredClone(SEED_LAB) as unknown as Mutable;

/** Every problem of a config, or of the seed lab after `mutate`; [] when it builds. */
export function problemsOf(change: Change): Problem[] {
  const c = typeof change === "function" ? seedConfig() : change;
  if (typeof change === "function") change(c);
  const r = tryBuildLab(c);
  return r.ok ? [] : r.problems;
}

/** Exactly one problem, on `key`, with this message (a string is compared whole). */
export function expectOnly(change: Change, key: string, message: string | RegExp): void {
  const ps = problemsOf(change);
  expect(ps, JSON.stringify(ps, null, 1)).toEqual([
    { key, message: typeof message === "string" ? message : expect.stringMatching(message) },
  ]);
}
