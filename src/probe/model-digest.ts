// Which model a verify run was judged with: a digest of the resolved config, the one input every
// fact of the lab is built from (address spaces, NSGs, UDRs, peerings, sizes, access, verify.run).
// The Azure probe prints it, so a probe output from an older model is named stale, never misjudged.
import { createHash } from "node:crypto";
import type { Lab } from "../model/types.js";

/** JSON with every object's keys sorted: the same config gives the same text whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** The first 16 hex digits of sha256 over the resolved config (collisions do not matter at this scale). */
export const modelDigest = (lab: Lab): string => createHash("sha256").update(canonicalJson(lab.config)).digest("hex").slice(0, 16);

/** The line the Azure probe prints first: which model its targets came from. */
export const MODEL_LINE = "hsv-model";
export const modelLine = (digest: string): string => `${MODEL_LINE} ${digest}`;

/** The model a probe output names, if it names one. */
export function modelOf(output: string): string | undefined {
  const m = new RegExp(`^${MODEL_LINE} ([0-9a-f]+)\\s*$`, "m").exec(output);
  return m?.[1];
}
