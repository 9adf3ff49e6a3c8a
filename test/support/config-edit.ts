// The one way tests change a lab's config: a fresh writable copy of a stack's raw lab (or of the
// seed lab), edited in order, then built or judged. Lab variants the config cannot express are
// edits of the built model instead (lab-edits.ts).
import { buildLab } from "../../src/model/build.js";
import { readStackFile } from "../../src/config/stack-file.js";
import { SEED_LAB } from "../../src/config/seed.js";
import type { Lab } from "../../src/model/types.js";

export type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Edit = (lab: Raw) => void;

/** A writable copy of the stack's raw lab (no stack: the seed lab, what an empty config gives), each edit applied in order. */
export function rawLab(stack?: string, ...edits: Edit[]): Raw {
  const lab = structuredClone(stack === undefined ? SEED_LAB : (readStackFile(stack).lab ?? SEED_LAB)) as unknown as Raw;
  for (const edit of edits) edit(lab);
  return lab;
}

/** rawLab, built (throws LabConfigError on a config the rules refuse). */
export const editedLab = (stack: string | undefined, ...edits: Edit[]): Lab => buildLab(rawLab(stack, ...edits));

/** features.encryption wireguard, the other switches as the lab has them. */
export const encrypt: Edit = (lab) => {
  lab.features = { ...(lab.features ?? {}), encryption: "wireguard" };
};

/** routing: bgp, everything else as the lab has it. */
export const bgp: Edit = (lab) => {
  lab.routing = "bgp";
};
