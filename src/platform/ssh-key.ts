// The admin SSH key, checked the way Azure will judge it. Learn "Create and manage SSH keys for
// authentication to a Linux VM in Azure" (https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed):
// "Azure currently supports following key types: SSH protocol 2 (SSH-2) RSA ... with a minimum
// length of 2048 bits; ED25519 Keys". ECDSA is not in that list.
const MIN_RSA_BITS = 2048;
const LINE = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: [^\r\n]*)?$/;

/** Reads the SSH wire format's length-prefixed strings (RFC 4253 §6.6). */
function reader(blob: Buffer) {
  let at = 0;
  return {
    next(): Buffer | undefined {
      if (at + 4 > blob.length) return undefined;
      const n = blob.readUInt32BE(at);
      if (at + 4 + n > blob.length) return undefined;
      const part = blob.subarray(at + 4, at + 4 + n);
      at += 4 + n;
      return part;
    },
    done: () => at === blob.length,
  };
}

/** Bits of an mpint (big-endian two's complement, positive here). */
function mpintBits(m: Buffer): number {
  let i = 0;
  while (i < m.length && m[i] === 0) i++;
  if (i === m.length) return 0;
  return (m.length - i - 1) * 8 + (32 - Math.clz32(m[i]!));
}

/** Why Azure would not take this OpenSSH public key line, or undefined. */
export function sshKeyProblem(line: string): string | undefined {
  if (line.startsWith("-----BEGIN")) return "not an OpenSSH public key: this is a PEM or private key (use the contents of the .pub file)";
  const m = LINE.exec(line);
  if (!m) return "not an OpenSSH public key line (<type> <base64> [comment], e.g. the contents of ~/.ssh/id_ed25519.pub)";
  const [, type, b64] = m as unknown as [string, string, string];
  if (type.startsWith("ecdsa-") || type.startsWith("sk-")) {
    return `${type} keys are not accepted by Azure (RSA of at least ${MIN_RSA_BITS} bits or ssh-ed25519 only)`;
  }
  if (type !== "ssh-rsa" && type !== "ssh-ed25519")
    return `"${type}" is not a key type Azure accepts (ssh-rsa of at least ${MIN_RSA_BITS} bits, or ssh-ed25519)`;
  const blob = Buffer.from(b64, "base64");
  if (blob.toString("base64").replace(/=+$/, "") !== b64.replace(/=+$/, "")) return "the key's base64 is malformed";
  const r = reader(blob);
  const inner = r.next()?.toString("latin1");
  if (inner !== type) return `the key says ${type} but its data holds ${inner === undefined ? "no key type" : `a ${inner} key`}`;
  if (type === "ssh-ed25519") {
    const key = r.next();
    if (key?.length !== 32 || !r.done()) return "the ssh-ed25519 key data is malformed (expected one 32-byte key)";
    return undefined;
  }
  const e = r.next();
  const n = r.next();
  if (!e || !n || !r.done()) return "the ssh-rsa key data is malformed (expected exponent and modulus)";
  const bits = mpintBits(n);
  if (bits < MIN_RSA_BITS) return `RSA key of ${bits} bits; Azure needs at least ${MIN_RSA_BITS}`;
  return undefined;
}
