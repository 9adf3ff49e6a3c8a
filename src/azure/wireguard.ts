// Tunnel secrets. WireGuard private keys for features.encryption wireguard: 32 random bytes per tunnel end from
// @pulumi/random's RandomBytes, whose base64 output Pulumi keeps secret ("intended to be used as a
// secret, or key", additionalSecretOutputs base64/hex: https://www.pulumi.com/registry/packages/random/api-docs/randombytes/).
// wg takes any 32 bytes as a private key and clamps it itself; the public keys are derived by the
// renderer (model/wireguard-keys.ts). Kept in the stack's state, so a key changes only with its tunnel.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Lab } from "../model/types.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";

// routing: bgp: each tunnel's session password is a RandomPassword, letters and digits only (what
// BGP_PASSWORD allows: nothing vtysh splits), 32 long; its result is secret ("result ... sensitive",
// https://www.pulumi.com/registry/packages/random/api-docs/randompassword/).
export const BGP_PASSWORD_LENGTH = 32;

export function wireguardKeys(lab: Lab, opts: pulumi.CustomResourceOptions): pulumi.Output<TunnelKeys> | undefined {
  const bgp = lab.routing === "bgp";
  if (!lab.encrypted && !bgp) return undefined;
  const key = (name: string) => new random.RandomBytes(name, { length: 32 }, opts).base64;
  const password = (name: string) =>
    new random.RandomPassword(name, { length: BGP_PASSWORD_LENGTH, special: false, upper: true, lower: true, numeric: true }, opts).result;
  const none = pulumi.output(undefined);
  const perTunnel = lab.tunnels.map((t) =>
    pulumi
      .all([
        lab.encrypted ? key(`wg-${t.key}-hub`) : none,
        lab.encrypted ? key(`wg-${t.key}-site`) : none,
        bgp ? password(`bgp-${t.key}`) : none,
      ])
      .apply(([hub, site, pw]) => [t.key, { ...(hub ? { hub } : {}), ...(site ? { site } : {}), ...(pw ? { bgp: pw } : {}) }] as const),
  );
  return pulumi.secret(pulumi.all(perTunnel).apply((entries) => Object.fromEntries(entries) as TunnelKeys));
}

/** Same-length stand-ins for the real secrets: the customData size check runs before they exist. */
export function placeholderKeys(lab: Lab): TunnelKeys {
  const zero = Buffer.alloc(32).toString("base64");
  const pw = "0".repeat(BGP_PASSWORD_LENGTH);
  return Object.fromEntries(lab.tunnels.map((t) => [t.key, { hub: zero, site: zero, bgp: pw }]));
}
