// Variant stacks: the dev topology edited, written as real stack files so the emulation reads them
// exactly as it reads Pulumi's; and a lab brought up for one piece of work and always taken down.
// Used by the emulation tests and the benches alike.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { readStackFile } from "../config/stack-file.js";
import { down, up } from "./lifecycle.js";
import { loadStack, type Loaded } from "./stack.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Writes Pulumi.<name>.yaml (dev topology edited by `edit`) and returns its path; the stack name is `name`. */
export const variantStack = (name: string, edit: (lab: Raw) => void): string => variantOf("dev", name, edit);

/** variantStack of any stack (a name or a stack file's path). */
export function variantOf(stack: string, name: string, edit: (lab: Raw) => void): string {
  const lab = structuredClone(readStackFile(stack).lab) as Raw;
  edit(lab);
  const dir = join(tmpdir(), "hsv-variant-stacks");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(path, yaml.dump({ config: { "hub-spoke-vxlan:lab": lab } }));
  return path;
}

/** Up from a clean slate: any leftover of the same stack (an interrupted run) is taken down first. */
export async function upFresh(l: Loaded): Promise<void> {
  await down(l.topo.stack).catch(() => {});
  await up(l);
}

/** Brings the lab up, runs fn, and always takes it down again (leftovers are the caller's to check). */
export async function withUp<T>(l: Loaded, fn: (l: Loaded) => Promise<T>): Promise<T> {
  try {
    await upFresh(l);
    return await fn(l);
  } finally {
    await down(l.topo.stack);
  }
}

/** withUp on a stack file (`tweak`: a test-only change of the loaded lab). */
export const withLab = <T>(path: string, fn: (l: Loaded) => Promise<T>, tweak: (l: Loaded) => Loaded = (l) => l): Promise<T> =>
  withUp(tweak(loadStack(path)), fn);
