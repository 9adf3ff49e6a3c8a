// sshKeyProblem (src/platform/ssh-key.ts) on keys built from the wire format itself: RFC 4253 §6.6
// (ssh-rsa: string "ssh-rsa", mpint e, mpint n), RFC 8709 §4 (ssh-ed25519: string "ssh-ed25519",
// string of the 32-byte key), RFC 4251 §5 (string and mpint encodings), RFC 4648 §4 (base64 padding).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sshKeyProblem } from "../../../src/platform/ssh-key.js";

const str = (b: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};
const line = (type: string, ...parts: Buffer[]) =>
  `${type} ${Buffer.concat([str(Buffer.from(type)), ...parts.map(str)]).toString("base64")}`;
/** n and e of a fresh RSA key, as unsigned big-endian bytes (no sign byte). */
const rsa = (bits: number) => {
  const { n, e } = generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" }) as { n: string; e: string };
  return { n: Buffer.from(n, "base64url"), e: Buffer.from(e, "base64url") };
};
/** Canonical mpint: a 0 byte in front when the top bit is set. */
const mpint = (b: Buffer) => (b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);

describe("sshKeyProblem: RSA sizes", () => {
  it("a 4096-bit key (its base64 ends in '==': 535 bytes of blob) is accepted", () => {
    const { n, e } = rsa(4096);
    const l = line("ssh-rsa", mpint(e), mpint(n));
    expect(l.endsWith("==")).toBe(true);
    expect(sshKeyProblem(l)).toBeUndefined();
  });
  it("a 2049-bit modulus (no sign byte, top byte 0x01) is enough; 2047 bits is not, and says 2047", () => {
    const big = rsa(2049);
    expect(sshKeyProblem(line("ssh-rsa", mpint(big.e), mpint(big.n)))).toBeUndefined();
    const small = rsa(2047);
    expect(sshKeyProblem(line("ssh-rsa", mpint(small.e), mpint(small.n)))).toBe("RSA key of 2047 bits; Azure needs at least 2048");
  });
  it("leading zero bytes of the modulus do not count as bits (OpenSSH trims them)", () => {
    const { n, e } = rsa(2047);
    const padded = Buffer.concat([Buffer.from([0, 0]), n]);
    expect(sshKeyProblem(line("ssh-rsa", mpint(e), padded))).toBe("RSA key of 2047 bits; Azure needs at least 2048");
    const big = rsa(2048);
    expect(sshKeyProblem(line("ssh-rsa", mpint(big.e), Buffer.concat([Buffer.from([0, 0]), big.n])))).toBeUndefined();
  });
  it("a zero modulus (the empty mpint, RFC 4251 §5) has 0 bits", () => {
    expect(sshKeyProblem(line("ssh-rsa", Buffer.from([1, 0, 1]), Buffer.alloc(0)))).toBe("RSA key of 0 bits; Azure needs at least 2048");
  });
  it("an exponent without a modulus is malformed", () => {
    expect(sshKeyProblem(line("ssh-rsa", Buffer.from([1, 0, 1])))).toMatch(/^the ssh-rsa key data is malformed/);
  });
});

describe("sshKeyProblem: ed25519 data and base64", () => {
  const key = Buffer.alloc(32, 7);
  it("one 32-byte key is fine; 31 or 33 bytes, or trailing data after the key, are not", () => {
    expect(sshKeyProblem(line("ssh-ed25519", key))).toBeUndefined();
    expect(sshKeyProblem(`${line("ssh-ed25519", key)} me@host`)).toBeUndefined();
    for (const bad of [
      line("ssh-ed25519", key.subarray(1)),
      line("ssh-ed25519", Buffer.alloc(33, 7)),
      line("ssh-ed25519", key, Buffer.from("x")),
    ])
      expect(sshKeyProblem(bad)).toMatch(/^the ssh-ed25519 key data is malformed/);
  });
  it("a character lost from the base64 is reported as malformed base64", () => {
    const l = line("ssh-ed25519", key);
    expect(sshKeyProblem(l.slice(0, 30) + l.slice(31))).toMatch(/base64 is malformed/);
  });
});
