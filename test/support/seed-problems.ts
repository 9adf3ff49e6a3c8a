// The problems of the seed lab after one edit (tryBuildLab), for the per-rule tests.
import { tryBuildLab } from "../../src/model/build.js";
import type { Problem } from "../../src/model/problems.js";
import { SEED_LAB } from "../../src/model/seed.js";

export type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const seedLab = (): Mutable => structuredClone(SEED_LAB) as unknown as Mutable;

export function problemsOf(edit: (c: Mutable) => void): Problem[] {
  const c = seedLab();
  edit(c);
  const r = tryBuildLab(c);
  return r.ok ? [] : r.problems;
}
