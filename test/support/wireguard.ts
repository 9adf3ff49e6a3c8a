// Encrypted variants of the shipped stacks (features.encryption wireguard) and fixed test keys.
import { createHash } from "node:crypto";
import { buildLab } from "../../src/model/build.js";
import { readStackFile } from "../../src/config/stack-file.js";
import type { Lab } from "../../src/model/types.js";
import type { TunnelKeys } from "../../src/model/wireguard-keys.js";

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The stack's raw lab with features.encryption wireguard (other switches as the stack has them). */
export function encryptedRaw(stack: string, edit: (lab: Raw) => void = () => {}): Raw {
  const lab = structuredClone(readStackFile(stack).lab ?? {}) as Raw;
  lab.features = { ...(lab.features ?? {}), encryption: "wireguard" };
  edit(lab);
  return lab;
}

export const encryptedLab = (stack: string, edit?: (lab: Raw) => void): Lab => buildLab(encryptedRaw(stack, edit));

/** Deterministic keys: sha256 of "<site>/<end>" (what a test needs: fixed, distinct, 32 bytes). */
export function testKeys(lab: Lab, salt = ""): TunnelKeys {
  const k = (s: string) =>
    createHash("sha256")
      .update(salt + s)
      .digest("base64");
  return Object.fromEntries(lab.tunnels.map((t) => [t.site, { hub: k(`${t.site}/hub`), site: k(`${t.site}/site`) }]));
}
