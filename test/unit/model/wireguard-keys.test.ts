// WireGuard keys are the base64 of exactly 32 bytes (https://www.wireguard.com/protocol/: Curve25519 keys are 32 bytes).
import { expect, it } from "vitest";
import { publicKeyOf, raw32 } from "../../../src/model/wireguard-keys.js";

it("31 bytes, even in canonical base64, is not a key", () => {
  const b31 = Buffer.alloc(31, 1).toString("base64");
  expect(() => raw32(b31, "sites[0] key")).toThrow(new Error("sites[0] key: a WireGuard key is the base64 of exactly 32 bytes"));
});

it("a bad private key is named as such unless told otherwise", () =>
  expect(() => publicKeyOf("nope")).toThrow(new Error("private key: a WireGuard key is the base64 of exactly 32 bytes")));
