// Fixed WireGuard keys for tests (an encrypted lab: config-edit.ts encrypt).
import { createHash } from "node:crypto";
import type { Lab } from "../../src/model/types.js";

/** Deterministic stand-ins for a stack's secrets, by tunnel key (the site's name, <site>-<router> for
 *  hub.pair's tunnels): WireGuard keys sha256 of "<key>/<end>", BGP passwords the first 32 hex digits of sha256("<key>/bgp"). */
export function testKeys(lab: Lab, salt = ""): Record<string, { hub: string; site: string; bgp: string }> {
  const k = (s: string) =>
    createHash("sha256")
      .update(salt + s)
      .digest("base64");
  const pw = (s: string) => createHash("sha256").update(`${salt}${s}/bgp`).digest("hex").slice(0, 32);
  return Object.fromEntries(lab.tunnels.map((t) => [t.key, { hub: k(`${t.key}/hub`), site: k(`${t.key}/site`), bgp: pw(t.key) }]));
}
