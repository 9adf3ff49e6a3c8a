// WireGuard private keys for features.encryption wireguard: 32 random bytes per tunnel end from
// @pulumi/random's RandomBytes, whose base64 output Pulumi keeps secret ("intended to be used as a
// secret, or key", additionalSecretOutputs base64/hex: https://www.pulumi.com/registry/packages/random/api-docs/randombytes/).
// wg takes any 32 bytes as a private key and clamps it itself; the public keys are derived by the
// renderer (model/wireguard-keys.ts). Kept in the stack's state, so a key changes only with its tunnel.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Lab } from "../model/types.js";
import type { TunnelKeys } from "../model/wireguard-keys.js";

export function wireguardKeys(lab: Lab, opts: pulumi.CustomResourceOptions): pulumi.Output<TunnelKeys> | undefined {
  if (!lab.encrypted) return undefined;
  const key = (name: string) => new random.RandomBytes(name, { length: 32 }, opts).base64;
  const perTunnel = lab.tunnels.map((t) =>
    pulumi.all([key(`wg-${t.site}-hub`), key(`wg-${t.site}-site`)]).apply(([hub, site]) => [t.site, { hub, site }] as const),
  );
  return pulumi.secret(pulumi.all(perTunnel).apply((entries) => Object.fromEntries(entries) as TunnelKeys));
}

/** Same-length stand-ins for the real keys: the customData size check runs before the keys exist. */
export function placeholderKeys(lab: Lab): TunnelKeys {
  const zero = Buffer.alloc(32).toString("base64");
  return Object.fromEntries(lab.tunnels.map((t) => [t.site, { hub: zero, site: zero }]));
}
