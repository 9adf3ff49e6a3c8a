// Fixed WireGuard keys for tests (an encrypted lab: config-edit.ts encrypt).
import { createHash } from "node:crypto";
import type { Lab } from "../../src/model/types.js";
import type { TunnelKeys } from "../../src/model/wireguard-keys.js";

/** Deterministic keys: sha256 of "<site>/<end>" (what a test needs: fixed, distinct, 32 bytes). */
export function testKeys(lab: Lab, salt = ""): TunnelKeys {
  const k = (s: string) =>
    createHash("sha256")
      .update(salt + s)
      .digest("base64");
  return Object.fromEntries(lab.tunnels.map((t) => [t.site, { hub: k(`${t.site}/hub`), site: k(`${t.site}/site`) }]));
}
