// Fixed WireGuard keys for tests (an encrypted lab: config-edit.ts encrypt).
import { createHash } from "node:crypto";
import type { Lab } from "../../src/model/types.js";

/** Deterministic keys: sha256 of "<site>/<end>" (what a test needs: fixed, distinct, 32 bytes). */
/** Deterministic stand-ins for a stack's secrets: WireGuard keys and (hex, 32 characters) BGP passwords. */
export function testKeys(lab: Lab, salt = ""): Record<string, { hub: string; site: string; bgp: string }> {
  const k = (s: string) =>
    createHash("sha256")
      .update(salt + s)
      .digest("base64");
  const pw = (s: string) => createHash("sha256").update(`${salt}${s}/bgp`).digest("hex").slice(0, 32);
  return Object.fromEntries(lab.tunnels.map((t) => [t.site, { hub: k(`${t.site}/hub`), site: k(`${t.site}/site`), bgp: pw(t.site) }]));
}
