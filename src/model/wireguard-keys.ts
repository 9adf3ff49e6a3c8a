// WireGuard keys: the private key of each tunnel end is an input to the renderer (Pulumi's
// RandomBytes on Azure, the emulation's own per-stack file), the public key is derived here.
import { createPrivateKey, createPublicKey } from "node:crypto";
import type { TunnelModel } from "./types.js";

/** A tunnel's secrets: its ends' WireGuard private keys (base64 of 32 bytes, as `wg genkey` prints
 *  them; features.encryption wireguard) and its BGP session password (routing: bgp). */
export interface TunnelSecret {
  readonly hub?: string;
  readonly site?: string;
  readonly bgp?: string;
}
/** Every tunnel's secrets, by its site's name. */
export type TunnelKeys = Readonly<Record<string, TunnelSecret>>;

/** A session password FRR's `neighbor … password` and Linux's TCP MD5 key both take: letters and
 *  digits only (nothing vtysh would split or quote), at most 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
export const BGP_PASSWORD = /^[A-Za-z0-9]{16,80}$/;

const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");

/** Raw 32 bytes of a base64 key, or an error naming what is wrong (never the key). */
export function raw32(base64: string, what: string): Buffer {
  const b = Buffer.from(base64, "base64");
  if (b.length !== 32 || b.toString("base64") !== base64) throw new Error(`${what}: a WireGuard key is the base64 of exactly 32 bytes`);
  return b;
}

/**
 * `wg pubkey`: X25519 of the private key with the base point. Any 32 bytes are a private key;
 * X25519 clamps the scalar itself (RFC 7748 decodeScalar25519), as wg does, so no clamping here
 * changes the result (test/validators compares with the real `wg pubkey`).
 */
export function publicKeyOf(privateKey: string, what = "private key"): string {
  // PKCS#8 of an X25519 key (RFC 8410): a fixed 16-byte prefix, then the raw key. (Node's JWK import
  // would need the public `x` already, which is what is being computed.)
  const der = Buffer.concat([PKCS8_X25519, raw32(privateKey, what)]);
  const priv = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const x = createPublicKey(priv).export({ format: "jwk" }).x;
  if (!x) throw new Error(`${what}: no public key derived`);
  return Buffer.from(x, "base64url").toString("base64");
}

/** The keys a tunnel's ends need, or an error naming the tunnel when they are not given. */
export function tunnelKeys(keys: TunnelKeys | undefined, t: TunnelModel): { hub: string; site: string } {
  const k = keys?.[t.key];
  if (!k?.hub || !k.site)
    throw new Error(
      `tunnel ${t.device} to ${t.site} runs over WireGuard (features.encryption) but no keys were given for it (key ${t.key})`,
    );
  return { hub: k.hub, site: k.site };
}

/** The BGP password of the session over a tunnel (routing: bgp), or an error naming the tunnel (never the password). */
export function bgpPassword(keys: TunnelKeys | undefined, site: string, device: string): string {
  const p = keys?.[site]?.bgp;
  if (!p) throw new Error(`tunnel ${device} to ${site} carries a BGP session (routing: bgp) but no password was given for it`);
  if (!BGP_PASSWORD.test(p)) throw new Error(`tunnel ${device} to ${site}: a BGP password is 16 to 80 letters and digits`);
  return p;
}
